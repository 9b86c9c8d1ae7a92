// `tributary demo [--dir DIR] [--deals N] [--port P] [--serve]`: the product
// in one command, with no outside server. A sales organisation whose four
// regions export their deals four different ways (workload/sales_demo.hpp);
// the history loaded into sales.deals (partitioned by day, clustered by
// region); one simulated morning of the orchestrator in-process, each region
// on its own clock, LATAM late enough to raise an at-risk alert before its
// deadline; row-level security for a regional rep and finance; the wire
// server on the port. See docs/demo.md.

#include <semaphore.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/orchestrator_host.hpp"
#include "cli/text_table.hpp"
#include "ingest/ledger.hpp"
#include "ingest/region_load.hpp"
#include "main/connection.hpp"
#include "orchestrator/alerts.hpp"
#include "orchestrator/clock.hpp"
#include "orchestrator/config.hpp"
#include "orchestrator/scheduler.hpp"
#include "orchestrator/state_store.hpp"
#include "orchestrator/task_runner.hpp"
#include "server/pg_server.hpp"
#include "types/datetime.hpp"
#include "workload/sales_demo.hpp"

namespace tributary::cli {

namespace {

namespace fs = std::filesystem;
using orchestrator::Days;
using orchestrator::Micros;
using orchestrator::kMicrosPerMinute;
using workload::SalesDemo;
using workload::SalesRegion;

/// The demo's morning: the regions load 2026-06-15 on the 16th.
constexpr const char* kDemoDate = "2026-06-16";
/// Written into the demo folder, so a later run may wipe it (and nothing else).
constexpr const char* kMarkerFile = ".tributary-demo";
constexpr const char* kRepPassword = "emea-demo";
constexpr const char* kFinancePassword = "finance-demo";
constexpr const char* kAdminPassword = "admin-demo";

struct DemoArgs {
  std::string dir = "tributary-demo";
  int64_t deals = 300'000;
  int port = 15432;
  bool serve = false;
};

struct RegionSpec {
  SalesRegion region;
  const char* name;
  const char* zone;
  const char* folder;
  /// When the region's export of the day is complete, local time on the
  /// morning after the logical date (seconds after midnight).
  int32_t export_done;
};

// LATAM's lake job runs long today: its files land at 07:50, ten minutes
// before its 08:00 deadline.
const RegionSpec kRegions[] = {
    {SalesRegion::kAmer, "AMER", "America/Los_Angeles", "amer", 4 * 3600 + 30 * 60},
    {SalesRegion::kEmea, "EMEA", "Europe/Berlin", "emea/exports", 4 * 3600 + 20 * 60},
    {SalesRegion::kLatam, "LATAM", "America/Sao_Paulo", "latam/deals", 7 * 3600 + 50 * 60},
    {SalesRegion::kApac, "APAC", "Asia/Singapore", "apac/orders", 4 * 3600 + 40 * 60},
};
constexpr const char* kLateRegion = "LATAM";

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t p = 0; (p = text.find(from, p)) != std::string::npos; p += to.size()) text.replace(p, from.size(), to);
  return text;
}

