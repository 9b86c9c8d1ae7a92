#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "common/status.hpp"
#include "iceberg/data_file.hpp"
#include "iceberg/manifest_list.hpp"
#include "iceberg/table_metadata.hpp"
#include "storage/column_predicate.hpp"

namespace tributary::iceberg {

/// What to plan: a snapshot (default: current) and conjunctive predicates on
/// schema field ids (ColumnPredicate::column = field id), operands of the
/// field's SQL type.
struct ScanRequest {
  std::optional<int64_t> snapshot_id;
  std::vector<ColumnPredicate> predicates;
};

/// A file the scan must read, with the data sequence number it carries.
/// `file` shares the decoded manifest it came from (ManifestCache): planning
/// copies no file statistics.
struct PlannedFile {
  std::shared_ptr<const DataFile> file;
  int64_t sequence_number = 0;
};

/// Planning outcome and how much was pruned at each level.
struct ScanPlan {
  std::shared_ptr<const Snapshot> snapshot;  // nullptr for an empty table
  std::shared_ptr<const Schema> schema;      // the snapshot's schema
  std::vector<PlannedFile> files;
  int64_t manifests_total = 0;
  int64_t manifests_skipped = 0;            // by manifest-list partition summaries
  int64_t files_total = 0;                  // live files in manifests read
  int64_t files_skipped_by_partition = 0;   // partition tuple ruled out
  int64_t files_skipped_by_stats = 0;       // lower/upper bounds, null counts ruled out
};

/// Lists the live data files of a snapshot that may hold rows matching every
/// predicate: manifests pruned by the manifest list's partition summaries,
/// files by partition tuple, then by column bounds and null counts
/// (MayMatch). A returned file may still hold no matching row.
Result<ScanPlan> PlanFiles(const TableMetadata& metadata, const ScanRequest& request);

/// Every live (added or existing) manifest entry of `snapshot`, unpruned,
/// each sharing its decoded manifest.
Result<std::vector<std::shared_ptr<const ManifestEntry>>> ReadLiveEntries(const TableMetadata& metadata,
                                                                         const Snapshot& snapshot);

}  // namespace tributary::iceberg
