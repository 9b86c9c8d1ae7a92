// The result cache: an identical SELECT over unchanged tables, by the same
// identity with the same settings, is answered from the cache (no scan, 0
// bytes billed); a commit, another user, a policy change, now() or
// use_result_cache = off mean running the query.

#include "engine_fixture.hpp"
#include "main/result_cache.hpp"

namespace tributary {
namespace {

constexpr const char* kQuery = "SELECT region, sum(amount) FROM deals GROUP BY 1 ORDER BY 1";

class ResultCacheTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    Run("CREATE TABLE deals (id bigint, region varchar, amount bigint)");
    Run("INSERT INTO deals VALUES (1, 'EMEA', 10), (2, 'AMER', 20), (3, 'EMEA', 5)");
  }

  static std::string Text(const QueryResult& r) {
    std::string out;
    for (size_t i = 0; i < r.row_count(); i++) {
      for (size_t c = 0; c < r.column_names().size(); c++) out += r.GetText(i, c).value_or("NULL") + ",";
      out += ";";
    }
    return out;
  }
};

TEST_F(ResultCacheTest, HitBillsNothingAndMatchesTheRun) {
  QueryResult first = Run(kQuery);
  EXPECT_FALSE(first.metrics().cache_hit);
  EXPECT_GT(first.metrics().bytes_scanned, 0);
  QueryResult second = Run(kQuery);
  EXPECT_TRUE(second.metrics().cache_hit);
  EXPECT_EQ(second.metrics().bytes_scanned, 0);
  EXPECT_EQ(Text(second), "AMER,20,;EMEA,15,;");
  EXPECT_EQ(Text(second), Text(first));
  EXPECT_EQ(second.command_tag(), "SELECT 2");
  EXPECT_EQ(second.column_names(), first.column_names());
  // Another session of the same user shares it.
  auto other = std::make_unique<Connection>(database_);
  QueryResult third = other->Query(kQuery);
  ASSERT_TRUE(third.ok());
  EXPECT_TRUE(third.metrics().cache_hit);
  ExpectRows("SELECT cache_hit, bytes_scanned > 0, bytes_billed > 0, rows FROM tributary.jobs "
             "WHERE statement = '" + std::string(kQuery) + "' ORDER BY job_id",
             {{"f", "t", "t", "2"}, {"t", "f", "f", "2"}, {"t", "f", "f", "2"}});
}

TEST_F(ResultCacheTest, CommitsInvalidate) {
  Run(kQuery);
  Run("INSERT INTO deals VALUES (4, 'APAC', 1)");
  QueryResult r = Run(kQuery);
  EXPECT_FALSE(r.metrics().cache_hit);
  EXPECT_EQ(Text(r), "AMER,20,;APAC,1,;EMEA,15,;");
  EXPECT_TRUE(Run(kQuery).metrics().cache_hit);
  Run("DELETE FROM deals WHERE region = 'APAC'");
  r = Run(kQuery);
  EXPECT_FALSE(r.metrics().cache_hit);
  EXPECT_EQ(Text(r), "AMER,20,;EMEA,15,;");
}

TEST_F(ResultCacheTest, NeverSharedAcrossUsersOrPolicies) {
  Run("CREATE USER alice");
  Run("GRANT SELECT ON deals TO alice");
  Run(kQuery);
  auto alice = As("alice");
  QueryResult r = alice->Query(kQuery);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r.metrics().cache_hit);
  EXPECT_TRUE(alice->Query(kQuery).metrics().cache_hit);
  // A policy restricts alice: her next run sees only her rows.
  Run("ALTER TABLE deals ENABLE ROW LEVEL SECURITY");
  Run("CREATE POLICY emea ON deals FOR SELECT TO alice USING (region = 'EMEA')");
  r = alice->Query(kQuery);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r.metrics().cache_hit);
  EXPECT_EQ(Text(r), "EMEA,15,;");
  // The superuser's result is not alice's.
  r = Run(kQuery);
  EXPECT_EQ(Text(r), "AMER,20,;EMEA,15,;");
  // SET ROLE changes the identity, so the key.
  Run("SET ROLE alice");
  r = Run(kQuery);
  EXPECT_FALSE(r.metrics().cache_hit);
  EXPECT_EQ(Text(r), "EMEA,15,;");
  Run("RESET ROLE");
}

TEST_F(ResultCacheTest, NonDeterministicQueriesAreNotCached) {
  for (const char* q : {"SELECT now(), count(*) FROM deals", "SELECT current_date, count(*) FROM deals",
                        "SELECT current_setting('TimeZone'), count(*) FROM deals",
                        "SELECT count(*) FROM deals, tributary.jobs"}) {
    Run(q);
    EXPECT_FALSE(Run(q).metrics().cache_hit) << q;
  }
  // Parameters are part of the key.
  QueryParameters one, two;
  one.values = {std::string("EMEA")};
  two.values = {std::string("AMER")};
  const char* q = "SELECT sum(amount) FROM deals WHERE region = $1";
  EXPECT_EQ(Text(connection_->Query(q, one)), "15,;");
  QueryResult r = connection_->Query(q, two);
  EXPECT_FALSE(r.metrics().cache_hit);
  EXPECT_EQ(Text(r), "20,;");
  r = connection_->Query(q, one);
  EXPECT_TRUE(r.metrics().cache_hit);
  EXPECT_EQ(Text(r), "15,;");
}

TEST_F(ResultCacheTest, SessionMayTurnItOff) {
  Run(kQuery);
  Run("SET use_result_cache = off");
  EXPECT_EQ(*Run("SHOW use_result_cache").GetText(0, 0), "off");
  EXPECT_FALSE(Run(kQuery).metrics().cache_hit);
  ExpectError("SET use_result_cache = maybe", "22023", "requires a Boolean value");
  Run("RESET use_result_cache");
  EXPECT_TRUE(Run(kQuery).metrics().cache_hit);
}

TEST_F(ResultCacheTest, HitIsNotRefusedByTheCostLimit) {
  Run(kQuery);
  Run("SET max_bytes_billed = 1");
  EXPECT_TRUE(Run(kQuery).metrics().cache_hit);
  ExpectError("SELECT sum(id) FROM deals", "53400", "more than max_bytes_billed (1 bytes)");
}

TEST_F(ResultCacheTest, BoundedByItsCapacity) {
  DatabaseOptions options;
  options.result_cache_bytes = 0;
  Open(options);
  Run(kQuery);
  EXPECT_FALSE(Run(kQuery).metrics().cache_hit);

  ResultCache cache(8 << 10);
  QueryResult r = Run(kQuery);
  for (int i = 0; i < 200; i++) cache.Insert("key" + std::to_string(i), r);
  EXPECT_LE(cache.bytes(), 8 << 10);
  EXPECT_LT(cache.entries(), 200u);
  EXPECT_FALSE(cache.Find("key0").has_value());  // the least recently used went first
  ASSERT_TRUE(cache.Find("key199").has_value());
  EXPECT_EQ(Text(*cache.Find("key199")), Text(r));
}

}  // namespace
}  // namespace tributary
