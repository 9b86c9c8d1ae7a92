// SELECT end to end through Connection::Query on a temporary warehouse.
#include "engine_fixture.hpp"

namespace tributary {
namespace {

class SelectTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    Run("CREATE SCHEMA sales");
    Run("CREATE TABLE sales.deals (id integer NOT NULL PRIMARY KEY, region text, product varchar(20), "
        "amount numeric(12,2), qty integer, sale_date date)");
    Run("INSERT INTO sales.deals VALUES "
        "(1, 'EMEA', 'widget', 100.50, 3, '2024-01-05'),"
        "(2, 'EMEA', 'gadget', 20.00, 1, '2024-01-06'),"
        "(3, 'APAC', 'widget', 75.25, 2, '2024-02-01'),"
        "(4, 'AMER', NULL, NULL, 5, '2024-02-03'),"
        "(5, 'APAC', 'gizmo', 10.10, NULL, NULL)");
  }
};

TEST_F(EngineTest, SelectWithoutFrom) {
  ExpectRows("SELECT 1 AS a, 'x' || 'y', 2.50 * 2, true, NULL::int", {{"1", "xy", "5.00", "t", "NULL"}});
}

TEST_F(EngineTest, ResultColumnNamesFollowPostgres) {
  QueryResult r = Run("SELECT 1, 2 AS two, count(*), 'a'::text, lower('X')");
  ASSERT_TRUE(r.ok());
  std::vector<std::string> expected = {"?column?", "two", "count", "text", "lower"};
  EXPECT_EQ(r.column_names(), expected);
}

TEST_F(SelectTest, ProjectionAndWhere) {
  ExpectRows("SELECT id, region, amount FROM sales.deals WHERE amount > 50 ORDER BY id",
             {{"1", "EMEA", "100.50"}, {"3", "APAC", "75.25"}});
  ExpectRows("SELECT id FROM sales.deals WHERE product IS NULL", {{"4"}});
  // product is varchar(20): a longer literal is compared whole, not truncated.
  ExpectRows("SELECT id FROM sales.deals WHERE product = 'widget' OR product = 'gizmo45678901234567890'", {{"1"}, {"3"}});
  ExpectRows("SELECT id FROM sales.deals WHERE sale_date >= '2024-02-01' ORDER BY id DESC", {{"4"}, {"3"}});
  ExpectRows("SELECT * FROM sales.deals WHERE id = 2",
             {{"2", "EMEA", "gadget", "20.00", "1", "2024-01-06"}});
}

TEST_F(SelectTest, NullStringsInKernels) {
  ExpectRows("SELECT id, product = 'widget', length(product), product < 'h', product IN ('gizmo', 'x') "
             "FROM sales.deals ORDER BY id",
             {{"1", "t", "6", "f", "f"},
              {"2", "f", "6", "t", "f"},
              {"3", "t", "6", "f", "f"},
              {"4", "NULL", "NULL", "NULL", "NULL"},
              {"5", "f", "5", "t", "t"}});
}

TEST_F(SelectTest, GroupByWithAggregates) {
  ExpectRows(
      "SELECT region, count(*), count(product), sum(amount), min(product), max(qty), sum(qty) "
      "FROM sales.deals GROUP BY region ORDER BY region",
      {{"AMER", "1", "0", "NULL", "NULL", "5", "5"},
       {"APAC", "2", "2", "85.35", "gizmo", "2", "2"},
       {"EMEA", "2", "2", "120.50", "gadget", "3", "4"}});
  ExpectRows("SELECT avg(qty), avg(amount) FROM sales.deals", {{"2.7500000000000000", "51.4625000000000000"}});
  ExpectRows("SELECT count(*) FROM sales.deals WHERE id > 100", {{"0"}});
  ExpectRows("SELECT sum(qty) FROM sales.deals WHERE id > 100", {{"NULL"}});
  ExpectRows("SELECT count(DISTINCT region) FROM sales.deals", {{"3"}});
}

TEST_F(SelectTest, HavingOrderLimitDistinct) {
  ExpectRows("SELECT region, sum(amount) AS total FROM sales.deals GROUP BY region HAVING count(*) > 1 "
             "ORDER BY total DESC",
             {{"EMEA", "120.50"}, {"APAC", "85.35"}});
  ExpectRows("SELECT DISTINCT region FROM sales.deals ORDER BY 1", {{"AMER"}, {"APAC"}, {"EMEA"}});
  ExpectRows("SELECT id FROM sales.deals ORDER BY id LIMIT 2 OFFSET 1", {{"2"}, {"3"}});
  ExpectRows("SELECT qty FROM sales.deals ORDER BY qty NULLS FIRST", {{"NULL"}, {"1"}, {"2"}, {"3"}, {"5"}});
  ExpectRows("SELECT qty FROM sales.deals ORDER BY qty DESC", {{"NULL"}, {"5"}, {"3"}, {"2"}, {"1"}});
  ExpectRows("SELECT qty FROM sales.deals ORDER BY qty DESC NULLS LAST LIMIT 2", {{"5"}, {"3"}});
  ExpectRows("SELECT region FROM sales.deals GROUP BY region ORDER BY count(*) DESC, region LIMIT 1", {{"APAC"}});
}

