// Regional loads from real PostgreSQL 15 and MariaDB servers (started by
// test_servers on loopback): an initial load, incremental loads with updates,
// new rows and late corrections inside the lookback, re-runs that leave the
// table identical, and kill -9 at every injection point followed by a re-run
// — each compared row for row with the source as the test wrote it.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "common/crash_point.hpp"
#include "ingest/region_load.hpp"
#include "main/connection.hpp"
#include "test_servers.hpp"
#include "types/datetime.hpp"
#include "ingest_crash_points.hpp"

namespace tributary::ingest {
namespace {

namespace fs = std::filesystem;

/// One source row, as the test wrote it: the oracle.
struct Deal {
  int64_t id = 0;
  std::string family;
  std::string sale_date;
  int64_t cents = 0;
  std::string currency;  // lowercase at the source; upper-cased by the mapping
  std::string updated_at;
};

/// The source under test: which server, and its SQL dialect's quirks.
struct Server {
  std::string kind;  // postgres | mariadb
  std::function<std::string(const std::string&)> exec;
  std::map<std::string, std::string> values;
  std::string password;
};

class DatabaseLoadTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::string kind = GetParam();
    if (kind == "postgres") {
      auto pg = test_servers::PostgresServer::Shared();
      ASSERT_TRUE(pg.ok()) << pg.status().ToString();
      server_ = {kind, [s = *pg](const std::string& sql) { return s->Exec(sql); }, (*pg)->SourceValues(),
                 (*pg)->password()};
    } else {
      auto maria = test_servers::MariaDbServer::Shared();
      ASSERT_TRUE(maria.ok()) << maria.status().ToString();
      server_ = {kind, [s = *maria](const std::string& sql) { return s->Exec(sql); }, (*maria)->SourceValues(),
                 (*maria)->password()};
    }
    const std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    table_ = "deals_" + std::to_string(getpid()) + "_" + std::to_string(std::hash<std::string>{}(test) % 100000);
    dir_ = fs::temp_directory_path() /
           ("tributary_db_load_" + std::to_string(getpid()) + "_" + std::to_string(counter_++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    warehouse_ = (dir_ / "wh").string();
    server_.exec(fmt::format(
        "CREATE TABLE {} (id bigint PRIMARY KEY, product_family varchar(32), sale_date date, amount_cents bigint, "
        "currency varchar(3), updated_at {})",
        table_, server_.kind == "postgres" ? "timestamp" : "datetime(6)"));
    Configure();
  }
  void TearDown() override {
    if (server_.exec) server_.exec("DROP TABLE IF EXISTS " + table_);
    fs::remove_all(dir_);
  }

  void Configure() {
    std::string source;
    for (const auto& [k, v] : server_.values) {
      if (k == "password") continue;  // from the environment, as in production
      source += fmt::format("      {}: \"{}\"\n", k, v);
    }
    setenv("TRIBUTARY_TEST_SOURCE_PASSWORD", server_.password.c_str(), 1);
    std::string yaml = R"(state: state.db
warehouse: wh
regions:
  - name: AMER
    time_zone: America/Los_Angeles
    schedule: "0 5 * * *"
    deadline: "08:00"
    source:
)" + source + R"(      password_env: TRIBUTARY_TEST_SOURCE_PASSWORD
    task: {type: ingest}
    tables:
      - name: )" + table_ +
                       R"(
        target: sales.deals
        primary_key: deal_id
        cursor: updated_at
        lookback: 1h
        columns:
          deal_id: id
          region: "'AMER'"
          product_family: product_family
          sale_date: sale_date
          amount: CAST(amount_cents / 100.0 AS numeric(12,2))
          currency: upper(currency)
          updated_at: updated_at
        partition_by: sale_date
        cluster_by: [region]
)" + extra_table_keys_ +
                       R"(    checks:
      - {name: ids, type: not_null, table: sales.deals, columns: [deal_id, sale_date]}
      - {name: pk, type: unique, table: sales.deals, columns: deal_id}
)";
    std::ofstream(dir_ / "sales.yaml") << yaml;
    auto parsed = orchestrator::ReadOrchestratorConfig((dir_ / "sales.yaml").string());
    ASSERT_TRUE(parsed.config) << orchestrator::FormatConfigErrors(parsed.errors);
    config_ = *parsed.config;
  }

  RegionLoadResult Load() {
    RegionLoadOptions options;
    options.warehouse = warehouse_;
    options.config = &config_;
    options.region = "AMER";
    options.logical_date = *datetime::ParseDate("2026-11-20");
    return LoadRegion(options);
  }

  static std::string Timestamp(int minute) {
    return datetime::FormatTimestamp(*datetime::ParseTimestamp("2026-11-01 00:00:00") + int64_t{minute} * 60'000'000);
  }

  /// Writes rows [from, from + n) with updated_at at minute `minute`.
  void Insert(int64_t from, int n, int minute) {
    static const char* kFamilies[] = {"Cloud", "Storage", "Network", "Security"};
    std::string sql = "INSERT INTO " + table_ + " VALUES ";
    for (int i = 0; i < n; i++) {
      Deal d{from + i,
             kFamilies[(from + i) % 4],
             fmt::format("2026-10-{:02d}", 1 + (from + i) % 28),
             ((from + i) * 7919) % 1000000,
             (from + i) % 3 ? "usd" : "cad",
             Timestamp(minute)};
      sql += fmt::format("{}({}, '{}', '{}', {}, '{}', '{}')", i ? ", " : "", d.id, d.family, d.sale_date, d.cents,
                         d.currency, d.updated_at);
      oracle_[d.id] = d;
    }
    server_.exec(sql);
  }

  /// Changes the amount of `ids`, stamping them with minute `minute`.
  void Update(const std::vector<int64_t>& ids, int minute) {
    std::string sql;
    for (int64_t id : ids) {
      Deal& d = oracle_.at(id);
      d.cents += 100;
      d.updated_at = Timestamp(minute);
      sql += fmt::format("UPDATE {} SET amount_cents = {}, updated_at = '{}' WHERE id = {};\n", table_, d.cents,
                         d.updated_at, id);
    }
    server_.exec(sql);
  }

  std::string Expected() const {
    std::string out;
    for (const auto& [id, d] : oracle_) {
      std::string currency = d.currency;
      for (char& c : currency) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out += fmt::format("{}|{}|{}|{}.{:02d}|{}|{}\n", id, d.family, d.sale_date, d.cents / 100, d.cents % 100,
                         currency, d.updated_at);
    }
    return out;
  }

  std::string Actual() {
    auto db = Database::Open(warehouse_);
    EXPECT_TRUE(db.ok());
    Connection conn(*db);
    QueryResult r = conn.Query(
        "SELECT deal_id, product_family, sale_date, amount, currency, updated_at FROM sales.deals ORDER BY deal_id");
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    std::string out;
    for (size_t row = 0; r.ok() && row < r.row_count(); row++) {
      for (size_t c = 0; c < 6; c++) out += (c ? "|" : "") + r.GetText(row, c).value_or("NULL");
      out += "\n";
    }
    return out;
  }

  /// The whole table, lineage included: what "identical" compares.
  std::string Everything() {
    auto db = Database::Open(warehouse_);
    Connection conn(*db);
    QueryResult r = conn.Query("SELECT * FROM sales.deals ORDER BY deal_id");
    std::string out;
    for (size_t row = 0; r.ok() && row < r.row_count(); row++) {
      for (size_t c = 0; c < r.column_names().size(); c++) out += r.GetText(row, c).value_or("NULL") + "|";
      out += "\n";
    }
    return out;
  }

  static inline int counter_ = 0;
  Server server_;
  std::string table_;
  fs::path dir_;
  std::string warehouse_;
  orchestrator::OrchestratorConfig config_;
  std::map<int64_t, Deal> oracle_;
  std::string extra_table_keys_;  // more keys of the table, indented 8
};

