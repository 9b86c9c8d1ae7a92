// The wire server under hostile and broken clients: each is rejected
// cleanly and the server keeps serving everyone else.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <thread>

#include "pg_test_client.hpp"
#include "auth/scram.hpp"
#include "server/pg_server.hpp"

namespace tributary::server {
namespace {

using testing::Int32Bytes;
using testing::Message;
using testing::StartupBytes;
using testing::TestClient;

constexpr const char* kPassword = "test-password";

class PgServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tributary-pg-server-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto db = Database::Open(dir_.string());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    database_ = *db;
    Result<std::string> secret = auth::MakeScramSecret(kPassword);
    ASSERT_TRUE(secret.ok());
    LoginRole admin;
    admin.can_login = true;
    admin.superuser = true;
    admin.scram_secret = *secret;
    ServerOptions options;
    options.port = 0;
    options.max_connections = 4;
    options.auth_timeout_ms = 1500;
    options.write_timeout_ms = 1000;
    options.limits.max_message_bytes = 1 << 20;
    server_ = std::make_unique<PgServer>(database_, options, [admin](const std::string& name) {
      return Result<std::optional<LoginRole>>(name == "admin" ? std::optional<LoginRole>(admin) : std::nullopt);
    });
    ASSERT_TRUE(server_->Start().ok());
  }
  void TearDown() override {
    server_.reset();
    database_.reset();
    std::filesystem::remove_all(dir_);
  }

  /// A fresh client logs in and runs a query: the server still serves.
  void ExpectServing() {
    TestClient c(server_->port());
    ASSERT_TRUE(c.Login("admin", kPassword)) << c.last_error().Field('M');
    auto replies = c.Query("SELECT 40 + 2");
    ASSERT_GE(replies.size(), 3u);
    EXPECT_EQ(replies[0].type, 'T');
    EXPECT_EQ(replies[1].type, 'D');
    EXPECT_NE(replies[1].body.find("42"), std::string::npos);
  }

  /// The first reply is an ErrorResponse with `sqlstate`, then the server closes.
  static void ExpectFatal(TestClient* c, const std::string& sqlstate, const std::string& message_part) {
    auto reply = c->Read();
    ASSERT_TRUE(reply.has_value()) << "no reply";
    ASSERT_EQ(reply->type, 'E');
    EXPECT_EQ(reply->Field('S'), "FATAL");
    EXPECT_EQ(reply->Field('C'), sqlstate);
    EXPECT_NE(reply->Field('M').find(message_part), std::string::npos) << reply->Field('M');
    EXPECT_TRUE(c->Closed());
  }

  std::filesystem::path dir_;
  std::shared_ptr<Database> database_;
  std::unique_ptr<PgServer> server_;
};

TEST_F(PgServerTest, LogsInWithScramAndAnswersQueries) { ExpectServing(); }

TEST_F(PgServerTest, WrongPasswordAndUnknownUserFailAlike) {
  TestClient wrong(server_->port());
  EXPECT_FALSE(wrong.Login("admin", "nope"));
  EXPECT_EQ(wrong.last_error().Field('C'), "28P01");
  EXPECT_EQ(wrong.last_error().Field('M'), "password authentication failed for user \"admin\"");
  TestClient unknown(server_->port());
  EXPECT_FALSE(unknown.Login("ghost", kPassword));
  EXPECT_EQ(unknown.last_error().Field('C'), "28P01");
  EXPECT_EQ(unknown.last_error().Field('M'), "password authentication failed for user \"ghost\"");
  ExpectServing();
}

TEST_F(PgServerTest, OversizedStartupPacketIsRejected) {
  TestClient c(server_->port());
  c.Send(Int32Bytes(1 << 20) + Int32Bytes(3 << 16));
  ExpectFatal(&c, "08P01", "invalid length of startup packet");
  ExpectServing();
}

TEST_F(PgServerTest, MalformedStartupPacketsAreRejected) {
  {
    TestClient c(server_->port());  // a parameter name without its terminator
    std::string body = Int32Bytes(3 << 16) + "user";
    c.Send(Int32Bytes(static_cast<int32_t>(body.size() + 4)) + body);
    ExpectFatal(&c, "08P01", "not terminated");
  }
  {
    TestClient c(server_->port());
    c.Send(StartupBytes({{"user", "admin"}}, 2 << 16));
    ExpectFatal(&c, "0A000", "unsupported frontend protocol 2.0");
  }
  {
    TestClient c(server_->port());
    c.Send(StartupBytes({{"database", "tributary"}}));
    ExpectFatal(&c, "08P01", "no PostgreSQL user name");
  }
  ExpectServing();
}

