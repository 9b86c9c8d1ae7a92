#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "orchestrator/time_zone.hpp"

struct sqlite3;

namespace tributary::orchestrator {

/// Where a run stands. A run is one task for one logical date; re-running a
/// date (a retry after failure, a refresh whose input re-landed, a backfill
/// with reprocess) moves the same run back to a waiting state.
enum class RunState : uint8_t {
  kWaiting,     // a refresh waiting for its inputs to land
  kSensing,     // its sensor is being poked (holds no worker slot)
  kQueued,      // ready, waiting for a worker slot
  kRunning,     // a try is running
  kUpForRetry,  // the last try failed transiently; next try at next_try_at
  kSuccess,
  kFailed,
  kSkipped,  // a soft-failing sensor timed out
};
const char* RunStateName(RunState state);
std::optional<RunState> ParseRunState(std::string_view name);
inline bool IsTerminal(RunState s) { return s == RunState::kSuccess || s == RunState::kFailed || s == RunState::kSkipped; }

/// Why a run exists.
enum class RunKind : uint8_t { kScheduled, kBackfill, kManual };
const char* RunKindName(RunKind kind);

/// Whether a failure is worth another try.
enum class ErrorClass : uint8_t {
  kNone,
  kTransient,  // timeouts, lost connections, an interrupted orchestrator: retried
  kPermanent,  // authentication, schema break, contract violation: never retried
};
const char* ErrorClassName(ErrorClass c);

struct RunRecord {
  int64_t run_id = 0;
  std::string task;
  Days logical_date = 0;
  RunKind kind = RunKind::kScheduled;
  RunState state = RunState::kQueued;
  Micros created_at = 0;
  Micros scheduled_at = 0;  // the cron fire, or when it was asked for
  Micros deadline = 0;      // 0: none (backfills)
  Micros started_at = 0;    // first try of the current generation
  Micros finished_at = 0;
  Micros next_try_at = 0;   // kUpForRetry
  Micros sensor_started_at = 0;
  Micros next_poke_at = 0;
  int tries = 0;            // tries made, all generations
  int generation_tries = 0; // tries of the current generation (the retry budget)
  int generation = 1;       // bumped each time the date is re-run
  bool partial = false;     // a refresh that ran with some inputs missing
  int64_t rows = 0;
  std::string error;
  ErrorClass error_class = ErrorClass::kNone;
  int64_t backfill_id = 0;  // the backfill that (re)queued it, 0 for none
  /// Refreshes: the latest landing of an input this generation ran with.
  Micros inputs_landed_at = 0;
  std::string inputs;  // refreshes: the inputs that had landed, comma-separated
};

enum class TryState : uint8_t { kRunning, kSuccess, kFailed, kInterrupted };
const char* TryStateName(TryState state);

struct TryRecord {
  int64_t run_id = 0;
  int try_no = 0;
  int generation = 1;
  TryState state = TryState::kRunning;
  Micros started_at = 0;
  Micros finished_at = 0;
  int64_t pid = 0;  // the command's process group, while it runs
  int exit_code = 0;
  std::string error;
  ErrorClass error_class = ErrorClass::kNone;
  std::string log;  // the tail of the try's output
  int64_t rows = 0;
};

struct AlertRecord {
  int64_t alert_id = 0;
  std::string task;
  Days logical_date = 0;
  std::string kind;  // at_risk, missed, recovered, failed, downtime
  Micros fired_at = 0;
  Micros deadline = 0;
  std::string message;
};

/// A request from the CLI or the HTTP API to the running scheduler.
struct ControlRequest {
  int64_t request_id = 0;
  std::string action;  // pause, resume, trigger, backfill
  std::string task;
  std::string args;    // action-specific: "2026-03-01" for trigger, see BackfillRequest
  Micros created_at = 0;
};

struct BackfillRecord {
  int64_t backfill_id = 0;
  std::string task;
  Days from = 0;
  Days to = 0;
  std::string reprocess = "none";  // none | failed | all
  int concurrency = 1;
  Micros created_at = 0;
  bool done = false;
};

/// The orchestrator's durable state in one SQLite database: runs, tries
/// (with their logs), alerts and their deliveries, watermarks, paused tasks,
/// backfills, control requests and each task's schedule cursor. Every write
/// is its own transaction with synchronous=FULL, so a `kill -9` leaves the
/// last completed write in place. Thread-safe (one connection, serialized).
class StateStore {
 public:
  static Result<std::unique_ptr<StateStore>> Open(const std::string& path);
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  const std::string& path() const { return path_; }

