// Row-level security on the paths a sqllogictest file cannot show: EXPLAIN
// and EXPLAIN ANALYZE (nothing about hidden rows), pruning by the policy's
// own predicate (a regional rep's dashboard reads only its region's files),
// time travel under today's policies, COPY TO, the audit log of policy
// changes, and policies that cannot be applied failing closed.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "catalog/catalog.hpp"
#include "engine_fixture.hpp"

namespace tributary {
namespace {

constexpr const char* kDashboard =
    "SELECT sale_date, sum(amount) FROM sales.deals WHERE sale_date BETWEEN DATE '2026-01-05' AND DATE '2026-01-11' "
    "GROUP BY sale_date ORDER BY sale_date";
constexpr const char* kDashboardByHand =
    "SELECT sale_date, sum(amount) FROM sales.deals WHERE region = 'EMEA' AND sale_date BETWEEN DATE '2026-01-05' "
    "AND DATE '2026-01-11' GROUP BY sale_date ORDER BY sale_date";

class RowSecurityTest : public EngineTest {
 protected:
  // 28 days of deals in four regions, partitioned by day and clustered by
  // region: one file per day and region. emea_rep sees EMEA through a policy.
  void SetUp() override {
    EngineTest::SetUp();
    Run("CREATE SCHEMA sales");
    Run("CREATE TABLE sales.deals (deal_id bigint, sale_date date, region varchar, amount numeric(12,2)) "
        "PARTITION BY RANGE (sale_date) WITH (partition_granularity = 'day', cluster_by = 'region')");
    const char* regions[] = {"AMER", "APAC", "EMEA", "LATAM"};
    std::string values;
    int id = 0;
    for (int day = 1; day <= 28; day++) {
      for (const char* region : regions) {
        for (int k = 0; k < 3; k++) {
          id++;
          char row[128];
          std::snprintf(row, sizeof row, "%s(%d, DATE '2026-01-%02d', '%s', %d.%02d)", values.empty() ? "" : ", ", id,
                        day, region, 100 + id % 311, id % 100);
          values += row;
        }
      }
    }
    Run("INSERT INTO sales.deals VALUES " + values);
    Run("CREATE ROLE emea_rep");
    Run("GRANT USAGE ON SCHEMA sales TO emea_rep");
    Run("GRANT SELECT ON sales.deals TO emea_rep");
    Run("ALTER TABLE sales.deals ENABLE ROW LEVEL SECURITY");
    Run("CREATE POLICY emea ON sales.deals FOR SELECT TO emea_rep USING (region = 'EMEA')");
  }

  std::string Text(const std::string& sql) {
    QueryResult r = Run(sql);
    std::string text;
    for (size_t i = 0; r.ok() && i < r.row_count(); i++) text += r.GetText(i, 0).value_or("") + "\n";
    return text;
  }

  std::string Cell(const std::string& sql) {
    QueryResult r = Run(sql);
    return r.ok() && r.row_count() == 1 ? r.GetText(0, 0).value_or("NULL") : "(no single row)";
  }

