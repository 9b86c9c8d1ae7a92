// WITH, subqueries, set operations, outer joins, DISTINCT ON and window
// functions end to end through Connection::Query.
#include "engine_fixture.hpp"

namespace tributary {
namespace {

class CompositionTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    Run("CREATE SCHEMA sales");
    Run("CREATE TABLE sales.deals (id integer, region text, amount integer)");
    Run("INSERT INTO sales.deals VALUES (1, 'EMEA', 100), (2, 'EMEA', 20), (3, 'APAC', 75), (4, 'AMER', NULL), "
        "(5, NULL, 10)");
    Run("CREATE TABLE sales.regions (region text, manager text)");
    Run("INSERT INTO sales.regions VALUES ('EMEA', 'ann'), ('APAC', 'bob'), ('LATAM', 'cy'), (NULL, 'dee')");
  }

  /// The EXPLAIN text of `sql`.
  std::string Explain(const std::string& sql) {
    QueryResult r = Run("EXPLAIN " + sql);
    std::string text;
    for (size_t i = 0; i < r.row_count(); i++) text += r.GetText(i, 0).value_or("") + "\n";
    return text;
  }
};

TEST_F(CompositionTest, WithQueriesAndDerivedTables) {
  ExpectRows("WITH t AS (SELECT region, sum(amount) AS total FROM sales.deals GROUP BY region) "
             "SELECT region, total FROM t WHERE total > 50 ORDER BY region",
             {{"APAC", "75"}, {"EMEA", "120"}});
  ExpectRows("SELECT d.n FROM (SELECT count(*) AS n FROM sales.deals) AS d", {{"5"}});
  QueryResult r = Run("WITH x(a) AS (SELECT 1) SELECT * FROM x");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.column_names(), std::vector<std::string>{"a"});
  ExpectError("WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r", "0A000", "WITH RECURSIVE is not supported");
}

TEST_F(CompositionTest, UncorrelatedSubqueries) {
  ExpectRows("SELECT id FROM sales.deals WHERE region IN (SELECT region FROM sales.regions) ORDER BY id",
             {{"1"}, {"2"}, {"3"}});
  // The regions list holds a NULL, so NOT IN is never true.
  ExpectRows("SELECT count(*) FROM sales.deals WHERE region NOT IN (SELECT region FROM sales.regions)", {{"0"}});
  ExpectRows("SELECT id FROM sales.deals WHERE amount = (SELECT max(amount) FROM sales.deals)", {{"1"}});
  ExpectRows("SELECT EXISTS (SELECT 1 FROM sales.regions WHERE manager = 'zed')", {{"f"}});
  ExpectError("SELECT (SELECT id FROM sales.deals)", "21000",
              "more than one row returned by a subquery used as an expression");
}

TEST_F(CompositionTest, CorrelatedSubqueriesBecomeJoins) {
  const std::string exists =
      "SELECT manager FROM sales.regions r WHERE EXISTS (SELECT 1 FROM sales.deals d WHERE d.region = r.region) "
      "ORDER BY manager";
  ExpectRows(exists, {{"ann"}, {"bob"}});
  std::string plan = Explain(exists);
  EXPECT_NE(plan.find("Hash Mark Join"), std::string::npos) << plan;
  const std::string scalar =
      "SELECT manager, (SELECT count(*) FROM sales.deals d WHERE d.region = r.region) FROM sales.regions r "
      "ORDER BY manager";
  ExpectRows(scalar, {{"ann", "2"}, {"bob", "1"}, {"cy", "0"}, {"dee", "0"}});
  plan = Explain(scalar);
  EXPECT_NE(plan.find("Hash Single Join"), std::string::npos) << plan;
  EXPECT_NE(plan.find("HashAggregate"), std::string::npos) << plan;
  ExpectError("SELECT (SELECT max(amount) FROM sales.deals d WHERE d.region = r.region LIMIT 1) FROM sales.regions r",
              "0A000", "is not supported");
}

TEST_F(CompositionTest, SetOperations) {
  ExpectRows("SELECT region FROM sales.deals INTERSECT SELECT region FROM sales.regions ORDER BY 1",
             {{"APAC"}, {"EMEA"}, {"NULL"}});
  ExpectRows("SELECT region FROM sales.regions EXCEPT SELECT region FROM sales.deals", {{"LATAM"}});
  ExpectRows("SELECT count(*) FROM (SELECT region FROM sales.deals UNION ALL SELECT region FROM sales.regions) u",
             {{"9"}});
  ExpectError("SELECT 1 UNION SELECT 1, 2", "42601", "each UNION query must have the same number of columns");
}

TEST_F(CompositionTest, OuterJoins) {
  ExpectRows("SELECT d.id, r.manager FROM sales.deals d FULL JOIN sales.regions r ON d.region = r.region "
             "ORDER BY d.id, r.manager",
             {{"1", "ann"}, {"2", "ann"}, {"3", "bob"}, {"4", "NULL"}, {"5", "NULL"}, {"NULL", "cy"},
              {"NULL", "dee"}});
  ExpectRows("SELECT region, count(id) FROM sales.deals RIGHT JOIN sales.regions USING (region) GROUP BY region "
             "ORDER BY region",
             {{"APAC", "1"}, {"EMEA", "2"}, {"LATAM", "0"}, {"NULL", "0"}});
}

TEST_F(CompositionTest, DistinctOn) {
  ExpectRows("SELECT DISTINCT ON (region) region, id FROM sales.deals ORDER BY region, amount DESC NULLS LAST",
             {{"AMER", "4"}, {"APAC", "3"}, {"EMEA", "1"}, {"NULL", "5"}});
}

TEST_F(CompositionTest, WindowFunctions) {
  ExpectRows("SELECT id, rank() OVER (PARTITION BY region ORDER BY amount DESC), "
             "sum(amount) OVER (PARTITION BY region) FROM sales.deals ORDER BY id",
             {{"1", "1", "120"}, {"2", "2", "120"}, {"3", "1", "75"}, {"4", "1", "NULL"}, {"5", "1", "10"}});
  ExpectRows("SELECT id, lag(id) OVER (ORDER BY id), sum(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) "
             "FROM sales.deals ORDER BY id LIMIT 3",
             {{"1", "NULL", "1"}, {"2", "1", "3"}, {"3", "2", "5"}});
  ExpectError("SELECT id FROM sales.deals GROUP BY id HAVING rank() OVER () > 1", "42P20",
              "window functions are not allowed in HAVING");
}

}  // namespace
}  // namespace tributary
