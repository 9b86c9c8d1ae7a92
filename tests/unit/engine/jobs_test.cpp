// tributary.jobs: every statement a Connection runs, failed ones included,
// with what it cost; users see their own jobs, superusers everyone's; the
// history survives reopening the warehouse.

#include "engine_fixture.hpp"

namespace tributary {
namespace {

class JobsTest : public EngineTest {};

TEST_F(JobsTest, RecordsEveryStatementWithItsOutcome) {
  Run("CREATE TABLE t (a integer)");
  Run("INSERT INTO t VALUES (1), (2), (3)");
  Run("SELECT a FROM t WHERE a > 1");
  ExpectError("SELECT 1 / 0", "22012");
  ExpectError("SELEC 1", "42601");
  ExpectError("SELECT * FROM missing_table", "42P01");
  ExpectRows(
      "SELECT job_id, user_name, statement, statement_type, rows, status, error FROM tributary.jobs ORDER BY job_id",
      {{"1", "admin", "CREATE TABLE t (a integer)", "CREATE TABLE", "0", "DONE", "NULL"},
       {"2", "admin", "INSERT INTO t VALUES (1), (2), (3)", "INSERT", "3", "DONE", "NULL"},
       {"3", "admin", "SELECT a FROM t WHERE a > 1", "SELECT", "2", "DONE", "NULL"},
       {"4", "admin", "SELECT 1 / 0", "SELECT", "0", "ERROR", "22012: division by zero"},
       {"5", "admin", "SELEC 1", "UNKNOWN", "0", "ERROR", "42601: syntax error at or near \"SELEC\""},
       {"6", "admin", "SELECT * FROM missing_table", "SELECT", "0", "ERROR",
        "42P01: relation \"missing_table\" does not exist"}});
  // Times are real and ordered; one session id for one connection.
  ExpectRows("SELECT count(*), count(DISTINCT session_id), bool_and(end_time >= start_time), "
             "bool_and(duration_ms >= 0), bool_and(start_time <= now()) FROM tributary.jobs",
             {{"7", "1", "t", "t", "t"}});
}

TEST_F(JobsTest, UsersSeeTheirOwnJobsAndSuperusersAll) {
  Run("CREATE USER alice");
  Run("CREATE USER bob");
  auto alice = As("alice");
  auto bob = As("bob");
  ASSERT_TRUE(alice->Query("SELECT 'alice was here'").ok());
  ASSERT_TRUE(bob->Query("SELECT 'bob was here'").ok());
  ASSERT_FALSE(bob->Query("SELECT 1 / 0").ok());
  QueryResult r = alice->Query("SELECT user_name, statement FROM tributary.jobs ORDER BY job_id");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r.row_count(), 1u);
  EXPECT_EQ(r.GetText(0, 1).value_or(""), "SELECT 'alice was here'");
  r = bob->Query("SELECT user_name, statement, status FROM tributary.jobs ORDER BY job_id");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r.row_count(), 2u);
  EXPECT_EQ(r.GetText(1, 2).value_or(""), "ERROR");
  // The superuser sees every session's jobs, each session under its own id.
  ExpectRows("SELECT user_name, count(*), count(DISTINCT session_id) FROM tributary.jobs GROUP BY 1 ORDER BY 1",
             {{"admin", "2", "1"}, {"alice", "2", "1"}, {"bob", "3", "1"}});
  // The system table cannot be written.
  ExpectError("DELETE FROM tributary.jobs", "42809", "cannot change system table \"jobs\"");
}

TEST_F(JobsTest, SetRoleRecordsTheEffectiveUser) {
  Run("CREATE USER carol");
  Run("SET ROLE carol");
  Run("SELECT 42");
  Run("RESET ROLE");
  auto carol = As("carol");
  QueryResult r = carol->Query("SELECT statement FROM tributary.jobs ORDER BY job_id");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r.row_count(), 2u);  // SELECT 42 and RESET ROLE ran as carol
  EXPECT_EQ(r.GetText(0, 0).value_or(""), "SELECT 42");
}

