// One region's load end to end on file drops (CSV): incremental loads with
// late corrections, re-runs, re-sent files, schema drift, every quality
// check with quarantine, and kill -9 at every injection point.
#include "ingest/region_load.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "common/crash_point.hpp"
#include "main/connection.hpp"
#include "types/datetime.hpp"
#include "ingest_crash_points.hpp"

namespace tributary::ingest {
namespace {

namespace fs = std::filesystem;

class RegionLoadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tributary_region_load_" + std::to_string(getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "drops");
    warehouse_ = (dir_ / "warehouse").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// The EMEA region: CSV drops `deals_<ds>.csv` (';'), merged into
  /// sales.deals by deal_id, newer updated_at wins. `checks` is YAML for the
  /// region's checks list; `extra` more table keys.
  void Configure(const std::string& checks = "", const std::string& extra = "") {
    std::string yaml = R"(state: state.db
warehouse: warehouse
regions:
  - name: EMEA
    time_zone: Europe/Berlin
    schedule: "0 5 * * *"
    deadline: "08:00"
    source:
      kind: csv
      directory: )" + (dir_ / "drops").string() +
                       R"(
      delimiter: ";"
      stable_seconds: "0"
    task:
      type: ingest
    tables:
      - name: "deals_{{ ds }}.csv"
        target: sales.deals
        primary_key: deal_id
        cursor: updated_at
        columns:
          deal_id: CAST(deal_id AS bigint)
          region: "'EMEA'"
          product_family: product_family
          sale_date: CAST(sale_date AS date)
          amount: CAST(amount AS numeric(12,2))
          currency: upper(currency)
          updated_at: CAST(updated_at AS timestamp)
        partition_by: sale_date
        partition_granularity: day
        cluster_by: [region]
)" + extra + (checks.empty() ? "" : "    checks:\n" + checks);
    std::ofstream(dir_ / "sales.yaml") << yaml;
    auto parsed = orchestrator::ReadOrchestratorConfig((dir_ / "sales.yaml").string());
    ASSERT_TRUE(parsed.config) << orchestrator::FormatConfigErrors(parsed.errors);
    config_ = *parsed.config;
  }

  void Drop(const std::string& ds, const std::string& rows,
            const std::string& header = "deal_id;product_family;sale_date;amount;currency;updated_at") {
    std::ofstream(dir_ / "drops" / ("deals_" + ds + ".csv")) << header << "\n" << rows;
  }

  RegionLoadResult Load(const std::string& ds) {
    RegionLoadOptions options;
    options.warehouse = warehouse_;
    options.config = &config_;
    options.region = "EMEA";
    options.logical_date = *datetime::ParseDate(ds);
    options.run_id = "run-" + ds;
    return LoadRegion(options);
  }

  /// Every row of a query as "a|b|c" lines.
  std::string Rows(const std::string& sql) {
    auto db = Database::Open(warehouse_);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    Connection conn(*db);
    QueryResult r = conn.Query(sql);
    EXPECT_TRUE(r.ok()) << sql << ": " << (r.ok() ? "" : r.error().message);
    if (!r.ok()) return "ERROR " + r.error().message;
    std::string out;
    for (size_t row = 0; row < r.row_count(); row++) {
      for (size_t c = 0; c < r.column_names().size(); c++) {
        if (c) out += "|";
        out += r.GetText(row, c).value_or("NULL");
      }
      out += "\n";
    }
    return out;
  }

  std::string Deals() {
    return Rows(
        "SELECT deal_id, region, product_family, sale_date, amount, currency, updated_at FROM sales.deals "
        "ORDER BY deal_id");
  }

  fs::path dir_;
  std::string warehouse_;
  orchestrator::OrchestratorConfig config_;
};

const char* kDay1 =
    "1;Cloud;2026-11-01;100.00;eur;2026-11-01 10:00:00\n"
    "2;Storage;2026-11-01;250.50;gbp;2026-11-01 11:00:00\n"
    "3;Cloud;2026-11-01;75.25;eur;2026-11-01 12:00:00\n";
// A late correction of deal 1 (newer), a replayed older version of deal 2
// (must not win), and a new deal.
const char* kDay2 =
    "1;Cloud;2026-11-01;120.00;eur;2026-11-02 09:00:00\n"
    "2;Storage;2026-11-01;999.99;gbp;2026-10-31 08:00:00\n"
    "4;Network;2026-11-02;42.00;eur;2026-11-02 10:00:00\n";

