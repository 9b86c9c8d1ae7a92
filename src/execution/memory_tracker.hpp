#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "vector/column_batch.hpp"

namespace tributary::sql {

/// Counts the bytes one query's memory-hungry operators hold (hash
/// aggregate groups, hash join build side, sort and window input) against
/// the session's memory_limit. Operators reserve as their state grows, a
/// batch at a time; nothing is released before the query ends, so the count
/// is the peak of what they hold together. Thread-safe.
class MemoryTracker {
 public:
  /// `limit` in bytes; 0 for none.
  void set_limit(int64_t limit) { limit_ = limit; }
  int64_t limit() const { return limit_; }
  int64_t used() const { return used_.load(std::memory_order_relaxed); }

  /// Adds `bytes` held by `op` ("hash aggregate", "sort", ...). Throws
  /// SqlError 53200 naming the operator and the limit when the query's total
  /// would pass the limit.
  void Reserve(int64_t bytes, const char* op) {
    int64_t now = used_.fetch_add(bytes, std::memory_order_relaxed) + bytes;
    if (limit_ > 0 && now > limit_) [[unlikely]] Exceeded(op);
  }

 private:
  [[noreturn]] void Exceeded(const char* op) const;
  std::atomic<int64_t> used_{0};
  int64_t limit_ = 0;
};

/// "512MB": the largest unit (kB, MB, GB, TB) that divides the size exactly.
std::string FormatMemorySize(int64_t bytes);

/// What a batch's column data and strings take in memory (rows × widths
/// plus string bytes), for reservations.
int64_t BatchBytes(const ColumnBatch& batch);

}  // namespace tributary::sql
