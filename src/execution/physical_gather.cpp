#include "execution/physical_gather.hpp"

#include <utility>

namespace tributary::sql {

PhysicalGather::PhysicalGather(std::vector<PhysicalPtr> copies, size_t vector_size)
    : copies_(std::move(copies)), vector_size_(vector_size) {}

PhysicalGather::~PhysicalGather() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  not_full_.notify_all();
  for (auto& t : threads_) t.join();
}

bool PhysicalGather::Push(ColumnBatch batch) {
  std::unique_lock<std::mutex> lock(mu_);
  not_full_.wait(lock, [&] { return stop_ || queue_.size() < kQueued; });
  if (stop_) return false;
  queue_.push_back(std::move(batch));
  // The consumer sleeps only on an empty queue; waking it for every batch
  // costs a futex round trip each, so it is woken once a few are waiting
  // (or when a copy finishes).
  if (queue_.size() >= kWakeAt) not_empty_.notify_one();
  return true;
}

void PhysicalGather::Run(PhysicalOperator* copy) {
  try {
    // A selective join or filter leaves a few rows of each batch: they are
    // gathered here into full batches, so the consumer is woken once per
    // vector_size rows rather than once per input batch.
    ColumnBatch pending;
    bool pending_started = false;  // (a batch may have no columns, only rows)
    auto flush = [&] {
      pending_started = false;
      return Push(std::exchange(pending, ColumnBatch()));  // (a moved-from batch keeps its row count)
    };
    bool open = true;
    while (open) {
      ColumnBatch batch;
      if (!copy->Next(&batch)) break;
      const size_t n = batch.num_rows();
      if (pending.num_rows() > 0 && pending.num_rows() + n > vector_size_) {
        open = flush();
      }
      if (n >= vector_size_ / 2) {
        open = open && Push(std::move(batch));
        continue;
      }
      if (!pending_started) {
        pending = ColumnBatch(batch.types(), vector_size_);
        pending_started = true;
      }
      pending.AppendRows(batch, nullptr, n);
    }
    if (open && pending.num_rows() > 0) flush();
  } catch (...) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!error_) error_ = std::current_exception();
    stop_ = true;  // the other copies need not finish
    not_full_.notify_all();
  }
  std::lock_guard<std::mutex> lock(mu_);
  running_--;
  not_empty_.notify_one();
}

bool PhysicalGather::Next(ColumnBatch* out) {
  if (threads_.empty() && !copies_.empty()) {
    running_ = copies_.size();
    for (auto& c : copies_) threads_.emplace_back([this, op = c.get()] { Run(op); });
  }
  std::unique_lock<std::mutex> lock(mu_);
  not_empty_.wait(lock, [&] { return error_ || !queue_.empty() || running_ == 0; });
  if (error_) std::rethrow_exception(error_);
  if (queue_.empty()) return false;
  *out = std::move(queue_.front());
  queue_.pop_front();
  not_full_.notify_one();
  return true;
}

}  // namespace tributary::sql
