// The scheduler on a simulated clock: four regions in four zones through a
// day with one slow source, DST across 2026, retries and alert delivery to a
// real HTTP receiver, and a backfill beside scheduled runs.

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "orchestrator/alerts.hpp"
#include "orchestrator/clock.hpp"
#include "orchestrator/config.hpp"
#include "orchestrator/scheduler.hpp"
#include "orchestrator/state_store.hpp"
#include "orchestrator/task_runner.hpp"
#include "types/datetime.hpp"

namespace tributary::orchestrator {
namespace {

namespace fs = std::filesystem;

Micros At(const char* utc) {
  auto t = datetime::ParseTimestamp(utc);
  EXPECT_TRUE(t.ok()) << utc;
  return *t;
}

Days Day(const char* date) { return *datetime::ParseDate(date); }

/// A scheduler over a config text, on a manual clock, in a fresh folder.
class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("tributary_scheduler_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    scheduler_.reset();
    if (alerts_) alerts_->Stop();
    alerts_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  /// `{dir}` in the text becomes the test's folder.
  void Open(std::string yaml, Micros start, SchedulerOptions options = {}) {
    for (size_t p; (p = yaml.find("{dir}")) != std::string::npos;) yaml.replace(p, 5, dir_.string());
    std::string path = (dir_ / "orchestrator.yaml").string();
    std::ofstream(path) << yaml;
    ConfigParseResult parsed = ReadOrchestratorConfig(path);
    ASSERT_TRUE(parsed.errors.empty()) << FormatConfigErrors(parsed.errors);
    config_ = *parsed.config;
    clock_ = std::make_unique<ManualClock>(start);
    Reopen(options);
  }

  /// A new scheduler on the same state (a restart).
  void Reopen(SchedulerOptions options = {}) {
    scheduler_.reset();
    if (alerts_) alerts_->Stop();
    auto store = StateStore::Open(config_.state_path);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    runner_ = std::make_unique<TaskRunner>(SqlRunner{});
    alerts_ = std::make_unique<AlertDispatcher>(config_.channels, store_.get());
    alerts_->Start();
    options.seed = 42;
    scheduler_ = std::make_unique<Scheduler>(config_, store_.get(), runner_.get(), alerts_.get(), clock_.get(),
                                             options);
    ASSERT_TRUE(scheduler_->Recover().ok());
  }

  /// Moves the clock from event to event (fires, pokes, retries, deadline
  /// checks) up to `end`, letting every try finish at each step.
  void RunUntil(Micros end) {
    ASSERT_TRUE(scheduler_->Settle().ok());
    while (true) {
      Micros next = std::max(scheduler_->NextWakeup(), clock_->Now() + 1);
      if (next > end) break;
      clock_->Set(next);
      ASSERT_TRUE(scheduler_->Settle().ok());
    }
    clock_->Set(end);
    ASSERT_TRUE(scheduler_->Settle().ok());
  }

  RunRecord Run(const std::string& task, const char* date) {
    auto r = store_->FindRun(task, Day(date));
    EXPECT_TRUE(r.ok() && r->has_value()) << task << " " << date;
    return r.ok() && *r ? **r : RunRecord{};
  }

  std::vector<AlertRecord> Alerts(const std::string& task = "") {
    auto a = store_->ListAlerts(task, 1000);
    EXPECT_TRUE(a.ok());
    std::vector<AlertRecord> out = *a;
    std::reverse(out.begin(), out.end());
    return out;
  }

  void Touch(const std::string& name) { std::ofstream(dir_ / name) << "ready\n"; }

  fs::path dir_;
  OrchestratorConfig config_;
  std::unique_ptr<ManualClock> clock_;
  std::unique_ptr<StateStore> store_;
  std::unique_ptr<TaskRunner> runner_;
  std::unique_ptr<AlertDispatcher> alerts_;
  std::unique_ptr<Scheduler> scheduler_;
};

/// Four regions, each loading at 05:00 local with an 08:00 local deadline;
/// a region lands when its marker file is there.
std::string FourRegions(const std::string& refresh_policy) {
  std::string regions;
  for (auto [name, zone] : std::vector<std::pair<const char*, const char*>>{{"AMER", "America/Los_Angeles"},
                                                                             {"LATAM", "America/Sao_Paulo"},
                                                                             {"EMEA", "Europe/Berlin"},
                                                                             {"APAC", "Asia/Singapore"}}) {
    regions += fmt::format(R"(
  - name: {0}
    time_zone: {1}
    schedule: "0 5 * * *"
    deadline: "08:00"
    expected_duration: 30m
    sensor:
      type: file
      path: "{{dir}}/{0}_{{{{ ds }}}}.ready"
      poke_interval: 5m
      timeout: 12h
    task:
      type: command
      command: "echo {0} {{{{ ds }}}} >> {{dir}}/loads.txt"
)",
                           name, zone);
  }
  return "state: state.db\nworkers: 4\nregions:" + regions + R"(
refresh:
  - name: global_daily
    depends_on: [AMER, LATAM, EMEA, APAC]
)" + refresh_policy + R"(
    time_zone: UTC
    deadline: "16:00"
    expected_duration: 10m
    task:
      type: command
      command: "echo global {{ ds }} >> {dir}/loads.txt"
)";
}