  std::string Rows(const QueryResult& r) {
    std::string text;
    for (size_t i = 0; r.ok() && i < r.row_count(); i++) {
      for (size_t c = 0; c < r.column_names().size(); c++) text += r.GetText(i, c).value_or("NULL") + "|";
      text += "\n";
    }
    return text;
  }
};

TEST_F(RowSecurityTest, DashboardThroughThePolicyReadsWhatTheHandWrittenFilterReads) {
  QueryResult by_hand = Run(kDashboardByHand);
  Run("SET ROLE emea_rep");
  QueryResult policy = Run(kDashboard);
  ASSERT_TRUE(policy.ok() && by_hand.ok());
  EXPECT_EQ(policy.row_count(), 7u);
  EXPECT_EQ(Rows(policy), Rows(by_hand));
  // The policy's predicate prunes like a WHERE clause: seven EMEA files.
  EXPECT_EQ(policy.metrics().files_read, 7);
  EXPECT_EQ(policy.metrics().bytes_scanned, by_hand.metrics().bytes_scanned);
}

TEST_F(RowSecurityTest, APolicyThroughAMappingTablePrunesToTheRepsRegions) {
  Run("CREATE TABLE sales.territories (rep text, region varchar)");
  Run("INSERT INTO sales.territories VALUES ('territory_rep', 'EMEA'), ('territory_rep', 'LATAM'), "
      "('someone_else', 'APAC')");
  Run("CREATE ROLE territory_rep");
  Run("GRANT USAGE ON SCHEMA sales TO territory_rep");
  Run("GRANT SELECT ON sales.deals, sales.territories TO territory_rep");
  Run("CREATE POLICY territory ON sales.deals FOR SELECT TO territory_rep "
      "USING (region IN (SELECT t.region FROM sales.territories t WHERE t.rep = current_user))");
  QueryResult by_hand = Run(
      "SELECT sale_date, sum(amount) FROM sales.deals WHERE region IN ('EMEA', 'LATAM') AND sale_date BETWEEN "
      "DATE '2026-01-05' AND DATE '2026-01-11' GROUP BY sale_date ORDER BY sale_date");
  Run("SET ROLE territory_rep");
  QueryResult policy = Run(kDashboard);
  ASSERT_TRUE(policy.ok() && by_hand.ok());
  EXPECT_EQ(policy.row_count(), 7u);
  EXPECT_EQ(Rows(policy), Rows(by_hand));
  // The mapping's regions reach the deals scan once the subquery has run:
  // 7 days x 2 regions, plus the mapping table's one file.
  EXPECT_EQ(policy.metrics().files_read, 15);
  Run("RESET ROLE");

  // Where skipping files would change the answer, nothing is skipped.
  for (const char* sql : {"SELECT count(*) FROM sales.deals WHERE region NOT IN (SELECT region FROM sales.territories "
                          "WHERE rep = 'territory_rep')",
                          "SELECT count(*) FROM sales.deals WHERE region IN (SELECT region FROM sales.territories "
                          "WHERE rep = 'territory_rep') OR deal_id < 10",
                          "SELECT count(*) FROM sales.deals d WHERE region IN (SELECT region FROM sales.territories t "
                          "WHERE t.rep = 'territory_rep' AND d.deal_id > 0)"}) {
    QueryResult r = Run(sql);
    ASSERT_TRUE(r.ok()) << sql;
    EXPECT_EQ(r.metrics().files_read, 28 * 4 + 1) << sql;
  }
  ExpectRows("SELECT count(*) FROM sales.deals WHERE region NOT IN (SELECT region FROM sales.territories "
             "WHERE rep = 'territory_rep')",
             {{"168"}});
  ExpectRows("SELECT count(*) FROM sales.deals WHERE region IN (SELECT region FROM sales.territories "
             "WHERE rep = 'territory_rep') OR deal_id < 10",
             {{"174"}});
  // An IN that prunes, answering what the constant list answers.
  QueryResult in = Run("SELECT count(*) FROM sales.deals WHERE region IN (SELECT region FROM sales.territories)");
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in.GetText(0, 0).value_or(""), "252");
  EXPECT_EQ(in.metrics().files_read, 28 * 3 + 1);

