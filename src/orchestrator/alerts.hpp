#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "orchestrator/config.hpp"
#include "orchestrator/state_store.hpp"

namespace tributary::orchestrator {

/// The JSON document an alert is sent as (webhooks, /api/alerts):
/// {"alert_id":7,"kind":"at_risk","task":"APAC","logical_date":"2026-03-02",
///  "fired_at":"2026-03-03T06:30:00Z","deadline":"2026-03-03T00:00:00Z","message":"…"}
std::string AlertJson(const AlertRecord& alert);

/// Delivers alerts to the configured channels off the scheduler's thread.
/// An alert is recorded in the state (once per task, logical date and kind)
/// before it is handed here; each delivery's outcome is recorded too, so
/// alerts not yet delivered when the process stopped are sent on start.
/// Webhooks are POSTed as JSON and retried with doubling backoff up to the
/// channel's attempts; a 2xx answer delivers.
class AlertDispatcher {
 public:
  AlertDispatcher(std::vector<AlertChannelConfig> channels, StateStore* store);
  ~AlertDispatcher();
  AlertDispatcher(const AlertDispatcher&) = delete;
  AlertDispatcher& operator=(const AlertDispatcher&) = delete;

  /// Queues the undelivered alerts of every channel, then starts delivering.
  void Start();
  /// Delivers what is queued (bounded by each webhook's retries), then stops.
  void Stop();
  void Send(const AlertRecord& alert);
  /// Blocks until nothing is queued or being delivered (tests).
  void Flush();
  /// Deliveries that failed after every attempt, per channel.
  std::map<std::string, int64_t> failed_deliveries() const;

 private:
  struct Pending {
    AlertRecord alert;
    size_t channel;
  };
  void Loop();
  void Deliver(const Pending& p);

  std::vector<AlertChannelConfig> channels_;
  StateStore* store_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  bool busy_ = false;
  bool stopping_ = false;
  std::map<std::string, int64_t> failed_;
  std::thread thread_;
};

}  // namespace tributary::orchestrator
