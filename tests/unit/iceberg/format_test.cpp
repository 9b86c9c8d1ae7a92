#include <gtest/gtest.h>

#include <cstring>

#include "iceberg/manifest.hpp"
#include "iceberg/manifest_list.hpp"
#include "iceberg/murmur3.hpp"
#include "iceberg/partition_spec.hpp"
#include "iceberg/single_value.hpp"
#include "iceberg/table_metadata.hpp"
#include "iceberg/transform.hpp"
#include "test_util.hpp"
#include "types/datetime.hpp"

namespace tributary::iceberg {
namespace {

using testing::TempDir;

int64_t Ts(const char* text) { return datetime::ParseTimestamp(text).ValueOrDie(); }
int32_t D(const char* text) { return datetime::ParseDate(text).ValueOrDie(); }

// Appendix B's published values.
TEST(Murmur3, SpecTestValues) {
  EXPECT_EQ(BucketHash(Value::Integer(34)).ValueOrDie(), 2017239379);
  EXPECT_EQ(BucketHash(Value::BigInt(34)).ValueOrDie(), 2017239379);
  EXPECT_EQ(BucketHash(Value::Numeric(1420, 9, 2)).ValueOrDie(), -500754589);
  EXPECT_EQ(BucketHash(Value::Date(D("2017-11-16"))).ValueOrDie(), -653330422);
  EXPECT_EQ(BucketHash(Value::Timestamp(Ts("2017-11-16 22:31:08"))).ValueOrDie(), -2047944441);
  EXPECT_EQ(BucketHash(Value::TimestampTz(Ts("2017-11-16T14:31:08-08:00"))).ValueOrDie(), -2047944441);
  EXPECT_EQ(BucketHash(Value::Varchar("iceberg")).ValueOrDie(), 1210000089);
  const uint8_t bytes[] = {0, 1, 2, 3};
  EXPECT_EQ(Murmur3Hash32(bytes, 4), -188683207);
  // time 22:31:08 as long micros
  EXPECT_EQ(BucketHash(Value::BigInt((22 * 3600 + 31 * 60 + 8) * 1000000LL)).ValueOrDie(), -662762989);
  EXPECT_FALSE(BucketHash(Value::Double(1.0)).ok());
}

TEST(Transform, BucketTruncateTemporal) {
  EXPECT_EQ(Transform::Bucket(16).Apply(Value::Integer(34)).ValueOrDie(), Value::Integer(3));
  EXPECT_EQ(Transform::Bucket(100).Apply(Value::BigInt(34)).ValueOrDie(), Value::Integer(79));
  EXPECT_EQ(Transform::Bucket(16).Apply(Value::Varchar("iceberg")).ValueOrDie(), Value::Integer(9));
  EXPECT_EQ(Transform::Truncate(10).Apply(Value::Integer(1)).ValueOrDie(), Value::Integer(0));
  EXPECT_EQ(Transform::Truncate(10).Apply(Value::Integer(-1)).ValueOrDie(), Value::Integer(-10));
  EXPECT_EQ(Transform::Truncate(10).Apply(Value::BigInt(-1)).ValueOrDie(), Value::BigInt(-10));
  // 10.65 truncated by 50 (unscaled) is 10.50.
  EXPECT_EQ(Transform::Truncate(50).Apply(Value::Numeric(1065, 9, 2)).ValueOrDie(), Value::Numeric(1050, 9, 2));
  EXPECT_EQ(Transform::Truncate(3).Apply(Value::Varchar("iceberg")).ValueOrDie(), Value::Varchar("ice"));
  EXPECT_EQ(Transform::Truncate(2).Apply(Value::Varchar("\xc3\xa9t\xc3\xa9")).ValueOrDie(),
            Value::Varchar("\xc3\xa9t"));
  const Value ts = Value::Timestamp(Ts("2017-11-16 22:31:08"));
  EXPECT_EQ(Transform::Year().Apply(ts).ValueOrDie(), Value::Integer(47));
  EXPECT_EQ(Transform::Month().Apply(ts).ValueOrDie(), Value::Integer(47 * 12 + 10));
  EXPECT_EQ(Transform::Day().Apply(ts).ValueOrDie(), Value::Date(D("2017-11-16")));
  EXPECT_EQ(Transform::Hour().Apply(ts).ValueOrDie(), Value::Integer(17486 * 24 + 22));
  // Before the epoch, floor division.
  EXPECT_EQ(Transform::Day().Apply(Value::Timestamp(-1)).ValueOrDie(), Value::Date(-1));
  EXPECT_EQ(Transform::Hour().Apply(Value::Timestamp(-1)).ValueOrDie(), Value::Integer(-1));
  EXPECT_EQ(Transform::Month().Apply(Value::Date(D("1969-12-31"))).ValueOrDie(), Value::Integer(-1));
  EXPECT_TRUE(Transform::Void().Apply(Value::Integer(5)).ValueOrDie().is_null());
  EXPECT_TRUE(Transform::Day().Apply(Value::Null(LogicalType::Date())).ValueOrDie().is_null());

  EXPECT_EQ(Transform::Month().ToHumanString(Value::Integer(47 * 12 + 10)), "2017-11");
  EXPECT_EQ(Transform::Hour().ToHumanString(Value::Integer(17486 * 24 + 22)), "2017-11-16-22");
  EXPECT_EQ(Transform::Year().ToHumanString(Value::Integer(47)), "2017");

  EXPECT_FALSE(Transform::Day().CheckSource(IcebergType{IcebergTypeId::kString}).ok());
  EXPECT_FALSE(Transform::Hour().CheckSource(IcebergType{IcebergTypeId::kDate}).ok());
  EXPECT_FALSE(Transform::Truncate(4).CheckSource(IcebergType{IcebergTypeId::kDate}).ok());
  EXPECT_EQ(Transform::Parse("bucket[16]").ValueOrDie(), Transform::Bucket(16));
  EXPECT_EQ(Transform::Parse("truncate[4]").ValueOrDie(), Transform::Truncate(4));
  EXPECT_FALSE(Transform::Parse("bucket[0]").ok());
  EXPECT_FALSE(Transform::Parse("days").ok());
}

TEST(Transform, InclusiveProjection) {
  using Op = ColumnPredicate::Op;
  const int64_t t = Ts("2024-01-02 00:00:00");
  // ts < 2024-01-02 00:00 projects to day <= 2024-01-01.
  auto p = Transform::Day().Project(ColumnPredicate{1, Op::kLt, {Value::Timestamp(t)}}, 1000);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->op, Op::kLe);
  EXPECT_EQ(p->values[0], Value::Date(D("2024-01-01")));
  p = Transform::Day().Project(ColumnPredicate{1, Op::kGe, {Value::Timestamp(t + 5)}}, 1000);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->op, Op::kGe);
  EXPECT_EQ(p->values[0], Value::Date(D("2024-01-02")));
  // Ranges do not project through bucket; equality does.
  EXPECT_FALSE(Transform::Bucket(8).Project(ColumnPredicate{1, Op::kLt, {Value::Integer(3)}}, 1000));
  p = Transform::Bucket(16).Project(ColumnPredicate{1, Op::kEq, {Value::Integer(34)}}, 1000);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->values[0], Value::Integer(3));
  // truncate: x > 19 → trunc >= 20
  p = Transform::Truncate(10).Project(ColumnPredicate{1, Op::kGt, {Value::Integer(19)}}, 1000);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->op, Op::kGe);
  EXPECT_EQ(p->values[0], Value::Integer(20));
  EXPECT_FALSE(Transform::Void().Project(ColumnPredicate{1, Op::kIsNull, {}}, 1000));
  EXPECT_TRUE(Transform::Day().Project(ColumnPredicate{1, Op::kIsNull, {}}, 1000));
}

