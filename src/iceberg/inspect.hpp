#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.hpp"
#include "iceberg/table_metadata.hpp"

namespace tributary::iceberg {

/// One row of "inspect snapshots".
struct SnapshotInfo {
  int64_t snapshot_id = 0;
  std::optional<int64_t> parent_snapshot_id;
  int64_t sequence_number = 0;
  int64_t timestamp_ms = 0;
  std::string operation;
  std::map<std::string, std::string> summary;
  std::string manifest_list;
  bool is_current = false;
};

/// Per-column statistics of a file, as text (Value::ToString).
struct ColumnInfo {
  int32_t field_id = 0;
  std::string name;  // empty when the field is no longer in the schema
  std::optional<std::string> lower_bound;
  std::optional<std::string> upper_bound;
  std::optional<int64_t> null_count;
  std::optional<int64_t> value_count;
  std::optional<int64_t> size_bytes;
};

/// One row of "inspect files".
struct FileInfo {
  std::string path;
  std::string partition_path;  // "order_date_day=2024-01-02/region=EMEA"; empty if unpartitioned
  std::vector<std::pair<std::string, std::string>> partition_values;  // field name → text
  int32_t spec_id = 0;
  int64_t record_count = 0;
  int64_t file_size_in_bytes = 0;
  int64_t sequence_number = 0;
  std::vector<ColumnInfo> columns;  // schema order, then unknown ids
};

/// Snapshots in commit order (oldest first), as far as they are retained.
std::vector<SnapshotInfo> InspectSnapshots(const TableMetadata& metadata);

/// Live files of a snapshot (default: current), ordered by path. Empty for
/// an empty table; NotFound for an unknown snapshot id.
Result<std::vector<FileInfo>> InspectFiles(const TableMetadata& metadata,
                                           std::optional<int64_t> snapshot_id = std::nullopt);

}  // namespace tributary::iceberg
