#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "ingest/source.hpp"

struct sqlite3;

namespace tributary::ingest {

/// One table load as the ledger keeps it (and `tributary ingest` prints).
struct LoadRecord {
  std::string run_id;
  std::string region;
  std::string source_table;
  std::string target;
  std::string logical_date;  // YYYY-MM-DD, empty when none was given
  int64_t started_at_us = 0;
  int64_t finished_at_us = 0;
  /// published, already_published, no_new_data, quarantined, schema_drift, failed
  std::string status;
  int64_t rows_read = 0;
  int64_t rows_merged = 0;
  int64_t rows_quarantined = 0;
  int64_t rows_deleted = 0;  // by key reconciliation
  int64_t bytes_read = 0;
  int64_t bytes_written = 0;
  std::string watermark_from;
  std::string watermark_to;
  std::string message;
};

/// One check's outcome in one load.
struct CheckRecord {
  std::string name;
  std::string kind;
  std::string severity;  // error | warn
  bool passed = true;
  int64_t failing_rows = 0;
  std::string detail;
  bool escalated = false;  // a warning that failed the third run in a row
};

/// The ingestion ledger of a warehouse (`<warehouse>/_ingest/ledger.db`,
/// SQLite, WAL, synchronous FULL): every load and its checks, the files
/// taken from file drops, each (region, table)'s accepted source columns
/// (its contract) and watermark. The watermark that counts is the one
/// committed with the rows (the target's snapshot summary); the ledger's
/// copy survives snapshot expiry. Not thread-safe.
class Ledger {
 public:
  static Result<std::unique_ptr<Ledger>> Open(const std::string& warehouse);
  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  Status RecordLoad(const LoadRecord& load, const std::vector<CheckRecord>& checks);
  /// rows_read of the last `limit` published loads of (region, table), newest first.
  Result<std::vector<int64_t>> RecentRowCounts(const std::string& region, const std::string& table, int limit);
  /// Whether `check` failed (and was a warning) in each of the last `runs`
  /// loads of (region, table) that ran it.
  Result<int> ConsecutiveWarnings(const std::string& region, const std::string& table, const std::string& check);

  /// Whether this exact file content was taken already; `*resent` is set
  /// when the path was taken before with other content.
  Result<bool> FileTaken(const std::string& region, const std::string& table, const SourceFile& file, bool* resent);
  Status RecordFiles(const std::string& region, const std::string& table, const std::string& run_id,
                     const std::vector<SourceFile>& files);

  /// The accepted source columns, or none before the first load.
  Result<std::optional<std::vector<SourceColumn>>> Contract(const std::string& region, const std::string& table);
  Status SetContract(const std::string& region, const std::string& table, const std::vector<SourceColumn>& columns);

  /// When (region, table)'s keys were last reconciled (UTC µs), if ever.
  Result<std::optional<int64_t>> LastReconciled(const std::string& region, const std::string& table);
  Status SetReconciled(const std::string& region, const std::string& table, int64_t at_us);

  Result<std::optional<std::string>> Watermark(const std::string& region, const std::string& table);
  Status SetWatermark(const std::string& region, const std::string& table, const std::string& value);

  /// The newest loads, newest first (for `tributary ingest --history`, the demo).
  Result<std::vector<LoadRecord>> RecentLoads(int limit);

 private:
  explicit Ledger(sqlite3* db) : db_(db) {}
  Status Exec(const std::string& sql);
  sqlite3* db_;
};

}  // namespace tributary::ingest