  // Runs. InsertRun fills run_id; a second run for the same task and
  // logical date fails with AlreadyExists.
  Status InsertRun(RunRecord* run);
  Status UpdateRun(const RunRecord& run);
  Result<std::optional<RunRecord>> FindRun(const std::string& task, Days logical_date);
  Result<std::optional<RunRecord>> FindRunById(int64_t run_id);
  /// Runs not in a terminal state, plus refreshes' inputs of recent dates.
  Result<std::vector<RunRecord>> ActiveRuns();
  /// Filtered listing, newest first: empty task / no state means any.
  Result<std::vector<RunRecord>> ListRuns(const std::string& task, std::optional<RunState> state, int limit);
  /// Durations (first try start to finish) of the task's latest successful
  /// runs, newest first.
  Result<std::vector<Micros>> RecentDurations(const std::string& task, int limit);
  /// The latest successful run of a task, if any.
  Result<std::optional<RunRecord>> LastSuccess(const std::string& task);

  // Tries.
  Status InsertTry(const TryRecord& t);
  Status UpdateTry(const TryRecord& t);
  Status SetTryPid(int64_t run_id, int try_no, int64_t pid);
  Result<std::vector<TryRecord>> ListTries(int64_t run_id);
  /// Tries left running by a process that is gone.
  Result<std::vector<TryRecord>> RunningTries();

  // Alerts: InsertAlert returns false (and writes nothing) when an alert of
  // that task, logical date and kind exists: each fires once.
  Result<bool> InsertAlert(AlertRecord* alert);
  Result<std::vector<AlertRecord>> ListAlerts(const std::string& task, int limit);
  Status RecordDelivery(int64_t alert_id, const std::string& channel, bool delivered, int attempts,
                        const std::string& error);
  /// Alerts not yet delivered to `channel` (after a restart).
  Result<std::vector<AlertRecord>> UndeliveredAlerts(const std::string& channel);

  // Control.
  Result<int64_t> InsertRequest(const ControlRequest& request);
  /// Requests not yet taken, oldest first; each is marked taken.
  Result<std::vector<ControlRequest>> TakeRequests();
  Status SetPaused(const std::string& task, bool paused, Micros at);
  Result<std::vector<std::string>> PausedTasks();

  // Backfills.
  Status InsertBackfill(BackfillRecord* backfill);
  Status MarkBackfillDone(int64_t backfill_id);
  Result<std::vector<BackfillRecord>> ActiveBackfills();
  Result<std::optional<BackfillRecord>> FindBackfill(int64_t backfill_id);
  /// The backfill's runs by state name.
  Result<std::map<std::string, int>> BackfillProgress(int64_t backfill_id);

  // Schedules: the last cron fire of a task that the scheduler has handled.
  Result<std::optional<Micros>> ScheduleCursor(const std::string& task);
  Status SetScheduleCursor(const std::string& task, Micros fire);

  /// (label, label, count) rows for the metrics: "runs" counts runs by task
  /// and state, "tries" tries by task and state, "alerts" alerts by task and
  /// kind.
  struct CountRow {
    std::string a;
    std::string b;
    int64_t count = 0;
  };
  Result<std::vector<CountRow>> Counts(std::string_view what);

  // Watermarks (an ingest task's position in its source).
  Status SetWatermark(const std::string& task, const std::string& key, const std::string& value, Micros at);
  Result<std::optional<std::string>> Watermark(const std::string& task, const std::string& key);

 private:
  StateStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Status Exec(const char* sql);
  sqlite3* db_;
  std::string path_;
};

}  // namespace tributary::orchestrator
