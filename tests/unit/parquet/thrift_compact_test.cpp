#include "parquet/thrift_compact.hpp"

#include <gtest/gtest.h>

#include <random>

#include "parquet/parquet_metadata.hpp"

namespace tributary::parquet {
namespace {

using thrift::CompactReader;
using thrift::CompactWriter;
using thrift::CType;

FileMetadata SampleMetadata() {
  FileMetadata md;
  md.version = 2;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 2;
  SchemaElement a;
  a.name = "price";
  a.type = Type::kFixedLenByteArray;
  a.type_length = 13;
  a.repetition = Repetition::kOptional;
  a.converted_type = ConvertedType::kDecimal;
  a.precision = 30;
  a.scale = 4;
  a.field_id = 300;  // beyond a one-nibble delta
  LogicalTypeAnnotation dec;
  dec.kind = LogicalTypeAnnotation::Kind::kDecimal;
  dec.precision = 30;
  dec.scale = 4;
  a.logical_type = dec;
  SchemaElement b;
  b.name = "at";
  b.type = Type::kInt64;
  b.repetition = Repetition::kRequired;
  LogicalTypeAnnotation ts;
  ts.kind = LogicalTypeAnnotation::Kind::kTimestamp;
  ts.is_adjusted_to_utc = true;
  ts.unit = TimeUnit::kNanos;
  b.logical_type = ts;
  md.schema = {root, a, b};
  md.num_rows = -1;  // zigzag of negatives
  RowGroup rg;
  rg.num_rows = 1LL << 40;
  rg.total_byte_size = 123456789012LL;
  rg.ordinal = 5;
  rg.file_offset = 4;
  ColumnChunk cc;
  cc.file_offset = 4;
  ColumnMetaData m;
  m.type = Type::kInt64;
  m.encodings = {Encoding::kPlain, Encoding::kRle, Encoding::kRleDictionary};
  m.path_in_schema = {"at"};
  m.codec = Codec::kZstd;
  m.num_values = 17;
  m.total_compressed_size = 99;
  m.total_uncompressed_size = 150;
  m.data_page_offset = 40;
  m.dictionary_page_offset = 4;
  Statistics s;
  s.min_value = std::string("\x00\x01\xff", 3);
  s.max_value = "zz";
  s.min = "a";
  s.max = "b";
  s.null_count = 3;
  m.statistics = s;
  cc.meta_data = m;
  rg.columns = std::vector<ColumnChunk>(20, cc);  // a list longer than 14 elements
  md.row_groups = {rg};
  md.key_value_metadata = {{"k", std::string("v")}, {"only_key", std::nullopt}};
  md.created_by = "tributary version 0.1.0";
  md.column_orders = {ColumnOrder{}, ColumnOrder{}};
  return md;
}

TEST(ThriftCompact, FileMetadataRoundTrip) {
  FileMetadata md = SampleMetadata();
  std::string bytes;
  SerializeFileMetadata(md, &bytes);
  auto back = ParseFileMetadata(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->version, 2);
  EXPECT_EQ(back->num_rows, -1);
  ASSERT_EQ(back->schema.size(), 3u);
  const SchemaElement& a = back->schema[1];
  EXPECT_EQ(a.name, "price");
  EXPECT_EQ(a.type, Type::kFixedLenByteArray);
  EXPECT_EQ(a.type_length, 13);
  EXPECT_EQ(a.field_id, 300);
  EXPECT_EQ(a.converted_type, ConvertedType::kDecimal);
  ASSERT_TRUE(a.logical_type);
  EXPECT_EQ(a.logical_type->ToString(), "DECIMAL(30,4)");
  EXPECT_EQ(back->schema[2].logical_type->ToString(), "TIMESTAMP(UTC,NANOS)");
  ASSERT_EQ(back->row_groups.size(), 1u);
  const RowGroup& rg = back->row_groups[0];
  EXPECT_EQ(rg.num_rows, 1LL << 40);
  EXPECT_EQ(rg.ordinal, 5);
  ASSERT_EQ(rg.columns.size(), 20u);
  const ColumnMetaData& m = *rg.columns[19].meta_data;
  EXPECT_EQ(m.encodings.size(), 3u);
  EXPECT_EQ(m.codec, Codec::kZstd);
  EXPECT_EQ(m.dictionary_page_offset, 4);
  EXPECT_EQ(*m.statistics->min_value, std::string("\x00\x01\xff", 3));
  EXPECT_EQ(m.statistics->null_count, 3);
  ASSERT_EQ(back->key_value_metadata.size(), 2u);
  EXPECT_FALSE(back->key_value_metadata[1].value.has_value());
  EXPECT_EQ(back->created_by, "tributary version 0.1.0");
  EXPECT_EQ(back->column_orders.size(), 2u);

  // Re-serialising gives the same bytes.
  std::string again;
  SerializeFileMetadata(*back, &again);
  EXPECT_EQ(again, bytes);
}

TEST(ThriftCompact, PageHeaderRoundTrip) {
  PageHeader h;
  h.type = PageType::kDataPageV2;
  h.uncompressed_page_size = 1000;
  h.compressed_page_size = 400;
  DataPageHeaderV2 d;
  d.num_values = 100;
  d.num_nulls = 3;
  d.num_rows = 100;
  d.encoding = Encoding::kDeltaByteArray;
  d.definition_levels_byte_length = 7;
  d.is_compressed = false;
  h.data_page_header_v2 = d;
  std::string bytes;
  SerializePageHeader(h, &bytes);
  bytes += "trailing page data";
  PageHeader back;
  size_t consumed = 0;
  ASSERT_TRUE(ParsePageHeader(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), &back, &consumed).ok());
  EXPECT_EQ(consumed, bytes.size() - std::string("trailing page data").size());
  ASSERT_TRUE(back.data_page_header_v2);
  EXPECT_EQ(back.data_page_header_v2->num_nulls, 3);
  EXPECT_EQ(back.data_page_header_v2->definition_levels_byte_length, 7);
  EXPECT_FALSE(back.data_page_header_v2->is_compressed);
  EXPECT_EQ(back.data_page_header_v2->encoding, Encoding::kDeltaByteArray);
}

TEST(ThriftCompact, UnknownFieldsAreSkipped) {
  // A KeyValue with extra fields of every type before, between and after the
  // known ones, as a newer writer could produce.
  std::string bytes;
  CompactWriter w(&bytes);
  w.BeginStruct();
  w.FieldI64(0, 5);                // field id 0 (long form header)
  w.FieldBinary(1, "key");
  w.FieldI8(3, 1);
  w.FieldList(4, CType::kStruct, 2);
  for (int i = 0; i < 2; i++) {
    w.BeginStruct();
    w.FieldBool(1, true);
    w.FieldList(2, CType::kTrue, 3);  // a list of bools: one byte each
    bytes += "\x01\x02\x01";
    w.EndStruct();
  }
  w.FieldI16(5, -3);
  // Field 14 (delta 9 from 5), a double: written raw, as the writer has no double field.
  bytes.append("\x97\x00\x00\x00\x00\x00\x00\xf0\x3f", 9);
  w.EndStruct();
  CompactReader r(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  std::string key;
  Status st = r.ReadStruct([&](int16_t id, CType t) -> Status {
    if (id == 1) return r.ReadBinary(t, &key);
    return r.Skip(t);
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(key, "key");
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(ThriftCompact, HostileInputIsRejected) {
  // Unbounded nesting.
  std::string deep;
  for (int i = 0; i < 1000; i++) deep += "\x1c";  // field 1, struct
  CompactReader r1(reinterpret_cast<const uint8_t*>(deep.data()), deep.size());
  Status st = r1.Skip(CType::kStruct);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("nested deeper"), std::string::npos) << st.message();

  // A list claiming more elements than bytes left.
  std::string list = "\xf5\xff\xff\xff\xff\x0f";
  CompactReader r2(reinterpret_cast<const uint8_t*>(list.data()), list.size());
  CType element;
  uint32_t size;
  EXPECT_FALSE(r2.ReadListHeader(CType::kList, &element, &size).ok());

  // A string longer than the buffer.
  std::string str = "\x18\xff\xff\xff\x7f" "abc";
  CompactReader r3(reinterpret_cast<const uint8_t*>(str.data()), str.size());
  EXPECT_FALSE(r3.ReadStruct([&](int16_t, CType t) { return r3.Skip(t); }).ok());

  // An overlong varint.
  std::string varint = "\x16\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01";
  CompactReader r4(reinterpret_cast<const uint8_t*>(varint.data()), varint.size());
  EXPECT_FALSE(r4.ReadStruct([&](int16_t, CType t) { return r4.Skip(t); }).ok());

  // Random bytes never crash the metadata parser.
  std::mt19937 rng(3);
  std::string valid;
  SerializeFileMetadata(SampleMetadata(), &valid);
  for (int i = 0; i < 20000; i++) {
    std::string bytes = valid;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; f++) bytes[rng() % bytes.size()] = static_cast<char>(rng());
    bytes.resize(rng() % (bytes.size() + 1));
    auto md = ParseFileMetadata(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    (void)md;
  }
}

}  // namespace
}  // namespace tributary::parquet