/// The region's block of demo.yaml.
std::string RegionYaml(const RegionSpec& r, const std::string& sources) {
  const std::string dir = (fs::path(sources) / r.folder).string();
  std::string source, sensor, table, mapping;
  switch (r.region) {
    case SalesRegion::kAmer:
      source = "      kind: sqlite\n      path: " + dir + "/crm.sqlite\n";
      sensor = "      type: sql\n      database: " + dir +
               "/crm.sqlite\n      query: >-\n        SELECT count(*) > 0 FROM export_runs\n"
               "        WHERE business_date = '{{ ds }}' AND status = 'done'\n";
      table = "deals";
      mapping = "          region: \"'AMER'\"\n          amount: amount_cents / 100.0\n"
                "          currency: upper(currency)\n";
      break;
    case SalesRegion::kEmea:
      source = "      kind: csv\n      directory: " + dir +
               "\n      delimiter: \";\"\n      header: \"true\"\n      ready_marker: .done\n";
      sensor = "      type: file\n      path: " + dir + "/deals_{{ ds }}.csv.done\n";
      table = "\"deals_*.csv\"";
      mapping = "          region: \"'EMEA'\"\n          currency: upper(currency)\n";
      break;
    case SalesRegion::kLatam:
      source = "      kind: parquet\n      directory: " + dir + "\n      ready_marker: _SUCCESS\n";
      sensor = "      type: file\n      path: " + dir + "/dt={{ ds }}/_SUCCESS\n      poke_interval: 2m\n";
      table = "\"dt=*/deals-*.parquet\"";
      mapping = "          region: \"'LATAM'\"\n          account: cliente\n          product_family: familia\n"
                "          stage: etapa\n          sale_date: data_venda\n          amount: valor\n"
                "          currency: moeda\n";
      break;
    case SalesRegion::kApac:
      source = "      kind: ndjson\n      directory: " + dir + "\n      ready_marker: _SUCCESS\n";
      sensor = "      type: file\n      path: " + dir + "/{{ ds }}/_SUCCESS\n";
      table = "\"*/orders-*.ndjson\"";
      mapping = "          deal_id: order_id\n          region: \"'APAC'\"\n";
      break;
  }
  std::string lower;
  for (const char* c = r.name; *c; c++) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(*c)));
  std::string yaml = fmt::format(
      "  - name: {0}\n"
      "    time_zone: {1}\n"
      "    source:\n{2}"
      "    schedule: \"0 5 * * *\"\n"
      "    deadline: \"08:00\"\n"
      "    sensor:\n{3}"
      "      timeout: 4h\n"
      "    task: {{type: ingest}}\n"
      "    tables:\n"
      "      - name: {4}\n"
      "        target: sales.deals\n"
      "        primary_key: deal_id\n"
      "        cursor: updated_at\n"
      "{5}"
      "        columns:\n{6}",
      r.name, r.zone, source, sensor, table, r.region == SalesRegion::kAmer ? "        lookback: 2d\n" : "",
      mapping);
  yaml += Replace(R"(    checks:
      - {name: @_keys_not_null, type: not_null, table: sales.deals, columns: [deal_id, sale_date, amount, updated_at]}
      - {name: @_deal_id_unique, type: unique, table: sales.deals, columns: deal_id}
      - {name: @_currency_known, type: accepted_values, table: sales.deals, columns: currency, values: [USD, EUR, GBP, BRL, SGD, AUD, JPY]}
      - {name: @_product_known, type: relationships, table: sales.deals, columns: product_family, to: sales.products.product_family}
      - {name: @_amount_not_negative, type: range, table: sales.deals, columns: amount, min: 0, severity: warn}
      - {name: @_rows_loaded, type: row_count, table: sales.deals, min: 1}
      - {name: @_fresh, type: freshness, table: sales.deals, columns: updated_at, max_age: 36h}
)",
                  "@", lower);
  return yaml;
}

std::string ConfigYaml(const std::string& dir, const std::string& warehouse, const std::string& sources) {
  std::string yaml = Replace(R"(# The demo's orchestrator config (written by `tributary demo`; docs/demo.md).
# Four regions, each exporting its own way, load into one contract,
# sales.deals, at 05:00 local time with an 08:00 local deadline; the
# global summary is rebuilt once all four have landed.
state: @DIR@/state/orchestrator.db
warehouse: @WH@
workers: 4
defaults:
  retries:
    attempts: 3
    backoff: 1m
  timeout: 15m
  expected_duration: 20m

alerts:
  channels:
    - name: on-call
      type: log

regions:
)",
                             "@DIR@", dir);
  yaml = Replace(yaml, "@WH@", warehouse);
  for (const RegionSpec& r : kRegions) yaml += RegionYaml(r, sources);
  yaml += R"(
refresh:
  - name: global_daily
    depends_on: [AMER, EMEA, LATAM, APAC]
    policy: all
    time_zone: UTC
    deadline: "16:00"
    task:
      type: sql
      sql: |
        TRUNCATE sales.daily_summary;
        INSERT INTO sales.daily_summary
        SELECT sale_date, region, product_family, currency, count(*), sum(amount)
        FROM sales.deals GROUP BY sale_date, region, product_family, currency;
)";
  return yaml;
}

/// Runs statements as `admin`; prints and returns false on the first error.
bool Exec(Connection& conn, const std::string& sql) {
  QueryResult r = conn.Query(sql);
  if (!r.ok()) {
    std::fprintf(stderr, "demo: FAILED: %s\n  (%s) in: %s\n", r.error().message.c_str(), r.error().sqlstate.c_str(),
                 sql.c_str());
    return false;
  }
  return true;
}

std::string Scalar(Connection& conn, const std::string& sql) {
  QueryResult r = conn.Query(sql);
  if (!r.ok() || r.row_count() == 0) return "";
  return r.GetText(0, 0).value_or("");
}

std::string Bytes(int64_t bytes) {
  if (bytes >= (int64_t{1} << 20)) return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1 << 20));
  if (bytes >= 1024) return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024);
  return fmt::format("{} B", bytes);
}

