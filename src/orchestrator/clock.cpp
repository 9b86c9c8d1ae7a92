#include "orchestrator/clock.hpp"

#include <chrono>

namespace tributary::orchestrator {

Micros SystemClock::Now() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void SystemClock::WaitUntil(std::condition_variable& cv, std::unique_lock<std::mutex>& lock, Micros until) {
  cv.wait_until(lock, std::chrono::system_clock::time_point(std::chrono::microseconds(until)));
}

Micros ManualClock::Now() const { return now_.load(std::memory_order_acquire); }

void ManualClock::WaitUntil(std::condition_variable& cv, std::unique_lock<std::mutex>& lock, Micros until) {
  if (Now() >= until) return;
  cv.wait_for(lock, std::chrono::milliseconds(1));
}

void ManualClock::Set(Micros to) {
  Micros current = now_.load(std::memory_order_acquire);
  while (to > current && !now_.compare_exchange_weak(current, to, std::memory_order_acq_rel)) {
  }
}

void ManualClock::Advance(Micros by) { now_.fetch_add(by, std::memory_order_acq_rel); }

}  // namespace tributary::orchestrator
