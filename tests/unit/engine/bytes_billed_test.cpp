// max_bytes_billed: a query estimated to scan more is refused before it
// runs and billed nothing; a partition filter that brings the estimate under
// the limit lets it run. Set per session, per role (ALTER ROLE ... SET) or
// for the whole database; EXPLAIN is the dry run.

#include "engine_fixture.hpp"

namespace tributary {
namespace {

constexpr const char* kWholeTable = "SELECT region, sum(amount) FROM deals GROUP BY 1";
constexpr const char* kOneWeek =
    "SELECT region, sum(amount) FROM deals WHERE sale_date BETWEEN DATE '2026-01-05' AND DATE '2026-01-11' GROUP BY 1";

class BytesBilledTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    MakeDailyDeals();
  }

  /// EXPLAIN's "Estimated bytes billed" line of `query`, and the line itself.
  int64_t Estimate(const std::string& query, std::string* line = nullptr) {
    QueryResult r = Run("EXPLAIN " + query);
    for (size_t i = 0; r.ok() && i < r.row_count(); i++) {
      std::string text = r.GetText(i, 0).value_or("");
      const std::string prefix = "Estimated bytes billed: ";
      if (text.rfind(prefix, 0) == 0) {
        if (line != nullptr) *line = text;
        return std::stoll(text.substr(prefix.size()));
      }
    }
    ADD_FAILURE() << "no estimate for " << query;
    return -1;
  }

  std::string RefusalMessage(int64_t bytes, int64_t limit) {
    return "query would scan " + std::to_string(bytes) + " bytes, more than max_bytes_billed (" +
           std::to_string(limit) + " bytes)";
  }
};

TEST_F(BytesBilledTest, RefusesBeforeRunningAndBillsNothing) {
  const int64_t whole = Estimate(kWholeTable);
  const int64_t week = Estimate(kOneWeek);
  ASSERT_GT(week, 0);
  ASSERT_LT(week * 2, whole);  // a week of 28 days is a quarter of the files
  const int64_t limit = (week + whole) / 2;
  Run("SET max_bytes_billed = " + std::to_string(limit));
  EXPECT_EQ(*Run("SHOW max_bytes_billed").GetText(0, 0), std::to_string(limit) + "B");

  QueryError e = ExpectError(kWholeTable, "53400", RefusalMessage(whole, limit));
  EXPECT_NE(e.hint.find("EXPLAIN"), std::string::npos);
  // The same question about one week reads 7 partitions and is billed.
  QueryResult r = Run(kOneWeek);
  ASSERT_EQ(r.row_count(), 4u);
  EXPECT_GT(r.metrics().bytes_scanned, 0);
  EXPECT_LE(r.metrics().bytes_scanned, limit);

  // EXPLAIN is the dry run: never refused, it shows the estimate and the limit.
  std::string line;
  EXPECT_EQ(Estimate(kWholeTable, &line), whole);
  EXPECT_EQ(line, "Estimated bytes billed: " + std::to_string(whole) + " (max_bytes_billed: " +
                      std::to_string(limit) + ", would be refused)");
  Estimate(kOneWeek, &line);
  EXPECT_EQ(line, "Estimated bytes billed: " + std::to_string(week) + " (max_bytes_billed: " + std::to_string(limit) +
                      ")");

  Run("SET use_result_cache = off");  // the second run must scan again
  ExpectRows("SELECT statement, status, bytes_billed, bytes_scanned = bytes_billed, partitions_scanned, error "
             "FROM tributary.jobs WHERE statement_type = 'SELECT' ORDER BY job_id",
             {{kWholeTable, "ERROR", "0", "t", "0", "53400: " + RefusalMessage(whole, limit)},
              {kOneWeek, "DONE", std::to_string(r.metrics().bytes_scanned), "t", "7", "NULL"}});

  // 0 (or RESET) lifts the limit.
  Run("SET max_bytes_billed = 0");
  EXPECT_EQ(Run(kWholeTable).row_count(), 4u);
  Run("SET max_bytes_billed = '1kB'");
  ExpectError(kWholeTable, "53400", RefusalMessage(whole, 1024));
  Run("RESET max_bytes_billed");
  EXPECT_EQ(Run(kWholeTable).row_count(), 4u);
}

TEST_F(BytesBilledTest, LimitsEveryStatementThatReadsTables) {
  const int64_t whole = Estimate(kWholeTable);
  const int64_t limit = Estimate(kOneWeek) + 1;
  Run("CREATE TABLE copy (region varchar, amount bigint)");
  Run("SET max_bytes_billed = " + std::to_string(limit));
  ExpectError("INSERT INTO copy SELECT region, sum(amount) FROM deals GROUP BY 1", "53400",
              RefusalMessage(whole, limit));
  ExpectError("CREATE TABLE summary AS SELECT region, sum(amount) FROM deals GROUP BY 1", "53400",
              RefusalMessage(whole, limit));
  ExpectError("COPY (SELECT region, sum(amount) FROM deals GROUP BY 1) TO '/dev/null'", "53400",
              RefusalMessage(whole, limit));
  ExpectError("UPDATE deals SET amount = amount + 1", "53400", "more than max_bytes_billed");
  // Nothing ran: no rows were written or changed.
  Run("SET max_bytes_billed = 0");
  ExpectRows("SELECT count(*) FROM copy", {{"0"}});
  ExpectRows("SELECT sum(amount) = sum(id) * 7 FROM deals", {{"t"}});
  Run("SET max_bytes_billed = " + std::to_string(limit));
  // A write over one day's partition is under the limit.
  Run("INSERT INTO copy " + std::string(kOneWeek));
  Run("DELETE FROM deals WHERE sale_date = DATE '2026-01-02'");
  ExpectRows("SELECT statement_type, status, bytes_billed FROM tributary.jobs WHERE statement_type IN "
             "('INSERT', 'CREATE TABLE AS', 'COPY', 'UPDATE') AND status = 'ERROR' ORDER BY job_id",
             {{"INSERT", "ERROR", "0"}, {"CREATE TABLE AS", "ERROR", "0"}, {"COPY", "ERROR", "0"},
              {"UPDATE", "ERROR", "0"}});
}