TEST(SingleValue, SpecEncodings) {
  auto bytes = [](const Value& v, IcebergType t) { return SerializeSingleValue(v, t).ValueOrDie(); };
  EXPECT_EQ(bytes(Value::Integer(1), {IcebergTypeId::kInt}), std::string("\x01\0\0\0", 4));
  EXPECT_EQ(bytes(Value::BigInt(-2), {IcebergTypeId::kLong}), std::string("\xfe\xff\xff\xff\xff\xff\xff\xff", 8));
  EXPECT_EQ(bytes(Value::Numeric(1420, 9, 2), {IcebergTypeId::kDecimal, 9, 2}), std::string("\x05\x8c", 2));
  EXPECT_EQ(bytes(Value::Numeric(-1, 9, 2), {IcebergTypeId::kDecimal, 9, 2}), std::string("\xff", 1));
  EXPECT_EQ(bytes(Value::Numeric(128, 9, 2), {IcebergTypeId::kDecimal, 9, 2}), std::string("\x00\x80", 2));
  EXPECT_EQ(bytes(Value::Varchar("abc"), {IcebergTypeId::kString}), "abc");
  EXPECT_EQ(bytes(Value::Date(17486), {IcebergTypeId::kDate}).size(), 4u);
  EXPECT_EQ(bytes(Value::Double(1.5), {IcebergTypeId::kDouble}).size(), 8u);
  EXPECT_EQ(bytes(Value::Real(1.5f), {IcebergTypeId::kFloat}).size(), 4u);
  // Round trips, including an int bound read as a promoted long.
  for (const Value& v : {Value::SmallInt(-7), Value::Integer(123456), Value::BigInt(INT64_MIN), Value::Real(2.5f),
                         Value::Double(-0.25), Value::Numeric(-123456789, 20, 3), Value::Varchar("zé"),
                         Value::Date(-3), Value::Timestamp(Ts("2024-05-06 07:08:09.5")),
                         Value::TimestampTz(123), Value::Boolean(true)}) {
    IcebergType t = ToIcebergType(v.type()).ValueOrDie();
    EXPECT_EQ(DeserializeSingleValue(bytes(v, t), t, v.type()).ValueOrDie(), v) << v.ToString();
  }
  std::string int_bound = bytes(Value::Integer(42), {IcebergTypeId::kInt});
  EXPECT_EQ(DeserializeSingleValue(int_bound, {IcebergTypeId::kLong}, LogicalType::BigInt()).ValueOrDie(),
            Value::BigInt(42));
  EXPECT_FALSE(DeserializeSingleValue("abc", {IcebergTypeId::kInt}, LogicalType::Integer()).ok());
}

