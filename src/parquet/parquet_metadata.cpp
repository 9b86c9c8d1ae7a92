#include "parquet/parquet_metadata.hpp"

#include <fmt/format.h>

#include "parquet/thrift_compact.hpp"

namespace tributary::parquet {

using thrift::CompactReader;
using thrift::CompactWriter;
using thrift::CType;

std::string_view TypeName(Type type) {
  switch (type) {
    case Type::kBoolean: return "BOOLEAN";
    case Type::kInt32: return "INT32";
    case Type::kInt64: return "INT64";
    case Type::kInt96: return "INT96";
    case Type::kFloat: return "FLOAT";
    case Type::kDouble: return "DOUBLE";
    case Type::kByteArray: return "BYTE_ARRAY";
    case Type::kFixedLenByteArray: return "FIXED_LEN_BYTE_ARRAY";
  }
  return "UNKNOWN";
}

std::string_view ConvertedTypeName(ConvertedType type) {
  static constexpr std::string_view kNames[] = {
      "UTF8",      "MAP",       "MAP_KEY_VALUE",    "LIST",         "ENUM",   "DECIMAL", "DATE",  "TIME_MILLIS",
      "TIME_MICROS", "TIMESTAMP_MILLIS", "TIMESTAMP_MICROS", "UINT_8", "UINT_16", "UINT_32", "UINT_64", "INT_8",
      "INT_16",    "INT_32",    "INT_64",           "JSON",         "BSON",   "INTERVAL"};
  auto i = static_cast<int32_t>(type);
  return i >= 0 && i < static_cast<int32_t>(std::size(kNames)) ? kNames[i] : "UNKNOWN";
}

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kPlain: return "PLAIN";
    case Encoding::kPlainDictionary: return "PLAIN_DICTIONARY";
    case Encoding::kRle: return "RLE";
    case Encoding::kBitPacked: return "BIT_PACKED";
    case Encoding::kDeltaBinaryPacked: return "DELTA_BINARY_PACKED";
    case Encoding::kDeltaLengthByteArray: return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::kDeltaByteArray: return "DELTA_BYTE_ARRAY";
    case Encoding::kRleDictionary: return "RLE_DICTIONARY";
    case Encoding::kByteStreamSplit: return "BYTE_STREAM_SPLIT";
  }
  return "UNKNOWN";
}

std::string_view RepetitionName(Repetition repetition) {
  switch (repetition) {
    case Repetition::kRequired: return "REQUIRED";
    case Repetition::kOptional: return "OPTIONAL";
    case Repetition::kRepeated: return "REPEATED";
  }
  return "UNKNOWN";
}

std::string_view PageTypeName(PageType type) {
  switch (type) {
    case PageType::kDataPage: return "DATA_PAGE";
    case PageType::kIndexPage: return "INDEX_PAGE";
    case PageType::kDictionaryPage: return "DICTIONARY_PAGE";
    case PageType::kDataPageV2: return "DATA_PAGE_V2";
  }
  return "UNKNOWN";
}

std::string_view CodecNumberName(Codec codec) {
  switch (static_cast<int32_t>(codec)) {
    case 3: return "LZO";
    case 4: return "BROTLI";
    case 5: return "LZ4";
    default: return CodecName(codec);
  }
}

std::string LogicalTypeAnnotation::ToString() const {
  auto unit_name = [this] {
    return unit == TimeUnit::kMillis ? "MILLIS" : unit == TimeUnit::kNanos ? "NANOS" : "MICROS";
  };
  switch (kind) {
    case Kind::kString: return "STRING";
    case Kind::kMap: return "MAP";
    case Kind::kList: return "LIST";
    case Kind::kEnum: return "ENUM";
    case Kind::kDecimal: return fmt::format("DECIMAL({},{})", precision, scale);
    case Kind::kDate: return "DATE";
    case Kind::kTime: return fmt::format("TIME({},{})", is_adjusted_to_utc ? "UTC" : "local", unit_name());
    case Kind::kTimestamp:
      return fmt::format("TIMESTAMP({},{})", is_adjusted_to_utc ? "UTC" : "local", unit_name());
    case Kind::kInteger: return fmt::format("INT({},{})", bit_width, is_signed ? "signed" : "unsigned");
    case Kind::kUnknown: return "UNKNOWN";
    case Kind::kJson: return "JSON";
    case Kind::kBson: return "BSON";
    case Kind::kUuid: return "UUID";
    case Kind::kFloat16: return "FLOAT16";
  }
  return fmt::format("LOGICAL({})", static_cast<int>(kind));
}

