// Errors as a PostgreSQL client sees them: SQLSTATE, message, position, hint.
#include "engine_fixture.hpp"

namespace tributary {
namespace {

class ErrorTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    Run("CREATE SCHEMA sales");
    Run("CREATE TABLE sales.deals (id integer, region text, amount numeric(10,2))");
    Run("CREATE TABLE sales.regions (id integer, region text)");
  }
};

TEST_F(ErrorTest, SyntaxErrorHasPosition) {
  QueryError e = ExpectError("SELECT * FRM sales.deals", "42601", "syntax error at or near \"FRM\"");
  EXPECT_EQ(e.position, 10);
}

TEST_F(ErrorTest, SyntaxErrorPositionCountsCharacters) {
  QueryError e = ExpectError("SELECT 'é' FRM x", "42601", "syntax error at or near \"x\"");
  EXPECT_EQ(e.position, 16);  // characters, not bytes
}

TEST_F(ErrorTest, UndefinedTable) {
  QueryError e = ExpectError("SELECT * FROM sales.dealz", "42P01", "relation \"sales.dealz\" does not exist");
  EXPECT_EQ(e.position, 15);
}

TEST_F(ErrorTest, UndefinedColumnWithHint) {
  QueryError e = ExpectError("SELECT regoin FROM sales.deals", "42703", "column \"regoin\" does not exist");
  EXPECT_EQ(e.position, 8);
  EXPECT_EQ(e.hint, "Perhaps you meant to reference the column \"deals.region\".");
}

TEST_F(ErrorTest, AmbiguousColumn) {
  ExpectError("SELECT region FROM sales.deals d JOIN sales.regions r ON d.id = r.id", "42702",
              "column reference \"region\" is ambiguous");
}

TEST_F(ErrorTest, TypeErrors) {
  ExpectError("SELECT id + region FROM sales.deals", "42883", "operator does not exist: integer + text");
  ExpectError("SELECT lower(id) FROM sales.deals", "42883", "function lower(integer) does not exist");
  ExpectError("SELECT * FROM sales.deals WHERE id", "42804", "argument of WHERE must be type boolean");
  ExpectError("SELECT CASE WHEN true THEN 1 ELSE 'a'::text END", "42804", "CASE types integer and text cannot be matched");
  ExpectError("SELECT 'abc'::integer", "22P02", "invalid input syntax for type integer: \"abc\"");
  ExpectError("SELECT '2024-13-01'::date", "22008");  // no such month: out of range, as in PostgreSQL
  ExpectError("SELECT 'soon'::date", "22007");
}

TEST_F(ErrorTest, ArithmeticErrors) {
  ExpectError("SELECT 1 / 0", "22012", "division by zero");
  ExpectError("SELECT 2147483647 + 1", "22003", "integer out of range");
  ExpectError("SELECT 9223372036854775807 * 2", "22003", "bigint out of range");
  ExpectError("SELECT 1.5 / 0", "22012", "division by zero");
  Run("INSERT INTO sales.deals VALUES (0, 'x', 1)");
  ExpectError("SELECT 10 / id FROM sales.deals", "22012", "division by zero");
}

TEST_F(ErrorTest, Grouping) {
  ExpectError("SELECT region, count(*) FROM sales.deals", "42803",
              "column \"region\" must appear in the GROUP BY clause or be used in an aggregate function");
  ExpectError("SELECT id FROM sales.deals WHERE count(*) > 1", "42803", "aggregate functions are not allowed in WHERE");
}

TEST_F(ErrorTest, UnsupportedIsClear) {
  ExpectError("WITH RECURSIVE r(n) AS (SELECT 1) SELECT * FROM r", "0A000", "WITH RECURSIVE is not supported");
  ExpectError("UPDATE sales.deals SET id = 1 RETURNING id", "0A000", "UPDATE ... RETURNING is not supported");
}

TEST_F(ErrorTest, MultiStatementStopsAtFirstError) {
  auto results = connection_->QueryAll("SELECT 1; SELECT nope; SELECT 3");
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_FALSE(results[1].ok());
  EXPECT_EQ(results[1].error().position, 18);
}

}  // namespace
}  // namespace tributary
