// PostgreSQL sources through libpq. An extract is one REPEATABLE READ, READ
// ONLY transaction streaming `COPY (SELECT ...) TO STDOUT` in text format, a
// row at a time: memory is one batch of text, whatever the table's size.
#include <libpq-fe.h>

#include <cctype>
#include <cstring>
#include <deque>

#include "ingest/source_common.hpp"
#include "ingest/source_kinds.hpp"
#include "ingest/text_batch.hpp"

namespace tributary::ingest {

namespace {

struct ConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using PgConn = std::unique_ptr<PGconn, ConnCloser>;

struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, ResultClearer>;

/// libpq's message on one line: it ends in a newline and puts hints on
/// indented lines of their own.
std::string OneLine(const char* message) {
  std::string out;
  bool space = false;
  for (const char* p = message; p != nullptr && *p != '\0'; p++) {
    if (*p == '\n' || *p == '\t' || *p == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += *p;
  }
  return out;
}

struct TableName {
  std::string schema;
  std::string name;
  std::string Display() const { return schema + "." + name; }
};

/// `name` or `schema.name`, unquoted, as the catalog spells them.
TableName SplitTable(const std::string& table, const std::string& default_schema) {
  auto dot = table.find('.');
  if (dot == std::string::npos) return {default_schema, table};
  return {table.substr(0, dot), table.substr(dot + 1)};
}

/// The Tributary type for a PostgreSQL base type (`typname`, `typmod` as in
/// pg_attribute). Types Tributary has no counterpart for arrive as their
/// text form.
LogicalType MapType(const std::string& typname, int typmod) {
  if (typname == "int2") return LogicalType::SmallInt();
  if (typname == "int4") return LogicalType::Integer();
  if (typname == "int8") return LogicalType::BigInt();
  if (typname == "float4") return LogicalType::Real();
  if (typname == "float8") return LogicalType::Double();
  if (typname == "bool") return LogicalType::Boolean();
  if (typname == "date") return LogicalType::Date();
  if (typname == "timestamp") return LogicalType::Timestamp();
  if (typname == "timestamptz") return LogicalType::TimestampTz();
  if (typname == "numeric") {
    if (typmod < 4) {
      return LogicalType::NumericUnchecked(LogicalType::kDefaultNumericPrecision, LogicalType::kDefaultNumericScale);
    }
    const int packed = typmod - 4;
    const int precision = (packed >> 16) & 0xffff;
    const int scale = ((packed & 0x7ff) ^ 0x400) - 0x400;  // 11-bit signed since PostgreSQL 15
    // numeric(5,-2) holds 5 significant digits and 2 zeros; wider than 38
    // digits keeps its exact text.
    const int digits = scale < 0 ? precision - scale : precision;
    if (digits > LogicalType::kMaxNumericPrecision) return LogicalType::Varchar();
    if (scale < 0) return LogicalType::NumericUnchecked(digits, 0);
    return LogicalType::NumericUnchecked(precision, scale);
  }
  if (typname == "varchar" && typmod >= 4) return LogicalType::Varchar(typmod - 4);
  return LogicalType::Varchar();  // text, bpchar, uuid, json, jsonb, arrays, ...
}

/// Decodes one row of COPY's text format (tab-separated fields, `\N` for
/// NULL, backslash escapes) into the builder's current row. Returns the
/// number of fields the row has.
size_t ReadCopyRow(std::string_view row, TextBatchBuilder* out, std::string* scratch) {
  if (!row.empty() && row.back() == '\n') row.remove_suffix(1);
  size_t field = 0;
  size_t pos = 0;
  while (true) {
    size_t end = row.find('\t', pos);
    if (end == std::string_view::npos) end = row.size();
    std::string_view raw = row.substr(pos, end - pos);
    if (field < out->num_columns()) {
      if (raw == "\\N") {
        out->SetNull(field);
      } else if (raw.find('\\') == std::string_view::npos) {
        out->Set(field, raw);
      } else {
        scratch->clear();
        for (size_t i = 0; i < raw.size(); i++) {
          if (raw[i] != '\\' || i + 1 == raw.size()) {
            *scratch += raw[i];
            continue;
          }
          const char c = raw[++i];
          switch (c) {
            case 'b': *scratch += '\b'; break;
            case 'f': *scratch += '\f'; break;
            case 'n': *scratch += '\n'; break;
            case 'r': *scratch += '\r'; break;
            case 't': *scratch += '\t'; break;
            case 'v': *scratch += '\v'; break;
            case 'x': {
              int value = 0, digits = 0;
              while (digits < 2 && i + 1 < raw.size() && std::isxdigit(static_cast<unsigned char>(raw[i + 1]))) {
                const char h = raw[++i];
                value = value * 16 + (std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (h | 0x20) - 'a' + 10);
                digits++;
              }
              if (digits == 0) {
                *scratch += 'x';
              } else {
                *scratch += static_cast<char>(value);
              }
              break;
            }
            default:
              if (c >= '0' && c <= '7') {
                int value = c - '0';
                for (int digits = 1; digits < 3 && i + 1 < raw.size() && raw[i + 1] >= '0' && raw[i + 1] <= '7';
                     digits++) {
                  value = value * 8 + (raw[++i] - '0');
                }
                *scratch += static_cast<char>(value);
              } else {
                *scratch += c;  // \\ and any other escaped character stand for themselves
              }
          }
        }
        out->Set(field, *scratch);
      }
    }
    field++;
    if (end == row.size()) return field;
    pos = end + 1;
  }
}

/// Where a PostgreSQL source connects, and how its messages name it. A
/// copy travels with each extract, which may outlive its source.
class Endpoint {
 public:
  Endpoint(SourceSettings settings, std::string password)
      : settings_(std::move(settings)), password_(std::move(password)) {
    describe_ = "postgres " + settings_.Get("host", "127.0.0.1") + ":" + settings_.Get("port", "5432") + "/" +
                settings_.Get("database");
    errors_ = {settings_.region, describe_, password_};
  }

  const std::string& describe() const { return describe_; }
  const SourceErrors& errors() const { return errors_; }
  std::string schema() const { return settings_.Get("schema", "public"); }

  /// "region EMEA: postgres 127.0.0.1:5432/sales: <step>: <message>" (no
  /// step when the message starts with its own), with the password masked
  /// should a server ever echo it.
  Status Fail(StatusCode code, std::string_view step, std::string_view message) const {
    return errors_.Fail(code, step, message);
  }
  Status Fail(std::string_view step, PGconn* conn) const {
    return Fail(StatusCode::kIOError, step, OneLine(PQerrorMessage(conn)));
  }
  /// The result's error (its primary message, without the statement
  /// echoed back), or `conn`'s when there is no result.
  Status Fail(std::string_view step, PGconn* conn, const PGresult* result) const {
    const char* message = result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    if (message == nullptr || *message == '\0') message = PQerrorMessage(conn);
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const bool missing = state != nullptr && std::strcmp(state, "42P01") == 0;
    return Fail(missing ? StatusCode::kNotFound : StatusCode::kIOError, step, OneLine(message));
  }

  Result<PgConn> Connect() const {
    const std::string host = settings_.Get("host", "127.0.0.1");
    const std::string port = settings_.Get("port", "5432");
    const std::string database = settings_.Get("database");
    const std::string user = settings_.Get("user");
    const std::string timeout = settings_.Get("connect_timeout", "10");
    const std::string sslmode = settings_.Get("sslmode");
    if (database.empty()) return Fail(StatusCode::kInvalidArgument, "connect", "the source names no database");
    for (char c : port + timeout) {
      if (!std::isdigit(static_cast<unsigned char>(c))) {
        return Fail(StatusCode::kInvalidArgument, "connect",
                    fmt::format("port \"{}\" and connect_timeout \"{}\" must be whole numbers", port, timeout));
      }
    }
    std::vector<const char*> keys;
    std::vector<const char*> values;
    std::deque<std::string> owned;  // what `values` points into
    auto add = [&](const char* key, std::string value) {
      if (value.empty()) return;
      keys.push_back(key);
      values.push_back(owned.emplace_back(std::move(value)).c_str());
    };
    add("host", host);
    add("port", port);
    add("dbname", database);
    add("user", user);
    add("password", password_);
    add("connect_timeout", timeout);
    add("sslmode", sslmode);
    add("client_encoding", "UTF8");
    add("application_name", "tributary ingest");
    // A server that vanishes mid-extract is noticed in about a minute instead
    // of blocking the read forever.
    add("keepalives", "1");
    add("keepalives_idle", "30");
    add("keepalives_interval", "10");
    add("keepalives_count", "3");
    keys.push_back(nullptr);
    values.push_back(nullptr);
    PgConn conn(PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/0));
    if (conn == nullptr) return Fail(StatusCode::kInternal, "connect", "libpq could not allocate a connection");
    if (PQstatus(conn.get()) != CONNECTION_OK) {
      std::string message = OneLine(PQerrorMessage(conn.get()));
      const bool auth = message.find("password authentication failed") != std::string::npos ||
                        message.find("no password supplied") != std::string::npos;
      return Fail(auth ? StatusCode::kUnauthenticated : StatusCode::kIOError, "connect", message);
    }
    return conn;
  }

  /// Runs a statement that returns no rows.
  Status Command(PGconn* conn, std::string_view step, const std::string& sql) const {
    PgResult result(PQexec(conn, sql.c_str()));
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) return Fail(step, conn, result.get());
    return Status::OK();
  }

