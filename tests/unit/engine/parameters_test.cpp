// Statements with parameters ($1, $2, ...), as the extended query protocol
// runs them: each value is a literal of the parse tree, typed by context or
// by its declared type, and never read as SQL.
#include "engine_fixture.hpp"

namespace tributary {
namespace {

class ParametersTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    Run("CREATE TABLE t (a int, b text, d date)");
    Run("INSERT INTO t VALUES (1, 'x', DATE '2026-01-05'), (2, 'y', NULL), (3, 'it''s', DATE '2026-02-01')");
  }
  QueryResult Q(const std::string& sql, QueryParameters params) { return connection_->Query(sql, params); }
};

TEST_F(ParametersTest, ValuesTakeTheirTypeFromContext) {
  QueryResult r = Q("SELECT b FROM t WHERE a = $1 OR d = $2 ORDER BY a", {{"1", "2026-02-01"}, {}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r.row_count(), 2u);
  EXPECT_EQ(r.GetText(0, 0), "x");
  EXPECT_EQ(r.GetText(1, 0), "it's");
  r = Q("SELECT $1::int + $2", {{"40", "2"}, {}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.GetText(0, 0), "42");
}

TEST_F(ParametersTest, DeclaredTypesAndNulls) {
  QueryResult r = Q("SELECT $1 + 1, $2 IS NULL", {{"41", std::nullopt}, {"bigint", "integer"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.GetText(0, 0), "42");
  EXPECT_EQ(r.GetText(0, 1), "t");
  EXPECT_EQ(r.column_types()[0].id(), TypeId::kBigInt);
  r = Q("SELECT $1", {{"abc"}, {"integer"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().sqlstate, "22P02");
}

TEST_F(ParametersTest, AValueIsNeverSql) {
  QueryResult r = Q("SELECT count(*) FROM t WHERE b = $1", {{"x' OR '1' = '1"}, {}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.GetText(0, 0), "0");
  r = Q("INSERT INTO t (a, b) VALUES ($1, $2)", {{"4", "'); DROP TABLE t; --"}, {}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ExpectRows("SELECT b FROM t WHERE a = 4", {{"'); DROP TABLE t; --"}});
}

TEST_F(ParametersTest, MissingValuesAndSeveralStatementsFail) {
  QueryResult r = Q("SELECT $2", {{"1"}, {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().sqlstate, "42P02");
  EXPECT_EQ(r.error().message, "there is no parameter $2");
  r = Q("SELECT $1; SELECT 2", {{"1"}, {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().sqlstate, "42601");
  ExpectError("SELECT $1", "42P02", "there is no parameter $1");  // a plain query has no values
}

TEST_F(ParametersTest, DescribeCountsParametersWithoutValues) {
  int parameters = -1;
  QueryResult shape = connection_->Describe("SELECT a, b FROM t WHERE a > $1 AND b <> $3", {"integer"}, &parameters);
  ASSERT_TRUE(shape.ok()) << shape.error().message;
  EXPECT_EQ(parameters, 3);
  ASSERT_EQ(shape.column_names().size(), 2u);
  EXPECT_EQ(shape.column_types()[1].id(), TypeId::kVarchar);
  EXPECT_EQ(shape.row_count(), 0u);
}

}  // namespace
}  // namespace tributary
