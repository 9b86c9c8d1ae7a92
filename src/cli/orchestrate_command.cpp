// The orchestrator's commands:
//   tributary orchestrate --config FILE [--http ADDR]       the scheduler alone
//   tributary backfill --config FILE --task T --from D1 --to D2
//                      [--reprocess none|failed|all] [--concurrency N] [--dry-run]
//   tributary pause|resume --config FILE TASK
//   tributary trigger --config FILE TASK [--date D]
// pause, resume, trigger and a backfill go through the state database, so
// they reach a running orchestrator (serve or orchestrate) within a second,
// or the next one to start.

#include <csignal>
#include <cstdio>
#include <thread>

#include <semaphore.h>
#include <unistd.h>

#include "cli/commands.hpp"
#include "cli/orchestrator_host.hpp"
#include "types/datetime.hpp"

namespace tributary::cli {

using namespace orchestrator;

namespace {

sem_t orchestrate_stop;
void OnOrchestrateSignal(int) { sem_post(&orchestrate_stop); }

std::optional<OrchestratorConfig> LoadConfig(const std::string& path) {
  ConfigParseResult parsed = ReadOrchestratorConfig(path);
  if (!parsed.errors.empty()) {
    std::fprintf(stderr, "%s", FormatConfigErrors(parsed.errors).c_str());
    return std::nullopt;
  }
  return std::move(parsed.config);
}

int Fail(const Status& st) {
  std::fprintf(stderr, "error: %s\n", st.ToString().c_str());
  return 1;
}

int Orchestrate(const std::string& config_path, const std::string& http) {
  auto config = LoadConfig(config_path);
  if (!config) return 1;
  OrchestratorHost::Options options;
  options.http_listen = http;
  auto host = OrchestratorHost::Open(*config, options);
  if (!host.ok()) return Fail(host.status());
  sem_init(&orchestrate_stop, 0, 0);
  std::signal(SIGINT, OnOrchestrateSignal);
  std::signal(SIGTERM, OnOrchestrateSignal);
  Status st = (*host)->Start();
  if (!st.ok()) return Fail(st);
  std::fprintf(stderr, "tributary: orchestrating %zu regions and %zu refreshes (state %s%s)\n",
               config->regions.size(), config->refreshes.size(), config->state_path.c_str(),
               (*host)->http_port() ? fmt::format(", HTTP on port {}", (*host)->http_port()).c_str() : "");
  while (sem_wait(&orchestrate_stop) != 0) {
  }
  std::fprintf(stderr, "tributary: orchestrator shutting down\n");
  (*host)->Stop();
  return 0;
}

/// Writes a control request for whichever orchestrator runs the state.
int Request(const std::string& config_path, const std::string& action, const std::string& task,
            const std::string& date) {
  auto config = LoadConfig(config_path);
  if (!config) return 1;
  bool known = false;
  for (const auto& r : config->regions) known |= r.name == task;
  for (const auto& r : config->refreshes) known |= r.name == task;
  if (!known) return Fail(Status::NotFound("no task or region named \"{}\" in {}", task, config_path));
  if (!date.empty()) {
    auto parsed = datetime::ParseDate(date);
    if (!parsed.ok()) return Fail(Status::Invalid("bad --date \"{}\": {}", date, parsed.status().message()));
  }
  auto store = StateStore::Open(config->state_path);
  if (!store.ok()) return Fail(store.status());
  ControlRequest r;
  r.action = action;
  r.task = task;
  r.args = date;
  r.created_at = SystemClock().Now();
  auto id = (*store)->InsertRequest(r);
  if (!id.ok()) return Fail(id.status());
  std::printf("%s %s: requested (request %lld)\n", action.c_str(), task.c_str(), static_cast<long long>(*id));
  return 0;
}

struct BackfillArgs {
  std::string config;
  std::string task;
  std::string from;
  std::string to;
  std::string reprocess = "none";
  int concurrency = 1;
  bool dry_run = false;
};

void DrawProgress(const std::map<std::string, int>& counts, int total, bool tty) {
  auto get = [&](const char* s) {
    auto it = counts.find(s);
    return it == counts.end() ? 0 : it->second;
  };
  int done = get("success") + get("failed") + get("skipped");
  constexpr int kWidth = 30;
  int filled = total == 0 ? kWidth : done * kWidth / total;
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kWidth - filled), '.');
  std::fprintf(stderr, "%s[%s] %d/%d dates done, %d running, %d failed%s", tty ? "\r" : "", bar.c_str(), done, total,
               get("running"), get("failed"), tty ? "" : "\n");
  std::fflush(stderr);
}