TEST_P(DatabaseLoadTest, InitialAndIncrementalLoadsWithUpdatesAndLateCorrections) {
  Insert(1, 1500, 0);
  RegionLoadResult first = Load();
  ASSERT_EQ(first.exit_code, 0) << first.error;
  EXPECT_EQ(first.tables.at(0).record.status, "published");
  EXPECT_EQ(first.tables[0].record.rows_read, 1500);
  EXPECT_EQ(first.tables[0].record.watermark_to, Timestamp(0));
  EXPECT_EQ(Actual(), Expected());

  // Updates and new rows after the watermark...
  Update({3, 30, 300}, 120);
  Insert(2001, 40, 120);
  RegionLoadResult second = Load();
  ASSERT_EQ(second.exit_code, 0) << second.error;
  EXPECT_EQ(second.tables[0].record.watermark_to, Timestamp(120));
  // ...read from the watermark (minute 0) less the 1h lookback: every row
  // again, of which the 43 changed ones merge.
  EXPECT_EQ(second.tables[0].record.rows_read, 1540);
  EXPECT_EQ(second.tables[0].record.rows_merged, 43);
  EXPECT_EQ(Actual(), Expected());

  // A late correction stamped 30 minutes before the watermark: inside the
  // lookback, so it is read and, being newer than the stored row, wins.
  Update({7}, 90);
  RegionLoadResult third = Load();
  ASSERT_EQ(third.exit_code, 0) << third.error;
  EXPECT_EQ(third.tables[0].record.watermark_to, Timestamp(120));
  // Read from minute 60: the correction and the 43 rows of minute 120; only
  // the correction changes anything.
  EXPECT_EQ(third.tables[0].record.rows_read, 44);
  EXPECT_EQ(third.tables[0].record.rows_merged, 1);
  EXPECT_EQ(Actual(), Expected());
}