TEST_F(SchedulerTest, SlowRegionIsFlaggedAtRiskBeforeItsDeadlineAndDelaysNoOther) {
  // Logical date 2026-06-15: APAC fires 21:00Z on the 15th, EMEA 03:00Z,
  // LATAM 08:00Z, AMER 12:00Z on the 16th. LATAM's data comes at 07:50
  // local (10:50Z), ten minutes before its 08:00 (11:00Z) deadline.
  Open(FourRegions("    policy: all"), At("2026-06-15 18:00:00Z"));
  for (const char* region : {"AMER", "EMEA", "APAC"}) Touch(std::string(region) + "_2026-06-15.ready");
  RunUntil(At("2026-06-16 10:50:00Z"));
  EXPECT_EQ(Run("LATAM", "2026-06-15").state, RunState::kSensing);
  std::vector<AlertRecord> alerts = Alerts("LATAM");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].kind, "at_risk");
  // It fired as soon as now + 30m (the expected duration) reached the
  // deadline: 30 minutes before it.
  EXPECT_EQ(alerts[0].fired_at, At("2026-06-16 10:30:00Z"));
  EXPECT_EQ(alerts[0].deadline, At("2026-06-16 11:00:00Z"));
  EXPECT_NE(alerts[0].message.find("08:00 -03"), std::string::npos) << alerts[0].message;

  Touch("LATAM_2026-06-15.ready");
  RunUntil(At("2026-06-16 18:00:00Z"));
  // The three others started at their fire and landed at once.
  for (auto [region, fire] : std::vector<std::pair<const char*, const char*>>{{"APAC", "2026-06-15 21:00:00Z"},
                                                                              {"EMEA", "2026-06-16 03:00:00Z"},
                                                                              {"AMER", "2026-06-16 12:00:00Z"}}) {
    RunRecord r = Run(region, "2026-06-15");
    EXPECT_EQ(r.state, RunState::kSuccess) << region;
    EXPECT_EQ(r.scheduled_at, At(fire)) << region;
    EXPECT_EQ(r.started_at, At(fire)) << region;
    EXPECT_LE(r.finished_at, r.deadline) << region;
    EXPECT_TRUE(Alerts(region).empty()) << region;
  }
  RunRecord latam = Run("LATAM", "2026-06-15");
  EXPECT_EQ(latam.state, RunState::kSuccess);
  EXPECT_EQ(latam.finished_at, At("2026-06-16 10:55:00Z"));  // the first poke after the marker
  alerts = Alerts("LATAM");
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[1].kind, "recovered");
  // Policy all: the refresh ran once the last region (AMER, 12:00Z) landed.
  RunRecord global = Run("global_daily", "2026-06-15");
  EXPECT_EQ(global.state, RunState::kSuccess);
  EXPECT_EQ(global.started_at, At("2026-06-16 12:00:00Z"));
  EXPECT_FALSE(global.partial);
  EXPECT_EQ(global.inputs, "AMER,LATAM,EMEA,APAC");
}