  /// The table's columns in ordinal order. Domains map as their base type.
  Result<std::vector<SourceColumn>> Describe(PGconn* conn, const TableName& table) const {
    static constexpr const char* kColumns = R"(
      SELECT a.attname,
             pg_catalog.format_type(a.atttypid, a.atttypmod),
             b.typname,
             CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END,
             a.attnotnull
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        JOIN pg_catalog.pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
       WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
         AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum)";
    const char* params[2] = {table.schema.c_str(), table.name.c_str()};
    PgResult result(PQexecParams(conn, kColumns, 2, nullptr, params, nullptr, nullptr, 0));
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) return Fail("describe table", conn, result.get());
    std::vector<SourceColumn> columns;
    for (int r = 0; r < PQntuples(result.get()); r++) {
      SourceColumn column;
      column.name = PQgetvalue(result.get(), r, 0);
      column.source_type = PQgetvalue(result.get(), r, 1);
      column.type = MapType(PQgetvalue(result.get(), r, 2), std::atoi(PQgetvalue(result.get(), r, 3)));
      column.nullable = std::strcmp(PQgetvalue(result.get(), r, 4), "t") != 0;
      columns.push_back(std::move(column));
    }
    if (columns.empty()) {
      static constexpr const char* kExists = R"(
        SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f'))";
      PgResult exists(PQexecParams(conn, kExists, 2, nullptr, params, nullptr, nullptr, 0));
      if (PQresultStatus(exists.get()) != PGRES_TUPLES_OK) return Fail("describe table", conn, exists.get());
      if (PQntuples(exists.get()) > 0) {
        return Fail(StatusCode::kInvalidArgument, "describe table",
                    fmt::format("table \"{}\" has no columns", table.Display()));
      }
      return Fail(StatusCode::kNotFound, "describe table", fmt::format("table \"{}\" does not exist", table.Display()));
    }
    return columns;
  }

 private:
  SourceSettings settings_;
  std::string password_;
  std::string describe_;
  SourceErrors errors_;
};

