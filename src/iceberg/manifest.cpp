#include "iceberg/manifest.hpp"

#include <cmath>
#include <cstring>

#include "iceberg/avro_container.hpp"
#include "iceberg/avro_datum.hpp"
#include "common/json_writer.hpp"
#include "iceberg/single_value.hpp"
#include "types/decimal.hpp"

namespace tributary::iceberg {

namespace {

/// Avro names allow [A-Za-z_][A-Za-z0-9_]*; other characters become _x<HEX>,
/// as other Iceberg writers do.
std::string AvroName(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); i++) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    bool ok = std::isalpha(c) || c == '_' || (i > 0 && std::isdigit(c));
    if (ok) {
      out += static_cast<char>(c);
    } else if (i == 0 && std::isdigit(c)) {
      out += "_" + std::string(1, static_cast<char>(c));
    } else {
      out += fmt::format("_x{:X}", c);
    }
  }
  return out.empty() ? "_" : out;
}

/// The Avro type of a partition value (without the null union).
std::string PartitionAvroType(const IcebergType& t, int32_t field_id) {
  switch (t.id) {
    case IcebergTypeId::kBoolean: return R"("boolean")";
    case IcebergTypeId::kInt: return R"("int")";
    case IcebergTypeId::kLong: return R"("long")";
    case IcebergTypeId::kFloat: return R"("float")";
    case IcebergTypeId::kDouble: return R"("double")";
    case IcebergTypeId::kDate: return R"({"type":"int","logicalType":"date"})";
    case IcebergTypeId::kTimestamp:
      return R"({"type":"long","logicalType":"timestamp-micros","adjust-to-utc":false})";
    case IcebergTypeId::kTimestampTz:
      return R"({"type":"long","logicalType":"timestamp-micros","adjust-to-utc":true})";
    case IcebergTypeId::kString: return R"("string")";
    case IcebergTypeId::kDecimal:
      return fmt::format(R"({{"type":"fixed","name":"decimal_{}","size":{},"logicalType":"decimal","precision":{},"scale":{}}})",
                         field_id, decimal::BytesForPrecision(t.precision), t.precision, t.scale);
  }
  return R"("null")";
}

std::string MapType(const char* field, int field_id, int key_id, int value_id, const char* value_type) {
  return fmt::format(
      R"({{"name":"{}","type":["null",{{"type":"array","items":{{"type":"record","name":"k{}_v{}","fields":[)"
      R"({{"name":"key","type":"int","field-id":{}}},{{"name":"value","type":"{}","field-id":{}}}]}},)"
      R"("logicalType":"map"}}],"default":null,"field-id":{}}})",
      field, key_id, value_id, key_id, value_type, value_id, field_id);
}

Status SetPartitionValue(avro_value_t& branch, const Value& v, const IcebergType& t) {
  int rc = 0;
  switch (t.id) {
    case IcebergTypeId::kBoolean: rc = avro_value_set_boolean(&branch, v.GetBool() ? 1 : 0); break;
    case IcebergTypeId::kInt:
    case IcebergTypeId::kDate: rc = avro_value_set_int(&branch, static_cast<int32_t>(v.GetInt64())); break;
    case IcebergTypeId::kLong:
    case IcebergTypeId::kTimestamp:
    case IcebergTypeId::kTimestampTz: rc = avro_value_set_long(&branch, v.GetInt64()); break;
    case IcebergTypeId::kFloat: rc = avro_value_set_float(&branch, static_cast<float>(v.GetDouble())); break;
    case IcebergTypeId::kDouble: rc = avro_value_set_double(&branch, v.GetDouble()); break;
    case IcebergTypeId::kString: {
      const std::string& s = v.GetString();
      rc = avro_value_set_string_len(&branch, s.c_str(), s.size() + 1);
      break;
    }
    case IcebergTypeId::kDecimal: {
      int width = decimal::BytesForPrecision(t.precision);
      std::string bytes(static_cast<size_t>(width), '\0');
      decimal::ToBigEndian(v.GetInt128(), width, reinterpret_cast<uint8_t*>(bytes.data()));
      rc = avro_value_set_fixed(&branch, bytes.data(), bytes.size());
      break;
    }
  }
  if (rc != 0) return Status::Internal("cannot set partition value {}: {}", v.ToString(), avro_strerror());
  return Status::OK();
}

