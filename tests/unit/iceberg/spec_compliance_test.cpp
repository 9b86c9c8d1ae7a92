// Parses what the table layer writes and checks every field the Iceberg v2
// spec marks required is present with the right type, and that the Avro
// schemas carry the spec's field ids.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <map>

#include "iceberg/avro_container.hpp"
#include "iceberg/manifest_list.hpp"
#include "table_fixture.hpp"

namespace tributary::iceberg {
namespace {

using catalog::Catalog;
using catalog::TableIdentifier;
using testing::TempDir;
using testing::WriteSalesFile;

enum class J { kInt, kString, kArray, kObject, kBool };

void ExpectField(simdjson::dom::element obj, const char* key, J type, const std::string& where) {
  simdjson::dom::element e;
  ASSERT_FALSE(obj[key].get(e)) << where << " lacks required '" << key << "'";
  bool ok = false;
  switch (type) {
    case J::kInt: ok = e.is_int64() || e.is_uint64(); break;
    case J::kString: ok = e.is_string(); break;
    case J::kArray: ok = e.is_array(); break;
    case J::kObject: ok = e.is_object(); break;
    case J::kBool: ok = e.is_bool(); break;
  }
  EXPECT_TRUE(ok) << where << "." << key << " has the wrong JSON type";
}

/// field name → field-id for every (nested) record field of an Avro schema.
void CollectFieldIds(simdjson::dom::element type, std::map<std::string, int64_t>* out) {
  if (type.is_array()) {
    for (auto t : type.get_array()) CollectFieldIds(t, out);
    return;
  }
  if (!type.is_object()) return;
  std::string_view kind;
  if (type["type"].get(kind)) return;
  if (kind == "record") {
    for (auto f : type["fields"].get_array()) {
      std::string_view name;
      int64_t id = -1;
      EXPECT_FALSE(f["name"].get(name));
      EXPECT_FALSE(f["field-id"].get(id)) << "Avro field '" << name << "' has no field-id";
      (*out)[std::string(name)] = id;
      CollectFieldIds(f["type"], out);
    }
  } else if (kind == "array") {
    CollectFieldIds(type["items"], out);
  }
}

TEST(SpecCompliance, MetadataManifestListAndManifest) {
  TempDir dir;
  auto catalog = Catalog::Open(dir.path()).ValueOrDie();
  ASSERT_TRUE(catalog->CreateNamespace("sales").ok());
  auto schema = testing::SalesSchema();
  auto table = catalog->CreateTable({"sales", "orders"}, schema, testing::SalesSpec(schema)).ValueOrDie();
  auto f1 = WriteSalesFile(*table, 0, 4, "2024-01-01", "EMEA").ValueOrDie();
  ASSERT_TRUE(table->Append({f1}).ok());
  ASSERT_TRUE(table->ReplaceFiles({f1.path}, {WriteSalesFile(*table, 0, 4, "2024-01-01", "EMEA").ValueOrDie()}).ok());

  // metadata.json
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_FALSE(parser.load(table->metadata_location()).get(root));
  const std::string w = "metadata";
  for (const char* k : {"format-version", "last-sequence-number", "last-updated-ms", "last-column-id",
                        "current-schema-id", "default-spec-id", "last-partition-id", "default-sort-order-id",
                        "current-snapshot-id"}) {
    ExpectField(root, k, J::kInt, w);
  }
  for (const char* k : {"table-uuid", "location"}) ExpectField(root, k, J::kString, w);
  for (const char* k : {"schemas", "partition-specs", "sort-orders", "snapshots", "snapshot-log", "metadata-log"}) {
    ExpectField(root, k, J::kArray, w);
  }
  for (const char* k : {"properties", "refs"}) ExpectField(root, k, J::kObject, w);
  EXPECT_EQ(int64_t(root["format-version"]), 2);
  for (auto s : root["schemas"].get_array()) {
    ExpectField(s, "schema-id", J::kInt, "schema");
    ExpectField(s, "fields", J::kArray, "schema");
    for (auto f : s["fields"].get_array()) {
      ExpectField(f, "id", J::kInt, "schema field");
      ExpectField(f, "name", J::kString, "schema field");
      ExpectField(f, "required", J::kBool, "schema field");
      ExpectField(f, "type", J::kString, "schema field");
    }
  }
  for (auto s : root["partition-specs"].get_array()) {
    ExpectField(s, "spec-id", J::kInt, "partition spec");
    for (auto f : s["fields"].get_array()) {
      for (const char* k : {"source-id", "field-id"}) ExpectField(f, k, J::kInt, "partition field");
      for (const char* k : {"name", "transform"}) ExpectField(f, k, J::kString, "partition field");
      EXPECT_GE(int64_t(f["field-id"]), 1000);
    }
  }
  for (auto o : root["sort-orders"].get_array()) {
    ExpectField(o, "order-id", J::kInt, "sort order");
    ExpectField(o, "fields", J::kArray, "sort order");
  }
  int snapshots = 0;
  for (auto s : root["snapshots"].get_array()) {
    snapshots++;
    for (const char* k : {"snapshot-id", "sequence-number", "timestamp-ms", "schema-id"}) {
      ExpectField(s, k, J::kInt, "snapshot");
    }
    ExpectField(s, "manifest-list", J::kString, "snapshot");
    ExpectField(s, "summary", J::kObject, "snapshot");
    ExpectField(s["summary"], "operation", J::kString, "summary");
    for (const char* k : {"added-data-files", "deleted-data-files", "added-records", "deleted-records",
                          "total-records", "total-data-files", "total-files-size", "total-delete-files"}) {
      ExpectField(s["summary"], k, J::kString, "summary");
    }
  }
  EXPECT_EQ(snapshots, 2);
  for (auto e : root["snapshot-log"].get_array()) {
    ExpectField(e, "snapshot-id", J::kInt, "snapshot-log");
    ExpectField(e, "timestamp-ms", J::kInt, "snapshot-log");
  }
  for (auto e : root["metadata-log"].get_array()) {
    ExpectField(e, "metadata-file", J::kString, "metadata-log");
    ExpectField(e, "timestamp-ms", J::kInt, "metadata-log");
  }
  ExpectField(root["refs"], "main", J::kObject, "refs");
  EXPECT_EQ(int64_t(root["refs"]["main"]["snapshot-id"]), int64_t(root["current-snapshot-id"]));
  EXPECT_EQ(std::string_view(root["refs"]["main"]["type"]), "branch");

  // Manifest list: file metadata and field ids.
  auto current = table->metadata()->current_snapshot();
  auto list_meta = ReadAvroFileMetadata(current->manifest_list).ValueOrDie();
  for (const char* k : {"snapshot-id", "parent-snapshot-id", "sequence-number", "format-version"}) {
    EXPECT_TRUE(list_meta.count(k)) << "manifest list metadata lacks " << k;
  }
  EXPECT_EQ(list_meta["format-version"], "2");
  EXPECT_EQ(list_meta["snapshot-id"], std::to_string(current->snapshot_id));
  simdjson::dom::parser p2;
  std::map<std::string, int64_t> ids;
  CollectFieldIds(p2.parse(list_meta.at("avro.schema")), &ids);
  const std::map<std::string, int64_t> kListIds = {
      {"manifest_path", 500},       {"manifest_length", 501},      {"partition_spec_id", 502},
      {"content", 517},             {"sequence_number", 515},      {"min_sequence_number", 516},
      {"added_snapshot_id", 503},   {"added_files_count", 504},    {"existing_files_count", 505},
      {"deleted_files_count", 506}, {"added_rows_count", 512},     {"existing_rows_count", 513},
      {"deleted_rows_count", 514},  {"partitions", 507},           {"contains_null", 509},
      {"contains_nan", 518},        {"lower_bound", 510},          {"upper_bound", 511}};
  for (const auto& [name, id] : kListIds) EXPECT_EQ(ids[name], id) << name;

  // Manifests: file metadata and field ids (including the partition record).
  auto manifests = ReadManifestList(current->manifest_list).ValueOrDie();
  ASSERT_EQ(manifests.size(), 2u);  // the added file's, and the rewritten one with the tombstone
  for (const auto& mf : manifests) {
    auto meta = ReadAvroFileMetadata(mf.manifest_path).ValueOrDie();
    for (const char* k : {"schema", "schema-id", "partition-spec", "partition-spec-id", "format-version", "content"}) {
      EXPECT_TRUE(meta.count(k)) << "manifest metadata lacks " << k;
    }
    EXPECT_EQ(meta["format-version"], "2");
    EXPECT_EQ(meta["content"], "data");
    simdjson::dom::parser p3, p4, p5;
    EXPECT_TRUE(p3.parse(meta["schema"]).is_object());
    EXPECT_TRUE(p4.parse(meta["partition-spec"]).is_array());
    std::map<std::string, int64_t> mids;
    CollectFieldIds(p5.parse(meta.at("avro.schema")), &mids);
    const std::map<std::string, int64_t> kEntryIds = {
        {"status", 0},           {"snapshot_id", 1},         {"sequence_number", 3},
        {"file_sequence_number", 4}, {"data_file", 2},       {"content", 134},
        {"file_path", 100},      {"file_format", 101},       {"partition", 102},
        {"record_count", 103},   {"file_size_in_bytes", 104}, {"column_sizes", 108},
        {"value_counts", 109},   {"null_value_counts", 110}, {"nan_value_counts", 137},
        {"lower_bounds", 125},   {"upper_bounds", 128},      {"key_metadata", 131},
        {"split_offsets", 132},  {"sort_order_id", 140},     {"order_date_day", 1000},
        {"region", 1001}};
    for (const auto& [name, id] : kEntryIds) EXPECT_EQ(mids[name], id) << name;
    EXPECT_GT(mf.manifest_length, 0);
  }
}

}  // namespace
}  // namespace tributary::iceberg
