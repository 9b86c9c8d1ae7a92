#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "storage/compaction.hpp"
#include "storage/table_reader.hpp"
#include "types/datetime.hpp"
#include "lineorder_fixture.hpp"

namespace tributary {
namespace {

class CompactionTest : public LineorderTableTest {
 protected:

  // Four loads of the same two days: each leaves one small file per day×region.
  void LoadInPieces() {
    for (uint64_t seed = 1; seed <= 4; seed++) {
      LineorderGenerator::Options o;
      o.rows = 4'000;
      o.days = 2;
      o.first_date = datetime::DaysFromCivil(2026, 9, 1);
      o.seed = seed;
      LoadLineorder(table_, o).ValueOrDie();
    }
  }

  struct Totals {
    int64_t rows = 0;
    int128_t revenue = 0;
    bool operator==(const Totals& o) const { return rows == o.rows && revenue == o.revenue; }
  };
  Totals Scan(std::optional<int64_t> snapshot = std::nullopt) {
    TableReadOptions o;
    o.columns = {"lo_revenue"};
    o.snapshot_id = snapshot;
    auto reader = TableReader::Open(*table_, o).ValueOrDie();
    Totals t;
    ColumnBatch b;
    while (reader->Next(&b).ValueOrDie()) {
      b.column(0).Flatten(b.num_rows());
      for (size_t i = 0; i < b.num_rows(); i++) t.revenue += b.column(0).data<int128_t>()[i];
      t.rows += static_cast<int64_t>(b.num_rows());
    }
    return t;
  }

};

TEST_F(CompactionTest, BinPacksSmallFilesAndKeepsEveryRow) {
  LoadInPieces();
  ASSERT_TRUE(table_->Refresh().ok());
  int64_t before_snapshot = table_->metadata()->current_snapshot()->snapshot_id;
  Totals before = Scan();
  EXPECT_EQ(table_->PlanFiles({}).ValueOrDie().files.size(), 4u * 2 * 5);

  CompactionResult r = CompactTable(table_).ValueOrDie();
  EXPECT_EQ(r.partitions_rewritten, 2);
  EXPECT_EQ(r.files_removed, 40);
  EXPECT_EQ(r.files_added, 10);  // one per day × region
  ASSERT_TRUE(r.commit.has_value());
  EXPECT_EQ(table_->metadata()->current_snapshot()->operation(), "replace");
  EXPECT_EQ(Scan(), before);
  // Re-clustered: every file holds one region, sorted by customer.
  const int32_t region = table_->metadata()->current_schema()->FindField("lo_region")->id;
  std::set<std::string> seen;
  for (const auto& pf : table_->PlanFiles({}).ValueOrDie().files) {
    EXPECT_EQ(pf.file->lower_bounds.at(region), pf.file->upper_bounds.at(region));
    EXPECT_EQ(pf.file->sort_order_id, 1);
    seen.insert(pf.file->partition[0].ToString() + "/" + pf.file->lower_bounds.at(region).GetString());
  }
  EXPECT_EQ(seen.size(), 10u);
  // The old layout is still there for time travel.
  EXPECT_EQ(Scan(before_snapshot), before);
  // Nothing left to do.
  CompactionResult again = CompactTable(table_).ValueOrDie();
  EXPECT_FALSE(again.commit.has_value());
}

TEST_F(CompactionTest, AnAppendThatLandsMeanwhileIsKept) {
  LoadInPieces();
  Totals before = Scan();
  // Another writer, with its own catalog connection, appends after the
  // compaction wrote its files and before it commits.
  auto other = catalog::Catalog::Open(dir_.string()).ValueOrDie();
  auto other_table = other->LoadTable({"ssb", "lineorder"}).ValueOrDie();
  CompactionOptions options;
  options.before_commit = [&] {
    LineorderGenerator::Options o;
    o.rows = 1'000;
    o.days = 1;
    o.first_date = datetime::DaysFromCivil(2026, 9, 1);
    o.seed = 99;
    LoadLineorder(other_table, o).ValueOrDie();
  };
  CompactionResult r = CompactTable(table_, options).ValueOrDie();
  ASSERT_TRUE(r.commit.has_value());
  ASSERT_TRUE(table_->Refresh().ok());
  // The replace was validated against its base and committed on top of the
  // concurrent append, not instead of it.
  auto current = table_->metadata()->current_snapshot();
  EXPECT_EQ(current->operation(), "replace");
  ASSERT_TRUE(current->parent_snapshot_id.has_value());
  EXPECT_EQ(table_->metadata()->SnapshotById(*current->parent_snapshot_id)->operation(), "append");
  EXPECT_EQ(Scan().rows, before.rows + 1'000);
}

TEST_F(CompactionTest, ARacingRewriteOfTheSameFilesFailsCleanly) {
  LoadInPieces();
  Totals before = Scan();
  auto other = catalog::Catalog::Open(dir_.string()).ValueOrDie();
  auto other_table = other->LoadTable({"ssb", "lineorder"}).ValueOrDie();
  CompactionOptions options;
  options.before_commit = [&] { CompactTable(other_table).ValueOrDie(); };
  auto r = CompactTable(table_, options);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsConflict()) << r.status().ToString();
  ASSERT_TRUE(table_->Refresh().ok());
  EXPECT_EQ(Scan(), before);
}

}  // namespace
}  // namespace tributary
