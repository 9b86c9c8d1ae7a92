#include "iceberg/table_metadata.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "common/file_io.hpp"
#include "iceberg/json_reader.hpp"
#include "common/json_writer.hpp"
#include "iceberg/uuid.hpp"

namespace tributary::iceberg {

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Restores exact SQL types recorded in the properties, where they still map
/// to the field's Iceberg type (an older schema keeps its own type).
Result<std::shared_ptr<const Schema>> ApplySqlTypes(const std::shared_ptr<const Schema>& schema,
                                                    const std::map<std::string, std::string>& properties) {
  std::vector<SchemaField> fields = schema->fields();
  bool changed = false;
  for (SchemaField& f : fields) {
    auto it = properties.find(SqlTypePropertyKey(f.id));
    if (it == properties.end()) continue;
    auto sql = LogicalType::Parse(it->second);
    if (!sql.ok()) continue;
    auto mapped = ToIcebergType(*sql);
    if (mapped.ok() && *mapped == f.iceberg_type() && !(*sql == f.type)) {
      f.type = *sql;
      changed = true;
    }
  }
  if (!changed) return schema;
  return Schema::Make(schema->schema_id(), std::move(fields), schema->identifier_field_ids());
}

void WriteSnapshot(JsonWriter& w, const Snapshot& s) {
  w.BeginObject().Key("snapshot-id").Int(s.snapshot_id);
  if (s.parent_snapshot_id) w.Key("parent-snapshot-id").Int(*s.parent_snapshot_id);
  w.Key("sequence-number").Int(s.sequence_number);
  w.Key("timestamp-ms").Int(s.timestamp_ms);
  w.Key("manifest-list").String(s.manifest_list);
  w.Key("summary").BeginObject();
  // "operation" first, as other writers do.
  w.Key(summary::kOperation).String(s.operation());
  for (const auto& [k, v] : s.summary) {
    if (k != summary::kOperation) w.Key(k).String(v);
  }
  w.EndObject();
  if (s.schema_id) w.Key("schema-id").Int(*s.schema_id);
  w.EndObject();
}

Result<std::shared_ptr<const Snapshot>> ParseSnapshot(json::Element e) {
  auto s = std::make_shared<Snapshot>();
  TRIB_ASSIGN_OR_RETURN(s->snapshot_id, json::Int(e, "snapshot-id"));
  TRIB_ASSIGN_OR_RETURN(s->parent_snapshot_id, json::OptionalInt(e, "parent-snapshot-id"));
  TRIB_ASSIGN_OR_RETURN(s->sequence_number, json::Int(e, "sequence-number"));
  TRIB_ASSIGN_OR_RETURN(s->timestamp_ms, json::Int(e, "timestamp-ms"));
  TRIB_ASSIGN_OR_RETURN(s->manifest_list, json::String(e, "manifest-list"));
  TRIB_ASSIGN_OR_RETURN(auto summary_obj, json::Object(e, "summary"));
  for (auto [key, value] : summary_obj) {
    TRIB_ASSIGN_OR_RETURN(std::string v, json::AsString(value, key));
    s->summary[std::string(key)] = std::move(v);
  }
  if (!s->summary.count(summary::kOperation)) {
    return Status::Corruption("snapshot {} summary lacks the required 'operation'", s->snapshot_id);
  }
  TRIB_ASSIGN_OR_RETURN(auto schema_id, json::OptionalInt(e, "schema-id"));
  if (schema_id) s->schema_id = static_cast<int32_t>(*schema_id);
  return std::shared_ptr<const Snapshot>(std::move(s));
}

}  // namespace

