#include "iceberg/manifest_list.hpp"

#include "iceberg/avro_container.hpp"
#include "iceberg/avro_datum.hpp"

namespace tributary::iceberg {

const std::string& ManifestListAvroSchema() {
  // Field ids and names from the spec's manifest list table (v2).
  static const std::string kSchema = R"({"type":"record","name":"manifest_file","fields":[)"
      R"({"name":"manifest_path","type":"string","doc":"Location URI with FS scheme","field-id":500},)"
      R"({"name":"manifest_length","type":"long","doc":"Total file size in bytes","field-id":501},)"
      R"({"name":"partition_spec_id","type":"int","doc":"Spec ID used to write","field-id":502},)"
      R"({"name":"content","type":"int","doc":"Contents of the manifest: 0=data, 1=deletes","field-id":517},)"
      R"({"name":"sequence_number","type":"long","doc":"Sequence number when the manifest was added","field-id":515},)"
      R"({"name":"min_sequence_number","type":"long","doc":"Lowest sequence number in the manifest","field-id":516},)"
      R"({"name":"added_snapshot_id","type":"long","doc":"Snapshot ID that added the manifest","field-id":503},)"
      R"({"name":"added_files_count","type":"int","doc":"Added entry count","field-id":504},)"
      R"({"name":"existing_files_count","type":"int","doc":"Existing entry count","field-id":505},)"
      R"({"name":"deleted_files_count","type":"int","doc":"Deleted entry count","field-id":506},)"
      R"({"name":"added_rows_count","type":"long","doc":"Added rows count","field-id":512},)"
      R"({"name":"existing_rows_count","type":"long","doc":"Existing rows count","field-id":513},)"
      R"({"name":"deleted_rows_count","type":"long","doc":"Deleted rows count","field-id":514},)"
      R"({"name":"partitions","type":["null",{"type":"array","items":{"type":"record","name":"r508","fields":[)"
      R"({"name":"contains_null","type":"boolean","doc":"True if any file has a null partition value","field-id":509},)"
      R"({"name":"contains_nan","type":["null","boolean"],"doc":"True if any file has a nan partition value","default":null,"field-id":518},)"
      R"({"name":"lower_bound","type":["null","bytes"],"doc":"Partition lower bound for all files","default":null,"field-id":510},)"
      R"({"name":"upper_bound","type":["null","bytes"],"doc":"Partition upper bound for all files","default":null,"field-id":511})"
      R"(]},"element-id":508}],"doc":"Summary for each partition","default":null,"field-id":507},)"
      R"({"name":"key_metadata","type":["null","bytes"],"doc":"Encryption key metadata blob","default":null,"field-id":519})"
      R"(]})";
  return kSchema;
}

Result<int64_t> WriteManifestList(const std::string& path, int64_t snapshot_id,
                                  std::optional<int64_t> parent_snapshot_id, int64_t sequence_number,
                                  const std::vector<ManifestFile>& manifests) {
  std::vector<std::pair<std::string, std::string>> meta = {
      {"snapshot-id", std::to_string(snapshot_id)},
      {"parent-snapshot-id", parent_snapshot_id ? std::to_string(*parent_snapshot_id) : "null"},
      {"sequence-number", std::to_string(sequence_number)},
      {"format-version", "2"},
  };
  TRIB_ASSIGN_OR_RETURN(auto writer, AvroContainerWriter::Open(path, ManifestListAvroSchema(), meta));
  for (const ManifestFile& m : manifests) {
    avro_value_t& r = *writer->NewRecord();
    TRIB_RETURN_NOT_OK(avro::SetString(r, "manifest_path", m.manifest_path));
    TRIB_RETURN_NOT_OK(avro::SetLong(r, "manifest_length", m.manifest_length));
    TRIB_RETURN_NOT_OK(avro::SetInt(r, "partition_spec_id", m.partition_spec_id));
    TRIB_RETURN_NOT_OK(avro::SetInt(r, "content", static_cast<int32_t>(m.content)));
    TRIB_RETURN_NOT_OK(avro::SetLong(r, "sequence_number", m.sequence_number));
    TRIB_RETURN_NOT_OK(avro::SetLong(r, "min_sequence_number", m.min_sequence_number));
    TRIB_RETURN_NOT_OK(avro::SetLong(r, "added_snapshot_id", m.added_snapshot_id));
    TRIB_RETURN_NOT_OK(avro::SetInt(r, "added_files_count", m.added_files_count));
    TRIB_RETURN_NOT_OK(avro::SetInt(r, "existing_files_count", m.existing_files_count));
    TRIB_RETURN_NOT_OK(avro::SetInt(r, "deleted_files_count", m.deleted_files_count));
    TRIB_RETURN_NOT_OK(avro::SetLong(r, "added_rows_count", m.added_rows_count));
    TRIB_RETURN_NOT_OK(avro::SetLong(r, "existing_rows_count", m.existing_rows_count));
    TRIB_RETURN_NOT_OK(avro::SetLong(r, "deleted_rows_count", m.deleted_rows_count));
    TRIB_ASSIGN_OR_RETURN(avro_value_t parts, avro::SetPresent(r, "partitions"));
    for (const PartitionFieldSummary& s : m.partitions) {
      avro_value_t elem;
      if (avro_value_append(&parts, &elem, nullptr) != 0) return Status::Internal("cannot append a field summary");
      TRIB_RETURN_NOT_OK(avro::SetBoolean(elem, "contains_null", s.contains_null));
      if (s.contains_nan) {
        TRIB_ASSIGN_OR_RETURN(avro_value_t b, avro::SetPresent(elem, "contains_nan"));
        avro_value_set_boolean(&b, *s.contains_nan ? 1 : 0);
      } else {
        TRIB_RETURN_NOT_OK(avro::SetNull(elem, "contains_nan"));
      }
      TRIB_RETURN_NOT_OK(avro::SetOptionalBytes(elem, "lower_bound", s.lower_bound));
      TRIB_RETURN_NOT_OK(avro::SetOptionalBytes(elem, "upper_bound", s.upper_bound));
    }
    TRIB_RETURN_NOT_OK(avro::SetNull(r, "key_metadata"));
    TRIB_RETURN_NOT_OK(writer->Append());
  }
  return writer->Close();
}

Result<std::vector<ManifestFile>> ReadManifestList(const std::string& path) {
  std::vector<ManifestFile> out;
  Status st = ReadAvroRecords(path, [&](avro_value_t& r) -> Status {
    ManifestFile m;
    TRIB_ASSIGN_OR_RETURN(m.manifest_path, avro::GetString(r, "manifest_path"));
    TRIB_ASSIGN_OR_RETURN(m.manifest_length, avro::GetLong(r, "manifest_length"));
    TRIB_ASSIGN_OR_RETURN(m.partition_spec_id, avro::GetInt(r, "partition_spec_id"));
    TRIB_ASSIGN_OR_RETURN(int32_t content, avro::GetInt(r, "content"));
    m.content = static_cast<ManifestContent>(content);
    TRIB_ASSIGN_OR_RETURN(m.sequence_number, avro::GetLong(r, "sequence_number"));
    TRIB_ASSIGN_OR_RETURN(m.min_sequence_number, avro::GetLong(r, "min_sequence_number"));
    TRIB_ASSIGN_OR_RETURN(m.added_snapshot_id, avro::GetLong(r, "added_snapshot_id"));
    TRIB_ASSIGN_OR_RETURN(m.added_files_count, avro::GetInt(r, "added_files_count"));
    TRIB_ASSIGN_OR_RETURN(m.existing_files_count, avro::GetInt(r, "existing_files_count"));
    TRIB_ASSIGN_OR_RETURN(m.deleted_files_count, avro::GetInt(r, "deleted_files_count"));
    TRIB_ASSIGN_OR_RETURN(m.added_rows_count, avro::GetLong(r, "added_rows_count"));
    TRIB_ASSIGN_OR_RETURN(m.existing_rows_count, avro::GetLong(r, "existing_rows_count"));
    TRIB_ASSIGN_OR_RETURN(m.deleted_rows_count, avro::GetLong(r, "deleted_rows_count"));
    TRIB_RETURN_NOT_OK(avro::ForEachElement(r, "partitions", [&](avro_value_t& elem) -> Status {
      PartitionFieldSummary s;
      TRIB_ASSIGN_OR_RETURN(s.contains_null, avro::GetBoolean(elem, "contains_null"));
      TRIB_ASSIGN_OR_RETURN(s.contains_nan, avro::GetOptionalBoolean(elem, "contains_nan"));
      TRIB_ASSIGN_OR_RETURN(s.lower_bound, avro::GetOptionalBytes(elem, "lower_bound"));
      TRIB_ASSIGN_OR_RETURN(s.upper_bound, avro::GetOptionalBytes(elem, "upper_bound"));
      m.partitions.push_back(std::move(s));
      return Status::OK();
    }));
    out.push_back(std::move(m));
    return Status::OK();
  });
  if (!st.ok()) return st.WithContext(path);
  return out;
}

}  // namespace tributary::iceberg