TEST_F(RegionLoadTest, IncrementalLoadsApplyLateCorrectionsAndNeverRegress) {
  Configure();
  Drop("2026-11-01", kDay1);
  RegionLoadResult first = Load("2026-11-01");
  ASSERT_EQ(first.exit_code, 0) << first.error;
  ASSERT_EQ(first.tables.size(), 1u);
  EXPECT_EQ(first.tables[0].record.status, "published");
  EXPECT_EQ(first.tables[0].record.rows_read, 3);
  EXPECT_EQ(first.tables[0].record.watermark_to, "2026-11-01 12:00:00");

  Drop("2026-11-02", kDay2);
  RegionLoadResult second = Load("2026-11-02");
  ASSERT_EQ(second.exit_code, 0) << second.error;
  EXPECT_EQ(second.tables[0].record.watermark_to, "2026-11-02 10:00:00");
  EXPECT_EQ(Deals(),
            "1|EMEA|Cloud|2026-11-01|120.00|EUR|2026-11-02 09:00:00\n"
            "2|EMEA|Storage|2026-11-01|250.50|GBP|2026-11-01 11:00:00\n"
            "3|EMEA|Cloud|2026-11-01|75.25|EUR|2026-11-01 12:00:00\n"
            "4|EMEA|Network|2026-11-02|42.00|EUR|2026-11-02 10:00:00\n");
  // Lineage: which load and file each row came from.
  EXPECT_EQ(Rows("SELECT deal_id, _region, _run_id, _source LIKE '%deals_2026-11-0_.csv' FROM sales.deals ORDER BY "
                 "deal_id"),
            "1|EMEA|run-2026-11-02|t\n2|EMEA|run-2026-11-01|t\n3|EMEA|run-2026-11-01|t\n4|EMEA|run-2026-11-02|t\n");
  // The watermark is in the MERGE's snapshot summary.
  EXPECT_NE(Rows("SELECT count(*) FROM sales.deals").find("4"), std::string::npos);
}

TEST_F(RegionLoadTest, OneLoadOfSeveralFilesKeepsEachKeysNewestVersion) {
  Configure();
  config_.regions[0].tables[0].name = "deals_*.csv";  // a catch-up: every ready file at once
  Drop("2026-11-01", kDay1);
  Drop("2026-11-02", kDay2);
  RegionLoadResult r = Load("2026-11-02");
  ASSERT_EQ(r.exit_code, 0) << r.error;
  EXPECT_EQ(r.tables[0].files_taken, 2);
  EXPECT_EQ(r.tables[0].record.rows_read, 6);
  EXPECT_EQ(Deals(),
            "1|EMEA|Cloud|2026-11-01|120.00|EUR|2026-11-02 09:00:00\n"
            "2|EMEA|Storage|2026-11-01|250.50|GBP|2026-11-01 11:00:00\n"
            "3|EMEA|Cloud|2026-11-01|75.25|EUR|2026-11-01 12:00:00\n"
            "4|EMEA|Network|2026-11-02|42.00|EUR|2026-11-02 10:00:00\n");
}

TEST_F(RegionLoadTest, RerunningADateLeavesTheTableIdentical) {
  Configure();
  Drop("2026-11-01", kDay1);
  Drop("2026-11-02", kDay2);
  ASSERT_EQ(Load("2026-11-01").exit_code, 0);
  ASSERT_EQ(Load("2026-11-02").exit_code, 0);
  const std::string before = Rows("SELECT * FROM sales.deals ORDER BY deal_id");
  RegionLoadResult again = Load("2026-11-02");
  ASSERT_EQ(again.exit_code, 0) << again.error;
  EXPECT_EQ(again.tables[0].record.status, "no_new_data");
  EXPECT_EQ(again.tables[0].files_skipped, 1);
  RegionLoadResult older = Load("2026-11-01");
  ASSERT_EQ(older.exit_code, 0) << older.error;
  EXPECT_EQ(Rows("SELECT * FROM sales.deals ORDER BY deal_id"), before);
}

