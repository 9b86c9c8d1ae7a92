#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "execution/physical_operator.hpp"

namespace tributary::sql {

/// Runs copies of one pipeline (a scan, then filters, projections and inner
/// hash-join probes) on a thread each and hands on their batches in the
/// order they finish. The copies share their scans' readers (each batch is
/// read by one copy) and their joins' build sides (built once), so together
/// they produce the pipeline's rows exactly once, in no particular order.
/// The first Next() starts the threads; destroying the operator stops and
/// joins them. An error on any thread ends the query with that error.
/// Batches smaller than half of `vector_size` are merged into full ones
/// before they are handed on.
/// Extra memory: kQueued batches, plus one being filled per thread.
class PhysicalGather : public PhysicalOperator {
 public:
  PhysicalGather(std::vector<PhysicalPtr> copies, size_t vector_size);
  ~PhysicalGather() override;
  bool Next(ColumnBatch* out) override;

 private:
  static constexpr size_t kQueued = 8;
  static constexpr size_t kWakeAt = 4;
  void Run(PhysicalOperator* copy);
  /// Queues `batch`, waiting for room; false when the gather is stopping.
  bool Push(ColumnBatch batch);

  std::vector<PhysicalPtr> copies_;
  size_t vector_size_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable not_empty_;  // the consumer waits for a batch
  std::condition_variable not_full_;   // the copies wait for room
  std::deque<ColumnBatch> queue_;  // guarded by mu_
  size_t running_ = 0;             // guarded by mu_
  bool stop_ = false;              // guarded by mu_
  std::exception_ptr error_;       // guarded by mu_
};

}  // namespace tributary::sql
