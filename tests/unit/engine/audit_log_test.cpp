// tributary.audit_log: role changes, GRANT/REVOKE and the server's login
// events, readable by superusers only, never holding a password.

#include "engine_fixture.hpp"

namespace tributary {
namespace {

class AuditLogTest : public EngineTest {};

TEST_F(AuditLogTest, RecordsRoleChangesAndGrantsWithoutPasswords) {
  Run("CREATE USER alice PASSWORD 'hunter2'");
  Run("CREATE ROLE readers");
  Run("GRANT readers TO alice");
  Run("CREATE TABLE deals (id integer)");
  Run("GRANT SELECT ON deals TO readers");
  Run("REVOKE SELECT ON deals FROM readers");
  Run("ALTER ROLE alice PASSWORD 'hunter3'");
  Run("ALTER TABLE deals OWNER TO alice");
  // A failed statement is not recorded.
  ExpectError("GRANT SELECT ON deals TO nobody", "42704");
  ASSERT_TRUE(database_->Audit("bob", "failed login", "password authentication failed").ok());
  ASSERT_TRUE(database_->Audit("alice", "login", "").ok());
  ExpectRows("SELECT user_name, event, detail FROM tributary.audit_log",
             {{"admin", "CREATE ROLE", "CREATE USER alice PASSWORD <redacted>"},
              {"admin", "CREATE ROLE", "CREATE ROLE readers"},
              {"admin", "GRANT ROLE", "GRANT readers TO alice"},
              {"admin", "GRANT", "GRANT SELECT ON deals TO readers"},
              {"admin", "REVOKE", "REVOKE SELECT ON deals FROM readers"},
              {"admin", "ALTER ROLE", "ALTER ROLE alice PASSWORD <redacted>"},
              {"admin", "ALTER TABLE", "ALTER TABLE deals OWNER TO alice"},
              {"bob", "failed login", "password authentication failed"},
              {"alice", "login", ""}});
  // The log is a relation like any other to a superuser's query.
  ExpectRows("SELECT count(*) FROM tributary.audit_log a WHERE a.event LIKE '%login' AND event_time <= now()",
             {{"2"}});
  QueryResult r = connection_->Query("SELECT detail FROM tributary.audit_log");
  ASSERT_TRUE(r.ok());
  for (size_t i = 0; i < r.row_count(); i++) {
    EXPECT_EQ(r.GetText(i, 0).value_or("").find("hunter"), std::string::npos);
  }
}

TEST_F(AuditLogTest, OnlySuperusersReadIt) {
  Run("CREATE USER alice");
  Run("CREATE USER root SUPERUSER");
  Connection alice(database_, ConnectionOptions{"alice"});
  QueryResult r = alice.Query("SELECT * FROM tributary.audit_log");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().sqlstate, "42501");
  EXPECT_EQ(r.error().message, "permission denied for table audit_log");
  // Not through a view made by a superuser either: the view reads as its owner,
  // so alice needs SELECT on the view, which only its owner can grant.
  Connection root(database_, ConnectionOptions{"root"});
  EXPECT_TRUE(root.Query("SELECT count(*) FROM tributary.audit_log").ok());
  EXPECT_FALSE(alice.Query("SELECT * FROM (SELECT * FROM tributary.audit_log) s").ok());
  // A superuser that SETs ROLE to a plain role loses it too.
  ASSERT_TRUE(root.Query("SET ROLE alice").ok());
  EXPECT_EQ(root.Query("SELECT * FROM tributary.audit_log").error().sqlstate, "42501");
  ExpectError("DELETE FROM tributary.audit_log", "42809", "cannot change system table");
}

}  // namespace
}  // namespace tributary
