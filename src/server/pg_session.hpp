#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "common/status.hpp"
#include "main/connection.hpp"
#include "server/pg_wire.hpp"

struct ssl_st;  // OpenSSL's SSL

namespace tributary::server {

class PgServer;

/// One client connection: the startup handshake, SCRAM-SHA-256
/// authentication, then simple queries until the client leaves. Runs on its
/// own thread; every read and write has a deadline (authentication timeout
/// before login, write timeout after), and every message is size-checked
/// before it is read, so a hostile client costs only its own session.
class PgSession : public CopyChannel {
 public:
  PgSession(PgServer* server, int fd, std::string peer);
  ~PgSession();
  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;

  void Run();
  /// Ends the session from another thread (server shutdown).
  void Shutdown();
  /// Cancels the running statement (a CancelRequest with our key).
  void CancelStatement();
  /// Whether the client has logged in (thread-safe).
  bool authenticated() const { return authenticated_; }

  // CopyChannel: COPY FROM STDIN reads CopyData until CopyDone (CopyFail
  // fails the statement); COPY TO STDOUT sends CopyData in 64 KiB pieces.
  Result<std::string> Receive(size_t columns) override;
  Status Send(std::string_view data, size_t columns) override;

 private:
  using Deadline = std::optional<std::chrono::steady_clock::time_point>;

  /// The startup packet(s), authentication, session start; false to close.
  bool Startup();
  bool Authenticate(const std::string& user);
  void SimpleQuery(std::string_view sql);
  /// One extended-query message (Parse, Bind, Describe, Execute, Close,
  /// Sync); after an error the rest up to Sync are skipped.
  void Extended(char type, std::string_view body);
  void ExtendedError(const QueryError& error);
  /// Sends a FATAL error and ends the session.
  void Fatal(std::string_view sqlstate, std::string message);

  Status ReadExact(char* out, size_t n, Deadline deadline);
  /// The TLS handshake after an SSLRequest answered 'S'.
  Status StartTls(Deadline deadline);
  /// Waits until the socket is readable (`events` POLLIN) or writable.
  Status Wait(short events, Deadline deadline);
  /// A typed message: its type and body, at most `limit` bytes. With
  /// `expect`, a message of another type is returned with its type only,
  /// its body unread.
  Status ReadMessage(char* type, std::string* body, uint32_t limit, Deadline deadline, char expect = 0);
  void Send(std::string bytes) { pending_ += bytes; }
  void Send(const char* bytes) { pending_ += bytes; }
  Status Flush();

  PgServer* server_;
  int fd_;
  ssl_st* ssl_ = nullptr;  // set once the session runs over TLS
  std::string peer_;
  std::string pending_;
  std::string user_;
  bool superuser_ = false;
  bool admitted_ = false;  // counted against max_connections by the server
  std::atomic<bool> authenticated_{false};
  int32_t pid_ = 0;
  std::unique_ptr<Connection> connection_;

  // The extended query protocol's named objects ("" is the unnamed one).
  struct Prepared {
    std::string sql;
    std::vector<int32_t> parameter_oids;  // one per parameter the statement takes (0: unspecified)
    std::vector<std::string> names;  // the result's columns; none for a command
    std::vector<LogicalType> types;
  };
  struct Portal {
    std::string sql;
    QueryParameters parameters;
    std::vector<std::string> names;
    std::vector<LogicalType> types;
    std::vector<int16_t> formats;  // per result column: 0 text, 1 binary (empty: all text)
    std::optional<QueryResult> result;  // once executed
    size_t sent = 0;                    // rows of `result` already sent
  };
  std::map<std::string, Prepared> prepared_;
  std::map<std::string, Portal> portals_;
  bool skip_until_sync_ = false;
};

}  // namespace tributary::server