/// "07:40 -03" for `instant` in `zone`.
std::string LocalClock(const orchestrator::TimeZone& zone, Micros instant) {
  auto local = zone.ToLocal(instant);
  return fmt::format("{:02d}:{:02d} {}", local.seconds / 3600, local.seconds / 60 % 60, zone.Abbreviation(instant));
}

sem_t stop_signal;
void OnSignal(int) { sem_post(&stop_signal); }

class Demo {
 public:
  explicit Demo(DemoArgs args) : args_(std::move(args)) {}

  int Run() {
    started_ = std::chrono::steady_clock::now();
    if (!Prepare() || !Generate() || !CreateTables() || !LoadHistory() || !SimulateDay() || !Secure() ||
        !Serve()) {
      Stop();
      return 1;
    }
    Report();
    const bool ok = WriteSummary();
    if (args_.serve) {
      std::printf("\nServing until Ctrl-C.\n");
      std::fflush(stdout);
      while (sem_wait(&stop_signal) != 0) {
      }
    }
    Stop();
    return ok ? 0 : 1;
  }

 private:
  bool Fail(const std::string& message) {
    std::fprintf(stderr, "demo: FAILED: %s\n", message.c_str());
    return false;
  }

  void Step(const std::string& title) {
    std::printf("\n== %s  [%.1fs]\n", title.c_str(), Seconds(started_));
    std::fflush(stdout);
  }

  bool Prepare() {
    std::error_code error;
    dir_ = fs::absolute(args_.dir, error).lexically_normal().string();
    if (!dir_.empty() && dir_.back() == '/') dir_.pop_back();
    if (fs::exists(dir_) && !fs::is_empty(dir_, error) && !fs::exists(fs::path(dir_) / kMarkerFile)) {
      return Fail(fmt::format("{} exists and is not a demo folder (no {}): not wiping it", dir_, kMarkerFile));
    }
    fs::remove_all(dir_, error);
    if (error) return Fail(fmt::format("cannot remove {}: {}", dir_, error.message()));
    warehouse_ = dir_ + "/warehouse";
    sources_ = dir_ + "/sources";
    fs::create_directories(warehouse_, error);
    fs::create_directories(dir_ + "/state", error);
    std::ofstream(fs::path(dir_) / kMarkerFile) << "tributary demo\n";
    auto date = datetime::ParseDate(kDemoDate);
    last_date_ = *date - 1;
    ds_ = datetime::FormatDate(last_date_);
    std::printf("Tributary demo in %s: %lld deals, four regions, one simulated morning (%s)\n", dir_.c_str(),
                static_cast<long long>(args_.deals), kDemoDate);
    return true;
  }

  bool Generate() {
    Step("1. Four regions export their deals, each its own way");
    workload::SalesDemoOptions options;
    options.deals = args_.deals;
    options.last_date = last_date_;
    data_ = std::make_unique<SalesDemo>(options);
    TextTable table({"region", "zone", "export", "history files", "versions", "late corrections"});
    for (const RegionSpec& r : kRegions) {
      const std::string root = sources_ + "/" + r.folder;
      Status st = data_->WriteExports(r.region, root, data_->first_date(), last_date_ - 1);
      if (!st.ok()) return Fail(st.ToString());
      int64_t corrections = 0;
      for (Days d = data_->first_date(); d < last_date_; d++) corrections += data_->LateCorrections(r.region, d);
      const char* how = r.region == SalesRegion::kAmer    ? "SQLite CRM (amount_cents, 'usd')"
                        : r.region == SalesRegion::kEmea  ? "CSV ';' per day + .done ('eur'/'gbp')"
                        : r.region == SalesRegion::kLatam ? "Parquet dt=<date>/ + _SUCCESS ('BRL')"
                                                          : "NDJSON <date>/orders-*.ndjson + _SUCCESS";
      table.AddRow({r.name, r.zone, how,
                    r.region == SalesRegion::kAmer ? "crm.sqlite" : std::to_string(last_date_ - data_->first_date()),
                    std::to_string(data_->VersionCount(r.region, data_->first_date(), last_date_ - 1)),
                    std::to_string(corrections)});
    }
    std::printf("%s", table.Render().c_str());
    std::printf("%lld distinct deals from %s to %s; %s's exports arrive during the simulated morning.\n",
                static_cast<long long>(data_->distinct_deals()), datetime::FormatDate(data_->first_date()).c_str(),
                ds_.c_str(), ds_.c_str());

    config_path_ = dir_ + "/demo.yaml";
    std::ofstream(config_path_) << ConfigYaml(dir_, warehouse_, sources_);
    orchestrator::ConfigParseResult parsed = orchestrator::ReadOrchestratorConfig(config_path_);
    if (!parsed.config) return Fail(orchestrator::FormatConfigErrors(parsed.errors));
    config_ = *parsed.config;
    std::printf("Orchestrator config: %s (4 regions, 1 refresh)\n", config_path_.c_str());
    return true;
  }