Result<Value> GetPartitionValue(avro_value_t& branch, const IcebergType& t, const LogicalType& as) {
  switch (t.id) {
    case IcebergTypeId::kBoolean: {
      int b = 0;
      if (avro_value_get_boolean(&branch, &b) != 0) break;
      return Value::Boolean(b != 0);
    }
    case IcebergTypeId::kInt:
    case IcebergTypeId::kDate: {
      int32_t i = 0;
      if (avro_value_get_int(&branch, &i) != 0) break;
      std::string le(4, '\0');
      std::memcpy(le.data(), &i, 4);
      return DeserializeSingleValue(le, t, as);
    }
    case IcebergTypeId::kLong:
    case IcebergTypeId::kTimestamp:
    case IcebergTypeId::kTimestampTz: {
      int64_t l = 0;
      if (avro_value_get_long(&branch, &l) != 0) {
        int32_t i = 0;  // written as int before a promotion
        if (avro_value_get_int(&branch, &i) != 0) break;
        l = i;
      }
      std::string le(8, '\0');
      std::memcpy(le.data(), &l, 8);
      return DeserializeSingleValue(le, t, as);
    }
    case IcebergTypeId::kFloat:
    case IcebergTypeId::kDouble: {
      double d = 0;
      float f = 0;
      if (avro_value_get_double(&branch, &d) != 0) {
        if (avro_value_get_float(&branch, &f) != 0) break;
        d = f;
      }
      return as.id() == TypeId::kReal ? Value::Real(static_cast<float>(d)) : Value::Double(d);
    }
    case IcebergTypeId::kString: {
      const char* s = nullptr;
      size_t size = 0;
      if (avro_value_get_string(&branch, &s, &size) != 0) break;
      return Value::Varchar(std::string(s, size ? size - 1 : 0));
    }
    case IcebergTypeId::kDecimal: {
      TRIB_ASSIGN_OR_RETURN(std::string bytes, avro::BytesOf(branch));
      return DeserializeSingleValue(bytes, t, as);
    }
  }
  return Status::Corruption("partition value is not of type {}: {}", t.ToString(), avro_strerror());
}

Status SetCountMap(avro_value_t& record, const char* name, const std::map<int32_t, int64_t>& m) {
  if (m.empty()) return avro::SetNull(record, name);
  TRIB_ASSIGN_OR_RETURN(avro_value_t arr, avro::SetPresent(record, name));
  for (const auto& [k, v] : m) {
    avro_value_t elem;
    if (avro_value_append(&arr, &elem, nullptr) != 0) return Status::Internal("cannot append to {}", name);
    TRIB_RETURN_NOT_OK(avro::SetInt(elem, "key", k));
    TRIB_RETURN_NOT_OK(avro::SetLong(elem, "value", v));
  }
  return Status::OK();
}

Status SetBoundMap(avro_value_t& record, const char* name, const std::map<int32_t, Value>& m, const Schema& schema) {
  std::vector<std::pair<int32_t, std::string>> encoded;
  for (const auto& [id, v] : m) {
    const SchemaField* f = schema.FindField(id);
    if (!f || v.is_null()) continue;  // a bound of a dropped column is not kept
    auto bytes = SerializeSingleValue(v, f->iceberg_type());
    if (!bytes.ok()) return bytes.status().WithContext(fmt::format("{} of column '{}'", name, f->name));
    encoded.emplace_back(id, std::move(bytes).value());
  }
  if (encoded.empty()) return avro::SetNull(record, name);
  TRIB_ASSIGN_OR_RETURN(avro_value_t arr, avro::SetPresent(record, name));
  for (const auto& [k, bytes] : encoded) {
    avro_value_t elem;
    if (avro_value_append(&arr, &elem, nullptr) != 0) return Status::Internal("cannot append to {}", name);
    TRIB_RETURN_NOT_OK(avro::SetInt(elem, "key", k));
    avro_value_t value;
    if (avro_value_get_by_name(&elem, "value", &value, nullptr) != 0 ||
        avro_value_set_bytes(&value, const_cast<char*>(bytes.data()), bytes.size()) != 0) {
      return Status::Internal("cannot set a bound in {}", name);
    }
  }
  return Status::OK();
}

