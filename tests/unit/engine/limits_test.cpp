// Limits that fail cleanly: statement_timeout and Connection::Cancel end a
// running query with 57014, memory_limit with 53200, and the connection
// keeps working afterwards. Also SHOW ALL, which sqllogictest cannot pin
// (memory_limit's default depends on the machine).
#include <chrono>
#include <cmath>
#include <thread>

#include "engine_fixture.hpp"

namespace tributary {
namespace {

class LimitsTest : public EngineTest {
 protected:
  /// `t` with 10^digits rows: k = 0 .. 10^digits - 1 (distinct), s a short text.
  void MakeTable(int digits) {
    std::string select = "SELECT ";
    std::string from;
    for (int d = 0; d < digits; d++) {
      std::string alias = "d" + std::to_string(d);
      select += (d ? " + " : "") + alias + ".x * " + std::to_string(static_cast<int64_t>(std::pow(10, d)));
      from += std::string(d ? " CROSS JOIN " : " FROM ") +
              "(VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) " + alias + "(x)";
    }
    Run("CREATE TABLE t (k bigint, s text)");
    Run("INSERT INTO t " + select + ", 'row ' || " + "d0.x" + from);
  }

  static constexpr const char* kEndless = "SELECT count(*) FROM t a CROSS JOIN t b CROSS JOIN t c";
};

TEST_F(LimitsTest, StatementTimeoutEndsTheQueryAndTheSessionGoesOn) {
  MakeTable(3);
  Run("SET statement_timeout = '200ms'");
  auto start = std::chrono::steady_clock::now();
  ExpectError(kEndless, "57014", "canceling statement due to statement timeout");
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(20));
  EXPECT_GE(elapsed, std::chrono::milliseconds(200));
  // The next statements run normally, under the timeout and without it.
  ExpectRows("SELECT count(*) FROM t", {{"1000"}});
  Run("RESET statement_timeout");
  ExpectRows("SELECT count(*) FROM t a CROSS JOIN t b WHERE a.k < 10 AND b.k < 10", {{"100"}});
}

TEST_F(LimitsTest, CancelFromAnotherThread) {
  MakeTable(3);
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    connection_->Cancel();
  });
  ExpectError(kEndless, "57014", "canceling statement due to user request");
  canceller.join();
  // The request ended with the statement it stopped.
  ExpectRows("SELECT count(*) FROM t WHERE k >= 500", {{"500"}});
}

TEST_F(LimitsTest, CancelWithNothingRunningIsHarmless) {
  connection_->Cancel();
  ExpectRows("SELECT 1", {{"1"}});
}

TEST_F(LimitsTest, MemoryLimitFailsBigGroupByJoinAndSortCleanly) {
  MakeTable(5);
  Run("SET memory_limit = '1MB'");
  QueryError e = ExpectError("SELECT k, count(*) FROM t GROUP BY k", "53200", "hash aggregate");
  EXPECT_NE(e.message.find("1MB"), std::string::npos) << e.message;
  EXPECT_NE(e.hint.find("memory_limit"), std::string::npos) << e.hint;
  ExpectError("SELECT count(*) FROM t a JOIN t b ON a.k = b.k", "53200", "hash join");
  ExpectError("SELECT k FROM t ORDER BY s, k DESC LIMIT 1", "53200", "sort");
  ExpectError("SELECT DISTINCT k FROM t", "53200", "out of memory");
  ExpectError("SELECT k, row_number() OVER (ORDER BY k) FROM t LIMIT 1", "53200", "out of memory");
  // Small queries still fit, and the session keeps working.
  ExpectRows("SELECT count(*) FROM t WHERE k < 10", {{"10"}});
  Run("RESET memory_limit");
  ExpectRows("SELECT count(*) FROM (SELECT k, count(*) FROM t GROUP BY k) g", {{"100000"}});
  ExpectRows("SELECT count(*) FROM t a JOIN t b ON a.k = b.k", {{"100000"}});
  ExpectRows("SELECT k FROM t ORDER BY k DESC LIMIT 1", {{"99999"}});
}

