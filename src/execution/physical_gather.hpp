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
/// Extra memory: kQueued batches.
class PhysicalGather : public PhysicalOperator {
 public:
  explicit PhysicalGather(std::vector<PhysicalPtr> copies);
  ~PhysicalGather() override;
  bool Next(ColumnBatch* out) override;

 private:
  static constexpr size_t kQueued = 8;
  void Run(PhysicalOperator* copy);

  std::vector<PhysicalPtr> copies_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<ColumnBatch> queue_;  // guarded by mu_
  size_t running_ = 0;             // guarded by mu_
  bool stop_ = false;              // guarded by mu_
  std::exception_ptr error_;       // guarded by mu_
};

}  // namespace tributary::sql
