// Join ordering ranks a star join's dimensions by how many rows their
// filters keep, estimated from the column bounds in the table's manifests.
#include "engine_fixture.hpp"

namespace tributary {
namespace {

class JoinOrderTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    Run("CREATE TABLE fact (pk int, sk int, dk int, v int)");
    Run("CREATE TABLE part (pk int, brand text)");
    Run("CREATE TABLE supp (sk int, region text)");
    Run("CREATE TABLE day (dk int, year int)");
    std::string fact, part, supp, day;
    for (int i = 0; i < 400; i++) {
      fact += (i ? ", (" : "(") + std::to_string(i % 200) + ", " + std::to_string(i % 20) + ", " +
              std::to_string(i % 70) + ", " + std::to_string(i) + ")";
    }
    for (int i = 0; i < 200; i++) {
      char brand[16];
      std::snprintf(brand, sizeof brand, "B#%03d", i);
      part += (i ? ", (" : "(") + std::to_string(i) + ", '" + brand + "')";
    }
    const char* regions[] = {"AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"};
    for (int i = 0; i < 20; i++) supp += (i ? ", (" : "(") + std::to_string(i) + ", '" + regions[i % 5] + "')";
    for (int i = 0; i < 70; i++) day += (i ? ", (" : "(") + std::to_string(i) + ", " + std::to_string(1990 + i) + ")";
    Run("INSERT INTO fact VALUES " + fact);
    Run("INSERT INTO part VALUES " + part);
    Run("INSERT INTO supp VALUES " + supp);
    Run("INSERT INTO day VALUES " + day);
  }

  // The join conditions from the deepest join (joined first) up.
  std::vector<std::string> JoinOrder(const std::string& sql) {
    QueryResult r = Run("EXPLAIN " + sql);
    std::vector<std::string> conditions;
    for (size_t i = 0; r.ok() && i < r.row_count(); i++) {
      std::string line = r.GetText(i, 0).value_or("");
      auto at = line.find("Hash Join Cond: ");
      if (at != std::string::npos) conditions.insert(conditions.begin(), line.substr(at + 16));
    }
    return conditions;
  }
};

TEST_F(JoinOrderTest, NarrowStringRangeJoinsBeforeAnEquality) {
  // brand BETWEEN covers 2 of 200 brands; region = 'ASIA' a fifth of the
  // suppliers, though the fixed equality guess alone (0.1) would rank it first.
  const std::string sql =
      "SELECT sum(v) FROM fact, part, supp WHERE fact.pk = part.pk AND fact.sk = supp.sk "
      "AND part.brand BETWEEN 'B#012' AND 'B#013' AND supp.region = 'ASIA'";
  std::vector<std::string> order = JoinOrder(sql);
  ASSERT_EQ(order.size(), 2u);
  EXPECT_EQ(order[0], "(fact.pk = part.pk)");
  EXPECT_EQ(order[1], "(fact.sk = supp.sk)");
  ExpectRows(sql, {{"224"}});  // rows 12 and 212: brand B#012 from an ASIA supplier
}

TEST_F(JoinOrderTest, EqualityOnAnIntegerUsesItsRange) {
  // year = 1993 keeps one of 70 years (bounds 1990..2059), fewer than the
  // equality guess for region; the wide brand range keeps most parts.
  const std::string sql =
      "SELECT sum(v) FROM fact, day, supp, part WHERE fact.dk = day.dk AND fact.sk = supp.sk AND fact.pk = part.pk "
      "AND day.year = 1993 AND supp.region = 'ASIA' AND part.brand >= 'B#001'";
  std::vector<std::string> order = JoinOrder(sql);
  ASSERT_EQ(order.size(), 3u);
  EXPECT_EQ(order[0], "(fact.dk = day.dk)");
  EXPECT_EQ(order[1], "(fact.sk = supp.sk)");
  EXPECT_EQ(order[2], "(fact.pk = part.pk)");
  QueryResult r = Run(sql);
  ASSERT_TRUE(r.ok());
  // The same answer as the query written with the joins in the other order.
  QueryResult other = Run(
      "SELECT sum(v) FROM part JOIN fact ON fact.pk = part.pk JOIN supp ON fact.sk = supp.sk "
      "JOIN day ON fact.dk = day.dk WHERE day.year = 1993 AND supp.region = 'ASIA' AND part.brand >= 'B#001'");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(r.GetText(0, 0), other.GetText(0, 0));
}

}  // namespace
TEST_F(JoinOrderTest, EqualityCountsTheFilesWhoseBoundsAdmitTheValue) {
  // Each supplier's region written by an INSERT of its own: 20 files, each
  // bounded by one region, so region = 'R07' keeps one file's rows (1/20);
  // brand = 'B#012' falls inside the one part file's bounds and keeps the
  // equality guess (0.1) of it. Whichever order the query names them in.
  Run("CREATE TABLE supp20 (sk int, region text)");
  for (int i = 0; i < 20; i++) {
    char region[8];
    std::snprintf(region, sizeof region, "R%02d", i);
    Run("INSERT INTO supp20 VALUES (" + std::to_string(i) + ", '" + region + "')");
  }
  for (std::string from : {"fact, part, supp20", "supp20, part, fact"}) {
    const std::string sql = "SELECT sum(v) FROM " + from +
                            " WHERE fact.pk = part.pk AND fact.sk = supp20.sk AND part.brand = 'B#012' "
                            "AND supp20.region = 'R07'";
    std::vector<std::string> order = JoinOrder(sql);
    ASSERT_EQ(order.size(), 2u) << from;
    EXPECT_EQ(order[0], "(fact.sk = supp20.sk)") << from;
    EXPECT_EQ(order[1], "(fact.pk = part.pk)") << from;
    ExpectRows(sql, {{"NULL"}});  // part 12 is bought from suppliers 12 (rows 12, 212) only
  }
}

}  // namespace tributary
