#include "orchestrator/scheduler.hpp"

#include <signal.h>

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "orchestrator/timeline.hpp"
#include "types/datetime.hpp"

namespace tributary::orchestrator {

namespace {

std::string Date(Days d) { return datetime::FormatDate(d); }

/// "08:00 +08 (00:00Z)": a deadline as the region reads it and in UTC.
std::string DescribeInstant(Micros t, const TimeZone& zone) {
  LocalTime local = zone.ToLocal(t);
  return fmt::format("{} {} ({})", FormatLocalTime(local), zone.Abbreviation(t), FormatUtc(t));
}

Micros P90(std::vector<Micros> durations) {
  std::sort(durations.begin(), durations.end());
  size_t index = (durations.size() * 9 + 9) / 10;  // ceil(0.9 n), 1-based
  return durations[std::min(durations.size(), std::max<size_t>(index, 1)) - 1];
}

}  // namespace

Scheduler::Scheduler(const OrchestratorConfig& config, StateStore* store, const TaskRunner* runner,
                     AlertDispatcher* alerts, Clock* clock, SchedulerOptions options)
    : config_(config), store_(store), runner_(runner), alerts_(alerts), clock_(clock), options_(options) {
  rng_.seed(options_.seed != 0 ? options_.seed : std::random_device{}());
  for (const RegionConfig& r : config_.regions) {
    TaskDef t;
    t.name = r.name;
    t.region = &r;
    t.action = &r.action;
    t.sensor = r.sensor ? &*r.sensor : nullptr;
    t.retries = r.retries;
    t.timeout = r.timeout;
    t.pool = r.pool;
    t.expected_duration = r.expected_duration;
    tasks_[r.name] = t;
  }
  for (const RefreshConfig& f : config_.refreshes) {
    TaskDef t;
    t.name = f.name;
    t.refresh = &f;
    t.action = &f.action;
    t.retries = f.retries;
    t.timeout = f.timeout;
    t.pool = f.pool;
    t.expected_duration = f.expected_duration;
    tasks_[f.name] = t;
  }
  for (const RefreshConfig& f : config_.refreshes) {
    for (const std::string& dep : f.depends_on) {
      auto it = tasks_.find(dep);
      if (it != tasks_.end()) it->second.dependents.push_back(f.name);
    }
  }
  for (const PoolConfig& p : config_.pools) pool_slots_[p.name] = p.slots;
}

Scheduler::~Scheduler() { Stop(); }

Status Scheduler::Save(const RunRecord& run) { return store_->UpdateRun(run); }

RunState Scheduler::FirstState(const TaskDef& task) const {
  if (task.refresh != nullptr) return RunState::kWaiting;
  if (task.sensor != nullptr) return RunState::kSensing;
  return RunState::kQueued;
}

Status Scheduler::Recover() {
  Lock lock(mutex_);
  Micros now = clock_->Now();
  TRIB_ASSIGN_OR_RETURN(std::vector<TryRecord> running, store_->RunningTries());
  for (TryRecord& t : running) {
    // The process group of a command that outlived its orchestrator (it
    // should have died with it) is stopped before the try is retried.
    if (t.pid > 0) kill(-static_cast<pid_t>(t.pid), SIGKILL);
    t.state = TryState::kInterrupted;
    t.finished_at = now;
    t.error = "interrupted: the orchestrator stopped during this try";
    t.error_class = ErrorClass::kTransient;
    TRIB_RETURN_NOT_OK(store_->UpdateTry(t));
  }
  TRIB_ASSIGN_OR_RETURN(std::vector<RunRecord> active, store_->ActiveRuns());
  for (RunRecord& r : active) {
    if (r.state == RunState::kRunning) {
      auto it = tasks_.find(r.task);
      int attempts = it == tasks_.end() ? 1 : it->second.retries.attempts;
      r.error = "interrupted: the orchestrator stopped during try " + std::to_string(r.tries);
      r.error_class = ErrorClass::kTransient;
      if (r.generation_tries < attempts) {
        r.state = RunState::kUpForRetry;
        r.next_try_at = now;
      } else {
        r.state = RunState::kFailed;
        r.finished_at = now;
      }
      TRIB_RETURN_NOT_OK(Save(r));
      std::fprintf(stderr, "tributary: %s %s: try %d was interrupted by a restart; %s\n", r.task.c_str(),
                   Date(r.logical_date).c_str(), r.tries,
                   r.state == RunState::kFailed ? "no tries left, failed" : "retrying");
      if (r.state == RunState::kFailed) continue;
    }
    active_[r.run_id] = r;
  }
  TRIB_ASSIGN_OR_RETURN(std::vector<std::string> paused, store_->PausedTasks());
  paused_ = std::set<std::string>(paused.begin(), paused.end());
  TRIB_ASSIGN_OR_RETURN(std::vector<BackfillRecord> backfills, store_->ActiveBackfills());
  for (BackfillRecord& b : backfills) backfills_[b.backfill_id] = b;
  recovered_ = true;
  return Status::OK();
}

Status Scheduler::Start() {
  TRIB_RETURN_NOT_OK(Recover());
  loop_ = std::thread([this] { Loop(); });
  return Status::OK();
}

void Scheduler::Stop() {
  {
    Lock lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (loop_.joinable()) loop_.join();
  cancel_ = true;
  std::map<int64_t, InFlight> flights;
  {
    Lock lock(mutex_);
    flights.swap(in_flight_);
  }
  for (auto& [id, f] : flights) {
    if (f.thread.joinable()) f.thread.join();
  }
  // Tries stopped by the shutdown stay "running" in the state: the next
  // start resolves them as interrupted, per their retry policy.
}

void Scheduler::Loop() {
  Lock lock(mutex_);
  while (!stopping_) {
    bool changed = false;
    Status st = TickLocked(clock_->Now(), &changed);
    if (!st.ok()) std::fprintf(stderr, "tributary: scheduler: %s\n", st.ToString().c_str());
    if (changed || !completions_.empty()) continue;
    Micros now = clock_->Now();
    Micros wake = std::min(NextWakeup(), now + options_.max_sleep);
    if (wake > now) clock_->WaitUntil(cv_, lock, wake);
  }
}

Status Scheduler::Tick() {
  Lock lock(mutex_);
  bool changed = false;
  return TickLocked(clock_->Now(), &changed);
}

void Scheduler::WaitForInFlight() {
  Lock lock(mutex_);
  // Every in-flight try or poke has queued its completion.
  cv_.wait(lock, [&] { return completions_.size() >= in_flight_.size(); });
}

Status Scheduler::Settle() {
  for (int pass = 0; pass < 10'000; pass++) {
    WaitForInFlight();
    Lock lock(mutex_);
    bool changed = false;
    TRIB_RETURN_NOT_OK(TickLocked(clock_->Now(), &changed));
    if (!changed && in_flight_.empty() && completions_.empty()) return Status::OK();
  }
  return Status::Internal("the scheduler did not settle");
}

Status Scheduler::TickLocked(Micros now, bool* changed) {
  if (!recovered_) return Status::Internal("Scheduler::Recover must run before the first pass");
  TRIB_RETURN_NOT_OK(ApplyCompletions(now, changed));
  TRIB_RETURN_NOT_OK(ApplyRequests(now, changed));
  if (options_.run_schedules) TRIB_RETURN_NOT_OK(CreateScheduledRuns(now, changed));
  TRIB_RETURN_NOT_OK(EvaluateRefreshes(now, changed));
  TRIB_RETURN_NOT_OK(PokeSensors(now, changed));
  TRIB_RETURN_NOT_OK(Dispatch(now, changed));
  TRIB_RETURN_NOT_OK(CheckDeadlines(now));
  return FinishBackfills();
}

// --- runs -------------------------------------------------------------------

RunRecord* Scheduler::FindActive(const std::string& task, Days logical_date) {
  for (auto& [id, r] : active_) {
    if (r.task == task && r.logical_date == logical_date) return &r;
  }
  return nullptr;
}

Result<RunRecord*> Scheduler::EnsureRun(const TaskDef& task, Days logical_date, RunKind kind, Micros scheduled_at,
                                        Micros deadline, int64_t backfill_id, Micros now, bool* created) {
  *created = false;
  if (RunRecord* r = FindActive(task.name, logical_date)) return r;
  TRIB_ASSIGN_OR_RETURN(std::optional<RunRecord> existing, store_->FindRun(task.name, logical_date));
  if (existing) return static_cast<RunRecord*>(nullptr);
  RunRecord r;
  r.task = task.name;
  r.logical_date = logical_date;
  r.kind = kind;
  r.state = FirstState(task);
  r.created_at = now;
  r.scheduled_at = scheduled_at;
  r.deadline = deadline;
  r.backfill_id = backfill_id;
  if (r.state == RunState::kSensing) {
    r.sensor_started_at = std::max(now, scheduled_at);
    r.next_poke_at = r.sensor_started_at;
  }
  TRIB_RETURN_NOT_OK(store_->InsertRun(&r));
  *created = true;
  active_.emplace(r.run_id, r);
  // A refresh learns of a date as soon as one of its inputs has a run for
  // it, so its deadline is watched while the inputs are still coming.
  for (const std::string& dep : task.dependents) {
    const TaskDef& refresh = tasks_.at(dep);
    Micros refresh_deadline =
        kind == RunKind::kScheduled ? RefreshDeadline(*refresh.refresh, logical_date) : Micros{0};
    bool refresh_created = false;
    // Not part of the backfill's count: a refresh may wait on regions the
    // backfill does not load.
    TRIB_ASSIGN_OR_RETURN(RunRecord * ignored, EnsureRun(refresh, logical_date, kind, now, refresh_deadline, 0,
                                                         now, &refresh_created));
    (void)ignored;
  }
  return &active_.at(r.run_id);
}

Status Scheduler::Requeue(RunRecord* run, RunKind kind, int64_t backfill_id, Micros now) {
  const TaskDef& task = tasks_.at(run->task);
  run->kind = kind;
  run->backfill_id = backfill_id;
  run->generation++;
  run->generation_tries = 0;
  run->state = FirstState(task);
  run->error.clear();
  run->error_class = ErrorClass::kNone;
  run->started_at = 0;
  run->finished_at = 0;
  run->partial = false;
  if (run->state == RunState::kSensing) {
    run->sensor_started_at = now;
    run->next_poke_at = now;
  }
  TRIB_RETURN_NOT_OK(Save(*run));
  active_[run->run_id] = *run;
  return Status::OK();
}

Status Scheduler::CreateScheduledRuns(Micros now, bool* changed) {
  for (const RegionConfig& region : config_.regions) {
    const TaskDef& task = tasks_.at(region.name);
    auto cursor_it = cursors_.find(region.name);
    if (cursor_it == cursors_.end()) {
      TRIB_ASSIGN_OR_RETURN(std::optional<Micros> stored, store_->ScheduleCursor(region.name));
      if (!stored) {
        // First start: the schedule begins now; nothing before it runs.
        TRIB_RETURN_NOT_OK(store_->SetScheduleCursor(region.name, now));
        stored = now;
      }
      cursor_it = cursors_.emplace(region.name, *stored).first;
    }
    std::vector<Days> missed;
    while (true) {
      CronFire fire = region.schedule.NextAfter(cursor_it->second, region.time_zone);
      if (fire.at > now) break;
      Days logical = RegionLogicalDate(region, fire);
      if (now - fire.at > options_.catchup_grace) {
        missed.push_back(logical);
      } else {
        bool created = false;
        TRIB_ASSIGN_OR_RETURN(RunRecord * run, EnsureRun(task, logical, RunKind::kScheduled, fire.at,
                                                         RegionDeadline(region, fire), 0, now, &created));
        (void)run;
        *changed = true;
      }
      cursor_it->second = fire.at;
      TRIB_RETURN_NOT_OK(store_->SetScheduleCursor(region.name, fire.at));
    }
    if (!missed.empty()) {
      // No silent catch-up: the dates are named, and backfilling them is
      // an explicit decision.
      RunRecord notice;
      notice.task = region.name;
      notice.logical_date = missed.back();
      std::string range = missed.size() == 1 ? Date(missed.front())
                                             : Date(missed.front()) + " .. " + Date(missed.back());
      TRIB_RETURN_NOT_OK(
          Fire(notice, "downtime",
               fmt::format("{} scheduled run{} of {} missed while the orchestrator was down (logical date{} {}); "
                           "not run: backfill with `tributary backfill --task {} --from {} --to {}`",
                           missed.size(), missed.size() == 1 ? " was" : "s were", region.name,
                           missed.size() == 1 ? "" : "s", range, region.name, Date(missed.front()),
                           Date(missed.back())),
               now));
    }
  }
  return Status::OK();
}

Status Scheduler::EvaluateRefreshes(Micros now, bool* changed) {
  for (auto& [id, run] : active_) {
    if (run.state != RunState::kWaiting) continue;
    const TaskDef& task = tasks_.at(run.task);
    const RefreshConfig& refresh = *task.refresh;
    std::vector<std::string> landed;
    Micros latest = 0;
    for (const std::string& dep : refresh.depends_on) {
      TRIB_ASSIGN_OR_RETURN(std::optional<RunRecord> d, store_->FindRun(dep, run.logical_date));
      if (RunRecord* live = FindActive(dep, run.logical_date)) d = *live;
      if (d && d->state == RunState::kSuccess) {
        landed.push_back(dep);
        latest = std::max(latest, d->finished_at);
      }
    }
    size_t total = refresh.depends_on.size();
    bool ready = false;
    switch (refresh.policy) {
      case RefreshConfig::Policy::kAll:
        ready = landed.size() == total;
        break;
      case RefreshConfig::Policy::kQuorum:
        ready = static_cast<int>(landed.size()) >= refresh.quorum;
        break;
      case RefreshConfig::Policy::kAtDeadline:
        ready = landed.size() == total || (run.deadline != 0 && now >= run.deadline && !landed.empty());
        break;
    }
    if (!ready) continue;
    run.state = RunState::kQueued;
    run.partial = landed.size() < total;
    run.inputs_landed_at = latest;
    run.inputs.clear();
    for (const std::string& l : landed) run.inputs += (run.inputs.empty() ? "" : ",") + l;
    TRIB_RETURN_NOT_OK(Save(run));
    *changed = true;
  }
  return Status::OK();
}

Status Scheduler::OnLanded(const RunRecord& run, Micros now) {
  const TaskDef& task = tasks_.at(run.task);
  for (const std::string& dep : task.dependents) {
    const TaskDef& refresh = tasks_.at(dep);
    RunRecord* r = FindActive(dep, run.logical_date);
    if (r == nullptr) {
      TRIB_ASSIGN_OR_RETURN(std::optional<RunRecord> stored, store_->FindRun(dep, run.logical_date));
      if (!stored) {
        bool created = false;
        TRIB_ASSIGN_OR_RETURN(RunRecord * c, EnsureRun(refresh, run.logical_date, run.kind, now, 0, 0, now, &created));
        (void)c;
        continue;
      }
      // The date's refresh already ran: a late or repeated load of one of
      // its inputs re-lands the date, so it runs again.
      if (stored->inputs_landed_at >= run.finished_at) continue;
      active_[stored->run_id] = *stored;
      r = &active_.at(stored->run_id);
      std::fprintf(stderr, "tributary: %s %s: input %s re-landed; refreshing again\n", dep.c_str(),
                   Date(run.logical_date).c_str(), run.task.c_str());
      TRIB_RETURN_NOT_OK(Requeue(r, r->kind, 0, now));
      continue;
    }
    if (r->state == RunState::kRunning || r->state == RunState::kQueued || r->state == RunState::kUpForRetry) {
      if (r->inputs_landed_at < run.finished_at && r->state != RunState::kWaiting) rerun_after_.insert(r->run_id);
    }
  }
  return Status::OK();
}

// --- sensors and tries ------------------------------------------------------

Status Scheduler::PokeSensors(Micros now, bool* changed) {
  for (auto& [id, run] : active_) {
    if (run.state != RunState::kSensing || in_flight_.count(id) || paused_.count(run.task)) continue;
    if (run.next_poke_at > now) continue;
    const TaskDef& task = tasks_.at(run.task);
    const SensorConfig& sensor = *task.sensor;
    if (now - run.sensor_started_at >= sensor.timeout) {
      run.finished_at = now;
      run.error = fmt::format("sensor timed out after {} waiting for its data ({})",
                              FormatDuration(sensor.timeout), SubstituteVariables(sensor.text, {run.task, "", run.logical_date}));
      run.error_class = ErrorClass::kTransient;
      run.state = sensor.soft_fail ? RunState::kSkipped : RunState::kFailed;
      TRIB_RETURN_NOT_OK(Save(run));
      *changed = true;
      if (run.state == RunState::kFailed) TRIB_RETURN_NOT_OK(Fire(run, "failed", run.error, now));
      continue;
    }
    StartPoke(&run);
    *changed = true;
  }
  // Finished runs leave the active set.
  for (auto it = active_.begin(); it != active_.end();) {
    if (IsTerminal(it->second.state) && !in_flight_.count(it->first)) {
      it = active_.erase(it);
    } else {
      ++it;
    }
  }
  return Status::OK();
}

TaskContext Scheduler::ContextFor(const RunRecord& run, int try_no) {
  const TaskDef& task = tasks_.at(run.task);
  TaskContext context;
  context.task = run.task;
  context.region = task.region ? task.region->name : "";
  context.logical_date = run.logical_date;
  context.run_id = run.run_id;
  context.try_no = try_no;
  context.timeout = task.timeout;
  context.cancel = &cancel_;
  return context;
}

void Scheduler::Complete(Completion completion) {
  Lock lock(mutex_);
  completions_.push_back(std::move(completion));
  cv_.notify_all();
}

void Scheduler::StartPoke(RunRecord* run) {
  TaskContext context = ContextFor(*run, run->tries + 1);
  InFlight& f = in_flight_[run->run_id];
  f.poke = true;
  const SensorConfig* sensor = tasks_.at(run->task).sensor;
  int64_t run_id = run->run_id;
  f.thread = std::thread([this, sensor, context, run_id] {
    Completion c;
    c.run_id = run_id;
    c.poke = true;
    c.poke_outcome = runner_->Poke(*sensor, context);
    Complete(std::move(c));
  });
}

Micros Scheduler::RetryDelay(const RetryPolicy& policy, int failed_tries) {
  double delay = static_cast<double>(policy.backoff);
  for (int i = 1; i < failed_tries; i++) delay *= policy.multiplier;
  delay = std::min(delay, static_cast<double>(policy.max_delay));
  if (policy.jitter > 0) {
    std::uniform_real_distribution<double> spread(1.0 - policy.jitter, 1.0 + policy.jitter);
    delay *= spread(rng_);
  }
  return std::max<Micros>(0, static_cast<Micros>(delay));
}

Status Scheduler::Dispatch(Micros now, bool* changed) {
  std::vector<RunRecord*> ready;
  for (auto& [id, run] : active_) {
    if (in_flight_.count(id) || paused_.count(run.task)) continue;
    if (run.state == RunState::kQueued || (run.state == RunState::kUpForRetry && run.next_try_at <= now)) {
      ready.push_back(&run);
    }
  }
  if (ready.empty()) return Status::OK();
  // Scheduled and manual runs first, earliest deadline first; backfills last.
  std::sort(ready.begin(), ready.end(), [](const RunRecord* a, const RunRecord* b) {
    bool ab = a->kind == RunKind::kBackfill, bb = b->kind == RunKind::kBackfill;
    if (ab != bb) return bb;
    Micros da = a->deadline ? a->deadline : INT64_MAX, db = b->deadline ? b->deadline : INT64_MAX;
    if (da != db) return da < db;
    if (a->logical_date != b->logical_date) return a->logical_date < b->logical_date;
    return a->run_id < b->run_id;
  });
  int busy = 0;
  std::map<std::string, int> pool_busy;
  std::map<int64_t, int> backfill_busy;
  int backfill_total = 0;
  for (const auto& [id, f] : in_flight_) {
    if (f.poke) continue;
    busy++;
    if (!f.pool.empty()) pool_busy[f.pool]++;
    if (f.backfill_id != 0) {
      backfill_busy[f.backfill_id]++;
      backfill_total++;
    }
  }
  int backfill_cap = std::max(0, config_.workers - config_.reserved_for_scheduled);
  for (RunRecord* run : ready) {
    if (busy >= config_.workers) break;
    const TaskDef& task = tasks_.at(run->task);
    if (!task.pool.empty() && pool_busy[task.pool] >= pool_slots_[task.pool]) continue;
    if (run->kind == RunKind::kBackfill) {
      if (backfill_total >= backfill_cap) continue;
      // Refreshes re-run by a backfill's dates (no backfill of their own)
      // share one slot.
      int64_t key = run->backfill_id != 0 ? run->backfill_id : -1;
      auto b = backfills_.find(key);
      int cap = b == backfills_.end() ? 1 : b->second.concurrency;
      if (backfill_busy[key] >= cap) continue;
      backfill_busy[key]++;
      backfill_total++;
    }
    TRIB_RETURN_NOT_OK(StartTry(run, now));
    busy++;
    if (!task.pool.empty()) pool_busy[task.pool]++;
    *changed = true;
  }
  return Status::OK();
}

Status Scheduler::StartTry(RunRecord* run, Micros now) {
  const TaskDef& task = tasks_.at(run->task);
  run->tries++;
  run->generation_tries++;
  run->state = RunState::kRunning;
  if (run->generation_tries == 1) run->started_at = now;
  TryRecord t;
  t.run_id = run->run_id;
  t.try_no = run->tries;
  t.generation = run->generation;
  t.started_at = now;
  // The try is recorded before it starts: a crash from here on leaves a
  // "running" try that the next start resolves.
  TRIB_RETURN_NOT_OK(store_->InsertTry(t));
  TRIB_RETURN_NOT_OK(Save(*run));

  TaskContext context = ContextFor(*run, run->tries);
  StateStore* store = store_;
  int64_t run_id = run->run_id;
  int try_no = run->tries;
  context.on_process = [store, run_id, try_no](int64_t pid) {
    Status st = store->SetTryPid(run_id, try_no, pid);
    if (!st.ok()) std::fprintf(stderr, "tributary: %s\n", st.ToString().c_str());
  };
  InFlight& f = in_flight_[run->run_id];
  f.pool = task.pool;
  f.backfill_id = run->kind != RunKind::kBackfill ? 0 : run->backfill_id != 0 ? run->backfill_id : -1;
  const TaskAction* action = task.action;
  f.thread = std::thread([this, action, context, run_id, try_no] {
    Completion c;
    c.run_id = run_id;
    c.try_no = try_no;
    c.outcome = runner_->Run(*action, context);
    Complete(std::move(c));
  });
  return Status::OK();
}

Status Scheduler::ApplyCompletions(Micros now, bool* changed) {
  while (!completions_.empty()) {
    Completion c = std::move(completions_.front());
    completions_.pop_front();
    *changed = true;
    auto flight = in_flight_.find(c.run_id);
    if (flight != in_flight_.end()) {
      if (flight->second.thread.joinable()) flight->second.thread.join();
      in_flight_.erase(flight);
    }
    auto it = active_.find(c.run_id);
    if (it == active_.end()) continue;
    RunRecord& run = it->second;
    const TaskDef& task = tasks_.at(run.task);
    if (c.poke) {
      if (run.state != RunState::kSensing) continue;
      if (c.poke_outcome.ready) {
        run.state = RunState::kQueued;
        run.error.clear();
      } else {
        run.next_poke_at = now + task.sensor->poke_interval;
        run.error = c.poke_outcome.error;
      }
      TRIB_RETURN_NOT_OK(Save(run));
      continue;
    }
    if (cancel_) continue;  // stopping: the try stays "running" for the next start to resolve
    TryRecord t;
    t.run_id = run.run_id;
    t.try_no = c.try_no;
    t.generation = run.generation;
    t.finished_at = now;
    t.state = c.outcome.ok ? TryState::kSuccess : TryState::kFailed;
    t.exit_code = c.outcome.exit_code;
    t.error = c.outcome.error;
    t.error_class = c.outcome.error_class;
    t.log = c.outcome.log;
    t.rows = c.outcome.rows;
    TRIB_RETURN_NOT_OK(store_->UpdateTry(t));
    if (c.outcome.ok) {
      run.state = RunState::kSuccess;
      run.finished_at = now;
      run.rows = c.outcome.rows;
      run.error.clear();
      run.error_class = ErrorClass::kNone;
      TRIB_RETURN_NOT_OK(Save(run));
      p90_cache_.erase(run.task);
      RunRecord landed = run;
      TRIB_ASSIGN_OR_RETURN(std::vector<AlertRecord> alerts, store_->ListAlerts(run.task, 50));
      bool warned = std::any_of(alerts.begin(), alerts.end(), [&](const AlertRecord& a) {
        return a.logical_date == run.logical_date && (a.kind == "at_risk" || a.kind == "missed");
      });
      if (warned && run.deadline != 0) {
        const TimeZone& zone = task.region ? task.region->time_zone : task.refresh->time_zone;
        Micros slack = run.deadline - now;
        TRIB_RETURN_NOT_OK(Fire(run, "recovered",
                                fmt::format("{} {} landed at {}, {} {} its deadline", run.task,
                                            Date(run.logical_date), DescribeInstant(now, zone),
                                            FormatDuration(slack >= 0 ? slack : -slack),
                                            slack >= 0 ? "before" : "after"),
                                now));
      }
      if (rerun_after_.erase(run.run_id)) {
        TRIB_RETURN_NOT_OK(Requeue(&run, run.kind, run.backfill_id, now));
      }
      TRIB_RETURN_NOT_OK(OnLanded(landed, now));
      continue;
    }
    run.error = c.outcome.error;
    run.error_class = c.outcome.error_class;
    bool retry = c.outcome.error_class == ErrorClass::kTransient && run.generation_tries < task.retries.attempts;
    if (retry) {
      run.state = RunState::kUpForRetry;
      run.next_try_at = now + RetryDelay(task.retries, run.generation_tries);
      std::fprintf(stderr, "tributary: %s %s: try %d failed (%s): %s; retrying at %s\n", run.task.c_str(),
                   Date(run.logical_date).c_str(), c.try_no, ErrorClassName(run.error_class), run.error.c_str(),
                   FormatUtc(run.next_try_at).c_str());
      TRIB_RETURN_NOT_OK(Save(run));
      continue;
    }
    run.state = RunState::kFailed;
    run.finished_at = now;
    rerun_after_.erase(run.run_id);
    TRIB_RETURN_NOT_OK(Save(run));
    std::string why = c.outcome.error_class == ErrorClass::kPermanent
                          ? "a permanent error, not retried"
                          : fmt::format("after {} tries", run.generation_tries);
    TRIB_RETURN_NOT_OK(Fire(run, "failed",
                            fmt::format("{} {} failed ({}): {}", run.task, Date(run.logical_date), why, run.error),
                            now));
  }
  return Status::OK();
}

// --- deadlines and alerts ---------------------------------------------------

Micros Scheduler::ExpectedDuration(const TaskDef& task) {
  auto cached = p90_cache_.find(task.name);
  if (cached != p90_cache_.end()) return cached->second;
  Micros expected = task.expected_duration.value_or(0);
  auto durations = store_->RecentDurations(task.name, options_.duration_window);
  if (durations.ok() && static_cast<int>(durations->size()) >= options_.min_duration_samples) {
    expected = P90(*durations);
  }
  p90_cache_[task.name] = expected;
  return expected;
}

Micros Scheduler::Remaining(const RunRecord& run, Micros now, int depth) {
  const TaskDef& task = tasks_.at(run.task);
  Micros expected = ExpectedDuration(task);
  if (run.state == RunState::kRunning) return std::max<Micros>(0, expected - (now - run.started_at));
  if (run.state == RunState::kWaiting && task.refresh != nullptr && depth < 8) {
    // A refresh still waiting lands after its slowest input, then runs.
    Micros inputs = 0;
    for (const std::string& dep : task.refresh->depends_on) {
      if (RunRecord* d = FindActive(dep, run.logical_date)) inputs = std::max(inputs, Remaining(*d, now, depth + 1));
    }
    return inputs + expected;
  }
  return expected;
}

Status Scheduler::Fire(const RunRecord& run, const std::string& kind, std::string message, Micros now) {
  AlertRecord alert;
  alert.task = run.task;
  alert.logical_date = run.logical_date;
  alert.kind = kind;
  alert.fired_at = now;
  alert.deadline = run.deadline;
  alert.message = std::move(message);
  TRIB_ASSIGN_OR_RETURN(bool fresh, store_->InsertAlert(&alert));
  if (fresh && alerts_ != nullptr) alerts_->Send(alert);
  return Status::OK();
}

Status Scheduler::CheckDeadlines(Micros now) {
  for (auto& [id, run] : active_) {
    if (run.deadline == 0 || IsTerminal(run.state)) continue;
    const TaskDef& task = tasks_.at(run.task);
    // An at_deadline refresh runs at its deadline by design, with what
    // landed; the late regions raise their own alerts.
    if (task.refresh != nullptr && task.refresh->policy == RefreshConfig::Policy::kAtDeadline) continue;
    const TimeZone& zone = task.region ? task.region->time_zone : task.refresh->time_zone;
    if (now >= run.deadline) {
      TRIB_RETURN_NOT_OK(Fire(run, "missed",
                              fmt::format("{} {} missed its deadline {}: {}", run.task, Date(run.logical_date),
                                          DescribeInstant(run.deadline, zone), RunStateName(run.state)),
                              now));
      continue;
    }
    Micros remaining = Remaining(run, now, 0);
    if (remaining > 0 && now + remaining >= run.deadline) {
      std::string doing = run.state == RunState::kSensing  ? "its sensor is still waiting for data"
                          : run.state == RunState::kWaiting ? "its inputs have not all landed"
                          : run.state == RunState::kRunning ? "it is still running"
                                                             : std::string("it is ") + RunStateName(run.state);
      TRIB_RETURN_NOT_OK(Fire(
          run, "at_risk",
          fmt::format("{} {} is at risk of missing its deadline {} (in {}): {}, and it needs about {} more", run.task,
                      Date(run.logical_date), DescribeInstant(run.deadline, zone),
                      FormatDuration(run.deadline - now), doing, FormatDuration(remaining)),
          now));
    }
  }
  return Status::OK();
}

Micros Scheduler::NextWakeup() const {
  // Only future moments count: whatever is due now was handled by the pass
  // just made, or waits on something that wakes the loop by itself (a
  // completion, a resume).
  Micros now = clock_->Now();
  Micros next = INT64_MAX;
  auto consider = [&](Micros t) {
    if (t > now) next = std::min(next, t);
  };
  auto* self = const_cast<Scheduler*>(this);
  if (options_.run_schedules) {
    for (const RegionConfig& region : config_.regions) {
      auto it = cursors_.find(region.name);
      consider(region.schedule.NextAfter(it == cursors_.end() ? now : it->second, region.time_zone).at);
    }
  }
  for (const auto& [id, run] : active_) {
    if (run.state == RunState::kSensing) consider(run.next_poke_at);
    if (run.state == RunState::kUpForRetry) consider(run.next_try_at);
    if (run.deadline != 0 && !IsTerminal(run.state)) {
      consider(run.deadline);
      consider(run.deadline - self->Remaining(run, now, 0));
    }
  }
  return next;
}

Status Scheduler::FinishBackfills() {
  for (auto it = backfills_.begin(); it != backfills_.end();) {
    bool open = std::any_of(active_.begin(), active_.end(),
                            [&](const auto& e) { return e.second.backfill_id == it->first; });
    if (open) {
      ++it;
      continue;
    }
    TRIB_RETURN_NOT_OK(store_->MarkBackfillDone(it->first));
    it = backfills_.erase(it);
  }
  return Status::OK();
}

// --- control ----------------------------------------------------------------

Status Scheduler::ApplyRequests(Micros now, bool* changed) {
  TRIB_ASSIGN_OR_RETURN(std::vector<ControlRequest> requests, store_->TakeRequests());
  for (const ControlRequest& r : requests) {
    *changed = true;
    Status st;
    if (r.action == "pause") {
      paused_.insert(r.task);
      st = store_->SetPaused(r.task, true, now);
    } else if (r.action == "resume") {
      paused_.erase(r.task);
      st = store_->SetPaused(r.task, false, now);
    } else if (r.action == "trigger") {
      std::optional<Days> date;
      if (!r.args.empty()) {
        auto parsed = datetime::ParseDate(r.args);
        if (parsed.ok()) date = *parsed;
      }
      auto task = tasks_.find(r.task);
      if (task == tasks_.end()) {
        st = Status::NotFound("no task or region named \"{}\"", r.task);
      } else {
        st = TriggerLocked(task->second, date, now).status();
      }
    } else if (r.action == "backfill") {
      auto b = store_->FindBackfill(std::stoll(r.args.empty() ? "0" : r.args));
      if (b.ok() && *b && !(*b)->done && !backfills_.count((*b)->backfill_id)) {
        BackfillRecord record = **b;
        BackfillRequest req{record.task, record.from, record.to, record.reprocess, record.concurrency};
        auto task = tasks_.find(record.task);
        if (task != tasks_.end()) {
          backfills_[record.backfill_id] = record;
          for (const BackfillStep& step : PlanBackfillLocked(req, task->second)) {
            if (!step.run) continue;
            RunRecord* live = FindActive(record.task, step.logical_date);
            if (live == nullptr) {
              TRIB_ASSIGN_OR_RETURN(std::optional<RunRecord> stored, store_->FindRun(record.task, step.logical_date));
              if (stored) {
                active_[stored->run_id] = *stored;
                TRIB_RETURN_NOT_OK(Requeue(&active_.at(stored->run_id), RunKind::kBackfill, record.backfill_id, now));
                continue;
              }
              bool created = false;
              TRIB_ASSIGN_OR_RETURN(RunRecord * c, EnsureRun(task->second, step.logical_date, RunKind::kBackfill,
                                                             now, 0, record.backfill_id, now, &created));
              (void)c;
            }
          }
        }
      }
      st = b.status();
    }
    if (!st.ok()) std::fprintf(stderr, "tributary: request %s %s: %s\n", r.action.c_str(), r.task.c_str(),
                               st.ToString().c_str());
  }
  return Status::OK();
}

Status Scheduler::Pause(const std::string& task) {
  if (!IsTask(task)) return Status::NotFound("no task or region named \"{}\"", task);
  Lock lock(mutex_);
  paused_.insert(task);
  return store_->SetPaused(task, true, clock_->Now());
}

Status Scheduler::Resume(const std::string& task) {
  if (!IsTask(task)) return Status::NotFound("no task or region named \"{}\"", task);
  {
    Lock lock(mutex_);
    paused_.erase(task);
    TRIB_RETURN_NOT_OK(store_->SetPaused(task, false, clock_->Now()));
  }
  cv_.notify_all();
  return Status::OK();
}

Days Scheduler::DefaultLogicalDate(const TaskDef& task, Micros now) const {
  if (task.region != nullptr) {
    // The date the latest fire (at or before now) loads.
    CronFire fire = task.region->schedule.NextAfter(now - 400 * kMicrosPerDay, task.region->time_zone);
    CronFire latest = fire;
    while (fire.at <= now) {
      latest = fire;
      fire = task.region->schedule.NextAfter(fire.at, task.region->time_zone);
    }
    return RegionLogicalDate(*task.region, latest);
  }
  return task.refresh->time_zone.ToLocal(now).date - 1;
}

Result<int64_t> Scheduler::TriggerLocked(const TaskDef& task, std::optional<Days> logical_date, Micros now) {
  Days date = logical_date ? *logical_date : DefaultLogicalDate(task, now);
  // Already on its way: a trigger never doubles a run.
  if (RunRecord* live = FindActive(task.name, date)) return live->run_id;
  TRIB_ASSIGN_OR_RETURN(std::optional<RunRecord> stored, store_->FindRun(task.name, date));
  if (stored) {
    active_[stored->run_id] = *stored;
    TRIB_RETURN_NOT_OK(Requeue(&active_.at(stored->run_id), RunKind::kManual, 0, now));
    return stored->run_id;
  }
  bool created = false;
  TRIB_ASSIGN_OR_RETURN(RunRecord * r, EnsureRun(task, date, RunKind::kManual, now, 0, 0, now, &created));
  return r ? r->run_id : int64_t{0};
}

Result<int64_t> Scheduler::Trigger(const std::string& name, std::optional<Days> logical_date) {
  auto it = tasks_.find(name);
  if (it == tasks_.end()) return Status::NotFound("no task or region named \"{}\"", name);
  Lock lock(mutex_);
  Result<int64_t> id = TriggerLocked(it->second, logical_date, clock_->Now());
  lock.unlock();
  cv_.notify_all();
  return id;
}

std::vector<BackfillStep> Scheduler::PlanBackfillLocked(const BackfillRequest& request, const TaskDef& task) {
  std::vector<BackfillStep> steps;
  for (Days d = request.from; d <= request.to; d++) {
    BackfillStep step;
    step.logical_date = d;
    std::optional<RunRecord> existing;
    if (RunRecord* live = FindActive(task.name, d)) {
      existing = *live;
    } else {
      auto stored = store_->FindRun(task.name, d);
      if (stored.ok()) existing = *stored;
    }
    if (!existing) {
      step.run = true;
      step.reason = "no run yet";
    } else if (!IsTerminal(existing->state)) {
      step.reason = std::string("already ") + RunStateName(existing->state);
    } else if (request.reprocess == "all") {
      step.run = true;
      step.reason = std::string("reprocess all (was ") + RunStateName(existing->state) + ")";
    } else if (request.reprocess == "failed" && existing->state != RunState::kSuccess) {
      step.run = true;
      step.reason = std::string("reprocess failed (was ") + RunStateName(existing->state) + ")";
    } else {
      step.reason = std::string("already ") + RunStateName(existing->state);
    }
    steps.push_back(std::move(step));
  }
  return steps;
}

Result<std::vector<BackfillStep>> Scheduler::PlanBackfill(const BackfillRequest& request) {
  auto it = tasks_.find(request.task);
  if (it == tasks_.end()) return Status::NotFound("no task or region named \"{}\"", request.task);
  if (request.from > request.to) {
    return Status::Invalid("backfill range is empty: --from {} is after --to {}", Date(request.from),
                           Date(request.to));
  }
  if (request.reprocess != "none" && request.reprocess != "failed" && request.reprocess != "all") {
    return Status::Invalid("--reprocess must be none, failed or all, not \"{}\"", request.reprocess);
  }
  if (request.concurrency < 1) return Status::Invalid("--concurrency must be at least 1, not {}", request.concurrency);
  Lock lock(mutex_);
  return PlanBackfillLocked(request, it->second);
}

Result<int64_t> Scheduler::StartBackfill(const BackfillRequest& request) {
  TRIB_ASSIGN_OR_RETURN(std::vector<BackfillStep> plan, PlanBackfill(request));
  (void)plan;
  BackfillRecord record;
  record.task = request.task;
  record.from = request.from;
  record.to = request.to;
  record.reprocess = request.reprocess;
  record.concurrency = request.concurrency;
  record.created_at = clock_->Now();
  TRIB_RETURN_NOT_OK(store_->InsertBackfill(&record));
  ControlRequest r;
  r.action = "backfill";
  r.task = request.task;
  r.args = std::to_string(record.backfill_id);
  r.created_at = record.created_at;
  TRIB_ASSIGN_OR_RETURN(int64_t request_id, store_->InsertRequest(r));
  (void)request_id;
  cv_.notify_all();
  return record.backfill_id;
}

// --- status -----------------------------------------------------------------

RegionStatus Scheduler::RegionState(const std::string& name) {
  RegionStatus s;
  s.name = name;
  const TaskDef& task = tasks_.at(name);
  s.time_zone = task.region ? task.region->time_zone_name : task.refresh->time_zone_name;
  Micros now = clock_->Now();
  Lock lock(mutex_);
  s.paused = paused_.count(name) > 0;
  auto last = store_->LastSuccess(name);
  if (last.ok() && *last) {
    s.last_success = **last;
    s.freshness = now - (*last)->finished_at;
  }
  auto runs = store_->ListRuns(name, std::nullopt, 20);
  if (runs.ok()) {
    for (const RunRecord& r : *runs) {
      if (r.deadline == 0) continue;  // backfills and manual runs carry no SLA
      s.latest = r;
      break;
    }
  }
  if (s.latest) {
    const RunRecord& r = *s.latest;
    auto alerts = store_->ListAlerts(name, 50);
    bool at_risk = false;
    if (alerts.ok()) {
      for (const AlertRecord& a : *alerts) {
        if (a.logical_date == r.logical_date && a.kind == "at_risk") at_risk = true;
      }
    }
    if (r.state == RunState::kSuccess) {
      s.sla_state = r.finished_at <= r.deadline ? "landed" : "landed_late";
    } else if (r.state == RunState::kFailed || r.state == RunState::kSkipped) {
      s.sla_state = "failed";
    } else if (now >= r.deadline) {
      s.sla_state = "missed";
    } else {
      s.sla_state = at_risk ? "at_risk" : "on_track";
    }
  }
  return s;
}

std::vector<RegionStatus> Scheduler::Regions() {
  std::vector<RegionStatus> out;
  for (const RegionConfig& r : config_.regions) out.push_back(RegionState(r.name));
  return out;
}

std::string Scheduler::MetricsText() {
  std::string out;
  auto label = [](std::string_view v) {
    std::string s;
    for (char c : v) {
      if (c == '\\' || c == '"') s += '\\';
      if (c == '\n') {
        s += "\\n";
        continue;
      }
      s += c;
    }
    return s;
  };
  std::vector<RegionStatus> regions = Regions();
  out += "# HELP tributary_region_last_success_timestamp_seconds When the region's latest successful load finished.\n";
  out += "# TYPE tributary_region_last_success_timestamp_seconds gauge\n";
  for (const RegionStatus& r : regions) {
    if (!r.last_success) continue;
    out += fmt::format("tributary_region_last_success_timestamp_seconds{{region=\"{}\"}} {}\n", label(r.name),
                       r.last_success->finished_at / kMicrosPerSecond);
  }
  out += "# HELP tributary_region_freshness_seconds Seconds since the region's latest successful load finished.\n";
  out += "# TYPE tributary_region_freshness_seconds gauge\n";
  for (const RegionStatus& r : regions) {
    if (r.freshness < 0) continue;
    out += fmt::format("tributary_region_freshness_seconds{{region=\"{}\"}} {}\n", label(r.name),
                       r.freshness / kMicrosPerSecond);
  }
  out += "# HELP tributary_region_sla_state The SLA state of the region's latest scheduled run (1 for the current state).\n";
  out += "# TYPE tributary_region_sla_state gauge\n";
  for (const RegionStatus& r : regions) {
    for (const char* state : {"idle", "on_track", "at_risk", "missed", "landed", "landed_late", "failed"}) {
      out += fmt::format("tributary_region_sla_state{{region=\"{}\",state=\"{}\"}} {}\n", label(r.name), state,
                         r.sla_state == state ? 1 : 0);
    }
  }
  out += "# HELP tributary_region_paused 1 when the region's task is paused.\n";
  out += "# TYPE tributary_region_paused gauge\n";
  for (const RegionStatus& r : regions) {
    out += fmt::format("tributary_region_paused{{region=\"{}\"}} {}\n", label(r.name), r.paused ? 1 : 0);
  }
  auto counts = [&](std::string_view what, const char* metric, const char* help, const char* type,
                    const char* label_a, const char* label_b) {
    auto rows = store_->Counts(what);
    if (!rows.ok()) return;
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", metric, help, metric, type);
    for (const auto& row : *rows) {
      out += fmt::format("{}{{{}=\"{}\",{}=\"{}\"}} {}\n", metric, label_a, label(row.a), label_b, label(row.b),
                         row.count);
    }
  };
  counts("runs", "tributary_task_runs", "Runs by task and state.", "gauge", "task", "state");
  counts("tries", "tributary_task_tries_total", "Tries by task and outcome.", "counter", "task", "state");
  counts("alerts", "tributary_alerts_total", "Alerts fired by task and kind.", "counter", "task", "kind");
  {
    Lock lock(mutex_);
    int busy = 0;
    for (const auto& [id, f] : in_flight_) busy += f.poke ? 0 : 1;
    out += "# HELP tributary_workers_busy Worker slots running a try.\n# TYPE tributary_workers_busy gauge\n";
    out += fmt::format("tributary_workers_busy {}\n", busy);
    out += "# HELP tributary_workers Worker slots.\n# TYPE tributary_workers gauge\n";
    out += fmt::format("tributary_workers {}\n", config_.workers);
  }
  if (alerts_ != nullptr) {
    out += "# HELP tributary_alert_delivery_failures_total Alerts a channel could not take after every attempt.\n";
    out += "# TYPE tributary_alert_delivery_failures_total counter\n";
    for (const auto& [channel, n] : alerts_->failed_deliveries()) {
      out += fmt::format("tributary_alert_delivery_failures_total{{channel=\"{}\"}} {}\n", label(channel), n);
    }
  }
  return out;
}

}  // namespace tributary::orchestrator
