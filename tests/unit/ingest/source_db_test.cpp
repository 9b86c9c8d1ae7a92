// The database connectors against real servers (test_servers.hpp): every
// mapped type round-trips with NULLs and awkward strings, incremental bounds,
// column choice and order, a 200k-row streamed extract, snapshot isolation,
// and errors that name the region, the source and the step (never the
// password).

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>

#include "ingest/source.hpp"
#include "test_servers.hpp"

namespace tributary::ingest {
namespace {

using test_servers::MariaDbServer;
using test_servers::PostgresServer;

#define ASSERT_OK_AND_ASSIGN(lhs, rexpr)                                     \
  auto TRIB_CONCAT(_res_, __LINE__) = (rexpr);                               \
  ASSERT_TRUE(TRIB_CONCAT(_res_, __LINE__).ok())                             \
      << #rexpr << ": " << TRIB_CONCAT(_res_, __LINE__).status().ToString(); \
  lhs = std::move(TRIB_CONCAT(_res_, __LINE__)).value()

constexpr const char* kRegion = "EMEA";

/// The shared server of each kind; a server that does not start fails the
/// test with its log.
#define PG_SERVER(var)                                                  \
  auto var##_started = PostgresServer::Shared();                        \
  ASSERT_TRUE(var##_started.ok()) << var##_started.status().ToString(); \
  PostgresServer* var = *var##_started
#define MARIADB_SERVER(var)                                             \
  auto var##_started = MariaDbServer::Shared();                         \
  ASSERT_TRUE(var##_started.ok()) << var##_started.status().ToString(); \
  MariaDbServer* var = *var##_started

SourceSettings Settings(std::map<std::string, std::string> values) {
  return SourceSettings{kRegion, std::move(values)};
}

ExtractRequest Table(const std::string& table) {
  ExtractRequest request;
  request.table = table;
  return request;
}

/// Every row of an extract, as text ("<null>" for NULL), plus how it came.
struct Extracted {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::vector<Value>> values;
  size_t batches = 0;
};

Result<Extracted> ReadAll(Extract* extract) {
  Extracted out;
  while (true) {
    ColumnBatch batch;
    TRIB_ASSIGN_OR_RETURN(bool more, extract->Next(&batch));
    if (!more) break;
    out.batches++;
    if (batch.num_rows() == 0 || batch.num_rows() > kBatchSize) {
      return Status::Internal("a batch of {} rows", batch.num_rows());
    }
    if (batch.num_columns() != extract->schema().size()) return Status::Internal("a batch with other columns");
    for (size_t r = 0; r < batch.num_rows(); r++) {
      std::vector<Value> values = batch.GetRow(r);
      std::vector<std::string> row;
      for (const auto& v : values) row.push_back(v.is_null() ? "<null>" : v.ToString());
      out.rows.push_back(std::move(row));
      out.values.push_back(std::move(values));
    }
  }
  return out;
}

Result<Extracted> ReadAll(Source* source, const ExtractRequest& request) {
  TRIB_ASSIGN_OR_RETURN(auto extract, source->Open(request));
  return ReadAll(extract.get());
}

std::vector<std::string> Names(const std::vector<SourceColumn>& columns) {
  std::vector<std::string> out;
  for (const auto& c : columns) out.push_back(c.name);
  return out;
}

std::vector<std::string> TypeNames(const std::vector<SourceColumn>& columns) {
  std::vector<std::string> out;
  for (const auto& c : columns) out.push_back(c.type.ToString());
  return out;
}

/// Rows sorted, for sources that promise no order.
std::vector<std::vector<std::string>> Sorted(std::vector<std::vector<std::string>> rows) {
  std::sort(rows.begin(), rows.end());
  return rows;
}

/// Counts the rows of a large extract without keeping them; checks the
/// batches are bounded and sums column 0 (a BIGINT or INTEGER id).
struct Counted {
  int64_t rows = 0;
  int64_t id_sum = 0;
  size_t batches = 0;
};
Result<Counted> Count(Extract* extract) {
  Counted out;
  ColumnBatch batch;
  while (true) {
    TRIB_ASSIGN_OR_RETURN(bool more, extract->Next(&batch));
    if (!more) break;
    out.batches++;
    if (batch.num_rows() > kBatchSize) return Status::Internal("a batch of {} rows", batch.num_rows());
    const Vector& ids = batch.column(0);
    for (size_t r = 0; r < batch.num_rows(); r++) out.id_sum += ids.GetValue(r).GetInt64();
    out.rows += static_cast<int64_t>(batch.num_rows());
  }
  return out;
}

const std::string kAwkward = "tab\there\nnew line\\back slash 'quote\" \r é 雪 🚀";

// ---------------------------------------------------------------- PostgreSQL

TEST(PostgresSourceTest, TypesRoundTrip) {
  PG_SERVER(pg);
  pg->Exec(R"(
    CREATE TABLE pg_types (
      id integer NOT NULL, i2 smallint, i8 bigint, n numeric(12,2), nu numeric, r real, d double precision,
      b boolean, dt date, ts timestamp, tz timestamptz, vc varchar(10), tx text, ch char(3), u uuid, j jsonb);
    INSERT INTO pg_types VALUES
      (1, -32768, 9223372036854775807, 1234567890.12, 3.14159265, 1.5, 0.1, true, '2026-01-02',
       '2026-01-02 03:04:05.123456', '2026-01-02 03:04:05.123+02', 'short',
       E'tab\there\nnew line\\back slash ''quote" \r é 雪 🚀', 'ab', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
       '{"k": [1, 2]}'),
      (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
      (3, 0, -1, -0.5, 0, -2.5, 1e300, false, '1970-01-01', '1999-12-31 23:59:59', '2000-01-01 00:00:00+00',
       '', E'\\N', '', NULL, 'null');
  )");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings(pg->SourceValues())));
  EXPECT_EQ(source->Describe(), "postgres 127.0.0.1:" + std::to_string(pg->port()) + "/tributary_test");

  ASSERT_OK_AND_ASSIGN(auto columns, source->Columns(Table("pg_types")));
  EXPECT_EQ(Names(columns), (std::vector<std::string>{"id", "i2", "i8", "n", "nu", "r", "d", "b", "dt", "ts", "tz",
                                                      "vc", "tx", "ch", "u", "j"}));
  EXPECT_EQ(
      TypeNames(columns),
      (std::vector<std::string>{"integer", "smallint", "bigint", "numeric(12,2)", "numeric(38,6)", "real",
                                "double precision", "boolean", "date", "timestamp without time zone",
                                "timestamp with time zone", "character varying(10)", "text", "text", "text", "text"}));
  EXPECT_EQ(columns[3].source_type, "numeric(12,2)");
  EXPECT_EQ(columns[13].source_type, "character(3)");
  EXPECT_FALSE(columns[0].nullable);
  EXPECT_TRUE(columns[1].nullable);

  ASSERT_OK_AND_ASSIGN(auto extract, source->Open(Table("pg_types")));
  EXPECT_EQ(extract->current_origin(), "public.pg_types");
  EXPECT_EQ(TypeNames(extract->schema()), TypeNames(columns));
  ASSERT_OK_AND_ASSIGN(auto got, ReadAll(extract.get()));
  ASSERT_EQ(got.rows.size(), 3u);
  auto rows = Sorted(got.rows);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"1", "-32768", "9223372036854775807", "1234567890.12", "3.141593", "1.5",
                                               "0.1", "t", "2026-01-02", "2026-01-02 03:04:05.123456",
                                               "2026-01-02 01:04:05.123+00", "short", kAwkward, "ab ",
                                               "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{\"k\": [1, 2]}"}));
  EXPECT_EQ(rows[1],
            (std::vector<std::string>{"2", "<null>", "<null>", "<null>", "<null>", "<null>", "<null>", "<null>",
                                      "<null>", "<null>", "<null>", "<null>", "<null>", "<null>", "<null>", "<null>"}));
  EXPECT_EQ(rows[2][12], "\\N");  // the text, not a NULL
  EXPECT_EQ(rows[2][11], "");
  for (const auto& values : got.values) {
    if (values[0].GetInt64() == 1) {
      EXPECT_EQ(values[6].GetDouble(), 0.1);  // exact, not to 15 digits
    }
    if (values[0].GetInt64() == 3) {
      EXPECT_EQ(values[6].GetDouble(), 1e300);
    }
  }
  EXPECT_EQ(extract->stats().rows, 3);
  EXPECT_GT(extract->stats().bytes, static_cast<int64_t>(kAwkward.size()));
}

TEST(PostgresSourceTest, IncrementalBoundAndQuotedLiteral) {
  PG_SERVER(pg);
  pg->Exec(R"(
    CREATE TABLE pg_inc (id integer, name text, updated_at timestamptz);
    INSERT INTO pg_inc SELECT g, CASE WHEN g % 2 = 0 THEN 'O''Brien' ELSE 'Adams' END,
                              timestamptz '2026-01-01 00:00:00+00' + g * interval '1 day'
                         FROM generate_series(1, 10) g;
  )");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings(pg->SourceValues())));
  ExtractRequest request = Table("pg_inc");
  request.cursor = "updated_at";
  request.lower_bound = "2026-01-08 00:00:00";  // read in UTC
  ASSERT_OK_AND_ASSIGN(auto got, ReadAll(source.get(), request));
  std::vector<std::string> ids;
  for (const auto& row : Sorted(got.rows)) ids.push_back(row[0]);
  EXPECT_EQ(ids, (std::vector<std::string>{"10", "7", "8", "9"}));

  request.cursor = "name";
  request.lower_bound = "O'Brien";
  ASSERT_OK_AND_ASSIGN(got, ReadAll(source.get(), request));
  EXPECT_EQ(got.rows.size(), 5u);
  for (const auto& row : got.rows) EXPECT_EQ(row[1], "O'Brien");

  request.lower_bound.reset();  // a cursor without a bound: every row
  ASSERT_OK_AND_ASSIGN(got, ReadAll(source.get(), request));
  EXPECT_EQ(got.rows.size(), 10u);

  request.cursor = "nope";
  request.lower_bound = "1";
  auto missing = source->Open(request);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("cursor column \"nope\""), std::string::npos) << missing.status().message();
}

TEST(PostgresSourceTest, ColumnsInOrderChosenAndQualified) {
  PG_SERVER(pg);
  pg->Exec(R"(
    CREATE SCHEMA sales;
    CREATE TABLE sales.orders (a integer, gone text, "Mixed Case" text, c numeric(5,1));
    ALTER TABLE sales.orders DROP COLUMN gone;
    INSERT INTO sales.orders VALUES (1, 'x', 1.5), (2, 'y', NULL);
  )");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings(pg->SourceValues())));
  ASSERT_OK_AND_ASSIGN(auto columns, source->Columns(Table("sales.orders")));
  EXPECT_EQ(Names(columns), (std::vector<std::string>{"a", "Mixed Case", "c"}));

  ExtractRequest request = Table("sales.orders");
  request.columns = {"c", "Mixed Case"};
  ASSERT_OK_AND_ASSIGN(auto extract, source->Open(request));
  EXPECT_EQ(Names(extract->schema()), (std::vector<std::string>{"c", "Mixed Case"}));
  ASSERT_OK_AND_ASSIGN(auto got, ReadAll(extract.get()));
  EXPECT_EQ(Sorted(got.rows), (std::vector<std::vector<std::string>>{{"1.5", "x"}, {"<null>", "y"}}));

  // The schema setting stands in for the qualifier.
  auto values = pg->SourceValues();
  values["schema"] = "sales";
  ASSERT_OK_AND_ASSIGN(auto in_sales, OpenSource(Settings(values)));
  ASSERT_OK_AND_ASSIGN(auto again, ReadAll(in_sales.get(), Table("orders")));
  EXPECT_EQ(again.rows.size(), 2u);

  request.columns = {"a", "missing"};
  auto bad = source->Open(request);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("column \"missing\" is not a column of table \"sales.orders\""),
            std::string::npos)
      << bad.status().message();
}