TEST_F(SchedulerTest, AtDeadlineRefreshRunsPartialThenAgainWhenTheLateRegionLands) {
  Open(FourRegions("    policy: at_deadline"), At("2026-06-15 18:00:00Z"));
  for (const char* region : {"AMER", "EMEA", "APAC"}) Touch(std::string(region) + "_2026-06-15.ready");
  RunUntil(At("2026-06-16 16:30:00Z"));
  RunRecord latam = Run("LATAM", "2026-06-15");
  EXPECT_EQ(latam.state, RunState::kSensing);
  std::vector<std::string> kinds;
  for (const AlertRecord& a : Alerts("LATAM")) kinds.push_back(a.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"at_risk", "missed"}));
  // At its 16:00 UTC deadline the refresh ran with the three that landed.
  RunRecord global = Run("global_daily", "2026-06-15");
  EXPECT_EQ(global.state, RunState::kSuccess);
  EXPECT_EQ(global.started_at, At("2026-06-16 16:00:00Z"));
  EXPECT_TRUE(global.partial);
  EXPECT_EQ(global.inputs, "AMER,EMEA,APAC");
  EXPECT_EQ(global.generation, 1);

  // LATAM's data finally comes: it lands, and the date is refreshed again,
  // complete this time.
  Touch("LATAM_2026-06-15.ready");
  RunUntil(At("2026-06-16 17:00:00Z"));
  EXPECT_EQ(Run("LATAM", "2026-06-15").state, RunState::kSuccess);
  global = Run("global_daily", "2026-06-15");
  EXPECT_EQ(global.state, RunState::kSuccess);
  EXPECT_EQ(global.generation, 2);
  EXPECT_FALSE(global.partial);
  EXPECT_EQ(global.inputs, "AMER,LATAM,EMEA,APAC");
  kinds.clear();
  for (const AlertRecord& a : Alerts("LATAM")) kinds.push_back(a.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"at_risk", "missed", "recovered"}));
}

TEST_F(SchedulerTest, QuorumRefreshRunsOnceEnoughRegionsLanded) {
  Open(FourRegions("    policy: quorum\n    quorum: 3"), At("2026-06-15 18:00:00Z"));
  for (const char* region : {"AMER", "EMEA", "APAC"}) Touch(std::string(region) + "_2026-06-15.ready");
  RunUntil(At("2026-06-16 13:00:00Z"));
  RunRecord global = Run("global_daily", "2026-06-15");
  EXPECT_EQ(global.state, RunState::kSuccess);
  EXPECT_EQ(global.started_at, At("2026-06-16 12:00:00Z"));  // AMER, the third to land
  EXPECT_TRUE(global.partial);
}

