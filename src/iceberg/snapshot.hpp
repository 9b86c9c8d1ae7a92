#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace tributary::iceberg {

/// Snapshot summary keys the spec standardises, and ours.
namespace summary {
inline constexpr const char* kOperation = "operation";
inline constexpr const char* kAddedDataFiles = "added-data-files";
inline constexpr const char* kDeletedDataFiles = "deleted-data-files";
inline constexpr const char* kAddedRecords = "added-records";
inline constexpr const char* kDeletedRecords = "deleted-records";
inline constexpr const char* kAddedFilesSize = "added-files-size";
inline constexpr const char* kRemovedFilesSize = "removed-files-size";
inline constexpr const char* kChangedPartitionCount = "changed-partition-count";
inline constexpr const char* kTotalRecords = "total-records";
inline constexpr const char* kTotalFilesSize = "total-files-size";
inline constexpr const char* kTotalDataFiles = "total-data-files";
inline constexpr const char* kTotalDeleteFiles = "total-delete-files";
inline constexpr const char* kTotalPositionDeletes = "total-position-deletes";
inline constexpr const char* kTotalEqualityDeletes = "total-equality-deletes";
/// The load identity committed atomically with the data (see Table).
inline constexpr const char* kIdempotencyKey = "tributary.idempotency-key";
}  // namespace summary

/// Snapshot operations as the spec names them.
namespace operation {
inline constexpr const char* kAppend = "append";
inline constexpr const char* kReplace = "replace";  // same data, different files (compaction)
inline constexpr const char* kOverwrite = "overwrite";
inline constexpr const char* kDelete = "delete";
}  // namespace operation

/// One immutable table state.
struct Snapshot {
  int64_t snapshot_id = 0;
  std::optional<int64_t> parent_snapshot_id;
  int64_t sequence_number = 0;
  int64_t timestamp_ms = 0;
  std::string manifest_list;  // absolute path of the Avro manifest list
  std::map<std::string, std::string> summary;  // includes "operation"
  std::optional<int32_t> schema_id;

  std::string operation() const;
  /// A summary counter as a number, or 0 when absent or malformed.
  int64_t SummaryInt(const std::string& key) const;
};

}  // namespace tributary::iceberg