TEST(PostgresSourceTest, StreamsALargeTable) {
  PG_SERVER(pg);
  pg->Exec(
      "CREATE TABLE pg_big AS SELECT g::bigint AS id, md5(g::text) AS payload, "
      "timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second' AS at FROM generate_series(1, 200000) g");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings(pg->SourceValues())));
  ASSERT_OK_AND_ASSIGN(auto extract, source->Open(Table("pg_big")));
  ASSERT_OK_AND_ASSIGN(Counted counted, Count(extract.get()));
  EXPECT_EQ(counted.rows, 200000);
  EXPECT_EQ(counted.id_sum, int64_t{200000} * 200001 / 2);
  EXPECT_GE(counted.batches, 200000 / kBatchSize);
  EXPECT_EQ(extract->stats().rows, 200000);
  EXPECT_GT(extract->stats().bytes, 200000 * 32);  // the md5s alone
}

TEST(PostgresSourceTest, ExtractReadsOneSnapshot) {
  PG_SERVER(pg);
  pg->Exec("CREATE TABLE pg_snap (id integer, v text); INSERT INTO pg_snap VALUES (1, 'a'), (2, 'b'), (3, 'c');");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings(pg->SourceValues())));
  ASSERT_OK_AND_ASSIGN(auto extract, source->Open(Table("pg_snap")));
  // Another session changes the table after the extract began.
  pg->Exec("INSERT INTO pg_snap VALUES (4, 'd'); DELETE FROM pg_snap WHERE id = 1; UPDATE pg_snap SET v = 'z';");
  ASSERT_OK_AND_ASSIGN(auto got, ReadAll(extract.get()));
  EXPECT_EQ(Sorted(got.rows), (std::vector<std::vector<std::string>>{{"1", "a"}, {"2", "b"}, {"3", "c"}}));
  ASSERT_OK_AND_ASSIGN(auto later, ReadAll(source.get(), Table("pg_snap")));
  EXPECT_EQ(Sorted(later.rows), (std::vector<std::vector<std::string>>{{"2", "z"}, {"3", "z"}, {"4", "z"}}));
}

