#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.hpp"

namespace tributary::iceberg {

/// Per-partition-field summary of a manifest (field_summary, id 508), bounds
/// in single-value serialization of the partition field's result type.
struct PartitionFieldSummary {
  bool contains_null = false;
  std::optional<bool> contains_nan;
  std::optional<std::string> lower_bound;
  std::optional<std::string> upper_bound;
};

enum class ManifestContent : int32_t { kData = 0, kDeletes = 1 };

/// One entry of a manifest list: a manifest and what it holds.
struct ManifestFile {
  std::string manifest_path;
  int64_t manifest_length = 0;
  int32_t partition_spec_id = 0;
  ManifestContent content = ManifestContent::kData;
  int64_t sequence_number = 0;      // of the snapshot that added the manifest
  int64_t min_sequence_number = 0;  // lowest data sequence number of its live files
  int64_t added_snapshot_id = 0;
  int32_t added_files_count = 0;
  int32_t existing_files_count = 0;
  int32_t deleted_files_count = 0;
  int64_t added_rows_count = 0;
  int64_t existing_rows_count = 0;
  int64_t deleted_rows_count = 0;
  std::vector<PartitionFieldSummary> partitions;  // one per partition field
};

/// Writes a manifest list (an Avro file of manifest_file records) durably,
/// with the spec's file metadata (snapshot-id, parent-snapshot-id,
/// sequence-number, format-version). Returns the file length.
Result<int64_t> WriteManifestList(const std::string& path, int64_t snapshot_id,
                                  std::optional<int64_t> parent_snapshot_id, int64_t sequence_number,
                                  const std::vector<ManifestFile>& manifests);

Result<std::vector<ManifestFile>> ReadManifestList(const std::string& path);

/// The Avro schema JSON of manifest_file records, with the spec's field ids.
const std::string& ManifestListAvroSchema();

}  // namespace tributary::iceberg