  bool CreateTables() {
    Step("2. The warehouse: sales.deals partitioned by day, clustered by region");
    auto db = Database::Open(warehouse_);
    if (!db.ok()) return Fail(db.status().ToString());
    db_ = *db;
    Connection conn(db_);
    std::string products = "INSERT INTO sales.products VALUES ";
    static const char* lines[] = {"Platform", "Infrastructure", "Infrastructure", "Infrastructure",
                                  "Platform", "Services",       "Services",       "Hardware"};
    for (size_t i = 0; i < SalesDemo::Families().size(); i++) {
      products += fmt::format("{}('{}', '{}')", i ? ", " : "", SalesDemo::Families()[i], lines[i]);
    }
    const std::string ddl =
        "CREATE SCHEMA sales;\n"
        "CREATE TABLE sales.products (product_family text PRIMARY KEY, product_line text);\n" +
        products +
        ";\n"
        "CREATE TABLE sales.deals (\n"
        "  deal_id bigint PRIMARY KEY, region text NOT NULL, account text, product_family text, stage text,\n"
        "  sale_date date NOT NULL, amount numeric(12,2), currency text, updated_at timestamptz,\n"
        "  _region text, _source text, _run_id text, _ingested_at timestamptz)\n"
        "  PARTITION BY RANGE (sale_date) WITH (partition_granularity = 'day', cluster_by = 'region');\n"
        "CREATE TABLE sales.daily_summary (sale_date date, region text, product_family text, currency text,\n"
        "  deals bigint, amount numeric(18,2));";
    std::printf("%s\n", ddl.c_str());
    return Exec(conn, ddl);
  }

  bool LoadHistory() {
    Step(fmt::format("3. History: every ready export up to {} in one load per region", datetime::FormatDate(last_date_ - 1)));
    TextTable table({"region", "source", "rows read", "merged", "files", "checks", "seconds"});
    for (const RegionSpec& r : kRegions) {
      auto t0 = std::chrono::steady_clock::now();
      ingest::RegionLoadOptions options;
      options.warehouse = warehouse_;
      options.config = &config_;
      options.region = r.name;
      options.logical_date = last_date_ - 1;
      options.run_id = fmt::format("history-{}", r.name);
      ingest::RegionLoadResult result = ingest::LoadRegion(options);
      if (result.exit_code != 0) return Fail(fmt::format("history load of {}: {}", r.name, result.error));
      for (const auto& t : result.tables) {
        int passed = 0;
        for (const auto& c : t.checks) passed += c.passed ? 1 : 0;
        table.AddRow({r.name, config_.regions[static_cast<size_t>(&r - kRegions)].source.at("kind"),
                      std::to_string(t.record.rows_read), std::to_string(t.record.rows_merged),
                      t.files_taken ? std::to_string(t.files_taken) : "-",
                      fmt::format("{}/{} passed", passed, t.checks.size()), fmt::format("{:.1f}", Seconds(t0))});
      }
    }
    std::printf("%s", table.Render().c_str());
    Connection conn(db_);
    std::printf("sales.deals now holds %s deals.\n", Scalar(conn, "SELECT count(*) FROM sales.deals").c_str());
    return true;
  }