TEST(PostgresSourceTest, BadValueNamesRowColumnAndValue) {
  PG_SERVER(pg);
  // Unconstrained numeric arrives as NUMERIC(38,6): 40 digits do not fit.
  pg->Exec("CREATE TABLE pg_bad (id integer, n numeric); INSERT INTO pg_bad VALUES (1, 1), (2, 1e40);");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings(pg->SourceValues())));
  auto got = ReadAll(source.get(), Table("pg_bad"));
  ASSERT_FALSE(got.ok());
  const std::string& m = got.status().message();
  EXPECT_EQ(m.rfind("region EMEA: postgres 127.0.0.1:" + std::to_string(pg->port()) + "/tributary_test: read row ", 0),
            0u)
      << m;
  EXPECT_NE(m.find("column \"n\" (value \"10000000000000000000000000000000000000000\"): numeric field overflow"),
            std::string::npos)
      << m;
}

TEST(PostgresSourceTest, WrongPasswordNamesRegionSourceAndStepButNotThePassword) {
  PG_SERVER(pg);
  const std::string wrong = "Not-The-Pa55word";
  auto values = pg->SourceValues();
  values["password"] = wrong;
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings(values)));
  for (bool open : {false, true}) {
    Status st = open ? source->Open(Table("anything")).status() : source->Columns(Table("anything")).status();
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(st.IsUnauthenticated()) << st.ToString();
    const std::string& m = st.message();
    EXPECT_EQ(
        m.rfind("region EMEA: postgres 127.0.0.1:" + std::to_string(pg->port()) + "/tributary_test: connect: ", 0), 0u)
        << m;
    EXPECT_NE(m.find("password authentication failed for user \"tributary_etl\""), std::string::npos) << m;
    EXPECT_EQ(m.find(wrong), std::string::npos) << m;
    EXPECT_EQ(m.find(pg->password()), std::string::npos) << m;
  }
}