class PostgresExtract : public Extract {
 public:
  PostgresExtract(const Endpoint& endpoint, PgConn conn, std::vector<SourceColumn> schema, std::string origin)
      : endpoint_(endpoint),
        conn_(std::move(conn)),
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
    if (done_) return false;
    while (!builder_.full()) {
      char* buffer = nullptr;
      const int length = PQgetCopyData(conn_.get(), &buffer, /*async=*/0);
      if (length == -1) {
        TRIB_RETURN_NOT_OK(FinishCopy());
        break;
      }
      if (length < 0) return endpoint_.Fail("extract", conn_.get());
      stats_.bytes += length;
      const int64_t number = stats_.rows + static_cast<int64_t>(builder_.rows()) + 1;
      builder_.StartRow(number);
      const size_t fields = ReadCopyRow(std::string_view(buffer, static_cast<size_t>(length)), &builder_, &scratch_);
      PQfreemem(buffer);
      if (fields != schema_.size()) {
        return endpoint_.Fail(StatusCode::kCorruption, fmt::format("read row {}", number),
                              fmt::format("COPY sent {} fields for {} columns", fields, schema_.size()));
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

  /// After the last row: the COPY's own outcome (an error mid-query arrives
  /// here), then the end of the read-only transaction.
  Status FinishCopy() {
    done_ = true;
    PgResult result(PQgetResult(conn_.get()));
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) return endpoint_.Fail("extract", conn_.get(), result.get());
    while (PGresult* extra = PQgetResult(conn_.get())) PQclear(extra);
    return endpoint_.Command(conn_.get(), "extract", "COMMIT");
  }

  Endpoint endpoint_;
  PgConn conn_;
  std::vector<SourceColumn> schema_;
  std::string origin_;
  TextBatchBuilder builder_;
  std::string scratch_;
  ExtractStats stats_;
  bool done_ = false;
  Status failed_;
};

class PostgresSource : public Source {
 public:
  PostgresSource(SourceSettings settings, std::string password) : endpoint_(std::move(settings), std::move(password)) {}

