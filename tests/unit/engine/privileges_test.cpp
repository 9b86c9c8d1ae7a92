// Table and schema privileges and ownership, checked on every statement that
// reads or writes a table, across several roles.

#include "engine_fixture.hpp"

namespace tributary {
namespace {

class PrivilegesTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    Run("CREATE SCHEMA sales");
    Run("CREATE TABLE sales.deals (id integer, region text, amount integer)");
    Run("INSERT INTO sales.deals VALUES (1, 'emea', 10), (2, 'apac', 20)");
    Run("CREATE TABLE sales.targets (region text, goal integer)");
    Run("INSERT INTO sales.targets VALUES ('emea', 15)");
    Run("CREATE TABLE notes (id integer, body text)");
    Run("INSERT INTO notes VALUES (1, 'a')");
    Run("CREATE USER alice");
    Run("CREATE USER bob");
    Run("CREATE ROLE readers");
    Run("GRANT readers TO bob");
    alice_ = std::make_unique<Connection>(database_, ConnectionOptions{"alice"});
    bob_ = std::make_unique<Connection>(database_, ConnectionOptions{"bob"});
  }
  void TearDown() override {
    alice_.reset();
    bob_.reset();
    EngineTest::TearDown();
  }

  static void Ok(Connection& c, const std::string& sql) {
    QueryResult r = c.Query(sql);
    EXPECT_TRUE(r.ok()) << sql << " → " << (r.ok() ? "" : r.error().message);
  }
  static void Denied(Connection& c, const std::string& sql, const std::string& message) {
    QueryResult r = c.Query(sql);
    ASSERT_FALSE(r.ok()) << sql << " should be denied";
    EXPECT_EQ(r.error().sqlstate, "42501") << sql << ": " << r.error().message;
    EXPECT_EQ(r.error().message, message) << sql;
  }
  static std::string Cell(Connection& c, const std::string& sql) {
    QueryResult r = c.Query(sql);
    EXPECT_TRUE(r.ok()) << sql << " → " << (r.ok() ? "" : r.error().message);
    return r.ok() && r.row_count() > 0 ? r.GetText(0, 0).value_or("NULL") : "";
  }

  std::unique_ptr<Connection> alice_;
  std::unique_ptr<Connection> bob_;
};

TEST_F(PrivilegesTest, SchemaUsageComesBeforeTableRights) {
  Denied(*alice_, "SELECT * FROM sales.deals", "permission denied for schema sales");
  Run("GRANT USAGE ON SCHEMA sales TO alice");
  Denied(*alice_, "SELECT * FROM sales.deals", "permission denied for table deals");
  Run("GRANT SELECT ON sales.deals TO alice");
  EXPECT_EQ(Cell(*alice_, "SELECT sum(amount) FROM sales.deals"), "30");
  // Every other right is still missing.
  Denied(*alice_, "INSERT INTO sales.deals VALUES (3, 'x', 1)", "permission denied for table deals");
  Denied(*alice_, "UPDATE sales.deals SET amount = 0 WHERE id = 1", "permission denied for table deals");
  Denied(*alice_, "DELETE FROM sales.deals WHERE id = 1", "permission denied for table deals");
  Denied(*alice_, "TRUNCATE sales.deals", "permission denied for table deals");
  Run("REVOKE USAGE ON SCHEMA sales FROM alice");
  Denied(*alice_, "SELECT * FROM sales.deals", "permission denied for schema sales");
}