// ---------------------------------------------------------------------------
// Serialization

namespace {

void WriteStatistics(CompactWriter& w, const Statistics& s) {
  if (s.max) w.FieldBinary(1, *s.max);
  if (s.min) w.FieldBinary(2, *s.min);
  if (s.null_count) w.FieldI64(3, *s.null_count);
  if (s.distinct_count) w.FieldI64(4, *s.distinct_count);
  if (s.max_value) w.FieldBinary(5, *s.max_value);
  if (s.min_value) w.FieldBinary(6, *s.min_value);
  if (s.is_max_value_exact) w.FieldBool(7, *s.is_max_value_exact);
  if (s.is_min_value_exact) w.FieldBool(8, *s.is_min_value_exact);
  w.EndStruct();
}

void WriteTimeUnit(CompactWriter& w, int16_t id, TimeUnit unit) {
  w.FieldStruct(id);
  w.FieldStruct(static_cast<int16_t>(unit));  // MILLIS=1, MICROS=2, NANOS=3: empty structs
  w.EndStruct();
  w.EndStruct();
}

void WriteLogicalType(CompactWriter& w, const LogicalTypeAnnotation& t) {
  using Kind = LogicalTypeAnnotation::Kind;
  w.FieldStruct(static_cast<int16_t>(t.kind));
  switch (t.kind) {
    case Kind::kDecimal:
      w.FieldI32(1, t.scale);
      w.FieldI32(2, t.precision);
      break;
    case Kind::kTime:
    case Kind::kTimestamp:
      w.FieldBool(1, t.is_adjusted_to_utc);
      WriteTimeUnit(w, 2, t.unit);
      break;
    case Kind::kInteger:
      w.FieldI8(1, t.bit_width);
      w.FieldBool(2, t.is_signed);
      break;
    default: break;
  }
  w.EndStruct();
  w.EndStruct();
}

void WriteSchemaElement(CompactWriter& w, const SchemaElement& e) {
  w.BeginStruct();
  if (e.type) w.FieldI32(1, static_cast<int32_t>(*e.type));
  if (e.type_length) w.FieldI32(2, *e.type_length);
  if (e.repetition) w.FieldI32(3, static_cast<int32_t>(*e.repetition));
  w.FieldBinary(4, e.name);
  if (e.num_children) w.FieldI32(5, *e.num_children);
  if (e.converted_type) w.FieldI32(6, static_cast<int32_t>(*e.converted_type));
  if (e.scale) w.FieldI32(7, *e.scale);
  if (e.precision) w.FieldI32(8, *e.precision);
  if (e.field_id) w.FieldI32(9, *e.field_id);
  if (e.logical_type) {
    w.FieldStruct(10);
    WriteLogicalType(w, *e.logical_type);
  }
  w.EndStruct();
}

void WriteKeyValues(CompactWriter& w, int16_t id, const std::vector<KeyValue>& kvs) {
  if (kvs.empty()) return;
  w.FieldList(id, CType::kStruct, kvs.size());
  for (const auto& kv : kvs) {
    w.BeginStruct();
    w.FieldBinary(1, kv.key);
    if (kv.value) w.FieldBinary(2, *kv.value);
    w.EndStruct();
  }
}

void WriteColumnMetaData(CompactWriter& w, const ColumnMetaData& m) {
  w.FieldI32(1, static_cast<int32_t>(m.type));
  w.FieldList(2, CType::kI32, m.encodings.size());
  for (Encoding e : m.encodings) w.I32(static_cast<int32_t>(e));
  w.FieldList(3, CType::kBinary, m.path_in_schema.size());
  for (const auto& p : m.path_in_schema) w.Binary(p);
  w.FieldI32(4, static_cast<int32_t>(m.codec));
  w.FieldI64(5, m.num_values);
  w.FieldI64(6, m.total_uncompressed_size);
  w.FieldI64(7, m.total_compressed_size);
  WriteKeyValues(w, 8, m.key_value_metadata);
  w.FieldI64(9, m.data_page_offset);
  if (m.index_page_offset) w.FieldI64(10, *m.index_page_offset);
  if (m.dictionary_page_offset) w.FieldI64(11, *m.dictionary_page_offset);
  if (m.statistics) {
    w.FieldStruct(12);
    WriteStatistics(w, *m.statistics);
  }
  w.EndStruct();
}

}  // namespace