std::shared_ptr<const Schema> SalesSchema() {
  return Schema::FromColumns({{"id", LogicalType::BigInt()},
                              {"order_date", LogicalType::Date()},
                              {"region", LogicalType::Varchar(20)},
                              {"amount", LogicalType::NumericUnchecked(12, 2)},
                              {"qty", LogicalType::SmallInt()},
                              {"ts", LogicalType::TimestampTz()}})
      .ValueOrDie();
}

TEST(PartitionSpec, PathsTuplesAndPruning) {
  auto schema = SalesSchema();
  auto spec = PartitionSpec::Builder(schema).Day("order_date").Identity("region").Bucket("id", 8).Build().ValueOrDie();
  ASSERT_EQ(spec->fields().size(), 3u);
  EXPECT_EQ(spec->fields()[0].name, "order_date_day");
  EXPECT_EQ(spec->fields()[0].field_id, 1000);
  EXPECT_EQ(spec->fields()[2].field_id, 1002);
  std::vector<Value> row = {Value::BigInt(34), Value::Date(D("2024-01-02")), Value::Varchar("EMEA/North"),
                            Value::Numeric(100, 12, 2), Value::SmallInt(1), Value::TimestampTz(0)};
  PartitionValues pv = spec->PartitionFor(*schema, row).ValueOrDie();
  ASSERT_EQ(pv.size(), 3u);
  EXPECT_EQ(pv[0], Value::Date(D("2024-01-02")));
  EXPECT_EQ(pv[1], Value::Varchar("EMEA/North"));
  EXPECT_EQ(spec->PartitionPath(pv), "order_date_day=2024-01-02/region=EMEA%2FNorth/id_bucket=" +
                                         pv[2].ToString());
  using Op = ColumnPredicate::Op;
  auto projected = spec->Project({ColumnPredicate{2, Op::kGe, {Value::Date(D("2024-01-03"))}}});
  ASSERT_EQ(projected.size(), 1u);
  EXPECT_FALSE(spec->MayMatch(projected, pv));
  projected = spec->Project({ColumnPredicate{3, Op::kEq, {Value::Varchar("EMEA/North")}}});
  EXPECT_TRUE(spec->MayMatch(projected, pv));
  projected = spec->Project({ColumnPredicate{1, Op::kEq, {Value::BigInt(35)}}});
  EXPECT_EQ(spec->MayMatch(projected, pv),
            Transform::Bucket(8).Apply(Value::BigInt(35)).ValueOrDie() == pv[2]);
  EXPECT_FALSE(PartitionSpec::Builder(schema).Day("region").Build().ok());
  EXPECT_FALSE(PartitionSpec::Builder(schema).Identity("nope").Build().ok());
}

