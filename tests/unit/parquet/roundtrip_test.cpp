// The round-trip matrix: every SQL type × null pattern × encoding × codec is
// written, read back and compared value for value, with statistics.
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "parquet/column_reader.hpp"
#include "parquet/parquet_metadata.hpp"
#include "parquet_test_support.hpp"
#include "types/decimal.hpp"

namespace tributary::parquet {
namespace {

using testing::Columns;
using testing::TempDir;

enum class Nulls { kRequired, kNone, kSome, kAll };
enum class Enc { kPlain, kDictionary, kFallback };

const char* NullsName(Nulls n) {
  switch (n) {
    case Nulls::kRequired: return "required";
    case Nulls::kNone: return "no_nulls";
    case Nulls::kSome: return "some_nulls";
    case Nulls::kAll: return "all_nulls";
  }
  return "?";
}

std::vector<LogicalType> MatrixTypes() {
  return {LogicalType::Boolean(),
          LogicalType::SmallInt(),
          LogicalType::Integer(),
          LogicalType::BigInt(),
          LogicalType::Real(),
          LogicalType::Double(),
          LogicalType::NumericUnchecked(9, 2),
          LogicalType::NumericUnchecked(18, 4),
          LogicalType::NumericUnchecked(38, 10),
          LogicalType::Varchar(),
          LogicalType::Varchar(12),
          LogicalType::Date(),
          LogicalType::Timestamp(),
          LogicalType::TimestampTz()};
}

// A value of `type` drawn from `k` (0 <= k < cardinality); extremes included
// so sign handling and widths are exercised.
Value MakeValue(const LogicalType& type, int64_t k) {
  int64_t s = (k % 2 ? -1 : 1) * k * 7919;
  switch (type.id()) {
    case TypeId::kBoolean: return Value::Boolean(k % 3 == 0);
    case TypeId::kSmallInt: return Value::SmallInt(k == 1 ? INT16_MIN : k == 2 ? INT16_MAX : static_cast<int16_t>(s % 30000));
    case TypeId::kInteger: return Value::Integer(k == 1 ? INT32_MIN : k == 2 ? INT32_MAX : static_cast<int32_t>(s));
    case TypeId::kBigInt: return Value::BigInt(k == 1 ? INT64_MIN : k == 2 ? INT64_MAX : s * 1'000'003);
    case TypeId::kReal: return Value::Real(k == 1 ? -0.0f : static_cast<float>(s) / 8.0f);
    case TypeId::kDouble: return Value::Double(k == 1 ? 1e300 : static_cast<double>(s) / 3.0);
    case TypeId::kNumeric: {
      int128_t limit = decimal::PowerOfTen(type.precision()) - 1;
      int128_t v = k == 1 ? -limit : k == 2 ? limit : static_cast<int128_t>(s) * 12345;
      if (!decimal::FitsPrecision(v, type.precision())) v = v % limit;
      return Value::Numeric(v, type.precision(), type.scale());
    }
    case TypeId::kVarchar: {
      if (k == 1) return Value::Varchar("");
      if (k == 2) return Value::Varchar("\xc3\xa9t\xc3\xa9 \xf0\x9f\x8c\x8a");
      std::string v = "v" + std::to_string(s);
      if (type.max_length() < 0) v += std::string(static_cast<size_t>(k % 17), 'x');
      return Value::Varchar(v);
    }
    case TypeId::kDate: return Value::Date(static_cast<int32_t>(s % 100000));
    case TypeId::kTimestamp: return Value::Timestamp(s * 86'400'000'123);
    case TypeId::kTimestampTz: return Value::TimestampTz(-s * 3'600'000'007);
    case TypeId::kNull:
    case TypeId::kInterval: break;
  }
  return Value();
}

struct Expected {
  std::optional<Value> min, max;
  int64_t nulls = 0;
};

Expected Summarize(const std::vector<Value>& values, size_t begin, size_t end) {
  Expected e;
  for (size_t i = begin; i < end; i++) {
    const Value& v = values[i];
    if (v.is_null()) {
      e.nulls++;
      continue;
    }
    if (!e.min || v.Compare(*e.min) < 0) e.min = v;
    if (!e.max || v.Compare(*e.max) > 0) e.max = v;
  }
  return e;
}

// Walks a chunk's page headers and returns each data page's encoding.
std::vector<Encoding> DataPageEncodings(const std::string& file, const ColumnMetaData& m) {
  std::vector<Encoding> out;
  int64_t pos = m.dictionary_page_offset ? *m.dictionary_page_offset : m.data_page_offset;
  int64_t end = pos + m.total_compressed_size;
  while (pos < end) {
    PageHeader h;
    size_t consumed = 0;
    Status st = ParsePageHeader(reinterpret_cast<const uint8_t*>(file.data()) + pos, static_cast<size_t>(end - pos), &h,
                                &consumed);
    EXPECT_TRUE(st.ok()) << st.ToString();
    if (!st.ok()) break;
    if (h.data_page_header) out.push_back(h.data_page_header->encoding);
    pos += static_cast<int64_t>(consumed) + h.compressed_page_size;
  }
  return out;
}

using MatrixParam = std::tuple<int, Enc, Codec>;

class RoundTripMatrix : public ::testing::TestWithParam<MatrixParam> {};

TEST_P(RoundTripMatrix, ValuesAndStatisticsSurvive) {
  const auto [type_index, enc, codec] = GetParam();
  const LogicalType type = MatrixTypes()[static_cast<size_t>(type_index)];
  constexpr size_t kRows = 2500;
  constexpr int64_t kGroupRows = 1000;
  TempDir dir;
  for (Nulls nulls : {Nulls::kRequired, Nulls::kNone, Nulls::kSome, Nulls::kAll}) {
    SCOPED_TRACE(fmt::format("{} {} enc={} codec={}", type.ToString(), NullsName(nulls), static_cast<int>(enc),
                             CodecName(codec)));
    const int64_t cardinality = enc == Enc::kFallback ? 900 : 40;
    std::mt19937_64 rng(static_cast<uint64_t>(type_index) * 31 + static_cast<uint64_t>(nulls));
    Columns columns(1);
    for (size_t r = 0; r < kRows; r++) {
      bool null = nulls == Nulls::kAll || (nulls == Nulls::kSome && rng() % 5 == 0);
      // Fallback data: a long run of the same few values, then many distinct ones.
      int64_t k = enc == Enc::kFallback && r < 600 ? static_cast<int64_t>(r % 4)
                                                   : static_cast<int64_t>(rng() % static_cast<uint64_t>(cardinality));
      columns[0].push_back(null ? Value::Null(type) : MakeValue(type, k));
    }
    ColumnSpec spec{"c", type, nulls != Nulls::kRequired, 7};
    WriterOptions options;
    options.codec = codec;
    options.row_group_rows = kGroupRows;
    options.page_bytes = 300;  // several pages per chunk, dictionary-encoded ones included
    options.enable_dictionary = enc != Enc::kPlain;
    if (enc == Enc::kFallback) options.dictionary_page_bytes = 200;
    std::string path = dir.File(fmt::format("m_{}.parquet", NullsName(nulls)));
    WrittenFile written = testing::WriteColumns(path, {spec}, columns, options, 777);
    ASSERT_EQ(written.num_rows, static_cast<int64_t>(kRows));
    ASSERT_EQ(written.row_group_offsets.size(), 3u);

    // Values.
    auto read = testing::ReadColumns(path);
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    ASSERT_EQ(read->size(), 1u);
    ASSERT_EQ((*read)[0].size(), kRows);
    for (size_t r = 0; r < kRows; r++) {
      const Value& want = columns[0][r];
      const Value& got = (*read)[0][r];
      ASSERT_EQ(got.is_null(), want.is_null()) << "row " << r;
      if (!want.is_null()) {
        ASSERT_EQ(got.Compare(want), 0) << "row " << r << ": " << got.ToString() << " vs " << want.ToString();
        if (type.id() == TypeId::kReal || type.id() == TypeId::kDouble) {
          ASSERT_EQ(std::signbit(got.GetDouble()), std::signbit(want.GetDouble())) << "row " << r;
        }
      }
    }

    // File-level statistics.
    Expected all = Summarize(columns[0], 0, kRows);
    ASSERT_EQ(written.columns.size(), 1u);
    EXPECT_EQ(written.columns[0].null_count, all.nulls);
    EXPECT_EQ(written.columns[0].value_count, static_cast<int64_t>(kRows));
    EXPECT_GT(written.columns[0].compressed_bytes, 0);
    ASSERT_EQ(written.columns[0].min.has_value(), all.min.has_value());
    if (all.min) {
      EXPECT_EQ(written.columns[0].min->Compare(*all.min), 0) << written.columns[0].min->ToString();
      EXPECT_EQ(written.columns[0].max->Compare(*all.max), 0) << written.columns[0].max->ToString();
    }

    // Row-group statistics as the reader decodes them.
    auto reader = FileReader::Open(path);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    ASSERT_EQ((*reader)->num_row_groups(), 3);
    EXPECT_EQ((*reader)->schema()[0].field_id, 7);
    EXPECT_EQ((*reader)->schema()[0].nullable, nulls != Nulls::kRequired);
    std::string file = testing::Slurp(path);
    for (int g = 0; g < 3; g++) {
      size_t begin = static_cast<size_t>(g) * kGroupRows, end = std::min(kRows, begin + kGroupRows);
      Expected e = Summarize(columns[0], begin, end);
      ColumnStatistics st = (*reader)->row_group_statistics(g, 0);
      ASSERT_TRUE(st.null_count.has_value());
      EXPECT_EQ(*st.null_count, e.nulls);
      EXPECT_EQ(st.value_count, static_cast<int64_t>(end - begin));
      ASSERT_EQ(st.min.has_value(), e.min.has_value());
      if (e.min) {
        EXPECT_EQ(st.min->Compare(*e.min), 0) << st.min->ToString() << " vs " << e.min->ToString();
        EXPECT_EQ(st.max->Compare(*e.max), 0) << st.max->ToString() << " vs " << e.max->ToString();
      }
      // Encodings actually used.
      const ColumnMetaData& m = *(*reader)->metadata().row_groups[static_cast<size_t>(g)].columns[0].meta_data;
      EXPECT_EQ(m.codec, codec);
      std::vector<Encoding> pages = DataPageEncodings(file, m);
      EXPECT_GE(pages.size(), nulls == Nulls::kAll ? 1u : 2u);
      bool any_dict = std::count(pages.begin(), pages.end(), Encoding::kRleDictionary) > 0;
      bool any_plain = std::count(pages.begin(), pages.end(), Encoding::kPlain) > 0;
      if (type.id() == TypeId::kBoolean || enc == Enc::kPlain) {
        EXPECT_FALSE(any_dict);
      } else if (enc == Enc::kDictionary && nulls != Nulls::kAll) {
        EXPECT_TRUE(any_dict);
        EXPECT_FALSE(any_plain);
      } else if (enc == Enc::kFallback && nulls != Nulls::kAll && g == 0) {
        EXPECT_TRUE(any_dict);
        EXPECT_TRUE(any_plain);
        EXPECT_TRUE(m.dictionary_page_offset.has_value());
      }
    }
  }
}

std::string MatrixName(const ::testing::TestParamInfo<MatrixParam>& info) {
  static const char* kEnc[] = {"plain", "dictionary", "fallback"};
  std::string type = MatrixTypes()[static_cast<size_t>(std::get<0>(info.param))].ToString();
  for (char& ch : type) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return fmt::format("{}_{}_{}", type, kEnc[static_cast<int>(std::get<1>(info.param))],
                     CodecName(std::get<2>(info.param)));
}

INSTANTIATE_TEST_SUITE_P(AllTypes, RoundTripMatrix,
                         ::testing::Combine(::testing::Range(0, 14),
                                            ::testing::Values(Enc::kPlain, Enc::kDictionary, Enc::kFallback),
                                            ::testing::Values(Codec::kUncompressed, Codec::kSnappy, Codec::kGzip,
                                                              Codec::kZstd, Codec::kLz4Raw)),
                         MatrixName);

}  // namespace
}  // namespace tributary::parquet