Result<TableMetadata> TableMetadata::Create(std::string location, std::shared_ptr<const Schema> schema,
                                            std::shared_ptr<const PartitionSpec> spec,
                                            std::shared_ptr<const SortOrder> sort_order,
                                            std::map<std::string, std::string> properties) {
  if (!schema) return Status::Invalid("a table needs a schema");
  if (!spec) spec = PartitionSpec::Unpartitioned();
  if (!sort_order) sort_order = SortOrder::Unsorted();
  TableMetadata m;
  m.table_uuid = NewUuid();
  m.location = std::move(location);
  m.last_updated_ms = NowMs();
  TRIB_ASSIGN_OR_RETURN(auto s0, Schema::Make(0, schema->fields(), schema->identifier_field_ids()));
  m.schemas = {s0};
  m.current_schema_id = 0;
  m.last_column_id = s0->HighestFieldId();
  TRIB_ASSIGN_OR_RETURN(auto spec0, PartitionSpec::Make(*s0, 0, spec->fields()));
  m.specs = {spec0};
  m.default_spec_id = 0;
  m.last_partition_id = spec0->LastFieldId();
  m.sort_orders = {SortOrder::Unsorted()};
  if (!sort_order->is_unsorted()) {
    TRIB_ASSIGN_OR_RETURN(auto order, SortOrder::Make(*s0, sort_order->order_id(), sort_order->fields()));
    m.sort_orders.push_back(order);
  }
  m.default_sort_order_id = sort_order->order_id();
  m.properties = std::move(properties);
  for (const SchemaField& f : s0->fields()) m.properties[SqlTypePropertyKey(f.id)] = f.type.ToString();
  return m;
}

