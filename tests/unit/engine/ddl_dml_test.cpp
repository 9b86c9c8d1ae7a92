// DDL and INSERT through SQL, checked against the Iceberg catalog.
#include "catalog/catalog.hpp"
#include "engine_fixture.hpp"
#include "parquet/parquet_metadata.hpp"
#include "parquet/parquet_reader.hpp"

#include <set>

namespace tributary {
namespace {

TEST_F(EngineTest, CreateTableWithLayout) {
  Run("CREATE SCHEMA sales");
  Run("CREATE TABLE sales.deals (id bigint PRIMARY KEY, region text NOT NULL, product_family text, "
      "sale_date date, amount numeric(12,2)) PARTITION BY RANGE (sale_date) "
      "WITH (partition_granularity = 'month', cluster_by = 'region, product_family')");
  auto catalog = catalog::Catalog::Open(dir_);
  ASSERT_TRUE(catalog.ok());
  auto table = (*catalog)->LoadTable({"sales", "deals"});
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  auto metadata = (*table)->metadata();
  const auto& fields = metadata->current_schema()->fields();
  ASSERT_EQ(fields.size(), 5u);
  EXPECT_TRUE(fields[0].required);
  EXPECT_TRUE(fields[1].required);
  EXPECT_FALSE(fields[2].required);
  EXPECT_EQ(metadata->current_schema()->identifier_field_ids(), std::vector<int32_t>{1});
  ASSERT_EQ(metadata->default_spec()->fields().size(), 1u);
  EXPECT_EQ(metadata->default_spec()->fields()[0].transform, iceberg::Transform::Month());
  ASSERT_EQ(metadata->default_sort_order()->fields().size(), 2u);
  EXPECT_EQ(metadata->default_sort_order()->fields()[0].source_id, 2);
}

TEST_F(EngineTest, CompressionIsATablePropertyTheWriterFollows) {
  Run("CREATE TABLE fast (id bigint, region text) PARTITION BY LIST (region) WITH (compression = 'LZ4')");
  Run("CREATE TABLE plain (id bigint, region text)");
  for (const char* t : {"fast", "plain"}) {
    Run(std::string("INSERT INTO ") + t + " SELECT g, CASE WHEN g % 2 = 0 THEN 'EMEA' ELSE 'APAC' END "
        "FROM generate_series(1, 5000) g");
  }
  auto catalog = catalog::Catalog::Open(dir_).ValueOrDie();
  auto codecs_of = [&](const std::string& name) {
    auto table = catalog->LoadTable({"public", name}).ValueOrDie();
    std::set<std::string> codecs;
    for (const auto& f : table->PlanFiles({}).ValueOrDie().files) {
      auto reader = parquet::FileReader::Open(f.file->path).ValueOrDie();
      for (const auto& group : reader->metadata().row_groups) {
        for (const auto& chunk : group.columns) codecs.insert(std::string(parquet::CodecName(chunk.meta_data->codec)));
      }
    }
    return std::make_pair(table->metadata()->properties, codecs);
  };
  auto [fast_properties, fast_codecs] = codecs_of("fast");
  EXPECT_EQ(fast_properties.at("write.parquet.compression-codec"), "lz4");
  EXPECT_EQ(fast_codecs, std::set<std::string>{"LZ4_RAW"});
  auto [plain_properties, plain_codecs] = codecs_of("plain");
  EXPECT_EQ(plain_properties.count("write.parquet.compression-codec"), 0u);
  EXPECT_EQ(plain_codecs, std::set<std::string>{"ZSTD"});
  ExpectRows("SELECT count(*), sum(id) FROM fast", {{"5000", "12502500"}});
  ExpectError("CREATE TABLE bad (a int) WITH (compression = 'brotli')", "22023",
              "invalid value for parameter \"compression\": \"brotli\"");

  // ALTER TABLE SET / RESET: files written afterwards follow it, earlier
  // files keep their codec and are read as before.
  Run("ALTER TABLE plain SET (compression = 'snappy')");
  Run("INSERT INTO plain VALUES (9001, 'LATAM')");
  auto [altered_properties, altered_codecs] = codecs_of("plain");
  EXPECT_EQ(altered_properties.at("write.parquet.compression-codec"), "snappy");
  EXPECT_EQ(altered_codecs, (std::set<std::string>{"SNAPPY", "ZSTD"}));
  Run("ALTER TABLE plain RESET (compression)");
  EXPECT_EQ(codecs_of("plain").first.count("write.parquet.compression-codec"), 0u);
  ExpectRows("SELECT count(*), max(id) FROM plain", {{"5001", "9001"}});
  ExpectError("ALTER TABLE plain SET (compression = 'brotli')", "22023", "invalid value for parameter");
  ExpectError("ALTER TABLE plain SET (cluster_by = 'region')", "0A000", "cannot be changed by ALTER TABLE");
  ExpectError("ALTER TABLE plain SET (fillfactor = 70)", "22023", "unrecognized parameter \"fillfactor\"");

  // A table another tool created with a codec Tributary cannot write.
  auto schema = iceberg::Schema::FromColumns({{"a", LogicalType::Integer()}}).ValueOrDie();
  ASSERT_TRUE(catalog->CreateTable({"public", "imported"}, schema, nullptr, nullptr,
                                   {{"write.parquet.compression-codec", "brotli"}})
                  .ok());
  ExpectError("INSERT INTO imported VALUES (1)", "58030", "write.parquet.compression-codec 'brotli' is not supported");
}

TEST_F(EngineTest, CreateDropErrors) {
  Run("CREATE SCHEMA s");
  ExpectError("CREATE SCHEMA s", "42P06", "schema \"s\" already exists");
  Run("CREATE SCHEMA IF NOT EXISTS s");
  Run("CREATE TABLE s.t (a int)");
  ExpectError("CREATE TABLE s.t (a int)", "42P07", "relation \"t\" already exists");
  ExpectError("CREATE TABLE s.u (a int, a text)", "42701");
  ExpectError("CREATE TABLE s.u (a widget)", "42704", "type \"widget\" does not exist");
  ExpectError("CREATE TABLE nope.u (a int)", "3F000");
  ExpectError("CREATE TABLE s.u (a int) WITH (colour = 'red')", "22023", "unrecognized parameter \"colour\"");
  ExpectError("DROP SCHEMA s", "2BP01");
  Run("DROP TABLE s.t");
  ExpectError("DROP TABLE s.t", "42P01");
  Run("DROP TABLE IF EXISTS s.t");
  Run("DROP SCHEMA s");
  ExpectError("SELECT * FROM s.t", "42P01");
}

TEST_F(EngineTest, InsertValuesAndSelect) {
  Run("CREATE TABLE t (id int NOT NULL, name varchar(5), price numeric(6,2), at timestamp, ok boolean)");
  QueryResult r = Run("INSERT INTO t VALUES (1, 'ab', 1.5, '2024-01-02 03:04:05', true), (2, NULL, 2, NULL, false)");
  EXPECT_EQ(r.command_tag(), "INSERT 0 2");
  r = Run("INSERT INTO t (name, id) VALUES ('c', 3)");
  EXPECT_EQ(r.command_tag(), "INSERT 0 1");
  r = Run("INSERT INTO t SELECT id + 10, name, price * 2, at, NOT ok FROM t WHERE id < 3");
  EXPECT_EQ(r.command_tag(), "INSERT 0 2");
  ExpectRows("SELECT * FROM t ORDER BY id",
             {{"1", "ab", "1.50", "2024-01-02 03:04:05", "t"},
              {"2", "NULL", "2.00", "NULL", "f"},
              {"3", "c", "NULL", "NULL", "NULL"},
              {"11", "ab", "3.00", "2024-01-02 03:04:05", "f"},
              {"12", "NULL", "4.00", "NULL", "t"}});
  ExpectError("INSERT INTO t (name) VALUES ('x')", "23502", "null value in column \"id\"");
  ExpectError("INSERT INTO t (id, name) VALUES (5, 'toolong')", "22001");
  ExpectError("INSERT INTO t (id) VALUES ('x')", "22P02");
  ExpectError("INSERT INTO t (id, nope) VALUES (1, 2)", "42703");
  ExpectError("INSERT INTO t (id) VALUES (1, 2)", "42601", "more expressions than target columns");
  ExpectError("INSERT INTO t (id, ok) VALUES (1, 1.5)", "42804", "column \"ok\" is of type boolean");
  ExpectRows("SELECT count(*) FROM t", {{"5"}});
}

}  // namespace
}  // namespace tributary
