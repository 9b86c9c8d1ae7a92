#include <gtest/gtest.h>

#include <filesystem>

#include "catalog/catalog.hpp"
#include "iceberg/inspect.hpp"
#include "iceberg/table.hpp"
#include "table_fixture.hpp"

namespace tributary::iceberg {
namespace {

using catalog::Catalog;
using catalog::TableIdentifier;
using testing::Day;
using testing::LiveRecords;
using testing::TempDir;
using testing::WriteSalesFile;
using Op = ColumnPredicate::Op;

namespace fs = std::filesystem;

class TableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_ = Catalog::Open(dir_.path()).ValueOrDie();
    ASSERT_OK(catalog_->CreateNamespace("sales"));
    auto schema = testing::SalesSchema();
    table_ = catalog_->CreateTable(id_, schema, testing::SalesSpec(schema)).ValueOrDie();
  }
  DataFile File(int64_t first, int64_t count, const char* date, const std::string& region) {
    return WriteSalesFile(*table_, first, count, date, region).ValueOrDie();
  }

  TempDir dir_;
  TableIdentifier id_{"sales", "orders"};
  std::shared_ptr<Catalog> catalog_;
  std::shared_ptr<Table> table_;
};

TEST_F(TableTest, CatalogNamespacesAndTables) {
  EXPECT_EQ(catalog_->CreateNamespace("sales").code(), StatusCode::kAlreadyExists);
  ASSERT_OK(catalog_->CreateNamespace("finance", {{"owner", "cfo"}}));
  EXPECT_EQ(catalog_->ListNamespaces().ValueOrDie(), (std::vector<std::string>{"finance", "sales"}));
  EXPECT_EQ(catalog_->LoadNamespaceProperties("finance").ValueOrDie().at("owner"), "cfo");
  EXPECT_TRUE(fs::exists(dir_.path() + "/catalog.db"));
  EXPECT_TRUE(fs::is_directory(dir_.path() + "/sales/orders/metadata"));
  EXPECT_TRUE(fs::is_directory(dir_.path() + "/sales/orders/data"));
  EXPECT_EQ(catalog_->CreateTable(id_, testing::SalesSchema()).status().code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(catalog_->CreateTable({"nope", "t"}, testing::SalesSchema()).status().IsNotFound());
  EXPECT_EQ(catalog_->DropNamespace("sales").code(), StatusCode::kInvalidArgument);  // not empty

  ASSERT_OK(catalog_->RenameTable(id_, {"finance", "orders2"}));
  EXPECT_FALSE(catalog_->TableExists(id_).ValueOrDie());
  auto renamed = catalog_->LoadTable({"finance", "orders2"}).ValueOrDie();
  EXPECT_EQ(renamed->metadata()->location, dir_.path() + "/sales/orders");
  EXPECT_TRUE(catalog_->RenameTable(id_, {"finance", "x"}).IsNotFound());
  EXPECT_EQ(catalog_->ListTables("finance").ValueOrDie().size(), 1u);

  ASSERT_OK(renamed->Append({WriteSalesFile(*renamed, 0, 10, "2024-01-01", "EMEA").ValueOrDie()}).status());
  const std::string data_file = renamed->PlanFiles({}).ValueOrDie().files[0].file->path;
  ASSERT_OK(catalog_->DropTable({"finance", "orders2"}, /*purge=*/false));
  EXPECT_TRUE(fs::exists(data_file));
  // Register again by creating: a fresh table over the same location.
  auto again = catalog_->CreateTable({"finance", "orders2"}, testing::SalesSchema()).ValueOrDie();
  ASSERT_OK(again->Append({WriteSalesFile(*again, 0, 3, "2024-01-01", "EMEA").ValueOrDie()}).status());
  const std::string location = again->metadata()->location;
  ASSERT_OK(catalog_->DropTable({"finance", "orders2"}, /*purge=*/true));
  EXPECT_FALSE(fs::exists(location));
  EXPECT_TRUE(catalog_->LoadTable({"finance", "orders2"}).status().IsNotFound());
  ASSERT_OK(catalog_->DropNamespace("finance"));
  EXPECT_TRUE(catalog_->DropNamespace("finance").IsNotFound());
}

TEST_F(TableTest, AppendPlanAndPrune) {
  auto r1 = table_->Append({File(0, 10, "2024-01-01", "EMEA"), File(10, 10, "2024-01-01", "APAC")}).ValueOrDie();
  auto r2 = table_->Append({File(20, 5, "2024-01-02", "EMEA")}).ValueOrDie();
  EXPECT_FALSE(r1.already_committed);
  auto m = table_->metadata();
  EXPECT_EQ(m->current_snapshot_id, r2.snapshot_id);
  EXPECT_EQ(m->current_snapshot()->parent_snapshot_id, r1.snapshot_id);
  EXPECT_EQ(m->current_snapshot()->sequence_number, 2);
  EXPECT_EQ(m->current_snapshot()->SummaryInt("total-records"), 25);
  EXPECT_EQ(m->current_snapshot()->SummaryInt("total-data-files"), 3);
  EXPECT_EQ(m->current_snapshot()->operation(), "append");
  EXPECT_EQ(LiveRecords(*m), 25);
  EXPECT_EQ(LiveRecords(*m, r1.snapshot_id), 20);

  // Partition pruning on day(order_date).
  ScanRequest req;
  req.predicates = {ColumnPredicate{2, Op::kGe, {Value::Date(Day("2024-01-02"))}}};
  auto plan = table_->PlanFiles(req).ValueOrDie();
  ASSERT_EQ(plan.files.size(), 1u);
  EXPECT_EQ(plan.files[0].file->record_count, 5);
  EXPECT_EQ(plan.manifests_total, 2);
  EXPECT_EQ(plan.manifests_skipped, 1);  // the first manifest only holds 2024-01-01
  // Identity pruning on region.
  req.predicates = {ColumnPredicate{3, Op::kEq, {Value::Varchar("APAC")}}};
  plan = table_->PlanFiles(req).ValueOrDie();
  ASSERT_EQ(plan.files.size(), 1u);
  EXPECT_EQ(plan.files_skipped_by_partition, 1);
  // Column bounds pruning on id.
  req.predicates = {ColumnPredicate{1, Op::kGt, {Value::BigInt(21)}}};
  plan = table_->PlanFiles(req).ValueOrDie();
  ASSERT_EQ(plan.files.size(), 1u);
  EXPECT_EQ(plan.files_skipped_by_stats, 2);
  req.predicates = {ColumnPredicate{1, Op::kEq, {Value::BigInt(1000)}}};
  EXPECT_TRUE(table_->PlanFiles(req).ValueOrDie().files.empty());
  // Null counts: amount has nulls in every file; IS NULL keeps all.
  req.predicates = {ColumnPredicate{4, Op::kIsNull, {}}};
  EXPECT_EQ(table_->PlanFiles(req).ValueOrDie().files.size(), 3u);

  // Bounds came from the Parquet writer.
  std::shared_ptr<const DataFile> file =
      plan.files.empty() ? table_->PlanFiles({}).ValueOrDie().files[0].file : plan.files[0].file;
  const DataFile& f = *file;
  EXPECT_TRUE(f.lower_bounds.count(1));
  EXPECT_TRUE(f.null_value_counts.count(4));

  // Time travel.
  EXPECT_EQ(table_->SnapshotById(r1.snapshot_id).ValueOrDie()->snapshot_id, r1.snapshot_id);
  EXPECT_TRUE(table_->SnapshotById(12345).status().IsNotFound());
  const int64_t t1 = m->SnapshotById(r1.snapshot_id)->timestamp_ms;
  EXPECT_EQ(table_->SnapshotAsOf(t1).ValueOrDie()->snapshot_id,
            m->SnapshotById(r2.snapshot_id)->timestamp_ms == t1 ? r2.snapshot_id : r1.snapshot_id);
  EXPECT_TRUE(table_->SnapshotAsOf(t1 - 100000).status().IsNotFound());
  req.snapshot_id = r1.snapshot_id;
  req.predicates = {};
  EXPECT_EQ(table_->PlanFiles(req).ValueOrDie().files.size(), 2u);

  // A second handle sees the same state.
  auto other = catalog_->LoadTable(id_).ValueOrDie();
  EXPECT_EQ(other->metadata()->current_snapshot_id, r2.snapshot_id);
  EXPECT_EQ(other->metadata_location(), table_->metadata_location());
  EXPECT_EQ(MetadataVersionOf(other->metadata_location()), 3);
}

TEST_F(TableTest, OverwritePartitionsReplacesOnlyTouchedPartitions) {
  ASSERT_OK(table_->Append({File(0, 10, "2024-01-01", "EMEA"), File(10, 10, "2024-01-01", "APAC"),
                            File(20, 10, "2024-01-02", "EMEA")})
                .status());
  auto r = table_->OverwritePartitions({File(100, 4, "2024-01-01", "EMEA"), File(200, 6, "2024-01-03", "EMEA")})
               .ValueOrDie();
  auto m = table_->metadata();
  EXPECT_EQ(m->current_snapshot()->operation(), "overwrite");
  EXPECT_EQ(m->current_snapshot()->SummaryInt("deleted-data-files"), 1);
  EXPECT_EQ(m->current_snapshot()->SummaryInt("deleted-records"), 10);
  EXPECT_EQ(m->current_snapshot()->SummaryInt("total-records"), 30);
  EXPECT_EQ(LiveRecords(*m), 30);
  auto files = InspectFiles(*m).ValueOrDie();
  ASSERT_EQ(files.size(), 4u);
  int emea_0101 = 0;
  for (const auto& f : files) {
    if (f.partition_path == "order_date_day=2024-01-01/region=EMEA") {
      emea_0101++;
      EXPECT_EQ(f.record_count, 4);
    }
  }
  EXPECT_EQ(emea_0101, 1);
  (void)r;
}

TEST_F(TableTest, ReplaceFilesAndConflicts) {
  DataFile a = File(0, 10, "2024-01-01", "EMEA"), b = File(10, 10, "2024-01-01", "EMEA");
  auto base = table_->Append({a, b}).ValueOrDie();
  // Compaction: a + b → c with the same rows.
  DataFile c = File(0, 20, "2024-01-01", "EMEA");
  ReplaceOptions opts;
  opts.base_snapshot_id = base.snapshot_id;
  auto compacted = table_->ReplaceFiles({a.path, b.path}, {c}, opts).ValueOrDie();
  auto m = table_->metadata();
  EXPECT_EQ(m->current_snapshot()->operation(), "replace");
  EXPECT_EQ(LiveRecords(*m), 20);
  EXPECT_EQ(m->current_snapshot()->SummaryInt("total-data-files"), 1);

  // A second writer that read the base snapshot tries to delete `a` again.
  auto other = catalog_->LoadTable(id_).ValueOrDie();
  ReplaceOptions stale;
  stale.base_snapshot_id = base.snapshot_id;
  auto st = other->ReplaceFiles({a.path}, {}, stale);
  ASSERT_TRUE(st.status().IsConflict()) << st.status().ToString();
  EXPECT_NE(st.status().message().find(a.path), std::string::npos) << st.status().ToString();
  EXPECT_NE(st.status().message().find(std::to_string(compacted.snapshot_id)), std::string::npos);
  // Removing a file that never existed.
  EXPECT_TRUE(table_->ReplaceFiles({"/nowhere.parquet"}, {}).status().IsConflict());

  // Serializable: rows added concurrently in a partition being rewritten.
  const int64_t read_at = table_->metadata()->current_snapshot_id.value();
  ASSERT_OK(other->Append({File(50, 5, "2024-01-01", "EMEA")}).status());
  ReplaceOptions merge;
  merge.base_snapshot_id = read_at;
  auto conflict = table_->ReplaceFiles({c.path}, {File(0, 19, "2024-01-01", "EMEA")}, merge);
  ASSERT_TRUE(conflict.status().IsConflict());
  EXPECT_NE(conflict.status().message().find("order_date_day=2024-01-01/region=EMEA"), std::string::npos)
      << conflict.status().ToString();
  // Snapshot isolation (compaction) lets it through.
  merge.isolation = IsolationLevel::kSnapshot;
  ASSERT_OK(table_->ReplaceFiles({c.path}, {File(0, 20, "2024-01-01", "EMEA")}, merge).status());
  EXPECT_EQ(LiveRecords(*table_->metadata()), 25);
  // Delete-only operation.
  auto files = table_->PlanFiles({}).ValueOrDie().files;
  ASSERT_OK(table_->ReplaceFiles({files[0].file->path}, {}).status());
  EXPECT_EQ(table_->metadata()->current_snapshot()->operation(), "delete");
}

TEST_F(TableTest, IdempotencyKeySkipsReplays) {
  CommitOptions opts;
  opts.idempotency_key = "pipeline=orders/region=EMEA/date=2024-01-01/wm=42";
  auto first = table_->Append({File(0, 10, "2024-01-01", "EMEA")}, opts).ValueOrDie();
  EXPECT_FALSE(first.already_committed);
  EXPECT_EQ(table_->metadata()->current_snapshot()->summary.at(summary::kIdempotencyKey), opts.idempotency_key);
  ASSERT_OK(table_->Append({File(10, 10, "2024-01-01", "APAC")}).status());
  // The replay, from another handle, is a no-op.
  auto other = catalog_->LoadTable(id_).ValueOrDie();
  auto replay = other->Append({File(0, 10, "2024-01-01", "EMEA")}, opts).ValueOrDie();
  EXPECT_TRUE(replay.already_committed);
  EXPECT_EQ(replay.snapshot_id, first.snapshot_id);
  EXPECT_EQ(LiveRecords(*other->metadata()), 20);
  OverwriteOptions ow;
  ow.idempotency_key = opts.idempotency_key;
  EXPECT_TRUE(other->OverwritePartitions({File(0, 1, "2024-01-01", "EMEA")}, ow).ValueOrDie().already_committed);
  EXPECT_EQ(table_->metadata()->snapshots.size(), 2u);
}

TEST_F(TableTest, ExpireSnapshotsDeletesOnlyUnreferencedFiles) {
  DataFile a = File(0, 10, "2024-01-01", "EMEA");
  auto s1 = table_->Append({a}).ValueOrDie();
  DataFile b = File(10, 10, "2024-01-02", "EMEA");
  auto s2 = table_->Append({b}).ValueOrDie();
  DataFile c = File(0, 10, "2024-01-01", "EMEA");
  auto s3 = table_->ReplaceFiles({a.path}, {c}).ValueOrDie();
  const std::string list1 = table_->metadata()->SnapshotById(s1.snapshot_id)->manifest_list;
  EXPECT_FALSE(table_->ExpireSnapshots({}).ok());

  auto r = table_->ExpireSnapshots(ExpireOptions{std::nullopt, 1}).ValueOrDie();
  EXPECT_EQ(r.expired_snapshot_ids.size(), 2u);
  EXPECT_EQ(r.deleted_data_files, 1);
  EXPECT_EQ(r.deleted_manifest_lists, 2);
  EXPECT_GE(r.deleted_manifests, 1);
  EXPECT_FALSE(fs::exists(a.path));
  EXPECT_FALSE(fs::exists(list1));
  EXPECT_TRUE(fs::exists(b.path));
  EXPECT_TRUE(fs::exists(c.path));
  auto m = catalog_->LoadTable(id_).ValueOrDie()->metadata();
  EXPECT_EQ(m->snapshots.size(), 1u);
  EXPECT_EQ(m->current_snapshot_id, s3.snapshot_id);
  EXPECT_EQ(LiveRecords(*m), 20);
  EXPECT_TRUE(m->SnapshotAsOf(m->SnapshotById(s3.snapshot_id)->timestamp_ms).ok());
  EXPECT_TRUE(table_->SnapshotById(s2.snapshot_id).status().IsNotFound());
  // Nothing left to expire.
  EXPECT_TRUE(table_->ExpireSnapshots(ExpireOptions{INT64_MAX, std::nullopt}).ValueOrDie().expired_snapshot_ids.empty());
}

TEST_F(TableTest, SchemaEvolutionById) {
  ASSERT_OK(table_->Append({File(0, 10, "2024-01-01", "EMEA")}).status());
  ASSERT_OK(table_->UpdateSchema({SchemaChange::AddColumn("discount", LogicalType::Real()),
                                  SchemaChange::RenameColumn("amount", "net_amount"),
                                  SchemaChange::WidenColumn("region", LogicalType::Varchar(16))}));
  ASSERT_OK(table_->UpdateSchema({SchemaChange::WidenColumn("discount", LogicalType::Double()),
                                  SchemaChange::WidenColumn("net_amount", LogicalType::NumericUnchecked(18, 2))}));
  auto m = catalog_->LoadTable(id_).ValueOrDie()->metadata();
  const Schema& s = *m->current_schema();
  EXPECT_EQ(s.FindField("net_amount")->id, 4);
  EXPECT_EQ(s.FindField("net_amount")->type, LogicalType::NumericUnchecked(18, 2));
  EXPECT_EQ(s.FindField("discount")->id, 5);
  EXPECT_EQ(s.FindField("discount")->type, LogicalType::Double());
  EXPECT_EQ(s.FindField("region")->type, LogicalType::Varchar(16));
  EXPECT_EQ(m->last_column_id, 5);
  EXPECT_EQ(m->schemas.size(), 3u);
  // Old files still plan, with bounds decoded under the new names and types.
  ScanRequest req;
  req.predicates = {ColumnPredicate{4, Op::kGt, {Value::Numeric(100000, 18, 2)}}};
  EXPECT_TRUE(PlanFiles(*m, req).ValueOrDie().files.empty());
  req.predicates = {ColumnPredicate{4, Op::kLe, {Value::Numeric(100, 18, 2)}}};
  EXPECT_EQ(PlanFiles(*m, req).ValueOrDie().files.size(), 1u);
  // Disallowed.
  EXPECT_FALSE(table_->UpdateSchema({SchemaChange::WidenColumn("id", LogicalType::Integer())}).ok());
  EXPECT_FALSE(table_->UpdateSchema({SchemaChange::WidenColumn("discount", LogicalType::Real())}).ok());
  EXPECT_FALSE(table_->UpdateSchema({SchemaChange::DropColumn("order_date")}).ok());  // partition source
  EXPECT_FALSE(table_->UpdateSchema({SchemaChange::AddColumn("id", LogicalType::Integer())}).ok());
  EXPECT_FALSE(table_->UpdateSchema({SchemaChange::RenameColumn("nope", "x")}).ok());
  ASSERT_OK(table_->UpdateSchema({SchemaChange::DropColumn("discount")}));
  ASSERT_OK(table_->UpdateSchema({SchemaChange::AddColumn("discount", LogicalType::Real())}));
  auto m2 = table_->metadata();
  EXPECT_EQ(m2->current_schema()->FindField("discount")->id, 6);  // ids never reused
  EXPECT_EQ(LiveRecords(*m2), 10);
  // Appending after evolution, with the new schema's columns.
  ASSERT_OK(table_->Refresh());
  EXPECT_EQ(table_->metadata()->current_schema()->fields().size(), 5u);
}

TEST_F(TableTest, PropertiesAndInspection) {
  ASSERT_OK(table_->UpdateProperties({{"write.target-file-size-bytes", "134217728"}, {"owner", "sales"}}));
  ASSERT_OK(table_->UpdateProperties({}, {"owner"}));
  auto m = catalog_->LoadTable(id_).ValueOrDie()->metadata();
  EXPECT_EQ(m->properties.at("write.target-file-size-bytes"), "134217728");
  EXPECT_FALSE(m->properties.count("owner"));
  EXPECT_EQ(m->properties.at(SqlTypePropertyKey(3)), "character varying(8)");

  auto s1 = table_->Append({File(0, 9, "2024-01-01", "EMEA")}).ValueOrDie();
  auto s2 = table_->Append({File(9, 3, "2024-01-02", "AP AC")}).ValueOrDie();
  auto snaps = InspectSnapshots(*table_->metadata());
  ASSERT_EQ(snaps.size(), 2u);
  EXPECT_EQ(snaps[0].snapshot_id, s1.snapshot_id);
  EXPECT_EQ(snaps[1].parent_snapshot_id, s1.snapshot_id);
  EXPECT_TRUE(snaps[1].is_current);
  EXPECT_EQ(snaps[1].operation, "append");
  EXPECT_EQ(snaps[1].summary.at("added-records"), "3");
  auto files = InspectFiles(*table_->metadata()).ValueOrDie();
  ASSERT_EQ(files.size(), 2u);
  const FileInfo& f = files[0].record_count == 3 ? files[0] : files[1];
  EXPECT_EQ(f.partition_path, "order_date_day=2024-01-02/region=AP%20AC");
  ASSERT_EQ(f.partition_values.size(), 2u);
  EXPECT_EQ(f.partition_values[1], (std::pair<std::string, std::string>{"region", "AP AC"}));
  ASSERT_GE(f.columns.size(), 4u);
  EXPECT_EQ(f.columns[0].name, "id");
  EXPECT_EQ(f.columns[0].lower_bound, "9");
  EXPECT_EQ(f.columns[0].upper_bound, "11");
  EXPECT_EQ(f.columns[3].null_count, 1);
  EXPECT_GT(f.file_size_in_bytes, 0);
  EXPECT_EQ(InspectFiles(*table_->metadata(), s1.snapshot_id).ValueOrDie().size(), 1u);
  EXPECT_TRUE(InspectFiles(*table_->metadata(), 99).status().IsNotFound());
  (void)s2;
}

}  // namespace
}  // namespace tributary::iceberg
