// Filters reach storage as pruning predicates; bytes scanned is reported.
#include "engine_fixture.hpp"

namespace tributary {
namespace {

class PruningTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    Run("CREATE TABLE deals (id int, region text, sale_date date, amount numeric(10,2)) "
        "PARTITION BY RANGE (sale_date) WITH (partition_granularity = 'day', cluster_by = 'region')");
    // One commit per day: three days, two regions each.
    for (int day = 1; day <= 3; day++) {
      std::string d = "'2024-01-0" + std::to_string(day) + "'";
      Run("INSERT INTO deals VALUES (" + std::to_string(day * 10 + 1) + ", 'EMEA', " + d + ", 10), (" +
          std::to_string(day * 10 + 2) + ", 'APAC', " + d + ", 20)");
    }
  }
};

TEST_F(PruningTest, PartitionPruningReadsFewerFiles) {
  QueryResult all = Run("SELECT sum(amount) FROM deals");
  QueryResult one = Run("SELECT sum(amount) FROM deals WHERE sale_date = '2024-01-02'");
  ASSERT_TRUE(all.ok() && one.ok());
  EXPECT_EQ(*all.GetText(0, 0), "90.00");
  EXPECT_EQ(*one.GetText(0, 0), "30.00");
  EXPECT_GT(all.metrics().files_read, one.metrics().files_read);
  EXPECT_GT(one.metrics().files_read, 0);
  EXPECT_EQ(one.metrics().files_total, 6);
  EXPECT_EQ(one.metrics().files_read, 2);
  EXPECT_GT(one.metrics().bytes_scanned, 0);
  EXPECT_LT(one.metrics().bytes_scanned, all.metrics().bytes_scanned);
}

TEST_F(PruningTest, ClusterKeyPruning) {
  QueryResult all = Run("SELECT count(*) FROM deals WHERE sale_date BETWEEN '2024-01-01' AND '2024-01-03'");
  QueryResult emea = Run("SELECT count(*) FROM deals WHERE region = 'EMEA'");
  ASSERT_TRUE(all.ok() && emea.ok());
  EXPECT_EQ(*emea.GetText(0, 0), "3");
  EXPECT_LT(emea.metrics().files_read, all.metrics().files_read);
}

TEST_F(PruningTest, ExplainShowsPredicatesAndFiles) {
  QueryResult r = Run("EXPLAIN SELECT id FROM deals WHERE sale_date >= '2024-01-03' AND amount > 1");
  ASSERT_TRUE(r.ok());
  std::string text;
  for (size_t i = 0; i < r.row_count(); i++) text += r.GetText(i, 0).value_or("") + "\n";
  EXPECT_NE(text.find("Seq Scan on public.deals"), std::string::npos) << text;
  EXPECT_NE(text.find("Pruning predicates: (sale_date >= '2024-01-03'::date) AND (amount > 1.00)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("Files: 6 total, 2 after pruning"), std::string::npos) << text;
}

// A hash join pushes its build side's key range into the probe side's scan
// before that scan plans its files: facts in three files of disjoint key
// ranges, joined to a filtered dimension, read only the file that can match.
TEST_F(PruningTest, JoinKeyRangePrunesProbeFiles) {
  Run("CREATE TABLE facts (k int, v int)");
  Run("INSERT INTO facts VALUES (1, 1), (2, 2), (3, 3), (4, 4)");
  Run("INSERT INTO facts VALUES (11, 10), (12, 20), (13, 30), (14, 40)");
  Run("INSERT INTO facts VALUES (21, 100), (22, 200), (23, 300), (24, 400)");
  Run("CREATE TABLE dims (k int, tag text)");
  Run("INSERT INTO dims VALUES (1, 'a'), (2, 'a'), (12, 'b'), (13, 'b'), (22, 'c')");
  QueryResult all = Run("SELECT sum(v) FROM facts, dims WHERE facts.k = dims.k");
  QueryResult b = Run("SELECT sum(v) FROM facts, dims WHERE facts.k = dims.k AND dims.tag = 'b'");
  QueryResult none = Run("SELECT sum(v) FROM facts, dims WHERE facts.k = dims.k AND dims.tag = 'z'");
  QueryResult outer = Run("SELECT count(*), sum(v) FROM facts LEFT JOIN dims ON facts.k = dims.k AND dims.tag = 'b'");
  ASSERT_TRUE(all.ok() && b.ok() && none.ok() && outer.ok());
  EXPECT_EQ(*all.GetText(0, 0), "253");
  EXPECT_EQ(*b.GetText(0, 0), "50");
  EXPECT_FALSE(none.GetText(0, 0).has_value());
  EXPECT_EQ(*outer.GetText(0, 0), "12");
  EXPECT_EQ(*outer.GetText(0, 1), "1110");
  // One dimension file plus the facts files the key range reaches.
  EXPECT_EQ(all.metrics().files_read, 4);
  EXPECT_EQ(b.metrics().files_read, 2);
  EXPECT_LT(b.metrics().bytes_scanned, all.metrics().bytes_scanned);
  // A left join keeps every fact row: nothing is pruned.
  EXPECT_EQ(outer.metrics().files_read, 4);
}

}  // namespace
}  // namespace tributary
