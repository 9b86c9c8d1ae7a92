#include <gtest/gtest.h>

#include <random>

#include "storage/cluster_sort.hpp"

namespace tributary {
namespace {

TEST(NormalizedKeys, SortsByRegionThenDescendingAmountWithNullsPlaced) {
  ColumnBatch b({LogicalType::Varchar(), LogicalType::BigInt()}, 6);
  const char* regions[] = {"EMEA", "APAC", "EMEA", "AMER", "APAC", "EMEA"};
  int64_t amounts[] = {5, 7, 9, 1, 2, 0};
  for (size_t i = 0; i < 6; i++) {
    b.column(0).SetString(i, regions[i]);
    b.column(1).data<int64_t>()[i] = amounts[i];
  }
  b.column(1).SetNull(5);
  b.set_num_rows(6);
  NormalizedKeys keys(b, 6, {{0, true, false}, {1, false, true}});
  EXPECT_EQ(keys.distinct_count(0), 3u);
  EXPECT_EQ(keys.distinct_count(1), 6u);  // five values and NULL
  std::vector<uint32_t> order = keys.SortedOrder();
  // AMER(1); APAC 7, 2; EMEA NULL, 9, 5.
  EXPECT_EQ(order, (std::vector<uint32_t>{3, 1, 4, 5, 2, 0}));
  EXPECT_TRUE(keys.SamePrefix(1, 4, 1));
  EXPECT_FALSE(keys.SamePrefix(1, 4, 2));
}

TEST(NormalizedKeys, AdjacentIntegersAndExtremesStayDistinct) {
  ColumnBatch b({LogicalType::BigInt(), LogicalType::Double()}, 5);
  int64_t ints[] = {3, 2, INT64_MIN, INT64_MAX, -1};
  double dbls[] = {0.5, -0.0, -1e300, std::nan(""), 0.0};
  for (size_t i = 0; i < 5; i++) {
    b.column(0).data<int64_t>()[i] = ints[i];
    b.column(1).data<double>()[i] = dbls[i];
  }
  b.set_num_rows(5);
  EXPECT_EQ(NormalizedKeys(b, 5, {{0}}).SortedOrder(), (std::vector<uint32_t>{2, 4, 1, 0, 3}));
  // -0 and 0 tie (stable order), NaN sorts last.
  EXPECT_EQ(NormalizedKeys(b, 5, {{1}}).SortedOrder(), (std::vector<uint32_t>{2, 1, 4, 0, 3}));
}

TEST(NormalizedKeys, MatchesAReferenceSortOnRandomData) {
  std::mt19937 rng(7);
  const size_t n = 5000;
  ColumnBatch b({LogicalType::Integer(), LogicalType::NumericUnchecked(30, 2)}, n);
  for (size_t i = 0; i < n; i++) {
    b.column(0).data<int32_t>()[i] = static_cast<int32_t>(rng() % 50) - 25;
    b.column(1).data<int128_t>()[i] = static_cast<int128_t>(static_cast<int64_t>(rng())) * 1000000007;
    if (rng() % 10 == 0) b.column(0).SetNull(i);
  }
  b.set_num_rows(n);
  std::vector<uint32_t> order = NormalizedKeys(b, n, {{0, false, false}, {1, true, false}}).SortedOrder();
  for (size_t i = 1; i < n; i++) {
    uint32_t p = order[i - 1], q = order[i];
    bool pn = b.column(0).IsNull(p), qn = b.column(0).IsNull(q);
    ASSERT_FALSE(pn && !qn) << "NULLS LAST violated at " << i;
    if (pn || qn) continue;
    int32_t a = b.column(0).data<int32_t>()[p], c = b.column(0).data<int32_t>()[q];
    ASSERT_GE(a, c) << "DESC violated at " << i;
    if (a == c) {
      ASSERT_LE(b.column(1).data<int128_t>()[p], b.column(1).data<int128_t>()[q]);
    }
  }
}

}  // namespace
}  // namespace tributary