TEST_F(PgServerTest, TruncatedStartupTimesOut) {
  TestClient c(server_->port());
  c.Send(Int32Bytes(40) + Int32Bytes(3 << 16));  // promises 32 more bytes, sends none
  EXPECT_TRUE(c.Closed(5000));
  ExpectServing();
}

TEST_F(PgServerTest, SslRequestIsRefusedOnceThenPlaintextGoesOn) {
  TestClient c(server_->port());
  c.Send(Int32Bytes(8) + Int32Bytes(80877103));
  auto answer = c.ReadBytes(1);
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(*answer, "N");
  c.Send(Int32Bytes(8) + Int32Bytes(80877103));
  ExpectFatal(&c, "08P01", "second encryption request");
  // GSSENCRequest, then SSLRequest (what libpq sends), then a login.
  TestClient both(server_->port());
  both.Send(Int32Bytes(8) + Int32Bytes(80877104));
  EXPECT_EQ(both.ReadBytes(1).value_or(""), "N");
  both.Send(Int32Bytes(8) + Int32Bytes(80877103));
  EXPECT_EQ(both.ReadBytes(1).value_or(""), "N");
  EXPECT_TRUE(both.Login("admin", kPassword));
}

TEST_F(PgServerTest, SecondStartupDuringAuthenticationIsRejected) {
  TestClient c(server_->port());
  c.Send(StartupBytes({{"user", "admin"}, {"database", "tributary"}}));
  auto sasl = c.Read();
  ASSERT_TRUE(sasl && sasl->type == 'R');
  c.Send(StartupBytes({{"user", "admin"}, {"database", "tributary"}}));
  ExpectFatal(&c, "08P01", "expected SASL response");
  ExpectServing();
}

TEST_F(PgServerTest, MalformedAndOversizedMessagesAfterLogin) {
  {
    TestClient c(server_->port());
    ASSERT_TRUE(c.Login("admin", kPassword));
    c.Send(Message('Q', "SELECT 1"));  // no terminating NUL
    ExpectFatal(&c, "08P01", "not terminated");
  }
  {
    TestClient c(server_->port());
    ASSERT_TRUE(c.Login("admin", kPassword));
    c.Send(std::string(1, 'Q') + Int32Bytes(64 << 20));  // over the 1 MiB limit of this server
    ExpectFatal(&c, "08P01", "over the limit");
  }
  {
    TestClient c(server_->port());
    ASSERT_TRUE(c.Login("admin", kPassword));
    c.Send(Message('z', ""));
    ExpectFatal(&c, "08P01", "invalid frontend message type");
  }
  {
    TestClient c(server_->port());
    ASSERT_TRUE(c.Login("admin", kPassword));
    c.Send(std::string(1, 'Q') + Int32Bytes(2));  // a length shorter than itself
    ExpectFatal(&c, "08P01", "invalid message length");
  }
  ExpectServing();
}

