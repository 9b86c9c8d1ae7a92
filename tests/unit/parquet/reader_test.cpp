// Reader behaviour beyond the round trip: projection, pruning, dictionary
// vectors, and files laid out the way other writers lay them out.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "parquet/encodings.hpp"
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

std::string SortedFile(const TempDir& dir, WrittenFile* written = nullptr) {
  std::vector<ColumnSpec> schema = {{"id", LogicalType::BigInt(), false, 1},
                                    {"region", LogicalType::Varchar(), true, 2},
                                    {"amount", LogicalType::Double(), true, 3}};
  Columns cols(3);
  static const char* kRegions[] = {"emea", "apac", "amer"};
  for (int64_t r = 0; r < 4000; r++) {
    cols[0].push_back(Value::BigInt(r));
    cols[1].push_back(Value::Varchar(kRegions[r % 3]));
    cols[2].push_back(Value::Double(static_cast<double>(r) * 1.5));
  }
  WriterOptions o;
  o.row_group_rows = 1000;
  std::string path = dir.File("sorted.parquet");
  WrittenFile w = testing::WriteColumns(path, schema, cols, o, 1024);
  if (written) *written = w;
  return path;
}

TEST(ParquetReader, ProjectionFetchesOnlyRequestedChunks) {
  TempDir dir;
  std::string path = SortedFile(dir);
  ScanMetrics all, one;
  auto full = testing::ReadColumns(path, {}, &all);
  ASSERT_TRUE(full.ok());
  ScanOptions opts;
  opts.columns = {2};
  auto projected = testing::ReadColumns(path, opts, &one);
  ASSERT_TRUE(projected.ok()) << projected.status().ToString();
  ASSERT_EQ(projected->size(), 1u);
  EXPECT_EQ((*projected)[0], (*full)[2]);
  auto reader = FileReader::Open(path).ValueOrDie();
  int64_t expected = 0;
  for (const auto& rg : reader->metadata().row_groups) expected += rg.columns[2].meta_data->total_compressed_size;
  EXPECT_EQ(one.bytes_read, expected);
  EXPECT_LT(one.bytes_read, all.bytes_read);
  EXPECT_EQ(one.rows_read, 4000);
  EXPECT_EQ(one.row_groups_total, 4);
}

TEST(ParquetReader, PruningSkipsRowGroups) {
  TempDir dir;
  WrittenFile written;
  std::string path = SortedFile(dir, &written);
  EXPECT_EQ(written.columns[0].min, Value::BigInt(0));
  EXPECT_EQ(written.columns[0].max, Value::BigInt(3999));
  EXPECT_EQ(written.row_group_offsets.size(), 4u);
  EXPECT_EQ(written.row_group_offsets[0], 4);
  auto reader = FileReader::Open(path).ValueOrDie();
  ColumnPredicate ge{0, ColumnPredicate::Op::kGe, {Value::BigInt(3500)}};
  EXPECT_EQ(reader->PruneRowGroups({ge}), std::vector<int>{3});
  ColumnPredicate eq{0, ColumnPredicate::Op::kEq, {Value::BigInt(1500)}};
  EXPECT_EQ(reader->PruneRowGroups({eq}), std::vector<int>{1});
  ColumnPredicate is_null{0, ColumnPredicate::Op::kIsNull, {}};
  EXPECT_TRUE(reader->PruneRowGroups({is_null}).empty());
  ColumnPredicate region{1, ColumnPredicate::Op::kEq, {Value::Varchar("zzz")}};
  EXPECT_TRUE(reader->PruneRowGroups({region}).empty());

  ScanOptions opts;
  opts.predicates = {ge};
  ScanMetrics m;
  auto rows = testing::ReadColumns(path, opts, &m);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(m.row_groups_total, 4);
  EXPECT_EQ(m.row_groups_read, 1);
  EXPECT_EQ(m.rows_read, 1000);
  EXPECT_EQ((*rows)[0].front(), Value::BigInt(3000));
}