TEST_P(DatabaseLoadTest, RerunningLeavesAnIdenticalTable) {
  Insert(1, 500, 0);
  Update({5, 6}, 30);
  ASSERT_EQ(Load().exit_code, 0);
  const std::string before = Everything();
  ASSERT_FALSE(before.empty());
  for (int i = 0; i < 2; i++) {
    RegionLoadResult again = Load();
    ASSERT_EQ(again.exit_code, 0) << again.error;
    EXPECT_EQ(again.tables[0].record.rows_merged, 0);
    EXPECT_EQ(Everything(), before);  // lineage (run id, load time) included
  }
  EXPECT_EQ(Actual(), Expected());
}

TEST_P(DatabaseLoadTest, KillNineAtEveryInjectionPointThenRerunMatchesTheSource) {
  const auto& points = testing::IngestCrashPoints();
  Insert(1, 800, 0);
  int minute = 10;
  int64_t next_id = 10'001;
  int index = 0;
  for (const auto& [variable, point] : points) {
    SCOPED_TRACE(point);
    warehouse_ = (dir_ / ("wh" + std::to_string(index++))).string();
    ASSERT_EQ(Load().exit_code, 0);
    // New work for the load that dies: updates of old rows and new rows.
    Update({static_cast<int64_t>(index * 10), static_cast<int64_t>(index * 10 + 1)}, minute);
    Insert(next_id, 25, minute);
    next_id += 25;
    minute += 10;

    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      if (std::string(variable) == "TRIBUTARY_CRASH_AT") {
        ArmCrashPoint(point);
      } else {
        setenv(variable, point, 1);
      }
      (void)Load();
      _exit(3);  // the crash point was not reached
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "exit status " << status;

    RegionLoadResult rerun = Load();
    ASSERT_EQ(rerun.exit_code, 0) << rerun.error;
    EXPECT_EQ(Actual(), Expected());  // nothing lost, nothing doubled
    auto db = Database::Open(warehouse_);
    Connection conn(*db);
    QueryResult counts = conn.Query("SELECT count(*) = count(DISTINCT deal_id) FROM sales.deals");
    ASSERT_TRUE(counts.ok());
    EXPECT_EQ(counts.GetText(0, 0), "t");
  }
}