TEST_F(SelectTest, Joins) {
  Run("CREATE TABLE sales.regions (code text, name text)");
  Run("INSERT INTO sales.regions VALUES ('EMEA', 'Europe'), ('APAC', 'Asia Pacific'), ('LATAM', 'Latin America')");
  ExpectRows("SELECT d.id, r.name FROM sales.deals d JOIN sales.regions r ON d.region = r.code ORDER BY d.id",
             {{"1", "Europe"}, {"2", "Europe"}, {"3", "Asia Pacific"}, {"5", "Asia Pacific"}});
  ExpectRows("SELECT d.id, r.name FROM sales.deals d LEFT JOIN sales.regions r ON d.region = r.code "
             "WHERE d.id >= 3 ORDER BY d.id",
             {{"3", "Asia Pacific"}, {"4", "NULL"}, {"5", "Asia Pacific"}});
  ExpectRows("SELECT count(*) FROM sales.deals, sales.regions", {{"15"}});
  ExpectRows("SELECT count(*) FROM sales.deals CROSS JOIN sales.regions WHERE region = code", {{"4"}});
  ExpectRows("SELECT r.code, count(d.id) FROM sales.regions r LEFT JOIN sales.deals d ON d.region = r.code "
             "AND d.qty > 1 GROUP BY r.code ORDER BY r.code",
             {{"APAC", "1"}, {"EMEA", "1"}, {"LATAM", "0"}});
}

TEST_F(SelectTest, Expressions) {
  ExpectRows("SELECT id, CASE WHEN qty > 2 THEN 'big' WHEN qty IS NULL THEN 'unknown' ELSE 'small' END "
             "FROM sales.deals ORDER BY id",
             {{"1", "big"}, {"2", "small"}, {"3", "small"}, {"4", "big"}, {"5", "unknown"}});
  ExpectRows("SELECT COALESCE(product, 'none'), COALESCE(qty, 0) FROM sales.deals WHERE id IN (4, 5) ORDER BY id",
             {{"none", "5"}, {"gizmo", "0"}});
  ExpectRows("SELECT id FROM sales.deals WHERE product LIKE 'g%' ORDER BY id", {{"2"}, {"5"}});
  ExpectRows("SELECT id FROM sales.deals WHERE product NOT LIKE '%dg%' ORDER BY id", {{"5"}});
  ExpectRows("SELECT id FROM sales.deals WHERE amount BETWEEN 20 AND 80 ORDER BY id", {{"2"}, {"3"}});
  ExpectRows("SELECT id FROM sales.deals WHERE region NOT IN ('EMEA', 'AMER') ORDER BY id", {{"3"}, {"5"}});
  ExpectRows("SELECT id FROM sales.deals WHERE qty IS DISTINCT FROM 1 AND qty IS NOT NULL ORDER BY id",
             {{"1"}, {"3"}, {"4"}});
  ExpectRows("SELECT CASE WHEN qty = 0 THEN 0 ELSE 10 / qty END FROM sales.deals WHERE id = 1", {{"3"}});
  ExpectRows("SELECT upper(region) || '-' || lower(product), length(product), substring(product from 2 for 3) "
             "FROM sales.deals WHERE id = 1",
             {{"EMEA-widget", "6", "idg"}});
  ExpectRows("SELECT CAST(amount AS integer), amount::text, qty::numeric(5,1) FROM sales.deals WHERE id = 1",
             {{"101", "100.50", "3.0"}});
  ExpectRows("SELECT date_trunc('month', sale_date), extract(year from sale_date), sale_date + 30 "
             "FROM sales.deals WHERE id = 1",
             {{"2024-01-01 00:00:00+00", "2024", "2024-02-04"}});
}

TEST_F(EngineTest, StringFunctions) {
  ExpectRows("SELECT replace('a-b-c', '-', '+'), position('b' IN 'abc'), strpos('héllo', 'l'), trim('  x  '), "
             "ltrim('  x '), rtrim(' x  ') || '|'",
             {{"a+b+c", "2", "3", "x", "x ", " x|"}});
}

TEST_F(EngineTest, GreatestAndLeastIgnoreNulls) {
  ExpectRows("SELECT greatest(1, 5, 3), least(2.5, 1), greatest('b', 'a', NULL), least(NULL::int, NULL)",
             {{"5", "1.0", "b", "NULL"}});
}

TEST_F(EngineTest, ArithmeticFollowsPostgres) {
  ExpectRows("SELECT 7 / 2, 7 % 3, -7 / 2, 7.0 / 2, 1.5 + 2.25, 1.5 * 1.25, -(2 + 3), 1.0 / 3, 100000.0 / 3",
             {{"3", "1", "-3", "3.5000000000000000", "3.75", "1.875", "-5", "0.33333333333333333333",
               "33333.333333333333"}});
}

