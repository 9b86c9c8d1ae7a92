// DELETE / UPDATE / MERGE / TRUNCATE: which files a copy-on-write change
// touches, and that a failed statement commits nothing.
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <set>

#include "catalog/catalog.hpp"
#include "common/crash_point.hpp"
#include "engine_fixture.hpp"
#include "iceberg/snapshot.hpp"

namespace tributary {
namespace {

class ModifyTest : public EngineTest {
 protected:
  /// Three months of rows, one INSERT (so separate files) per month; the
  /// table is partitioned by month and clustered by region.
  void CreateDeals() {
    Run("CREATE TABLE deals (id int NOT NULL, region text, d date, amount numeric(10,2)) "
        "PARTITION BY RANGE (d) WITH (partition_granularity = 'month', cluster_by = 'region')");
    for (int month = 1; month <= 3; month++) {
      std::string sql = "INSERT INTO deals VALUES ";
      for (int i = 0; i < 20; i++) {
        int id = month * 100 + i;
        if (i > 0) sql += ", ";
        sql += "(" + std::to_string(id) + ", '" + (i % 2 ? "EMEA" : "APAC") + "', DATE '2026-0" +
               std::to_string(month) + "-" + std::to_string(10 + i % 15) + "', " + std::to_string(i) + ".5)";
      }
      Run(sql);
    }
  }

  std::shared_ptr<iceberg::Table> Table(const std::string& name) {
    auto catalog = catalog::Catalog::Open(dir_);
    EXPECT_TRUE(catalog.ok());
    auto table = (*catalog)->LoadTable({"public", name});
    EXPECT_TRUE(table.ok()) << table.status().ToString();
    return *table;
  }

  /// Live data files by month partition ("2026-01" ...), as paths.
  std::map<std::string, std::set<std::string>> FilesByMonth(const std::string& name) {
    auto plan = Table(name)->PlanFiles({});
    EXPECT_TRUE(plan.ok());
    std::map<std::string, std::set<std::string>> out;
    for (const auto& f : plan->files) {
      // Month transform: months since 1970-01.
      int64_t months = f.file->partition.at(0).GetInt64();
      std::string key = std::to_string(1970 + months / 12) + "-" + (months % 12 + 1 < 10 ? "0" : "") +
                        std::to_string(months % 12 + 1);
      out[key].insert(f.file->path);
    }
    return out;
  }

