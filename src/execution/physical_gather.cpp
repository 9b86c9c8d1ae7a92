#include "execution/physical_gather.hpp"

namespace tributary::sql {

PhysicalGather::PhysicalGather(std::vector<PhysicalPtr> copies) : copies_(std::move(copies)) {}

PhysicalGather::~PhysicalGather() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void PhysicalGather::Run(PhysicalOperator* copy) {
  try {
    while (true) {
      ColumnBatch batch;
      if (!copy->Next(&batch)) break;
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stop_ || queue_.size() < kQueued; });
      if (stop_) break;
      queue_.push_back(std::move(batch));
      cv_.notify_all();
    }
  } catch (...) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!error_) error_ = std::current_exception();
    stop_ = true;  // the other copies need not finish
  }
  std::lock_guard<std::mutex> lock(mu_);
  running_--;
  cv_.notify_all();
}

bool PhysicalGather::Next(ColumnBatch* out) {
  if (threads_.empty() && !copies_.empty()) {
    running_ = copies_.size();
    for (auto& c : copies_) threads_.emplace_back([this, op = c.get()] { Run(op); });
  }
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return error_ || !queue_.empty() || running_ == 0; });
  if (error_) std::rethrow_exception(error_);
  if (queue_.empty()) return false;
  *out = std::move(queue_.front());
  queue_.pop_front();
  cv_.notify_all();
  return true;
}

}  // namespace tributary::sql