TEST_F(PrivilegesTest, EveryReadPathIsChecked) {
  Run("GRANT USAGE ON SCHEMA sales TO alice");
  Run("GRANT SELECT ON sales.deals TO alice");
  const std::string targets = "permission denied for table targets";
  Denied(*alice_, "SELECT * FROM sales.deals d JOIN sales.targets t ON d.region = t.region", targets);
  Denied(*alice_, "SELECT * FROM sales.deals WHERE region IN (SELECT region FROM sales.targets)", targets);
  Denied(*alice_, "SELECT (SELECT max(goal) FROM sales.targets)", targets);
  Denied(*alice_, "WITH t AS (SELECT * FROM sales.targets) SELECT * FROM t", targets);
  Denied(*alice_, "SELECT * FROM (SELECT * FROM sales.targets) s", targets);
  Denied(*alice_, "SELECT region FROM sales.deals UNION SELECT region FROM sales.targets", targets);
  Denied(*alice_, "EXPLAIN SELECT * FROM sales.targets", targets);
  Denied(*alice_, "COPY sales.targets TO '/dev/null'", targets);
  Denied(*alice_, "COPY (SELECT * FROM sales.targets) TO '/dev/null'", targets);
  // A statement that reads the table to write elsewhere is checked too.
  Run("GRANT INSERT ON notes TO alice");
  Denied(*alice_, "INSERT INTO notes SELECT goal, region FROM sales.targets", targets);
  Run("GRANT SELECT ON sales.targets TO alice");
  Ok(*alice_, "SELECT * FROM sales.deals d JOIN sales.targets t ON d.region = t.region");
  Ok(*alice_, "INSERT INTO notes SELECT goal, region FROM sales.targets");
}

TEST_F(PrivilegesTest, EachWriteNeedsItsOwnRight) {
  Run("GRANT USAGE ON SCHEMA sales TO bob");
  Run("GRANT INSERT ON sales.deals TO bob");
  Ok(*bob_, "INSERT INTO sales.deals VALUES (3, 'amer', 30)");
  Denied(*bob_, "COPY sales.targets FROM '/dev/null'", "permission denied for table targets");
  // DELETE without WHERE needs only DELETE; with WHERE it reads, so SELECT too.
  Run("GRANT DELETE ON sales.deals TO bob");
  Denied(*bob_, "DELETE FROM sales.deals WHERE id = 3", "permission denied for table deals");
  Run("GRANT UPDATE ON sales.deals TO bob");
  Ok(*bob_, "UPDATE sales.deals SET amount = 0");
  Denied(*bob_, "UPDATE sales.deals SET amount = amount + 1", "permission denied for table deals");
  Run("GRANT SELECT ON sales.deals TO bob");
  Ok(*bob_, "DELETE FROM sales.deals WHERE id = 3");
  Ok(*bob_, "UPDATE sales.deals SET amount = amount + 1 WHERE id = 1");
  Denied(*bob_,
         "MERGE INTO sales.deals d USING sales.targets t ON d.region = t.region "
         "WHEN MATCHED THEN UPDATE SET amount = t.goal",
         "permission denied for table targets");
  Run("GRANT SELECT ON sales.targets TO bob");
  Ok(*bob_,
     "MERGE INTO sales.deals d USING sales.targets t ON d.region = t.region "
     "WHEN MATCHED THEN UPDATE SET amount = t.goal");
  Denied(*bob_, "TRUNCATE sales.deals", "permission denied for table deals");
  Run("GRANT TRUNCATE ON sales.deals TO bob");
  Ok(*bob_, "TRUNCATE sales.deals");
  EXPECT_EQ(Cell(*this->connection_, "SELECT count(*) FROM sales.deals"), "0");
}