TEST_F(RegionLoadTest, AResentFileWithNewContentIsLoadedAgain) {
  Configure();
  Drop("2026-11-01", kDay1);
  ASSERT_EQ(Load("2026-11-01").exit_code, 0);
  Drop("2026-11-01", "3;Cloud;2026-11-01;80.00;eur;2026-11-01 18:00:00\n");
  RegionLoadResult again = Load("2026-11-01");
  ASSERT_EQ(again.exit_code, 0) << again.error;
  EXPECT_EQ(again.tables[0].files_resent, 1);
  EXPECT_EQ(again.tables[0].record.status, "published");
  EXPECT_EQ(Rows("SELECT amount FROM sales.deals WHERE deal_id = 3"), "80.00\n");
}

TEST_F(RegionLoadTest, TwoRegionsMergingIntoOneTableAtOnceBothLand) {
  // Two regions' drops into the same day partitions of sales.deals: each
  // MERGE rewrites files the other's concurrent commit may have touched
  // partitions of, so one of them meets 40001 and merges again.
  std::string yaml = "state: state.db\nwarehouse: warehouse\nregions:\n";
  for (const char* region : {"EMEA", "APAC"}) {
    fs::create_directories(dir_ / region);
    yaml += std::string("  - name: ") + region + R"(
    time_zone: UTC
    schedule: "0 5 * * *"
    deadline: "08:00"
    source: {kind: csv, directory: )" +
            (dir_ / region).string() + R"(, delimiter: ";", stable_seconds: "0"}
    task: {type: ingest}
    tables:
      - name: "deals_{{ ds }}.csv"
        target: sales.deals
        primary_key: deal_id
        cursor: updated_at
        columns:
          deal_id: CAST(deal_id AS bigint)
          region: ")" +
            region + R"("
          amount: CAST(amount AS numeric(12,2))
          sale_date: CAST(sale_date AS date)
          updated_at: CAST(updated_at AS timestamp)
        partition_by: sale_date
        cluster_by: [region]
)";
  }
  for (size_t p; (p = yaml.find("region: \"EMEA\"")) != std::string::npos;) yaml.replace(p, 14, "region: \"'EMEA'\"");
  for (size_t p; (p = yaml.find("region: \"APAC\"")) != std::string::npos;) yaml.replace(p, 14, "region: \"'APAC'\"");
  std::ofstream(dir_ / "two.yaml") << yaml;
  auto parsed = orchestrator::ReadOrchestratorConfig((dir_ / "two.yaml").string());
  ASSERT_TRUE(parsed.config) << orchestrator::FormatConfigErrors(parsed.errors);
  config_ = *parsed.config;
  auto drop = [&](const char* region, int day, int64_t base) {
    std::string rows = "deal_id;amount;sale_date;updated_at\n";
    for (int64_t i = 0; i < 200; i++) {
      // Every day re-sends the region's deals with a newer version.
      rows +=
          fmt::format("{};{}.00;2026-11-{:02d};2026-11-{:02d} 10:00:00\n", base + i, day * 10 + i % 7, 1 + i % 5, day);
    }
    std::ofstream(dir_ / region / fmt::format("deals_2026-11-{:02d}.csv", day)) << rows;
  };
  std::atomic<int> retries{0};  // MERGEs run again after a concurrent commit (40001)
  auto load = [&](const char* region, int day, RegionLoadResult* out) {
    RegionLoadOptions options;
    options.warehouse = warehouse_;
    options.config = &config_;
    options.region = region;
    options.logical_date = *datetime::ParseDate(fmt::format("2026-11-{:02d}", day));
    options.progress = [&](const std::string& line) {
      if (line.find("merging again") != std::string::npos) retries++;
    };
    *out = LoadRegion(options);
  };
  for (int day = 1; day <= 4; day++) {
    drop("EMEA", day, 1000);
    drop("APAC", day, 5000);
    RegionLoadResult emea, apac;
    std::thread a(load, "EMEA", day, &emea);
    std::thread b(load, "APAC", day, &apac);
    a.join();
    b.join();
    ASSERT_EQ(emea.exit_code, 0) << emea.error;
    ASSERT_EQ(apac.exit_code, 0) << apac.error;
  }
  EXPECT_EQ(Rows("SELECT region, count(*), count(DISTINCT deal_id), min(updated_at), max(updated_at), sum(amount) "
                 "FROM sales.deals GROUP BY region ORDER BY region"),
            "APAC|200|200|2026-11-04 10:00:00|2026-11-04 10:00:00|8594.00\n"
            "EMEA|200|200|2026-11-04 10:00:00|2026-11-04 10:00:00|8594.00\n");
  RecordProperty("merge_retries", retries.load());
}

