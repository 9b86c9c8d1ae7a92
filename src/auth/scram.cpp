#include "auth/scram.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <charconv>
#include <climits>

#include "auth/base64.hpp"

namespace tributary::auth {

namespace {

constexpr size_t kKeyLen = SHA256_DIGEST_LENGTH;  // 32
constexpr size_t kSaltLen = 16;                   // PostgreSQL's SCRAM_DEFAULT_SALT_LEN
constexpr size_t kRawNonceLen = 18;               // PostgreSQL's SCRAM_RAW_NONCE_LEN
constexpr std::string_view kPrefix = "SCRAM-SHA-256$";

std::string Hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string Sha256(std::string_view data) {
  unsigned char out[kKeyLen];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out);
  return std::string(reinterpret_cast<char*>(out), kKeyLen);
}

Result<std::string> SaltedPassword(std::string_view password, std::string_view salt, int iterations) {
  unsigned char out[kKeyLen];
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()), iterations,
                        EVP_sha256(), kKeyLen, out) != 1) {
    return Status::Internal("PBKDF2-HMAC-SHA-256 failed");
  }
  return std::string(reinterpret_cast<char*>(out), kKeyLen);
}

Result<std::string> RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    return Status::Internal("could not generate {} random bytes", n);
  }
  return out;
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Xor(std::string_view a, std::string_view b) {
  std::string out(a);
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<char>(out[i] ^ b[i]);
  return out;
}

Status Malformed(std::string_view detail) { return Status::Invalid("malformed SCRAM message: {}", detail); }

/// Reads the attributes of a SCRAM message ("a=value,b=value,...") in order.
class AttributeReader {
 public:
  explicit AttributeReader(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ >= text_.size(); }
  size_t pos() const { return pos_; }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }

  /// Reads `<name>=<value>` and the ',' after it (unless at the end).
  Result<std::string_view> Read(char name, std::string_view message) {
    if (AtEnd()) return Malformed(fmt::format("expected attribute \"{}\" in {}, found the end", name, message));
    if (text_[pos_] != name || pos_ + 1 >= text_.size() || text_[pos_ + 1] != '=') {
      return Malformed(fmt::format("expected attribute \"{}\" in {}, found \"{}\"", name, message,
                                   text_.substr(pos_, 1)));
    }
    size_t start = pos_ + 2;
    size_t end = text_.find(',', start);
    if (end == std::string_view::npos) end = text_.size();
    std::string_view value = text_.substr(start, end - start);
    pos_ = end == text_.size() ? end : end + 1;
    last_had_comma_ = end != text_.size();
    return value;
  }

  /// Reads any attribute `<letter>=<value>`; returns its name.
  Result<char> ReadAny(std::string_view message, std::string_view* value) {
    char name = Peek();
    if (!((name >= 'a' && name <= 'z') || (name >= 'A' && name <= 'Z'))) {
      return Malformed(fmt::format("attribute expected in {}, found \"{}\"", message, text_.substr(pos_, 1)));
    }
    TRIB_ASSIGN_OR_RETURN(*value, Read(name, message));
    return name;
  }

  bool last_had_comma() const { return last_had_comma_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  bool last_had_comma_ = false;
};

bool PrintableNonce(std::string_view nonce) {
  for (char c : nonce) {
    if (c < 0x21 || c > 0x7e || c == ',') return false;
  }
  return !nonce.empty();
}

Result<int> ParseIterations(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value <= 0) {
    return Status::Invalid("invalid SCRAM secret: iteration count \"{}\" is not a positive integer", text);
  }
  return value;
}

}  // namespace

Result<ScramSecret> DeriveScramSecret(std::string_view password, std::string_view salt, int iterations) {
  if (iterations <= 0) return Status::Invalid("SCRAM iteration count must be positive, got {}", iterations);
  if (salt.empty()) return Status::Invalid("SCRAM salt must not be empty");
  TRIB_ASSIGN_OR_RETURN(std::string salted, SaltedPassword(password, salt, iterations));
  return ScramSecret{iterations, std::string(salt), Sha256(Hmac(salted, "Client Key")), Hmac(salted, "Server Key")};
}

Result<std::string> MakeScramSecret(std::string_view password, int iterations) {
  TRIB_ASSIGN_OR_RETURN(std::string salt, RandomBytes(kSaltLen));
  TRIB_ASSIGN_OR_RETURN(ScramSecret secret, DeriveScramSecret(password, salt, iterations));
  return FormatScramSecret(secret);
}

