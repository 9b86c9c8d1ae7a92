// AggregateState directly: exact numeric variances past 128 bits with
// PostgreSQL's rounding, and the update paths the SQL tests reach only
// indirectly (several updates per batch for grouping sets, frame ranges
// under a FILTER, ordered calls across batches).
#include <gtest/gtest.h>

#include "execution/aggregate_function.hpp"
#include "execution/physical_operator.hpp"
#include "parser/sql_error.hpp"
#include "types/decimal.hpp"

namespace tributary::sql {
namespace {

BoundExprPtr ColumnRef(int index, LogicalType type) {
  auto e = BoundExpr::Column({0, index}, type, "c" + std::to_string(index));
  e->index = index;
  return e;
}

ColumnBatch Int64Batch(const std::vector<int64_t>& values) {
  Vector v(LogicalType::BigInt(), values.size());
  for (size_t i = 0; i < values.size(); i++) v.data<int64_t>()[i] = values[i];
  std::vector<Vector> columns;
  columns.push_back(std::move(v));
  return MakeBatch(std::move(columns), values.size());
}

/// The result of `kind` over `values` (one group) as text.
std::string Aggregate(AggregateKind kind, const ColumnBatch& input, const LogicalType& argument) {
  AggregateCall call;
  call.kind = kind;
  call.argument = ColumnRef(0, argument);
  call.type = *AggregateResultType(kind, argument);
  AggregateState state(&call);
  state.Grow(1);
  state.Prepare(input);
  std::vector<uint32_t> gid(input.num_rows(), 0);
  state.Update(gid.data());
  Vector out(call.type, 1);
  state.Finalize(0, 1, &out, 0);
  return out.IsNull(0) ? "NULL" : decimal::ToString(out.data<int128_t>()[0], call.type.scale());
}

TEST(AggregateFunction, BigintVarianceIsExactBeyond128Bits) {
  // Sums of squares near 1e38: PostgreSQL's answers.
  ColumnBatch in = Int64Batch({1000000000000000000, 1000000000000000001, 1000000000000000003, -9000000000000000000});
  EXPECT_EQ(Aggregate(AggregateKind::kStddevSamp, in, LogicalType::BigInt()), "5000000000000000001.0000000000000000");
  EXPECT_EQ(Aggregate(AggregateKind::kStddevPop, in, LogicalType::BigInt()), "4330127018922193234.0000000000000000");
  // The variance needs 38 integer digits: more than numeric(38,16) holds.
  EXPECT_THROW(Aggregate(AggregateKind::kVarSamp, in, LogicalType::BigInt()), SqlError);
}

TEST(AggregateFunction, VarianceRoundsAsPostgres) {
  ColumnBatch in = Int64Batch({2, 4, 4, 4, 5, 5, 7, 9});
  EXPECT_EQ(Aggregate(AggregateKind::kStddevSamp, in, LogicalType::BigInt()), "2.1380899352993951");
  EXPECT_EQ(Aggregate(AggregateKind::kStddevPop, in, LogicalType::BigInt()), "2.0000000000000000");
  EXPECT_EQ(Aggregate(AggregateKind::kVarPop, in, LogicalType::BigInt()), "4.0000000000000000");
  EXPECT_EQ(Aggregate(AggregateKind::kVarSamp, Int64Batch({7}), LogicalType::BigInt()), "NULL");
  EXPECT_EQ(Aggregate(AggregateKind::kVarPop, Int64Batch({7, 7}), LogicalType::BigInt()), "0.0000000000000000");

  // numeric(10,4): 1.0001, 2.0002, 2.5 (PostgreSQL: 0.58328334333333333333, 0.76372988898781048906).
  LogicalType n4 = LogicalType::NumericUnchecked(10, 4);
  Vector v(n4, 3);
  v.data<int128_t>()[0] = 10001;
  v.data<int128_t>()[1] = 20002;
  v.data<int128_t>()[2] = 25000;
  std::vector<Vector> columns;
  columns.push_back(std::move(v));
  ColumnBatch numeric = MakeBatch(std::move(columns), 3);
  EXPECT_EQ(Aggregate(AggregateKind::kVarSamp, numeric, n4), "0.5832833433333333");
  EXPECT_EQ(Aggregate(AggregateKind::kStddevSamp, numeric, n4), "0.7637298889878105");
}

TEST(AggregateFunction, DistinctCountsOncePerGroupAcrossUpdates) {
  // Two updates of one prepared batch (two grouping sets) into different groups.
  AggregateCall call;
  call.kind = AggregateKind::kSum;
  call.distinct = true;
  call.argument = ColumnRef(0, LogicalType::BigInt());
  call.type = *AggregateResultType(call.kind, LogicalType::BigInt());
  AggregateState state(&call);
  state.Grow(3);
  ColumnBatch in = Int64Batch({5, 5, 7, 5});
  state.Prepare(in);
  std::vector<uint32_t> by_key = {0, 0, 1, 1}, total = {2, 2, 2, 2};
  state.Update(by_key.data());
  state.Update(total.data());
  state.Prepare(Int64Batch({7, 9}));
  std::vector<uint32_t> second = {2, 2};
  state.Update(second.data());
  Vector out(call.type, 3);
  state.Finalize(0, 3, &out, 0);
  EXPECT_EQ(decimal::ToString(out.data<int128_t>()[0], 0), "5");
  EXPECT_EQ(decimal::ToString(out.data<int128_t>()[1], 0), "12");
  EXPECT_EQ(decimal::ToString(out.data<int128_t>()[2], 0), "21");
}

TEST(AggregateFunction, FrameRangesSkipFilteredRows) {
  // count(*) FILTER (WHERE c0 > 2) over input rows [1, 4) and then [0, 5).
  AggregateCall call;
  call.kind = AggregateKind::kCountStar;
  call.type = LogicalType::BigInt();
  auto filter = std::make_unique<BoundExpr>();
  filter->kind = BoundKind::kCompare;
  filter->op = ">";
  filter->type = LogicalType::Boolean();
  filter->children.push_back(ColumnRef(0, LogicalType::BigInt()));
  filter->children.push_back(BoundExpr::Constant(Value::BigInt(2)));
  call.filter = std::move(filter);
  AggregateState state(&call);
  state.Prepare(Int64Batch({3, 1, 4, 1, 5}));
  Vector out(call.type, 2);
  state.Grow(1);
  state.UpdateRange(0, 1, 4);
  state.Finalize(0, 1, &out, 0);
  state.Reset();
  state.Grow(1);
  state.UpdateRange(0, 0, 5);
  state.Finalize(0, 1, &out, 1);
  EXPECT_EQ(out.data<int64_t>()[0], 1);
  EXPECT_EQ(out.data<int64_t>()[1], 3);
}

TEST(AggregateFunction, OrderedStringAggSortsAcrossBatches) {
  AggregateCall call;
  call.kind = AggregateKind::kStringAgg;
  call.argument = ColumnRef(0, LogicalType::Varchar());
  call.delimiter = BoundExpr::Constant(Value::Varchar(","));
  SortSpec order;
  order.expr = ColumnRef(0, LogicalType::Varchar());
  order.descending = true;
  call.orders.push_back(std::move(order));
  call.type = LogicalType::Varchar();
  AggregateState state(&call);
  state.Grow(2);
  auto batch = [](std::vector<std::string> values) {
    Vector v(LogicalType::Varchar(), values.size());
    for (size_t i = 0; i < values.size(); i++) v.SetString(i, values[i]);
    std::vector<Vector> columns;
    columns.push_back(std::move(v));
    return MakeBatch(std::move(columns), values.size());
  };
  state.Prepare(batch({"b", "x", "d"}));
  std::vector<uint32_t> g1 = {0, 1, 0};
  state.Update(g1.data());
  state.Prepare(batch({"c", "a", "y"}));
  std::vector<uint32_t> g2 = {0, 0, 1};
  state.Update(g2.data());
  Vector out(call.type, 2);
  state.Finalize(0, 2, &out, 0);
  EXPECT_EQ(out.data<StringRef>()[0].view(), "d,c,b,a");
  EXPECT_EQ(out.data<StringRef>()[1].view(), "y,x");
}

}  // namespace
}  // namespace tributary::sql
