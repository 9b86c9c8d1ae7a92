#include <gtest/gtest.h>

#include <memory>

#include "vector/column_batch.hpp"

namespace tributary {
namespace {

TEST(Vector, ValidityDefaultsToAllValidAndCountsNulls) {
  Vector v(LogicalType::Integer(), 100);
  EXPECT_TRUE(v.validity().AllValid());
  v.SetNull(3);
  v.SetNull(70);
  EXPECT_EQ(v.validity().CountInvalid(100), 2u);
  EXPECT_TRUE(v.IsNull(70));
  EXPECT_FALSE(v.IsNull(71));
}

TEST(Vector, DictionaryFlattensWithoutLosingStringsOrNulls) {
  auto dict = std::make_shared<Vector>(LogicalType::Varchar(), 2);
  dict->SetString(0, "EMEA");
  dict->SetString(1, "APAC");
  Vector v(LogicalType::Varchar(), 4);
  v.MakeDictionary(dict);
  uint32_t idx[] = {1, 0, 0, 1};
  std::copy(idx, idx + 4, v.indices());
  v.SetNull(2);
  dict.reset();  // the vector keeps the dictionary alive
  EXPECT_EQ(v.GetValue(0).GetString(), "APAC");
  v.Flatten(4);
  EXPECT_EQ(v.encoding(), VectorEncoding::kFlat);
  EXPECT_EQ(v.data<StringRef>()[1].view(), "EMEA");
  EXPECT_TRUE(v.IsNull(2));
  EXPECT_EQ(v.GetValue(3).GetString(), "APAC");
}

TEST(ColumnBatch, CompactKeepsOnlySelectedRows) {
  ColumnBatch b({LogicalType::BigInt(), LogicalType::Varchar()}, 8);
  for (int i = 0; i < 8; i++) {
    b.column(0).data<int64_t>()[i] = i * 10;
    b.column(1).SetString(static_cast<size_t>(i), "row" + std::to_string(i));
  }
  b.set_num_rows(8);
  SelectionVector sel;
  sel.Append(2);
  sel.Append(5);
  b.set_selection(std::move(sel));
  ColumnBatch c = b.Compact();
  ASSERT_EQ(c.num_rows(), 2u);
  EXPECT_EQ(c.column(0).GetValue(1).GetInt64(), 50);
  EXPECT_EQ(c.column(1).GetValue(0).GetString(), "row2");
  ColumnBatch d({LogicalType::BigInt(), LogicalType::Varchar()}, 1);
  d.Append(b);
  d.Append(c);
  ASSERT_EQ(d.num_rows(), 4u);
  EXPECT_EQ(d.GetRow(3)[1].GetString(), "row5");
}

TEST(ColumnBatch, AppendRowsSharesOrCopiesStrings) {
  std::weak_ptr<StringHeap> source_heap;
  ColumnBatch shared({LogicalType::Varchar()}, 1);
  ColumnBatch copied({LogicalType::Varchar()}, 1);
  {
    ColumnBatch input({LogicalType::Varchar()}, 4);
    input.column(0).SetString(0, "a string longer than any inline buffer: EMEA");
    input.column(0).SetNull(1);
    input.column(0).SetString(2, "");
    input.column(0).SetString(3, "APAC, again longer than a short string");
    input.set_num_rows(4);
    source_heap = input.column(0).shared_heap();
    const uint32_t rows[] = {3, 1, 0, 2};
    shared.AppendRows(input, rows, 4);
    copied.AppendRows(input, rows, 4, ColumnBatch::Strings::kCopy);
    // From a dictionary too: the strings come from the dictionary's heap.
    auto dict = std::make_shared<Vector>(LogicalType::Varchar(), 1);
    dict->SetString(0, "LATAM from a dictionary page, long enough");
    ColumnBatch coded({LogicalType::Varchar()}, 2);
    coded.column(0).MakeDictionary(dict);
    coded.column(0).indices()[0] = 0;
    coded.column(0).indices()[1] = 0;
    coded.set_num_rows(2);
    copied.AppendRows(coded, nullptr, 2, ColumnBatch::Strings::kCopy);
  }
  // Shared rows keep the input's heap alive; copied rows do not need it.
  EXPECT_FALSE(source_heap.expired());
  shared = ColumnBatch();
  EXPECT_TRUE(source_heap.expired());
  ASSERT_EQ(copied.num_rows(), 6u);
  EXPECT_EQ(copied.GetRow(0)[0].GetString(), "APAC, again longer than a short string");
  EXPECT_TRUE(copied.column(0).IsNull(1));
  EXPECT_EQ(copied.GetRow(2)[0].GetString(), "a string longer than any inline buffer: EMEA");
  EXPECT_EQ(copied.GetRow(3)[0].GetString(), "");
  EXPECT_EQ(copied.GetRow(5)[0].GetString(), "LATAM from a dictionary page, long enough");
  EXPECT_GE(copied.column(0).shared_heap()->bytes_allocated(), 44u + 38u + 2 * 41u);
}

}  // namespace
}  // namespace tributary
