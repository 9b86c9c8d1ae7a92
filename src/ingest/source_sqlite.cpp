// SQLite sources: a database file opened read-only. An extract is one read
// transaction (a snapshot when the file is in WAL mode; in rollback-journal
// mode writers wait for it), stepping its SELECT a row at a time.
//
// Columns take their type from the declared type, by SQLite's affinity
// rules: NUMERIC(p,s) and DECIMAL(p,s) are NUMERIC(p,s) (bare NUMERIC is
// NUMERIC(38,6)), a name with INT is BIGINT, with CHAR, CLOB or TEXT VARCHAR
// (lengths are not enforced, so none is kept), with REAL, FLOA or DOUB
// DOUBLE, BOOL BOOLEAN, DATETIME or TIMESTAMP TIMESTAMP (TIMESTAMPTZ
// TIMESTAMPTZ), DATE DATE; anything else, and no type, VARCHAR. SQLite does
// not hold a column to its type: a value that does not convert fails the
// extract naming the row, the column and the value.
#include <sqlite3.h>

#include <cctype>
#include <charconv>
#include <cstring>
#include <optional>

#include "ingest/source_common.hpp"
#include "ingest/source_kinds.hpp"
#include "ingest/text_batch.hpp"

namespace tributary::ingest {

namespace {

constexpr int kBusyTimeoutMs = 10000;

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;

struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

struct TableName {
  std::string schema;  // "main", or an attached database
  std::string name;
  std::string Display() const { return schema == "main" ? name : schema + "." + name; }
};

TableName SplitTable(const std::string& table) {
  auto dot = table.find('.');
  if (dot == std::string::npos) return {"main", table};
  return {table.substr(0, dot), table.substr(dot + 1)};
}

std::string Quoted(const std::string& identifier) {
  std::string out = "\"";
  for (char c : identifier) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

/// NUMERIC(p,s) / DECIMAL(p) from a declared type, upper-cased.
std::optional<LogicalType> DeclaredNumeric(const std::string& type) {
  if (type.rfind("NUMERIC", 0) != 0 && type.rfind("DECIMAL", 0) != 0) return std::nullopt;
  auto open = type.find('(');
  if (open == std::string::npos) {
    return LogicalType::NumericUnchecked(LogicalType::kDefaultNumericPrecision, LogicalType::kDefaultNumericScale);
  }
  int precision = 0, scale = 0;
  const char* p = type.c_str() + open + 1;
  const char* end = type.c_str() + type.size();
  while (p < end && *p == ' ') p++;
  auto [after_precision, ec] = std::from_chars(p, end, precision);
  if (ec != std::errc()) return LogicalType::Varchar();
  p = after_precision;
  while (p < end && *p == ' ') p++;
  if (p < end && *p == ',') {
    p++;
    while (p < end && *p == ' ') p++;
    auto [after_scale, ec2] = std::from_chars(p, end, scale);
    if (ec2 != std::errc()) return LogicalType::Varchar();
  }
  auto numeric = LogicalType::Numeric(precision, scale);
  if (!numeric.ok()) return LogicalType::Varchar();  // wider than 38 digits: keep the text
  return *numeric;
}

LogicalType MapType(std::string declared) {
  for (char& c : declared) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto has = [&](const char* part) { return declared.find(part) != std::string::npos; };
  if (auto numeric = DeclaredNumeric(declared)) return *numeric;
  if (has("INT")) return LogicalType::BigInt();
  if (has("CHAR") || has("CLOB") || has("TEXT")) return LogicalType::Varchar();
  if (has("REAL") || has("FLOA") || has("DOUB")) return LogicalType::Double();
  if (has("BOOL")) return LogicalType::Boolean();
  if (has("TIMESTAMPTZ") || has("WITH TIME ZONE")) return LogicalType::TimestampTz();
  if (has("DATETIME") || has("TIMESTAMP")) return LogicalType::Timestamp();
  if (has("DATE")) return LogicalType::Date();
  return LogicalType::Varchar();
}

/// The file a source reads, and how its messages name it. A copy travels
/// with each extract, which may outlive its source.
class Endpoint {
 public:
  explicit Endpoint(SourceSettings settings) : settings_(std::move(settings)) {
    describe_ = "sqlite " + settings_.Get("path");
    errors_ = {settings_.region, describe_, ""};
  }

  const std::string& describe() const { return describe_; }
  const SourceErrors& errors() const { return errors_; }

  /// "region EMEA: sqlite /data/emea.db: <step>: <message>" (no step when
  /// the message starts with its own).
  Status Fail(StatusCode code, std::string_view step, std::string_view message) const {
    return errors_.Fail(code, step, message);
  }
  Status Fail(std::string_view step, sqlite3* db) const {
    const int code = sqlite3_extended_errcode(db) & 0xff;
    return Fail(code == SQLITE_CANTOPEN ? StatusCode::kNotFound : StatusCode::kIOError, step, sqlite3_errmsg(db));
  }

  Result<Db> Connect() const {
    const std::string path = settings_.Get("path");
    if (path.empty()) return Fail(StatusCode::kInvalidArgument, "open", "the source names no path");
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    Db db(raw);
    if (rc != SQLITE_OK) {
      if (db == nullptr) return Fail(StatusCode::kInternal, "open", "SQLite could not allocate a connection");
      return Fail("open", db.get());
    }
    sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
    return db;
  }

  Result<Stmt> Prepare(sqlite3* db, std::string_view step, const std::string& sql) const {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr) != SQLITE_OK) {
      return Fail(step, db);
    }
    return Stmt(raw);
  }