TEST(ParquetReader, DictionaryStringsShareOneDictionary) {
  TempDir dir;
  std::string path = SortedFile(dir);
  auto reader = FileReader::Open(path).ValueOrDie();
  ScanOptions opts;
  opts.columns = {1};
  opts.batch_rows = 300;
  auto scanner = reader->Scan(opts).ValueOrDie();
  ColumnBatch batch;
  std::shared_ptr<const Vector> first;
  int batches = 0;
  while (*scanner->Next(&batch)) {
    const Vector& v = batch.column(0);
    ASSERT_EQ(v.encoding(), VectorEncoding::kDictionary);
    if (batches == 0) first = v.shared_dictionary();
    if (batches == 1) {
      EXPECT_EQ(v.shared_dictionary(), first);  // same chunk, same dictionary
    }
    batches++;
  }
  EXPECT_GT(batches, 12);
  // Strings outlive the scanner and reader.
  scanner.reset();
  reader.reset();
  EXPECT_EQ(batch.column(0).GetValue(0).GetString().size(), 4u);
}

SchemaElement Leaf(const std::string& name, Type type, Repetition rep = Repetition::kOptional) {
  SchemaElement e;
  e.name = name;
  e.type = type;
  e.repetition = rep;
  return e;
}

template <typename T>
std::string Plain(const std::vector<T>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

std::string Levels(const std::vector<uint32_t>& defs) {
  std::string out;
  EncodeRleBitPacked(defs.data(), defs.size(), 1, &out);
  return out;
}

std::string ByteArrays(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    testing::AppendU32(static_cast<uint32_t>(s.size()), &out);
    out += s;
  }
  return out;
}

Columns ReadBack(const TempDir& dir, const std::string& bytes) {
  std::string path = dir.File("foreign.parquet");
  WriteBytes(path, bytes);
  auto read = testing::ReadColumns(path);
  EXPECT_TRUE(read.ok()) << read.status().ToString();
  return read.ok() ? *read : Columns{};
}

TEST(ParquetReader, DataPageV2WithUncompressedLevels) {
  TempDir dir;
  std::vector<uint32_t> defs = {1, 0, 1, 1, 0};
  std::string levels = Levels(defs);
  RawPage p;
  p.header.type = PageType::kDataPageV2;
  DataPageHeaderV2 d;
  d.num_values = 5;
  d.num_rows = 5;
  d.num_nulls = 2;
  d.encoding = Encoding::kPlain;
  d.definition_levels_byte_length = static_cast<int32_t>(levels.size());
  p.header.data_page_header_v2 = d;
  p.body = levels + Plain<int32_t>({7, -8, 9});
  p.v2_levels = levels.size();
  for (Codec codec : {Codec::kZstd, Codec::kSnappy, Codec::kUncompressed}) {
    Columns c = ReadBack(dir, BuildFile({Leaf("x", Type::kInt32)}, 5, {{p}}, codec));
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0], (std::vector<Value>{Value::Integer(7), Value::Null(LogicalType::Integer()), Value::Integer(-8),
                                        Value::Integer(9), Value::Null(LogicalType::Integer())}));
  }
  // RLE-encoded booleans in a v2 page.
  std::vector<uint32_t> bits = {1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1};
  std::string rle;
  EncodeRleBitPacked(bits.data(), bits.size(), 1, &rle);
  RawPage b;
  b.header.type = PageType::kDataPageV2;
  DataPageHeaderV2 bd;
  bd.num_values = bd.num_rows = static_cast<int32_t>(bits.size());
  bd.encoding = Encoding::kRle;
  b.header.data_page_header_v2 = bd;
  testing::AppendU32(static_cast<uint32_t>(rle.size()), &b.body);
  b.body += rle;
  Columns bc = ReadBack(dir, BuildFile({Leaf("b", Type::kBoolean, Repetition::kRequired)}, 11, {{b}}, Codec::kZstd));
  for (size_t i = 0; i < bits.size(); i++) EXPECT_EQ(bc[0][i], Value::Boolean(bits[i] != 0)) << i;
}