TEST_F(SchedulerTest, DailySchedulesRunOncePerLogicalDateAcrossDst) {
  // Both 2026 transitions in Berlin (03-29, 10-25) and Los Angeles (03-08,
  // 11-01), with times inside the skipped and the repeated hour.
  Open(R"(
state: state.db
regions:
  - {name: berlin_0230, time_zone: Europe/Berlin, schedule: "30 2 * * *", deadline: "06:00",
     logical_date: same_day, task: {type: command, command: "true"}}
  - {name: berlin_0500, time_zone: Europe/Berlin, schedule: "0 5 * * *", deadline: "08:00",
     task: {type: command, command: "true"}}
  - {name: la_0130, time_zone: America/Los_Angeles, schedule: "30 1 * * *", deadline: "06:00",
     logical_date: same_day, task: {type: command, command: "true"}}
  - {name: la_0230, time_zone: America/Los_Angeles, schedule: "30 2 * * *", deadline: "06:00",
     logical_date: same_day, task: {type: command, command: "true"}}
)",
       At("2026-03-01 00:00:00Z"));
  RunUntil(At("2026-11-10 00:00:00Z"));
  for (const char* task : {"berlin_0230", "berlin_0500", "la_0130", "la_0230"}) {
    auto runs = store_->ListRuns(task, std::nullopt, 100000);
    ASSERT_TRUE(runs.ok());
    std::set<Days> dates;
    for (const RunRecord& r : *runs) {
      EXPECT_EQ(r.state, RunState::kSuccess) << task << " " << datetime::FormatDate(r.logical_date);
      EXPECT_EQ(r.tries, 1) << task;
      EXPECT_TRUE(dates.insert(r.logical_date).second) << task;
    }
    // Every date between the first and the last, each exactly once.
    ASSERT_FALSE(dates.empty());
    EXPECT_EQ(static_cast<size_t>(*dates.rbegin() - *dates.begin() + 1), dates.size()) << task;
    EXPECT_GE(dates.size(), 250u) << task;
  }
  // The skipped hour: 02:30 does not exist on 2026-03-29 in Berlin; the run
  // comes at 03:00 CEST (01:00Z). The repeated hour: 02:30 on 10-25 runs at
  // its first occurrence (CEST, 00:30Z) only.
  EXPECT_EQ(Run("berlin_0230", "2026-03-29").scheduled_at, At("2026-03-29 01:00:00Z"));
  EXPECT_EQ(Run("berlin_0230", "2026-10-25").scheduled_at, At("2026-10-25 00:30:00Z"));
  EXPECT_EQ(Run("la_0230", "2026-03-08").scheduled_at, At("2026-03-08 10:00:00Z"));
  EXPECT_EQ(Run("la_0130", "2026-11-01").scheduled_at, At("2026-11-01 08:30:00Z"));
  // A previous_day run at 05:00 loads the day before; deadlines are local.
  RunRecord r = Run("berlin_0500", "2026-03-28");
  EXPECT_EQ(r.scheduled_at, At("2026-03-29 03:00:00Z"));
  EXPECT_EQ(r.deadline, At("2026-03-29 06:00:00Z"));
  r = Run("berlin_0500", "2026-10-24");
  EXPECT_EQ(r.scheduled_at, At("2026-10-25 04:00:00Z"));
  EXPECT_EQ(r.deadline, At("2026-10-25 07:00:00Z"));
}

TEST_F(SchedulerTest, DowntimeIsNotCaughtUpSilently) {
  Open(R"(
state: state.db
regions:
  - {name: R, time_zone: UTC, schedule: "0 5 * * *", deadline: "08:00", task: {type: command, command: "true"}}
)",
       At("2026-05-01 00:00:00Z"));
  RunUntil(At("2026-05-02 00:00:00Z"));
  EXPECT_EQ(Run("R", "2026-04-30").state, RunState::kSuccess);
  // Down for four days: a restart runs nothing of them and says so.
  clock_->Set(At("2026-05-06 04:00:00Z"));
  Reopen();
  RunUntil(At("2026-05-06 06:00:00Z"));
  auto runs = store_->ListRuns("R", std::nullopt, 100);
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 2u);  // 04-30 before, 05-05 after the restart
  EXPECT_EQ((*runs)[0].logical_date, Day("2026-05-05"));
  std::vector<AlertRecord> alerts = Alerts("R");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].kind, "downtime");
  EXPECT_NE(alerts[0].message.find("2026-05-01 .. 2026-05-04"), std::string::npos) << alerts[0].message;
  EXPECT_NE(alerts[0].message.find("tributary backfill --task R --from 2026-05-01 --to 2026-05-04"),
            std::string::npos);
}