Result<std::map<int32_t, int64_t>> GetCountMap(avro_value_t& record, const char* name) {
  std::map<int32_t, int64_t> out;
  TRIB_RETURN_NOT_OK(avro::ForEachElement(record, name, [&](avro_value_t& elem) -> Status {
    TRIB_ASSIGN_OR_RETURN(int32_t k, avro::GetInt(elem, "key"));
    TRIB_ASSIGN_OR_RETURN(int64_t v, avro::GetLong(elem, "value"));
    out[k] = v;
    return Status::OK();
  }));
  return out;
}

Result<std::map<int32_t, Value>> GetBoundMap(avro_value_t& record, const char* name, const Schema& schema) {
  std::map<int32_t, Value> out;
  TRIB_RETURN_NOT_OK(avro::ForEachElement(record, name, [&](avro_value_t& elem) -> Status {
    TRIB_ASSIGN_OR_RETURN(int32_t k, avro::GetInt(elem, "key"));
    const SchemaField* f = schema.FindField(k);
    if (!f) return Status::OK();  // column dropped since
    TRIB_ASSIGN_OR_RETURN(avro_value_t value, avro::Field(elem, "value"));
    TRIB_ASSIGN_OR_RETURN(std::string bytes, avro::BytesOf(value));
    auto v = DeserializeSingleValue(bytes, f->iceberg_type(), f->type);
    if (!v.ok()) return v.status().WithContext(fmt::format("{} of column '{}'", name, f->name));
    out[k] = std::move(v).value();
    return Status::OK();
  }));
  return out;
}

/// Accumulates one partition field's summary over a manifest's entries.
struct SummaryBuilder {
  bool contains_null = false;
  bool contains_nan = false;
  std::optional<Value> lower;
  std::optional<Value> upper;

  void Add(const Value& v) {
    if (v.is_null()) {
      contains_null = true;
      return;
    }
    const PhysicalType p = v.type().physical();
    if ((p == PhysicalType::kFloat || p == PhysicalType::kDouble) && std::isnan(v.GetDouble())) {
      contains_nan = true;
      return;
    }
    if (!lower || v.Compare(*lower) < 0) lower = v;
    if (!upper || v.Compare(*upper) > 0) upper = v;
  }
};

}  // namespace

Result<std::string> ManifestEntryAvroSchema(const Schema& schema, const PartitionSpec& spec) {
  TRIB_ASSIGN_OR_RETURN(auto types, spec.ResultTypes(schema));
  std::string partition_fields;
  for (size_t i = 0; i < spec.fields().size(); i++) {
    const PartitionField& f = spec.fields()[i];
    if (i) partition_fields += ",";
    partition_fields += fmt::format(R"({{"name":"{}","type":["null",{}],"default":null,"field-id":{}}})",
                                    AvroName(f.name), PartitionAvroType(types[i], f.field_id), f.field_id);
  }
  std::string s = R"({"type":"record","name":"manifest_entry","fields":[)"
      R"({"name":"status","type":"int","field-id":0},)"
      R"({"name":"snapshot_id","type":["null","long"],"default":null,"field-id":1},)"
      R"({"name":"sequence_number","type":["null","long"],"default":null,"field-id":3},)"
      R"({"name":"file_sequence_number","type":["null","long"],"default":null,"field-id":4},)"
      R"({"name":"data_file","type":{"type":"record","name":"r2","fields":[)"
      R"({"name":"content","type":"int","doc":"Contents of the file: 0=data, 1=position deletes, 2=equality deletes","field-id":134},)"
      R"({"name":"file_path","type":"string","doc":"Location URI with FS scheme","field-id":100},)"
      R"({"name":"file_format","type":"string","doc":"File format name: avro, orc, or parquet","field-id":101},)";
  s += R"({"name":"partition","type":{"type":"record","name":"r102","fields":[)" + partition_fields +
       R"(]},"doc":"Partition data tuple, schema based on the partition spec","field-id":102},)";
  s += R"({"name":"record_count","type":"long","doc":"Number of records in the file","field-id":103},)"
       R"({"name":"file_size_in_bytes","type":"long","doc":"Total file size in bytes","field-id":104},)";
  s += MapType("column_sizes", 108, 117, 118, "long") + ",";
  s += MapType("value_counts", 109, 119, 120, "long") + ",";
  s += MapType("null_value_counts", 110, 121, 122, "long") + ",";
  s += MapType("nan_value_counts", 137, 138, 139, "long") + ",";
  s += MapType("lower_bounds", 125, 126, 127, "bytes") + ",";
  s += MapType("upper_bounds", 128, 129, 130, "bytes") + ",";
  s += R"({"name":"key_metadata","type":["null","bytes"],"doc":"Encryption key metadata blob","default":null,"field-id":131},)"
       R"({"name":"split_offsets","type":["null",{"type":"array","items":"long","element-id":133}],"doc":"Splittable offsets","default":null,"field-id":132},)"
       R"({"name":"equality_ids","type":["null",{"type":"array","items":"int","element-id":136}],"doc":"Equality comparison field IDs","default":null,"field-id":135},)"
       R"({"name":"sort_order_id","type":["null","int"],"doc":"Sort order ID","default":null,"field-id":140})"
       R"(]},"field-id":2}]})";
  return s;
}