void SerializeFileMetadata(const FileMetadata& md, std::string* out) {
  CompactWriter w(out);
  w.BeginStruct();
  w.FieldI32(1, md.version);
  w.FieldList(2, CType::kStruct, md.schema.size());
  for (const auto& e : md.schema) WriteSchemaElement(w, e);
  w.FieldI64(3, md.num_rows);
  w.FieldList(4, CType::kStruct, md.row_groups.size());
  for (const auto& rg : md.row_groups) {
    w.BeginStruct();
    w.FieldList(1, CType::kStruct, rg.columns.size());
    for (const auto& cc : rg.columns) {
      w.BeginStruct();
      if (cc.file_path) w.FieldBinary(1, *cc.file_path);
      w.FieldI64(2, cc.file_offset);
      if (cc.meta_data) {
        w.FieldStruct(3);
        WriteColumnMetaData(w, *cc.meta_data);
      }
      w.EndStruct();
    }
    w.FieldI64(2, rg.total_byte_size);
    w.FieldI64(3, rg.num_rows);
    if (rg.file_offset) w.FieldI64(5, *rg.file_offset);
    if (rg.total_compressed_size) w.FieldI64(6, *rg.total_compressed_size);
    if (rg.ordinal) w.FieldI16(7, *rg.ordinal);
    w.EndStruct();
  }
  WriteKeyValues(w, 5, md.key_value_metadata);
  if (md.created_by) w.FieldBinary(6, *md.created_by);
  if (!md.column_orders.empty()) {
    w.FieldList(7, CType::kStruct, md.column_orders.size());
    for (size_t i = 0; i < md.column_orders.size(); i++) {
      w.BeginStruct();
      w.FieldStruct(1);  // TYPE_ORDER: TypeDefinedOrder {}
      w.EndStruct();
      w.EndStruct();
    }
  }
  w.EndStruct();
}

void SerializePageHeader(const PageHeader& h, std::string* out) {
  CompactWriter w(out);
  w.BeginStruct();
  w.FieldI32(1, static_cast<int32_t>(h.type));
  w.FieldI32(2, h.uncompressed_page_size);
  w.FieldI32(3, h.compressed_page_size);
  if (h.crc) w.FieldI32(4, *h.crc);
  if (h.data_page_header) {
    const auto& d = *h.data_page_header;
    w.FieldStruct(5);
    w.FieldI32(1, d.num_values);
    w.FieldI32(2, static_cast<int32_t>(d.encoding));
    w.FieldI32(3, static_cast<int32_t>(d.definition_level_encoding));
    w.FieldI32(4, static_cast<int32_t>(d.repetition_level_encoding));
    if (d.statistics) {
      w.FieldStruct(5);
      WriteStatistics(w, *d.statistics);
    }
    w.EndStruct();
  }
  if (h.dictionary_page_header) {
    const auto& d = *h.dictionary_page_header;
    w.FieldStruct(7);
    w.FieldI32(1, d.num_values);
    w.FieldI32(2, static_cast<int32_t>(d.encoding));
    if (d.is_sorted) w.FieldBool(3, *d.is_sorted);
    w.EndStruct();
  }
  if (h.data_page_header_v2) {
    const auto& d = *h.data_page_header_v2;
    w.FieldStruct(8);
    w.FieldI32(1, d.num_values);
    w.FieldI32(2, d.num_nulls);
    w.FieldI32(3, d.num_rows);
    w.FieldI32(4, static_cast<int32_t>(d.encoding));
    w.FieldI32(5, d.definition_levels_byte_length);
    w.FieldI32(6, d.repetition_levels_byte_length);
    w.FieldBool(7, d.is_compressed);
    if (d.statistics) {
      w.FieldStruct(8);
      WriteStatistics(w, *d.statistics);
    }
    w.EndStruct();
  }
  w.EndStruct();
}

// ---------------------------------------------------------------------------
// Parsing

