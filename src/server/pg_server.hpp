#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string_view>
#include <optional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/status.hpp"
#include "main/connection.hpp"
#include "server/pg_wire.hpp"

struct ssl_ctx_st;  // OpenSSL's SSL_CTX

namespace tributary::server {

/// What the server needs to know about a role when it logs in.
struct LoginRole {
  bool can_login = false;
  bool superuser = false;
  /// PostgreSQL's SCRAM-SHA-256 secret text; none means no password login.
  std::optional<std::string> scram_secret;
  std::optional<int64_t> valid_until_ms;  // since the epoch
};
/// Looks a role up by name: nullopt when there is no such role.
using RoleSource = std::function<Result<std::optional<LoginRole>>(const std::string& name)>;
/// The roles of `database`'s catalog (Database::LookupRole).
RoleSource CatalogRoles(std::shared_ptr<Database> database);
/// Records a login event (`event` "login" or "login failed", `detail` the
/// client's address) in the audit log.
using AuditSink = std::function<Status(std::string_view user, std::string_view event, std::string_view detail)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  /// 0 picks a free port (port() tells which).
  int port = 15432;
  /// The database name clients connect to.
  std::string database_name = "tributary";
  /// Sessions at once, the last `superuser_reserved` of them for superusers.
  int max_connections = 100;
  int superuser_reserved = 1;
  /// A client that has not authenticated by then is disconnected.
  int auth_timeout_ms = 60'000;
  /// A client that does not take our output for this long is disconnected,
  /// so one that stops reading cannot hold a session forever.
  int write_timeout_ms = 60'000;
  WireLimits limits;
  /// PEM certificate (chain) and private key: when both are set an
  /// SSLRequest is answered 'S' and the session continues over TLS (1.2 or
  /// later); otherwise it is answered 'N'.
  std::string tls_cert_file;
  std::string tls_key_file;
};

class PgSession;

/// The PostgreSQL wire protocol server of `tributary serve`: accepts
/// connections on a TCP port and runs each session on a thread of its own
/// (blocking I/O with poll() deadlines), so sessions run concurrently and a
/// slow or hostile client holds only its own thread. Queries run through
/// the embedding API (Connection), one per session.
class PgServer {
 public:
  /// Logins are checked against `roles` and recorded through `audit` (by
  /// default Database::Audit); queries run on `database`.
  PgServer(std::shared_ptr<Database> database, ServerOptions options, RoleSource roles, AuditSink audit = nullptr);
  ~PgServer();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  /// Binds and listens; the accept loop runs on a thread of its own.
  Status Start();
  /// Stops accepting, disconnects every session and waits for their threads.
  void Stop();
  int port() const { return port_; }

 private:
  friend class PgSession;
  struct SessionEntry {
    std::shared_ptr<PgSession> session;
    std::thread thread;
    bool evicted = false;  // dropped while logging in, to make room
  };

  void AcceptLoop();
  /// Registers a session's cancel key; returns its process id.
  int32_t RegisterCancel(PgSession* session, int32_t* key);
  void UnregisterCancel(int32_t pid);
  /// Cancels the statement of session `pid` when `key` matches.
  void Cancel(int32_t pid, int32_t key);
  /// Whether a session of a (non-)superuser may start: counts sessions past
  /// authentication against max_connections and the reserved slots.
  bool AdmitAuthenticated(bool superuser);
  void ReleaseAuthenticated();
  void ReapFinished();

  std::shared_ptr<Database> database_;
  ServerOptions options_;
  RoleSource roles_;
  AuditSink audit_;
  std::string mock_key_;  // random per server: keys the mock SCRAM exchange for unknown roles
  std::unique_ptr<ssl_ctx_st, void (*)(ssl_ctx_st*)> tls_{nullptr, nullptr};  // null without TLS
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread accept_thread_;

  std::mutex mu_;
  std::map<uint64_t, SessionEntry> sessions_;   // guarded by mu_
  std::vector<uint64_t> finished_;              // guarded by mu_: sessions whose thread ended
  uint64_t next_session_ = 0;                   // guarded by mu_
  int authenticated_ = 0;                       // guarded by mu_
  std::map<int32_t, std::pair<int32_t, PgSession*>> cancel_keys_;  // guarded by mu_: pid -> (key, session)
  int32_t next_pid_ = 1000;                     // guarded by mu_
};

}  // namespace tributary::server