std::string TableMetadata::ToJson() const {
  JsonWriter w;
  w.BeginObject();
  w.Key("format-version").Int(format_version);
  w.Key("table-uuid").String(table_uuid);
  w.Key("location").String(location);
  w.Key("last-sequence-number").Int(last_sequence_number);
  w.Key("last-updated-ms").Int(last_updated_ms);
  w.Key("last-column-id").Int(last_column_id);
  w.Key("current-schema-id").Int(current_schema_id);
  w.Key("schemas").BeginArray();
  for (const auto& s : schemas) w.Raw(s->ToJson());
  w.EndArray();
  w.Key("default-spec-id").Int(default_spec_id);
  w.Key("partition-specs").BeginArray();
  for (const auto& s : specs) w.Raw(s->ToJson());
  w.EndArray();
  w.Key("last-partition-id").Int(last_partition_id);
  w.Key("default-sort-order-id").Int(default_sort_order_id);
  w.Key("sort-orders").BeginArray();
  for (const auto& o : sort_orders) w.Raw(o->ToJson());
  w.EndArray();
  w.Key("properties").BeginObject();
  for (const auto& [k, v] : properties) w.Key(k).String(v);
  w.EndObject();
  w.Key("current-snapshot-id").Int(current_snapshot_id.value_or(-1));
  w.Key("refs").BeginObject();
  for (const auto& [name, ref] : refs) {
    w.Key(name).BeginObject().Key("snapshot-id").Int(ref.snapshot_id).Key("type").String(ref.type).EndObject();
  }
  w.EndObject();
  w.Key("snapshots").BeginArray();
  for (const auto& s : snapshots) WriteSnapshot(w, *s);
  w.EndArray();
  w.Key("snapshot-log").BeginArray();
  for (const auto& e : snapshot_log) {
    w.BeginObject().Key("snapshot-id").Int(e.snapshot_id).Key("timestamp-ms").Int(e.timestamp_ms).EndObject();
  }
  w.EndArray();
  w.Key("metadata-log").BeginArray();
  for (const auto& e : metadata_log) {
    w.BeginObject().Key("metadata-file").String(e.metadata_file).Key("timestamp-ms").Int(e.timestamp_ms).EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

Result<TableMetadata> TableMetadata::FromJson(std::string_view text) {
  TRIB_ASSIGN_OR_RETURN(auto doc, JsonDocument::Parse(text, "table metadata"));
  json::Element root = doc->root();
  TableMetadata m;
  TRIB_ASSIGN_OR_RETURN(int64_t version, json::Int(root, "format-version"));
  if (version != 2) return Status::NotSupported("table metadata format-version {} (only 2 is supported)", version);
  m.format_version = 2;
  TRIB_ASSIGN_OR_RETURN(m.table_uuid, json::String(root, "table-uuid"));
  TRIB_ASSIGN_OR_RETURN(m.location, json::String(root, "location"));
  TRIB_ASSIGN_OR_RETURN(m.last_sequence_number, json::Int(root, "last-sequence-number"));
  TRIB_ASSIGN_OR_RETURN(m.last_updated_ms, json::Int(root, "last-updated-ms"));
  TRIB_ASSIGN_OR_RETURN(int64_t last_column_id, json::Int(root, "last-column-id"));
  m.last_column_id = static_cast<int32_t>(last_column_id);

  json::Element props;
  if (!root.get_object()["properties"].get(props) && props.is_object()) {
    for (auto [key, value] : props.get_object()) {
      TRIB_ASSIGN_OR_RETURN(std::string v, json::AsString(value, key));
      m.properties[std::string(key)] = std::move(v);
    }
  }

  TRIB_ASSIGN_OR_RETURN(auto schemas, json::Array(root, "schemas"));
  for (json::Element s : schemas) {
    TRIB_ASSIGN_OR_RETURN(auto schema, Schema::FromJson(json::ToJson(s)));
    TRIB_ASSIGN_OR_RETURN(schema, ApplySqlTypes(schema, m.properties));
    m.schemas.push_back(std::move(schema));
  }
  TRIB_ASSIGN_OR_RETURN(int64_t current_schema_id, json::Int(root, "current-schema-id"));
  m.current_schema_id = static_cast<int32_t>(current_schema_id);
  if (!m.SchemaById(m.current_schema_id)) {
    return Status::Corruption("current-schema-id {} is not among the schemas", m.current_schema_id);
  }

  TRIB_ASSIGN_OR_RETURN(auto specs, json::Array(root, "partition-specs"));
  for (json::Element s : specs) {
    TRIB_ASSIGN_OR_RETURN(auto spec, PartitionSpec::FromJson(json::ToJson(s)));
    m.specs.push_back(std::move(spec));
  }
  TRIB_ASSIGN_OR_RETURN(int64_t default_spec_id, json::Int(root, "default-spec-id"));
  m.default_spec_id = static_cast<int32_t>(default_spec_id);
  if (!m.SpecById(m.default_spec_id)) {
    return Status::Corruption("default-spec-id {} is not among the partition specs", m.default_spec_id);
  }
  TRIB_ASSIGN_OR_RETURN(int64_t last_partition_id, json::Int(root, "last-partition-id"));
  m.last_partition_id = static_cast<int32_t>(last_partition_id);

  TRIB_ASSIGN_OR_RETURN(auto orders, json::Array(root, "sort-orders"));
  for (json::Element o : orders) {
    TRIB_ASSIGN_OR_RETURN(auto order, SortOrder::FromJson(json::ToJson(o)));
    m.sort_orders.push_back(std::move(order));
  }
  TRIB_ASSIGN_OR_RETURN(int64_t default_sort_order_id, json::Int(root, "default-sort-order-id"));
  m.default_sort_order_id = static_cast<int32_t>(default_sort_order_id);

  TRIB_ASSIGN_OR_RETURN(auto current, json::OptionalInt(root, "current-snapshot-id"));
  if (current && *current != -1) m.current_snapshot_id = *current;

  json::Element list;
  if (!root.get_object()["snapshots"].get(list) && list.is_array()) {
    for (json::Element s : list.get_array()) {
      TRIB_ASSIGN_OR_RETURN(auto snapshot, ParseSnapshot(s));
      m.snapshots.push_back(std::move(snapshot));
    }
  }
  if (m.current_snapshot_id && !m.SnapshotById(*m.current_snapshot_id)) {
    return Status::Corruption("current-snapshot-id {} is not among the snapshots", *m.current_snapshot_id);
  }
  if (!root.get_object()["snapshot-log"].get(list) && list.is_array()) {
    for (json::Element e : list.get_array()) {
      SnapshotLogEntry entry;
      TRIB_ASSIGN_OR_RETURN(entry.snapshot_id, json::Int(e, "snapshot-id"));
      TRIB_ASSIGN_OR_RETURN(entry.timestamp_ms, json::Int(e, "timestamp-ms"));
      m.snapshot_log.push_back(entry);
    }
  }
  if (!root.get_object()["metadata-log"].get(list) && list.is_array()) {
    for (json::Element e : list.get_array()) {
      MetadataLogEntry entry;
      TRIB_ASSIGN_OR_RETURN(entry.metadata_file, json::String(e, "metadata-file"));
      TRIB_ASSIGN_OR_RETURN(entry.timestamp_ms, json::Int(e, "timestamp-ms"));
      m.metadata_log.push_back(std::move(entry));
    }
  }
  json::Element refs;
  if (!root.get_object()["refs"].get(refs) && refs.is_object()) {
    for (auto [name, value] : refs.get_object()) {
      SnapshotRef ref;
      TRIB_ASSIGN_OR_RETURN(ref.snapshot_id, json::Int(value, "snapshot-id"));
      TRIB_ASSIGN_OR_RETURN(ref.type, json::String(value, "type"));
      m.refs[std::string(name)] = ref;
    }
  }
  if (m.current_snapshot_id && !m.refs.count("main")) m.refs["main"] = SnapshotRef{*m.current_snapshot_id, "branch"};
  return m;
}

const std::shared_ptr<const Schema>& TableMetadata::current_schema() const {
  for (const auto& s : schemas) {
    if (s->schema_id() == current_schema_id) return s;
  }
  return schemas.back();  // unreachable for validated metadata
}

std::shared_ptr<const Schema> TableMetadata::SchemaById(int32_t schema_id) const {
  for (const auto& s : schemas) {
    if (s->schema_id() == schema_id) return s;
  }
  return nullptr;
}

const std::shared_ptr<const PartitionSpec>& TableMetadata::default_spec() const {
  for (const auto& s : specs) {
    if (s->spec_id() == default_spec_id) return s;
  }
  return specs.back();  // unreachable for validated metadata
}

std::shared_ptr<const PartitionSpec> TableMetadata::SpecById(int32_t spec_id) const {
  for (const auto& s : specs) {
    if (s->spec_id() == spec_id) return s;
  }
  return nullptr;
}

std::shared_ptr<const SortOrder> TableMetadata::default_sort_order() const {
  for (const auto& o : sort_orders) {
    if (o->order_id() == default_sort_order_id) return o;
  }
  return SortOrder::Unsorted();
}

std::shared_ptr<const Snapshot> TableMetadata::current_snapshot() const {
  return current_snapshot_id ? SnapshotById(*current_snapshot_id) : nullptr;
}

std::shared_ptr<const Snapshot> TableMetadata::SnapshotById(int64_t snapshot_id) const {
  for (const auto& s : snapshots) {
    if (s->snapshot_id == snapshot_id) return s;
  }
  return nullptr;
}

Result<std::shared_ptr<const Snapshot>> TableMetadata::SnapshotAsOf(int64_t timestamp_ms) const {
  std::optional<int64_t> found;
  for (const SnapshotLogEntry& e : snapshot_log) {
    if (e.timestamp_ms <= timestamp_ms) found = e.snapshot_id;
  }
  if (!found) return Status::NotFound("table has no snapshot at or before {} ms", timestamp_ms);
  auto s = SnapshotById(*found);
  if (!s) return Status::NotFound("snapshot {} current at {} ms has been expired", *found, timestamp_ms);
  return s;
}

std::vector<std::shared_ptr<const Snapshot>> TableMetadata::Ancestors(int64_t snapshot_id) const {
  std::vector<std::shared_ptr<const Snapshot>> out;
  auto s = SnapshotById(snapshot_id);
  while (s && out.size() <= snapshots.size()) {
    out.push_back(s);
    if (!s->parent_snapshot_id) break;
    s = SnapshotById(*s->parent_snapshot_id);
  }
  return out;
}

std::vector<std::shared_ptr<const Snapshot>> TableMetadata::History() const {
  if (!current_snapshot_id) return {};
  return Ancestors(*current_snapshot_id);
}

Result<std::shared_ptr<const TableMetadata>> ReadTableMetadata(const std::string& path) {
  TRIB_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  auto m = TableMetadata::FromJson(text);
  if (!m.ok()) return m.status().WithContext(path);
  return std::make_shared<const TableMetadata>(std::move(m).value());
}

std::string NewMetadataPath(const std::string& location, int64_t version) {
  return fmt::format("{}/metadata/v{}-{}.metadata.json", location, version, NewUuid());
}

int64_t MetadataVersionOf(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (!name.starts_with("v")) return 0;
  int64_t v = 0;
  auto r = std::from_chars(name.data() + 1, name.data() + name.size(), v);
  if (r.ec != std::errc() || r.ptr == name.data() + name.size() || *r.ptr != '-') return 0;
  return v;
}

std::string_view IcebergCodecName(parquet::Codec codec) {
  switch (codec) {
    case parquet::Codec::kUncompressed: return "uncompressed";
    case parquet::Codec::kSnappy: return "snappy";
    case parquet::Codec::kGzip: return "gzip";
    case parquet::Codec::kZstd: return "zstd";
    case parquet::Codec::kLz4Raw: return "lz4";
  }
  return "zstd";
}

}  // namespace tributary::iceberg
