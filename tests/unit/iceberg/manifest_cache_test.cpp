// The process-wide cache of decoded manifests: planning again decodes
// nothing, files share the cached entries, and a manifest changed on disk is
// read again instead of served stale.
#include "iceberg/manifest_cache.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "catalog/catalog.hpp"
#include "iceberg/table.hpp"
#include "table_fixture.hpp"

namespace tributary::iceberg {
namespace {

using catalog::Catalog;
using testing::TempDir;
using testing::WriteSalesFile;

namespace fs = std::filesystem;

class ManifestCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_ = Catalog::Open(dir_.path()).ValueOrDie();
    ASSERT_OK(catalog_->CreateNamespace("sales"));
    auto schema = testing::SalesSchema();
    table_ = catalog_->CreateTable({"sales", "orders"}, schema, testing::SalesSpec(schema)).ValueOrDie();
    ASSERT_OK(table_->Append({File(0, 10, "2024-01-01", "EMEA"), File(10, 10, "2024-01-01", "APAC")}).status());
    ASSERT_OK(table_->Append({File(20, 5, "2024-01-02", "EMEA")}).status());
  }
  void TearDown() override { ManifestCache::Global().SetCapacity(int64_t{128} << 20); }

  DataFile File(int64_t first, int64_t count, const char* date, const std::string& region) {
    return WriteSalesFile(*table_, first, count, date, region).ValueOrDie();
  }
  std::vector<std::string> ManifestPaths() {
    auto list = ReadManifestList(table_->metadata()->current_snapshot()->manifest_list).ValueOrDie();
    std::vector<std::string> out;
    for (const auto& m : list) out.push_back(m.manifest_path);
    return out;
  }

  TempDir dir_;
  std::shared_ptr<Catalog> catalog_;
  std::shared_ptr<Table> table_;
};

TEST_F(ManifestCacheTest, PlanningAgainDecodesNoManifestAndSharesTheEntries) {
  ASSERT_EQ(ManifestPaths().size(), 2u);
  const CacheStats before = ManifestCache::Global().stats();
  ScanPlan first = table_->PlanFiles({}).ValueOrDie();
  const CacheStats middle = ManifestCache::Global().stats();
  ScanPlan second = table_->PlanFiles({}).ValueOrDie();
  const CacheStats after = ManifestCache::Global().stats();
  EXPECT_EQ(middle.misses - before.misses, 2);
  EXPECT_EQ(after.misses - middle.misses, 0);
  EXPECT_EQ(after.hits - middle.hits, 2);
  ASSERT_EQ(first.files.size(), 3u);
  ASSERT_EQ(second.files.size(), 3u);
  for (size_t i = 0; i < first.files.size(); i++) {
    // The same decoded entry, not a copy of it.
    EXPECT_EQ(first.files[i].file.get(), second.files[i].file.get());
    EXPECT_EQ(first.files[i].sequence_number, second.files[i].sequence_number);
  }
  EXPECT_EQ(testing::LiveRecords(*table_->metadata()), 25);
}

TEST_F(ManifestCacheTest, AManifestChangedOnDiskIsReadAgainNotServedStale) {
  ASSERT_OK(table_->PlanFiles({}).status());  // both manifests cached
  const std::string victim = ManifestPaths().front();
  std::string original;
  {
    std::ifstream in(victim, std::ios::binary);
    original.assign(std::istreambuf_iterator<char>(in), {});
  }
  {
    std::ofstream out(victim, std::ios::binary | std::ios::trunc);
    out << std::string(original.size(), 'x');  // same size, other bytes
  }
  fs::last_write_time(victim, fs::last_write_time(victim) + std::chrono::seconds(5));
  auto broken = table_->PlanFiles({});
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find(victim), std::string::npos) << broken.status().ToString();

  {
    std::ofstream out(victim, std::ios::binary | std::ios::trunc);
    out << original;
  }
  fs::last_write_time(victim, fs::last_write_time(victim) + std::chrono::seconds(10));
  auto mended = table_->PlanFiles({});
  ASSERT_TRUE(mended.ok()) << mended.status().ToString();
  EXPECT_EQ(mended->files.size(), 3u);
}

TEST_F(ManifestCacheTest, EveryLaterSnapshotReusesTheManifestsItKeeps) {
  ASSERT_OK(table_->PlanFiles({}).status());
  ASSERT_OK(table_->Append({File(25, 4, "2024-01-03", "AMER")}).status());
  const CacheStats before = ManifestCache::Global().stats();
  ScanPlan plan = table_->PlanFiles({}).ValueOrDie();
  const CacheStats after = ManifestCache::Global().stats();
  EXPECT_EQ(plan.files.size(), 4u);
  EXPECT_EQ(after.misses - before.misses, 1);  // only the new snapshot's manifest
  EXPECT_EQ(after.hits - before.hits, 2);
}

TEST_F(ManifestCacheTest, WithNoBudgetEveryPlanDecodesAndStillAnswersTheSame) {
  ManifestCache::Global().SetCapacity(0);
  EXPECT_EQ(ManifestCache::Global().stats().entries, 0);
  const CacheStats before = ManifestCache::Global().stats();
  for (int i = 0; i < 2; i++) EXPECT_EQ(testing::LiveRecords(*table_->metadata()), 25);
  const CacheStats after = ManifestCache::Global().stats();
  EXPECT_EQ(after.misses - before.misses, 4);
  EXPECT_EQ(after.hits - before.hits, 0);
  EXPECT_EQ(after.entries, 0);
}

TEST_F(ManifestCacheTest, TheEstimateGrowsWithTheFilesAManifestDescribes) {
  ScanPlan plan = table_->PlanFiles({}).ValueOrDie();
  ASSERT_EQ(plan.files.size(), 3u);
  std::vector<ManifestEntry> one = {ManifestEntry{ManifestEntryStatus::kAdded, {}, {}, {}, *plan.files[0].file}};
  std::vector<ManifestEntry> two = one;
  two.push_back(ManifestEntry{ManifestEntryStatus::kAdded, {}, {}, {}, *plan.files[1].file});
  EXPECT_GT(EstimateBytes(one), static_cast<int64_t>(sizeof(ManifestEntry)));
  EXPECT_GT(EstimateBytes(two), EstimateBytes(one) + static_cast<int64_t>(plan.files[1].file->path.size()));
}

}  // namespace
}  // namespace tributary::iceberg
