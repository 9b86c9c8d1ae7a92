#include "ingest/ledger.hpp"

#include <sqlite3.h>

#include <filesystem>

#include "orchestrator/sqlite_statement.hpp"

namespace tributary::ingest {

namespace {

using orchestrator::Statement;

constexpr const char* kOwner = "ingest ledger";

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS loads (
  run_id TEXT NOT NULL,
  region TEXT NOT NULL,
  source_table TEXT NOT NULL,
  target TEXT NOT NULL,
  logical_date TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  rows_read INTEGER NOT NULL,
  rows_merged INTEGER NOT NULL,
  rows_quarantined INTEGER NOT NULL,
  rows_deleted INTEGER NOT NULL,
  bytes_read INTEGER NOT NULL,
  bytes_written INTEGER NOT NULL,
  watermark_from TEXT NOT NULL,
  watermark_to TEXT NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (run_id, source_table)
);
CREATE INDEX IF NOT EXISTS loads_by_table ON loads (region, source_table, finished_at);
CREATE TABLE IF NOT EXISTS check_results (
  run_id TEXT NOT NULL,
  region TEXT NOT NULL,
  source_table TEXT NOT NULL,
  check_name TEXT NOT NULL,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL,
  passed INTEGER NOT NULL,
  failing_rows INTEGER NOT NULL,
  escalated INTEGER NOT NULL,
  detail TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS checks_by_name ON check_results (region, source_table, check_name, at);
CREATE TABLE IF NOT EXISTS taken_files (
  region TEXT NOT NULL,
  source_table TEXT NOT NULL,
  path TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  size INTEGER NOT NULL,
  run_id TEXT NOT NULL,
  PRIMARY KEY (region, source_table, path, content_hash)
);
CREATE TABLE IF NOT EXISTS contracts (
  region TEXT NOT NULL,
  source_table TEXT NOT NULL,
  columns TEXT NOT NULL,
  PRIMARY KEY (region, source_table)
);
CREATE TABLE IF NOT EXISTS reconciliations (
  region TEXT NOT NULL,
  source_table TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (region, source_table)
);
CREATE TABLE IF NOT EXISTS watermarks (
  region TEXT NOT NULL,
  source_table TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (region, source_table)
);
)sql";

/// Contract columns as text, one per line: name, type, nullable.
std::string EncodeColumns(const std::vector<SourceColumn>& columns) {
  std::string out;
  for (const auto& c : columns) {
    out += c.name + '\t' + c.type.ToString() + '\t' + c.source_type + '\t' + (c.nullable ? "1" : "0") + '\n';
  }
  return out;
}

Result<std::vector<SourceColumn>> DecodeColumns(const std::string& text) {
  std::vector<SourceColumn> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    std::vector<std::string> parts;
    size_t p = 0;
    while (true) {
      size_t tab = line.find('\t', p);
      parts.push_back(line.substr(p, tab == std::string::npos ? std::string::npos : tab - p));
      if (tab == std::string::npos) break;
      p = tab + 1;
    }
    if (parts.size() != 4) return Status::Corruption("{}: a contract line is malformed: {}", kOwner, line);
    TRIB_ASSIGN_OR_RETURN(LogicalType type, LogicalType::Parse(parts[1]));
    out.push_back({parts[0], type, parts[2], parts[3] == "1"});
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<Ledger>> Ledger::Open(const std::string& warehouse) {
  std::filesystem::path dir = std::filesystem::path(warehouse) / "_ingest";
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return Status::IOError("{}: cannot create {}: {}", kOwner, dir.string(), error.message());
  const std::string path = (dir / "ledger.db").string();
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    Status st = Status::IOError("cannot open {} '{}': {}", kOwner, path, db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return st;
  }
  sqlite3_busy_timeout(db, 30'000);
  std::unique_ptr<Ledger> ledger(new Ledger(db));
  TRIB_RETURN_NOT_OK(ledger->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"));
  TRIB_RETURN_NOT_OK(ledger->Exec(kSchema));
  return ledger;
}

Ledger::~Ledger() { sqlite3_close(db_); }

Status Ledger::Exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::OK();
  Status st = Status::IOError("{}: {}", kOwner, err ? err : sqlite3_errstr(rc));
  sqlite3_free(err);
  return st;
}

Status Ledger::RecordLoad(const LoadRecord& l, const std::vector<CheckRecord>& checks) {
  TRIB_RETURN_NOT_OK(Exec("BEGIN IMMEDIATE"));
  Statement load(db_, "INSERT OR REPLACE INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 kOwner);
  load.Bind(l.run_id, l.region, l.source_table, l.target, l.logical_date, l.started_at_us, l.finished_at_us, l.status,
            l.rows_read, l.rows_merged, l.rows_quarantined, l.rows_deleted, l.bytes_read, l.bytes_written,
            l.watermark_from, l.watermark_to, l.message);
  Status st = load.Run("recording a load");
  for (const auto& c : checks) {
    if (!st.ok()) break;
    Statement check(db_, "INSERT INTO check_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", kOwner);
    check.Bind(l.run_id, l.region, l.source_table, c.name, c.kind, c.severity, c.passed, c.failing_rows, c.escalated,
               c.detail, l.finished_at_us);
    st = check.Run("recording a check");
  }
  if (!st.ok()) {
    (void)Exec("ROLLBACK");
    return st;
  }
  return Exec("COMMIT");
}

Result<std::vector<int64_t>> Ledger::RecentRowCounts(const std::string& region, const std::string& table, int limit) {
  Statement q(db_,
              "SELECT rows_read FROM loads WHERE region = ? AND source_table = ? AND status = 'published' "
              "ORDER BY finished_at DESC LIMIT ?",
              kOwner);
  q.Bind(region, table, limit);
  std::vector<int64_t> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) out.push_back(q.Int(0));
  if (rc != SQLITE_DONE) return q.Error("reading recent row counts");
  return out;
}

Result<int> Ledger::ConsecutiveWarnings(const std::string& region, const std::string& table, const std::string& check) {
  Statement q(db_,
              "SELECT passed, severity FROM check_results WHERE region = ? AND source_table = ? AND check_name = ? "
              "ORDER BY at DESC, rowid DESC",
              kOwner);
  q.Bind(region, table, check);
  int streak = 0;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    if (q.Int(0) != 0 || q.Text(1) != "warn") break;
    streak++;
  }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return q.Error("reading check history");
  return streak;
}

Result<bool> Ledger::FileTaken(const std::string& region, const std::string& table, const SourceFile& file,
                               bool* resent) {
  Statement q(
      db_, "SELECT max(content_hash = ?), count(*) FROM taken_files WHERE region = ? AND source_table = ? AND path = ?",
      kOwner);
  q.Bind(file.content_hash, region, table, file.path);
  if (q.Step() != SQLITE_ROW) return q.Error("looking up a taken file");
  const bool same = !q.IsNull(0) && q.Int(0) == 1;
  *resent = !same && q.Int(1) > 0;
  return same;
}

Status Ledger::RecordFiles(const std::string& region, const std::string& table, const std::string& run_id,
                           const std::vector<SourceFile>& files) {
  TRIB_RETURN_NOT_OK(Exec("BEGIN IMMEDIATE"));
  Status st;
  for (const auto& f : files) {
    Statement q(db_, "INSERT OR IGNORE INTO taken_files VALUES (?, ?, ?, ?, ?, ?)", kOwner);
    q.Bind(region, table, f.path, f.content_hash, f.size, run_id);
    st = q.Run("recording a taken file");
    if (!st.ok()) break;
  }
  if (!st.ok()) {
    (void)Exec("ROLLBACK");
    return st;
  }
  return Exec("COMMIT");
}

Result<std::optional<std::vector<SourceColumn>>> Ledger::Contract(const std::string& region, const std::string& table) {
  Statement q(db_, "SELECT columns FROM contracts WHERE region = ? AND source_table = ?", kOwner);
  q.Bind(region, table);
  int rc = q.Step();
  if (rc == SQLITE_DONE) return std::optional<std::vector<SourceColumn>>();
  if (rc != SQLITE_ROW) return q.Error("reading a contract");
  TRIB_ASSIGN_OR_RETURN(auto columns, DecodeColumns(q.Text(0)));
  return std::optional<std::vector<SourceColumn>>(std::move(columns));
}

Status Ledger::SetContract(const std::string& region, const std::string& table,
                           const std::vector<SourceColumn>& columns) {
  Statement q(db_, "INSERT OR REPLACE INTO contracts VALUES (?, ?, ?)", kOwner);
  q.Bind(region, table, EncodeColumns(columns));
  return q.Run("recording a contract");
}

Result<std::optional<int64_t>> Ledger::LastReconciled(const std::string& region, const std::string& table) {
  Statement q(db_, "SELECT at FROM reconciliations WHERE region = ? AND source_table = ?", kOwner);
  q.Bind(region, table);
  int rc = q.Step();
  if (rc == SQLITE_DONE) return std::optional<int64_t>();
  if (rc != SQLITE_ROW) return q.Error("reading a reconciliation");
  return std::optional<int64_t>(q.Int(0));
}

Status Ledger::SetReconciled(const std::string& region, const std::string& table, int64_t at_us) {
  Statement q(db_, "INSERT OR REPLACE INTO reconciliations VALUES (?, ?, ?)", kOwner);
  q.Bind(region, table, at_us);
  return q.Run("recording a reconciliation");
}

Result<std::optional<std::string>> Ledger::Watermark(const std::string& region, const std::string& table) {
  Statement q(db_, "SELECT value FROM watermarks WHERE region = ? AND source_table = ?", kOwner);
  q.Bind(region, table);
  int rc = q.Step();
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return q.Error("reading a watermark");
  return std::optional<std::string>(q.Text(0));
}

Status Ledger::SetWatermark(const std::string& region, const std::string& table, const std::string& value) {
  Statement q(db_, "INSERT OR REPLACE INTO watermarks VALUES (?, ?, ?)", kOwner);
  q.Bind(region, table, value);
  return q.Run("recording a watermark");
}

Result<std::vector<LoadRecord>> Ledger::RecentLoads(int limit) {
  Statement q(
      db_,
      "SELECT run_id, region, source_table, target, logical_date, started_at, finished_at, status, rows_read, "
      "rows_merged, rows_quarantined, rows_deleted, bytes_read, bytes_written, watermark_from, watermark_to, message "
      "FROM loads ORDER BY finished_at DESC LIMIT ?",
      kOwner);
  q.Bind(limit);
  std::vector<LoadRecord> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    LoadRecord l;
    l.run_id = q.Text(0);
    l.region = q.Text(1);
    l.source_table = q.Text(2);
    l.target = q.Text(3);
    l.logical_date = q.Text(4);
    l.started_at_us = q.Int(5);
    l.finished_at_us = q.Int(6);
    l.status = q.Text(7);
    l.rows_read = q.Int(8);
    l.rows_merged = q.Int(9);
    l.rows_quarantined = q.Int(10);
    l.rows_deleted = q.Int(11);
    l.bytes_read = q.Int(12);
    l.bytes_written = q.Int(13);
    l.watermark_from = q.Text(14);
    l.watermark_to = q.Text(15);
    l.message = q.Text(16);
    out.push_back(std::move(l));
  }
  if (rc != SQLITE_DONE) return q.Error("listing loads");
  return out;
}

}  // namespace tributary::ingest