TEST(ParquetReader, DeltaAndByteStreamSplitEncodings) {
  TempDir dir;
  // DELTA_BINARY_PACKED INT64 with nulls (v1 page).
  std::vector<int64_t> longs = {5, 1000000000000LL, -3, -3, 42, 7, INT64_MIN, INT64_MAX};
  std::string delta;
  EncodeDeltaBinaryPacked64(longs.data(), longs.size(), &delta);
  std::vector<uint32_t> defs;
  for (size_t i = 0; i < longs.size(); i++) {
    defs.push_back(1);
    if (i % 3 == 0) defs.push_back(0);
  }
  RawPage dp = DataPageV1(static_cast<int32_t>(defs.size()), Encoding::kDeltaBinaryPacked, Levels(defs), delta);
  // DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY strings.
  std::vector<std::string> strs(defs.size());
  for (size_t i = 0; i < strs.size(); i++) strs[i] = "prefix_shared_" + std::to_string(i * i);
  std::vector<StringRef> refs;
  for (const auto& s : strs) refs.push_back({s.data(), static_cast<uint32_t>(s.size())});
  std::string dlba, dba;
  EncodeDeltaLengthByteArray(refs.data(), refs.size(), &dlba);
  EncodeDeltaByteArray(refs.data(), refs.size(), &dba);
  int32_t n = static_cast<int32_t>(strs.size());
  // BYTE_STREAM_SPLIT doubles.
  std::vector<double> doubles(strs.size());
  for (size_t i = 0; i < doubles.size(); i++) doubles[i] = static_cast<double>(i) * -0.125;
  std::string bss;
  EncodeByteStreamSplit(reinterpret_cast<const uint8_t*>(doubles.data()), doubles.size(), 8, &bss);

  std::string bytes = BuildFile(
      {Leaf("l", Type::kInt64), Leaf("s1", Type::kByteArray, Repetition::kRequired),
       Leaf("s2", Type::kByteArray, Repetition::kRequired), Leaf("d", Type::kDouble, Repetition::kRequired)},
      n,
      {{dp},
       {DataPageV1(n, Encoding::kDeltaLengthByteArray, "", dlba)},
       {DataPageV1(n, Encoding::kDeltaByteArray, "", dba)},
       {DataPageV1(n, Encoding::kByteStreamSplit, "", bss)}},
      Codec::kLz4Raw);
  Columns c = ReadBack(dir, bytes);
  ASSERT_EQ(c.size(), 4u);
  size_t k = 0;
  for (size_t i = 0; i < defs.size(); i++) {
    if (defs[i]) {
      EXPECT_EQ(c[0][i], Value::BigInt(longs[k++])) << i;
    } else {
      EXPECT_TRUE(c[0][i].is_null()) << i;
    }
    EXPECT_EQ(c[1][i], Value::Varchar(strs[i]));
    EXPECT_EQ(c[2][i], Value::Varchar(strs[i]));
    EXPECT_EQ(c[3][i], Value::Double(doubles[i]));
  }
}