TEST_F(EngineTest, FloatAndTemporalText) {
  ExpectRows("SELECT 0.1::float8 + 0.2::float8, 1.5::real, '2024-03-01 13:45:00.25'::timestamp, "
             "'2024-03-01 13:45:00'::timestamptz, '2024-03-01'::date",
             {{"0.30000000000000004", "1.5", "2024-03-01 13:45:00.25", "2024-03-01 13:45:00+00", "2024-03-01"}});
}

TEST_F(EngineTest, TinyVectorSizeGivesSameResults) {
  DatabaseOptions options;
  options.vector_size = 3;
  Open(options);
  Run("CREATE TABLE t (a integer, b text)");
  Run("INSERT INTO t SELECT 1, 'x'");
  for (int i = 0; i < 4; i++) Run("INSERT INTO t SELECT a + 1, b || 'y' FROM t");
  ExpectRows("SELECT count(*), count(DISTINCT a), max(b), sum(a) FROM t", {{"16", "5", "xyyyy", "48"}});
  ExpectRows("SELECT a, count(*) FROM t GROUP BY a ORDER BY a DESC LIMIT 2 OFFSET 1", {{"4", "4"}, {"3", "6"}});
}

TEST_F(SelectTest, OptimizerOffGivesSameResults) {
  DatabaseOptions options;
  options.enable_optimizer = false;
  Open(options);
  ExpectRows("SELECT region, sum(qty) FROM sales.deals WHERE id > 1 GROUP BY region ORDER BY region",
             {{"AMER", "5"}, {"APAC", "2"}, {"EMEA", "1"}});
}

}  // namespace
}  // namespace tributary

namespace tributary {
namespace {

TEST_F(EngineTest, EmptyTablesEverywhere) {
  Run("CREATE TABLE e (a int, b text)");
  Run("CREATE TABLE f (a int, c text)");
  ExpectRows("SELECT a, count(*) FROM e GROUP BY a", {});
  ExpectRows("SELECT * FROM e ORDER BY a", {});
  ExpectRows("SELECT * FROM e JOIN f ON e.a = f.a", {});
  ExpectRows("SELECT * FROM e LEFT JOIN f ON e.a = f.a ORDER BY 1", {});
  ExpectRows("SELECT count(*), sum(a), min(b) FROM e", {{"0", "NULL", "NULL"}});
  ExpectRows("SELECT DISTINCT a FROM e ORDER BY a LIMIT 3", {});
  Run("INSERT INTO e VALUES (1, 'x'), (NULL, 'y')");
  ExpectRows("SELECT e.b, f.c FROM e LEFT JOIN f ON e.a = f.a ORDER BY e.b", {{"x", "NULL"}, {"y", "NULL"}});
  Run("INSERT INTO f VALUES (NULL, 'n'), (1, 'one')");
  // NULL keys never match.
  ExpectRows("SELECT e.b, f.c FROM e JOIN f ON e.a = f.a", {{"x", "one"}});
  ExpectRows("SELECT * FROM e ORDER BY a NULLS FIRST LIMIT 1 OFFSET 5", {});
  ExpectRows("SELECT * FROM e LIMIT 0", {});
  ExpectRows("SELECT count(*) FROM e WHERE a IN (NULL)", {{"0"}});
}

}  // namespace
}  // namespace tributary

namespace tributary {
namespace {

TEST_F(EngineTest, StarJoinListedDimensionsFirstIsReordered) {
  // FROM lists dimensions before the fact table, as SSB's Q4 does: without
  // join ordering this would be a cross product of the dimensions.
  Run("CREATE TABLE d1 (k int, name text)");
  Run("CREATE TABLE d2 (k int, name text)");
  Run("CREATE TABLE fact (k1 int, k2 int, v int)");
  Run("INSERT INTO d1 VALUES (1, 'a'), (2, 'b'), (3, 'c')");
  Run("INSERT INTO d2 VALUES (10, 'x'), (20, 'y')");
  Run("INSERT INTO fact VALUES (1, 10, 5), (1, 20, 6), (2, 10, 7), (3, 30, 8), (3, 20, 9), (1, 10, 1)");
  ExpectRows("SELECT d1.name, d2.name, sum(v) FROM d1, d2, fact WHERE fact.k1 = d1.k AND fact.k2 = d2.k "
             "AND d2.name <> 'q' GROUP BY d1.name, d2.name ORDER BY 1, 2",
             {{"a", "x", "6"}, {"a", "y", "6"}, {"b", "x", "7"}, {"c", "y", "9"}});
  QueryResult plan = Run("EXPLAIN SELECT sum(v) FROM d1, d2, fact WHERE fact.k1 = d1.k AND fact.k2 = d2.k");
  std::string text;
  for (size_t i = 0; i < plan.row_count(); i++) text += plan.GetText(i, 0).value_or("") + "\n";
  EXPECT_EQ(text.find("Nested Loop"), std::string::npos) << text;
}

}  // namespace
}  // namespace tributary
