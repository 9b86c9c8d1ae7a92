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

}  // namespace
}  // namespace tributary