TEST_F(PgServerTest, ManyIdleConnectionsDoNotStarveLogins) {
  // Ten times max_connections clients connect and say nothing: the oldest
  // are dropped as new ones arrive, the rest time out, and real clients
  // log in all along.
  std::vector<std::unique_ptr<TestClient>> idle;
  for (int i = 0; i < 40; i++) idle.push_back(std::make_unique<TestClient>(server_->port()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ExpectServing();
  ExpectServing();
  int closed = 0;
  for (auto& c : idle) closed += c->Closed(4000) ? 1 : 0;
  EXPECT_EQ(closed, 40);
  ExpectServing();
}

TEST_F(PgServerTest, ConnectionLimitKeepsASlotForSuperusers) {
  std::vector<std::unique_ptr<TestClient>> sessions;
  for (int i = 0; i < 4; i++) {
    sessions.push_back(std::make_unique<TestClient>(server_->port()));
    ASSERT_TRUE(sessions.back()->Login("admin", kPassword)) << i;  // admin may take the reserved slot
  }
  TestClient fifth(server_->port());
  EXPECT_FALSE(fifth.Login("admin", kPassword));
  EXPECT_EQ(fifth.last_error().Field('C'), "53300");
  sessions.pop_back();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ExpectServing();
}

TEST_F(PgServerTest, ClientThatStopsReadingIsDropped) {
  TestClient reader(server_->port());
  ASSERT_TRUE(reader.Login("admin", kPassword));
  reader.Query("CREATE TABLE n (i int)");
  std::string values;
  for (int i = 0; i < 1000; i++) values += (i ? ",(" : "(") + std::to_string(i) + ")";
  reader.Query("INSERT INTO n VALUES " + values);
  TestClient stalled(server_->port());
  ASSERT_TRUE(stalled.Login("admin", kPassword));
  // A million rows of output that the client never reads: the server's
  // writes block, time out after a second, and the session ends.
  stalled.Send(Message('Q', std::string("SELECT a.i, b.i FROM n a, n b") + '\0'));
  ExpectServing();
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  ExpectServing();
  EXPECT_TRUE(stalled.Closed(10000));
}

TEST_F(PgServerTest, CancelWithAWrongKeyDoesNothing) {
  TestClient c(server_->port());
  ASSERT_TRUE(c.Login("admin", kPassword));
  TestClient cancel(server_->port());
  cancel.Send(Int32Bytes(16) + Int32Bytes(80877102) + Int32Bytes(1000) + Int32Bytes(0));
  EXPECT_TRUE(cancel.Closed());
  auto replies = c.Query("SELECT 1");
  ASSERT_FALSE(replies.empty());
  EXPECT_EQ(replies[0].type, 'T');
}

TEST_F(PgServerTest, PlaintextPipelinedAfterSslRequestIsNeverRead) {
  // A server with TLS: an SSLRequest followed at once by a plaintext
  // StartupMessage (what a man in the middle would inject) is refused
  // before any TLS answer, and nothing after the request is processed.
  const std::string cert = (dir_ / "cert.pem").string(), key = (dir_ / "key.pem").string();
  ASSERT_TRUE(testing::WriteSelfSignedCertificate(cert, key));
  ServerOptions options;
  options.port = 0;
  options.tls_cert_file = cert;
  options.tls_key_file = key;
  PgServer tls(database_, options, [](const std::string&) { return Result<std::optional<LoginRole>>(std::nullopt); });
  ASSERT_TRUE(tls.Start().ok());
  {
    TestClient c(tls.port());
    c.Send(Int32Bytes(8) + Int32Bytes(80877103) + StartupBytes({{"user", "admin"}, {"database", "tributary"}}));
    ExpectFatal(&c, "08P01", "received unencrypted data after SSL request");
  }
  {
    TestClient c(tls.port());  // a well-behaved client is told 'S' and may start TLS
    c.Send(Int32Bytes(8) + Int32Bytes(80877103));
    auto answer = c.ReadBytes(1);
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(*answer, "S");
  }
  // A missing key file is a clear error at start.
  ServerOptions broken = options;
  broken.tls_key_file = (dir_ / "missing.pem").string();
  PgServer bad(database_, broken, [](const std::string&) { return Result<std::optional<LoginRole>>(std::nullopt); });
  Status st = bad.Start();
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("missing.pem"), std::string::npos) << st.ToString();
}

TEST_F(PgServerTest, StopEndsRunningStatements) {
  TestClient c(server_->port());
  ASSERT_TRUE(c.Login("admin", kPassword));
  c.Query("CREATE TABLE n (i int)");
  std::string values;
  for (int i = 0; i < 2000; i++) values += (i ? ",(" : "(") + std::to_string(i) + ")";
  c.Query("INSERT INTO n VALUES " + values);
  c.Send(Message('Q', std::string("SELECT count(*) FROM n a, n b, n c WHERE a.i + b.i + c.i < 0") + '\0'));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto start = std::chrono::steady_clock::now();
  server_->Stop();  // an 8-billion-row join would run for minutes
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_TRUE(c.Closed());
}

std::string Z(const std::string& s) { return s + '\0'; }
std::string Int16Bytes(int16_t v) {
  uint16_t n = htons(static_cast<uint16_t>(v));
  return std::string(reinterpret_cast<const char*>(&n), 2);
}

TEST_F(PgServerTest, ExtendedQueryProtocol) {
  TestClient c(server_->port());
  ASSERT_TRUE(c.Login("admin", kPassword));
  c.Query("CREATE TABLE e (a int, b text)");
  c.Query("INSERT INTO e VALUES (1, 'x'), (2, 'y'), (3, NULL)");
  // Parse a named statement, describe it, bind and execute two rows at a time.
  c.Send(Message('P', Z("s1") + Z("SELECT a, b FROM e ORDER BY a") + Int16Bytes(0)) + Message('D', "S" + Z("s1")) +
         Message('B', Z("p1") + Z("s1") + Int16Bytes(0) + Int16Bytes(0) + Int16Bytes(0)) +
         Message('E', Z("p1") + Int32Bytes(2)) + Message('E', Z("p1") + Int32Bytes(2)) + Message('S', ""));
  std::string types;
  std::vector<testing::Reply> replies;
  while (auto r = c.Read()) {
    types += r->type;
    replies.push_back(*r);
    if (r->type == 'Z') break;
  }
  // ParseComplete, ParameterDescription, RowDescription, BindComplete,
  // 2 rows + PortalSuspended, 1 row + CommandComplete, ReadyForQuery.
  EXPECT_EQ(types, "1tT2DDsDCZ");
  EXPECT_EQ(replies.back().body, "I");
  EXPECT_NE(replies[8].body.find("SELECT 3"), std::string::npos);
  // An error skips the rest up to Sync; the session then goes on.
  c.Send(Message('P', Z("") + Z("SELECT * FROM nope") + Int16Bytes(0)) +
         Message('B', Z("") + Z("") + Int16Bytes(0) + Int16Bytes(0) + Int16Bytes(0)) + Message('E', Z("") + Int32Bytes(0)) +
         Message('S', ""));
  types.clear();
  while (auto r = c.Read()) {
    types += r->type;
    if (r->type == 'E') {
      EXPECT_EQ(r->Field('C'), "42P01");
    }
    if (r->type == 'Z') break;
  }
  EXPECT_EQ(types, "EZ");
  // A write through the unnamed statement; Describe of a portal with no rows.
  c.Send(Message('P', Z("") + Z("INSERT INTO e VALUES (4, 'z')") + Int16Bytes(0)) +
         Message('B', Z("") + Z("") + Int16Bytes(0) + Int16Bytes(0) + Int16Bytes(0)) + Message('D', "P" + Z("")) +
         Message('E', Z("") + Int32Bytes(0)) + Message('C', "S" + Z("s1")) + Message('S', ""));
  types.clear();
  while (auto r = c.Read()) {
    types += r->type;
    if (r->type == 'C' && types.size() == 4) {
      EXPECT_EQ(r->body, Z("INSERT 0 1"));
    }
    if (r->type == 'Z') break;
  }
  EXPECT_EQ(types, "12nC3Z");
  // Parameters: text, binary int4 (declared type 23) and NULL; a wrong count fails clearly.
  c.Send(Message('P', Z("q") + Z("SELECT b FROM e WHERE a = $1 OR a = $2 + 1 OR b = $3 ORDER BY b") + Int16Bytes(2) +
                          Int32Bytes(0) + Int32Bytes(23)) +
         Message('D', "S" + Z("q")) +
         Message('B', Z("") + Z("q") + Int16Bytes(3) + Int16Bytes(0) + Int16Bytes(1) + Int16Bytes(0) + Int16Bytes(3) +
                          Int32Bytes(1) + "1" + Int32Bytes(4) + Int32Bytes(2) + Int32Bytes(-1) + Int16Bytes(0)) +
         Message('E', Z("") + Int32Bytes(0)) + Message('S', ""));
  types.clear();
  std::string rows_seen;
  while (auto r = c.Read()) {
    types += r->type;
    if (r->type == 't') {
      EXPECT_EQ(r->body, Int16Bytes(3) + Int32Bytes(25) + Int32Bytes(23) + Int32Bytes(25));
    }
    if (r->type == 'D') rows_seen += r->body.substr(6) + ";";
    if (r->type == 'Z') break;
  }
  EXPECT_EQ(types, "1tT2DDCZ");
  EXPECT_EQ(rows_seen, "x;;");  // a = 1 ('x') and a = 2 + 1 (b NULL, last); b = NULL matches nothing
  c.Send(Message('B', Z("") + Z("q") + Int16Bytes(0) + Int16Bytes(1) + Int32Bytes(1) + "7" + Int16Bytes(0)) +
         Message('S', ""));
  types.clear();
  while (auto r = c.Read()) {
    types += r->type;
    if (r->type == 'E') {
      EXPECT_NE(r->Field('M').find("supplies 1 parameters, but prepared statement \"q\" requires 3"),
                std::string::npos) << r->Field('M');
    }
    if (r->type == 'Z') break;
  }
  EXPECT_EQ(types, "EZ");
  auto rows = c.Query("SELECT count(*) FROM e");
  ASSERT_GE(rows.size(), 2u);
  EXPECT_NE(rows[1].body.find("4"), std::string::npos);
}

}  // namespace
}  // namespace tributary::server