TEST_F(BytesBilledTest, TakesPostgresMemoryUnits) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"'10MB'", "10MB"}, {"'10 MB'", "10MB"}, {"'64kB'", "64kB"}, {"'2GB'", "2GB"},
      {"'1TB'", "1TB"},   {"12345", "12345B"}, {"'1024'", "1kB"},  {"0", "0"}};
  for (const auto& [value, shown] : cases) {
    Run("SET max_bytes_billed = " + value);
    EXPECT_EQ(*Run("SHOW max_bytes_billed").GetText(0, 0), shown) << value;
  }
  ExpectError("SET max_bytes_billed = 'lots'", "22023", "invalid value for parameter \"max_bytes_billed\": \"lots\"");
  ExpectError("SET max_bytes_billed = '10 parsecs'", "22023", "invalid value for parameter \"max_bytes_billed\"");
  ExpectError("SET max_bytes_billed = -1", "22023", "is outside the valid range for parameter \"max_bytes_billed\"");
}

TEST_F(BytesBilledTest, RoleDefaultAppliesAtSessionStartAndSetRole) {
  const int64_t whole = Estimate(kWholeTable);
  const int64_t limit = Estimate(kOneWeek) + 1;
  Run("CREATE USER frank");
  Run("GRANT SELECT ON deals TO frank");
  Run("ALTER ROLE frank SET max_bytes_billed = " + std::to_string(limit));

  auto frank = As("frank");
  QueryResult r = frank->Query("SHOW max_bytes_billed");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r.GetText(0, 0), std::to_string(limit) + "B");
  r = frank->Query(kWholeTable);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().sqlstate, "53400");
  EXPECT_EQ(r.error().message, RefusalMessage(whole, limit));
  EXPECT_TRUE(frank->Query(kOneWeek).ok());
  // (A cached result would be served whatever the limit: this session runs
  // every query.)
  EXPECT_TRUE(frank->Query("SET use_result_cache = off").ok());
  // The session may choose otherwise; RESET returns to the role's value.
  EXPECT_TRUE(frank->Query("SET max_bytes_billed = 0").ok());
  EXPECT_TRUE(frank->Query(kWholeTable).ok());
  EXPECT_TRUE(frank->Query("RESET max_bytes_billed").ok());
  EXPECT_FALSE(frank->Query(kWholeTable).ok());
  // Only superusers and CREATEROLE roles change a role's settings.
  r = frank->Query("ALTER ROLE frank SET max_bytes_billed = 0");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().sqlstate, "42501");

  // SET ROLE takes the role's defaults; RESET ROLE drops them again.
  Run("SET ROLE frank");
  ExpectError(kWholeTable, "53400", RefusalMessage(whole, limit));
  Run("RESET ROLE");
  EXPECT_EQ(*Run("SHOW max_bytes_billed").GetText(0, 0), "0");
  Run(kWholeTable);

  // Bad settings are refused when stored.
  ExpectError("ALTER ROLE frank SET max_bytes_billed = 'lots'", "22023");
  ExpectError("ALTER ROLE frank SET no_such_setting = 1", "42704");
  ExpectError("ALTER ROLE nobody SET max_bytes_billed = 0", "42704");
  ExpectError("ALTER ROLE frank IN DATABASE tributary SET max_bytes_billed = 0", "0A000");

  // A catalog change reaches sessions already open.
  Run("ALTER ROLE frank RESET max_bytes_billed");
  r = frank->Query("SHOW max_bytes_billed");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r.GetText(0, 0), "0");
  EXPECT_TRUE(frank->Query(kWholeTable).ok());
  Run("ALTER ROLE frank SET max_bytes_billed = '1kB'");
  Run("ALTER ROLE frank SET statement_timeout = '5s'");
  Run("ALTER ROLE frank RESET ALL");
  auto again = As("frank");
  EXPECT_TRUE(again->Query(kWholeTable).ok());
  // Renaming and dropping the role carry and remove its settings.
  Run("ALTER ROLE frank SET max_bytes_billed = '1kB'");
  Run("ALTER ROLE frank RENAME TO francis");
  auto francis = As("francis");
  EXPECT_EQ(francis->Query("SHOW max_bytes_billed").GetText(0, 0).value_or(""), "1kB");
  francis.reset();
  frank.reset();
  again.reset();
  Run("REVOKE SELECT ON deals FROM francis");
  Run("DROP ROLE francis");
  Run("CREATE USER francis");
  EXPECT_EQ(As("francis")->Query("SHOW max_bytes_billed").GetText(0, 0).value_or(""), "0");
}

TEST_F(BytesBilledTest, DatabaseDefault) {
  const int64_t whole = Estimate(kWholeTable);
  const int64_t limit = Estimate(kOneWeek) + 1;
  DatabaseOptions options;
  options.max_bytes_billed = limit;
  Open(options);
  EXPECT_EQ(*Run("SHOW max_bytes_billed").GetText(0, 0), std::to_string(limit) + "B");
  ExpectError(kWholeTable, "53400", RefusalMessage(whole, limit));
  Run(kOneWeek);
}

}  // namespace
}  // namespace tributary