TEST(PostgresSourceTest, PasswordFromTheEnvironment) {
  PG_SERVER(pg);
  pg->Exec("CREATE TABLE pg_env (id integer); INSERT INTO pg_env VALUES (7);");
  auto values = pg->SourceValues();
  values.erase("password");
  values["password_env"] = "TRIBUTARY_TEST_PG_PASSWORD";
  ::setenv("TRIBUTARY_TEST_PG_PASSWORD", pg->password().c_str(), 1);
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings(values)));
  ASSERT_OK_AND_ASSIGN(auto got, ReadAll(source.get(), Table("pg_env")));
  EXPECT_EQ(got.rows, (std::vector<std::vector<std::string>>{{"7"}}));
  ::unsetenv("TRIBUTARY_TEST_PG_PASSWORD");
  auto unset = OpenSource(Settings(values));
  ASSERT_FALSE(unset.ok());
  EXPECT_NE(unset.status().message().find("TRIBUTARY_TEST_PG_PASSWORD"), std::string::npos);
}

TEST(PostgresSourceTest, UnknownTableIsNamed) {
  PG_SERVER(pg);
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings(pg->SourceValues())));
  for (bool open : {false, true}) {
    Status st = open ? source->Open(Table("no_such_table")).status() : source->Columns(Table("no_such_table")).status();
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(st.IsNotFound()) << st.ToString();
    EXPECT_EQ(st.message().rfind("region EMEA: postgres 127.0.0.1:" + std::to_string(pg->port()) +
                                     "/tributary_test: describe table: table \"public.no_such_table\" does not exist",
                                 0),
              0u)
        << st.message();
  }
}

TEST(PostgresSourceTest, PermissionDeniedNamesTheStep) {
  PG_SERVER(pg);
  pg->Exec("CREATE TABLE pg_secret (id integer); REVOKE SELECT ON pg_secret FROM tributary_etl;");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings(pg->SourceValues())));
  ASSERT_OK_AND_ASSIGN(auto columns, source->Columns(Table("pg_secret")));  // the catalog is public
  EXPECT_EQ(columns.size(), 1u);
  Status st = source->Open(Table("pg_secret")).status();
  EXPECT_EQ(st.message(), "region EMEA: postgres 127.0.0.1:" + std::to_string(pg->port()) +
                              "/tributary_test: extract: permission denied for table pg_secret");
}

TEST(PostgresSourceTest, UnreachablePortFailsToConnectQuickly) {
  ASSERT_OK_AND_ASSIGN(int port, test_servers::FreePort());
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings({{"kind", "postgres"},
                                                         {"port", std::to_string(port)},
                                                         {"database", "sales"},
                                                         {"user", "etl"},
                                                         {"password", "Secret-Pa55"},
                                                         {"connect_timeout", "2"}})));
  EXPECT_EQ(source->Describe(), "postgres 127.0.0.1:" + std::to_string(port) + "/sales");
  const auto start = std::chrono::steady_clock::now();
  Status st = source->Open(Table("orders")).status();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message().rfind("region EMEA: postgres 127.0.0.1:" + std::to_string(port) + "/sales: connect: ", 0), 0u)
      << st.message();
  EXPECT_EQ(st.message().find("Secret-Pa55"), std::string::npos);
}

// ------------------------------------------------------------------- MariaDB