TEST_F(LimitsTest, DataChangingStatementsObeyTheSameLimits) {
  // DELETE, UPDATE and INSERT ... SELECT run their queries under the
  // session's memory_limit and statement_timeout too, and commit nothing
  // when stopped.
  MakeTable(5);
  Run("CREATE TABLE u (k bigint, s text)");
  Run("SET memory_limit = '1MB'");
  ExpectError("DELETE FROM t WHERE k IN (SELECT k FROM t GROUP BY k)", "53200", "out of memory");
  ExpectError("UPDATE t SET s = 'x' FROM (SELECT k FROM t GROUP BY k) g WHERE t.k = g.k", "53200", "out of memory");
  ExpectError("INSERT INTO u SELECT k, s FROM t ORDER BY s, k", "53200", "sort");
  Run("RESET memory_limit");
  Run("SET statement_timeout = '200ms'");
  ExpectError("DELETE FROM t WHERE k IN (SELECT a.k FROM t a CROSS JOIN t b CROSS JOIN t c)", "57014",
              "statement timeout");
  Run("RESET statement_timeout");
  ExpectRows("SELECT count(*), count(*) FILTER (WHERE s = 'x') FROM t", {{"100000", "0"}});
  ExpectRows("SELECT count(*) FROM u", {{"0"}});
}

TEST_F(LimitsTest, ShowAllListsEverySetting) {
  Run("SET statement_timeout = '3s'");
  QueryResult r = Run("SHOW ALL");
  ASSERT_EQ(r.column_names(), (std::vector<std::string>{"name", "setting", "description"}));
  std::vector<std::string> names;
  for (size_t i = 0; i < r.row_count(); i++) names.push_back(*r.GetText(i, 0));
  EXPECT_EQ(names, (std::vector<std::string>{"application_name", "client_encoding", "DateStyle", "extra_float_digits",
                                             "IntervalStyle", "max_bytes_billed", "memory_limit", "search_path",
                                             "server_encoding", "server_version", "server_version_num",
                                             "standard_conforming_strings", "statement_timeout", "threads", "TimeZone",
                                             "use_result_cache", "vector_size"}));
  EXPECT_EQ(*r.GetText(9, 1), "15.0");
  EXPECT_EQ(*r.GetText(12, 1), "3s");
  EXPECT_EQ(*r.GetText(14, 1), "UTC");
  EXPECT_EQ(r.command_tag(), "SHOW");
  EXPECT_EQ(Run("SET threads = 3").command_tag(), "SET");
  EXPECT_EQ(Run("RESET threads").command_tag(), "RESET");
}

TEST_F(LimitsTest, SettingsDriversSendAtConnect) {
  // JDBC, psycopg2 and BI tools set these; Tributary has one behaviour for
  // most of them and says so for any other value.
  EXPECT_EQ(Run("SET extra_float_digits = 3").command_tag(), "SET");
  ExpectError("SET extra_float_digits = 0", "0A000", "extra_float_digits below 1");
  EXPECT_EQ(Run("SET application_name = 'dashboard'").command_tag(), "SET");
  EXPECT_EQ(*Run("SHOW application_name").GetText(0, 0), "dashboard");
  EXPECT_EQ(Run("SET client_encoding = 'UTF8'").command_tag(), "SET");
  ExpectError("SET client_encoding = 'LATIN1'", "0A000", "client_encoding = 'LATIN1' is not supported");
  EXPECT_EQ(Run("SET DateStyle = 'ISO, MDY'").command_tag(), "SET");
  ExpectError("SET DateStyle = 'German'", "0A000", "DateStyle");
  EXPECT_EQ(*Run("SHOW standard_conforming_strings").GetText(0, 0), "on");
}

TEST_F(LimitsTest, IntervalColumnsAreNotStored) {
  ExpectError("CREATE TABLE iv (d interval)", "0A000", "interval");
}

}  // namespace
}  // namespace tributary