std::string FormatScramSecret(const ScramSecret& secret) {
  return fmt::format("{}{}:{}${}:{}", kPrefix, secret.iterations, Base64Encode(secret.salt),
                     Base64Encode(secret.stored_key), Base64Encode(secret.server_key));
}

Result<ScramSecret> ParseScramSecret(std::string_view text) {
  if (!text.starts_with(kPrefix)) {
    return Status::Invalid("invalid SCRAM secret: expected it to start with \"{}\"", kPrefix);
  }
  std::string_view rest = text.substr(kPrefix.size());
  size_t dollar = rest.find('$');
  if (dollar == std::string_view::npos) {
    return Status::Invalid("invalid SCRAM secret: missing '$' between <iterations>:<salt> and the keys");
  }
  std::string_view params = rest.substr(0, dollar);
  std::string_view keys = rest.substr(dollar + 1);
  size_t colon = params.find(':');
  if (colon == std::string_view::npos) {
    return Status::Invalid("invalid SCRAM secret: missing ':' between iteration count and salt");
  }
  ScramSecret secret;
  TRIB_ASSIGN_OR_RETURN(secret.iterations, ParseIterations(params.substr(0, colon)));
  auto salt = Base64Decode(params.substr(colon + 1));
  if (!salt || salt->empty()) return Status::Invalid("invalid SCRAM secret: salt is not valid base64");
  secret.salt = std::move(*salt);
  size_t key_colon = keys.find(':');
  if (key_colon == std::string_view::npos) {
    return Status::Invalid("invalid SCRAM secret: missing ':' between StoredKey and ServerKey");
  }
  auto stored = Base64Decode(keys.substr(0, key_colon));
  if (!stored || stored->size() != kKeyLen) {
    return Status::Invalid("invalid SCRAM secret: StoredKey is not base64 of {} bytes", kKeyLen);
  }
  auto server = Base64Decode(keys.substr(key_colon + 1));
  if (!server || server->size() != kKeyLen) {
    return Status::Invalid("invalid SCRAM secret: ServerKey is not base64 of {} bytes", kKeyLen);
  }
  secret.stored_key = std::move(*stored);
  secret.server_key = std::move(*server);
  return secret;
}

bool ScramSecretMatches(const ScramSecret& secret, std::string_view password) {
  auto salted = SaltedPassword(password, secret.salt, secret.iterations);
  if (!salted.ok()) return false;
  return ConstantTimeEqual(Sha256(Hmac(*salted, "Client Key")), secret.stored_key);
}

ScramServerExchange::ScramServerExchange(std::optional<ScramSecret> secret, std::string_view user_for_mock,
                                         std::string_view mock_key)
    : mock_(!secret.has_value()) {
  if (secret) {
    secret_ = std::move(*secret);
    return;
  }
  // The mock's keys never match a proof: Final() fails before using them. The
  // salt depends only on the user and the server's key, so probing a name
  // twice shows the same salt, as for a real user.
  secret_.iterations = kScramDefaultIterations;
  secret_.salt = Hmac(mock_key, user_for_mock).substr(0, kSaltLen);
  secret_.stored_key.assign(kKeyLen, '\0');
  secret_.server_key.assign(kKeyLen, '\0');
}

Status ScramServerExchange::Fail(Status status) {
  state_ = State::kFailed;
  return status;
}

