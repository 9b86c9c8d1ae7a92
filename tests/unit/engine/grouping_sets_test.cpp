// Grouping sets run as one hash aggregate over one scan of the input, however
// many sets there are; EXPLAIN names every set.
#include "engine_fixture.hpp"

namespace tributary {
namespace {

class GroupingSetsTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    Run("CREATE TABLE s (region text, city text, qty integer)");
    Run("INSERT INTO s VALUES ('east', 'boston', 1), ('east', 'nyc', 2), ('west', 'la', 4), (NULL, NULL, 8)");
  }

  std::string Plan(const std::string& sql) {
    QueryResult r = Run("EXPLAIN " + sql);
    std::string text;
    for (size_t i = 0; r.ok() && i < r.row_count(); i++) text += r.GetText(i, 0).value_or("") + "\n";
    return text;
  }

  static size_t Count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) n++;
    return n;
  }
};

TEST_F(GroupingSetsTest, OneAggregateOverOneScanForEverySet) {
  std::string plan = Plan("SELECT region, city, grouping(region, city), sum(qty) FROM s GROUP BY CUBE (region, city)");
  EXPECT_EQ(Count(plan, "Seq Scan"), 1u) << plan;
  EXPECT_EQ(Count(plan, "HashAggregate"), 1u) << plan;
  EXPECT_NE(plan.find("Grouping Sets: (region, city), (region), (city), ()"), std::string::npos) << plan;
  EXPECT_NE(plan.find("grouping(region, city)"), std::string::npos) << plan;
}

TEST_F(GroupingSetsTest, DataNullsAndRolledUpNullsAreDifferentGroups) {
  // (NULL, NULL) appears as a data group of each set and as the grand total.
  ExpectRows(
      "SELECT region, grouping(region), sum(qty) FROM s GROUP BY ROLLUP (region) ORDER BY 2, region NULLS LAST",
      {{"east", "0", "3"}, {"west", "0", "4"}, {"NULL", "0", "8"}, {"NULL", "1", "15"}});
}

TEST_F(GroupingSetsTest, EmptySetsGiveARowOverNoInput) {
  ExpectRows("SELECT region, count(*) FROM s WHERE qty > 100 GROUP BY GROUPING SETS ((region), (), ())",
             {{"NULL", "0"}, {"NULL", "0"}});
}

}  // namespace
}  // namespace tributary