  /// One morning of the orchestrator on a simulated clock, from 18:00 UTC on
  /// the logical date (before APAC's 05:00 SGT) until every region and the
  /// summary landed. Each region's export of the day appears at its
  /// `export_done` local time; the ingest tasks are real `tributary ingest`
  /// processes.
  bool SimulateDay() {
    Step(fmt::format("4. The morning of {}: each region loads {} at 05:00 local, deadline 08:00 local", kDemoDate,
                     ds_));
    struct Export {
      Micros at;
      const RegionSpec* region;
      bool written = false;
    };
    std::vector<Export> exports;
    for (const RegionSpec& r : kRegions) {
      auto zone = orchestrator::TimeZone::Find(r.zone);
      if (!zone.ok()) return Fail(zone.status().ToString());
      zones_[r.name] = *zone;
      exports.push_back({zone->Resolve({last_date_ + 1, r.export_done}).instant, &r});
    }
    const Micros start = static_cast<Micros>(last_date_) * 86'400'000'000 + 18 * 3'600'000'000LL;
    const Micros end = static_cast<Micros>(last_date_ + 1) * 86'400'000'000 + 16 * 3'600'000'000LL;

    auto store = orchestrator::StateStore::Open(config_.state_path);
    if (!store.ok()) return Fail(store.status().ToString());
    store_ = std::move(*store);
    orchestrator::ManualClock clock(start);
    orchestrator::TaskRunner runner(WarehouseSqlRunner(db_));
    // Alerts go to the config's channels except the log one: this timeline
    // prints each alert itself, at its simulated time.
    std::vector<orchestrator::AlertChannelConfig> channels;
    for (const auto& c : config_.channels) {
      if (c.kind != orchestrator::AlertChannelConfig::Kind::kLog) channels.push_back(c);
    }
    orchestrator::AlertDispatcher alerts(channels, store_.get());
    alerts.Start();
    orchestrator::SchedulerOptions options;
    options.seed = 42;
    orchestrator::Scheduler scheduler(config_, store_.get(), &runner, &alerts, &clock, options);
    if (Status st = scheduler.Recover(); !st.ok()) return Fail(st.ToString());

    std::set<int64_t> seen_alerts;
    std::map<std::string, std::string> last_state;
    auto utc = [](Micros t) { return datetime::FormatTimestamp(t).substr(11, 5) + "Z"; };
    auto report = [&]() {
      auto list = store_->ListAlerts("", 1000);
      if (list.ok()) {
        for (auto it = list->rbegin(); it != list->rend(); ++it) {
          if (!seen_alerts.insert(it->alert_id).second) continue;
          auto zone = zones_.count(it->task) ? zones_[it->task] : orchestrator::TimeZone();
          std::printf("  %s  %-9s ALERT %s: %s\n", utc(it->fired_at).c_str(), LocalClock(zone, it->fired_at).c_str(),
                      it->kind.c_str(), it->message.c_str());
          alerts_[it->task].push_back(*it);
        }
      }
      std::vector<std::string> tasks;
      for (const auto& r : kRegions) tasks.push_back(r.name);
      tasks.push_back("global_daily");
      for (const auto& task : tasks) {
        auto run = store_->FindRun(task, last_date_);
        if (!run.ok() || !*run) continue;
        std::string state = orchestrator::RunStateName((*run)->state);
        if (last_state[task] == state) continue;
        last_state[task] = state;
        auto zone = zones_.count(task) ? zones_[task] : orchestrator::TimeZone();
        std::string detail;
        if ((*run)->state == orchestrator::RunState::kSuccess) {
          detail = task == "global_daily" ? "sales.daily_summary rebuilt" : "landed";
        } else if ((*run)->state == orchestrator::RunState::kFailed) {
          detail = "FAILED: " + (*run)->error;
        }
        std::printf("  %s  %-9s %-12s %-8s %s\n", utc(clock.Now()).c_str(), LocalClock(zone, clock.Now()).c_str(),
                    task.c_str(), state.c_str(), detail.c_str());
      }
      std::fflush(stdout);
    };

    bool ok = true;
    auto settle = [&]() {
      Status st = scheduler.Settle();
      if (!st.ok()) ok = Fail(st.ToString());
      report();
    };
    settle();
    while (ok) {
      Micros next = std::max(scheduler.NextWakeup(), clock.Now() + 1);
      for (const Export& e : exports) {
        if (!e.written) next = std::min(next, e.at);
      }
      if (next > end) break;
      clock.Set(next);
      for (Export& e : exports) {
        if (e.written || e.at > clock.Now()) continue;
        e.written = true;
        Status st = data_->WriteExports(e.region->region, sources_ + "/" + e.region->folder, last_date_, last_date_);
        if (!st.ok()) return Fail(st.ToString());
        std::printf("  %s  %-9s %-12s exports %s (%lld deal versions, %lld late corrections of earlier days)\n",
                    utc(e.at).c_str(), LocalClock(zones_[e.region->name], e.at).c_str(), e.region->name, ds_.c_str(),
                    static_cast<long long>(data_->VersionCount(e.region->region, last_date_, last_date_)),
                    static_cast<long long>(data_->LateCorrections(e.region->region, last_date_)));
      }
      settle();
      bool done = true;
      for (const auto& [task, state] : last_state) done = done && (state == "success" || state == "failed");
      if (done && last_state.size() == 5) break;
    }
    alerts.Flush();
    alerts.Stop();
    return ok;
  }

