#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/status.hpp"
#include "orchestrator/alerts.hpp"
#include "orchestrator/clock.hpp"
#include "orchestrator/config.hpp"
#include "orchestrator/state_store.hpp"
#include "orchestrator/task_runner.hpp"

namespace tributary::orchestrator {

struct SchedulerOptions {
  /// Cron fires further in the past than this when the scheduler sees them
  /// (it was down) are not run: a notice names the dates to backfill.
  Micros catchup_grace = 15 * kMicrosPerMinute;
  /// Successful runs whose durations make the p90 "expected duration".
  int duration_window = 20;
  /// Fewer successful runs than this: the configured estimate is used.
  int min_duration_samples = 3;
  /// false: no cron runs are created (`tributary backfill` running a
  /// backfill by itself when no orchestrator is up).
  bool run_schedules = true;
  /// Longest sleep of the loop between passes (control requests written by
  /// other processes are read once a pass).
  Micros max_sleep = kMicrosPerSecond;
  /// Seeds the retry jitter; 0 seeds from the system.
  uint64_t seed = 0;
};

/// What `tributary backfill` asks for.
struct BackfillRequest {
  std::string task;
  Days from = 0;
  Days to = 0;
  std::string reprocess = "none";  // none | failed | all
  int concurrency = 1;
};

/// One date of a backfill's plan.
struct BackfillStep {
  Days logical_date = 0;
  bool run = false;
  std::string reason;  // "no run yet", "failed before", "already success", "already running"…
};

/// Freshness and SLA of one region (GET /api/regions).
struct RegionStatus {
  std::string name;
  std::string time_zone;
  bool paused = false;
  std::optional<RunRecord> last_success;
  std::optional<RunRecord> latest;  // the newest scheduled run
  /// on_track, at_risk, missed, landed, landed_late, failed, idle
  std::string sla_state = "idle";
  Micros freshness = -1;  // now - last success finished, -1 when none
};

/// The orchestrator's scheduler: creates each region's runs from its cron
/// in its own zone, pokes sensors (holding no worker slot), runs tries on a
/// bounded worker pool with named pools per source, retries transient
/// failures with exponential backoff and jitter, watches deadlines while
/// runs are still going ("at risk", "missed", "recovered", "failed" alerts,
/// each once per task, logical date and kind), runs fan-in refreshes when
/// their inputs land and again when one re-lands, and runs backfills beside
/// scheduled runs without starving them. Every transition is written to the
/// StateStore before it takes effect, so a restart after `kill -9` resumes
/// where the state says (Recover).
///
/// Runs are ordered for worker slots: scheduled and manual runs before
/// backfills, earliest deadline first. Backfills never hold more than their
/// own concurrency nor more than workers - reserved_for_scheduled slots.
class Scheduler {
 public:
  Scheduler(const OrchestratorConfig& config, StateStore* store, const TaskRunner* runner,
            AlertDispatcher* alerts, Clock* clock, SchedulerOptions options = {});
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  /// Resolves what a previous process left: tries still marked running are
  /// interrupted (their process groups killed) and their runs retried or
  /// failed per their retry policy. Then loads paused tasks and backfills.
  Status Recover();
  /// Recover, then the loop on a thread of its own.
  Status Start();
  /// Stops the loop, stops running tries (they count as interrupted, to be
  /// retried on the next start) and waits for them.
  void Stop();

  /// One pass at the clock's current time (the loop calls it; tests drive it).
  Status Tick();
  /// Blocks until no try or poke is in flight; their outcomes are applied by
  /// the next Tick.
  void WaitForInFlight();
  /// Ticks until nothing is in flight and a pass changed nothing (tests).
  Status Settle();
  /// When the next pass has something to do (a fire, poke, retry, deadline).
  Micros NextWakeup() const;

  // Control, from the HTTP API or in-process callers. Requests written to
  // the state by other processes (`tributary pause …`) take the same paths.
  Status Pause(const std::string& task);
  Status Resume(const std::string& task);
  /// Runs `task` for `logical_date` (default: the date its latest fire
  /// loads) now, even if that date ran before. Returns the run id.
  Result<int64_t> Trigger(const std::string& task, std::optional<Days> logical_date);
  /// The dates a backfill would run and skip, without doing anything.
  Result<std::vector<BackfillStep>> PlanBackfill(const BackfillRequest& request);
  /// Records and starts a backfill; idempotent per date (a date never has
  /// two runs, and with reprocess none a date that ran is skipped).
  Result<int64_t> StartBackfill(const BackfillRequest& request);

