#pragma once

#include <memory>
#include <string>
#include <thread>

#include "common/status.hpp"
#include "orchestrator/scheduler.hpp"

namespace httplib {
class Server;
}

namespace tributary::orchestrator {

/// The orchestrator's HTTP endpoints (JSON unless noted):
///   GET  /api/regions                 freshness, last success, SLA state per region
///   GET  /api/runs?task=&state=&limit= runs, newest logical date first
///   GET  /api/runs/ID                 one run with its tries and their logs
///   GET  /api/alerts?task=&limit=     alerts, newest first
///   POST /api/tasks/NAME/pause | resume | trigger[?date=YYYY-MM-DD]
///   GET  /metrics                     Prometheus text format
/// Unknown paths answer 404, unknown tasks 404 with a JSON error, bad
/// parameters 400 naming the parameter.
class HttpApi {
 public:
  HttpApi(Scheduler* scheduler, StateStore* store);
  ~HttpApi();
  HttpApi(const HttpApi&) = delete;
  HttpApi& operator=(const HttpApi&) = delete;

  /// Listens on `host`:`port` (0 picks a free port) on a thread of its own.
  Status Start(const std::string& host, int port);
  void Stop();
  int port() const { return port_; }

 private:
  void Routes();
  Scheduler* scheduler_;
  StateStore* store_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

/// A run as JSON (the /api/runs element).
std::string RunJson(const RunRecord& run);

}  // namespace tributary::orchestrator