  bool Secure() {
    Step("5. Roles and row-level security: reps see their region, finance sees everything");
    Connection conn(db_);
    // One group role per region carries the region's policy; a rep logs in
    // as a member of it. Moving someone between regions, or out of finance,
    // is one GRANT / REVOKE: no query changes. The policy compares the
    // clustered column with a constant, so it also prunes the other
    // regions' files (a policy reading a rep -> region mapping table prunes
    // as well: its subquery runs first and hands the scan the rep's regions).
    std::string sql;
    for (const RegionSpec& r : kRegions) {
      std::string group = r.name;
      for (char& c : group) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      group += "_reps";
      sql += fmt::format(
          "CREATE ROLE {0} NOLOGIN;\n"
          "CREATE POLICY {0}_see_{1} ON sales.deals FOR SELECT TO {0} USING (region = '{2}');\n",
          group, group.substr(0, group.size() - 5), r.name);
    }
    sql += fmt::format(
        "CREATE ROLE finance LOGIN PASSWORD '{}';\n"
        "CREATE POLICY finance_sees_all ON sales.deals FOR SELECT TO finance USING (true);\n"
        "CREATE ROLE emea_rep LOGIN PASSWORD '{}';\n"
        "GRANT emea_reps TO emea_rep;\n"
        "GRANT USAGE ON SCHEMA sales TO emea_reps, finance;\n"
        "GRANT SELECT ON ALL TABLES IN SCHEMA sales TO emea_reps, finance;\n"
        "ALTER TABLE sales.deals ENABLE ROW LEVEL SECURITY;",
        kFinancePassword, kRepPassword);
    std::printf("%s\n", Replace(Replace(sql, kFinancePassword, "..."), kRepPassword, "...").c_str());
    return Exec(conn, sql);
  }

  bool Serve() {
    Step(fmt::format("6. The PostgreSQL wire server on port {}", args_.port));
    if (Status st = db_->SetRolePassword("admin", kAdminPassword); !st.ok()) return Fail(st.ToString());
    server::RoleSource roles = server::CatalogRoles(db_);
    server::ServerOptions options;
    options.host = "127.0.0.1";
    options.port = args_.port;
    server_ = std::make_unique<server::PgServer>(db_, options, roles);
    if (Status st = server_->Start(); !st.ok()) {
      server_.reset();
      return Fail(fmt::format("cannot serve on port {}: {} (pick another with --port)", args_.port, st.ToString()));
    }
    std::printf("Serving %s on 127.0.0.1:%d (database \"tributary\")\n", warehouse_.c_str(), server_->port());
    return true;
  }

  void Stop() {
    if (server_) server_->Stop();
    server_.reset();
  }

  /// The dashboard query as `user`: rows, bytes scanned.
  struct Dashboard {
    QueryResult result = QueryResult::Command("");
    int64_t rows = 0;
    int64_t bytes = 0;
    int64_t files_read = 0;
  };
  Dashboard RunDashboard(const std::string& user) {
    Connection conn(db_, ConnectionOptions{user});
    (void)conn.Query("SET use_result_cache = off");
    Dashboard d;
    d.result = conn.Query(dashboard_sql_);
    if (d.result.ok()) {
      d.rows = static_cast<int64_t>(d.result.row_count());
      d.bytes = d.result.metrics().bytes_scanned;
      d.files_read = d.result.metrics().files_read;
    }
    return d;
  }