TEST_F(JobsTest, CountsPartitionsAndFilesPruned) {
  MakeDailyDeals();
  Run("SELECT region, sum(amount) FROM deals WHERE sale_date BETWEEN DATE '2026-01-05' AND DATE '2026-01-11' "
      "AND region = 'EMEA' GROUP BY 1");
  Run("SELECT count(*) FROM deals");
  ExpectRows("SELECT partitions_total, partitions_scanned, partitions_total - partitions_scanned AS pruned, "
             "files_total, files_scanned, rows, bytes_scanned > 0, bytes_billed = bytes_scanned, cache_hit "
             "FROM tributary.jobs WHERE statement_type = 'SELECT' ORDER BY job_id",
             {{"28", "7", "21", "112", "7", "1", "t", "t", "f"}, {"28", "28", "0", "112", "112", "1", "t", "t", "f"}});
}

TEST_F(JobsTest, WritesAreBilledForWhatTheirQueriesRead) {
  MakeDailyDeals();  // 28 days x 4 regions, one file each
  Run("UPDATE deals SET amount = amount + 1 WHERE sale_date = DATE '2026-01-03' AND region = 'EMEA'");
  Run("DELETE FROM deals WHERE sale_date BETWEEN DATE '2026-01-10' AND DATE '2026-01-11'");
  Run("CREATE TABLE fix (id bigint, amount bigint)");
  Run("INSERT INTO fix VALUES (1, 0), (2, 0)");
  Run("MERGE INTO deals d USING fix f ON d.id = f.id WHEN MATCHED THEN UPDATE SET amount = f.amount");
  // The UPDATE read one day's EMEA file, the DELETE two days' files, the
  // MERGE the fix table's file and the one file holding ids 1..2.
  ExpectRows("SELECT statement_type, files_scanned, partitions_scanned, bytes_scanned > 0, "
             "bytes_billed = bytes_scanned FROM tributary.jobs "
             "WHERE statement_type IN ('UPDATE', 'DELETE', 'MERGE') ORDER BY job_id",
             {{"UPDATE", "1", "1", "t", "t"}, {"DELETE", "8", "2", "t", "t"}, {"MERGE", "2", "2", "t", "t"}});
  // INSERT ... SELECT and CREATE TABLE AS are billed for what their query read.
  Run("INSERT INTO fix SELECT id, amount FROM deals WHERE sale_date = DATE '2026-01-20'");
  Run("CREATE TABLE copy AS SELECT * FROM deals WHERE sale_date = DATE '2026-01-21' AND region = 'EMEA'");
  ExpectRows("SELECT files_scanned, partitions_scanned, bytes_scanned > 0 FROM tributary.jobs "
             "WHERE statement LIKE 'INSERT INTO fix SELECT%' OR statement LIKE 'CREATE TABLE copy%' ORDER BY job_id",
             {{"4", "1", "t"}, {"1", "1", "t"}});
}

TEST_F(JobsTest, TimedOutStatementsAreCancelled) {
  MakeDailyDeals();
  Run("SET statement_timeout = '20ms'");
  ExpectError("SELECT count(*) FROM deals a, deals b, deals c, deals d", "57014");
  Run("RESET statement_timeout");
  ExpectRows("SELECT status, error FROM tributary.jobs WHERE statement LIKE '%deals d'",
             {{"CANCELLED", "57014: canceling statement due to statement timeout"}});
}

TEST_F(JobsTest, PasswordsAreNeverRecorded) {
  Run("CREATE USER dave PASSWORD 'hunter2'");
  ExpectError("CREATE USER erin PASSWORD 'hunter3' NONSENSE", "42601");
  ExpectRows("SELECT statement FROM tributary.jobs ORDER BY job_id",
             {{"CREATE USER dave PASSWORD <redacted>"}, {"CREATE USER erin PASSWORD <redacted>"}});
}

TEST_F(JobsTest, HistorySurvivesReopening) {
  Run("SELECT 'before'");
  Open(DatabaseOptions{});
  Run("SELECT 'after'");
  ExpectRows("SELECT job_id, statement FROM tributary.jobs ORDER BY job_id", {{"1", "SELECT 'before'"}, {"2", "SELECT 'after'"}});
}

}  // namespace
}  // namespace tributary