TEST(MariaDbSourceTest, TypesRoundTrip) {
  MARIADB_SERVER(db);
  db->Exec(R"(
    CREATE TABLE my_types (
      id INT NOT NULL, ti TINYINT, tb BOOLEAN, si SMALLINT, su SMALLINT UNSIGNED, mi MEDIUMINT, iu INT UNSIGNED,
      bi BIGINT, bu BIGINT UNSIGNED, de DECIMAL(12,2), f FLOAT, d DOUBLE, dt DATE, dtm DATETIME(6),
      ts TIMESTAMP(3) NULL, vc VARCHAR(10), tx TEXT, ch CHAR(3), e ENUM('a','b'), j JSON, y YEAR);
    SET time_zone = '+02:00';
    INSERT INTO my_types VALUES
      (1, -128, 1, -32768, 65535, -8388608, 4294967295, -9223372036854775808, 18446744073709551615,
       1234567890.12, 1.5, 0.1, '2026-01-02', '2026-01-02 03:04:05.123456', '2026-01-02 03:04:05.123', 'short',
       'tab\there\nnew line\\back slash ''quote" \r é 雪 🚀', 'ab', 'b', '{"k": [1, 2]}', 2026),
      (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL),
      (3, 0, 0, 0, 0, 0, 0, 0, 0, -0.5, -2.5, 1e300, '1970-01-01', '1999-12-31 23:59:59', '2000-01-01 00:00:00', '',
       '\\N', '', 'a', 'null', 1999);
  )");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings(db->SourceValues())));
  EXPECT_EQ(source->Describe(), "mariadb 127.0.0.1:" + std::to_string(db->port()) + "/tributary_test");
  ASSERT_OK_AND_ASSIGN(auto columns, source->Columns(Table("my_types")));
  EXPECT_EQ(Names(columns), (std::vector<std::string>{"id", "ti", "tb",  "si", "su", "mi", "iu", "bi", "bu", "de", "f",
                                                      "d",  "dt", "dtm", "ts", "vc", "tx", "ch", "e",  "j",  "y"}));
  EXPECT_EQ(TypeNames(columns), (std::vector<std::string>{"integer",
                                                          "smallint",
                                                          "smallint",
                                                          "smallint",
                                                          "integer",
                                                          "integer",
                                                          "bigint",
                                                          "bigint",
                                                          "numeric(20,0)",
                                                          "numeric(12,2)",
                                                          "real",
                                                          "double precision",
                                                          "date",
                                                          "timestamp without time zone",
                                                          "timestamp without time zone",
                                                          "character varying(10)",
                                                          "text",
                                                          "text",
                                                          "text",
                                                          "text",
                                                          "smallint"}));
  EXPECT_EQ(columns[2].source_type, "tinyint(1)");
  EXPECT_EQ(columns[8].source_type, "bigint(20) unsigned");
  EXPECT_FALSE(columns[0].nullable);
  EXPECT_TRUE(columns[1].nullable);

  ASSERT_OK_AND_ASSIGN(auto extract, source->Open(Table("my_types")));
  EXPECT_EQ(extract->current_origin(), "tributary_test.my_types");
  ASSERT_OK_AND_ASSIGN(auto got, ReadAll(extract.get()));
  ASSERT_EQ(got.rows.size(), 3u);
  auto rows = Sorted(got.rows);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"1",
                                               "-128",
                                               "1",
                                               "-32768",
                                               "65535",
                                               "-8388608",
                                               "4294967295",
                                               "-9223372036854775808",
                                               "18446744073709551615",
                                               "1234567890.12",
                                               "1.5",
                                               "0.1",
                                               "2026-01-02",
                                               "2026-01-02 03:04:05.123456",
                                               "2026-01-02 01:04:05.123",
                                               "short",
                                               kAwkward,
                                               "ab",
                                               "b",
                                               "{\"k\": [1, 2]}",
                                               "2026"}));
  EXPECT_EQ(rows[1][0], "2");
  for (size_t c = 1; c < rows[1].size(); c++) EXPECT_EQ(rows[1][c], "<null>") << c;
  EXPECT_EQ(rows[2][16], "\\N");  // the text, not a NULL
  EXPECT_EQ(rows[2][15], "");
  for (const auto& values : got.values) {
    if (values[0].GetInt64() == 1) {
      EXPECT_EQ(values[11].GetDouble(), 0.1);
    }
    if (values[0].GetInt64() == 3) {
      EXPECT_EQ(values[11].GetDouble(), 1e300);
    }
  }
  EXPECT_EQ(extract->stats().rows, 3);
  EXPECT_GT(extract->stats().bytes, static_cast<int64_t>(kAwkward.size()));
}

TEST(MariaDbSourceTest, IncrementalBoundAndQuotedLiteral) {
  MARIADB_SERVER(db);
  db->Exec(R"(
    CREATE TABLE my_inc (id INT, name VARCHAR(20), updated_at DATETIME);
    INSERT INTO my_inc SELECT seq, IF(seq % 2 = 0, 'O''Brien', 'Adams'), '2026-01-01' + INTERVAL seq DAY
      FROM seq_1_to_10;
  )");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings(db->SourceValues())));
  ExtractRequest request = Table("my_inc");
  request.cursor = "updated_at";
  request.lower_bound = "2026-01-08 00:00:00";
  ASSERT_OK_AND_ASSIGN(auto got, ReadAll(source.get(), request));
  std::vector<std::string> ids;
  for (const auto& row : Sorted(got.rows)) ids.push_back(row[0]);
  EXPECT_EQ(ids, (std::vector<std::string>{"10", "7", "8", "9"}));

  request.cursor = "name";
  request.lower_bound = "O'Brien";
  ASSERT_OK_AND_ASSIGN(got, ReadAll(source.get(), request));
  EXPECT_EQ(got.rows.size(), 5u);
  for (const auto& row : got.rows) EXPECT_EQ(row[1], "O'Brien");

  request.lower_bound = "x' OR '1'='1";  // stays a literal
  ASSERT_OK_AND_ASSIGN(got, ReadAll(source.get(), request));
  EXPECT_EQ(got.rows.size(), 0u);
}

TEST(MariaDbSourceTest, ColumnsInOrderChosenAndQualified) {
  MARIADB_SERVER(db);
  ASSERT_TRUE(db->CreateDatabase("my_sales").ok());
  db->Exec(R"(
    CREATE TABLE my_sales.orders (a INT, `Mixed Case` TEXT, c DECIMAL(5,1));
    INSERT INTO my_sales.orders VALUES (1, 'x', 1.5), (2, 'y', NULL);
  )");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings(db->SourceValues())));
  ASSERT_OK_AND_ASSIGN(auto columns, source->Columns(Table("my_sales.orders")));
  EXPECT_EQ(Names(columns), (std::vector<std::string>{"a", "Mixed Case", "c"}));
  ExtractRequest request = Table("my_sales.orders");
  request.columns = {"c", "Mixed Case"};
  ASSERT_OK_AND_ASSIGN(auto extract, source->Open(request));
  EXPECT_EQ(Names(extract->schema()), (std::vector<std::string>{"c", "Mixed Case"}));
  ASSERT_OK_AND_ASSIGN(auto got, ReadAll(extract.get()));
  EXPECT_EQ(Sorted(got.rows), (std::vector<std::vector<std::string>>{{"1.5", "x"}, {"<null>", "y"}}));

  request.columns = {"a", "missing"};
  auto bad = source->Open(request);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("column \"missing\" is not a column of table \"my_sales.orders\""),
            std::string::npos)
      << bad.status().message();
}