namespace {

Status Missing(std::string_view structure, std::string_view field) {
  return Status::Corruption("{} is missing required field {}", structure, field);
}

template <typename E>
Status ReadEnum(CompactReader& r, CType t, E* out) {
  int32_t v;
  TRIB_RETURN_NOT_OK(r.ReadI32(t, &v));
  *out = static_cast<E>(v);
  return Status::OK();
}

template <typename E>
Status ReadEnum(CompactReader& r, CType t, std::optional<E>* out) {
  E v;
  TRIB_RETURN_NOT_OK(ReadEnum(r, t, &v));
  *out = v;
  return Status::OK();
}

template <typename T, typename F>
Status ReadList(CompactReader& r, CType t, std::vector<T>* out, F&& read_element) {
  CType element;
  uint32_t n;
  TRIB_RETURN_NOT_OK(r.ReadListHeader(t, &element, &n));
  out->clear();
  for (uint32_t i = 0; i < n; i++) {
    T v{};
    TRIB_RETURN_NOT_OK(read_element(element, &v));
    out->push_back(std::move(v));
  }
  return Status::OK();
}

Status ReadOptionalBinary(CompactReader& r, CType t, std::optional<std::string>* out) {
  return r.ReadBinary(t, &out->emplace());
}

Status ReadOptionalI64(CompactReader& r, CType t, std::optional<int64_t>* out) {
  return r.ReadI64(t, &out->emplace());
}

Status ReadOptionalI32(CompactReader& r, CType t, std::optional<int32_t>* out) {
  return r.ReadI32(t, &out->emplace());
}

Status ReadOptionalBool(CompactReader& r, CType t, std::optional<bool>* out) {
  return r.ReadBool(t, &out->emplace());
}

// Reads an empty-struct-member union (TimeUnit, ColumnOrder): returns the id
// of the member present, or 0.
Status ReadUnionTag(CompactReader& r, CType t, int16_t* tag) {
  TRIB_RETURN_NOT_OK(CompactReader::Expect(t, CType::kStruct));
  *tag = 0;
  return r.ReadStruct([&](int16_t id, CType ft) -> Status {
    if (ft == CType::kStruct && *tag == 0) *tag = id;
    return r.Skip(ft);
  });
}

Status ReadStatistics(CompactReader& r, CType t, Statistics* s) {
  TRIB_RETURN_NOT_OK(CompactReader::Expect(t, CType::kStruct));
  return r.ReadStruct([&](int16_t id, CType ft) -> Status {
    switch (id) {
      case 1: return ReadOptionalBinary(r, ft, &s->max);
      case 2: return ReadOptionalBinary(r, ft, &s->min);
      case 3: return ReadOptionalI64(r, ft, &s->null_count);
      case 4: return ReadOptionalI64(r, ft, &s->distinct_count);
      case 5: return ReadOptionalBinary(r, ft, &s->max_value);
      case 6: return ReadOptionalBinary(r, ft, &s->min_value);
      case 7: return ReadOptionalBool(r, ft, &s->is_max_value_exact);
      case 8: return ReadOptionalBool(r, ft, &s->is_min_value_exact);
      default: return r.Skip(ft);
    }
  });
}

Status ReadLogicalType(CompactReader& r, CType t, std::optional<LogicalTypeAnnotation>* out) {
  using Kind = LogicalTypeAnnotation::Kind;
  TRIB_RETURN_NOT_OK(CompactReader::Expect(t, CType::kStruct));
  return r.ReadStruct([&](int16_t id, CType ft) -> Status {
    if (ft != CType::kStruct || out->has_value()) return r.Skip(ft);
    LogicalTypeAnnotation lt;
    lt.kind = static_cast<Kind>(id);
    switch (lt.kind) {
      case Kind::kDecimal: {
        bool has_scale = false, has_precision = false;
        TRIB_RETURN_NOT_OK(r.ReadStruct([&](int16_t fid, CType ftt) -> Status {
          if (fid == 1) {
            has_scale = true;
            return r.ReadI32(ftt, &lt.scale);
          }
          if (fid == 2) {
            has_precision = true;
            return r.ReadI32(ftt, &lt.precision);
          }
          return r.Skip(ftt);
        }));
        if (!has_scale || !has_precision) return Missing("DecimalType", "scale/precision");
        break;
      }
      case Kind::kTime:
      case Kind::kTimestamp: {
        bool has_unit = false;
        TRIB_RETURN_NOT_OK(r.ReadStruct([&](int16_t fid, CType ftt) -> Status {
          if (fid == 1) return r.ReadBool(ftt, &lt.is_adjusted_to_utc);
          if (fid == 2) {
            int16_t tag;
            TRIB_RETURN_NOT_OK(ReadUnionTag(r, ftt, &tag));
            if (tag < 1 || tag > 3) return Status::Corruption("TimeUnit has unknown member {}", tag);
            lt.unit = static_cast<TimeUnit>(tag);
            has_unit = true;
            return Status::OK();
          }
          return r.Skip(ftt);
        }));
        if (!has_unit) return Missing(lt.kind == Kind::kTime ? "TimeType" : "TimestampType", "unit");
        break;
      }
      case Kind::kInteger: {
        bool has_width = false;
        TRIB_RETURN_NOT_OK(r.ReadStruct([&](int16_t fid, CType ftt) -> Status {
          if (fid == 1) {
            has_width = true;
            if (ftt == CType::kI32) {  // tolerated: some writers widen the i8
              int32_t w;
              TRIB_RETURN_NOT_OK(r.ReadI32(ftt, &w));
              lt.bit_width = static_cast<int8_t>(w);
              return Status::OK();
            }
            return r.ReadI8(ftt, &lt.bit_width);
          }
          if (fid == 2) return r.ReadBool(ftt, &lt.is_signed);
          return r.Skip(ftt);
        }));
        if (!has_width) return Missing("IntType", "bitWidth");
        break;
      }
      default: TRIB_RETURN_NOT_OK(r.Skip(ft)); break;
    }
    *out = lt;
    return Status::OK();
  });
}

Status ReadSchemaElement(CompactReader& r, CType t, SchemaElement* e) {
  TRIB_RETURN_NOT_OK(CompactReader::Expect(t, CType::kStruct));
  bool has_name = false;
  TRIB_RETURN_NOT_OK(r.ReadStruct([&](int16_t id, CType ft) -> Status {
    switch (id) {
      case 1: return ReadEnum(r, ft, &e->type);
      case 2: return ReadOptionalI32(r, ft, &e->type_length);
      case 3: return ReadEnum(r, ft, &e->repetition);
      case 4: has_name = true; return r.ReadBinary(ft, &e->name);
      case 5: return ReadOptionalI32(r, ft, &e->num_children);
      case 6: return ReadEnum(r, ft, &e->converted_type);
      case 7: return ReadOptionalI32(r, ft, &e->scale);
      case 8: return ReadOptionalI32(r, ft, &e->precision);
      case 9: return ReadOptionalI32(r, ft, &e->field_id);
      case 10: return ReadLogicalType(r, ft, &e->logical_type);
      default: return r.Skip(ft);
    }
  }));
  if (!has_name) return Missing("SchemaElement", "name");
  return Status::OK();
}

Status ReadKeyValue(CompactReader& r, CType t, KeyValue* kv) {
  TRIB_RETURN_NOT_OK(CompactReader::Expect(t, CType::kStruct));
  bool has_key = false;
  TRIB_RETURN_NOT_OK(r.ReadStruct([&](int16_t id, CType ft) -> Status {
    if (id == 1) {
      has_key = true;
      return r.ReadBinary(ft, &kv->key);
    }
    if (id == 2) return ReadOptionalBinary(r, ft, &kv->value);
    return r.Skip(ft);
  }));
  if (!has_key) return Missing("KeyValue", "key");
  return Status::OK();
}

Status ReadColumnMetaData(CompactReader& r, CType t, ColumnMetaData* m) {
  TRIB_RETURN_NOT_OK(CompactReader::Expect(t, CType::kStruct));
  uint32_t seen = 0;
  TRIB_RETURN_NOT_OK(r.ReadStruct([&](int16_t id, CType ft) -> Status {
    if (id >= 1 && id <= 9) seen |= 1u << id;
    switch (id) {
      case 1: return ReadEnum(r, ft, &m->type);
      case 2:
        return ReadList(r, ft, &m->encodings, [&](CType et, Encoding* e) { return ReadEnum(r, et, e); });
      case 3:
        return ReadList(r, ft, &m->path_in_schema, [&](CType et, std::string* s) { return r.ReadBinary(et, s); });
      case 4: return ReadEnum(r, ft, &m->codec);
      case 5: return r.ReadI64(ft, &m->num_values);
      case 6: return r.ReadI64(ft, &m->total_uncompressed_size);
      case 7: return r.ReadI64(ft, &m->total_compressed_size);
      case 8:
        return ReadList(r, ft, &m->key_value_metadata, [&](CType et, KeyValue* kv) { return ReadKeyValue(r, et, kv); });
      case 9: return r.ReadI64(ft, &m->data_page_offset);
      case 10: return ReadOptionalI64(r, ft, &m->index_page_offset);
      case 11: return ReadOptionalI64(r, ft, &m->dictionary_page_offset);
      case 12: return ReadStatistics(r, ft, &m->statistics.emplace());
      default: return r.Skip(ft);
    }
  }));
  static constexpr uint32_t kRequired = (1u << 1) | (1u << 2) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 6) |
                                        (1u << 7) | (1u << 9);
  if ((seen & kRequired) != kRequired) return Missing("ColumnMetaData", "type/encodings/path/codec/sizes/offset");
  return Status::OK();
}