/// Takes alert POSTs; the first one of all is answered 500, so delivery
/// must retry.
class AlertReceiver {
 public:
  AlertReceiver() {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      posts_++;
      if (posts_ == 1) {
        res.status = 500;
        return;
      }
      bodies_.push_back(req.body);
      res.status = 204;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~AlertReceiver() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::vector<std::string> bodies() {
    std::lock_guard lock(mutex_);
    return bodies_;
  }
  int posts() {
    std::lock_guard lock(mutex_);
    return posts_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  std::mutex mutex_;
  int posts_ = 0;
  std::vector<std::string> bodies_;
  int port_ = 0;
};

TEST_F(SchedulerTest, TransientFailuresRetryWithBackoffPermanentOnesDoNotAlertsSentOnce) {
  AlertReceiver receiver;
  // flaky fails twice then succeeds; broken always fails (transient);
  // badconfig exits 78 (EX_CONFIG: permanent).
  Open(fmt::format(R"(
state: state.db
alerts:
  channels:
    - {{name: oncall, type: webhook, url: "http://127.0.0.1:{}/hook", attempts: 3, backoff: 10ms}}
defaults:
  retries: {{attempts: 4, backoff: 1m, multiplier: 2, max_delay: 10m, jitter: 0}}
regions:
  - name: flaky
    time_zone: UTC
    schedule: "0 5 * * *"
    deadline: "08:00"
    task:
      type: command
      command: "n=$(cat {{dir}}/flaky.count 2>/dev/null || echo 0); n=$((n+1)); echo $n > {{dir}}/flaky.count; echo try $n; [ $n -ge 3 ]"
  - name: broken
    time_zone: UTC
    schedule: "0 5 * * *"
    deadline: "08:00"
    retries: {{attempts: 3, backoff: 1m, multiplier: 3, max_delay: 2m, jitter: 0}}
    task: {{type: command, command: "echo connection reset >&2; exit 1"}}
  - name: badconfig
    time_zone: UTC
    schedule: "0 5 * * *"
    deadline: "08:00"
    task: {{type: command, command: "echo password authentication failed >&2; exit 78"}}
)",
                   receiver.port()),
       At("2026-07-01 04:00:00Z"));
  RunUntil(At("2026-07-01 07:00:00Z"));

  auto tries_of = [&](const char* task) {
    auto tries = store_->ListTries(Run(task, "2026-06-30").run_id);
    EXPECT_TRUE(tries.ok());
    return *tries;
  };
  std::vector<TryRecord> flaky = tries_of("flaky");
  ASSERT_EQ(flaky.size(), 3u);
  EXPECT_EQ(flaky[0].state, TryState::kFailed);
  EXPECT_EQ(flaky[0].error_class, ErrorClass::kTransient);
  EXPECT_EQ(flaky[1].started_at - flaky[0].started_at, kMicrosPerMinute);      // backoff
  EXPECT_EQ(flaky[2].started_at - flaky[1].started_at, 2 * kMicrosPerMinute);  // x multiplier
  EXPECT_EQ(flaky[2].state, TryState::kSuccess);
  EXPECT_EQ(flaky[2].log, "try 3\n");
  EXPECT_EQ(Run("flaky", "2026-06-30").state, RunState::kSuccess);

  std::vector<TryRecord> broken = tries_of("broken");
  ASSERT_EQ(broken.size(), 3u);  // the limit
  EXPECT_EQ(broken[1].started_at - broken[0].started_at, kMicrosPerMinute);
  EXPECT_EQ(broken[2].started_at - broken[1].started_at, 2 * kMicrosPerMinute);  // 3m capped at max_delay
  EXPECT_EQ(Run("broken", "2026-06-30").state, RunState::kFailed);
  EXPECT_NE(broken[2].error.find("exit code 1: connection reset"), std::string::npos) << broken[2].error;

  std::vector<TryRecord> bad = tries_of("badconfig");
  ASSERT_EQ(bad.size(), 1u);  // permanent: never retried
  EXPECT_EQ(bad[0].error_class, ErrorClass::kPermanent);
  EXPECT_EQ(Run("badconfig", "2026-06-30").state, RunState::kFailed);

  // A restart and more passes fire nothing twice.
  Reopen();
  RunUntil(At("2026-07-01 09:00:00Z"));
  alerts_->Flush();
  std::vector<std::string> bodies = receiver.bodies();
  ASSERT_EQ(bodies.size(), 2u);
  std::multiset<std::string> seen;
  for (const std::string& b : bodies) {
    EXPECT_NE(b.find("\"kind\":\"failed\""), std::string::npos) << b;
    seen.insert(b.find("\"task\":\"broken\"") != std::string::npos ? "broken" : "badconfig");
  }
  EXPECT_EQ(seen, (std::multiset<std::string>{"badconfig", "broken"}));
  EXPECT_EQ(receiver.posts(), 3);  // the first answered 500 and was sent again
  EXPECT_EQ(Alerts().size(), 2u);
}

TEST_F(SchedulerTest, BackfillRunsEachDateOnceWithinItsConcurrencyBesideScheduledRuns) {
  // Six regions fire during the backfill; the backfill of 31 dates takes
  // 0.4 s of real time per date at concurrency 4, on 5 workers.
  std::string yaml = "state: state.db\nworkers: 5\nreserved_for_scheduled: 1\nregions:\n";
  yaml += "  - {name: hist, time_zone: UTC, schedule: \"0 0 1 1 *\", deadline: \"08:00\", "
          "task: {type: command, command: \"sleep 0.4; echo {{ ds }} >> {dir}/hist.txt\"}}\n";
  for (int i = 0; i < 6; i++) {
    yaml += fmt::format("  - {{name: s{0}, time_zone: UTC, schedule: \"{1} 1 * * *\", deadline: \"08:00\", "
                        "task: {{type: command, command: \"true\"}}}}\n",
                        i, i * 10 + 5);
  }
  Open(yaml, At("2026-08-02 00:50:00Z"));
  ASSERT_TRUE(scheduler_->Start().ok());
  BackfillRequest request{"hist", Day("2026-07-01"), Day("2026-07-31"), "none", 4};
  auto id = scheduler_->StartBackfill(request);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  // Simulated time runs at one minute per 20 ms while the backfill works.
  for (int step = 0; step < 3000; step++) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    clock_->Advance(kMicrosPerMinute);
    auto b = store_->FindBackfill(*id);
    ASSERT_TRUE(b.ok());
    if ((*b)->done && clock_->Now() > At("2026-08-02 02:00:00Z")) break;
  }
  scheduler_->Stop();
  auto b = store_->FindBackfill(*id);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_TRUE(*b);
  EXPECT_TRUE((*b)->done);

