#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "execution/memory_tracker.hpp"
#include "execution/query_interrupt.hpp"
#include "storage/table_reader.hpp"
#include "vector/column_batch.hpp"

namespace tributary::sql {

/// What every operator of one query shares: the batch size and the scans'
/// cost counters.
struct ExecutionContext {
  size_t vector_size = kBatchSize;
  /// With more than one thread, each scan decodes its files on a thread of
  /// its own while the operators above it work on earlier batches.
  int threads = 1;
  /// Every scan's reader, for the query's bytes scanned. Read them only
  /// after the operator tree is destroyed (scan threads joined).
  std::vector<std::shared_ptr<const TableReader>> readers;
  /// The session's stop requests (Connection::Cancel, statement_timeout);
  /// null when operators run outside a session.
  const QueryInterrupt* interrupt = nullptr;
  /// Bytes held by aggregates, joins, sorts and windows against memory_limit.
  MemoryTracker memory;

  /// Once per batch: throws 57014 when the query was asked to stop.
  void CheckInterrupt() const {
    if (interrupt != nullptr) interrupt->Check();
  }

  /// Adds to `readers`; scans on several threads may call it at once.
  void AddReader(std::shared_ptr<const TableReader> reader) {
    std::lock_guard<std::mutex> lock(readers_mu_);
    readers.push_back(std::move(reader));
  }

 private:
  std::mutex readers_mu_;
};

/// A pull-based physical operator. Next() produces dense batches (flat
/// columns, no selection) of at most ExecutionContext::vector_size rows —
/// one virtual call per batch, never per row.
class PhysicalOperator {
 public:
  virtual ~PhysicalOperator() = default;
  /// Fills `out` with the next non-empty batch; false when exhausted.
  virtual bool Next(ColumnBatch* out) = 0;
};

using PhysicalPtr = std::unique_ptr<PhysicalOperator>;

/// Builds a batch of `types` from flat vectors of `rows` rows each.
ColumnBatch MakeBatch(std::vector<Vector> columns, size_t rows);

}  // namespace tributary::sql
