#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "iceberg/table.hpp"
#include "storage/table_writer.hpp"

namespace tributary {

struct CopyOnWriteResult {
  int64_t rows_removed = 0;
  int64_t rows_added = 0;      // by Add, not counting rows carried over from rewritten files
  int64_t files_dropped = 0;   // every row removed: dropped without being read
  int64_t files_rewritten = 0; // some rows removed: rewritten without them
  int64_t files_added = 0;
  /// Absent when nothing changed (no row removed or added).
  std::optional<iceberg::CommitResult> commit;
};

/// Copy-on-write changes to a table's rows, the way UPDATE, DELETE and MERGE
/// write: the statement names the rows it removes by row id (see
/// TableReadOptions::row_ids) and hands over the rows it adds. Commit then
/// drops the files that lost every row, rewrites the files that lost some
/// without them (through one TableWriter, so partitions and cluster order
/// are kept), leaves every other file alone and commits all of it as one
/// ReplaceFiles snapshot with serializable isolation against the snapshot
/// the rows were read from. Until Commit succeeds nothing is visible; a
/// failure leaves the table as it was.
///
/// Extra memory: one bit per row of each file that loses rows, plus the
/// TableWriter's buffer.
class CopyOnWrite {
 public:
  static Result<std::unique_ptr<CopyOnWrite>> Make(std::shared_ptr<iceberg::Table> table,
                                                   TableWriterOptions options = {});

  /// Marks a row removed; false when it already was.
  bool Remove(int64_t row_id);
  /// Adds the live rows of `batch`, columns in schema order.
  Status Add(const ColumnBatch& batch);
  int64_t rows_removed() const { return rows_removed_; }

  /// `files` are the target scan's files in row-id order
  /// (TableReader::files()); `base_snapshot_id` is the snapshot it read.
  /// The snapshot's operation is "delete" when no row is added, otherwise
  /// "overwrite" ("append" when no row is removed). `tags` carry an
  /// idempotency key and summary entries; with any, a change of nothing
  /// still commits an empty append carrying them (a loader's watermark).
  Result<CopyOnWriteResult> Commit(const std::vector<iceberg::DataFile>& files,
                                   std::optional<int64_t> base_snapshot_id,
                                   const iceberg::CommitOptions& tags = {});

 private:
  CopyOnWrite(std::shared_ptr<iceberg::Table> table, std::unique_ptr<TableWriter> writer)
      : table_(std::move(table)), writer_(std::move(writer)) {}

  std::shared_ptr<iceberg::Table> table_;
  std::unique_ptr<TableWriter> writer_;
  std::vector<std::vector<uint64_t>> removed_;  // per file ordinal: one bit per row position
  std::vector<int64_t> removed_count_;          // per file ordinal
  int64_t rows_removed_ = 0;
  int64_t rows_added_ = 0;
};

}  // namespace tributary