TEST_P(DatabaseLoadTest, SchemaDriftAtTheSourceEvolvesOrStopsTheRegion) {
  const bool pg = server_.kind == "postgres";
  Insert(1, 20, 0);
  ASSERT_EQ(Load().exit_code, 0);
  // Added nullable column: the target gains it, by a new field id.
  server_.exec("ALTER TABLE " + table_ + " ADD COLUMN channel varchar(16)");
  server_.exec("UPDATE " + table_ + " SET channel = 'partner', updated_at = '" + Timestamp(30) + "' WHERE id = 2");
  oracle_.at(2).updated_at = Timestamp(30);
  RegionLoadResult added = Load();
  ASSERT_EQ(added.exit_code, 0) << added.error;
  EXPECT_EQ(added.tables[0].schema_changes, "added column channel character varying(16)");
  {
    auto db = Database::Open(warehouse_);
    Connection conn(*db);
    QueryResult r = conn.Query("SELECT count(*), max(channel) FROM sales.deals WHERE channel IS NOT NULL");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.GetText(0, 0), "1");
    EXPECT_EQ(r.GetText(0, 1), "partner");
  }
  // Widened: loads.
  server_.exec(pg ? "ALTER TABLE " + table_ + " ALTER COLUMN product_family TYPE varchar(64)"
                  : "ALTER TABLE " + table_ + " MODIFY product_family varchar(64)");
  RegionLoadResult widened = Load();
  ASSERT_EQ(widened.exit_code, 0) << widened.error;
  EXPECT_EQ(widened.tables[0].schema_changes,
            "widened column product_family character varying(32) -> character varying(64)");
  EXPECT_EQ(Actual(), Expected());
  const std::string before = Everything();

  // Narrowed: stops, naming the column and both types; the target is untouched.
  server_.exec(pg ? "ALTER TABLE " + table_ + " ALTER COLUMN product_family TYPE varchar(10)"
                  : "ALTER TABLE " + table_ + " MODIFY product_family varchar(10)");
  RegionLoadResult narrowed = Load();
  EXPECT_EQ(narrowed.exit_code, 65);
  EXPECT_NE(narrowed.error.find("narrowed column product_family character varying(64) -> character varying(10)"),
            std::string::npos)
      << narrowed.error;
  EXPECT_EQ(Everything(), before);
  // Still stopped on the next run: the contract has not changed.
  EXPECT_EQ(Load().exit_code, 65);

  // Removed: stops, naming it.
  server_.exec(pg ? "ALTER TABLE " + table_ + " ALTER COLUMN product_family TYPE varchar(64)"
                  : "ALTER TABLE " + table_ + " MODIFY product_family varchar(64)");
  server_.exec("ALTER TABLE " + table_ + " DROP COLUMN channel");
  RegionLoadResult removed = Load();
  EXPECT_EQ(removed.exit_code, 65);
  EXPECT_NE(removed.error.find("removed column channel"), std::string::npos) << removed.error;
  EXPECT_EQ(Everything(), before);
}

TEST_P(DatabaseLoadTest, HardDeletesAreFoundByPeriodicKeyReconciliation) {
  extra_table_keys_ = "        reconcile_every: 1ms\n";
  Configure();
  Insert(1, 30, 0);
  RegionLoadResult first = Load();
  ASSERT_EQ(first.exit_code, 0) << first.error;
  EXPECT_EQ(first.tables[0].record.rows_deleted, 0);
  // Rows deleted at the source leave no trace a cursor could see.
  server_.exec("DELETE FROM " + table_ + " WHERE id IN (4, 5, 17)");
  for (int64_t id : {4, 5, 17}) oracle_.erase(id);
  RegionLoadResult second = Load();
  ASSERT_EQ(second.exit_code, 0) << second.error;
  EXPECT_EQ(second.tables[0].record.status, "published");
  EXPECT_EQ(second.tables[0].record.rows_deleted, 3);
  EXPECT_EQ(Actual(), Expected());

  // Not due yet with a day's period: nothing is read or deleted.
  extra_table_keys_ = "        reconcile_every: 1d\n";
  Configure();
  server_.exec("DELETE FROM " + table_ + " WHERE id = 9");
  RegionLoadResult third = Load();
  ASSERT_EQ(third.exit_code, 0) << third.error;
  EXPECT_EQ(third.tables[0].record.rows_deleted, 0);
}

TEST_P(DatabaseLoadTest, TheSourcePasswordIsInNoMessageLogOrJob) {
  Insert(1, 10, 0);
  ASSERT_EQ(Load().exit_code, 0);
  // A wrong password: the error names region, host and step, not the password.
  setenv("TRIBUTARY_TEST_SOURCE_PASSWORD", "not-the-Pa55word", 1);
  RegionLoadResult bad = Load();
  EXPECT_EQ(bad.exit_code, 69) << bad.error;
  EXPECT_NE(bad.error.find("region AMER"), std::string::npos) << bad.error;
  EXPECT_NE(bad.error.find("127.0.0.1:" + server_.values.at("port")), std::string::npos) << bad.error;
  EXPECT_NE(bad.error.find("connect"), std::string::npos) << bad.error;
  EXPECT_EQ(bad.error.find("not-the-Pa55word"), std::string::npos) << bad.error;
  setenv("TRIBUTARY_TEST_SOURCE_PASSWORD", server_.password.c_str(), 1);
  for (const auto& entry : fs::recursive_directory_iterator(warehouse_)) {
    if (!entry.is_regular_file() || entry.path().extension() == ".parquet") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(content.find(server_.password), std::string::npos) << entry.path();
    EXPECT_EQ(content.find("not-the-Pa55word"), std::string::npos) << entry.path();
  }
}

INSTANTIATE_TEST_SUITE_P(Sources, DatabaseLoadTest, ::testing::Values("postgres", "mariadb"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace tributary::ingest
