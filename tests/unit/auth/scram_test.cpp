#include "auth/scram.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <vector>

#include "auth/base64.hpp"

namespace tributary::auth {
namespace {

// The client's half of SCRAM-SHA-256, written from RFC 5802 section 3 so the
// server can be driven end to end.
std::string Hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

struct ClientFinal {
  std::string message;
  std::string expected_server_final;
};

// Parses the server-first-message and builds the client-final-message for
// `password`, plus the server-final-message a genuine server must answer.
ClientFinal MakeClientFinal(std::string_view client_first_bare, std::string_view server_first,
                            std::string_view password, std::string_view binding = "biws") {
  std::string nonce, salt;
  int iterations = 0;
  size_t pos = 0;
  while (pos < server_first.size()) {
    size_t end = server_first.find(',', pos);
    if (end == std::string_view::npos) end = server_first.size();
    std::string_view attr = server_first.substr(pos, end - pos);
    if (attr.starts_with("r=")) nonce = attr.substr(2);
    if (attr.starts_with("s=")) salt = Base64Decode(attr.substr(2)).value();
    if (attr.starts_with("i=")) iterations = std::stoi(std::string(attr.substr(2)));
    pos = end + 1;
  }
  unsigned char salted[32];
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()), iterations,
                    EVP_sha256(), 32, salted);
  std::string salted_password(reinterpret_cast<char*>(salted), 32);
  std::string client_key = Hmac(salted_password, "Client Key");
  unsigned char stored[32];
  SHA256(reinterpret_cast<const unsigned char*>(client_key.data()), client_key.size(), stored);
  std::string without_proof = fmt::format("c={},r={}", binding, nonce);
  std::string auth_message = fmt::format("{},{},{}", client_first_bare, server_first, without_proof);
  std::string signature = Hmac(std::string(reinterpret_cast<char*>(stored), 32), auth_message);
  std::string proof = client_key;
  for (size_t i = 0; i < proof.size(); ++i) proof[i] = static_cast<char>(proof[i] ^ signature[i]);
  std::string server_key = Hmac(salted_password, "Server Key");
  return {without_proof + ",p=" + Base64Encode(proof), "v=" + Base64Encode(Hmac(server_key, auth_message))};
}

// Computed by PostgreSQL 15.18 for the password "pencil":
//   SET password_encryption = 'scram-sha-256';
//   CREATE ROLE tmp_x PASSWORD 'pencil';
//   SELECT rolpassword FROM pg_authid WHERE rolname = 'tmp_x';
constexpr std::string_view kPostgresPencil =
    "SCRAM-SHA-256$4096:X+KA8kx5JLmfYsHt0r1QtQ==$bWTjCJcjpV/3ttiuM1C8f4H4tH9zdiWuoJnyemh2XXQ=:"
    "MYJorKHB+WWBe94KdtC6CDCDTVx0h6NEgfsgr66UTYw=";

TEST(Base64Test, RoundTripsAndRejectsMalformedText) {
  for (std::string s : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\0\xff\x10", 3)}) {
    EXPECT_EQ(Base64Decode(Base64Encode(s)), s);
  }
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_FALSE(Base64Decode("Zm8"));       // not a multiple of four
  EXPECT_FALSE(Base64Decode("Zm=8"));      // padding in the middle
  EXPECT_FALSE(Base64Decode("Zm9=Zm8="));  // padding before the end
  EXPECT_FALSE(Base64Decode("Zm*="));      // outside the alphabet
  EXPECT_FALSE(Base64Decode("Zm9="));      // non-zero trailing bits
}