  int64_t CurrentSnapshot(const std::string& name) {
    auto snapshot = Table(name)->metadata()->current_snapshot();
    return snapshot ? snapshot->snapshot_id : -1;
  }
};

TEST_F(ModifyTest, DeleteRewritesOnlyTheMatchingPartition) {
  CreateDeals();
  auto before = FilesByMonth("deals");
  ASSERT_EQ(before.size(), 3u);
  // March has one file per region (the cluster key); the deleted rows are
  // half of the APAC file's.
  ASSERT_EQ(before["2026-03"].size(), 2u);
  QueryResult r = Run("DELETE FROM deals WHERE d >= '2026-03-01' AND id % 4 = 0");
  EXPECT_EQ(r.command_tag(), "DELETE 5");
  auto after = FilesByMonth("deals");
  EXPECT_EQ(after["2026-01"], before["2026-01"]);
  EXPECT_EQ(after["2026-02"], before["2026-02"]);
  ASSERT_EQ(after["2026-03"].size(), 2u);
  int kept = 0;
  for (const auto& path : after["2026-03"]) kept += static_cast<int>(before["2026-03"].count(path));
  EXPECT_EQ(kept, 1);  // the EMEA file is untouched, the APAC file rewritten
  auto snapshot = Table("deals")->metadata()->current_snapshot();
  EXPECT_EQ(snapshot->summary.at(iceberg::summary::kOperation), "overwrite");
  EXPECT_EQ(snapshot->summary.at("deleted-records"), "10");
  EXPECT_EQ(snapshot->summary.at("added-records"), "5");
  ExpectRows("SELECT count(*), min(id), max(id) FROM deals WHERE d >= '2026-03-01'", {{"15", "301", "319"}});
  ExpectRows("SELECT count(*) FROM deals", {{"55"}});
}

TEST_F(ModifyTest, DeletingEveryRowOfAFileDropsItUnread) {
  CreateDeals();
  auto before = FilesByMonth("deals");
  // Region is the cluster key: each value has files of its own.
  QueryResult r = Run("DELETE FROM deals WHERE d < '2026-02-01'");
  EXPECT_EQ(r.command_tag(), "DELETE 20");
  auto after = FilesByMonth("deals");
  EXPECT_EQ(after.count("2026-01"), 0u);
  EXPECT_EQ(after["2026-02"], before["2026-02"]);
  auto snapshot = Table("deals")->metadata()->current_snapshot();
  EXPECT_EQ(snapshot->summary.at(iceberg::summary::kOperation), "delete");
  EXPECT_EQ(snapshot->summary.count("added-data-files") ? snapshot->summary.at("added-data-files") : "0", "0");
  // No match: no commit at all.
  int64_t id = CurrentSnapshot("deals");
  EXPECT_EQ(Run("DELETE FROM deals WHERE id < 0").command_tag(), "DELETE 0");
  EXPECT_EQ(CurrentSnapshot("deals"), id);
}

TEST_F(ModifyTest, UpdateMovesRowsBetweenPartitionsAndKeepsOthers) {
  CreateDeals();
  auto before = FilesByMonth("deals");
  QueryResult r = Run("UPDATE deals SET d = d + 31, amount = amount * 2 WHERE d >= '2026-02-01' AND d < '2026-03-01' AND region = 'EMEA'");
  EXPECT_EQ(r.command_tag(), "UPDATE 10");
  auto after = FilesByMonth("deals");
  EXPECT_EQ(after["2026-01"], before["2026-01"]);
  ExpectRows("SELECT count(*) FROM deals WHERE d >= '2026-03-01'", {{"30"}});
  ExpectRows("SELECT count(*), sum(amount) FROM deals WHERE d >= '2026-02-01' AND d < '2026-03-01'", {{"10", "95.00"}});
}

TEST_F(ModifyTest, FailingRowCommitsNothing) {
  CreateDeals();
  int64_t id = CurrentSnapshot("deals");
  // The division fails only on the last rows the scan reaches.
  ExpectError("UPDATE deals SET amount = amount / (id - 319)", "22012");
  ExpectError("UPDATE deals SET id = CASE WHEN id = 319 THEN NULL ELSE id END", "23502");
  ExpectError("DELETE FROM deals WHERE 1 / (id - 319) > 0", "22012");
  EXPECT_EQ(CurrentSnapshot("deals"), id);
  ExpectRows("SELECT count(*), sum(amount), sum(id) FROM deals", {{"60", "600.00", "12570"}});
}

TEST_F(ModifyTest, MergeTouchingARowTwiceCommitsNothing) {
  Run("CREATE TABLE t (id int, v int)");
  Run("INSERT INTO t VALUES (1, 1), (2, 2)");
  Run("CREATE TABLE s (id int, v int)");
  Run("INSERT INTO s VALUES (1, 10), (3, 30), (1, 11)");
  int64_t id = CurrentSnapshot("t");
  QueryError e = ExpectError("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v "
                             "WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.v)",
                             "21000", "MERGE command cannot affect row a second time");
  EXPECT_EQ(CurrentSnapshot("t"), id);
  ExpectRows("SELECT * FROM t ORDER BY id", {{"1", "1"}, {"2", "2"}});
  QueryResult r = Run("MERGE INTO t USING s ON t.id = s.id AND s.v = 10 WHEN MATCHED THEN DELETE "
                      "WHEN NOT MATCHED THEN INSERT VALUES (s.id + 100, s.v)");
  EXPECT_EQ(r.command_tag(), "MERGE 3");
  ExpectRows("SELECT * FROM t ORDER BY id", {{"2", "2"}, {"101", "11"}, {"103", "30"}});
}

TEST_F(ModifyTest, MergeHashesItsSourceAndReadsOnlyTargetFilesItsKeysCanMatch) {
  CreateDeals();  // ids 100-119 in January's files, 200-219 in February's, 300-319 in March's
  Run("CREATE TABLE batch (id int, region text, d date, amount numeric(10,2))");
  Run("INSERT INTO batch VALUES (301, 'EMEA', DATE '2026-03-11', 99.5), (305, 'EMEA', DATE '2026-03-15', 1.5), "
      "(330, 'APAC', DATE '2026-03-20', 7.5)");
  auto before = FilesByMonth("deals");
  QueryResult r = Run(
      "MERGE INTO deals t USING batch s ON t.id = s.id "
      "WHEN MATCHED THEN UPDATE SET amount = s.amount "
      "WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.region, s.d, s.amount)");
  EXPECT_EQ(r.command_tag(), "MERGE 3");
  ExpectRows("SELECT id, amount FROM deals WHERE id IN (301, 305, 330) ORDER BY id",
             {{"301", "99.50"}, {"305", "1.50"}, {"330", "7.50"}});
  ExpectRows("SELECT count(*), count(DISTINCT id) FROM deals", {{"61", "61"}});
  // The target's January and February files cannot hold ids 301..330: the
  // join's key range skipped them (the batch's one file plus March's two
  // are what was read), and they are still the same files.
  ASSERT_EQ(before["2026-03"].size(), 2u);
  ExpectRows("SELECT files_scanned FROM tributary.jobs WHERE statement LIKE 'MERGE%'", {{"3"}});
  auto after = FilesByMonth("deals");
  EXPECT_EQ(after["2026-01"], before["2026-01"]);
  EXPECT_EQ(after["2026-02"], before["2026-02"]);
  // Only matched: an inner join, the same pruning.
  Run("MERGE INTO deals t USING batch s ON t.id = s.id WHEN MATCHED THEN DELETE");
  ExpectRows("SELECT files_scanned FROM tributary.jobs WHERE statement LIKE 'MERGE%DELETE'",
             {{std::to_string(after["2026-03"].size() + 1)}});
  ExpectRows("SELECT count(*) FROM deals", {{"58"}});
}

TEST_F(ModifyTest, TruncateEmptiesEveryTableNamed) {
  CreateDeals();
  Run("CREATE TABLE other (a int)");
  Run("INSERT INTO other VALUES (1)");
  ExpectError("TRUNCATE deals, nope", "42P01");
  ExpectRows("SELECT count(*) FROM deals", {{"60"}});
  EXPECT_EQ(Run("TRUNCATE deals, other").command_tag(), "TRUNCATE TABLE");
  ExpectRows("SELECT (SELECT count(*) FROM deals), (SELECT count(*) FROM other)", {{"0", "0"}});
  EXPECT_TRUE(FilesByMonth("deals").empty());
}

TEST_F(ModifyTest, CrashBeforeTheCommitLeavesTheOldSnapshot) {
  CreateDeals();
  int64_t id = CurrentSnapshot("deals");
  connection_.reset();
  database_.reset();
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    auto db = Database::Open(dir_);
    if (!db.ok()) ::_exit(4);
    Connection connection(*db);
    ArmCrashPoint("commit.after-manifest-list");
    QueryResult r = connection.Query("UPDATE deals SET amount = 0 WHERE region = 'EMEA'");
    ::_exit(r.ok() ? 0 : 3);  // reaching here means the crash point was not hit
  }
  int wstatus = 0;
  ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(wstatus));
  EXPECT_EQ(WTERMSIG(wstatus), SIGKILL);
  Open(DatabaseOptions{});
  EXPECT_EQ(CurrentSnapshot("deals"), id);
  ExpectRows("SELECT count(*), sum(amount) FROM deals", {{"60", "600.00"}});
}

