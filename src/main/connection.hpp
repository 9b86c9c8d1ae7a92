#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "vector/column_batch.hpp"

namespace tributary {

/// A query-terminating error as a PostgreSQL client sees it.
struct QueryError {
  std::string sqlstate;  // e.g. "42P01" undefined_table, "22012" division_by_zero
  std::string message;   // e.g. "relation \"sales.dealz\" does not exist"
  int position = 0;      // 1-based character offset into the statement, 0 when none
  std::string hint;      // e.g. "Perhaps you meant to reference the table \"sales.deals\"."
};

/// What a statement cost: the basis of the jobs table and of billing.
struct QueryMetrics {
  int64_t bytes_scanned = 0;  // compressed column-chunk bytes read after pruning
  int64_t rows_returned = 0;
  int64_t files_total = 0;
  int64_t files_read = 0;
  int64_t row_groups_total = 0;
  int64_t row_groups_read = 0;
  int64_t partitions_total = 0;  // distinct partitions of the files of the snapshots read
  int64_t partitions_read = 0;   // of those, partitions with a file left after pruning
  /// The rows came from the result cache: nothing was scanned or billed.
  bool cache_hit = false;
  std::chrono::microseconds duration{0};
};

/// The outcome of one statement: an error, or a (possibly empty) result set
/// with a PostgreSQL command tag ("SELECT 3", "INSERT 0 5", "CREATE TABLE").
class QueryResult {
 public:
  static QueryResult Error(QueryError error);
  static QueryResult Rows(std::vector<std::string> names, std::vector<LogicalType> types,
                          std::vector<ColumnBatch> batches, std::string command_tag);
  static QueryResult Command(std::string command_tag);

  bool ok() const { return !error_.has_value(); }
  const QueryError& error() const { return *error_; }
  const std::vector<std::string>& column_names() const { return names_; }
  const std::vector<LogicalType>& column_types() const { return types_; }
  /// Dense batches (no selection), in result order.
  const std::vector<ColumnBatch>& batches() const { return batches_; }
  size_t row_count() const;
  /// PostgreSQL's text output of a cell; nullopt for NULL.
  std::optional<std::string> GetText(size_t row, size_t column) const;
  const std::string& command_tag() const { return command_tag_; }
  QueryMetrics& metrics() { return metrics_; }
  const QueryMetrics& metrics() const { return metrics_; }

 private:
  std::optional<QueryError> error_;
  std::vector<std::string> names_;
  std::vector<LogicalType> types_;
  std::vector<ColumnBatch> batches_;
  std::string command_tag_;
  QueryMetrics metrics_;
};

struct DatabaseOptions {
  /// Rows per vector in execution; tests re-run the suite with a tiny value.
  size_t vector_size = kBatchSize;
  bool enable_optimizer = true;
  int threads = 2;
  /// Per-query memory for aggregates, joins and sorts, in bytes (SET
  /// memory_limit); 0 for none. Defaults to 80% of physical memory.
  int64_t memory_limit = DefaultMemoryLimit();
  /// Statements running longer fail with 57014 (SET statement_timeout); 0 for none.
  int64_t statement_timeout_ms = 0;
  /// Queries estimated to scan more bytes are refused with 53400 (SET
  /// max_bytes_billed); 0 for no limit.
  int64_t max_bytes_billed = 0;
  /// The most memory the database's result cache holds, in bytes; 0 turns
  /// the cache off.
  int64_t result_cache_bytes = int64_t{256} << 20;

