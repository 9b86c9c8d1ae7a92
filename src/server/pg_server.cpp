#include "server/pg_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>

#include "server/pg_session.hpp"

namespace tributary::server {

namespace {

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    std::random_device device;  // OpenSSL's generator failing is not expected; the OS one stands in
    for (char& c : out) c = static_cast<char>(device());
  }
  return out;
}

}  // namespace

PgServer::PgServer(std::shared_ptr<Database> database, ServerOptions options, RoleSource roles, AuditSink audit)
    : database_(std::move(database)),
      options_(std::move(options)),
      roles_(std::move(roles)),
      audit_(std::move(audit)),
      mock_key_(RandomBytes(32)) {
  if (!audit_) {
    audit_ = [db = database_](std::string_view user, std::string_view event, std::string_view detail) {
      return db->Audit(user, event, detail);
    };
  }
}

PgServer::~PgServer() { Stop(); }

namespace {

std::string OpenSslError() {
  unsigned long code = ERR_get_error();
  if (code == 0) return "unknown error";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

}  // namespace

Status PgServer::Start() {
  if (!options_.tls_cert_file.empty() || !options_.tls_key_file.empty()) {
    if (options_.tls_cert_file.empty() || options_.tls_key_file.empty()) {
      return Status::Invalid("TLS needs both a certificate file and a key file");
    }
    tls_ = {SSL_CTX_new(TLS_server_method()), SSL_CTX_free};
    if (!tls_) return Status::Internal("cannot create a TLS context: {}", OpenSslError());
    SSL_CTX_set_min_proto_version(tls_.get(), TLS1_2_VERSION);
    if (SSL_CTX_use_certificate_chain_file(tls_.get(), options_.tls_cert_file.c_str()) != 1) {
      return Status::Invalid("cannot load TLS certificate '{}': {}", options_.tls_cert_file, OpenSslError());
    }
    if (SSL_CTX_use_PrivateKey_file(tls_.get(), options_.tls_key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(tls_.get()) != 1) {
      return Status::Invalid("cannot load TLS key '{}' (or it does not match the certificate): {}",
                             options_.tls_key_file, OpenSslError());
    }
    SSL_CTX_set_mode(tls_.get(), SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  }
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::IOError("cannot create a socket: {}", std::strerror(errno));
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(options_.port));
  if (::inet_pton(AF_INET, options_.host.c_str(), &address.sin_addr) != 1) {
    ::close(fd);
    return Status::Invalid("'{}' is not an IPv4 address to listen on", options_.host);
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 128) != 0) {
    Status st = Status::IOError("cannot listen on {}:{}: {}", options_.host, options_.port, std::strerror(errno));
    ::close(fd);
    return st;
  }
  socklen_t size = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  port_ = ntohs(address.sin_port);
  listen_fd_ = fd;
  accept_thread_ = std::thread([this] { AcceptLoop(); });
  return Status::OK();
}

void PgServer::Stop() {
  if (stopping_.exchange(true)) return;
  if (accept_thread_.joinable()) accept_thread_.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  std::map<uint64_t, SessionEntry> sessions;
  {
    std::lock_guard<std::mutex> lock(mu_);
    // Running statements stop at their next batch (the registered sessions
    // are the ones with a Connection), then every socket is shut.
    for (auto& [pid, key_and_session] : cancel_keys_) key_and_session.second->CancelStatement();
    for (auto& [id, entry] : sessions_) entry.session->Shutdown();
    sessions.swap(sessions_);
  }
  for (auto& [id, entry] : sessions) entry.thread.join();
}

void PgServer::AcceptLoop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) {
      ReapFinished();
      continue;
    }
    sockaddr_in peer{};
    socklen_t size = sizeof peer;
    int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &size, SOCK_CLOEXEC);
    if (fd < 0) continue;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char host[INET_ADDRSTRLEN] = "?";
    ::inet_ntop(AF_INET, &peer.sin_addr, host, sizeof host);
    ReapFinished();
    std::lock_guard<std::mutex> lock(mu_);
    // Every connection holds a thread until it logs in or times out. At most
    // max_connections may be logging in at once: past that the one waiting
    // longest is dropped to make room, so a flood of idle connections delays
    // no real client by more than its own turn. A hard cap bounds threads.
    if (sessions_.size() >= static_cast<size_t>(options_.max_connections) * 3) {
      ::close(fd);
      continue;
    }
    size_t logging_in = 0;
    SessionEntry* oldest = nullptr;  // sessions_ is ordered by id, so by age
    for (auto& [id, entry] : sessions_) {
      if (entry.session->authenticated() || entry.evicted) continue;
      logging_in++;
      if (oldest == nullptr) oldest = &entry;
    }
    if (logging_in >= static_cast<size_t>(options_.max_connections) && oldest != nullptr) {
      oldest->evicted = true;
      oldest->session->Shutdown();
    }
    const uint64_t id = next_session_++;
    auto session = std::make_shared<PgSession>(this, fd, fmt::format("{}:{}", host, ntohs(peer.sin_port)));
    SessionEntry& entry = sessions_[id];
    entry.session = session;
    entry.thread = std::thread([this, id, session] {
      session->Run();
      std::lock_guard<std::mutex> lock(mu_);
      finished_.push_back(id);
    });
  }
}

void PgServer::ReapFinished() {
  std::vector<SessionEntry> done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (uint64_t id : finished_) {
      auto it = sessions_.find(id);
      if (it == sessions_.end()) continue;
      done.push_back(std::move(it->second));
      sessions_.erase(it);
    }
    finished_.clear();
  }
  for (auto& entry : done) entry.thread.join();
}

int32_t PgServer::RegisterCancel(PgSession* session, int32_t* key) {
  std::string bytes = RandomBytes(4);
  std::memcpy(key, bytes.data(), 4);
  std::lock_guard<std::mutex> lock(mu_);
  const int32_t pid = next_pid_++;
  cancel_keys_[pid] = {*key, session};
  return pid;
}

void PgServer::UnregisterCancel(int32_t pid) {
  std::lock_guard<std::mutex> lock(mu_);
  cancel_keys_.erase(pid);
}

void PgServer::Cancel(int32_t pid, int32_t key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = cancel_keys_.find(pid);
  if (it == cancel_keys_.end()) return;
  // Compared in constant time: the key is the only secret a canceller shows.
  if (CRYPTO_memcmp(&it->second.first, &key, sizeof key) != 0) return;
  it->second.second->CancelStatement();
}

bool PgServer::AdmitAuthenticated(bool superuser) {
  std::lock_guard<std::mutex> lock(mu_);
  const int limit = superuser ? options_.max_connections : options_.max_connections - options_.superuser_reserved;
  if (authenticated_ >= limit) return false;
  authenticated_++;
  return true;
}

void PgServer::ReleaseAuthenticated() {
  std::lock_guard<std::mutex> lock(mu_);
  authenticated_--;
}

RoleSource CatalogRoles(std::shared_ptr<Database> database) {
  return [database = std::move(database)](const std::string& name) -> Result<std::optional<LoginRole>> {
    TRIB_ASSIGN_OR_RETURN(std::optional<RoleAuthInfo> info, database->LookupRole(name));
    if (!info) return std::optional<LoginRole>();
    LoginRole role;
    role.can_login = info->can_login;
    role.superuser = info->superuser;
    role.scram_secret = info->scram_secret;
    role.valid_until_ms = info->valid_until_ms;
    return std::optional<LoginRole>(role);
  };
}

}  // namespace tributary::server