TEST_F(ModifyTest, AlterTableEvolvesTheSchemaByFieldId) {
  CreateDeals();
  auto files = FilesByMonth("deals");
  Run("ALTER TABLE deals ALTER COLUMN id TYPE bigint, ADD COLUMN note text");
  Run("ALTER TABLE deals RENAME COLUMN amount TO total");
  // No data file is rewritten by a schema change.
  EXPECT_EQ(FilesByMonth("deals"), files);
  auto schema = Table("deals")->metadata()->current_schema();
  ASSERT_NE(schema->FindField("total"), nullptr);
  EXPECT_EQ(schema->FindField("total")->id, 4);  // the renamed field keeps its id
  EXPECT_EQ(schema->FindField("id")->type, LogicalType::BigInt());
  EXPECT_EQ(schema->FindField("note")->id, 5);
  ExpectRows("SELECT count(note), sum(total), max(id) FROM deals", {{"0", "600.00", "319"}});
  Run("ALTER TABLE deals DROP COLUMN note");
  Run("ALTER TABLE deals ADD COLUMN note integer");
  EXPECT_EQ(Table("deals")->metadata()->current_schema()->FindField("note")->id, 6);
  // Only widening type changes, and never of the layout's columns.
  QueryError e = ExpectError("ALTER TABLE deals ALTER COLUMN region TYPE integer", "0A000",
                             "cannot change column \"region\" from text to integer");
  EXPECT_FALSE(e.hint.empty());
  ExpectError("ALTER TABLE deals ALTER COLUMN total TYPE numeric(12,3)", "0A000");
  ExpectError("ALTER TABLE deals ALTER COLUMN id TYPE integer", "0A000");
  ExpectError("ALTER TABLE deals DROP COLUMN d", "0A000", "partition");
  ExpectError("ALTER TABLE deals DROP COLUMN region", "0A000", "sort order");
  ExpectError("ALTER TABLE deals ADD COLUMN k int NOT NULL", "0A000");
  ExpectError("ALTER TABLE deals ALTER COLUMN id TYPE bigint USING id + 1", "0A000");
}