  void Report() {
    Step("7. Freshness and SLA per region, " + ds_);
    auto ledger = ingest::Ledger::Open(warehouse_);
    std::map<std::string, ingest::LoadRecord> loads;
    if (ledger.ok()) {
      auto recent = (*ledger)->RecentLoads(100);
      if (recent.ok()) {
        for (const auto& l : *recent) {
          if (l.logical_date == ds_ && !l.run_id.starts_with("history-") && !loads.count(l.region)) loads[l.region] = l;
        }
      }
    }
    TextTable sla({"region", "zone", "logical date", "rows loaded", "landed (local)", "deadline (local)", "status",
                   "alerts"});
    for (const RegionSpec& r : kRegions) {
      auto run = store_->FindRun(r.name, last_date_);
      const auto& zone = zones_[r.name];
      std::string landed = "-", deadline = "-", status = "no run";
      if (run.ok() && *run) {
        const auto& rec = **run;
        deadline = LocalClock(zone, rec.deadline);
        if (rec.state == orchestrator::RunState::kSuccess) {
          landed = LocalClock(zone, rec.finished_at);
          status = rec.finished_at <= rec.deadline ? "on time" : "late";
          if (rec.finished_at <= rec.deadline) on_time_++;
        } else {
          status = orchestrator::RunStateName(rec.state);
          failed_runs_++;
        }
      }
      std::string kinds;
      for (const auto& a : alerts_[r.name]) kinds += (kinds.empty() ? "" : ", ") + a.kind;
      std::string rows = "-";
      if (loads.count(r.name)) {
        const auto& l = loads[r.name];
        rows = fmt::format("{} ({})", l.rows_merged, l.status);
        if (l.status == "quarantined" || l.status == "failed" || l.status == "schema_drift") failed_runs_++;
      }
      sla.AddRow({r.name, r.zone, ds_, rows, landed, deadline, status, kinds.empty() ? "-" : kinds});
    }
    std::printf("%s", sla.Render().c_str());

    Connection admin(db_);
    deals_in_table_ = Scalar(admin, "SELECT count(*) FROM sales.deals");
    channel_rows_ = Scalar(admin, "SELECT count(channel) FROM sales.deals");
    quarantined_ = Scalar(admin,
                          "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'quarantine'");
    std::printf("sales.deals: %s rows for %lld generated deals (%s); %s rows from APAC's new `channel` column; "
                "quarantined batches: %s\n",
                deals_in_table_.c_str(), static_cast<long long>(data_->distinct_deals()),
                deals_in_table_ == std::to_string(data_->distinct_deals()) ? "every deal once, newest version"
                                                                            : "MISMATCH",
                channel_rows_.c_str(), quarantined_.empty() ? "0" : quarantined_.c_str());
    std::printf("sales.daily_summary: %s rows (rebuilt by global_daily once all four regions landed)\n",
                Scalar(admin, "SELECT count(*) FROM sales.daily_summary").c_str());

    Step("8. The same dashboard query as emea_rep and as finance");
    dashboard_sql_ = fmt::format(
        "SELECT product_family, currency, count(*) AS deals, sum(amount) AS revenue\n"
        "FROM sales.deals\n"
        "WHERE sale_date >= DATE '{}' AND stage = 'closed_won'\n"
        "GROUP BY product_family, currency ORDER BY product_family, currency",
        datetime::FormatDate(last_date_ - 6));
    std::printf("%s;\n\n", dashboard_sql_.c_str());
    rep_ = RunDashboard("emea_rep");
    finance_ = RunDashboard("finance");
    TextTable dash({"user", "rows", "regions seen", "files read", "bytes scanned"});
    for (auto [user, d] : std::initializer_list<std::pair<const char*, Dashboard*>>{{"emea_rep", &rep_}, {"finance", &finance_}}) {
      Connection conn(db_, ConnectionOptions{user});
      std::string regions = Scalar(conn, fmt::format("SELECT string_agg(DISTINCT region, ',' ORDER BY region) FROM "
                                                     "sales.deals WHERE sale_date >= DATE '{}'",
                                                     datetime::FormatDate(last_date_ - 6)));
      if (!d->result.ok()) regions = "ERROR: " + d->result.error().message;
      dash.AddRow({user, std::to_string(d->rows), regions, std::to_string(d->files_read), Bytes(d->bytes)});
    }
    std::printf("%s", dash.Render().c_str());
    if (rep_.bytes > 0 && finance_.bytes > 0) {
      std::printf("The rep's query read %.0f%% of finance's bytes: the policy's region filter prunes the other "
                  "regions' files (sales.deals is clustered by region), and the date filter prunes partitions.\n",
                  100.0 * static_cast<double>(rep_.bytes) / static_cast<double>(finance_.bytes));
    }

    Step("9. Connect");
    const int port = server_ ? server_->port() : args_.port;
    std::printf("  host 127.0.0.1, port %d, database tributary\n", port);
    std::printf("  users: emea_rep / %s (EMEA only), finance / %s (everything), admin / %s\n", kRepPassword,
                kFinancePassword, kAdminPassword);
    std::printf("  PGPASSWORD=%s psql -h 127.0.0.1 -p %d -U emea_rep tributary \\\n"
                "    -c \"SELECT region, count(*), sum(amount) FROM sales.deals GROUP BY region\"\n",
                kRepPassword, port);
    // The same over the wire, when psql is installed.
    const std::string psql = fmt::format(
        "PGPASSWORD={} PGCONNECT_TIMEOUT=5 psql -X -h 127.0.0.1 -p {} -U emea_rep tributary -c \"SELECT region, "
        "count(*), sum(amount) FROM sales.deals GROUP BY region\" 2>&1",
        kRepPassword, port);
    if (server_ && std::system("command -v psql >/dev/null 2>&1") == 0) {
      std::printf("\n  $ psql ... -U emea_rep  (the rep, over the wire: only EMEA, whatever the query says)\n");
      std::fflush(stdout);
      if (FILE* out = popen(psql.c_str(), "r")) {
        char line[512];
        while (std::fgets(line, sizeof(line), out) != nullptr) {
          std::printf("  %s", line);
          if (std::string_view(line).starts_with(" EMEA")) psql_emea_only_ = true;
          if (std::string_view(line).find("AMER") != std::string_view::npos) psql_emea_only_ = false;
        }
        psql_ran_ = pclose(out) == 0;
      }
    }
    std::printf("\n  tributary orchestrate --config %s    # the same config on the real clock\n", config_path_.c_str());
    std::printf("  demo finished in %.1fs\n", Seconds(started_));
  }

