// Schema drift: each kind of change between a source table's contract and
// its columns now, and which of them stop a region's load.
#include "ingest/schema_drift.hpp"

#include <gtest/gtest.h>

namespace tributary::ingest {
namespace {

SourceColumn Col(const std::string& name, LogicalType type) { return {name, type, type.ToString(), true}; }

std::vector<SourceColumn> Contract() {
  return {Col("deal_id", LogicalType::BigInt()), Col("region", LogicalType::Varchar(8)),
          Col("amount", LogicalType::NumericUnchecked(12, 2)), Col("qty", LogicalType::Integer()),
          Col("updated_at", LogicalType::Timestamp())};
}

TEST(SchemaDriftTest, SameColumnsAreNoDrift) {
  SchemaDrift d = CompareColumns(Contract(), Contract());
  EXPECT_FALSE(d.any());
  EXPECT_EQ(d.Describe(), "");
}

TEST(SchemaDriftTest, AddedNullableColumnEvolvesAndDoesNotStop) {
  auto now = Contract();
  now.push_back(Col("channel", LogicalType::Varchar()));
  SchemaDrift d = CompareColumns(Contract(), now);
  ASSERT_EQ(d.added.size(), 1u);
  EXPECT_EQ(d.added[0].name, "channel");
  EXPECT_FALSE(d.breaking());
  EXPECT_EQ(d.Describe(), "added column channel text");
}

TEST(SchemaDriftTest, RemovedColumnStopsNamingIt) {
  auto now = Contract();
  now.erase(now.begin() + 3);  // qty
  SchemaDrift d = CompareColumns(Contract(), now);
  EXPECT_TRUE(d.breaking());
  EXPECT_EQ(d.removed, std::vector<std::string>{"qty"});
  EXPECT_EQ(d.Describe(), "removed column qty");
}

TEST(SchemaDriftTest, RenameIsReportedAsOneChangeAndStops) {
  auto now = Contract();
  now[2].name = "amount_usd";
  SchemaDrift d = CompareColumns(Contract(), now);
  EXPECT_TRUE(d.breaking());
  EXPECT_EQ(d.renamed, std::vector<std::string>{"amount -> amount_usd"});
  EXPECT_TRUE(d.removed.empty());
  EXPECT_TRUE(d.added.empty());
  EXPECT_EQ(d.Describe(), "renamed column amount -> amount_usd");
}

TEST(SchemaDriftTest, NarrowingStopsWideningDoesNot) {
  auto narrowed = Contract();
  narrowed[2].type = LogicalType::NumericUnchecked(10, 2);
  narrowed[1].type = LogicalType::Varchar(4);
  SchemaDrift d = CompareColumns(Contract(), narrowed);
  EXPECT_TRUE(d.breaking());
  EXPECT_EQ(d.narrowed.size(), 2u);
  EXPECT_NE(d.Describe().find("amount numeric(12,2) -> numeric(10,2)"), std::string::npos) << d.Describe();

  auto widened = Contract();
  widened[3].type = LogicalType::BigInt();
  widened[1].type = LogicalType::Varchar();
  widened[2].type = LogicalType::NumericUnchecked(18, 2);
  SchemaDrift w = CompareColumns(Contract(), widened);
  EXPECT_FALSE(w.breaking());
  EXPECT_EQ(w.widened.size(), 3u);
}

TEST(SchemaDriftTest, WidensFollowsValueSets) {
  EXPECT_TRUE(Widens(LogicalType::SmallInt(), LogicalType::BigInt()));
  EXPECT_FALSE(Widens(LogicalType::BigInt(), LogicalType::Integer()));
  EXPECT_TRUE(Widens(LogicalType::Integer(), LogicalType::NumericUnchecked(12, 2)));
  EXPECT_FALSE(Widens(LogicalType::Integer(), LogicalType::NumericUnchecked(10, 2)));
  EXPECT_FALSE(Widens(LogicalType::NumericUnchecked(12, 2), LogicalType::NumericUnchecked(12, 3)));
  EXPECT_TRUE(Widens(LogicalType::Real(), LogicalType::Double()));
  EXPECT_FALSE(Widens(LogicalType::Double(), LogicalType::Real()));
  EXPECT_TRUE(Widens(LogicalType::Date(), LogicalType::Timestamp()));
  EXPECT_FALSE(Widens(LogicalType::Varchar(), LogicalType::Varchar(10)));
  EXPECT_FALSE(Widens(LogicalType::Varchar(), LogicalType::BigInt()));
}

}  // namespace
}  // namespace tributary::ingest
