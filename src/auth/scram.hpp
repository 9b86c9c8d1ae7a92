#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace tributary::auth {

/// PostgreSQL's default iteration count for SCRAM-SHA-256 secrets
/// (scram_iterations in PostgreSQL 16, fixed in 15).
inline constexpr int kScramDefaultIterations = 4096;

/// A SCRAM-SHA-256 verifier: what the server keeps instead of a password.
/// All strings hold raw bytes, not base64; the keys are 32 bytes.
struct ScramSecret {
  int iterations;
  std::string salt;
  std::string stored_key;
  std::string server_key;
};

/// Derives a verifier for `password` with a fresh random 16-byte salt and
/// returns it in PostgreSQL's text form (what pg_authid.rolpassword holds):
///   SCRAM-SHA-256$<iterations>:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>
/// The password's bytes are used as given, without SASLprep. For every ASCII
/// password, and every password SASLprep leaves unchanged (NFKC-normalised text
/// without mapped or prohibited characters), this is exactly what PostgreSQL
/// and libpq compute; a client that SASLpreps a password SASLprep would change
/// will not match the secret.
Result<std::string> MakeScramSecret(std::string_view password, int iterations = kScramDefaultIterations);

/// The verifier for `password` with the given salt and iteration count:
/// SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, iterations),
/// StoredKey = SHA-256(HMAC(SaltedPassword, "Client Key")),
/// ServerKey = HMAC(SaltedPassword, "Server Key").
Result<ScramSecret> DeriveScramSecret(std::string_view password, std::string_view salt, int iterations);

/// Parses PostgreSQL's text form (see MakeScramSecret). An error names the
/// part that is malformed.
Result<ScramSecret> ParseScramSecret(std::string_view text);

/// The text form of `secret`, as MakeScramSecret writes it.
std::string FormatScramSecret(const ScramSecret& secret);

/// True if `password` produces `secret`'s StoredKey. Constant-time in the
/// comparison; costs `secret.iterations` HMAC rounds.
bool ScramSecretMatches(const ScramSecret& secret, std::string_view password);

/// The server side of one SCRAM-SHA-256 authentication (RFC 5802, RFC 7677)
/// as PostgreSQL runs it: the client's user name inside the SCRAM messages is
/// ignored (the startup packet names the user), channel binding is not
/// offered, so the gs2 header must be "n,," or "y,,".
///
///   ScramServerExchange ex(secret, user, mock_key);
///   server_first = ex.First(client_first);   // send as AuthenticationSASLContinue
///   server_final = ex.Final(client_final);   // send as AuthenticationSASLFinal
///   ex.authenticated()                        // true only after Final() succeeded
///
/// Without a secret (the user does not exist or has no SCRAM password) the
/// exchange is a mock: First() answers with a salt derived from
/// HMAC-SHA-256(mock_key, user) and the default iteration count, so the reply
/// looks like a real user's and is the same every time for that user, and
/// Final() always fails as a wrong password would.
///
/// Errors: a malformed or out-of-order message is kInvalidArgument, naming
/// what is wrong; a wrong proof (or any mock exchange) is kUnauthenticated.
class ScramServerExchange {
 public:
  ScramServerExchange(std::optional<ScramSecret> secret, std::string_view user_for_mock, std::string_view mock_key);

  Result<std::string> First(std::string_view client_first_message);
  Result<std::string> Final(std::string_view client_final_message);
  bool authenticated() const { return state_ == State::kAuthenticated; }

  /// Test-only: use `nonce` as the server's part of the nonce instead of
  /// random bytes, so published test vectors can be replayed. Call before
  /// First().
  void SetServerNonceForTesting(std::string nonce) { server_nonce_override_ = std::move(nonce); }

 private:
  enum class State { kInitial, kFirstSent, kAuthenticated, kFailed };

  Status Fail(Status status);

  ScramSecret secret_;
  bool mock_;
  State state_ = State::kInitial;
  std::optional<std::string> server_nonce_override_;
  std::string gs2_header_;         // "n,," or "y,,", echoed back in c=
  std::string client_first_bare_;  // for the AuthMessage
  std::string server_first_;
  std::string nonce_;              // client nonce + server nonce
};

}  // namespace tributary::auth