TEST(MariaDbSourceTest, StreamsALargeTable) {
  MARIADB_SERVER(db);
  db->Exec(
      "CREATE TABLE my_big (id BIGINT PRIMARY KEY, payload CHAR(32), at DATETIME);"
      "INSERT INTO my_big SELECT seq, MD5(seq), '2026-01-01' + INTERVAL seq SECOND FROM seq_1_to_200000;");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings(db->SourceValues())));
  ASSERT_OK_AND_ASSIGN(auto extract, source->Open(Table("my_big")));
  ASSERT_OK_AND_ASSIGN(Counted counted, Count(extract.get()));
  EXPECT_EQ(counted.rows, 200000);
  EXPECT_EQ(counted.id_sum, int64_t{200000} * 200001 / 2);
  EXPECT_GE(counted.batches, 200000 / kBatchSize);
  EXPECT_EQ(extract->stats().rows, 200000);
  EXPECT_GT(extract->stats().bytes, 200000 * 32);
}

TEST(MariaDbSourceTest, AbandonedExtractDoesNotReadTheRest) {
  MARIADB_SERVER(db);
  db->Exec(
      "CREATE TABLE my_abandon (id BIGINT PRIMARY KEY, payload CHAR(32));"
      "INSERT INTO my_abandon SELECT seq, MD5(seq) FROM seq_1_to_100000;");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings(db->SourceValues())));
  ASSERT_OK_AND_ASSIGN(auto extract, source->Open(Table("my_abandon")));
  ColumnBatch batch;
  ASSERT_OK_AND_ASSIGN(bool more, extract->Next(&batch));
  EXPECT_TRUE(more);
  extract.reset();  // mid-stream
  ASSERT_OK_AND_ASSIGN(auto again, ReadAll(source.get(), Table("my_abandon")));
  EXPECT_EQ(again.rows.size(), 100000u);
}

TEST(MariaDbSourceTest, ExtractReadsOneSnapshot) {
  MARIADB_SERVER(db);
  db->Exec("CREATE TABLE my_snap (id INT, v TEXT); INSERT INTO my_snap VALUES (1, 'a'), (2, 'b'), (3, 'c');");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings(db->SourceValues())));
  ASSERT_OK_AND_ASSIGN(auto extract, source->Open(Table("my_snap")));
  db->Exec("INSERT INTO my_snap VALUES (4, 'd'); DELETE FROM my_snap WHERE id = 1; UPDATE my_snap SET v = 'z';");
  ASSERT_OK_AND_ASSIGN(auto got, ReadAll(extract.get()));
  EXPECT_EQ(Sorted(got.rows), (std::vector<std::vector<std::string>>{{"1", "a"}, {"2", "b"}, {"3", "c"}}));
  ASSERT_OK_AND_ASSIGN(auto later, ReadAll(source.get(), Table("my_snap")));
  EXPECT_EQ(Sorted(later.rows), (std::vector<std::vector<std::string>>{{"2", "z"}, {"3", "z"}, {"4", "z"}}));
}

TEST(MariaDbSourceTest, ZeroDateNamesRowColumnAndValue) {
  MARIADB_SERVER(db);
  db->Exec(
      "SET sql_mode = ''; CREATE TABLE my_zero (id INT, d DATE);"
      "INSERT INTO my_zero VALUES (1, '2026-01-01'), (2, '0000-00-00');");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings(db->SourceValues())));
  auto got = ReadAll(source.get(), Table("my_zero"));
  ASSERT_FALSE(got.ok());
  const std::string& m = got.status().message();
  EXPECT_EQ(m.rfind("region EMEA: mariadb 127.0.0.1:" + std::to_string(db->port()) + "/tributary_test: read row ", 0),
            0u)
      << m;
  EXPECT_NE(m.find("column \"d\" (value \"0000-00-00\")"), std::string::npos) << m;
}

TEST(MariaDbSourceTest, WrongPasswordNamesRegionSourceAndStepButNotThePassword) {
  MARIADB_SERVER(db);
  const std::string wrong = "Not-The-Pa55word";
  auto values = db->SourceValues();
  values["password"] = wrong;
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings(values)));
  for (bool open : {false, true}) {
    Status st = open ? source->Open(Table("anything")).status() : source->Columns(Table("anything")).status();
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(st.IsUnauthenticated()) << st.ToString();
    const std::string& m = st.message();
    EXPECT_EQ(m.rfind("region EMEA: mariadb 127.0.0.1:" + std::to_string(db->port()) + "/tributary_test: connect: ", 0),
              0u)
        << m;
    EXPECT_NE(m.find("Access denied for user 'tributary_etl'"), std::string::npos) << m;
    EXPECT_EQ(m.find(wrong), std::string::npos) << m;
    EXPECT_EQ(m.find(db->password()), std::string::npos) << m;
  }
}

TEST(MariaDbSourceTest, UnknownTableIsNamed) {
  MARIADB_SERVER(db);
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings(db->SourceValues())));
  for (bool open : {false, true}) {
    Status st = open ? source->Open(Table("no_such_table")).status() : source->Columns(Table("no_such_table")).status();
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(st.IsNotFound()) << st.ToString();
    EXPECT_EQ(st.message().rfind("region EMEA: mariadb 127.0.0.1:" + std::to_string(db->port()) +
                                     "/tributary_test: describe table: table \"tributary_test.no_such_table\" "
                                     "does not exist",
                                 0),
              0u)
        << st.message();
  }
}