  // A WITH CHECK through the mapping must see every new row to refuse it:
  // a check that raises skips no file of the rows being written.
  Run("CREATE TABLE sales.incoming (deal_id bigint, sale_date date, region varchar, amount numeric(12,2)) "
      "PARTITION BY LIST (region)");
  Run("INSERT INTO sales.incoming VALUES (9001, DATE '2026-02-01', 'EMEA', 1), (9002, DATE '2026-02-01', 'AMER', 2)");
  Run("GRANT SELECT ON sales.incoming TO territory_rep");
  Run("GRANT INSERT ON sales.deals TO territory_rep");
  Run("CREATE POLICY territory_writes ON sales.deals FOR INSERT TO territory_rep "
      "WITH CHECK (region IN (SELECT t.region FROM sales.territories t WHERE t.rep = current_user))");
  Run("SET ROLE territory_rep");
  ExpectError("INSERT INTO sales.deals SELECT * FROM sales.incoming", "42501");
  Run("INSERT INTO sales.deals SELECT * FROM sales.incoming WHERE region = 'EMEA'");
  Run("RESET ROLE");
  ExpectRows("SELECT count(*) FROM sales.deals WHERE deal_id > 9000", {{"1"}});
}

TEST_F(RowSecurityTest, ExplainShowsThePolicyAndNothingAboutHiddenRows) {
  Run("SET ROLE emea_rep");
  std::string plan = Text(std::string("EXPLAIN ") + kDashboard);
  EXPECT_NE(plan.find("Filter (row security): (region = 'EMEA'::text)"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Row-level security: totals withheld"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Partitions: 7 after pruning"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Files: 7 after pruning"), std::string::npos) << plan;
  // Neither the table's totals nor a cluster key range over hidden rows.
  EXPECT_EQ(plan.find(" total,"), std::string::npos) << plan;
  EXPECT_EQ(plan.find(" from EMEA"), std::string::npos) << plan;

  std::string analyze = Text(std::string("EXPLAIN ANALYZE ") + kDashboard);
  EXPECT_NE(analyze.find("Execution: 7 rows in"), std::string::npos) << analyze;
  EXPECT_NE(analyze.find("Files read: 7; row groups read: 7"), std::string::npos) << analyze;
  EXPECT_EQ(analyze.find(" of "), std::string::npos) << analyze;

  // The user's own predicate stays above the policy's filter.
  std::string probe = Text("EXPLAIN SELECT count(*) FROM sales.deals WHERE 1 / (CASE WHEN region <> 'EMEA' THEN 0 "
                           "ELSE 1 END) = 1");
  size_t user = probe.find("Filter: ");
  size_t policy = probe.find("Filter (row security)");
  ASSERT_NE(user, std::string::npos) << probe;
  ASSERT_NE(policy, std::string::npos) << probe;
  EXPECT_LT(user, policy) << "the policy's filter must sit below the query's\n" << probe;
  EXPECT_EQ(Cell("SELECT count(*) FROM sales.deals WHERE 1 / (CASE WHEN region <> 'EMEA' THEN 0 ELSE 1 END) = 1"),
            "84");
}

TEST_F(RowSecurityTest, TimeTravelReadsOldSnapshotsUnderTodaysPolicies) {
  auto catalog = catalog::Catalog::Open(dir_);
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  auto table = (*catalog)->LoadTable({"sales", "deals"});
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_NE((*table)->metadata()->current_snapshot(), nullptr);
  const std::string snapshot = std::to_string((*table)->metadata()->current_snapshot()->snapshot_id);
  const std::string old = "snapshot_of('sales.deals', " + snapshot + ")";
  Run("INSERT INTO sales.deals VALUES (9001, DATE '2026-01-02', 'EMEA', 1.00), (9002, DATE '2026-01-02', 'APAC', 1.00)");
  Run("SET ROLE emea_rep");
  EXPECT_EQ(Cell("SELECT count(*) FROM sales.deals"), "85");
  EXPECT_EQ(Cell("SELECT count(*) FROM " + old), "84");
  // Today's policy, not the one of the snapshot's day, decides.
  Run("RESET ROLE");
  Run("ALTER POLICY emea ON sales.deals USING (region = 'APAC')");
  Run("SET ROLE emea_rep");
  EXPECT_EQ(Cell("SELECT count(*) FROM sales.deals"), "85");
  EXPECT_EQ(Cell("SELECT count(*) FROM " + old), "84");
  EXPECT_EQ(Cell("SELECT count(*) FROM " + old + " WHERE region = 'EMEA'"), "0");
  EXPECT_EQ(Cell("SELECT count(*) FROM " + old + " WHERE region = 'APAC'"), "84");
}

TEST_F(RowSecurityTest, CopyToWritesOnlyVisibleRows) {
  const std::string file = dir_ + "/emea.csv";
  Run("SET ROLE emea_rep");
  QueryResult copied = connection_->Query("COPY sales.deals TO '" + file + "' WITH (FORMAT csv)");
  ASSERT_TRUE(copied.ok()) << copied.error().message;
  std::ifstream in(file);
  std::string line;
  int rows = 0, emea = 0;
  while (std::getline(in, line)) {
    rows++;
    emea += line.find(",EMEA,") != std::string::npos;
  }
  EXPECT_EQ(rows, 84);
  EXPECT_EQ(emea, 84);
  // COPY FROM would write rows no policy checks: refused, as in PostgreSQL.
  Run("RESET ROLE");
  Run("GRANT INSERT ON sales.deals TO emea_rep");
  Run("SET ROLE emea_rep");
  ExpectError("COPY sales.deals FROM '" + file + "' WITH (FORMAT csv)", "0A000",
              "COPY FROM not supported with row-level security");
}

TEST_F(RowSecurityTest, PolicyChangesAreAudited) {
  Run("ALTER POLICY emea ON sales.deals RENAME TO emea_deals");
  Run("DROP POLICY emea_deals ON sales.deals");
  Run("ALTER TABLE sales.deals FORCE ROW LEVEL SECURITY");
  std::string log = Text("SELECT detail FROM tributary.audit_log ORDER BY event_time");
  EXPECT_NE(log.find("ALTER TABLE sales.deals ENABLE ROW LEVEL SECURITY"), std::string::npos) << log;
  EXPECT_NE(log.find("CREATE POLICY emea ON sales.deals"), std::string::npos) << log;
  EXPECT_NE(log.find("RENAME TO emea_deals"), std::string::npos) << log;
  EXPECT_NE(log.find("DROP POLICY emea_deals"), std::string::npos) << log;
  EXPECT_NE(log.find("FORCE ROW LEVEL SECURITY"), std::string::npos) << log;
}

TEST_F(RowSecurityTest, APolicyThatCannotBeAppliedFailsTheQuery) {
  // A policy reading its own table would recurse.
  Run("CREATE POLICY self ON sales.deals FOR SELECT TO emea_rep USING (deal_id IN (SELECT deal_id FROM sales.deals))");
  Run("SET ROLE emea_rep");
  ExpectError("SELECT count(*) FROM sales.deals", "42P17", "infinite recursion detected in policy for relation \"deals\"");
  Run("RESET ROLE");
  Run("DROP POLICY self ON sales.deals");
  // A column the policy reads is dropped: the query fails, it never shows rows.
  Run("ALTER TABLE sales.deals ADD COLUMN team varchar");
  Run("CREATE POLICY by_team ON sales.deals AS RESTRICTIVE FOR SELECT TO emea_rep USING (team IS NULL)");
  Run("ALTER TABLE sales.deals DROP COLUMN team");
  Run("SET ROLE emea_rep");
  ExpectError("SELECT count(*) FROM sales.deals", "42703", "team");
}

TEST_F(RowSecurityTest, TheSameQueryAsTwoRolesGivesEachItsOwnRows) {
  Run("CREATE ROLE apac_rep");
  Run("GRANT USAGE ON SCHEMA sales TO apac_rep");
  Run("GRANT SELECT ON sales.deals TO apac_rep");
  Run("CREATE POLICY apac ON sales.deals FOR SELECT TO apac_rep USING (region = 'APAC')");
  const std::string q = "SELECT region, count(*) FROM sales.deals GROUP BY region";
  // The result cache answers a repeated query, but never across roles: its
  // key holds the identity the policies were chosen for.
  Run("SET ROLE emea_rep");
  ExpectRows(q, {{"EMEA", "84"}});
  QueryResult again = Run(q);
  EXPECT_TRUE(again.metrics().cache_hit);
  EXPECT_EQ(Rows(again), "EMEA|84|\n");
  Run("SET ROLE apac_rep");
  QueryResult apac = Run(q);
  EXPECT_FALSE(apac.metrics().cache_hit);
  EXPECT_EQ(Rows(apac), "APAC|84|\n");
  Run("SET ROLE emea_rep");
  QueryResult back = Run(q);
  EXPECT_TRUE(back.metrics().cache_hit);
  EXPECT_EQ(Rows(back), "EMEA|84|\n");
  // A policy change reaches the next query, cached or not.
  Run("RESET ROLE");
  Run("ALTER POLICY emea ON sales.deals USING (region = 'LATAM')");
  Run("SET ROLE emea_rep");
  QueryResult changed = Run(q);
  EXPECT_FALSE(changed.metrics().cache_hit);
  EXPECT_EQ(Rows(changed), "LATAM|84|\n");
}

}  // namespace
}  // namespace tributary
