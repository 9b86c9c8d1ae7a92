// Truncated, corrupt and hostile files: every one must give a Status naming
// the file, never a crash, hang or runaway allocation.
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "parquet/rle_bitpacking.hpp"
#include "parquet_test_support.hpp"

namespace tributary::parquet {
namespace {

using testing::BuildFile;
using testing::Columns;
using testing::DataPageV1;
using testing::RawPage;
using testing::TempDir;
using testing::WriteBytes;

// Opens and fully scans `path`; returns the first failure.
Status OpenAndScan(const std::string& path) {
  auto read = testing::ReadColumns(path);
  return read.ok() ? Status::OK() : read.status();
}

std::string ValidFile(const TempDir& dir, Codec codec) {
  std::vector<ColumnSpec> schema = {{"id", LogicalType::BigInt(), false, 1},
                                    {"name", LogicalType::Varchar(), true, 2},
                                    {"price", LogicalType::NumericUnchecked(12, 2), true, 3},
                                    {"flag", LogicalType::Boolean(), true, 4},
                                    {"big", LogicalType::NumericUnchecked(30, 3), true, 5}};
  Columns cols(5);
  for (int64_t r = 0; r < 600; r++) {
    cols[0].push_back(Value::BigInt(r * 3));
    cols[1].push_back(r % 7 == 0 ? Value::Null(LogicalType::Varchar()) : Value::Varchar("n" + std::to_string(r % 13)));
    cols[2].push_back(Value::Numeric(r * 101, 12, 2));
    cols[3].push_back(r % 5 == 0 ? Value::Null(LogicalType::Boolean()) : Value::Boolean(r % 2));
    cols[4].push_back(Value::Numeric(static_cast<int128_t>(r) * 1'000'000'000'000LL, 30, 3));
  }
  WriterOptions o;
  o.codec = codec;
  o.row_group_rows = 250;
  o.page_bytes = 256;
  std::string path = dir.File(std::string("valid_") + std::string(CodecName(codec)) + ".parquet");
  testing::WriteColumns(path, schema, cols, o, 100);
  EXPECT_TRUE(OpenAndScan(path).ok());
  return path;
}

TEST(ParquetSafety, EveryTruncationFailsWithThePath) {
  TempDir dir;
  for (Codec codec : {Codec::kUncompressed, Codec::kZstd}) {
    std::string bytes = testing::Slurp(ValidFile(dir, codec));
    std::string path = dir.File("truncated.parquet");
    for (size_t len = 0; len < bytes.size(); len++) {
      WriteBytes(path, bytes.substr(0, len));
      Status st = OpenAndScan(path);
      ASSERT_FALSE(st.ok()) << "truncated to " << len << " bytes";
      EXPECT_EQ(st.message().rfind("'" + path + "'", 0), 0u) << st.message();
    }
  }
}

TEST(ParquetSafety, ByteFlipsNeverCrash) {
  TempDir dir;
  std::mt19937 rng(7);
  for (Codec codec : {Codec::kUncompressed, Codec::kSnappy, Codec::kZstd}) {
    std::string bytes = testing::Slurp(ValidFile(dir, codec));
    std::string path = dir.File("flipped.parquet");
    int failures = 0;
    // Every byte of the uncompressed file; a sample of the compressed ones.
    const size_t stride = codec == Codec::kUncompressed ? 1 : 4;
    for (size_t pos = 0; pos < bytes.size(); pos += stride) {
      std::string copy = bytes;
      copy[pos] = static_cast<char>(copy[pos] ^ (pos % 3 == 0 ? 0xff : 1 << (rng() % 8)));
      WriteBytes(path, copy);
      Status st = OpenAndScan(path);
      if (!st.ok()) {
        failures++;
        EXPECT_EQ(st.message().rfind("'" + path + "'", 0), 0u) << st.message();
        EXPECT_TRUE(st.code() == StatusCode::kCorruption || st.code() == StatusCode::kNotSupported) << st.ToString();
      }
    }
    EXPECT_GT(failures, 0);
  }
}

TEST(ParquetSafety, RandomGarbageFooters) {
  TempDir dir;
  std::mt19937 rng(11);
  std::string path = dir.File("garbage.parquet");
  for (int i = 0; i < 2000; i++) {
    std::string footer(rng() % 200, '\0');
    for (char& c : footer) c = static_cast<char>(rng());
    std::string bytes = "PAR1" + footer;
    uint32_t len = static_cast<uint32_t>(footer.size());
    bytes.append(reinterpret_cast<const char*>(&len), 4);
    bytes += "PAR1";
    WriteBytes(path, bytes);
    EXPECT_FALSE(OpenAndScan(path).ok());
  }
}

SchemaElement Leaf(const std::string& name, Type type, Repetition rep = Repetition::kOptional) {
  SchemaElement e;
  e.name = name;
  e.type = type;
  e.repetition = rep;
  return e;
}

std::string Int32Plain(const std::vector<int32_t>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * 4);
}

TEST(ParquetSafety, PageClaimingMoreValuesThanTheChunk) {
  TempDir dir;
  std::string path = dir.File("claims.parquet");
  RawPage page = DataPageV1(5'000'000, Encoding::kPlain, "", Int32Plain({1, 2, 3}));
  WriteBytes(path, BuildFile({Leaf("price", Type::kInt32, Repetition::kRequired)}, 100, {{page}}));
  Status st = OpenAndScan(path);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "'" + path +
                              "': column 'price' row group 0: page header claims 5000000 values but the chunk has 100");
}