TEST(TableMetadata, JsonRoundTripKeepsSqlTypes) {
  auto schema = SalesSchema();
  auto spec = PartitionSpec::Builder(schema).Month("order_date").Truncate("region", 2).Build().ValueOrDie();
  auto order = SortOrder::Make(*schema, 1,
                               {SortField{3, Transform::Identity(), SortDirection::kAsc, NullOrder::kNullsFirst},
                                SortField{1, Transform::Identity(), SortDirection::kDesc, NullOrder::kNullsLast}})
                   .ValueOrDie();
  TableMetadata m = TableMetadata::Create("/w/ns/t", schema, spec, order, {{"owner", "sales"}}).ValueOrDie();
  auto snap = std::make_shared<Snapshot>();
  snap->snapshot_id = 42;
  snap->sequence_number = 1;
  snap->timestamp_ms = 1000;
  snap->manifest_list = "/w/ns/t/metadata/snap-42.avro";
  snap->summary = {{"operation", "append"}, {"added-records", "5"}};
  snap->schema_id = 0;
  m.snapshots.push_back(snap);
  m.current_snapshot_id = 42;
  m.refs["main"] = SnapshotRef{42, "branch"};
  m.snapshot_log.push_back({42, 1000});
  m.metadata_log.push_back({"/w/ns/t/metadata/v1-x.metadata.json", 999});
  m.last_sequence_number = 1;
  std::string json = m.ToJson();
  TableMetadata back = TableMetadata::FromJson(json).ValueOrDie();
  EXPECT_EQ(back.ToJson(), json);
  EXPECT_EQ(back.current_schema()->FindField("qty")->type, LogicalType::SmallInt());
  EXPECT_EQ(back.current_schema()->FindField("region")->type, LogicalType::Varchar(20));
  EXPECT_EQ(back.default_sort_order()->fields().size(), 2u);
  EXPECT_EQ(back.default_spec()->fields()[1].transform, Transform::Truncate(2));
  EXPECT_EQ(back.current_snapshot()->SummaryInt("added-records"), 5);
  EXPECT_EQ(back.SnapshotAsOf(1500).ValueOrDie()->snapshot_id, 42);
  EXPECT_FALSE(back.SnapshotAsOf(500).ok());
  EXPECT_FALSE(TableMetadata::FromJson("{\"format-version\":2}").ok());
  EXPECT_FALSE(TableMetadata::FromJson("not json").ok());
  EXPECT_EQ(MetadataVersionOf("/a/metadata/v12-abc.metadata.json"), 12);
  EXPECT_EQ(MetadataVersionOf("/a/metadata/00012-abc.metadata.json"), 0);
}