Result<std::string> ScramServerExchange::First(std::string_view message) {
  if (state_ != State::kInitial) {
    return Fail(Status::Invalid("SCRAM client-first-message received out of order"));
  }
  // gs2-header: cbind-flag "," [authzid] ","
  AttributeReader reader(message);
  char flag = reader.Peek();
  if (flag == 'p') {
    return Fail(Status::NotSupported(
        "SCRAM channel binding (\"p=\") is not supported: the client must send gs2 header \"n,,\" or \"y,,\""));
  }
  if ((flag != 'n' && flag != 'y') || message.size() < 2 || message[1] != ',') {
    return Fail(Malformed("client-first-message must start with gs2 header \"n,,\" or \"y,,\""));
  }
  if (message.size() < 3) return Fail(Malformed("client-first-message ends after the channel-binding flag"));
  if (message[2] == 'a') {
    return Fail(Status::NotSupported("SCRAM authorization identity (\"a=\") is not supported"));
  }
  if (message[2] != ',') return Fail(Malformed("expected ',' after the channel-binding flag's empty authzid"));
  gs2_header_ = std::string(message.substr(0, 3));
  client_first_bare_ = std::string(message.substr(3));

  AttributeReader bare(client_first_bare_);
  if (bare.Peek() == 'm') {
    return Fail(Status::NotSupported("client requires an unsupported SCRAM extension (\"m=\")"));
  }
  // The user name is ignored: the startup packet named the user.
  auto user = bare.Read('n', "client-first-message");
  if (!user.ok()) return Fail(user.status());
  auto client_nonce = bare.Read('r', "client-first-message");
  if (!client_nonce.ok()) return Fail(client_nonce.status());
  if (!PrintableNonce(*client_nonce)) return Fail(Malformed("client nonce is empty or has non-printable characters"));
  while (!bare.AtEnd()) {  // optional extensions, ignored as PostgreSQL does
    std::string_view ignored;
    auto ext = bare.ReadAny("client-first-message", &ignored);
    if (!ext.ok()) return Fail(ext.status());
  }
  if (bare.last_had_comma()) return Fail(Malformed("client-first-message ends with ','"));

  std::string server_nonce;
  if (server_nonce_override_) {
    server_nonce = *server_nonce_override_;
  } else {
    auto raw = RandomBytes(kRawNonceLen);
    if (!raw.ok()) return Fail(raw.status());
    server_nonce = Base64Encode(*raw);
  }
  nonce_ = std::string(*client_nonce) + server_nonce;
  server_first_ = fmt::format("r={},s={},i={}", nonce_, Base64Encode(secret_.salt), secret_.iterations);
  state_ = State::kFirstSent;
  return server_first_;
}

Result<std::string> ScramServerExchange::Final(std::string_view message) {
  if (state_ != State::kFirstSent) {
    return Fail(Status::Invalid("SCRAM client-final-message received out of order"));
  }
  AttributeReader reader(message);
  auto binding = reader.Read('c', "client-final-message");
  if (!binding.ok()) return Fail(binding.status());
  auto decoded = Base64Decode(*binding);
  if (!decoded) return Fail(Malformed("channel-binding attribute \"c\" is not valid base64"));
  if (*decoded != gs2_header_) {
    return Fail(Status::Invalid("SCRAM channel binding check failed: \"c\" does not echo gs2 header \"{}\"",
                                gs2_header_));
  }
  auto nonce = reader.Read('r', "client-final-message");
  if (!nonce.ok()) return Fail(nonce.status());
  if (*nonce != nonce_) return Fail(Status::Invalid("SCRAM nonce mismatch in client-final-message"));
  // Extensions may precede the proof, which is always the last attribute.
  size_t proof_start = reader.pos();
  std::string_view proof_b64;
  for (;;) {
    proof_start = reader.pos();
    if (reader.AtEnd()) return Fail(Malformed("client-final-message has no proof attribute \"p\""));
    std::string_view value;
    auto name = reader.ReadAny("client-final-message", &value);
    if (!name.ok()) return Fail(name.status());
    if (*name == 'p') {
      proof_b64 = value;
      break;
    }
  }
  if (!reader.AtEnd() || reader.last_had_comma()) {
    return Fail(Malformed("garbage found after the proof in client-final-message"));
  }
  auto proof = Base64Decode(proof_b64);
  if (!proof || proof->size() != kKeyLen) {
    return Fail(Malformed(fmt::format("proof is not base64 of {} bytes", kKeyLen)));
  }
  // proof_start points at "p="; the message without proof drops the ',' too.
  std::string_view without_proof = message.substr(0, proof_start - 1);
  std::string auth_message = fmt::format("{},{},{}", client_first_bare_, server_first_, without_proof);

  std::string client_signature = Hmac(secret_.stored_key, auth_message);
  std::string client_key = Xor(*proof, client_signature);
  bool match = ConstantTimeEqual(Sha256(client_key), secret_.stored_key);
  if (mock_ || !match) return Fail(Status::Unauthenticated("password authentication failed"));
  state_ = State::kAuthenticated;
  return "v=" + Base64Encode(Hmac(secret_.server_key, auth_message));
}

}  // namespace tributary::auth
