// Roles through the embedding API: the bootstrap superuser, sessions as other
// users, SET ROLE limits, and the lookups the wire server authenticates with.

#include <chrono>

#include "auth/scram.hpp"
#include "engine_fixture.hpp"

namespace tributary {
namespace {

class RolesTest : public EngineTest {
 protected:
  static std::string Text(const QueryResult& r, size_t row = 0, size_t col = 0) {
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.GetText(row, col).value_or("NULL") : "";
  }
};

TEST_F(RolesTest, BootstrapSuperuserExistsAndCannotBeRemoved) {
  auto admin = database_->LookupRole("admin");
  ASSERT_TRUE(admin.ok());
  ASSERT_TRUE(admin->has_value());
  EXPECT_TRUE((*admin)->superuser);
  EXPECT_TRUE((*admin)->can_login);
  EXPECT_FALSE((*admin)->scram_secret.has_value());
  ExpectRows("SELECT current_user, session_user, current_role", {{"admin", "admin", "admin"}});
  ExpectError("DROP ROLE admin", "55006", "current user cannot be dropped");
  ExpectError("ALTER ROLE admin NOSUPERUSER", "42501", "bootstrap user must be superuser");
  Run("CREATE ROLE other SUPERUSER");
  auto other = As("other");
  QueryResult r = other->Query("DROP ROLE admin");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().sqlstate, "2BP01");
  // Reopening the warehouse keeps the roles and does not duplicate admin.
  Open(DatabaseOptions{});
  EXPECT_TRUE(database_->LookupRole("other")->has_value());
  ExpectRows("SELECT current_user", {{"admin"}});
}

TEST_F(RolesTest, PasswordsAreStoredOnlyAsScramSecrets) {
  Run("CREATE USER alice PASSWORD 'pencil' VALID UNTIL '2030-01-01 00:00:00+00'");
  auto alice = database_->LookupRole("alice").ValueOrDie();
  ASSERT_TRUE(alice.has_value());
  EXPECT_TRUE(alice->can_login);  // CREATE USER implies LOGIN
  EXPECT_FALSE(alice->superuser);
  ASSERT_TRUE(alice->scram_secret.has_value());
  EXPECT_EQ(alice->scram_secret->find("pencil"), std::string::npos);
  auto secret = auth::ParseScramSecret(*alice->scram_secret);
  ASSERT_TRUE(secret.ok()) << secret.status().ToString();
  EXPECT_TRUE(auth::ScramSecretMatches(*secret, "pencil"));
  EXPECT_EQ(alice->valid_until_ms, int64_t{1893456000000});

  // SetRolePassword is the server's bootstrap path.
  ASSERT_TRUE(database_->SetRolePassword("admin", "s3cret").ok());
  auto admin = database_->LookupRole("admin").ValueOrDie();
  EXPECT_TRUE(auth::ScramSecretMatches(auth::ParseScramSecret(*admin->scram_secret).ValueOrDie(), "s3cret"));
  EXPECT_TRUE(database_->SetRolePassword("nobody", "x").IsNotFound());
  ASSERT_TRUE(database_->SetRolePassword("admin", "").ok());
  EXPECT_FALSE(database_->LookupRole("admin").ValueOrDie()->scram_secret.has_value());

  Run("ALTER ROLE alice PASSWORD NULL VALID UNTIL 'infinity' NOLOGIN BYPASSRLS");
  alice = database_->LookupRole("alice").ValueOrDie();
  EXPECT_FALSE(alice->scram_secret.has_value());
  EXPECT_FALSE(alice->valid_until_ms.has_value());
  EXPECT_FALSE(alice->can_login);
  EXPECT_TRUE(alice->bypass_rls);

  // A SCRAM secret given as the password is kept as it is, as in PostgreSQL.
  const std::string pg_secret =
      "SCRAM-SHA-256$4096:X+KA8kx5JLmfYsHt0r1QtQ==$bWTjCJcjpV/3ttiuM1C8f4H4tH9zdiWuoJnyemh2XXQ=:"
      "MYJorKHB+WWBe94KdtC6CDCDTVx0h6NEgfsgr66UTYw=";
  Run("ALTER ROLE alice PASSWORD '" + pg_secret + "'");
  EXPECT_EQ(database_->LookupRole("alice").ValueOrDie()->scram_secret, pg_secret);
  ExpectError("ALTER ROLE alice PASSWORD 'md5" + std::string(32, 'a') + "'", "0A000", "MD5");
  EXPECT_FALSE(database_->LookupRole("nobody").ValueOrDie().has_value());
}

TEST_F(RolesTest, UnsupportedOptionsFailWithTheirName) {
  ExpectError("CREATE ROLE r CREATEDB", "0A000", "CREATEDB");
  ExpectError("CREATE ROLE r CONNECTION LIMIT 3", "0A000", "CONNECTION LIMIT");
  ExpectError("CREATE ROLE r IN ROLE admin", "0A000", "IN ROLE");
  ExpectError("CREATE GROUP g", "0A000", "CREATE GROUP");
  ExpectError("ALTER ROLE CURRENT_USER LOGIN", "0A000", "CURRENT_USER");
}

TEST_F(RolesTest, SessionUserAndSetRole) {
  Run("CREATE USER alice");
  Run("CREATE USER bob");
  Run("CREATE ROLE team");
  Run("CREATE ROLE leads");
  Run("GRANT leads TO team");
  Run("GRANT team TO alice");
  auto alice = As("alice");
  QueryResult r = alice->Query("SELECT current_user, session_user");
  EXPECT_EQ(Text(r, 0, 0), "alice");
  EXPECT_EQ(Text(r, 0, 1), "alice");
  // Membership is transitive: alice → team → leads.
  EXPECT_TRUE(alice->Query("SET ROLE leads").ok());
  r = alice->Query("SELECT current_user, session_user");
  EXPECT_EQ(Text(r, 0, 0), "leads");
  EXPECT_EQ(Text(r, 0, 1), "alice");
  r = alice->Query("SET ROLE bob");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().sqlstate, "42501");
  EXPECT_EQ(r.error().message, "permission denied to set role \"bob\"");
  EXPECT_EQ(alice->Query("RESET ROLE").command_tag(), "RESET");
  EXPECT_EQ(Text(alice->Query("SELECT current_user")), "alice");
  // A non-superuser may not manage roles, even its own.
  r = alice->Query("CREATE ROLE x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().sqlstate, "42501");
  EXPECT_EQ(r.error().message, "permission denied to create role");
  // ... but may change its own password, and nothing else.
  EXPECT_TRUE(alice->Query("ALTER ROLE alice PASSWORD 'mine'").ok());
  EXPECT_FALSE(alice->Query("ALTER ROLE alice PASSWORD 'mine' SUPERUSER").ok());
  EXPECT_FALSE(alice->Query("ALTER ROLE bob PASSWORD 'theirs'").ok());
}

TEST_F(RolesTest, SessionOfMissingUserFails) {
  auto ghost = As("ghost");
  QueryResult r = ghost->Query("SELECT 1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().sqlstate, "28000");
  EXPECT_EQ(r.error().message, "role \"ghost\" does not exist");
  // A role dropped while its session runs stops that session's statements.
  Run("CREATE USER temp");
  auto temp = As("temp");
  EXPECT_TRUE(temp->Query("SELECT 1").ok());
  Run("DROP ROLE temp");
  EXPECT_EQ(temp->Query("SELECT 1").error().sqlstate, "28000");
}

TEST_F(RolesTest, CreateRoleHolderManagesNonSuperusers) {
  Run("CREATE USER manager CREATEROLE");
  Run("CREATE ROLE boss SUPERUSER");
  auto manager = As("manager");
  EXPECT_TRUE(manager->Query("CREATE ROLE staff").ok());
  EXPECT_TRUE(manager->Query("GRANT staff TO manager").ok());
  EXPECT_TRUE(manager->Query("ALTER ROLE staff RENAME TO crew").ok());
  EXPECT_EQ(manager->Query("ALTER ROLE boss LOGIN").error().message,
            "must be superuser to alter superuser roles or change superuser attribute");
  EXPECT_EQ(manager->Query("DROP ROLE boss").error().message, "must be superuser to drop superusers");
  EXPECT_EQ(manager->Query("GRANT boss TO crew").error().message, "must be superuser to alter superusers");
  EXPECT_EQ(manager->Query("DROP ROLE manager").error().message, "current user cannot be dropped");
  EXPECT_EQ(manager->Query("ALTER ROLE manager RENAME TO m2").error().message, "session user cannot be renamed");
  EXPECT_TRUE(manager->Query("SET ROLE crew").ok());
  // As crew, the rights are crew's: no CREATEROLE.
  EXPECT_EQ(manager->Query("DROP ROLE crew").error().message, "permission denied to drop role");
  EXPECT_EQ(manager->Query("CREATE ROLE y").error().message, "permission denied to create role");
  EXPECT_TRUE(manager->Query("RESET ROLE").ok());
  EXPECT_TRUE(manager->Query("DROP ROLE crew").ok());
}

TEST_F(RolesTest, AdminOptionLetsAMemberGrantTheRole) {
  Run("CREATE USER carol");
  Run("CREATE USER dave");
  Run("CREATE ROLE analysts");
  Run("GRANT analysts TO carol");
  auto carol = As("carol");
  QueryResult r = carol->Query("GRANT analysts TO dave");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "must have admin option on role \"analysts\"");
  Run("GRANT analysts TO carol WITH ADMIN OPTION");
  EXPECT_TRUE(carol->Query("GRANT analysts TO dave").ok());
  auto dave = As("dave");
  EXPECT_TRUE(dave->Query("SET ROLE analysts").ok());
  EXPECT_TRUE(carol->Query("REVOKE analysts FROM dave").ok());
  EXPECT_EQ(dave->Query("SET ROLE analysts").error().sqlstate, "42501");
  Run("REVOKE ADMIN OPTION FOR analysts FROM carol");
  EXPECT_FALSE(carol->Query("GRANT analysts TO dave").ok());
  EXPECT_TRUE(carol->Query("SET ROLE analysts").ok());  // still a member
}

TEST_F(RolesTest, RenameAndDropCarryMemberships) {
  Run("CREATE USER erin");
  Run("CREATE ROLE ops");
  Run("GRANT ops TO erin");
  Run("ALTER ROLE ops RENAME TO operations");
  auto erin = As("erin");
  EXPECT_TRUE(erin->Query("SET ROLE operations").ok());
  EXPECT_TRUE(erin->Query("RESET ROLE").ok());
  Run("DROP ROLE operations");
  Run("CREATE ROLE operations");
  EXPECT_EQ(erin->Query("SET ROLE operations").error().sqlstate, "42501");
}

}  // namespace
}  // namespace tributary