Status ReadColumnChunk(CompactReader& r, CType t, ColumnChunk* c) {
  TRIB_RETURN_NOT_OK(CompactReader::Expect(t, CType::kStruct));
  return r.ReadStruct([&](int16_t id, CType ft) -> Status {
    switch (id) {
      case 1: return ReadOptionalBinary(r, ft, &c->file_path);
      case 2: return r.ReadI64(ft, &c->file_offset);
      case 3: return ReadColumnMetaData(r, ft, &c->meta_data.emplace());
      case 8:
      case 9: c->encrypted = true; return r.Skip(ft);
      default: return r.Skip(ft);
    }
  });
}

Status ReadRowGroup(CompactReader& r, CType t, RowGroup* g) {
  TRIB_RETURN_NOT_OK(CompactReader::Expect(t, CType::kStruct));
  bool has_columns = false, has_rows = false;
  TRIB_RETURN_NOT_OK(r.ReadStruct([&](int16_t id, CType ft) -> Status {
    switch (id) {
      case 1:
        has_columns = true;
        return ReadList(r, ft, &g->columns, [&](CType et, ColumnChunk* c) { return ReadColumnChunk(r, et, c); });
      case 2: return r.ReadI64(ft, &g->total_byte_size);
      case 3: has_rows = true; return r.ReadI64(ft, &g->num_rows);
      case 5: return ReadOptionalI64(r, ft, &g->file_offset);
      case 6: return ReadOptionalI64(r, ft, &g->total_compressed_size);
      case 7: {
        int16_t v;
        if (ft == CType::kI32) {
          int32_t w;
          TRIB_RETURN_NOT_OK(r.ReadI32(ft, &w));
          v = static_cast<int16_t>(w);
        } else {
          TRIB_RETURN_NOT_OK(r.ReadI16(ft, &v));
        }
        g->ordinal = v;
        return Status::OK();
      }
      default: return r.Skip(ft);
    }
  }));
  if (!has_columns || !has_rows) return Missing("RowGroup", "columns/num_rows");
  return Status::OK();
}