TEST_F(ModifyTest, SnapshotOfReadsAnEarlierSnapshot) {
  Run("CREATE TABLE t (a int, b text)");
  Run("INSERT INTO t VALUES (1, 'x'), (2, 'y')");
  auto first = Table("t")->metadata()->current_snapshot();
  Run("DELETE FROM t WHERE a = 1");
  Run("ALTER TABLE t ADD COLUMN c int");
  Run("INSERT INTO t VALUES (3, 'z', 30)");
  const std::string id = std::to_string(first->snapshot_id);
  ExpectRows("SELECT a, b, c FROM snapshot_of('public.t', " + id + ") ORDER BY a", {{"1", "x", "NULL"}, {"2", "y", "NULL"}});
  ExpectRows("SELECT count(*) FROM t", {{"2"}});
  // As of a time: the snapshot current then.
  std::time_t seconds = static_cast<std::time_t>(first->timestamp_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[64];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02d %02d:%02d:%02d.%03d+00", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(first->timestamp_ms % 1000));
  ExpectRows(std::string("SELECT count(*) FROM snapshot_of('t', TIMESTAMPTZ '") + text + "') AS old", {{"2"}});
  ExpectRows("SELECT old.a FROM snapshot_of('t', " + id + ") old LEFT JOIN t ON t.a = old.a WHERE t.a IS NULL",
             {{"1"}});
  ExpectError("SELECT * FROM snapshot_of('t', 42)", "22023", "has no snapshot 42");
  ExpectError("SELECT * FROM snapshot_of('t', TIMESTAMP '2000-01-01')", "22023");
  ExpectError("SELECT * FROM snapshot_of('t', true)", "42804");
  ExpectError("SELECT * FROM snapshot_of('nope', 1)", "42P01");
  ExpectError("SELECT * FROM unnest(1, 2)", "0A000");
}

TEST_F(ModifyTest, CopyCsvRoundTripsAndABadRowLoadsNothing) {
  Run("CREATE TABLE t (id int NOT NULL, name text, amount numeric(6,2))");
  const std::string in = dir_ + "/in.csv", out = dir_ + "/out.csv", bad = dir_ + "/bad.csv";
  {
    std::ofstream f(in);
    f << "id;name;amount\n1;\"a; b\";1.5\n2;;2\n3;\"say \"\"hi\"\"\nthere\";N\n";
  }
  EXPECT_EQ(Run("COPY t FROM '" + in + "' WITH (FORMAT csv, HEADER, DELIMITER ';', NULL 'N')").command_tag(), "COPY 3");
  ExpectRows("SELECT id, name, amount FROM t ORDER BY id",
             {{"1", "a; b", "1.50"}, {"2", "", "2.00"}, {"3", "say \"hi\"\nthere", "NULL"}});
  EXPECT_EQ(Run("COPY t TO '" + out + "' (FORMAT csv, HEADER)").command_tag(), "COPY 3");
  Run("CREATE TABLE u (id int NOT NULL, name text, amount numeric(6,2))");
  EXPECT_EQ(Run("COPY u FROM '" + out + "' (FORMAT csv, HEADER)").command_tag(), "COPY 3");
  ExpectRows("SELECT count(*) FROM (SELECT * FROM t EXCEPT SELECT * FROM u) d", {{"0"}});
  Run("COPY (SELECT id * 10, name FROM t WHERE id < 3) TO '" + out + "'");
  EXPECT_EQ(Run("COPY u (id, name) FROM '" + out + "' (FORMAT csv)").command_tag(), "COPY 2");
  ExpectRows("SELECT id, name, amount FROM u WHERE id >= 10 ORDER BY id", {{"10", "a; b", "NULL"}, {"20", "", "NULL"}});
  int64_t snapshot = CurrentSnapshot("u");
  {
    std::ofstream f(bad);
    f << "100,x,1\n101,y,2\n102,z,abc\n";
  }
  QueryError e = ExpectError("COPY u FROM '" + bad + "' (FORMAT csv)", "22P02");
  EXPECT_NE(e.message.find("line 3, column amount"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find(bad), std::string::npos) << e.message;
  {
    std::ofstream f(bad);
    f << "100,x,1\n,y,2\n";
  }
  ExpectError("COPY u FROM '" + bad + "' (FORMAT csv)", "23502", "line 2");
  {
    std::ofstream f(bad);
    f << "100,x\n";
  }
  ExpectError("COPY u FROM '" + bad + "' (FORMAT csv)", "22P04", "missing data for column \"amount\"");
  EXPECT_EQ(CurrentSnapshot("u"), snapshot);
  ExpectError("COPY u FROM '" + dir_ + "/missing.csv'", "58P01");
  ExpectError("COPY u FROM '" + in + "' (FORMAT parquet)", "0A000");
  ExpectError("COPY u FROM STDIN", "0A000");
}

}  // namespace
}  // namespace tributary
