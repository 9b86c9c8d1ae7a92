// MariaDB (and MySQL) sources through libmariadb. An extract is one
// REPEATABLE READ, READ ONLY transaction started WITH CONSISTENT SNAPSHOT,
// streaming its SELECT unbuffered (mysql_use_result): memory is one batch of
// text, whatever the table's size.
//
// Types: TINYINT(1), which is what BOOLEAN means in MariaDB, stays SMALLINT:
// the column may hold any of -128..127 and nothing marks the ones meant as
// flags. Unsigned integers widen to the next type that holds them (BIGINT
// UNSIGNED to NUMERIC(20,0)); YEAR is SMALLINT; DATETIME and TIMESTAMP are
// TIMESTAMP, read with the session in UTC; DECIMAL wider than 38 digits, TIME,
// BIT, ENUM, SET, JSON and the text and binary types arrive as VARCHAR.
// Zero dates ('0000-00-00') are not dates: they fail the extract naming the
// row, the column and the value.
#include <mysql.h>
#include <strings.h>
#include <sys/socket.h>

#include <cctype>
#include <cstring>
#include <mutex>

#include "ingest/source_common.hpp"
#include "ingest/source_kinds.hpp"
#include "ingest/text_batch.hpp"

namespace tributary::ingest {

namespace {

constexpr unsigned int kErrAccessDenied = 1045;  // ER_ACCESS_DENIED_ERROR
constexpr unsigned int kErrBadDatabase = 1049;   // ER_BAD_DB_ERROR
constexpr unsigned int kErrNoSuchTable = 1146;   // ER_NO_SUCH_TABLE

struct ConnCloser {
  void operator()(MYSQL* conn) const { mysql_close(conn); }
};
using MyConn = std::unique_ptr<MYSQL, ConnCloser>;

struct ResultFreer {
  void operator()(MYSQL_RES* result) const { mysql_free_result(result); }
};
using MyResult = std::unique_ptr<MYSQL_RES, ResultFreer>;

struct TableName {
  std::string schema;
  std::string name;
  std::string Display() const { return schema + "." + name; }
};

TableName SplitTable(const std::string& table, const std::string& database) {
  auto dot = table.find('.');
  if (dot == std::string::npos) return {database, table};
  return {table.substr(0, dot), table.substr(dot + 1)};
}

std::string Backticked(const std::string& identifier) {
  std::string out = "`";
  for (char c : identifier) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

/// The Tributary type for an information_schema.COLUMNS row (see the file
/// comment for the choices).
LogicalType MapType(const std::string& data_type, const std::string& column_type, int64_t precision, int64_t scale,
                    int64_t max_length) {
  const bool is_unsigned = column_type.find("unsigned") != std::string::npos;
  if (data_type == "tinyint") return LogicalType::SmallInt();
  if (data_type == "smallint") return is_unsigned ? LogicalType::Integer() : LogicalType::SmallInt();
  if (data_type == "mediumint") return LogicalType::Integer();
  if (data_type == "int" || data_type == "integer") return is_unsigned ? LogicalType::BigInt() : LogicalType::Integer();
  if (data_type == "bigint") return is_unsigned ? LogicalType::NumericUnchecked(20, 0) : LogicalType::BigInt();
  if (data_type == "year") return LogicalType::SmallInt();
  if (data_type == "decimal" || data_type == "numeric") {
    if (precision >= 1 && precision <= LogicalType::kMaxNumericPrecision && scale >= 0 && scale <= precision) {
      return LogicalType::NumericUnchecked(static_cast<int>(precision), static_cast<int>(scale));
    }
    return LogicalType::Varchar();
  }
  if (data_type == "float") return LogicalType::Real();
  if (data_type == "double" || data_type == "real") return LogicalType::Double();
  if (data_type == "date") return LogicalType::Date();
  if (data_type == "datetime" || data_type == "timestamp") return LogicalType::Timestamp();
  if (data_type == "varchar" && max_length >= 0 && max_length <= INT32_MAX) {
    return LogicalType::Varchar(static_cast<int32_t>(max_length));
  }
  return LogicalType::Varchar();
}

/// Where a MariaDB source connects, and how its messages name it. A copy
/// travels with each extract, which may outlive its source.
class Endpoint {
 public:
  Endpoint(SourceSettings settings, std::string password)
      : settings_(std::move(settings)), password_(std::move(password)) {
    describe_ = "mariadb " + settings_.Get("host", "127.0.0.1") + ":" + settings_.Get("port", "3306") + "/" +
                settings_.Get("database");
    errors_ = {settings_.region, describe_, password_};
  }

  const std::string& describe() const { return describe_; }
  const SourceErrors& errors() const { return errors_; }
  std::string database() const { return settings_.Get("database"); }

  /// "region EMEA: mariadb 127.0.0.1:3306/sales: <step>: <message>" (no
  /// step when the message starts with its own), the password masked.
  Status Fail(StatusCode code, std::string_view step, std::string_view message) const {
    return errors_.Fail(code, step, message);
  }
  Status Fail(std::string_view step, MYSQL* conn) const {
    StatusCode code = StatusCode::kIOError;
    switch (mysql_errno(conn)) {
      case kErrAccessDenied: code = StatusCode::kUnauthenticated; break;
      case kErrBadDatabase:
      case kErrNoSuchTable: code = StatusCode::kNotFound; break;
      default: break;
    }
    return Fail(code, step, mysql_error(conn));
  }

  Result<MyConn> Connect() const {
    const std::string host = settings_.Get("host", "127.0.0.1");
    const std::string port_text = settings_.Get("port", "3306");
    const std::string timeout_text = settings_.Get("connect_timeout", "10");
    const std::string user = settings_.Get("user");
    const std::string db = database();
    if (db.empty()) return Fail(StatusCode::kInvalidArgument, "connect", "the source names no database");
    unsigned int port = 0, timeout = 0;
    if (!ParseUnsigned(port_text, &port) || port > 65535 || !ParseUnsigned(timeout_text, &timeout)) {
      return Fail(StatusCode::kInvalidArgument, "connect",
                  fmt::format("port \"{}\" and connect_timeout \"{}\" must be whole numbers", port_text, timeout_text));
    }
    // mysql_init would initialise the library unguarded, a race when
    // extracts start on several threads at once.
    static std::once_flag library;
    std::call_once(library, [] { mysql_library_init(0, nullptr, nullptr); });
    MyConn conn(mysql_init(nullptr));
    if (conn == nullptr) return Fail(StatusCode::kInternal, "connect", "libmariadb could not allocate a connection");
    mysql_options(conn.get(), MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    mysql_options(conn.get(), MYSQL_SET_CHARSET_NAME, "utf8mb4");
    if (mysql_real_connect(conn.get(), host.c_str(), user.c_str(), password_.c_str(), db.c_str(), port, nullptr, 0) ==
        nullptr) {
      return Fail("connect", conn.get());
    }
    return conn;
  }

  Status Command(MYSQL* conn, std::string_view step, const std::string& sql) const {
    if (mysql_real_query(conn, sql.data(), sql.size()) != 0) return Fail(step, conn);
    // Statements without rows leave no result; drain one if there is.
    MyResult drained(mysql_store_result(conn));
    if (drained == nullptr && mysql_field_count(conn) != 0) return Fail(step, conn);
    return Status::OK();
  }

  std::string Literal(MYSQL* conn, const std::string& text) const {
    std::string out(text.size() * 2 + 1, '\0');
    unsigned long n = mysql_real_escape_string(conn, out.data(), text.data(), text.size());
    out.resize(n);
    return "'" + out + "'";
  }

  Result<std::vector<SourceColumn>> Describe(MYSQL* conn, const TableName& table) const {
    const std::string sql =
        "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, NUMERIC_PRECISION, NUMERIC_SCALE, "
        "CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = " +
        Literal(conn, table.schema) + " AND TABLE_NAME = " + Literal(conn, table.name) + " ORDER BY ORDINAL_POSITION";
    if (mysql_real_query(conn, sql.data(), sql.size()) != 0) return Fail("describe table", conn);
    MyResult result(mysql_store_result(conn));
    if (result == nullptr) return Fail("describe table", conn);
    auto number = [](const char* text) -> int64_t { return text == nullptr ? -1 : std::strtoll(text, nullptr, 10); };
    std::vector<SourceColumn> columns;
    while (MYSQL_ROW row = mysql_fetch_row(result.get())) {
      SourceColumn column;
      column.name = row[0] != nullptr ? row[0] : "";
      std::string data_type = row[1] != nullptr ? row[1] : "";
      for (char& c : data_type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      column.source_type = row[2] != nullptr ? row[2] : data_type;
      column.nullable = row[3] == nullptr || std::strcmp(row[3], "NO") != 0;
      column.type = MapType(data_type, column.source_type, number(row[4]), number(row[5]), number(row[6]));
      columns.push_back(std::move(column));
    }
    if (columns.empty()) {
      return Fail(StatusCode::kNotFound, "describe table",
                  fmt::format("table \"{}\" does not exist (or the user may not read it)", table.Display()));
    }
    return columns;
  }

 private:
  static bool ParseUnsigned(const std::string& text, unsigned int* out) {
    if (text.empty() || text.size() > 9) return false;
    for (char c : text) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    *out = static_cast<unsigned int>(std::stoul(text));
    return true;
  }

  SourceSettings settings_;
  std::string password_;
  std::string describe_;
  SourceErrors errors_;
};

class MariaDbExtract : public Extract {
 public:
  MariaDbExtract(Endpoint endpoint, MyConn conn, MYSQL_RES* result, std::vector<SourceColumn> schema,
                 std::string origin)
      : endpoint_(std::move(endpoint)),
        conn_(std::move(conn)),
        result_(result),
        schema_(std::move(schema)),
        origin_(std::move(origin)),
        builder_(Types(schema_), Names(schema_)) {}

  ~MariaDbExtract() override {
    if (result_ != nullptr) {
      // Freeing an unfinished unbuffered result reads every remaining row;
      // an abandoned extract drops the connection instead.
      shutdown(mysql_get_socket(conn_.get()), SHUT_RDWR);
      mysql_free_result(result_);
    }
  }

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
    if (result_ == nullptr) return false;
    const unsigned int fields = mysql_num_fields(result_);
    if (fields != schema_.size()) {
      return endpoint_.Fail(StatusCode::kCorruption, "extract",
                            fmt::format("the SELECT returned {} columns for {}", fields, schema_.size()));
    }
    while (!builder_.full()) {
      MYSQL_ROW row = mysql_fetch_row(result_);
      if (row == nullptr) {
        if (mysql_errno(conn_.get()) != 0) return endpoint_.Fail("extract", conn_.get());
        mysql_free_result(result_);
        result_ = nullptr;
        TRIB_RETURN_NOT_OK(endpoint_.Command(conn_.get(), "extract", "COMMIT"));
        break;
      }
      const unsigned long* lengths = mysql_fetch_lengths(result_);
      builder_.StartRow(stats_.rows + static_cast<int64_t>(builder_.rows()) + 1);
      for (unsigned int c = 0; c < fields; c++) {
        if (row[c] == nullptr) {
          builder_.SetNull(c);
        } else {
          builder_.Set(c, std::string_view(row[c], lengths[c]));
          stats_.bytes += static_cast<int64_t>(lengths[c]);
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
  MyConn conn_;
  MYSQL_RES* result_;  // owned; freed before conn_ closes
  std::vector<SourceColumn> schema_;
  std::string origin_;
  TextBatchBuilder builder_;
  ExtractStats stats_;
  Status failed_;
};

class MariaDbSource : public Source {
 public:
  MariaDbSource(SourceSettings settings, std::string password) : endpoint_(std::move(settings), std::move(password)) {}

  std::string Describe() const override { return endpoint_.describe(); }

  Result<std::vector<SourceColumn>> Columns(const ExtractRequest& request) override {
    TRIB_ASSIGN_OR_RETURN(MyConn conn, endpoint_.Connect());
    return endpoint_.Describe(conn.get(), SplitTable(request.table, endpoint_.database()));
  }

  Result<std::vector<SourceFile>> ListReady(const ExtractRequest&) override { return std::vector<SourceFile>(); }

  Result<std::unique_ptr<Extract>> Open(const ExtractRequest& request) override {
    const TableName table = SplitTable(request.table, endpoint_.database());
    TRIB_ASSIGN_OR_RETURN(MyConn conn, endpoint_.Connect());
    MYSQL* c = conn.get();
    // Values arrive as text the casts read, DATETIME and TIMESTAMP in UTC.
    TRIB_RETURN_NOT_OK(endpoint_.Command(c, "begin snapshot", "SET time_zone = '+00:00'"));
    // The server gives up on a client that reads slower than this; a batch
    // may wait on the warehouse for a while.
    TRIB_RETURN_NOT_OK(endpoint_.Command(c, "begin snapshot", "SET SESSION net_write_timeout = 3600"));
    TRIB_RETURN_NOT_OK(
        endpoint_.Command(c, "begin snapshot", "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
    TRIB_RETURN_NOT_OK(endpoint_.Command(c, "begin snapshot", "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"));
    TRIB_ASSIGN_OR_RETURN(auto all, endpoint_.Describe(c, table));
    TRIB_ASSIGN_OR_RETURN(auto schema, SelectColumns(endpoint_.errors(), all, request, table.Display(), /*ignore_case=*/true));

    std::string sql = "SELECT ";
    for (size_t i = 0; i < schema.size(); i++) {
      if (i > 0) sql += ", ";
      sql += Backticked(schema[i].name);
    }
    sql += " FROM " + Backticked(table.schema) + "." + Backticked(table.name);
    if (!request.cursor.empty() && request.lower_bound) {
      sql += " WHERE " + Backticked(request.cursor) + " >= " + endpoint_.Literal(c, *request.lower_bound);
    }
    if (mysql_real_query(c, sql.data(), sql.size()) != 0) return endpoint_.Fail("extract", c);
    MYSQL_RES* result = mysql_use_result(c);
    if (result == nullptr) return endpoint_.Fail("extract", c);
    return std::unique_ptr<Extract>(
        std::make_unique<MariaDbExtract>(endpoint_, std::move(conn), result, std::move(schema), table.Display()));
  }

 private:
  Endpoint endpoint_;
};

}  // namespace

Result<std::unique_ptr<Source>> OpenMariaDbSource(const SourceSettings& settings) {
  TRIB_ASSIGN_OR_RETURN(std::string password, settings.Password());
  return std::unique_ptr<Source>(std::make_unique<MariaDbSource>(settings, std::move(password)));
}

}  // namespace tributary::ingest