Status ReadDataPageHeader(CompactReader& r, CType t, DataPageHeader* d) {
  TRIB_RETURN_NOT_OK(CompactReader::Expect(t, CType::kStruct));
  uint32_t seen = 0;
  TRIB_RETURN_NOT_OK(r.ReadStruct([&](int16_t id, CType ft) -> Status {
    if (id >= 1 && id <= 4) seen |= 1u << id;
    switch (id) {
      case 1: return r.ReadI32(ft, &d->num_values);
      case 2: return ReadEnum(r, ft, &d->encoding);
      case 3: return ReadEnum(r, ft, &d->definition_level_encoding);
      case 4: return ReadEnum(r, ft, &d->repetition_level_encoding);
      case 5: return ReadStatistics(r, ft, &d->statistics.emplace());
      default: return r.Skip(ft);
    }
  }));
  if ((seen & 0x1e) != 0x1e) return Missing("DataPageHeader", "num_values/encodings");
  return Status::OK();
}

Status ReadDataPageHeaderV2(CompactReader& r, CType t, DataPageHeaderV2* d) {
  TRIB_RETURN_NOT_OK(CompactReader::Expect(t, CType::kStruct));
  uint32_t seen = 0;
  TRIB_RETURN_NOT_OK(r.ReadStruct([&](int16_t id, CType ft) -> Status {
    if (id >= 1 && id <= 6) seen |= 1u << id;
    switch (id) {
      case 1: return r.ReadI32(ft, &d->num_values);
      case 2: return r.ReadI32(ft, &d->num_nulls);
      case 3: return r.ReadI32(ft, &d->num_rows);
      case 4: return ReadEnum(r, ft, &d->encoding);
      case 5: return r.ReadI32(ft, &d->definition_levels_byte_length);
      case 6: return r.ReadI32(ft, &d->repetition_levels_byte_length);
      case 7: return r.ReadBool(ft, &d->is_compressed);
      case 8: return ReadStatistics(r, ft, &d->statistics.emplace());
      default: return r.Skip(ft);
    }
  }));
  if ((seen & 0x7e) != 0x7e) return Missing("DataPageHeaderV2", "counts/encoding/level lengths");
  return Status::OK();
}