  bool WriteSummary() {
    auto late = alerts_[kLateRegion];
    std::string at_risk_at, at_risk_deadline, recovered;
    for (const auto& a : late) {
      if (a.kind == "at_risk" && at_risk_at.empty()) {
        at_risk_at = std::to_string(a.fired_at);
        at_risk_deadline = std::to_string(a.deadline);
      }
      if (a.kind == "recovered") recovered = "yes";
    }
    int other_alerts = 0;
    for (const auto& [task, list] : alerts_) other_alerts += task == kLateRegion ? 0 : static_cast<int>(list.size());
    std::string text = fmt::format(
        "deals_generated={}\ndeals_in_table={}\nchannel_rows={}\nquarantined_tables={}\nfailed_runs={}\n"
        "on_time_regions={}\nlate_region={}\nat_risk_fired_at_us={}\nat_risk_deadline_us={}\nrecovered={}\n"
        "other_alerts={}\npsql={}\nrep_rows={}\nrep_bytes={}\nfinance_rows={}\nfinance_bytes={}\nport={}\nseconds={:.1f}\n",
        data_->distinct_deals(), deals_in_table_, channel_rows_, quarantined_.empty() ? "0" : quarantined_,
        failed_runs_, on_time_, kLateRegion, at_risk_at, at_risk_deadline, recovered, other_alerts,
        !psql_ran_ ? "not run" : psql_emea_only_ ? "emea only" : "unexpected", rep_.rows,
        rep_.bytes, finance_.rows, finance_.bytes, server_ ? server_->port() : 0, Seconds(started_));
    std::ofstream(dir_ + "/summary.txt") << text;
    return rep_.result.ok() && finance_.result.ok() && failed_runs_ == 0;
  }

  DemoArgs args_;
  std::chrono::steady_clock::time_point started_;
  std::string dir_, warehouse_, sources_, config_path_, ds_;
  Days last_date_ = 0;
  std::unique_ptr<SalesDemo> data_;
  orchestrator::OrchestratorConfig config_;
  std::shared_ptr<Database> db_;
  std::unique_ptr<orchestrator::StateStore> store_;
  std::map<std::string, orchestrator::TimeZone> zones_;
  std::map<std::string, std::vector<orchestrator::AlertRecord>> alerts_;
  std::unique_ptr<server::PgServer> server_;
  std::string dashboard_sql_;
  Dashboard rep_, finance_;
  std::string deals_in_table_, channel_rows_, quarantined_;
  int failed_runs_ = 0;
  int on_time_ = 0;
  bool psql_ran_ = false;
  bool psql_emea_only_ = false;
};

}  // namespace

void RegisterDemoCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<DemoArgs>();
  CLI::App* cmd = app.add_subcommand(
      "demo", "The showcase: four regions' exports loaded, one orchestrated morning, row-level security, served");
  cmd->add_option("--dir", args->dir, "Demo folder (wiped and recreated)");
  cmd->add_option("--deals", args->deals, "Distinct deals to generate")->check(CLI::Range(int64_t{1000}, int64_t{20'000'000}));
  cmd->add_option("--port", args->port, "Wire server port (0 picks a free one)");
  cmd->add_flag("--serve", args->serve, "Keep serving until Ctrl-C");
  cmd->callback([args, exit_code] {
    sem_init(&stop_signal, 0, 0);
    if (args->serve) {
      std::signal(SIGINT, OnSignal);
      std::signal(SIGTERM, OnSignal);
    }
    *exit_code = Demo(*args).Run();
  });
}

}  // namespace tributary::cli
