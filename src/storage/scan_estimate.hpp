#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "iceberg/schema.hpp"
#include "iceberg/table.hpp"
#include "parquet/parquet_reader.hpp"
#include "storage/table_reader.hpp"

namespace tributary {

/// What a scan will read, worked out from metadata alone (manifests and
/// Parquet footers, no data pages): the figures EXPLAIN shows before a
/// query runs. Every count comes as "total" (the snapshot, unpruned) and
/// "kept" (after partition, file-bound and row-group pruning).
struct ScanEstimate {
  int64_t partitions_total = 0;
  int64_t partitions_kept = 0;
  int64_t files_total = 0;
  int64_t files_kept = 0;
  int64_t row_groups_total = 0;
  int64_t row_groups_kept = 0;
  /// Compressed column-chunk bytes of the projected columns: over every
  /// row group of the snapshot, and over the row groups left after pruning
  /// (what the scan will be billed, unless a LIMIT stops it early).
  int64_t bytes_total = 0;
  int64_t bytes_kept = 0;
  /// The table's leading cluster key and the range of its values in the
  /// files left after pruning (from the files' column bounds); unset for a
  /// table without a sort order or when no file is kept.
  std::optional<std::string> cluster_column;
  std::optional<Value> cluster_min;
  std::optional<Value> cluster_max;
};

/// Plans `table` with and without `options.predicates` and opens the footer
/// of every live file to count row groups and column-chunk bytes.
Result<ScanEstimate> EstimateScan(const iceberg::Table& table, const TableReadOptions& options);

}  // namespace tributary