  // Each date once, one try each, and never more than four at a time.
  std::vector<std::pair<Micros, int>> edges;
  for (Days d = request.from; d <= request.to; d++) {
    RunRecord r = Run("hist", datetime::FormatDate(d).c_str());
    EXPECT_EQ(r.state, RunState::kSuccess);
    EXPECT_EQ(r.tries, 1);
    EXPECT_EQ(r.kind, RunKind::kBackfill);
    edges.push_back({r.started_at, +1});
    edges.push_back({r.finished_at, -1});
  }
  std::sort(edges.begin(), edges.end());
  int running = 0, most = 0;
  for (auto [t, delta] : edges) most = std::max(most, running += delta);
  EXPECT_LE(most, 4);
  EXPECT_GE(most, 2);  // it did run dates side by side
  std::ifstream lines(dir_ / "hist.txt");
  std::multiset<std::string> loaded;
  for (std::string line; std::getline(lines, line);) loaded.insert(line);
  EXPECT_EQ(loaded.size(), 31u);
  EXPECT_EQ(std::set<std::string>(loaded.begin(), loaded.end()).size(), 31u);

  // Scheduled runs started at their fire while the backfill held its
  // slots: within 10 simulated minutes (200 ms of real time, room for a
  // loaded machine), where waiting for a backfill try would take up to 20.
  for (int i = 0; i < 6; i++) {
    RunRecord r = Run("s" + std::to_string(i), "2026-08-01");
    EXPECT_EQ(r.state, RunState::kSuccess);
    EXPECT_LE(r.started_at - r.scheduled_at, 10 * kMicrosPerMinute) << "s" << i;
  }
  // A second identical backfill does nothing: every date ran.
  auto plan = scheduler_->PlanBackfill(request);
  ASSERT_TRUE(plan.ok());
  for (const BackfillStep& step : *plan) EXPECT_FALSE(step.run) << step.reason;
}

}  // namespace
}  // namespace tributary::orchestrator

