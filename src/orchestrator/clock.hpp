#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "orchestrator/time_zone.hpp"

namespace tributary::orchestrator {

/// The orchestrator's sense of time, injectable so a whole day of several
/// regions runs in seconds in tests. Waiting goes through the clock too: a
/// waiter sleeps until the clock reaches a time or it is woken.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Micros Now() const = 0;
  /// Blocks on `cv` (with `lock` held on entry and exit) until Now() >=
  /// `until`, the cv is notified, or a spurious wake-up; callers re-check.
  virtual void WaitUntil(std::condition_variable& cv, std::unique_lock<std::mutex>& lock, Micros until) = 0;
};

/// Wall-clock time.
class SystemClock final : public Clock {
 public:
  Micros Now() const override;
  void WaitUntil(std::condition_variable& cv, std::unique_lock<std::mutex>& lock, Micros until) override;
};

/// Time that moves only when told (Set / Advance). Thread-safe. Waiters
/// re-check the time every millisecond of real time, so a Set is seen
/// at once without the clock knowing who waits.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Micros start) : now_(start) {}
  Micros Now() const override;
  void WaitUntil(std::condition_variable& cv, std::unique_lock<std::mutex>& lock, Micros until) override;
  /// Moves time to `to`; never backwards.
  void Set(Micros to);
  void Advance(Micros by);

 private:
  std::atomic<Micros> now_;
};

}  // namespace tributary::orchestrator
