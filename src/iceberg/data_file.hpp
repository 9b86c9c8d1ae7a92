#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "iceberg/partition_spec.hpp"
#include "iceberg/schema.hpp"
#include "parquet/parquet_writer.hpp"
#include "storage/column_predicate.hpp"
#include "types/value.hpp"

namespace tributary::iceberg {

enum class FileContent : int32_t { kData = 0, kPositionDeletes = 1, kEqualityDeletes = 2 };

/// One data file as a manifest describes it. Maps are keyed by schema field
/// id; bounds are decoded to Values of the field's SQL type.
struct DataFile {
  FileContent content = FileContent::kData;
  std::string path;  // absolute
  std::string format = "PARQUET";
  int32_t spec_id = 0;
  PartitionValues partition;  // one value per field of spec `spec_id`
  int64_t record_count = 0;
  int64_t file_size_in_bytes = 0;
  std::map<int32_t, int64_t> column_sizes;
  std::map<int32_t, int64_t> value_counts;
  std::map<int32_t, int64_t> null_value_counts;
  std::map<int32_t, int64_t> nan_value_counts;
  std::map<int32_t, Value> lower_bounds;
  std::map<int32_t, Value> upper_bounds;
  std::vector<int64_t> split_offsets;
  std::optional<int32_t> sort_order_id;

  /// The statistics pruning needs for one field (unknown parts left empty).
  ColumnStatistics Statistics(int32_t field_id) const;
};

/// Turns a closed Parquet file into a DataFile: per-column sizes, counts and
/// bounds keyed by the columns' field ids. `columns` is the writer's schema
/// (every column must carry a field id); `partition` must match `spec`.
Result<DataFile> DataFileFromParquet(const parquet::WrittenFile& written,
                                     const std::vector<parquet::ColumnSpec>& columns, const PartitionSpec& spec,
                                     PartitionValues partition, std::optional<int32_t> sort_order_id = std::nullopt);

enum class ManifestEntryStatus : int32_t { kExisting = 0, kAdded = 1, kDeleted = 2 };

/// One row of a manifest.
struct ManifestEntry {
  ManifestEntryStatus status = ManifestEntryStatus::kAdded;
  std::optional<int64_t> snapshot_id;
  std::optional<int64_t> sequence_number;       // data sequence number
  std::optional<int64_t> file_sequence_number;  // sequence number when the file was added
  DataFile file;

  bool is_live() const { return status != ManifestEntryStatus::kDeleted; }
};

}  // namespace tributary::iceberg