TEST(ScramTest, Rfc7677TestVector) {
  // RFC 7677 section 3: user "user", password "pencil".
  auto salt = Base64Decode("W22ZaJ0SNY7soEsUEjb6gQ==");
  ASSERT_TRUE(salt);
  auto secret = DeriveScramSecret("pencil", *salt, 4096);
  ASSERT_TRUE(secret.ok()) << secret.status().ToString();
  ScramServerExchange ex(*secret, "user", "mock key");
  ex.SetServerNonceForTesting("%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
  auto first = ex.First("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(*first, "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
  EXPECT_FALSE(ex.authenticated());
  auto final_message = ex.Final(
      "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
      "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
  ASSERT_TRUE(final_message.ok()) << final_message.status().ToString();
  EXPECT_EQ(*final_message, "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
  EXPECT_TRUE(ex.authenticated());
}

TEST(ScramTest, ExchangeSucceedsAgainstPostgresVerifier) {
  auto secret = ParseScramSecret(kPostgresPencil);
  ASSERT_TRUE(secret.ok()) << secret.status().ToString();
  EXPECT_EQ(secret->iterations, 4096);
  EXPECT_EQ(secret->salt.size(), 16u);
  EXPECT_EQ(FormatScramSecret(*secret), kPostgresPencil);
  EXPECT_TRUE(ScramSecretMatches(*secret, "pencil"));
  EXPECT_FALSE(ScramSecretMatches(*secret, "pencil "));

  for (std::string_view gs2 : {"n,,", "y,,"}) {
    ScramServerExchange ex(*secret, "tmp_x", "mock key");
    std::string bare = "n=,r=fyko+d2lbbFgONRv9qkxdawL";  // libpq sends an empty user name
    auto first = ex.First(std::string(gs2) + bare);
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    // The server's nonce extends the client's by base64 of 18 random bytes.
    EXPECT_TRUE(first->starts_with("r=fyko+d2lbbFgONRv9qkxdawL"));
    EXPECT_EQ(first->find(",s="), std::string_view("r=fyko+d2lbbFgONRv9qkxdawL").size() + 24);
    ClientFinal client = MakeClientFinal(bare, *first, "pencil", Base64Encode(gs2));
    auto server_final = ex.Final(client.message);
    ASSERT_TRUE(server_final.ok()) << server_final.status().ToString();
    EXPECT_EQ(*server_final, client.expected_server_final);
    EXPECT_TRUE(ex.authenticated());
  }
}

TEST(ScramTest, WrongPasswordFails) {
  auto secret = ParseScramSecret(kPostgresPencil).ValueOrDie();
  ScramServerExchange ex(secret, "tmp_x", "mock key");
  std::string bare = "n=,r=clientnonce";
  auto first = ex.First("n,," + bare);
  ASSERT_TRUE(first.ok());
  auto server_final = ex.Final(MakeClientFinal(bare, *first, "pencil2").message);
  ASSERT_FALSE(server_final.ok());
  EXPECT_TRUE(server_final.status().IsUnauthenticated());
  EXPECT_EQ(server_final.status().message(), "password authentication failed");
  EXPECT_FALSE(ex.authenticated());
  // A failed exchange stays failed.
  EXPECT_FALSE(ex.Final(MakeClientFinal(bare, *first, "pencil").message).ok());
  EXPECT_FALSE(ex.authenticated());
}

TEST(ScramTest, SecretRoundTripVerifiesPassword) {
  auto text = MakeScramSecret("correct horse", 4096);
  ASSERT_TRUE(text.ok());
  EXPECT_TRUE(text->starts_with("SCRAM-SHA-256$4096:"));
  auto secret = ParseScramSecret(*text);
  ASSERT_TRUE(secret.ok()) << secret.status().ToString();
  EXPECT_EQ(secret->salt.size(), 16u);
  EXPECT_EQ(secret->stored_key.size(), 32u);
  EXPECT_EQ(secret->server_key.size(), 32u);
  EXPECT_EQ(FormatScramSecret(*secret), *text);
  EXPECT_TRUE(ScramSecretMatches(*secret, "correct horse"));
  EXPECT_FALSE(ScramSecretMatches(*secret, "correct horse "));
  // Fresh salt each time.
  EXPECT_NE(*MakeScramSecret("correct horse", 4096), *text);

  ScramServerExchange ex(*secret, "u", "k");
  auto first = ex.First("n,,n=u,r=abc");
  ASSERT_TRUE(first.ok());
  ClientFinal client = MakeClientFinal("n=u,r=abc", *first, "correct horse");
  EXPECT_EQ(*ex.Final(client.message), client.expected_server_final);
  EXPECT_TRUE(ex.authenticated());

  EXPECT_FALSE(MakeScramSecret("x", 0).ok());
}

TEST(ScramTest, MalformedSecretsNameTheProblem) {
  auto expect_error = [](std::string_view text, std::string_view fragment) {
    auto r = ParseScramSecret(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_NE(r.status().message().find(fragment), std::string::npos) << r.status().message();
  };
  expect_error("md5abcdef", "start with \"SCRAM-SHA-256$\"");
  expect_error("SCRAM-SHA-256$4096:c2FsdA==", "missing '$'");
  expect_error("SCRAM-SHA-256$4096c2FsdA==$a:b", "between iteration count and salt");
  expect_error("SCRAM-SHA-256$-1:c2FsdA==$a:b", "iteration count \"-1\"");
  expect_error("SCRAM-SHA-256$x:c2FsdA==$a:b", "iteration count \"x\"");
  expect_error("SCRAM-SHA-256$4096:!!!$a:b", "salt");
  expect_error("SCRAM-SHA-256$4096:c2FsdA==$abc", "between StoredKey and ServerKey");
  expect_error("SCRAM-SHA-256$4096:c2FsdA==$c2FsdA==:c2FsdA==", "StoredKey is not base64 of 32 bytes");
  std::string key = Base64Encode(std::string(32, 'k'));
  expect_error("SCRAM-SHA-256$4096:c2FsdA==$" + key + ":short", "ServerKey");
  EXPECT_TRUE(ParseScramSecret("SCRAM-SHA-256$4096:c2FsdA==$" + key + ":" + key).ok());
}

TEST(ScramTest, MalformedClientMessagesFailClearly) {
  auto secret = ParseScramSecret(kPostgresPencil).ValueOrDie();
  auto first_error = [&](std::string_view message) {
    ScramServerExchange ex(secret, "u", "k");
    auto r = ex.First(message);
    EXPECT_FALSE(r.ok()) << message;
    EXPECT_FALSE(ex.authenticated());
    return r.ok() ? std::string() : r.status().message();
  };
  EXPECT_NE(first_error("p=tls-server-end-point,,n=,r=abc").find("channel binding"), std::string::npos);
  EXPECT_NE(first_error("x,,n=,r=abc").find("gs2 header"), std::string::npos);
  EXPECT_NE(first_error("n,a=admin,n=,r=abc").find("authorization identity"), std::string::npos);
  EXPECT_NE(first_error("n,,m=ext,n=,r=abc").find("extension"), std::string::npos);
  EXPECT_NE(first_error("n,,r=abc").find("expected attribute \"n\""), std::string::npos);
  EXPECT_NE(first_error("n,,n=").find("expected attribute \"r\""), std::string::npos);
  EXPECT_NE(first_error("n,,n=,r=").find("nonce"), std::string::npos);
  EXPECT_NE(first_error("n,,n=,r=a\x01" "b").find("nonce"), std::string::npos);
  EXPECT_NE(first_error("").find("gs2 header"), std::string::npos);

  auto final_error = [&](std::string_view gs2, auto make_final) {
    ScramServerExchange ex(secret, "u", "k");
    std::string bare = "n=,r=abc";
    auto first = ex.First(std::string(gs2) + bare);
    EXPECT_TRUE(first.ok());
    std::string good = MakeClientFinal(bare, *first, "pencil", Base64Encode(gs2)).message;
    auto r = ex.Final(make_final(good, *first));
    EXPECT_FALSE(r.ok());
    EXPECT_FALSE(ex.authenticated());
    return r.ok() ? std::string() : r.status().message();
  };
  // c= must echo the gs2 header the client sent.
  EXPECT_NE(final_error("n,,", [](std::string good, std::string) { return "c=eSws" + good.substr(6); })
                .find("channel binding check failed"),
            std::string::npos);
  EXPECT_NE(final_error("n,,", [](std::string good, std::string) { return "c=b!ws" + good.substr(6); })
                .find("not valid base64"),
            std::string::npos);
  EXPECT_NE(final_error("n,,", [](std::string good, std::string) { return good.substr(7); })
                .find("expected attribute \"c\""),
            std::string::npos);
  EXPECT_NE(final_error("n,,", [](std::string good, std::string) {
              return good.replace(good.find(",r=abc") + 3, 3, "abd");
            }).find("nonce mismatch"),
            std::string::npos);
  EXPECT_NE(final_error("n,,", [](std::string good, std::string) { return good.substr(0, good.find(",p=")); })
                .find("no proof"),
            std::string::npos);
  EXPECT_NE(final_error("n,,", [](std::string good, std::string) { return good + ",x=1"; }).find("garbage"),
            std::string::npos);
  EXPECT_NE(final_error("n,,", [](std::string good, std::string) { return good.substr(0, good.size() - 4) + "AA=="; })
                .find("proof is not base64 of 32 bytes"),
            std::string::npos);

  // Out of order.
  ScramServerExchange ex(secret, "u", "k");
  EXPECT_NE(ex.Final("c=biws,r=abc,p=AAAA").status().message().find("out of order"), std::string::npos);
}

TEST(ScramTest, MockExchangeIsDeterministicPerUserAndAlwaysFails) {
  auto server_first = [](std::string_view user, std::string_view key) {
    ScramServerExchange ex(std::nullopt, user, key);
    ex.SetServerNonceForTesting("servernonce");
    return ex.First("n,,n=,r=abc").ValueOrDie();
  };
  std::string alice = server_first("alice", "cluster key");
  EXPECT_EQ(alice, server_first("alice", "cluster key"));
  EXPECT_NE(alice, server_first("bob", "cluster key"));
  EXPECT_NE(alice, server_first("alice", "other key"));
  // Same shape as a real user's: a 16-byte salt and the default iteration count.
  EXPECT_TRUE(alice.ends_with(",i=4096"));
  auto salt_b64 = alice.substr(alice.find(",s=") + 3, alice.find(",i=") - alice.find(",s=") - 3);
  EXPECT_EQ(Base64Decode(salt_b64)->size(), 16u);

  // Whatever password the client tries, the mock fails like a wrong password.
  for (std::string_view password : {"", "pencil", "anything"}) {
    ScramServerExchange ex(std::nullopt, "alice", "cluster key");
    auto first = ex.First("n,,n=,r=abc");
    ASSERT_TRUE(first.ok());
    auto r = ex.Final(MakeClientFinal("n=,r=abc", *first, password).message);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.status().IsUnauthenticated());
    EXPECT_EQ(r.status().message(), "password authentication failed");
    EXPECT_FALSE(ex.authenticated());
  }
}

}  // namespace
}  // namespace tributary::auth
