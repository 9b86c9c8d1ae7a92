#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "storage/table_reader.hpp"

#include "execution/physical_operator.hpp"

namespace tributary::sql {

/// Reads a table through TableReader: only `columns` are read, and
/// `predicates` (field ids) prune partitions, files and row groups. Rows are
/// not filtered here; a filter above re-checks them. With `row_ids` each
/// batch ends with the rows' ids (TableReadOptions::row_ids); with
/// `snapshot_id` it reads that snapshot instead of the current one.
///
/// With ExecutionContext::threads > 1 the reader runs on its own thread,
/// decoding up to kPrefetch batches ahead of the consumer, so decoding and
/// the operators above use both cores. Destroying the scan stops and joins
/// that thread. Extra memory: kPrefetch batches.
///
/// Copies of one pipeline running on several threads (see PhysicalGather)
/// share one ScanSource: each copy reads through a TableReader::Cursor of
/// its own, so they decode different row groups at once, and no copy
/// prefetches.
class PhysicalTableScan : public PhysicalOperator {
 public:
  /// The reader and its options, shared by the copies of one scan.
  struct ScanSource;

  static std::shared_ptr<ScanSource> NewSharedSource();
  /// `source` is null for a scan of its own, or shared with its copies.
  PhysicalTableScan(ExecutionContext* context, std::shared_ptr<iceberg::Table> table, std::vector<std::string> columns,
                    std::vector<ColumnPredicate> predicates, std::shared_ptr<ScanSource> source = nullptr,
                    bool row_ids = false, std::optional<int64_t> snapshot_id = std::nullopt);
  ~PhysicalTableScan() override;
  bool Next(ColumnBatch* out) override;
  /// Adds a pruning predicate learnt while the query runs (a hash join's
  /// build-side key range). Files and row groups are planned by the first
  /// Next(), so this only has an effect before it; afterwards it returns
  /// false and changes nothing.
  bool AddRuntimePredicate(ColumnPredicate predicate);

 private:
  static constexpr size_t kPrefetch = 4;
  /// Opens the shared reader if no copy has yet. Call with source_->mu held.
  void OpenLocked();
  /// Reads the next non-empty dense batch; false at the end. Throws on a
  /// read failure.
  bool Read(ColumnBatch* out);
  void Produce();

  ExecutionContext* context_;
  std::shared_ptr<iceberg::Table> table_;
  std::shared_ptr<ScanSource> source_;
  bool shared_;      // copies on other threads read the same source
  bool started_ = false;
  bool count_only_;  // no column is needed, only the row count
  std::unique_ptr<TableReader::Cursor> cursor_;  // set by the first Next(); before source_ goes

  // Prefetching (threads > 1).
  std::thread producer_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<ColumnBatch> queue_;  // guarded by mu_
  bool finished_ = false;          // guarded by mu_
  bool stop_ = false;              // guarded by mu_
  std::exception_ptr error_;       // guarded by mu_
};

}  // namespace tributary::sql