Result<ManifestFile> WriteManifest(const std::string& path, const Schema& schema, const PartitionSpec& spec,
                                   int64_t snapshot_id, int64_t sequence_number,
                                   const std::vector<ManifestEntry>& entries) {
  TRIB_ASSIGN_OR_RETURN(std::string avro_schema, ManifestEntryAvroSchema(schema, spec));
  TRIB_ASSIGN_OR_RETURN(auto types, spec.ResultTypes(schema));
  std::vector<std::pair<std::string, std::string>> meta = {
      {"schema", schema.ToJson()},
      {"schema-id", std::to_string(schema.schema_id())},
      {"partition-spec", spec.FieldsJson()},
      {"partition-spec-id", std::to_string(spec.spec_id())},
      {"format-version", "2"},
      {"content", "data"},
  };
  TRIB_ASSIGN_OR_RETURN(auto writer, AvroContainerWriter::Open(path, avro_schema, meta));

  ManifestFile mf;
  mf.manifest_path = path;
  mf.partition_spec_id = spec.spec_id();
  mf.content = ManifestContent::kData;
  mf.sequence_number = sequence_number;
  mf.added_snapshot_id = snapshot_id;
  std::optional<int64_t> min_seq;
  std::vector<SummaryBuilder> summaries(spec.fields().size());

  for (const ManifestEntry& e : entries) {
    const DataFile& f = e.file;
    if (f.spec_id != spec.spec_id() || f.partition.size() != spec.fields().size()) {
      return Status::Invalid("file '{}' (spec {}, {} partition values) does not belong in a manifest of spec {}",
                             f.path, f.spec_id, f.partition.size(), spec.spec_id());
    }
    avro_value_t& r = *writer->NewRecord();
    TRIB_RETURN_NOT_OK(avro::SetInt(r, "status", static_cast<int32_t>(e.status)));
    TRIB_RETURN_NOT_OK(avro::SetOptionalLong(r, "snapshot_id", e.snapshot_id));
    TRIB_RETURN_NOT_OK(avro::SetOptionalLong(r, "sequence_number", e.sequence_number));
    TRIB_RETURN_NOT_OK(avro::SetOptionalLong(r, "file_sequence_number", e.file_sequence_number));
    TRIB_ASSIGN_OR_RETURN(avro_value_t df, avro::Field(r, "data_file"));
    TRIB_RETURN_NOT_OK(avro::SetInt(df, "content", static_cast<int32_t>(f.content)));
    TRIB_RETURN_NOT_OK(avro::SetString(df, "file_path", f.path));
    TRIB_RETURN_NOT_OK(avro::SetString(df, "file_format", f.format));
    TRIB_ASSIGN_OR_RETURN(avro_value_t part, avro::Field(df, "partition"));
    for (size_t i = 0; i < spec.fields().size(); i++) {
      avro_value_t field, branch;
      if (avro_value_get_by_index(&part, i, &field, nullptr) != 0) return Status::Internal("partition field {}", i);
      const Value& v = f.partition[i];
      summaries[i].Add(v);
      if (v.is_null()) {
        avro_value_set_branch(&field, 0, &branch);
        avro_value_set_null(&branch);
      } else {
        avro_value_set_branch(&field, 1, &branch);
        TRIB_RETURN_NOT_OK(SetPartitionValue(branch, v, types[i]).WithContext(f.path));
      }
    }
    TRIB_RETURN_NOT_OK(avro::SetLong(df, "record_count", f.record_count));
    TRIB_RETURN_NOT_OK(avro::SetLong(df, "file_size_in_bytes", f.file_size_in_bytes));
    TRIB_RETURN_NOT_OK(SetCountMap(df, "column_sizes", f.column_sizes));
    TRIB_RETURN_NOT_OK(SetCountMap(df, "value_counts", f.value_counts));
    TRIB_RETURN_NOT_OK(SetCountMap(df, "null_value_counts", f.null_value_counts));
    TRIB_RETURN_NOT_OK(SetCountMap(df, "nan_value_counts", f.nan_value_counts));
    TRIB_RETURN_NOT_OK(SetBoundMap(df, "lower_bounds", f.lower_bounds, schema).WithContext(f.path));
    TRIB_RETURN_NOT_OK(SetBoundMap(df, "upper_bounds", f.upper_bounds, schema).WithContext(f.path));
    TRIB_RETURN_NOT_OK(avro::SetNull(df, "key_metadata"));
    if (f.split_offsets.empty()) {
      TRIB_RETURN_NOT_OK(avro::SetNull(df, "split_offsets"));
    } else {
      TRIB_ASSIGN_OR_RETURN(avro_value_t arr, avro::SetPresent(df, "split_offsets"));
      for (int64_t off : f.split_offsets) {
        avro_value_t elem;
        avro_value_append(&arr, &elem, nullptr);
        avro_value_set_long(&elem, off);
      }
    }
    TRIB_RETURN_NOT_OK(avro::SetNull(df, "equality_ids"));
    TRIB_RETURN_NOT_OK(avro::SetOptionalInt(df, "sort_order_id", f.sort_order_id));
    TRIB_RETURN_NOT_OK(writer->Append());

    switch (e.status) {
      case ManifestEntryStatus::kAdded:
        mf.added_files_count++;
        mf.added_rows_count += f.record_count;
        break;
      case ManifestEntryStatus::kExisting:
        mf.existing_files_count++;
        mf.existing_rows_count += f.record_count;
        break;
      case ManifestEntryStatus::kDeleted:
        mf.deleted_files_count++;
        mf.deleted_rows_count += f.record_count;
        break;
    }
    if (e.is_live()) {
      int64_t seq = e.sequence_number.value_or(sequence_number);
      min_seq = min_seq ? std::min(*min_seq, seq) : seq;
    }
  }
  mf.min_sequence_number = min_seq.value_or(sequence_number);
  for (size_t i = 0; i < summaries.size(); i++) {
    PartitionFieldSummary s;
    s.contains_null = summaries[i].contains_null;
    const IcebergType& t = types[i];
    if (t.id == IcebergTypeId::kFloat || t.id == IcebergTypeId::kDouble) s.contains_nan = summaries[i].contains_nan;
    if (summaries[i].lower) {
      TRIB_ASSIGN_OR_RETURN(s.lower_bound, SerializeSingleValue(*summaries[i].lower, t));
      TRIB_ASSIGN_OR_RETURN(s.upper_bound, SerializeSingleValue(*summaries[i].upper, t));
    }
    mf.partitions.push_back(std::move(s));
  }
  TRIB_ASSIGN_OR_RETURN(mf.manifest_length, writer->Close());
  return mf;
}