TEST(ParquetReader, ForeignTypeAnnotations) {
  TempDir dir;
  auto with_converted = [](SchemaElement e, ConvertedType ct) {
    e.converted_type = ct;
    return e;
  };
  SchemaElement i8 = with_converted(Leaf("i8", Type::kInt32, Repetition::kRequired), ConvertedType::kInt8);
  SchemaElement u32 = with_converted(Leaf("u32", Type::kInt32, Repetition::kRequired), ConvertedType::kUint32);
  SchemaElement ms = with_converted(Leaf("ms", Type::kInt64, Repetition::kRequired), ConvertedType::kTimestampMillis);
  SchemaElement ns = Leaf("ns", Type::kInt64, Repetition::kRequired);
  LogicalTypeAnnotation ts;
  ts.kind = LogicalTypeAnnotation::Kind::kTimestamp;
  ts.unit = TimeUnit::kNanos;
  ts.is_adjusted_to_utc = false;
  ns.logical_type = ts;
  SchemaElement dec = with_converted(Leaf("dec", Type::kByteArray, Repetition::kRequired), ConvertedType::kDecimal);
  dec.precision = 10;
  dec.scale = 2;
  SchemaElement en = with_converted(Leaf("en", Type::kByteArray, Repetition::kRequired), ConvertedType::kEnum);
  SchemaElement u64 = with_converted(Leaf("u64", Type::kInt64, Repetition::kRequired), ConvertedType::kUint64);
  SchemaElement plain_i64 = Leaf("raw", Type::kInt64, Repetition::kRequired);

  std::string be_neg = "\xff\x85";  // -123 as big-endian two's complement
  std::string bytes = BuildFile(
      {i8, u32, ms, ns, dec, en, u64, plain_i64}, 2,
      {{DataPageV1(2, Encoding::kPlain, "", Plain<int32_t>({-128, 127}))},
       {DataPageV1(2, Encoding::kPlain, "", Plain<uint32_t>({4'000'000'000u, 1}))},
       {DataPageV1(2, Encoding::kPlain, "", Plain<int64_t>({1'700'000'000'123LL, -1}))},
       {DataPageV1(2, Encoding::kPlain, "", Plain<int64_t>({1'500, -1'500}))},
       {DataPageV1(2, Encoding::kPlain, "", ByteArrays({be_neg, "\x01"}))},
       {DataPageV1(2, Encoding::kPlain, "", ByteArrays({"RED", "GREEN"}))},
       {DataPageV1(2, Encoding::kPlain, "", Plain<uint64_t>({UINT64_MAX, 0}))},
       {DataPageV1(2, Encoding::kPlain, "", Plain<int64_t>({9, 10}))}});
  std::string path = dir.File("types.parquet");
  WriteBytes(path, bytes);
  auto reader = FileReader::Open(path).ValueOrDie();
  const auto& s = reader->schema();
  EXPECT_EQ(s[0].type, LogicalType::SmallInt());
  EXPECT_EQ(s[1].type, LogicalType::BigInt());
  EXPECT_EQ(s[2].type, LogicalType::TimestampTz());
  EXPECT_EQ(s[3].type, LogicalType::Timestamp());
  EXPECT_EQ(s[4].type, LogicalType::NumericUnchecked(10, 2));
  EXPECT_EQ(s[5].type, LogicalType::Varchar());
  EXPECT_EQ(s[6].type, LogicalType::NumericUnchecked(20, 0));
  EXPECT_EQ(s[7].type, LogicalType::BigInt());
  Columns c = ReadBack(dir, bytes);
  ASSERT_EQ(c.size(), 8u);
  EXPECT_EQ(c[0][0], Value::SmallInt(-128));
  EXPECT_EQ(c[1][0], Value::BigInt(4'000'000'000LL));
  EXPECT_EQ(c[2][0], Value::TimestampTz(1'700'000'000'123'000LL));
  EXPECT_EQ(c[2][1], Value::TimestampTz(-1000));
  EXPECT_EQ(c[3][0], Value::Timestamp(1));
  EXPECT_EQ(c[3][1], Value::Timestamp(-2));  // floor, not truncation
  EXPECT_EQ(c[4][0], Value::Numeric(-123, 10, 2));
  EXPECT_EQ(c[4][1], Value::Numeric(1, 10, 2));
  EXPECT_EQ(c[5][1], Value::Varchar("GREEN"));
  EXPECT_EQ(c[6][0], Value::Numeric(static_cast<int128_t>(UINT64_MAX), 20, 0));
  EXPECT_EQ(c[7][1], Value::BigInt(10));
}

TEST(ParquetReader, DictionaryFallbackWithinOneBatch) {
  TempDir dir;
  RawPage dict;
  dict.header.type = PageType::kDictionaryPage;
  dict.header.dictionary_page_header = DictionaryPageHeader{2, Encoding::kPlainDictionary, {}};
  dict.body = ByteArrays({"alpha", "beta"});
  std::vector<uint32_t> idx = {1, 0, 1};
  std::string indices(1, '\x01');
  EncodeRleBitPacked(idx.data(), idx.size(), 1, &indices);
  std::vector<uint32_t> defs = {1, 1, 0, 1};
  RawPage p1 = DataPageV1(4, Encoding::kPlainDictionary, Levels(defs), indices);
  RawPage p2 = DataPageV1(2, Encoding::kPlain, Levels({1, 1}), ByteArrays({"gamma", "delta"}));
  RawPage p3 = DataPageV1(1, Encoding::kRleDictionary, Levels({1}), std::string(1, '\x01') + std::string("\x02\x01", 2));
  Columns c = ReadBack(dir, BuildFile({Leaf("s", Type::kByteArray)}, 7, {{dict, p1, p2, p3}}, Codec::kGzip));
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0], (std::vector<Value>{Value::Varchar("beta"), Value::Varchar("alpha"), Value::Null(LogicalType::Varchar()),
                                      Value::Varchar("beta"), Value::Varchar("gamma"), Value::Varchar("delta"),
                                      Value::Varchar("beta")}));
}

TEST(ParquetReader, WriterAcceptsSelectionDictionaryAndConstantVectors) {
  TempDir dir;
  std::vector<ColumnSpec> schema = {{"k", LogicalType::Integer(), true, -1}, {"s", LogicalType::Varchar(), true, -1}};
  auto writer = FileWriter::Open(dir.File("sel.parquet"), schema).ValueOrDie();
  ColumnBatch batch({LogicalType::Integer(), LogicalType::Varchar()}, 8);
  batch.column(0).data<int32_t>()[0] = 42;
  batch.column(0).MakeConstant();
  auto dict = std::make_shared<Vector>(LogicalType::Varchar(), 2);
  dict->SetString(0, "x");
  dict->SetString(1, "y");
  batch.column(1).MakeDictionary(dict);
  for (uint32_t i = 0; i < 8; i++) batch.column(1).indices()[i] = i % 2;
  batch.column(1).SetNull(3);
  batch.set_num_rows(8);
  SelectionVector sel;
  for (uint32_t r : {1u, 3u, 6u}) sel.Append(r);
  batch.set_selection(sel);
  ASSERT_TRUE(writer->Write(batch).ok());
  auto written = writer->Close();
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(written->num_rows, 3);
  EXPECT_EQ(written->columns[1].null_count, 1);
  EXPECT_EQ(written->columns[1].min, Value::Varchar("x"));
  EXPECT_EQ(written->columns[1].max, Value::Varchar("y"));
  auto c = testing::ReadColumns(dir.File("sel.parquet"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)[0], (std::vector<Value>{Value::Integer(42), Value::Integer(42), Value::Integer(42)}));
  EXPECT_EQ((*c)[1], (std::vector<Value>{Value::Varchar("y"), Value::Null(LogicalType::Varchar()), Value::Varchar("x")}));

  // NULL in a NOT NULL column names the column.
  auto strict = FileWriter::Open(dir.File("strict.parquet"), {{"id", LogicalType::Integer(), false, 1}}).ValueOrDie();
  ColumnBatch nulls({LogicalType::Integer()}, 2);
  nulls.column(0).SetNull(1);
  nulls.set_num_rows(2);
  Status st = strict->Write(nulls);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("column 'id'"), std::string::npos) << st.message();
}

TEST(ParquetReader, NaNsStayOutOfStatistics) {
  TempDir dir;
  Columns cols(1);
  for (double d : {std::nan(""), 2.5, -1.0, std::nan(""), 0.0}) cols[0].push_back(Value::Double(d));
  WrittenFile w = testing::WriteColumns(dir.File("nan.parquet"), {{"d", LogicalType::Double(), true, -1}}, cols, {});
  EXPECT_EQ(w.columns[0].min, Value::Double(-1.0));
  EXPECT_EQ(w.columns[0].max, Value::Double(2.5));
  auto read = testing::ReadColumns(dir.File("nan.parquet"));
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(std::isnan((*read)[0][0].GetDouble()));
}

TEST(ParquetReader, AFooterIsParsedOncePerFileVersion) {
  TempDir dir;
  std::string path = SortedFile(dir);
  const CacheStats before = FooterCacheStats();
  auto first = FileReader::Open(path).ValueOrDie();
  auto second = FileReader::Open(path).ValueOrDie();
  const CacheStats after = FooterCacheStats();
  EXPECT_EQ(after.misses - before.misses, 1);
  EXPECT_EQ(after.hits - before.hits, 1);
  // Both readers share one parsed footer.
  EXPECT_EQ(&first->metadata(), &second->metadata());
  EXPECT_EQ(second->num_rows(), 4000);

  // The same name written again with other rows: the new footer is read.
  std::vector<ColumnSpec> schema = {{"id", LogicalType::BigInt(), false, 1}};
  Columns cols(1);
  for (int64_t r = 0; r < 7; r++) cols[0].push_back(Value::BigInt(r));
  testing::WriteColumns(path, schema, cols, WriterOptions{}, 1024);
  std::filesystem::last_write_time(path, std::filesystem::last_write_time(path) + std::chrono::seconds(5));
  auto rewritten = FileReader::Open(path).ValueOrDie();
  EXPECT_EQ(rewritten->num_rows(), 7);
  ASSERT_EQ(rewritten->schema().size(), 1u);
  auto rows = testing::ReadColumns(path, {});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ((*rows)[0].size(), 7u);
  // The first reader keeps reading what it opened.
  EXPECT_EQ(first->num_rows(), 4000);
}

TEST(ParquetReader, WithNoFooterBudgetEveryOpenParses) {
  TempDir dir;
  std::string path = SortedFile(dir);
  SetFooterCacheCapacity(0);
  const CacheStats before = FooterCacheStats();
  for (int i = 0; i < 3; i++) EXPECT_EQ(FileReader::Open(path).ValueOrDie()->num_rows(), 4000);
  const CacheStats after = FooterCacheStats();
  SetFooterCacheCapacity(int64_t{64} << 20);
  EXPECT_EQ(after.misses - before.misses, 3);
  EXPECT_EQ(after.entries, 0);
}

}  // namespace
}  // namespace tributary::parquet
