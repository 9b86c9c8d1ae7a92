#include "main/layout_clause.hpp"

namespace tributary::sql {

namespace {

std::string FieldName(const iceberg::Schema& schema, int32_t id) {
  const iceberg::SchemaField* f = schema.FindField(id);
  return f ? f->name : "#" + std::to_string(id);
}

}  // namespace

std::string LayoutClause(const iceberg::TableMetadata& metadata) {
  const iceberg::Schema& schema = *metadata.current_schema();
  std::string partition, granularity;
  const auto& fields = metadata.default_spec()->fields();
  if (fields.size() == 1) {
    const std::string transform = fields[0].transform.ToString();
    const std::string column = FieldName(schema, fields[0].source_id);
    if (transform == "identity") {
      partition = "PARTITION BY LIST (" + column + ")";
      granularity = "identity";
    } else if (transform == "day" || transform == "month" || transform == "year" || transform == "hour") {
      partition = "PARTITION BY RANGE (" + column + ")";
      granularity = transform;
    }
  }
  if (!fields.empty() && partition.empty()) {
    // Not expressible as PARTITION BY: name the Iceberg transforms.
    partition = "PARTITIONED BY ICEBERG SPEC (";
    for (size_t i = 0; i < fields.size(); i++) {
      partition += (i ? ", " : "") + fields[i].transform.ToString() + "(" + FieldName(schema, fields[i].source_id) + ")";
    }
    partition += ")";
  }
  std::string cluster_by;
  if (auto order = metadata.default_sort_order(); order) {
    for (const auto& f : order->fields()) cluster_by += (cluster_by.empty() ? "" : ", ") + FieldName(schema, f.source_id);
  }
  std::string options;
  if (!granularity.empty()) options = "partition_granularity = '" + granularity + "'";
  if (!cluster_by.empty()) options += (options.empty() ? "" : ", ") + std::string("cluster_by = '") + cluster_by + "'";
  if (auto it = metadata.properties.find(std::string(iceberg::kParquetCodecProperty)); it != metadata.properties.end()) {
    options += (options.empty() ? "" : ", ") + std::string("compression = '") + it->second + "'";
  }
  std::string out = partition;
  if (!options.empty()) out += (out.empty() ? "" : " ") + std::string("WITH (") + options + ")";
  return out;
}

}  // namespace tributary::sql
