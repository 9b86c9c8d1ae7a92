#pragma once

#include <atomic>
#include <cstdint>

namespace tributary::sql {

/// Why a running query is asked to stop.
enum class InterruptReason : uint8_t { kNone, kUserRequest, kTimeout };

/// A stop request for the query a session is running, set from another
/// thread (Connection::Cancel, a statement timeout's watchdog, a signal
/// handler: Request is one lock-free store) and polled by the operators once
/// per batch.
class QueryInterrupt {
 public:
  void Request(InterruptReason reason) { reason_.store(reason, std::memory_order_relaxed); }
  void Clear() { reason_.store(InterruptReason::kNone, std::memory_order_relaxed); }
  InterruptReason reason() const { return reason_.load(std::memory_order_relaxed); }
  /// Throws SqlError 57014 ("canceling statement due to user request" or
  /// "... statement timeout") once a stop was requested; otherwise one
  /// relaxed atomic load.
  void Check() const {
    if (reason_.load(std::memory_order_relaxed) != InterruptReason::kNone) [[unlikely]] Throw();
  }

 private:
  [[noreturn]] void Throw() const;
  std::atomic<InterruptReason> reason_{InterruptReason::kNone};
  static_assert(std::atomic<InterruptReason>::is_always_lock_free);
};

}  // namespace tributary::sql
