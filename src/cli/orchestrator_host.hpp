#pragma once

#include <memory>
#include <string>

#include "common/status.hpp"
#include "main/connection.hpp"
#include "orchestrator/alerts.hpp"
#include "orchestrator/clock.hpp"
#include "orchestrator/config.hpp"
#include "orchestrator/http_api.hpp"
#include "orchestrator/scheduler.hpp"
#include "orchestrator/state_store.hpp"
#include "orchestrator/task_runner.hpp"

namespace tributary::cli {

/// Runs SQL tasks and sensors on `database` as the bootstrap superuser, one
/// Connection per call.
orchestrator::SqlRunner WarehouseSqlRunner(std::shared_ptr<Database> database);

/// Holds the state's lock file (`<state>.lock`, flock) so no two
/// orchestrators work one state, and so no task runs twice at once.
class StateLock {
 public:
  /// Fails with Conflict naming the holder's pid when another process has it.
  static Result<std::unique_ptr<StateLock>> Acquire(const std::string& state_path);
  ~StateLock();
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;

 private:
  explicit StateLock(int fd) : fd_(fd) {}
  int fd_;
};

/// The orchestrator as `tributary orchestrate` and `tributary serve
/// --orchestrator` run it: config, state, lock, runner, alerts, scheduler and
/// (when the config names a listen address) the HTTP API.
class OrchestratorHost {
 public:
  struct Options {
    /// Runs SQL tasks there; when null and the config names a warehouse,
    /// the host opens it.
    std::shared_ptr<Database> database;
    /// Overrides the config's `http` ("" keeps it; "off" turns it off).
    std::string http_listen;
    bool run_schedules = true;
  };
  static Result<std::unique_ptr<OrchestratorHost>> Open(const orchestrator::OrchestratorConfig& config,
                                                        Options options);
  ~OrchestratorHost();

  Status Start();
  void Stop();
  orchestrator::Scheduler& scheduler() { return *scheduler_; }
  orchestrator::StateStore& store() { return *store_; }
  int http_port() const { return http_ ? http_->port() : 0; }

 private:
  OrchestratorHost() = default;
  orchestrator::OrchestratorConfig config_;
  Options options_;
  std::unique_ptr<StateLock> lock_;
  std::unique_ptr<orchestrator::StateStore> store_;
  orchestrator::SystemClock clock_;
  std::unique_ptr<orchestrator::TaskRunner> runner_;
  std::unique_ptr<orchestrator::AlertDispatcher> alerts_;
  std::unique_ptr<orchestrator::Scheduler> scheduler_;
  std::unique_ptr<orchestrator::HttpApi> http_;
};

/// Splits "host:port" (host optional: ":8080").
Result<std::pair<std::string, int>> ParseListenAddress(const std::string& text);

}  // namespace tributary::cli