  Status Command(sqlite3* db, std::string_view step, const std::string& sql) const {
    char* error = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      Status st = Fail(StatusCode::kIOError, step, error != nullptr ? error : sqlite3_errmsg(db));
      sqlite3_free(error);
      return st;
    }
    return Status::OK();
  }

  Result<std::vector<SourceColumn>> Describe(sqlite3* db, const TableName& table) const {
    TRIB_ASSIGN_OR_RETURN(
        Stmt stmt, Prepare(db, "describe table", "SELECT name, type, \"notnull\" FROM pragma_table_info(?1, ?2)"));
    sqlite3_bind_text(stmt.get(), 1, table.name.data(), static_cast<int>(table.name.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt.get(), 2, table.schema.data(), static_cast<int>(table.schema.size()), SQLITE_TRANSIENT);
    std::vector<SourceColumn> columns;
    int rc;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
      SourceColumn column;
      auto text = [&](int i) {
        const unsigned char* v = sqlite3_column_text(stmt.get(), i);
        return v == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(v));
      };
      column.name = text(0);
      column.source_type = text(1);
      column.type = MapType(column.source_type);
      column.nullable = sqlite3_column_int(stmt.get(), 2) == 0;
      columns.push_back(std::move(column));
    }
    if (rc != SQLITE_DONE) return Fail("describe table", db);
    if (columns.empty()) {
      return Fail(StatusCode::kNotFound, "describe table", fmt::format("table \"{}\" does not exist", table.Display()));
    }
    return columns;
  }

 private:
  SourceSettings settings_;
  std::string describe_;
  SourceErrors errors_;
};

class SqliteExtract : public Extract {
 public:
  SqliteExtract(Endpoint endpoint, Db db, Stmt stmt, std::vector<SourceColumn> schema, std::string origin)
      : endpoint_(std::move(endpoint)),
        db_(std::move(db)),
        stmt_(std::move(stmt)),
        schema_(std::move(schema)),
        origin_(std::move(origin)),
        builder_(Types(schema_), Names(schema_)) {}

  const std::vector<SourceColumn>& schema() const override { return schema_; }
  const std::string& current_origin() const override { return origin_; }
  const ExtractStats& stats() const override { return stats_; }

  Result<bool> Next(ColumnBatch* batch) override {
    if (!failed_.ok()) return failed_;
    Result<bool> next = Read(batch);
    if (!next.ok()) failed_ = next.status();
    return next;
  }