// ---- schema drift, end to end ----

TEST_F(RegionLoadTest, AnAddedColumnEvolvesTheTarget) {
  Configure();
  Drop("2026-11-01", kDay1);
  ASSERT_EQ(Load("2026-11-01").exit_code, 0);
  Drop("2026-11-02", "5;Cloud;2026-11-02;10.00;eur;2026-11-02 10:00:00;partner\n",
       "deal_id;product_family;sale_date;amount;currency;updated_at;channel");
  RegionLoadResult r = Load("2026-11-02");
  ASSERT_EQ(r.exit_code, 0) << r.error;
  EXPECT_EQ(r.tables[0].schema_changes, "added column channel text");
  EXPECT_EQ(Rows("SELECT deal_id, channel FROM sales.deals ORDER BY deal_id"), "1|NULL\n2|NULL\n3|NULL\n5|partner\n");
}

TEST_F(RegionLoadTest, ARemovedOrRenamedColumnStopsTheRegionAndLeavesTheTarget) {
  Configure();
  Drop("2026-11-01", kDay1);
  ASSERT_EQ(Load("2026-11-01").exit_code, 0);
  const std::string before = Deals();
  Drop("2026-11-02", "5;Cloud;2026-11-02;eur;2026-11-02 10:00:00\n",
       "deal_id;product_family;sale_date;currency;updated_at");
  RegionLoadResult removed = Load("2026-11-02");
  EXPECT_EQ(removed.exit_code, 65);
  EXPECT_EQ(removed.tables[0].record.status, "schema_drift");
  EXPECT_NE(removed.error.find("removed column amount"), std::string::npos) << removed.error;
  EXPECT_NE(removed.error.find("region EMEA"), std::string::npos) << removed.error;
  EXPECT_EQ(Deals(), before);

  Drop("2026-11-02", "5;Cloud;2026-11-02;10.00;eur;2026-11-02 10:00:00\n",
       "deal_id;product_family;sale_date;amount_eur;currency;updated_at");
  RegionLoadResult renamed = Load("2026-11-02");
  EXPECT_EQ(renamed.exit_code, 65);
  EXPECT_NE(renamed.error.find("renamed column amount -> amount_eur"), std::string::npos) << renamed.error;
  EXPECT_EQ(Deals(), before);
}

// ---- quality checks: one test per kind ----

class CheckTest : public RegionLoadTest {
 protected:
  /// Loads day 1 with `checks`, expecting it quarantined when `quarantined`.
  RegionLoadResult LoadWithCheck(const std::string& checks, const std::string& rows, bool quarantined) {
    Configure(checks);
    Drop("2026-11-01", rows);
    RegionLoadResult r = Load("2026-11-01");
    EXPECT_EQ(r.exit_code, quarantined ? 65 : 0) << r.error;
    if (quarantined && r.exit_code == 65) {
      EXPECT_EQ(r.tables[0].record.status, "quarantined");
      // The target is untouched (never even created here) and the batch is
      // queryable with each row's failed checks and the reason.
      EXPECT_EQ(Rows("SELECT count(*) FROM sales.deals"), "0\n");
      EXPECT_EQ(Rows("SELECT count(*) FROM " + r.tables[0].quarantine_table),
                std::to_string(r.tables[0].record.rows_read) + "\n");
      EXPECT_EQ(Rows("SELECT region, source_table, rows FROM quarantine.batches"),
                "EMEA|deals_{{ ds }}.csv|" + std::to_string(r.tables[0].record.rows_read) + "\n");
    }
    return r;
  }
};

TEST_F(CheckTest, NotNull) {
  const std::string check = "      - {name: ids, type: not_null, table: sales.deals, columns: [deal_id, sale_date]}\n";
  auto r = LoadWithCheck(
      check, "1;Cloud;;1.00;eur;2026-11-01 10:00:00\n2;Cloud;2026-11-01;1.00;eur;2026-11-01 10:00:00\n", true);
  EXPECT_EQ(r.tables[0].checks.at(0).failing_rows, 1);
  EXPECT_EQ(Rows("SELECT deal_id, _failed_checks FROM " + r.tables[0].quarantine_table + " ORDER BY deal_id"),
            "1|ids\n2|NULL\n");
}