  static int64_t DefaultMemoryLimit();
};

class Database;
namespace sql {
struct Statement;
}

/// Values for the parameters $1, $2, ... of one statement (the extended
/// query protocol's Bind). Each value is text (nullopt for NULL) and becomes
/// a literal of the statement, never SQL: untyped, so its type comes from
/// context as for a quoted literal, unless `types` names one.
struct QueryParameters {
  std::vector<std::optional<std::string>> values;
  std::vector<std::string> types;  // SQL type names, "" for unspecified; may be shorter
};

/// Who a connection runs as: the session user (SESSION_USER), a role that
/// must exist when statements run. The bootstrap superuser is "admin".
struct ConnectionOptions {
  std::string user = "admin";
};

/// What the wire server needs to authenticate a role (Database::LookupRole).
struct RoleAuthInfo {
  std::string name;
  bool can_login = false;
  bool superuser = false;
  bool bypass_rls = false;
  /// PostgreSQL's SCRAM-SHA-256 secret text (auth::ParseScramSecret); none
  /// when the role has no password.
  std::optional<std::string> scram_secret;
  /// VALID UNTIL as UTC milliseconds since the epoch; none for no limit.
  std::optional<int64_t> valid_until_ms;
};

/// The client end of COPY ... FROM STDIN / TO STDOUT: a wire server's
/// CopyIn / CopyOut exchange with its client.
class CopyChannel {
 public:
  virtual ~CopyChannel() = default;
  /// Asks the client for the rows of a COPY FROM STDIN of `columns` columns
  /// and returns all it sends; an error when the client fails the copy or
  /// breaks the protocol.
  virtual Result<std::string> Receive(size_t columns) = 0;
  /// Sends a COPY TO STDOUT's text of `columns` columns to the client.
  virtual Status Send(std::string_view data, size_t columns) = 0;
};

/// What a loader attaches to its next write's commit: an idempotency key
/// (a key any snapshot in the table's history carries makes the write a
/// no-op) and extra snapshot summary entries (a watermark, a run id), stored
/// atomically with the rows.
struct CommitTags {
  std::string idempotency_key;
  std::map<std::string, std::string> summary;
  bool empty() const { return idempotency_key.empty() && summary.empty(); }
};

/// Where a session stands in a transaction block (PostgreSQL's
/// ReadyForQuery status: 'I', 'T', 'E').
enum class TransactionState : char {
  kIdle = 'I',     // no block: each statement commits on its own
  kInBlock = 'T',  // after BEGIN
  kFailed = 'E',   // a statement in the block failed: only COMMIT/ROLLBACK end it
};

/// A session on a warehouse: settings (SET/SHOW/RESET: statement_timeout,
/// memory_limit, threads, vector_size, search_path, TimeZone), the current
/// user, and statement execution. Not thread-safe, one per client, except
/// Cancel().
class Connection {
 public:
  /// A session as the bootstrap superuser "admin".
  explicit Connection(std::shared_ptr<Database> database);
  /// A session as `options.user`. A user that does not exist makes every
  /// statement fail with 28000 ("role \"x\" does not exist").
  Connection(std::shared_ptr<Database> database, ConnectionOptions options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Runs every statement in `sql` in order and returns the last result;
  /// stops at the first error and returns it.
  QueryResult Query(std::string_view sql);
  /// Runs every statement and returns one result per statement run (the
  /// last one an error if a statement failed).
  std::vector<QueryResult> QueryAll(std::string_view sql);
  /// Runs one statement with parameter values; more than one statement
  /// fails with 42601, a $n without a value with 42P02.
  QueryResult Query(std::string_view sql, const QueryParameters& params);
  /// Makes the statement running now fail with 57014 ("canceling statement
  /// due to user request") at its next batch; its scan threads and files
  /// are released as it unwinds. Callable from any thread and from a signal
  /// handler (one lock-free store); no effect when nothing runs.
  void Cancel();
  /// What one statement would return, without running it: for a statement
  /// that returns rows (SELECT, VALUES, SHOW, EXPLAIN) a result with its
  /// column names and types and no rows; for any other an empty command
  /// result; an error for a bad statement or for more than one (42601).
  /// Parameters ($n) are NULLs of `parameter_types` (untyped where none is
  /// given); `*parameters` is set to how many the statement takes.
  QueryResult Describe(std::string_view sql, const std::vector<std::string>& parameter_types = {},
                       int* parameters = nullptr);
  /// BEGIN opens a block in which every statement still reads the snapshot
  /// current when it starts (READ COMMITTED, PostgreSQL's default); writes
  /// are refused inside it (25001), since each write commits atomically on
  /// its own; after an error only COMMIT or ROLLBACK run (25P02).
  TransactionState transaction_state() const;
  /// Where COPY ... FROM STDIN / TO STDOUT exchange rows (null: they fail
  /// with 0A000, as in `tributary sql`, which reads and writes files).
  void SetCopyChannel(CopyChannel* channel);
  /// Tags the commit of the next INSERT or MERGE (taken by that statement,
  /// whether it succeeds or fails). A MERGE that changes no row still
  /// commits an empty snapshot carrying the tags, so a watermark advances.
  /// `*already_committed` is set by that statement when the key was found
  /// in the table's history and nothing was written.
  void SetNextCommitTags(CommitTags tags, bool* already_committed = nullptr);

 private:
  std::vector<QueryResult> Run(std::string_view sql, const std::vector<sql::Statement>& statements);
  struct State;
  std::unique_ptr<State> state_;
};

/// An open warehouse directory (catalog + tables), shared by connections.
class Database : public std::enable_shared_from_this<Database> {
 public:
  /// Opens (creating if needed) the warehouse at `directory`.
  static Result<std::shared_ptr<Database>> Open(const std::string& directory, DatabaseOptions options = {});
  ~Database();
  const DatabaseOptions& options() const { return options_; }
  const std::string& directory() const { return directory_; }

  /// The bootstrap superuser, created with the warehouse (no password, may
  /// log in) and never dropped or demoted.
  static constexpr const char* kBootstrapRole = "admin";
  /// Stores `password` as `role`'s SCRAM-SHA-256 secret (an empty password
  /// clears it, as PASSWORD NULL does). NotFound when the role is absent.
  Status SetRolePassword(std::string_view role, std::string_view password);
  /// The role named `name`, or none when there is no such role.
  Result<std::optional<RoleAuthInfo>> LookupRole(std::string_view name) const;
  /// Appends to the audit log (tributary.audit_log, readable by superusers
  /// only): the wire server records "login" and "failed login" here; role
  /// changes and GRANT/REVOKE are recorded as they commit.
  Status Audit(std::string_view user, std::string_view event, std::string_view detail);

 private:
  friend class Connection;
  Database(std::string directory, DatabaseOptions options);
  struct Impl;
  std::string directory_;
  DatabaseOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tributary