Result<std::vector<ManifestEntry>> ReadManifest(const ManifestFile& manifest, const Schema& schema,
                                                const PartitionSpec& spec) {
  TRIB_ASSIGN_OR_RETURN(auto types, spec.ResultTypes(schema));
  TRIB_ASSIGN_OR_RETURN(auto logical, spec.ResultLogicalTypes(schema));
  std::vector<ManifestEntry> out;
  Status st = ReadAvroRecords(manifest.manifest_path, [&](avro_value_t& r) -> Status {
    ManifestEntry e;
    TRIB_ASSIGN_OR_RETURN(int32_t status, avro::GetInt(r, "status"));
    if (status < 0 || status > 2) return Status::Corruption("manifest entry status {} is invalid", status);
    e.status = static_cast<ManifestEntryStatus>(status);
    TRIB_ASSIGN_OR_RETURN(e.snapshot_id, avro::GetOptionalLong(r, "snapshot_id"));
    TRIB_ASSIGN_OR_RETURN(e.sequence_number, avro::GetOptionalLong(r, "sequence_number"));
    TRIB_ASSIGN_OR_RETURN(e.file_sequence_number, avro::GetOptionalLong(r, "file_sequence_number"));
    // Inheritance (spec, "Sequence Number Inheritance").
    if (!e.snapshot_id) e.snapshot_id = manifest.added_snapshot_id;
    if (e.status == ManifestEntryStatus::kAdded) {
      if (!e.sequence_number) e.sequence_number = manifest.sequence_number;
      if (!e.file_sequence_number) e.file_sequence_number = manifest.sequence_number;
    }
    TRIB_ASSIGN_OR_RETURN(avro_value_t df, avro::Field(r, "data_file"));
    DataFile& f = e.file;
    TRIB_ASSIGN_OR_RETURN(int32_t content, avro::GetInt(df, "content"));
    f.content = static_cast<FileContent>(content);
    TRIB_ASSIGN_OR_RETURN(f.path, avro::GetString(df, "file_path"));
    TRIB_ASSIGN_OR_RETURN(f.format, avro::GetString(df, "file_format"));
    f.spec_id = spec.spec_id();
    TRIB_ASSIGN_OR_RETURN(avro_value_t part, avro::Field(df, "partition"));
    size_t nparts = 0;
    avro_value_get_size(&part, &nparts);
    if (nparts != spec.fields().size()) {
      return Status::Corruption("entry '{}' has {} partition values; spec {} has {} fields", f.path, nparts,
                                spec.spec_id(), spec.fields().size());
    }
    for (size_t i = 0; i < nparts; i++) {
      avro_value_t field, branch;
      avro_value_get_by_index(&part, i, &field, nullptr);
      if (avro_value_get_type(&field) == AVRO_UNION) {
        avro_value_get_current_branch(&field, &branch);
      } else {
        branch = field;
      }
      if (avro_value_get_type(&branch) == AVRO_NULL) {
        f.partition.push_back(Value::Null(logical[i]));
      } else {
        TRIB_ASSIGN_OR_RETURN(Value v, GetPartitionValue(branch, types[i], logical[i]));
        f.partition.push_back(std::move(v));
      }
    }
    TRIB_ASSIGN_OR_RETURN(f.record_count, avro::GetLong(df, "record_count"));
    TRIB_ASSIGN_OR_RETURN(f.file_size_in_bytes, avro::GetLong(df, "file_size_in_bytes"));
    TRIB_ASSIGN_OR_RETURN(f.column_sizes, GetCountMap(df, "column_sizes"));
    TRIB_ASSIGN_OR_RETURN(f.value_counts, GetCountMap(df, "value_counts"));
    TRIB_ASSIGN_OR_RETURN(f.null_value_counts, GetCountMap(df, "null_value_counts"));
    TRIB_ASSIGN_OR_RETURN(f.nan_value_counts, GetCountMap(df, "nan_value_counts"));
    TRIB_ASSIGN_OR_RETURN(f.lower_bounds, GetBoundMap(df, "lower_bounds", schema));
    TRIB_ASSIGN_OR_RETURN(f.upper_bounds, GetBoundMap(df, "upper_bounds", schema));
    TRIB_RETURN_NOT_OK(avro::ForEachElement(df, "split_offsets", [&](avro_value_t& elem) -> Status {
      int64_t off = 0;
      if (avro_value_get_long(&elem, &off) != 0) return Status::Corruption("bad split offset in '{}'", f.path);
      f.split_offsets.push_back(off);
      return Status::OK();
    }));
    TRIB_ASSIGN_OR_RETURN(f.sort_order_id, avro::GetOptionalInt(df, "sort_order_id"));
    out.push_back(std::move(e));
    return Status::OK();
  });
  if (!st.ok()) return st.WithContext(manifest.manifest_path);
  return out;
}

}  // namespace tributary::iceberg