TEST_F(CheckTest, NotNullPassingPublishes) {
  const std::string check = "      - {name: ids, type: not_null, table: sales.deals, columns: [deal_id]}\n";
  auto r = LoadWithCheck(check, kDay1, false);
  EXPECT_TRUE(r.tables[0].checks.at(0).passed);
  EXPECT_EQ(Rows("SELECT count(*) FROM sales.deals"), "3\n");
}

TEST_F(CheckTest, Unique) {
  const std::string check = "      - {name: pk, type: unique, table: sales.deals, columns: deal_id}\n";
  auto r = LoadWithCheck(
      check, "1;Cloud;2026-11-01;1.00;eur;2026-11-01 10:00:00\n1;Cloud;2026-11-01;2.00;eur;2026-11-01 11:00:00\n",
      true);
  EXPECT_EQ(r.tables[0].checks.at(0).failing_rows, 2);
}

TEST_F(CheckTest, AcceptedValues) {
  const std::string check =
      "      - {name: currency, type: accepted_values, table: sales.deals, columns: currency, values: [EUR, GBP]}\n";
  auto r = LoadWithCheck(
      check, "1;Cloud;2026-11-01;1.00;eur;2026-11-01 10:00:00\n2;Cloud;2026-11-01;1.00;xyz;2026-11-01 10:00:00\n",
      true);
  EXPECT_EQ(r.tables[0].checks.at(0).failing_rows, 1);
  EXPECT_NE(r.error.find("currency"), std::string::npos) << r.error;
}

TEST_F(CheckTest, Relationships) {
  {
    auto db = Database::Open(warehouse_);
    Connection conn(*db);
    ASSERT_TRUE(conn.Query("CREATE SCHEMA sales; CREATE TABLE sales.products (product_family text);"
                           "INSERT INTO sales.products VALUES ('Cloud'), ('Storage')")
                    .ok());
  }
  const std::string check =
      "      - {name: products, type: relationships, table: sales.deals, columns: product_family, to: "
      "sales.products.product_family}\n";
  auto r = LoadWithCheck(
      check, "1;Cloud;2026-11-01;1.00;eur;2026-11-01 10:00:00\n2;Quantum;2026-11-01;1.00;eur;2026-11-01 10:00:00\n",
      true);
  EXPECT_EQ(r.tables[0].checks.at(0).failing_rows, 1);
  EXPECT_EQ(Rows("SELECT product_family FROM " + r.tables[0].quarantine_table + " WHERE _failed_checks = 'products'"),
            "Quantum\n");
}

TEST_F(CheckTest, RangeErrorQuarantines) {
  const std::string check =
      "      - {name: amount, type: range, table: sales.deals, columns: amount, min: 0, max: 1000}\n";
  auto r = LoadWithCheck(check,
                         "1;Cloud;2026-11-01;-5.00;eur;2026-11-01 10:00:00\n2;Cloud;2026-11-01;5000;eur;2026-11-01 "
                         "10:00:00\n3;Cloud;2026-11-01;5;eur;2026-11-01 10:00:00\n",
                         true);
  EXPECT_EQ(r.tables[0].checks.at(0).failing_rows, 2);
}

TEST_F(CheckTest, RowCountMinAndAnomaly) {
  const std::string check = "      - {name: volume, type: row_count, table: sales.deals, min: 5}\n";
  auto r = LoadWithCheck(check, kDay1, true);
  EXPECT_NE(r.tables[0].checks.at(0).detail.find("3 rows, fewer than min 5"), std::string::npos);
}