TEST(MariaDbSourceTest, UnreachablePortFailsToConnectQuickly) {
  ASSERT_OK_AND_ASSIGN(int port, test_servers::FreePort());
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(Settings({{"kind", "mariadb"},
                                                         {"port", std::to_string(port)},
                                                         {"database", "sales"},
                                                         {"user", "etl"},
                                                         {"password", "Secret-Pa55"},
                                                         {"connect_timeout", "2"}})));
  EXPECT_EQ(source->Describe(), "mariadb 127.0.0.1:" + std::to_string(port) + "/sales");
  const auto start = std::chrono::steady_clock::now();
  Status st = source->Open(Table("orders")).status();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message().rfind("region EMEA: mariadb 127.0.0.1:" + std::to_string(port) + "/sales: connect: ", 0), 0u)
      << st.message();
  EXPECT_EQ(st.message().find("Secret-Pa55"), std::string::npos);
}

// -------------------------------------------------------------------- SQLite

/// A database file in a fresh directory, removed with it.
class SqliteFile {
 public:
  SqliteFile() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "tributary-sqlite-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
    path_ = dir_ + "/regional.db";
  }
  ~SqliteFile() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  const std::string& path() const { return path_; }
  /// Runs SQL on its own read-write connection; "" or SQLite's message.
  std::string Exec(const std::string& sql) const {
    sqlite3* db = nullptr;
    std::string error;
    if (sqlite3_open(path_.c_str(), &db) != SQLITE_OK) {
      error = sqlite3_errmsg(db);
    } else {
      char* message = nullptr;
      if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) error = message;
      sqlite3_free(message);
    }
    sqlite3_close(db);
    return error;
  }
  SourceSettings Settings() const { return SourceSettings{kRegion, {{"kind", "sqlite"}, {"path", path_}}}; }

 private:
  std::string dir_;
  std::string path_;
};

TEST(SqliteSourceTest, TypesRoundTrip) {
  SqliteFile file;
  ASSERT_EQ(file.Exec(R"(
    CREATE TABLE types (id INTEGER NOT NULL, big BIGINT, r REAL, d DOUBLE PRECISION, f FLOAT, n NUMERIC(10,2),
                        dec DECIMAL, t TEXT, vc VARCHAR(5), b BOOLEAN, dt DATE, dtm DATETIME, ts TIMESTAMP,
                        anything BLOB, untyped);
    INSERT INTO types VALUES
      (1, 9223372036854775807, 0.1, 1e300, -2.5, 12345678.91, 3.25,
       'tab' || char(9) || 'here' || char(10) || 'new line\back slash ''quote" ' || char(13) || ' é 雪 🚀',
       'longer than five', 1, '2026-01-02', '2026-01-02 03:04:05.123', '2026-01-02T03:04:05', 'bytes', 42),
      (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
      (3, -1, 0, 0, 0, -0.5, 0, '\N', '', 0, '1970-01-01', '1999-12-31 23:59:59', '2000-01-01 00:00:00', '', 'x');
  )"),
            "");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(file.Settings()));
  EXPECT_EQ(source->Describe(), "sqlite " + file.path());
  ASSERT_OK_AND_ASSIGN(auto columns, source->Columns(Table("types")));
  EXPECT_EQ(Names(columns), (std::vector<std::string>{"id", "big", "r", "d", "f", "n", "dec", "t", "vc", "b", "dt",
                                                      "dtm", "ts", "anything", "untyped"}));
  EXPECT_EQ(TypeNames(columns),
            (std::vector<std::string>{"bigint", "bigint", "double precision", "double precision", "double precision",
                                      "numeric(10,2)", "numeric(38,6)", "text", "text", "boolean", "date",
                                      "timestamp without time zone", "timestamp without time zone", "text", "text"}));
  EXPECT_EQ(columns[5].source_type, "NUMERIC(10,2)");
  EXPECT_FALSE(columns[0].nullable);
  EXPECT_TRUE(columns[1].nullable);

  ASSERT_OK_AND_ASSIGN(auto extract, source->Open(Table("types")));
  EXPECT_EQ(extract->current_origin(), "types");
  ASSERT_OK_AND_ASSIGN(auto got, ReadAll(extract.get()));
  ASSERT_EQ(got.rows.size(), 3u);
  auto rows = Sorted(got.rows);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"1", "9223372036854775807", "0.1", "1e+300", "-2.5", "12345678.91",
                                               "3.250000", kAwkward, "longer than five", "t", "2026-01-02",
                                               "2026-01-02 03:04:05.123", "2026-01-02 03:04:05", "bytes", "42"}));
  EXPECT_EQ(rows[1][0], "2");
  for (size_t c = 1; c < rows[1].size(); c++) EXPECT_EQ(rows[1][c], "<null>") << c;
  EXPECT_EQ(rows[2][7], "\\N");
  EXPECT_EQ(rows[2][8], "");
  for (const auto& values : got.values) {
    if (values[0].GetInt64() == 1) {
      EXPECT_EQ(values[2].GetDouble(), 0.1);  // all 17 digits, not SQLite's 15
    }
  }
  EXPECT_EQ(extract->stats().rows, 3);
}

