// pg_catalog and information_schema: what PostgreSQL's own answers cannot
// check — OIDs stable across sessions and consistent between relations,
// secrets never shown, pg_authid for superusers only, read-only relations.

#include "engine_fixture.hpp"

namespace tributary {
namespace {

class SystemCatalogTest : public EngineTest {};

TEST_F(SystemCatalogTest, OidsAreStableAndConsistent) {
  Run("CREATE SCHEMA sales");
  Run("CREATE TABLE sales.deals (deal_id bigint PRIMARY KEY, region text NOT NULL)");
  Run("CREATE ROLE alice");
  const char* oids =
      "SELECT c.oid, n.oid, 'sales.deals'::regclass, (SELECT min(attrelid) FROM pg_attribute WHERE attrelid = c.oid), "
      "(SELECT oid FROM pg_roles WHERE rolname = 'alice'), (SELECT oid FROM pg_roles WHERE rolname = 'admin') "
      "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'deals'";
  QueryResult first = connection_->Query(oids);
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_EQ(first.row_count(), 1u);
  // pg_class.oid = regclass = pg_attribute.attrelid; the bootstrap role is 10.
  EXPECT_EQ(first.GetText(0, 0), first.GetText(0, 2));
  EXPECT_EQ(first.GetText(0, 0), first.GetText(0, 3));
  EXPECT_EQ(first.GetText(0, 5), std::optional<std::string>("10"));
  EXPECT_GE(std::stoll(*first.GetText(0, 0)), 16384);
  EXPECT_GE(std::stoll(*first.GetText(0, 1)), 16384);
  // Another session, and a catalog with more objects, give the same OIDs.
  Run("CREATE TABLE sales.other (a int)");
  Connection other(database_, ConnectionOptions{"admin"});
  QueryResult again = other.Query(oids);
  ASSERT_TRUE(again.ok());
  for (size_t c = 0; c < 6; c++) EXPECT_EQ(first.GetText(0, c), again.GetText(0, c)) << c;
  // Built-in objects have PostgreSQL's OIDs.
  ExpectRows("SELECT oid FROM pg_namespace WHERE nspname IN ('pg_catalog', 'public') ORDER BY 1", {{"11"}, {"2200"}});
  ExpectRows("SELECT 'pg_class'::regclass, 'pg_catalog.pg_namespace'::regclass", {{"1259", "2615"}});
  ExpectRows("SELECT a.attname, a.atttypid FROM pg_attribute a WHERE a.attrelid = 'sales.deals'::regclass ORDER BY a.attnum",
             {{"deal_id", "20"}, {"region", "25"}});
  ExpectRows("SELECT conname, contype, conkey, pg_get_constraintdef(oid, true) FROM pg_constraint "
             "WHERE conrelid = 'sales.deals'::regclass",
             {{"deals_pkey", "p", "{1}", "PRIMARY KEY (deal_id)"}});
  ExpectRows("SELECT c.oid::regclass FROM pg_class c WHERE c.relname = 'deals'", {{"sales.deals"}});
}

TEST_F(SystemCatalogTest, SecretsAreNeverShownAndPgAuthidIsForSuperusers) {
  Run("CREATE ROLE alice LOGIN PASSWORD 'hunter2'");
  Run("CREATE ROLE bob NOLOGIN");
  ExpectRows("SELECT rolname, rolpassword, rolcanlogin FROM pg_authid WHERE rolname IN ('alice', 'bob') ORDER BY 1",
             {{"alice", "********", "t"}, {"bob", "NULL", "f"}});
  ExpectRows("SELECT usename, passwd FROM pg_user ORDER BY 1", {{"admin", "********"}, {"alice", "********"}});
  for (const char* q : {"SELECT rolpassword FROM pg_authid", "SELECT rolpassword FROM pg_roles", "SELECT passwd FROM pg_user"}) {
    QueryResult r = connection_->Query(q);
    ASSERT_TRUE(r.ok()) << q;
    for (size_t i = 0; i < r.row_count(); i++) {
      EXPECT_EQ(r.GetText(i, 0).value_or("").find("SCRAM"), std::string::npos) << q;
    }
  }
  Connection alice(database_, ConnectionOptions{"alice"});
  QueryResult denied = alice.Query("SELECT rolname FROM pg_authid");
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().sqlstate, "42501");
  EXPECT_EQ(denied.error().message, "permission denied for table pg_authid");
  // pg_roles is for everyone.
  EXPECT_TRUE(alice.Query("SELECT rolname FROM pg_roles").ok());
}

TEST_F(SystemCatalogTest, TableSizeIsTheCurrentSnapshotsDataFiles) {
  // PostgreSQL counts pages of heap, TOAST and indexes; Tributary the bytes of
  // the table's current Parquet files (Iceberg's total-files-size).
  Run("CREATE TABLE deals (id integer, region text)");
  Run("CREATE VIEW v AS SELECT id FROM deals");
  ExpectRows("SELECT pg_table_size('deals'::regclass), pg_relation_size('v'::regclass), pg_table_size(0)",
             {{"0", "0", "NULL"}});
  Run("INSERT INTO deals VALUES (1, 'EMEA'), (2, 'APAC')");
  QueryResult r = Run("SELECT pg_table_size(c.oid), pg_total_relation_size(c.oid), pg_size_pretty(pg_table_size(c.oid)) "
                      "FROM pg_class c WHERE c.relname = 'deals'");
  ASSERT_TRUE(r.ok());
  int64_t bytes = std::stoll(*r.GetText(0, 0));
  EXPECT_GT(bytes, 100);
  EXPECT_EQ(r.GetText(0, 1), r.GetText(0, 0));
  EXPECT_EQ(*r.GetText(0, 2), std::to_string(bytes) + " bytes");
  Run("DELETE FROM deals");
  ExpectRows("SELECT pg_table_size('deals'::regclass)", {{"0"}});
}

TEST_F(SystemCatalogTest, CatalogRelationsAreReadOnly) {
  ExpectError("DELETE FROM pg_catalog.pg_class", "42809", "cannot change system table");
  ExpectError("INSERT INTO information_schema.tables (table_name) VALUES ('x')", "42809");
}

TEST_F(SystemCatalogTest, AclsAndFunctionsFollowTheCatalog) {
  Run("CREATE ROLE alice");
  Run("CREATE TABLE deals (id integer)");
  ExpectRows("SELECT relacl FROM pg_class WHERE relname = 'deals'", {{"NULL"}});
  Run("GRANT SELECT, UPDATE ON deals TO alice");
  Run("ALTER TABLE deals OWNER TO alice");
  ExpectRows("SELECT pg_get_userbyid(relowner), relacl FROM pg_class WHERE relname = 'deals'",
             {{"alice", "{alice=arwdDxt/alice}"}});
  ExpectRows("SELECT pg_get_userbyid(12345)", {{"unknown (OID=12345)"}});
  ExpectRows("SELECT current_database(), current_catalog", {{"tributary", "tributary"}});
  ExpectRows("SELECT version() LIKE 'PostgreSQL 15.0 (Tributary)%'", {{"t"}});
  ExpectError("SELECT 'a' ~ '('", "2201B");
  ExpectError("SELECT 1 = ANY ('{1,2'::text[])", "22P02", "malformed array literal");
  ExpectRows("SELECT x::regtype, r::regclass, y::regnamespace, 'int8'::regtype, 'public'::regnamespace, 'admin'::regrole "
             "FROM (VALUES (20, 1259, 2200), (1043, 7, 11)) t(x, r, y) ORDER BY 1",
             {{"bigint", "pg_class", "public", "20", "2200", "10"}, {"character varying", "7", "pg_catalog", "20", "2200", "10"}});
  ExpectError("SELECT x::regproc FROM (VALUES (1)) t(x)", "0A000");
  ExpectError("SELECT 'nobody'::regrole", "42704");
  ExpectError("SELECT 'a' COLLATE \"de_DE\"", "0A000", "collation");
  ExpectError("SELECT 1 < ANY ('{1,2}'::int[])", "0A000");
}

}  // namespace
}  // namespace tributary