TEST_F(RegionLoadTest, RowCountAnomalyAgainstRecentLoads) {
  Configure("      - {name: volume, type: row_count, table: sales.deals, tolerance: 0.5}\n");
  auto rows = [](int from, int n, const std::string& ds) {
    std::string out;
    for (int i = from; i < from + n; i++) out += std::to_string(i) + ";Cloud;" + ds + ";1.00;eur;" + ds + " 10:00:00\n";
    return out;
  };
  for (int d = 1; d <= 3; d++) {
    std::string ds = "2026-11-0" + std::to_string(d);
    Drop(ds, rows(d * 100, 10, ds));
    ASSERT_EQ(Load(ds).exit_code, 0);
  }
  Drop("2026-11-04", rows(400, 2, "2026-11-04"));  // 80% below the median of 10
  RegionLoadResult r = Load("2026-11-04");
  EXPECT_EQ(r.exit_code, 65) << r.error;
  EXPECT_NE(r.tables[0].checks.at(0).detail.find("median of 10"), std::string::npos) << r.tables[0].checks[0].detail;
  EXPECT_EQ(Rows("SELECT count(*) FROM sales.deals"), "30\n");
}

TEST_F(CheckTest, Freshness) {
  const std::string check =
      "      - {name: fresh, type: freshness, table: sales.deals, columns: updated_at, max_age: 36h}\n";
  // Newest row 2026-10-20: far older than 36h before the end of 2026-11-01 in Berlin.
  auto r = LoadWithCheck(check, "1;Cloud;2026-10-20;1.00;eur;2026-10-20 10:00:00\n", true);
  EXPECT_NE(r.tables[0].checks.at(0).detail.find("older than 36h"), std::string::npos);
}

TEST_F(RegionLoadTest, AWarningPublishesAndTheThirdInARowEscalates) {
  Configure("      - {name: amount, type: range, table: sales.deals, columns: amount, min: 0, severity: warn}\n");
  for (int d = 1; d <= 3; d++) {
    std::string ds = "2026-11-0" + std::to_string(d);
    Drop(ds, std::to_string(d) + ";Cloud;" + ds + ";-1.00;eur;" + ds + " 10:00:00\n");
    RegionLoadResult r = Load(ds);
    const CheckRecord& check = r.tables[0].checks.at(0);
    EXPECT_FALSE(check.passed);
    if (d < 3) {
      EXPECT_EQ(r.exit_code, 0) << r.error;
      EXPECT_FALSE(check.escalated);
    } else {
      EXPECT_EQ(r.exit_code, 65);
      EXPECT_TRUE(check.escalated);
      EXPECT_NE(check.detail.find("warning 3 loads in a row"), std::string::npos) << check.detail;
    }
  }
  EXPECT_EQ(Rows("SELECT deal_id FROM sales.deals ORDER BY deal_id"), "1\n2\n");
}

// ---- kill -9 at every injection point, then a re-run ----

TEST_F(RegionLoadTest, KillNineAtEveryInjectionPointThenRerunEqualsAnUninterruptedLoad) {
  Configure("      - {name: ids, type: not_null, table: sales.deals, columns: [deal_id]}\n");
  Drop("2026-11-01", kDay1);
  Drop("2026-11-02", kDay2);
  ASSERT_EQ(Load("2026-11-01").exit_code, 0);
  ASSERT_EQ(Load("2026-11-02").exit_code, 0);
  const std::string expected = Deals();
  const std::string uninterrupted_warehouse = warehouse_;

  const auto& points = testing::IngestCrashPoints();
  int index = 0;
  for (const auto& [variable, point] : points) {
    SCOPED_TRACE(point);
    warehouse_ = (dir_ / ("crash" + std::to_string(index++))).string();
    ASSERT_EQ(Load("2026-11-01").exit_code, 0);
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      if (std::string(variable) == "TRIBUTARY_CRASH_AT") {
        ArmCrashPoint(point);
      } else {
        setenv(variable, point, 1);
      }
      RegionLoadResult r = Load("2026-11-02");
      _exit(r.exit_code == 0 ? 3 : 4);  // reaching here means the crash point was not hit
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "exit status " << status;
    RegionLoadResult rerun = Load("2026-11-02");
    ASSERT_EQ(rerun.exit_code, 0) << rerun.error;
    EXPECT_EQ(Deals(), expected);
    EXPECT_EQ(Rows("SELECT count(*), count(DISTINCT deal_id) FROM sales.deals"), "4|4\n");
    // A third run finds nothing new and changes nothing.
    ASSERT_EQ(Load("2026-11-02").exit_code, 0);
    EXPECT_EQ(Deals(), expected);
  }
  warehouse_ = uninterrupted_warehouse;
}

}  // namespace
}  // namespace tributary::ingest