TEST(SqliteSourceTest, IncrementalBoundColumnsAndOrder) {
  SqliteFile file;
  ASSERT_EQ(file.Exec(R"(
    CREATE TABLE inc (id INTEGER, name TEXT, "Mixed Case" TEXT);
    WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 10)
      INSERT INTO inc SELECT n, CASE WHEN n % 2 = 0 THEN 'O''Brien' ELSE 'Adams' END, 'm' || n FROM g;
  )"),
            "");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(file.Settings()));
  ExtractRequest request = Table("inc");
  request.cursor = "id";
  request.lower_bound = "8";  // compares as a number: 10 is in
  ASSERT_OK_AND_ASSIGN(auto got, ReadAll(source.get(), request));
  std::vector<std::string> ids;
  for (const auto& row : Sorted(got.rows)) ids.push_back(row[0]);
  EXPECT_EQ(ids, (std::vector<std::string>{"10", "8", "9"}));

  request.cursor = "name";
  request.lower_bound = "O'Brien";
  request.columns = {"Mixed Case", "id"};
  ASSERT_OK_AND_ASSIGN(auto extract, source->Open(request));
  EXPECT_EQ(Names(extract->schema()), (std::vector<std::string>{"Mixed Case", "id"}));
  ASSERT_OK_AND_ASSIGN(got, ReadAll(extract.get()));
  EXPECT_EQ(Sorted(got.rows),
            (std::vector<std::vector<std::string>>{{"m10", "10"}, {"m2", "2"}, {"m4", "4"}, {"m6", "6"}, {"m8", "8"}}));
}

TEST(SqliteSourceTest, StreamsALargeTable) {
  SqliteFile file;
  ASSERT_EQ(file.Exec(R"(
    CREATE TABLE big (id INTEGER PRIMARY KEY, payload TEXT, at TIMESTAMP);
    WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 200000)
      INSERT INTO big SELECT n, hex(randomblob(16)), datetime(1767225600 + n, 'unixepoch') FROM g;
  )"),
            "");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(file.Settings()));
  ASSERT_OK_AND_ASSIGN(auto extract, source->Open(Table("big")));
  ASSERT_OK_AND_ASSIGN(Counted counted, Count(extract.get()));
  EXPECT_EQ(counted.rows, 200000);
  EXPECT_EQ(counted.id_sum, int64_t{200000} * 200001 / 2);
  EXPECT_GE(counted.batches, 200000 / kBatchSize);
  EXPECT_GT(extract->stats().bytes, 200000 * 32);
}

TEST(SqliteSourceTest, ExtractReadsOneSnapshotInWalMode) {
  SqliteFile file;
  ASSERT_EQ(file.Exec("PRAGMA journal_mode = WAL; CREATE TABLE snap (id INTEGER, v TEXT);"
                      "INSERT INTO snap VALUES (1, 'a'), (2, 'b'), (3, 'c');"),
            "");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(file.Settings()));
  ASSERT_OK_AND_ASSIGN(auto extract, source->Open(Table("snap")));
  ASSERT_EQ(file.Exec("INSERT INTO snap VALUES (4, 'd'); DELETE FROM snap WHERE id = 1; UPDATE snap SET v = 'z';"), "");
  ASSERT_OK_AND_ASSIGN(auto got, ReadAll(extract.get()));
  EXPECT_EQ(Sorted(got.rows), (std::vector<std::vector<std::string>>{{"1", "a"}, {"2", "b"}, {"3", "c"}}));
  ASSERT_OK_AND_ASSIGN(auto later, ReadAll(source.get(), Table("snap")));
  EXPECT_EQ(Sorted(later.rows), (std::vector<std::vector<std::string>>{{"2", "z"}, {"3", "z"}, {"4", "z"}}));
}

TEST(SqliteSourceTest, BadValueNamesRowColumnAndValue) {
  SqliteFile file;
  ASSERT_EQ(file.Exec("CREATE TABLE bad (id INTEGER, qty INTEGER); INSERT INTO bad VALUES (1, 5), (2, '12x');"), "");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(file.Settings()));
  ASSERT_OK_AND_ASSIGN(auto extract, source->Open(Table("bad")));
  ColumnBatch batch;
  auto got = extract->Next(&batch);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().message(), "region EMEA: sqlite " + file.path() +
                                        ": read row 2 column \"qty\" (value \"12x\"): invalid input syntax for type "
                                        "bigint: \"12x\"");
  // The extract stays failed: no later batch pretends the rows were read.
  auto again = extract->Next(&batch);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().message(), got.status().message());
}

TEST(SqliteSourceTest, UnknownTableAndMissingFileAreNamed) {
  SqliteFile file;
  ASSERT_EQ(file.Exec("CREATE TABLE present (id INTEGER);"), "");
  ASSERT_OK_AND_ASSIGN(auto source, OpenSource(file.Settings()));
  for (bool open : {false, true}) {
    Status st = open ? source->Open(Table("no_such_table")).status() : source->Columns(Table("no_such_table")).status();
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(st.IsNotFound()) << st.ToString();
    EXPECT_EQ(st.message(),
              "region EMEA: sqlite " + file.path() + ": describe table: table \"no_such_table\" does not exist");
  }
  SourceSettings missing{kRegion, {{"kind", "sqlite"}, {"path", file.path() + ".nope"}}};
  ASSERT_OK_AND_ASSIGN(auto nowhere, OpenSource(missing));
  Status st = nowhere->Open(Table("present")).status();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message().rfind("region EMEA: sqlite " + file.path() + ".nope: open: ", 0), 0u) << st.message();
}

}  // namespace
}  // namespace tributary::ingest