TEST(Manifest, RoundTripWithPartitionsAndBounds) {
  TempDir dir;
  auto schema = SalesSchema();
  auto spec = PartitionSpec::Builder(schema).Day("order_date").Identity("region").Identity("amount").Build().ValueOrDie();
  std::vector<ManifestEntry> entries;
  for (int i = 0; i < 3; i++) {
    ManifestEntry e;
    e.status = i == 2 ? ManifestEntryStatus::kDeleted : ManifestEntryStatus::kAdded;
    e.snapshot_id = 7;
    e.sequence_number = 3;
    e.file_sequence_number = 3;
    DataFile& f = e.file;
    f.path = dir.path() + "/data/f" + std::to_string(i) + ".parquet";
    f.spec_id = spec->spec_id();
    f.partition = {Value::Date(D("2024-01-01") + i), i == 1 ? Value::Null(LogicalType::Varchar(20)) : Value::Varchar("EMEA"),
                   Value::Numeric(1050 + i, 12, 2)};
    f.record_count = 10 + i;
    f.file_size_in_bytes = 1000 + i;
    f.column_sizes = {{1, 80}, {2, 40}};
    f.value_counts = {{1, 10 + i}};
    f.null_value_counts = {{1, 0}, {3, 2}};
    f.lower_bounds = {{1, Value::BigInt(-5)}, {3, Value::Varchar("A")}, {4, Value::Numeric(-100, 12, 2)},
                      {5, Value::SmallInt(2)}, {6, Value::TimestampTz(7)}};
    f.upper_bounds = {{1, Value::BigInt(500)}, {3, Value::Varchar("Z")}};
    f.split_offsets = {4, 1000};
    f.sort_order_id = 0;
    entries.push_back(e);
  }
  const std::string path = dir.path() + "/m0.avro";
  ManifestFile mf = WriteManifest(path, *schema, *spec, 7, 3, entries).ValueOrDie();
  EXPECT_EQ(mf.added_files_count, 2);
  EXPECT_EQ(mf.deleted_files_count, 1);
  EXPECT_EQ(mf.added_rows_count, 21);
  EXPECT_EQ(mf.deleted_rows_count, 12);
  ASSERT_EQ(mf.partitions.size(), 3u);
  EXPECT_FALSE(mf.partitions[0].contains_null);
  EXPECT_TRUE(mf.partitions[1].contains_null);
  EXPECT_EQ(*mf.partitions[0].lower_bound, SerializeSingleValue(Value::Date(D("2024-01-01")), {IcebergTypeId::kDate}).ValueOrDie());
  EXPECT_EQ(*mf.partitions[0].upper_bound, SerializeSingleValue(Value::Date(D("2024-01-03")), {IcebergTypeId::kDate}).ValueOrDie());
  EXPECT_GT(mf.manifest_length, 0);

  auto back = ReadManifest(mf, *schema, *spec).ValueOrDie();
  ASSERT_EQ(back.size(), 3u);
  for (size_t i = 0; i < 3; i++) {
    const DataFile &a = entries[i].file, &b = back[i].file;
    EXPECT_EQ(back[i].status, entries[i].status);
    EXPECT_EQ(back[i].snapshot_id, 7);
    EXPECT_EQ(back[i].sequence_number, 3);
    EXPECT_EQ(b.path, a.path);
    EXPECT_EQ(b.partition, a.partition);
    EXPECT_EQ(b.record_count, a.record_count);
    EXPECT_EQ(b.file_size_in_bytes, a.file_size_in_bytes);
    EXPECT_EQ(b.column_sizes, a.column_sizes);
    EXPECT_EQ(b.value_counts, a.value_counts);
    EXPECT_EQ(b.null_value_counts, a.null_value_counts);
    EXPECT_EQ(b.lower_bounds.size(), a.lower_bounds.size());
    for (const auto& [id, v] : a.lower_bounds) EXPECT_EQ(b.lower_bounds.at(id), v) << id;
    for (const auto& [id, v] : a.upper_bounds) EXPECT_EQ(b.upper_bounds.at(id), v) << id;
    EXPECT_EQ(b.split_offsets, a.split_offsets);
    EXPECT_EQ(b.sort_order_id, a.sort_order_id);
  }

  const std::string list_path = dir.path() + "/snap.avro";
  ASSERT_TRUE(WriteManifestList(list_path, 7, 6, 3, {mf, mf}).ok());
  auto list = ReadManifestList(list_path).ValueOrDie();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1].manifest_path, path);
  EXPECT_EQ(list[1].manifest_length, mf.manifest_length);
  EXPECT_EQ(list[1].added_files_count, 2);
  EXPECT_EQ(list[1].partitions.size(), 3u);
  EXPECT_TRUE(list[1].partitions[1].contains_null);
  EXPECT_EQ(list[1].partitions[0].upper_bound, mf.partitions[0].upper_bound);
  EXPECT_FALSE(ReadManifestList(dir.path() + "/missing.avro").ok());
}

}  // namespace
}  // namespace tributary::iceberg