 private:
  /// The next batch; a failure ends the extract (Next repeats it).
  Result<bool> Read(ColumnBatch* batch) {
    if (stmt_ == nullptr) return false;
    const int columns = static_cast<int>(schema_.size());
    while (!builder_.full()) {
      const int rc = sqlite3_step(stmt_.get());
      if (rc == SQLITE_DONE) {
        stmt_.reset();
        TRIB_RETURN_NOT_OK(endpoint_.Command(db_.get(), "extract", "COMMIT"));
        break;
      }
      if (rc != SQLITE_ROW) return endpoint_.Fail("extract", db_.get());
      builder_.StartRow(stats_.rows + static_cast<int64_t>(builder_.rows()) + 1);
      for (int c = 0; c < columns; c++) {
        switch (sqlite3_column_type(stmt_.get(), c)) {
          case SQLITE_NULL: builder_.SetNull(static_cast<size_t>(c)); break;
          case SQLITE_FLOAT: {
            // The shortest text that reads back as the same double (SQLite's
            // own text keeps only 15 digits).
            char text[32];
            auto [end, ec] = std::to_chars(text, text + sizeof text, sqlite3_column_double(stmt_.get(), c));
            const size_t n = ec == std::errc() ? static_cast<size_t>(end - text) : 0;
            builder_.Set(static_cast<size_t>(c), std::string_view(text, n));
            stats_.bytes += static_cast<int64_t>(n);
            break;
          }
          default: {
            const unsigned char* text = sqlite3_column_text(stmt_.get(), c);
            const int n = sqlite3_column_bytes(stmt_.get(), c);
            if (text == nullptr) return endpoint_.Fail("extract", db_.get());  // out of memory
            builder_.Set(static_cast<size_t>(c),
                         std::string_view(reinterpret_cast<const char*>(text), static_cast<size_t>(n)));
            stats_.bytes += n;
          }
        }
      }
    }
    if (builder_.rows() == 0) return false;
    Status st = builder_.Finish(batch);
    if (!st.ok()) return endpoint_.Fail(st.code(), "", st.message());
    stats_.rows += static_cast<int64_t>(batch->num_rows());
    return true;
  }

  static std::vector<LogicalType> Types(const std::vector<SourceColumn>& columns) {
    std::vector<LogicalType> out;
    for (const auto& c : columns) out.push_back(c.type);
    return out;
  }
  static std::vector<std::string> Names(const std::vector<SourceColumn>& columns) {
    std::vector<std::string> out;
    for (const auto& c : columns) out.push_back(c.name);
    return out;
  }

  Endpoint endpoint_;
  Db db_;
  Stmt stmt_;  // declared after db_: finalized first
  std::vector<SourceColumn> schema_;
  std::string origin_;
  TextBatchBuilder builder_;
  ExtractStats stats_;
  Status failed_;
};

class SqliteSource : public Source {
 public:
  explicit SqliteSource(SourceSettings settings) : endpoint_(std::move(settings)) {}

  std::string Describe() const override { return endpoint_.describe(); }

  Result<std::vector<SourceColumn>> Columns(const ExtractRequest& request) override {
    TRIB_ASSIGN_OR_RETURN(Db db, endpoint_.Connect());
    return endpoint_.Describe(db.get(), SplitTable(request.table));
  }

  Result<std::vector<SourceFile>> ListReady(const ExtractRequest&) override { return std::vector<SourceFile>(); }

  Result<std::unique_ptr<Extract>> Open(const ExtractRequest& request) override {
    const TableName table = SplitTable(request.table);
    TRIB_ASSIGN_OR_RETURN(Db db, endpoint_.Connect());
    // Deferred: the read transaction (the snapshot) starts at the first read.
    TRIB_RETURN_NOT_OK(endpoint_.Command(db.get(), "begin snapshot", "BEGIN"));
    TRIB_ASSIGN_OR_RETURN(auto all, endpoint_.Describe(db.get(), table));
    TRIB_ASSIGN_OR_RETURN(auto schema, SelectColumns(endpoint_.errors(), all, request, table.Display(), /*ignore_case=*/true));
    std::string sql = "SELECT ";
    for (size_t i = 0; i < schema.size(); i++) {
      if (i > 0) sql += ", ";
      sql += Quoted(schema[i].name);
    }
    sql += " FROM " + Quoted(table.schema) + "." + Quoted(table.name);
    const bool bounded = !request.cursor.empty() && request.lower_bound.has_value();
    // A bound parameter has no affinity: the column's own applies, so "5"
    // compares as 5 against an INTEGER column and as text against a TEXT one.
    if (bounded) sql += " WHERE " + Quoted(request.cursor) + " >= ?1";
    TRIB_ASSIGN_OR_RETURN(Stmt stmt, endpoint_.Prepare(db.get(), "extract", sql));
    if (bounded) {
      sqlite3_bind_text(stmt.get(), 1, request.lower_bound->data(), static_cast<int>(request.lower_bound->size()),
                        SQLITE_TRANSIENT);
    }
    return std::unique_ptr<Extract>(
        std::make_unique<SqliteExtract>(endpoint_, std::move(db), std::move(stmt), std::move(schema), table.Display()));
  }

 private:
  Endpoint endpoint_;
};

}  // namespace

Result<std::unique_ptr<Source>> OpenSqliteSource(const SourceSettings& settings) {
  return std::unique_ptr<Source>(std::make_unique<SqliteSource>(settings));
}

}  // namespace tributary::ingest