TEST(ParquetSafety, HostilePages) {
  TempDir dir;
  std::string path = dir.File("hostile.parquet");
  auto expect_error = [&](const std::string& bytes, const std::string& fragment) {
    WriteBytes(path, bytes);
    Status st = OpenAndScan(path);
    ASSERT_FALSE(st.ok()) << fragment;
    EXPECT_NE(st.message().find(fragment), std::string::npos) << st.message();
    EXPECT_EQ(st.message().rfind("'" + path + "'", 0), 0u) << st.message();
  };
  auto req = Leaf("x", Type::kInt32, Repetition::kRequired);

  // Too few value bytes for the rows.
  expect_error(BuildFile({req}, 4, {{DataPageV1(4, Encoding::kPlain, "", Int32Plain({1, 2}))}}), "value bytes");

  // Dictionary index beyond the dictionary.
  RawPage dict;
  dict.header.type = PageType::kDictionaryPage;
  dict.header.dictionary_page_header = DictionaryPageHeader{2, Encoding::kPlain, {}};
  dict.body = Int32Plain({10, 20});
  std::string idx(1, '\x02');  // bit width 2
  std::vector<uint32_t> indices = {0, 1, 3, 1};
  EncodeRleBitPacked(indices.data(), indices.size(), 2, &idx);
  expect_error(BuildFile({req}, 4, {{dict, DataPageV1(4, Encoding::kRleDictionary, "", idx)}}), "dictionary index 3");

  // Bit width beyond 32.
  expect_error(BuildFile({req}, 4, {{dict, DataPageV1(4, Encoding::kRleDictionary, "", std::string(1, '\x28'))}}),
               "bit width 40");

  // Dictionary-encoded page without a dictionary.
  expect_error(BuildFile({req}, 4, {{DataPageV1(4, Encoding::kRleDictionary, "", idx)}}), "no dictionary page");

  // Dictionary claiming far more values than its bytes hold.
  RawPage huge = dict;
  huge.header.dictionary_page_header->num_values = 1 << 30;
  expect_error(BuildFile({req}, 4, {{huge, DataPageV1(4, Encoding::kRleDictionary, "", idx)}}), "dictionary page claims");

  // Compressed page claiming an impossible uncompressed size.
  RawPage liar = DataPageV1(4, Encoding::kPlain, "", Int32Plain({1, 2, 3, 4}));
  liar.keep_sizes = true;
  liar.header.uncompressed_page_size = 1 << 30;
  std::string compressed;
  ASSERT_TRUE(Compress(Codec::kSnappy, 0, reinterpret_cast<const uint8_t*>(liar.body.data()), liar.body.size(),
                       &compressed).ok());
  liar.header.compressed_page_size = static_cast<int32_t>(compressed.size());
  expect_error(BuildFile({req}, 4, {{liar}}, Codec::kSnappy), "uncompressed bytes");

  // Definition levels longer than the page.
  auto opt = Leaf("x", Type::kInt32);
  RawPage bad_levels = DataPageV1(4, Encoding::kPlain, "", "");
  testing::AppendU32(1000, &bad_levels.body);
  expect_error(BuildFile({opt}, 4, {{bad_levels}}), "definition levels claim 1000 bytes");

  // Fewer pages than rows.
  expect_error(BuildFile({req}, 8, {{DataPageV1(4, Encoding::kPlain, "", Int32Plain({1, 2, 3, 4}))}}),
               "4 of its rows not found");

  // Unsupported and nested schemas name the column.
  expect_error(BuildFile({Leaf("legacy_ts", Type::kInt96)}, 0, {{}}), "column 'legacy_ts': INT96");
  SchemaElement group;
  group.name = "address";
  group.num_children = 1;
  {
    std::string bytes = "PAR1";
    FileMetadata md;
    SchemaElement root;
    root.name = "schema";
    root.num_children = 1;
    md.schema = {root, group, Leaf("street", Type::kByteArray)};
    std::string footer;
    SerializeFileMetadata(md, &footer);
    bytes += footer;
    uint32_t len = static_cast<uint32_t>(footer.size());
    bytes.append(reinterpret_cast<const char*>(&len), 4);
    bytes += "PAR1";
    WriteBytes(path, bytes);
    Status st = OpenAndScan(path);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.code(), StatusCode::kNotSupported);
    EXPECT_NE(st.message().find("column 'address'"), std::string::npos) << st.message();
  }
}

TEST(ParquetSafety, FooterChecks) {
  TempDir dir;
  std::string path = dir.File("footer.parquet");
  auto expect_error = [&](const std::string& bytes, const std::string& fragment) {
    WriteBytes(path, bytes);
    Status st = OpenAndScan(path);
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.message().find(fragment), std::string::npos) << st.message();
  };
  expect_error("PAR1", "too small");
  expect_error(std::string("XXXX") + std::string(8, '\0') + "PAR1", "does not start with");
  expect_error(std::string("PAR1") + std::string(8, '\0') + "PAR2", "does not end with");
  std::string bad_len = "PAR1" + std::string(8, 'x');
  testing::AppendU32(1000, &bad_len);
  expect_error(bad_len + "PAR1", "footer length 1000");
}

}  // namespace
}  // namespace tributary::parquet