Status ReadDictionaryPageHeader(CompactReader& r, CType t, DictionaryPageHeader* d) {
  TRIB_RETURN_NOT_OK(CompactReader::Expect(t, CType::kStruct));
  uint32_t seen = 0;
  TRIB_RETURN_NOT_OK(r.ReadStruct([&](int16_t id, CType ft) -> Status {
    if (id >= 1 && id <= 2) seen |= 1u << id;
    switch (id) {
      case 1: return r.ReadI32(ft, &d->num_values);
      case 2: return ReadEnum(r, ft, &d->encoding);
      case 3: return ReadOptionalBool(r, ft, &d->is_sorted);
      default: return r.Skip(ft);
    }
  }));
  if ((seen & 0x6) != 0x6) return Missing("DictionaryPageHeader", "num_values/encoding");
  return Status::OK();
}

}  // namespace

Result<FileMetadata> ParseFileMetadata(const uint8_t* data, size_t size) {
  CompactReader r(data, size);
  FileMetadata md;
  uint32_t seen = 0;
  Status st = r.ReadStruct([&](int16_t id, CType ft) -> Status {
    if (id >= 1 && id <= 4) seen |= 1u << id;
    switch (id) {
      case 1: return r.ReadI32(ft, &md.version);
      case 2:
        return ReadList(r, ft, &md.schema, [&](CType et, SchemaElement* e) { return ReadSchemaElement(r, et, e); });
      case 3: return r.ReadI64(ft, &md.num_rows);
      case 4:
        return ReadList(r, ft, &md.row_groups, [&](CType et, RowGroup* g) { return ReadRowGroup(r, et, g); });
      case 5:
        return ReadList(r, ft, &md.key_value_metadata, [&](CType et, KeyValue* kv) { return ReadKeyValue(r, et, kv); });
      case 6: return ReadOptionalBinary(r, ft, &md.created_by);
      case 7:
        return ReadList(r, ft, &md.column_orders, [&](CType et, ColumnOrder* o) {
          int16_t tag;
          TRIB_RETURN_NOT_OK(ReadUnionTag(r, et, &tag));
          o->type_defined_order = tag == 1;
          return Status::OK();
        });
      case 8: md.encrypted = true; return r.Skip(ft);
      default: return r.Skip(ft);
    }
  });
  if (!st.ok()) return Status::Corruption("footer metadata is corrupt: {}", st.message());
  if ((seen & 0x1e) != 0x1e) return Status::Corruption("footer metadata is corrupt: FileMetaData is missing required fields");
  return md;
}

Status ParsePageHeader(const uint8_t* data, size_t size, PageHeader* h, size_t* consumed) {
  CompactReader r(data, size);
  *h = PageHeader{};
  uint32_t seen = 0;
  TRIB_RETURN_NOT_OK(r.ReadStruct([&](int16_t id, CType ft) -> Status {
    if (id >= 1 && id <= 3) seen |= 1u << id;
    switch (id) {
      case 1: return ReadEnum(r, ft, &h->type);
      case 2: return r.ReadI32(ft, &h->uncompressed_page_size);
      case 3: return r.ReadI32(ft, &h->compressed_page_size);
      case 4: return ReadOptionalI32(r, ft, &h->crc);
      case 5: return ReadDataPageHeader(r, ft, &h->data_page_header.emplace());
      case 7: return ReadDictionaryPageHeader(r, ft, &h->dictionary_page_header.emplace());
      case 8: return ReadDataPageHeaderV2(r, ft, &h->data_page_header_v2.emplace());
      default: return r.Skip(ft);
    }
  }));
  if ((seen & 0xe) != 0xe) return Missing("PageHeader", "type/sizes");
  *consumed = r.position();
  return Status::OK();
}

}  // namespace tributary::parquet