  RegionStatus RegionState(const std::string& region);
  std::vector<RegionStatus> Regions();
  /// Prometheus text exposition of the orchestrator's metrics.
  std::string MetricsText();
  const OrchestratorConfig& config() const { return config_; }
  Clock* clock() const { return clock_; }
  bool IsTask(const std::string& name) const { return tasks_.count(name) > 0; }

 private:
  /// A region or a refresh, seen the same way.
  struct TaskDef {
    std::string name;
    const RegionConfig* region = nullptr;
    const RefreshConfig* refresh = nullptr;
    const TaskAction* action = nullptr;
    const SensorConfig* sensor = nullptr;
    RetryPolicy retries;
    Micros timeout = 0;
    std::string pool;
    std::optional<Micros> expected_duration;
    std::vector<std::string> dependents;  // refreshes that depend on it
  };
  struct Completion {
    int64_t run_id = 0;
    int try_no = 0;
    bool poke = false;
    TryOutcome outcome;
    PokeOutcome poke_outcome;
  };
  struct InFlight {
    std::thread thread;
    bool poke = false;
    std::string pool;
    int64_t backfill_id = 0;  // a backfill's try: its id (-1 for none); 0 otherwise
  };

  using Lock = std::unique_lock<std::mutex>;

  Status TickLocked(Micros now, bool* changed);
  void Loop();
  Status ApplyCompletions(Micros now, bool* changed);
  Status ApplyRequests(Micros now, bool* changed);
  Status CreateScheduledRuns(Micros now, bool* changed);
  Status EvaluateRefreshes(Micros now, bool* changed);
  Status PokeSensors(Micros now, bool* changed);
  Status Dispatch(Micros now, bool* changed);
  Status CheckDeadlines(Micros now);
  Status FinishBackfills();

  /// Creates a run (or returns the existing one of that date untouched).
  Result<RunRecord*> EnsureRun(const TaskDef& task, Days logical_date, RunKind kind, Micros scheduled_at,
                               Micros deadline, int64_t backfill_id, Micros now, bool* created);
  /// Moves a finished run back to its first state for another generation.
  Status Requeue(RunRecord* run, RunKind kind, int64_t backfill_id, Micros now);
  RunState FirstState(const TaskDef& task) const;
  Status OnLanded(const RunRecord& run, Micros now);
  Status Fire(const RunRecord& run, const std::string& kind, std::string message, Micros now);
  Status StartTry(RunRecord* run, Micros now);
  void StartPoke(RunRecord* run);
  /// What a try or poke of `run` is told.
  TaskContext ContextFor(const RunRecord& run, int try_no);
  /// Queues a finished try's or poke's outcome for the next pass.
  void Complete(Completion completion);
  Micros ExpectedDuration(const TaskDef& task);
  Micros Remaining(const RunRecord& run, Micros now, int depth);
  Micros RetryDelay(const RetryPolicy& policy, int failed_tries);
  Status Save(const RunRecord& run);
  RunRecord* FindActive(const std::string& task, Days logical_date);
  Result<int64_t> TriggerLocked(const TaskDef& task, std::optional<Days> logical_date, Micros now);
  Days DefaultLogicalDate(const TaskDef& task, Micros now) const;
  std::vector<BackfillStep> PlanBackfillLocked(const BackfillRequest& request, const TaskDef& task);

  OrchestratorConfig config_;
  StateStore* store_;
  const TaskRunner* runner_;
  AlertDispatcher* alerts_;
  Clock* clock_;
  SchedulerOptions options_;
  std::map<std::string, TaskDef> tasks_;
  std::map<std::string, int> pool_slots_;

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  /// Runs not yet finished (and finished ones a refresh may need again are
  /// read back from the store).
  std::map<int64_t, RunRecord> active_;
  std::map<int64_t, InFlight> in_flight_;
  std::deque<Completion> completions_;
  std::set<std::string> paused_;
  std::map<int64_t, BackfillRecord> backfills_;
  std::map<std::string, Micros> cursors_;
  /// Refresh runs whose input re-landed while they ran: run again after.
  std::set<int64_t> rerun_after_;
  std::map<std::string, Micros> p90_cache_;
  std::atomic<bool> cancel_{false};
  bool stopping_ = false;
  bool recovered_ = false;
  std::thread loop_;
  std::mt19937_64 rng_;
};

}  // namespace tributary::orchestrator