  std::string Describe() const override { return endpoint_.describe(); }

  Result<std::vector<SourceColumn>> Columns(const ExtractRequest& request) override {
    TRIB_ASSIGN_OR_RETURN(PgConn conn, endpoint_.Connect());
    return endpoint_.Describe(conn.get(), SplitTable(request.table, endpoint_.schema()));
  }

  Result<std::vector<SourceFile>> ListReady(const ExtractRequest&) override { return std::vector<SourceFile>(); }

  Result<std::unique_ptr<Extract>> Open(const ExtractRequest& request) override {
    const TableName table = SplitTable(request.table, endpoint_.schema());
    TRIB_ASSIGN_OR_RETURN(PgConn conn, endpoint_.Connect());
    TRIB_RETURN_NOT_OK(
        endpoint_.Command(conn.get(), "begin snapshot", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    // Values arrive as text the casts read: ISO dates, timestamptz in UTC.
    TRIB_RETURN_NOT_OK(endpoint_.Command(conn.get(), "begin snapshot", "SET TIME ZONE 'UTC'"));
    TRIB_RETURN_NOT_OK(endpoint_.Command(conn.get(), "begin snapshot", "SET DateStyle = 'ISO, YMD'"));
    TRIB_ASSIGN_OR_RETURN(auto all, endpoint_.Describe(conn.get(), table));
    TRIB_ASSIGN_OR_RETURN(auto schema, SelectColumns(endpoint_.errors(), all, request, table.Display(), /*ignore_case=*/false));

    TRIB_ASSIGN_OR_RETURN(std::string select_list, QuoteList(conn.get(), schema));
    TRIB_ASSIGN_OR_RETURN(std::string from, Quote(conn.get(), table.schema));
    TRIB_ASSIGN_OR_RETURN(std::string name, Quote(conn.get(), table.name));
    std::string sql = "COPY (SELECT " + select_list + " FROM " + from + "." + name;
    if (!request.cursor.empty() && request.lower_bound) {
      TRIB_ASSIGN_OR_RETURN(std::string cursor, Quote(conn.get(), request.cursor));
      char* literal = PQescapeLiteral(conn.get(), request.lower_bound->data(), request.lower_bound->size());
      if (literal == nullptr) return endpoint_.Fail("extract", conn.get());
      sql += " WHERE " + cursor + " >= " + literal;
      PQfreemem(literal);
    }
    sql += ") TO STDOUT";
    PgResult result(PQexec(conn.get(), sql.c_str()));
    if (PQresultStatus(result.get()) != PGRES_COPY_OUT) return endpoint_.Fail("extract", conn.get(), result.get());
    return std::unique_ptr<Extract>(
        std::make_unique<PostgresExtract>(endpoint_, std::move(conn), std::move(schema), table.Display()));
  }

 private:
  Result<std::string> Quote(PGconn* conn, const std::string& identifier) const {
    char* quoted = PQescapeIdentifier(conn, identifier.data(), identifier.size());
    if (quoted == nullptr) return endpoint_.Fail("extract", conn);
    std::string out(quoted);
    PQfreemem(quoted);
    return out;
  }
  Result<std::string> QuoteList(PGconn* conn, const std::vector<SourceColumn>& columns) const {
    std::string out;
    for (const auto& c : columns) {
      TRIB_ASSIGN_OR_RETURN(std::string quoted, Quote(conn, c.name));
      if (!out.empty()) out += ", ";
      out += quoted;
    }
    return out;
  }

  Endpoint endpoint_;
};

}  // namespace

Result<std::unique_ptr<Source>> OpenPostgresSource(const SourceSettings& settings) {
  TRIB_ASSIGN_OR_RETURN(std::string password, settings.Password());
  return std::unique_ptr<Source>(std::make_unique<PostgresSource>(settings, std::move(password)));
}

}  // namespace tributary::ingest
