// EXPLAIN reports, before a query runs, how far pruning narrows each scan and
// the bytes it will read; EXPLAIN ANALYZE runs it and reports what it cost.
#include <filesystem>

#include "engine_fixture.hpp"
#include "parquet/parquet_metadata.hpp"
#include "parquet/parquet_reader.hpp"
#include "types/datetime.hpp"

namespace tributary {
namespace {

constexpr const char* kDealsQuery =
    "SELECT product_family, sum(amount) FROM sales.deals "
    "WHERE sale_date BETWEEN DATE '2026-01-05' AND DATE '2026-01-11' AND region = 'EMEA' GROUP BY 1";

class ExplainTest : public EngineTest {
 protected:
  // 28 days of deals in four regions and five product families, partitioned
  // by day and clustered by region: one file per day and region.
  void SetUp() override {
    EngineTest::SetUp();
    Run("CREATE SCHEMA sales");
    Run("CREATE TABLE sales.deals (deal_id bigint NOT NULL, sale_date date, region varchar, "
        "product_family varchar, amount numeric(12,2)) PARTITION BY RANGE (sale_date) "
        "WITH (partition_granularity = 'day', cluster_by = 'region, product_family')");
    const char* regions[] = {"AMER", "APAC", "EMEA", "LATAM"};
    const char* families[] = {"Analytics", "Cloud", "Hardware", "Services", "Support"};
    std::string values;
    int id = 0;
    for (int day = 1; day <= 28; day++) {
      for (const char* region : regions) {
        for (const char* family : families) {
          for (int k = 0; k < 4; k++) {
            id++;
            char row[160];
            std::snprintf(row, sizeof row, "%s(%d, DATE '2026-01-%02d', '%s', '%s', %d.%02d)", values.empty() ? "" : ", ",
                          id, day, region, family, 100 + id % 977, id % 100);
            values += row;
          }
        }
      }
    }
    Run("INSERT INTO sales.deals VALUES " + values);
  }

  std::vector<std::string> Lines(const std::string& sql) {
    QueryResult r = Run(sql);
    std::vector<std::string> lines;
    for (size_t i = 0; r.ok() && i < r.row_count(); i++) lines.push_back(r.GetText(i, 0).value_or(""));
    return lines;
  }

  static std::string Find(const std::vector<std::string>& lines, const std::string& prefix) {
    for (const auto& l : lines) {
      auto at = l.find(prefix);
      if (at != std::string::npos) return l.substr(at);
    }
    return "(no line with " + prefix + ")";
  }

  // The column-chunk bytes of `columns` in the table's Parquet files whose
  // statistics hold only EMEA rows dated 2026-01-05 .. 2026-01-11, read
  // straight from the files' footers.
  int64_t EmeaWeekChunkBytes(const std::vector<std::string>& columns, int* files) {
    const int32_t first = datetime::DaysFromCivil(2026, 1, 5), last = datetime::DaysFromCivil(2026, 1, 11);
    int64_t bytes = 0;
    *files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_)) {
      if (entry.path().extension() != ".parquet") continue;
      auto reader = parquet::FileReader::Open(entry.path().string());
      EXPECT_TRUE(reader.ok());
      if (!reader.ok()) continue;
      const auto& schema = (*reader)->schema();
      auto column = [&](const std::string& name) {
        for (size_t c = 0; c < schema.size(); c++) {
          if (schema[c].name == name) return static_cast<int>(c);
        }
        ADD_FAILURE() << "no column " << name;
        return 0;
      };
      bool wanted = (*reader)->num_row_groups() > 0;
      for (int g = 0; g < (*reader)->num_row_groups(); g++) {
        ColumnStatistics date = (*reader)->row_group_statistics(g, column("sale_date"));
        ColumnStatistics region = (*reader)->row_group_statistics(g, column("region"));
        wanted = wanted && date.min && date.max && region.min && region.max &&
                 date.min->GetInt64() >= first && date.max->GetInt64() <= last &&
                 region.min->ToString() == "EMEA" && region.max->ToString() == "EMEA";
      }
      if (!wanted) continue;
      ++*files;
      for (const auto& row_group : (*reader)->metadata().row_groups) {
        for (const auto& name : columns) {
          bytes += row_group.columns[static_cast<size_t>(column(name))].meta_data->total_compressed_size;
        }
      }
    }
    return bytes;
  }
};

TEST_F(ExplainTest, DealsWeekInOneRegionReadsSevenPartitionsOfEmeaFiles) {
  std::vector<std::string> plan = Lines(std::string("EXPLAIN ") + kDealsQuery);
  std::string text;
  for (const auto& l : plan) text += l + "\n";
  EXPECT_EQ(Find(plan, "Partitions:"), "Partitions: 28 total, 7 after pruning") << text;
  EXPECT_EQ(Find(plan, "Files:"), "Files: 112 total, 7 after pruning (region from EMEA to EMEA)") << text;
  EXPECT_EQ(Find(plan, "Row groups:"), "Row groups: 112 total, 7 after pruning") << text;

  // The estimate shown before running, the bytes the query is billed, and
  // the files' own column-chunk sizes for the four columns it uses agree.
  int emea_files = 0;
  const int64_t chunk_bytes = EmeaWeekChunkBytes({"sale_date", "region", "product_family", "amount"}, &emea_files);
  EXPECT_EQ(emea_files, 7);
  ASSERT_GT(chunk_bytes, 0);
  std::string estimate = Find(plan, "Estimated bytes:");
  int64_t estimated = std::atoll(estimate.c_str() + std::string("Estimated bytes: ").size());

  QueryResult result = Run(kDealsQuery);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.row_count(), 5u);
  EXPECT_EQ(result.metrics().files_read, 7);
  const int64_t scanned = result.metrics().bytes_scanned;
  EXPECT_LE(std::abs(scanned - chunk_bytes), chunk_bytes / 10) << scanned << " scanned vs " << chunk_bytes;
  EXPECT_LE(std::abs(estimated - chunk_bytes), chunk_bytes / 10) << estimated << " estimated vs " << chunk_bytes;
}

TEST_F(ExplainTest, AnalyzeRunsTheQueryAndReportsWhatItRead) {
  std::vector<std::string> plan = Lines(std::string("EXPLAIN ANALYZE ") + kDealsQuery);
  std::string text;
  for (const auto& l : plan) text += l + "\n";
  EXPECT_EQ(Find(plan, "Execution: 5 rows in").substr(0, 20), "Execution: 5 rows in") << text;
  EXPECT_EQ(Find(plan, "Files read:"), "Files read: 7 of 112; row groups read: 7 of 7") << text;
  std::string estimate = Find(plan, "Estimated bytes: ");
  std::string scanned = Find(plan, "Bytes scanned: ");
  // Nothing stops this scan early, so it reads exactly the estimate.
  EXPECT_EQ(std::atoll(estimate.c_str() + 17), std::atoll(scanned.c_str() + 15)) << text;

  // ANALYZE off is plain EXPLAIN; a non-Boolean value is refused.
  std::vector<std::string> off = Lines(std::string("EXPLAIN (ANALYZE false) ") + kDealsQuery);
  EXPECT_EQ(Find(off, "Execution:"), "(no line with Execution:)");
  ExpectError(std::string("EXPLAIN (ANALYZE maybe) ") + kDealsQuery, "22023", "requires a Boolean value");
  ExpectError(std::string("EXPLAIN (FORMAT json) ") + kDealsQuery, "0A000", "EXPLAIN option format");
}

}  // namespace
}  // namespace tributary