TEST_F(PrivilegesTest, GrantsToRolesPublicAndAllTablesInSchema) {
  // bob reads through his membership in readers.
  Run("GRANT USAGE ON SCHEMA sales TO readers");
  Run("GRANT SELECT ON ALL TABLES IN SCHEMA sales TO readers");
  EXPECT_EQ(Cell(*bob_, "SELECT count(*) FROM sales.targets"), "1");
  Denied(*alice_, "SELECT * FROM sales.targets", "permission denied for schema sales");
  // NOINHERIT stops the membership from lending its rights.
  Run("ALTER ROLE bob NOINHERIT");
  Denied(*bob_, "SELECT * FROM sales.targets", "permission denied for schema sales");
  EXPECT_TRUE(bob_->Query("SET ROLE readers").ok());
  EXPECT_EQ(Cell(*bob_, "SELECT count(*) FROM sales.targets"), "1");
  EXPECT_TRUE(bob_->Query("RESET ROLE").ok());
  // PUBLIC is every role.
  Denied(*alice_, "SELECT * FROM notes", "permission denied for table notes");
  Run("GRANT SELECT ON notes TO PUBLIC");
  EXPECT_EQ(Cell(*alice_, "SELECT count(*) FROM notes"), "1");
  Run("REVOKE ALL ON notes FROM PUBLIC");
  Denied(*alice_, "SELECT * FROM notes", "permission denied for table notes");
  // Errors name what is wrong.
  ExpectError("GRANT SELECT ON nope TO alice", "42P01", "relation \"nope\" does not exist");
  ExpectError("GRANT SELECT ON notes TO nobody", "42704", "role \"nobody\" does not exist");
  ExpectError("GRANT USAGE ON notes TO alice", "0LP01", "invalid privilege type USAGE for relation");
  ExpectError("GRANT SELECT ON SCHEMA sales TO alice", "0LP01", "invalid privilege type SELECT for schema");
  ExpectError("GRANT SELECT ON ALL TABLES IN SCHEMA nope TO alice", "3F000");
  ExpectError("GRANT SELECT ON notes TO alice WITH GRANT OPTION", "0A000", "WITH GRANT OPTION");
  ExpectError("GRANT SELECT (body) ON notes TO alice", "0A000", "column privileges");
}

TEST_F(PrivilegesTest, OwnersHaveEveryRightAndOnlyTheyGrantDropAndAlter) {
  Run("GRANT CREATE ON SCHEMA sales TO alice");
  Run("GRANT USAGE ON SCHEMA sales TO alice");
  Ok(*alice_, "CREATE TABLE sales.mine (x integer)");
  Ok(*alice_, "INSERT INTO sales.mine VALUES (1)");
  Ok(*alice_, "UPDATE sales.mine SET x = x + 1 WHERE x = 1");
  EXPECT_EQ(Cell(*alice_, "SELECT x FROM sales.mine"), "2");
  Denied(*bob_, "SELECT * FROM sales.mine", "permission denied for schema sales");
  Run("GRANT USAGE ON SCHEMA sales TO bob");
  Denied(*bob_, "SELECT * FROM sales.mine", "permission denied for table mine");
  Denied(*bob_, "GRANT SELECT ON sales.mine TO bob", "permission denied for table mine");
  Ok(*alice_, "GRANT SELECT ON sales.mine TO bob");
  EXPECT_EQ(Cell(*bob_, "SELECT x FROM sales.mine"), "2");
  Denied(*bob_, "DROP TABLE sales.mine", "must be owner of table mine");
  Denied(*bob_, "ALTER TABLE sales.mine ADD COLUMN y integer", "must be owner of table mine");
  Denied(*alice_, "DROP TABLE sales.deals", "must be owner of table deals");
  Denied(*alice_, "DROP SCHEMA sales CASCADE", "must be owner of schema sales");
  // Only a superuser creates schemas; public has no CREATE for others (PostgreSQL 15).
  Denied(*alice_, "CREATE SCHEMA mine", "permission denied for database tributary");
  Denied(*alice_, "CREATE TABLE t (x integer)", "permission denied for schema public");
  // Ownership moves with ALTER ... OWNER TO; the owner role cannot be dropped.
  ExpectError("DROP ROLE alice", "2BP01", "cannot be dropped because some objects depend on it");
  Denied(*alice_, "ALTER TABLE sales.mine OWNER TO bob", "must be able to SET ROLE \"bob\"");
  Run("ALTER TABLE sales.mine OWNER TO bob");
  Ok(*bob_, "DROP TABLE sales.mine");
  Run("DROP ROLE alice");
  // CREATE TABLE AS is owned by its creator, who may then fill it.
  Run("GRANT CREATE ON SCHEMA sales TO bob");
  Run("GRANT SELECT ON sales.targets TO bob");
  Ok(*bob_, "CREATE TABLE sales.copy AS SELECT * FROM sales.targets");
  EXPECT_EQ(Cell(*bob_, "SELECT count(*) FROM sales.copy"), "1");
  Run("ALTER SCHEMA sales OWNER TO bob");
  Ok(*bob_, "GRANT USAGE ON SCHEMA sales TO readers");
}

