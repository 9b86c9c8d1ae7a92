#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "common/status.hpp"
#include "iceberg/table.hpp"
#include "storage/table_writer.hpp"

namespace tributary {

struct CompactionOptions {
  TableWriterOptions writer;
  /// Files smaller than this are candidates for bin-packing.
  int64_t small_file_bytes = 64ll << 20;
  /// A partition is rewritten when it holds at least this many candidates.
  int min_input_files = 2;
  /// Also rewrite files written under another sort order (or unsorted), so
  /// the whole table follows the current cluster keys.
  bool recluster = true;
  /// Sync point for tests: runs after the new files are written and before
  /// the commit, so a test can land a concurrent commit in between.
  std::function<void()> before_commit;
};

struct CompactionResult {
  int64_t partitions_rewritten = 0;
  int64_t files_removed = 0;
  int64_t files_added = 0;
  int64_t rows_rewritten = 0;
  /// Absent when nothing needed rewriting.
  std::optional<iceberg::CommitResult> commit;
};

/// Rewrites each partition's small (or wrongly clustered) files into files of
/// the target size, sorted by the table's cluster keys, in one "replace"
/// snapshot. Small files are only merged where they can be: two files that
/// each hold a different value of a low-cardinality leading cluster key stay
/// apart, so a compacted table is left alone by the next run. Rows are preserved exactly. Commits with snapshot isolation:
/// appends that land meanwhile are kept; a concurrent rewrite or delete of
/// the same files makes this fail with Conflict and leaves the table as it
/// was (the new files become orphans).
Result<CompactionResult> CompactTable(const std::shared_ptr<iceberg::Table>& table, const CompactionOptions& options = {});

}  // namespace tributary
