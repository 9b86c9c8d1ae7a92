#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>
#include <algorithm>

#include "storage/table_reader.hpp"
#include "storage/table_writer.hpp"
#include "types/datetime.hpp"
#include "lineorder_fixture.hpp"

namespace tributary {
namespace {

class TableIoTest : public LineorderTableTest {
 protected:

  LineorderGenerator::Options SmallData() {
    LineorderGenerator::Options o;
    o.rows = 60'000;
    o.days = 6;
    o.first_date = datetime::DaysFromCivil(2026, 8, 1);
    return o;
  }

  // Sum of lo_revenue and row count over a full scan, straight from the generator.
  static std::pair<int64_t, int128_t> Expected(const LineorderGenerator::Options& o) {
    LineorderGenerator gen(o);
    ColumnBatch b(LineorderGenerator::Types(), kBatchSize);
    int64_t rows = 0;
    int128_t revenue = 0;
    while (gen.Next(&b)) {
      for (size_t i = 0; i < b.num_rows(); i++) revenue += b.column(13).data<int128_t>()[i];
      rows += static_cast<int64_t>(b.num_rows());
    }
    return {rows, revenue};
  }

};

TEST_F(TableIoTest, FilesFollowPartitionsAndNeverMixRegions) {
  auto loaded = LoadLineorder(table_, SmallData()).ValueOrDie();
  EXPECT_EQ(loaded.rows, 60'000);
  auto plan = table_->PlanFiles({}).ValueOrDie();
  ASSERT_EQ(static_cast<int64_t>(plan.files.size()), loaded.files);
  const int32_t region = table_->metadata()->current_schema()->FindField("lo_region")->id;
  const int32_t date = table_->metadata()->current_schema()->FindField("lo_orderdate")->id;
  std::map<std::string, std::set<std::string>> regions_by_day;
  for (const auto& pf : plan.files) {
    const auto& f = *pf.file;
    ASSERT_TRUE(f.lower_bounds.count(region) && f.upper_bounds.count(region));
    EXPECT_EQ(f.lower_bounds.at(region), f.upper_bounds.at(region)) << f.path << " mixes regions";
    // The partition tuple is the day of every row's order date.
    EXPECT_EQ(f.lower_bounds.at(date), f.upper_bounds.at(date));
    EXPECT_EQ(f.partition[0].GetInt64(), f.lower_bounds.at(date).GetInt64());
    EXPECT_NE(f.path.find("lo_orderdate_day="), std::string::npos);
    auto [it, fresh] = regions_by_day[f.partition[0].ToString()].insert(f.lower_bounds.at(region).GetString());
    EXPECT_TRUE(fresh) << "two files for one region in one day: " << f.path;
  }
  EXPECT_EQ(regions_by_day.size(), 6u);
  for (const auto& [day, regions] : regions_by_day) EXPECT_EQ(regions.size(), 5u) << day;
}

TEST_F(TableIoTest, FullScanReturnsEveryRowExactly) {
  auto o = SmallData();
  LoadLineorder(table_, o).ValueOrDie();
  auto reader = TableReader::Open(*table_).ValueOrDie();
  ColumnBatch batch;
  int64_t rows = 0;
  int128_t revenue = 0;
  const size_t rev = static_cast<size_t>(table_->metadata()->current_schema()->IndexOf(14));
  while (reader->Next(&batch).ValueOrDie()) {
    Vector& v = batch.column(rev);
    v.Flatten(batch.num_rows());
    for (size_t i = 0; i < batch.num_rows(); i++) revenue += v.data<int128_t>()[i];
    rows += static_cast<int64_t>(batch.num_rows());
  }
  auto [want_rows, want_revenue] = Expected(o);
  EXPECT_EQ(rows, want_rows);
  EXPECT_TRUE(revenue == want_revenue);
  EXPECT_EQ(reader->metrics().rows_read, want_rows);
}

TEST_F(TableIoTest, FlushesOnThreadsWriteTheSameFilesInTheSameOrder) {
  auto o = SmallData();
  // A small buffer: many flushes, several in progress at once.
  auto write = [&](int threads) {
    TableWriterOptions options;
    options.max_buffered_rows = 7'000;
    options.flush_threads = threads;
    auto writer = TableWriter::Make(table_, options).ValueOrDie();
    LineorderGenerator gen(o);
    ColumnBatch batch(LineorderGenerator::Types(), kBatchSize);
    while (gen.Next(&batch)) EXPECT_TRUE(writer->Write(batch).ok());
    auto files = writer->Finish().ValueOrDie();
    EXPECT_EQ(writer->rows_written(), 60'000);
    return files;
  };
  std::vector<iceberg::DataFile> one = write(1);
  std::vector<iceberg::DataFile> three = write(3);
  ASSERT_GT(one.size(), 30u);
  ASSERT_EQ(one.size(), three.size());
  for (size_t i = 0; i < one.size(); i++) {
    EXPECT_NE(one[i].path, three[i].path);
    EXPECT_EQ(one[i].partition, three[i].partition) << i;
    EXPECT_EQ(one[i].record_count, three[i].record_count) << i;
    EXPECT_EQ(one[i].lower_bounds, three[i].lower_bounds) << i;
    EXPECT_EQ(one[i].upper_bounds, three[i].upper_bounds) << i;
    EXPECT_EQ(one[i].file_size_in_bytes, three[i].file_size_in_bytes) << i;
  }
  // And what the threads wrote reads back whole.
  ASSERT_TRUE(table_->Append(std::move(three)).ok());
  auto reader = TableReader::Open(*table_).ValueOrDie();
  ColumnBatch batch;
  int128_t revenue = 0;
  const size_t rev = static_cast<size_t>(table_->metadata()->current_schema()->IndexOf(14));
  while (reader->Next(&batch).ValueOrDie()) {
    Vector& v = batch.column(rev);
    v.Flatten(batch.num_rows());
    for (size_t i = 0; i < batch.num_rows(); i++) revenue += v.data<int128_t>()[i];
  }
  auto [want_rows, want_revenue] = Expected(o);
  EXPECT_EQ(reader->metrics().rows_read, want_rows);
  EXPECT_TRUE(revenue == want_revenue);
}

TEST_F(TableIoTest, AFlushFailingOnAThreadFailsTheWriterNamingTheFile) {
  TableWriterOptions options;
  options.max_buffered_rows = 5;  // every batch is flushed
  options.flush_threads = 2;
  auto writer = TableWriter::Make(table_, options).ValueOrDie();
  auto o = SmallData();
  o.days = 1;
  LineorderGenerator gen(o);
  ColumnBatch batch(LineorderGenerator::Types(), kBatchSize);
  ASSERT_TRUE(gen.Next(&batch, 100));
  ASSERT_TRUE(writer->Write(batch).ok());
  // The partitions' directories exist now: put plain files in their place,
  // so the next flush of the same partitions cannot create its files.
  std::vector<std::filesystem::path> partitions;
  for (const auto& e : std::filesystem::recursive_directory_iterator(table_->DataDirectory())) {
    if (e.is_directory() && e.path().filename().string().find('=') != std::string::npos) partitions.push_back(e.path());
  }
  ASSERT_FALSE(partitions.empty());
  for (const auto& dir : partitions) {
    std::filesystem::rename(dir, dir.string() + ".moved");
    std::ofstream(dir.string()) << "not a directory";
  }
  ASSERT_TRUE(gen.Next(&batch, 100));
  Status second = writer->Write(batch);
  Result<std::vector<iceberg::DataFile>> files =
      second.ok() ? writer->Finish() : Result<std::vector<iceberg::DataFile>>(second);
  ASSERT_FALSE(files.ok());
  EXPECT_NE(files.status().message().find(partitions.front().filename().string()), std::string::npos)
      << files.status().ToString();
}

TEST_F(TableIoTest, CursorsOnThreadsReadEveryRowOnce) {
  auto o = SmallData();
  LoadLineorder(table_, o).ValueOrDie();
  const TableReadOptions options{.columns = {"lo_revenue"}, .row_ids = true};
  // In file order, alone.
  auto sequential = TableReader::Open(*table_, options).ValueOrDie();
  std::vector<int64_t> in_order;
  ColumnBatch batch;
  while (sequential->Next(&batch).ValueOrDie()) {
    for (size_t i = 0; i < batch.num_rows(); i++) in_order.push_back(batch.column(1).data<int64_t>()[i]);
  }
  ASSERT_TRUE(std::is_sorted(in_order.begin(), in_order.end()));
  // Three cursors on threads of their own plus the reader's Next().
  auto parallel = TableReader::Open(*table_, options).ValueOrDie();
  std::vector<std::vector<int64_t>> ids(4);
  std::vector<int128_t> revenue(4, 0);
  auto drain = [&](size_t t, auto&& next) {
    ColumnBatch b;
    while (next(&b).ValueOrDie()) {
      for (size_t i = 0; i < b.num_rows(); i++) {
        revenue[t] += b.column(0).data<int128_t>()[i];
        ids[t].push_back(b.column(1).data<int64_t>()[i]);
      }
    }
  };
  std::vector<std::thread> threads;
  for (size_t t = 0; t < 3; t++) {
    threads.emplace_back([&, t, cursor = std::shared_ptr<TableReader::Cursor>(parallel->NewCursor())] {
      drain(t, [&](ColumnBatch* b) { return cursor->Next(b); });
    });
  }
  drain(3, [&](ColumnBatch* b) { return parallel->Next(b); });
  for (auto& t : threads) t.join();
  std::vector<int64_t> all;
  int128_t total = 0;
  for (size_t t = 0; t < 4; t++) {
    all.insert(all.end(), ids[t].begin(), ids[t].end());
    total += revenue[t];
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, in_order);  // every row once, with the id it has in a sequential read
  EXPECT_TRUE(total == Expected(o).second);
  const TableScanMetrics a = sequential->metrics(), b = parallel->metrics();
  EXPECT_EQ(a.bytes_scanned, b.bytes_scanned);
  EXPECT_EQ(a.row_groups_read, b.row_groups_read);
  EXPECT_EQ(a.files_read, b.files_read);
  EXPECT_EQ(b.rows_read, Expected(o).first);
}

TEST_F(TableIoTest, RegionalQueryReadsOnlyItsSlice) {
  LoadLineorder(table_, SmallData()).ValueOrDie();
  auto schema = table_->metadata()->current_schema();
  auto full = TableReader::Open(*table_, {.columns = {"lo_revenue"}}).ValueOrDie();
  ColumnBatch batch;
  while (full->Next(&batch).ValueOrDie()) {
  }
  TableReadOptions regional;
  regional.columns = {"lo_revenue"};
  int32_t day = datetime::DaysFromCivil(2026, 8, 3);
  regional.predicates = {
      {schema->FindField("lo_region")->id, ColumnPredicate::Op::kEq, {Value::Varchar("EUROPE")}},
      {schema->FindField("lo_orderdate")->id, ColumnPredicate::Op::kEq, {Value::Date(day)}},
  };
  auto slice = TableReader::Open(*table_, regional).ValueOrDie();
  int64_t rows = 0;
  while (slice->Next(&batch).ValueOrDie()) rows += static_cast<int64_t>(batch.num_rows());
  TableScanMetrics m = slice->metrics();
  EXPECT_EQ(m.files_total, 30);
  EXPECT_EQ(m.files_read, 1);
  EXPECT_EQ(m.files_pruned, 29);
  EXPECT_GT(rows, 0);
  // One of 30 equal-sized slices: well under a tenth of the full scan's bytes.
  EXPECT_LT(m.bytes_scanned * 10, full->metrics().bytes_scanned);
  // Projection: one column costs less than all of them.
  auto all_columns = TableReader::Open(*table_, regional.predicates.empty() ? TableReadOptions{} : [&] {
    TableReadOptions o = regional;
    o.columns.clear();
    return o;
  }()).ValueOrDie();
  while (all_columns->Next(&batch).ValueOrDie()) {
  }
  EXPECT_LT(m.bytes_scanned, all_columns->metrics().bytes_scanned);
}

TEST_F(TableIoTest, ReloadingTheSameDataIsANoOp) {
  auto first = LoadLineorder(table_, SmallData()).ValueOrDie();
  auto second = LoadLineorder(table_, SmallData()).ValueOrDie();
  EXPECT_FALSE(first.already_committed);
  EXPECT_TRUE(second.already_committed);
  EXPECT_EQ(second.snapshot_id, first.snapshot_id);
  ASSERT_TRUE(table_->Refresh().ok());
  EXPECT_EQ(table_->metadata()->current_snapshot()->SummaryInt(iceberg::summary::kTotalRecords), 60'000);
}

TEST_F(TableIoTest, OldFilesReadThroughSchemaEvolutionAndTimeTravel) {
  auto o = SmallData();
  o.rows = 5'000;
  auto first = LoadLineorder(table_, o).ValueOrDie();
  // Widen lo_quantity (integer → bigint), rename lo_tax, add a column.
  int32_t quantity = table_->metadata()->current_schema()->FindField("lo_quantity")->id;
  int32_t tax = table_->metadata()->current_schema()->FindField("lo_tax")->id;
  std::vector<iceberg::SchemaChange> changes = {
      iceberg::SchemaChange::WidenColumn("lo_quantity", LogicalType::BigInt()),
      iceberg::SchemaChange::RenameColumn("lo_tax", "lo_tax_pct"),
      iceberg::SchemaChange::AddColumn("lo_channel", LogicalType::Varchar()),
  };
  ASSERT_TRUE(table_->UpdateSchema(changes).ok());
  auto reader = TableReader::Open(*table_, {.columns = {"lo_quantity", "lo_tax_pct", "lo_channel"}}).ValueOrDie();
  ASSERT_EQ(reader->fields()[0].id, quantity);
  ASSERT_EQ(reader->fields()[1].id, tax);
  ColumnBatch batch;
  int64_t rows = 0;
  while (reader->Next(&batch).ValueOrDie()) {
    EXPECT_EQ(batch.column(0).type(), LogicalType::BigInt());
    for (size_t i = 0; i < batch.num_rows(); i++) {
      int64_t q = batch.column(0).GetValue(i).GetInt64();
      EXPECT_TRUE(q >= 1 && q <= 50) << q;
      EXPECT_TRUE(batch.column(2).IsNull(i));
    }
    rows += static_cast<int64_t>(batch.num_rows());
  }
  EXPECT_EQ(rows, 5'000);
  // A second load, then time travel back to the first snapshot.
  o.seed = 7;
  auto writer = TableWriter::Make(table_).ValueOrDie();
  EXPECT_EQ(writer->types().size(), LineorderGenerator::Types().size() + 1);
  auto at_first = TableReader::Open(*table_, {.snapshot_id = first.snapshot_id}).ValueOrDie();
  rows = 0;
  while (at_first->Next(&batch).ValueOrDie()) rows += static_cast<int64_t>(batch.num_rows());
  EXPECT_EQ(rows, 5'000);
}

TEST_F(TableIoTest, NullInRequiredColumnIsRejectedNamingIt) {
  auto writer = TableWriter::Make(table_).ValueOrDie();
  LineorderGenerator gen(SmallData());
  ColumnBatch batch(LineorderGenerator::Types(), kBatchSize);
  ASSERT_TRUE(gen.Next(&batch, 10));
  batch.column(2).SetNull(3);
  ASSERT_TRUE(writer->Write(batch).ok());
  auto files = writer->Finish();
  ASSERT_FALSE(files.ok());
  EXPECT_NE(files.status().message().find("lo_custkey"), std::string::npos) << files.status().ToString();
}

}  // namespace
}  // namespace tributary