TEST_F(PrivilegesTest, ViewsReadTheirTablesAsTheirOwner) {
  Run("GRANT USAGE, CREATE ON SCHEMA sales TO alice");
  Run("GRANT SELECT ON sales.deals TO alice");
  Ok(*alice_, "CREATE VIEW sales.emea AS SELECT id, amount FROM sales.deals WHERE region = 'emea'");
  // bob may read the view without any right on the table beneath it.
  Run("GRANT USAGE ON SCHEMA sales TO bob");
  Denied(*bob_, "SELECT * FROM sales.emea", "permission denied for view emea");
  Ok(*alice_, "GRANT SELECT ON sales.emea TO bob");
  EXPECT_EQ(Cell(*bob_, "SELECT amount FROM sales.emea"), "10");
  Denied(*bob_, "SELECT * FROM sales.deals", "permission denied for table deals");
  // When the owner loses the table, the view fails for everyone, superusers too.
  Run("REVOKE SELECT ON sales.deals FROM alice");
  Denied(*bob_, "SELECT * FROM sales.emea", "permission denied for table deals");
  ExpectError("SELECT * FROM sales.emea", "42501", "permission denied for table deals");
  Denied(*bob_, "DROP VIEW sales.emea", "must be owner of view emea");
  Ok(*alice_, "DROP VIEW sales.emea");
}

TEST_F(PrivilegesTest, SetRoleChecksAsTheChosenRole) {
  Run("GRANT USAGE ON SCHEMA sales TO readers");
  Run("GRANT SELECT ON sales.targets TO readers");
  Run("ALTER ROLE bob NOINHERIT");
  Denied(*bob_, "SELECT * FROM sales.targets", "permission denied for schema sales");
  EXPECT_TRUE(bob_->Query("SET ROLE readers").ok());
  EXPECT_EQ(Cell(*bob_, "SELECT count(*) FROM sales.targets"), "1");
  // A superuser who sets a plain role has that role's rights only.
  EXPECT_TRUE(connection_->Query("SET ROLE alice").ok());
  ExpectError("SELECT * FROM notes", "42501", "permission denied for table notes");
  EXPECT_TRUE(connection_->Query("RESET ROLE").ok());
  Run("SELECT * FROM notes");
}

TEST_F(PrivilegesTest, ChangesReachOpenSessionsAtTheirNextStatement) {
  // A session caches who it is between statements; any change to the
  // catalog, from this process or another, is seen at the next statement.
  Run("GRANT USAGE ON SCHEMA sales TO readers");
  Run("GRANT SELECT ON sales.deals TO readers");
  EXPECT_EQ(Cell(*bob_, "SELECT count(*) FROM sales.deals"), "2");
  EXPECT_EQ(Cell(*bob_, "SELECT count(*) FROM sales.deals"), "2");  // served from the cache
  Run("REVOKE readers FROM bob");                                    // this process
  Denied(*bob_, "SELECT count(*) FROM sales.deals", "permission denied for schema sales");
  // Another process: a second Database on the same warehouse has its own catalog connection.
  auto other = Database::Open(dir_);
  ASSERT_TRUE(other.ok());
  Connection admin(*other);
  ASSERT_TRUE(admin.Query("GRANT readers TO bob").ok());
  EXPECT_EQ(Cell(*bob_, "SELECT count(*) FROM sales.deals"), "2");
  ASSERT_TRUE(admin.Query("ALTER ROLE bob SUPERUSER").ok());
  EXPECT_EQ(Cell(*bob_, "SELECT count(*) FROM notes"), "1");  // superusers bypass grants
}

}  // namespace
}  // namespace tributary
