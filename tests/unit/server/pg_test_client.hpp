#pragma once

// A minimal PostgreSQL protocol client for the server's tests: raw bytes in
// and out over a socket, and a SCRAM-SHA-256 login written from RFC 5802
// (independently of src/auth, so the two check each other).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <cstdio>

#include <chrono>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tributary::server::testing {

inline std::string Int32Bytes(int32_t v) {
  uint32_t n = htonl(static_cast<uint32_t>(v));
  return std::string(reinterpret_cast<const char*>(&n), 4);
}

inline std::string Message(char type, const std::string& body) { return std::string(1, type) + Int32Bytes(static_cast<int32_t>(body.size() + 4)) + body; }

inline std::string StartupBytes(const std::map<std::string, std::string>& params, int32_t protocol = 3 << 16) {
  std::string body = Int32Bytes(protocol);
  for (const auto& [k, v] : params) body += k + '\0' + v + '\0';
  body += '\0';
  return Int32Bytes(static_cast<int32_t>(body.size() + 4)) + body;
}

inline std::string Base64(const std::string& in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

inline std::string Unbase64(const std::string& in) {
  std::string out(in.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  if (n < 0) return {};
  size_t pad = in.size() >= 2 && in[in.size() - 1] == '=' ? (in[in.size() - 2] == '=' ? 2 : 1) : 0;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

inline std::string Hmac(const std::string& key, const std::string& data) {
  unsigned char out[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

/// Writes a fresh self-signed certificate for CN=127.0.0.1 and its key, PEM.
inline bool WriteSelfSignedCertificate(const std::string& cert_path, const std::string& key_path) {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  X509* cert = X509_new();
  bool ok = key != nullptr && cert != nullptr;
  if (ok) {
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    ok = X509_sign(cert, key, EVP_sha256()) > 0;
  }
  FILE* c = ok ? std::fopen(cert_path.c_str(), "w") : nullptr;
  FILE* k = ok ? std::fopen(key_path.c_str(), "w") : nullptr;
  ok = c != nullptr && k != nullptr && PEM_write_X509(c, cert) == 1 &&
       PEM_write_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  if (c) std::fclose(c);
  if (k) std::fclose(k);
  X509_free(cert);
  EVP_PKEY_free(key);
  return ok;
}

/// One backend message.
struct Reply {
  char type = 0;
  std::string body;
  /// An ErrorResponse field ('C' SQLSTATE, 'M' message, 'S' severity).
  std::string Field(char code) const {
    for (size_t i = 0; i < body.size() && body[i] != '\0';) {
      size_t end = body.find('\0', i + 1);
      if (body[i] == code) return body.substr(i + 1, end - i - 1);
      i = end + 1;
    }
    return {};
  }
};

class TestClient {
 public:
  explicit TestClient(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    ::inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~TestClient() { ::close(fd_); }
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  bool connected() const { return connected_; }
  int fd() const { return fd_; }
  bool Send(const std::string& bytes) { return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()); }

  /// Exactly `n` bytes, or nullopt on close or after `timeout_ms`.
  std::optional<std::string> ReadBytes(size_t n, int timeout_ms = 5000) {
    std::string out;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (out.size() < n) {
      int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
      pollfd p{fd_, POLLIN, 0};
      if (left <= 0 || ::poll(&p, 1, left) <= 0) return std::nullopt;
      char buf[65536];
      ssize_t got = ::recv(fd_, buf, std::min(sizeof buf, n - out.size()), 0);
      if (got <= 0) return std::nullopt;
      out.append(buf, static_cast<size_t>(got));
    }
    return out;
  }

  std::optional<Reply> Read(int timeout_ms = 5000) {
    auto header = ReadBytes(5, timeout_ms);
    if (!header) return std::nullopt;
    uint32_t len;
    std::memcpy(&len, header->data() + 1, 4);
    len = ntohl(len);
    auto body = ReadBytes(len - 4, timeout_ms);
    if (!body) return std::nullopt;
    return Reply{(*header)[0], *body};
  }

  /// True when the server closed the connection (within `timeout_ms`).
  bool Closed(int timeout_ms = 5000) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
      int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
      pollfd p{fd_, POLLIN, 0};
      if (left <= 0 || ::poll(&p, 1, left) <= 0) return false;
      char buf[4096];
      ssize_t got = ::recv(fd_, buf, sizeof buf, 0);
      if (got <= 0) return true;
    }
  }

  /// Startup and SCRAM login; true at ReadyForQuery.
  bool Login(const std::string& user, const std::string& password) {
    if (!Send(StartupBytes({{"user", user}, {"database", "tributary"}}))) return false;
    auto sasl = Read();
    if (!sasl || sasl->type != 'R') return false;
    const std::string nonce = "fyko+d2lbbFgONRv9qkxdawL";
    const std::string first_bare = "n=,r=" + nonce;
    const std::string first = "n,," + first_bare;
    Send(Message('p', std::string("SCRAM-SHA-256") + '\0' + Int32Bytes(static_cast<int32_t>(first.size())) + first));
    auto cont = Read();
    if (!cont || cont->type != 'R' || cont->body.size() < 4) return false;
    const std::string server_first = cont->body.substr(4);
    std::map<char, std::string> attrs;
    for (size_t i = 0; i < server_first.size();) {
      size_t end = server_first.find(',', i);
      if (end == std::string::npos) end = server_first.size();
      attrs[server_first[i]] = server_first.substr(i + 2, end - i - 2);
      i = end + 1;
    }
    const std::string salt = Unbase64(attrs['s']);
    const int iterations = std::stoi(attrs['i']);
    unsigned char salted[32];
    PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), reinterpret_cast<const unsigned char*>(salt.data()),
                      static_cast<int>(salt.size()), iterations, EVP_sha256(), 32, salted);
    const std::string client_key = Hmac(std::string(reinterpret_cast<char*>(salted), 32), "Client Key");
    unsigned char stored[32];
    SHA256(reinterpret_cast<const unsigned char*>(client_key.data()), client_key.size(), stored);
    const std::string without_proof = "c=biws,r=" + attrs['r'];
    const std::string auth_message = first_bare + "," + server_first + "," + without_proof;
    std::string proof = Hmac(std::string(reinterpret_cast<char*>(stored), 32), auth_message);
    for (size_t i = 0; i < proof.size(); i++) proof[i] = static_cast<char>(proof[i] ^ client_key[i]);
    Send(Message('p', without_proof + ",p=" + Base64(proof)));
    while (auto reply = Read()) {
      if (reply->type == 'E') {
        last_error_ = *reply;
        return false;
      }
      if (reply->type == 'Z') return true;
    }
    return false;
  }

  /// A simple query; the replies up to ReadyForQuery.
  std::vector<Reply> Query(const std::string& sql) {
    std::vector<Reply> out;
    Send(Message('Q', sql + '\0'));
    while (auto reply = Read(30000)) {
      out.push_back(*reply);
      if (reply->type == 'Z') break;
    }
    return out;
  }

  const Reply& last_error() const { return last_error_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
  Reply last_error_;
};

}  // namespace tributary::server::testing
