#pragma once
// Real database servers for tests: a PostgreSQL 15 and a MariaDB server of
// this machine's packages, each in a fresh temporary directory, listening on
// 127.0.0.1 on a free port, with a password-authenticated user the
// connectors log in as.
//
//   auto pg = PostgresServer::Shared();
//   ASSERT_TRUE(pg.ok()) << pg.status().ToString();   // fails with the log tail
//   (*pg)->Exec("CREATE TABLE t (id int); INSERT INTO t VALUES (1)");
//   SourceSettings settings{"EMEA", (*pg)->SourceValues()};
//
// Shared() starts one server per test process on first use; it stops (and
// its directory is removed) when the process exits, and is killed with the
// process should that die first (the server is a child started with a
// parent-death signal, so call Shared() from the main thread or one that
// lives as long as the tests). Under ctest every test is its own process and
// starts its own server: PostgreSQL takes about a second, MariaDB two.
//
// Tests share the server: give tables names of their own, or use a database
// of their own (CreateDatabase). Setup SQL runs as the superuser through the
// server's own command-line client; the connector user may read (SELECT)
// every table created that way, and nothing more.
//
// When a server cannot start, Shared() fails with a Status that carries the
// end of the server's log: tests assert on it and fail, never skip.

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.hpp"

namespace tributary::test_servers {

/// A program's exit status and output.
struct ProcessOutput {
  int exit_code = -1;  // 128 + signal when killed by one
  std::string out;
  std::string err;
};

/// Who a child process runs as; default: this process's user.
struct RunAs {
  uid_t uid = static_cast<uid_t>(-1);
  gid_t gid = static_cast<gid_t>(-1);
  bool set() const { return uid != static_cast<uid_t>(-1); }
};

/// Runs `argv` (argv[0] a path, no shell) to completion with `input` on its
/// stdin, in `cwd` when given.
Result<ProcessOutput> RunProcess(const std::vector<std::string>& argv, const std::string& input = "",
                                 const RunAs& as = {}, const std::string& cwd = "");

/// A TCP port on 127.0.0.1 nobody listens on right now.
Result<int> FreePort();

/// The last `lines` lines of a text file ("" when it cannot be read).
std::string FileTail(const std::string& path, int lines = 40);

/// A throwaway PostgreSQL 15 server (/usr/lib/postgresql/15/bin): C locale,
/// UTF8, fsync off. Host connections authenticate with SCRAM-SHA-256; the
/// superuser `postgres` connects through the Unix socket in dir().
class PostgresServer {
 public:
  /// The server of this test process, started on first call.
  static Result<PostgresServer*> Shared();
  /// A server of the caller's own (for tests that stop or break one).
  static Result<std::unique_ptr<PostgresServer>> Start();
  /// Stops the server (immediate shutdown) and removes its directory.
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  std::string host() const { return "127.0.0.1"; }
  int port() const { return port_; }
  /// The database created at start, where user() may read every table.
  std::string database() const { return "tributary_test"; }
  /// A login role that may read, with a password (SCRAM over TCP).
  std::string user() const { return "tributary_etl"; }
  std::string password() const { return "etl-Pa55-word"; }
  /// Settings for a `kind: postgres` source on database() (or `database`)
  /// as user(): kind, host, port, database, user, password.
  std::map<std::string, std::string> SourceValues(const std::string& database = "") const;

  /// Runs SQL (any number of statements) as the superuser with psql in
  /// `database` (default database()); returns the rows, one a line, columns
  /// separated by '|' (psql -At). Fails with psql's message.
  Result<std::string> Run(const std::string& sql, const std::string& database = "") const;
  /// Run, throwing std::runtime_error on failure (GoogleTest reports it).
  std::string Exec(const std::string& sql, const std::string& database = "") const;
  /// Creates database `name` in which user() may read every table.
  Status CreateDatabase(const std::string& name) const;

  const std::string& dir() const { return dir_; }
  std::string LogTail(int lines = 40) const;

 private:
  PostgresServer() = default;
  Status Boot();
  void Stop();

  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  RunAs as_;
};

/// A throwaway MariaDB server (/usr/sbin/mariadbd, installed with
/// mariadb-install-db): utf8mb4, InnoDB with durability off. `root` has no
/// password and connects through the Unix socket in dir().
class MariaDbServer {
 public:
  static Result<MariaDbServer*> Shared();
  static Result<std::unique_ptr<MariaDbServer>> Start();
  /// Kills the server (its data is thrown away) and removes its directory.
  ~MariaDbServer();
  MariaDbServer(const MariaDbServer&) = delete;
  MariaDbServer& operator=(const MariaDbServer&) = delete;

  std::string host() const { return "127.0.0.1"; }
  int port() const { return port_; }
  std::string database() const { return "tributary_test"; }
  /// 'tributary_etl'@'%' with a password and SELECT on every database.
  std::string user() const { return "tributary_etl"; }
  std::string password() const { return "etl-Pa55-word"; }
  std::map<std::string, std::string> SourceValues(const std::string& database = "") const;

  /// Runs SQL as root with the `mariadb` client in `database` (default
  /// database(); "-" for none); returns the rows, one a line, columns
  /// separated by tabs (batch mode: tab, newline and backslash in values
  /// escaped, NULL spelled NULL).
  Result<std::string> Run(const std::string& sql, const std::string& database = "") const;
  std::string Exec(const std::string& sql, const std::string& database = "") const;
  Status CreateDatabase(const std::string& name) const;

  const std::string& dir() const { return dir_; }
  std::string socket() const { return dir_ + "/mysqld.sock"; }
  std::string LogTail(int lines = 40) const;

 private:
  MariaDbServer() = default;
  Status Boot();
  void Stop();

  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace tributary::test_servers