namespace tributary::orchestrator {
namespace {

TEST_F(SchedulerTest, PoolsCapConcurrentTriesSensorsTimeOutAndTriesTimeOut) {
  // a and b share a one-slot pool: their tries never overlap in real time.
  // soft's sensor gives up quietly (skipped), hard's fails and alerts.
  // slow's tries are killed at their 1s timeout and retried once.
  Open(R"(
state: state.db
workers: 4
pools: [{name: source_db, slots: 1}]
regions:
  - {name: a, time_zone: UTC, schedule: "0 5 * * *", deadline: "08:00", pool: source_db,
     task: {type: command, command: "echo start $(date +%s%N) >> {dir}/pool.txt; sleep 0.3; echo end $(date +%s%N) >> {dir}/pool.txt"}}
  - {name: b, time_zone: UTC, schedule: "0 5 * * *", deadline: "08:00", pool: source_db,
     task: {type: command, command: "echo start $(date +%s%N) >> {dir}/pool.txt; sleep 0.3; echo end $(date +%s%N) >> {dir}/pool.txt"}}
  - {name: soft, time_zone: UTC, schedule: "0 5 * * *", deadline: "08:00",
     sensor: {type: file, path: "{dir}/never", poke_interval: 10m, timeout: 1h, soft_fail: true},
     task: {type: command, command: "true"}}
  - {name: hard, time_zone: UTC, schedule: "0 5 * * *", deadline: "08:00",
     sensor: {type: command, command: "exit 1", poke_interval: 10m, timeout: 1h},
     task: {type: command, command: "true"}}
  - {name: slow, time_zone: UTC, schedule: "0 5 * * *", deadline: "08:00", timeout: 1s,
     retries: {attempts: 2, backoff: 1m, jitter: 0}, task: {type: command, command: "sleep 30"}}
)",
       At("2026-09-01 04:00:00Z"));
  RunUntil(At("2026-09-01 07:00:00Z"));
  std::ifstream in(dir_ / "pool.txt");
  std::vector<std::string> events;
  for (std::string word, stamp; in >> word >> stamp;) events.push_back(word);
  EXPECT_EQ(events, (std::vector<std::string>{"start", "end", "start", "end"}));

  RunRecord soft = Run("soft", "2026-08-31");
  EXPECT_EQ(soft.state, RunState::kSkipped);
  EXPECT_EQ(soft.tries, 0);
  EXPECT_EQ(soft.finished_at, At("2026-09-01 06:00:00Z"));
  EXPECT_NE(soft.error.find("sensor timed out after 1h"), std::string::npos) << soft.error;
  RunRecord hard = Run("hard", "2026-08-31");
  EXPECT_EQ(hard.state, RunState::kFailed);
  EXPECT_EQ(hard.tries, 0);
  std::vector<std::string> kinds;
  for (const AlertRecord& a : Alerts()) kinds.push_back(a.task + ":" + a.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"slow:failed", "hard:failed"}));

  auto tries = store_->ListTries(Run("slow", "2026-08-31").run_id);
  ASSERT_TRUE(tries.ok());
  ASSERT_EQ(tries->size(), 2u);
  for (const TryRecord& t : *tries) {
    EXPECT_EQ(t.error, "timed out after 1s");
    EXPECT_EQ(t.error_class, ErrorClass::kTransient);
  }
}

}  // namespace
}  // namespace tributary::orchestrator