int Backfill(const BackfillArgs& args) {
  auto config = LoadConfig(args.config);
  if (!config) return 1;
  auto from = datetime::ParseDate(args.from);
  auto to = datetime::ParseDate(args.to);
  if (!from.ok()) return Fail(Status::Invalid("bad --from \"{}\": {}", args.from, from.status().message()));
  if (!to.ok()) return Fail(Status::Invalid("bad --to \"{}\": {}", args.to, to.status().message()));
  BackfillRequest request{args.task, *from, *to, args.reprocess, args.concurrency};

  // With the state free, this process runs the backfill itself (no cron
  // runs); otherwise the running orchestrator takes the request.
  std::unique_ptr<OrchestratorHost> host;
  std::unique_ptr<StateStore> store;
  OrchestratorHost::Options options;
  options.run_schedules = false;
  options.http_listen = "off";
  auto opened = OrchestratorHost::Open(*config, options);
  SystemClock clock;
  std::unique_ptr<Scheduler> planner;
  Scheduler* scheduler = nullptr;
  StateStore* state = nullptr;
  if (opened.ok()) {
    host = std::move(*opened);
    scheduler = &host->scheduler();
    state = &host->store();
  } else if (opened.status().code() == StatusCode::kConflict) {
    auto s = StateStore::Open(config->state_path);
    if (!s.ok()) return Fail(s.status());
    store = std::move(*s);
    planner = std::make_unique<Scheduler>(*config, store.get(), nullptr, nullptr, &clock);
    scheduler = planner.get();
    state = store.get();
    if (!args.dry_run) std::fprintf(stderr, "tributary: an orchestrator is running; it takes this backfill\n");
  } else {
    return Fail(opened.status());
  }
  auto plan = scheduler->PlanBackfill(request);
  if (!plan.ok()) return Fail(plan.status());
  int to_run = 0;
  for (const BackfillStep& step : *plan) to_run += step.run ? 1 : 0;
  if (args.dry_run) {
    for (const BackfillStep& step : *plan) {
      std::printf("%s  %-4s %s\n", datetime::FormatDate(step.logical_date).c_str(), step.run ? "run" : "skip",
                  step.reason.c_str());
    }
    std::printf("dry run: %d of %zu dates would run (reprocess %s, concurrency %d)\n", to_run, plan->size(),
                args.reprocess.c_str(), args.concurrency);
    return 0;
  }
  if (host) {
    Status st = host->Start();
    if (!st.ok()) return Fail(st);
  }
  auto id = scheduler->StartBackfill(request);
  if (!id.ok()) return Fail(id.status());
  std::fprintf(stderr, "backfill %lld of %s: %s .. %s, %d of %zu dates to run, concurrency %d\n",
               static_cast<long long>(*id), args.task.c_str(), args.from.c_str(), args.to.c_str(), to_run,
               plan->size(), args.concurrency);
  bool tty = isatty(2) != 0;
  std::map<std::string, int> last;
  while (true) {
    auto record = state->FindBackfill(*id);
    auto counts = state->BackfillProgress(*id);
    if (!record.ok() || !counts.ok()) return Fail(record.ok() ? counts.status() : record.status());
    if (*counts != last || !tty) DrawProgress(*counts, to_run, tty);
    last = *counts;
    if (*record && (*record)->done) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(tty ? 200 : 1000));
  }
  if (tty) std::fprintf(stderr, "\n");
  int failed = last.count("failed") ? last["failed"] : 0;
  std::printf("backfill %lld done: %d succeeded, %d failed\n", static_cast<long long>(*id),
              last.count("success") ? last["success"] : 0, failed);
  if (host) host->Stop();
  return failed == 0 ? 0 : 1;
}

}  // namespace

void RegisterOrchestrateCommands(CLI::App& app, int* exit_code) {
  auto orchestrate_config = std::make_shared<std::string>();
  auto orchestrate_http = std::make_shared<std::string>();
  CLI::App* orch = app.add_subcommand("orchestrate", "Run the orchestrator (schedules, sensors, alerts) without the SQL server");
  orch->add_option("--config", *orchestrate_config, "Orchestrator config (YAML)")->required();
  orch->add_option("--http", *orchestrate_http, "HTTP API listen address host:port, or off (overrides the config)");
  orch->callback([=] { *exit_code = Orchestrate(*orchestrate_config, *orchestrate_http); });

  auto backfill = std::make_shared<BackfillArgs>();
  CLI::App* bf = app.add_subcommand("backfill", "Run a task for a range of logical dates beside its schedule");
  bf->add_option("--config", backfill->config, "Orchestrator config (YAML)")->required();
  bf->add_option("--task", backfill->task, "Region or refresh")->required();
  bf->add_option("--from", backfill->from, "First logical date, YYYY-MM-DD")->required();
  bf->add_option("--to", backfill->to, "Last logical date, YYYY-MM-DD")->required();
  bf->add_option("--reprocess", backfill->reprocess, "Dates that already ran: none (skip), failed, all");
  bf->add_option("--concurrency", backfill->concurrency, "Dates at once (never more than the scheduled runs leave)");
  bf->add_flag("--dry-run", backfill->dry_run, "Print which dates would run and why, and do nothing");
  bf->callback([=] { *exit_code = Backfill(*backfill); });

  for (const char* action : {"pause", "resume", "trigger"}) {
    auto config = std::make_shared<std::string>();
    auto task = std::make_shared<std::string>();
    auto date = std::make_shared<std::string>();
    std::string what = std::string(action) == "pause"    ? "Stop starting tries of a region or task"
                       : std::string(action) == "resume" ? "Start a paused region or task again"
                                                         : "Run a region or task now";
    CLI::App* cmd = app.add_subcommand(action, what);
    cmd->add_option("--config", *config, "Orchestrator config (YAML)")->required();
    cmd->add_option("task", *task, "Region or refresh name")->required();
    if (std::string(action) == "trigger") cmd->add_option("--date", *date, "Logical date (default: the latest fire's)");
    std::string name = action;
    cmd->callback([=] { *exit_code = Request(*config, name, *task, *date); });
  }
}

}  // namespace tributary::cli
