#include "storage/scan_estimate.hpp"

#include <set>

#include "iceberg/table_scan.hpp"

namespace tributary {

namespace {

struct FileCost {
  int64_t row_groups_total = 0;
  int64_t row_groups_kept = 0;
  int64_t bytes_total = 0;
  int64_t bytes_kept = 0;
};

Result<FileCost> CostOfFile(const iceberg::Schema& schema, const std::vector<int32_t>& field_ids,
                            const std::vector<ColumnPredicate>& predicates, const std::string& path) {
  TRIB_ASSIGN_OR_RETURN(auto reader, parquet::FileReader::Open(path));
  const auto& file_schema = reader->schema();
  std::vector<int> columns;
  for (int32_t id : field_ids) {
    for (size_t c = 0; c < file_schema.size(); c++) {
      if (file_schema[c].field_id == id) {
        columns.push_back(static_cast<int>(c));
        break;
      }
    }
  }
  FileCost cost;
  cost.row_groups_total = reader->num_row_groups();
  for (int g = 0; g < reader->num_row_groups(); g++) {
    for (int c : columns) cost.bytes_total += reader->column_chunk_bytes(g, c);
  }
  std::vector<int> kept = reader->PruneRowGroups(FilePredicates(schema, file_schema, predicates));
  cost.row_groups_kept = static_cast<int64_t>(kept.size());
  for (int g : kept) {
    for (int c : columns) cost.bytes_kept += reader->column_chunk_bytes(g, c);
  }
  return cost;
}

}  // namespace

Result<ScanEstimate> EstimateScan(const iceberg::Table& table, const TableReadOptions& options) {
  auto metadata = table.metadata();
  const iceberg::Schema& schema = *metadata->current_schema();
  iceberg::ScanRequest request;
  TRIB_ASSIGN_OR_RETURN(request.snapshot_id, SnapshotToRead(table, options));
  TRIB_ASSIGN_OR_RETURN(iceberg::ScanPlan all, table.PlanFiles(request));
  request.predicates = options.predicates;
  TRIB_ASSIGN_OR_RETURN(iceberg::ScanPlan kept, table.PlanFiles(request));

  std::vector<int32_t> field_ids;
  if (options.columns.empty()) {
    for (const auto& f : schema.fields()) field_ids.push_back(f.id);
  } else {
    for (const auto& name : options.columns) {
      const iceberg::SchemaField* f = schema.FindField(name);
      if (!f) return Status::NotFound("column '{}' does not exist", name);
      field_ids.push_back(f->id);
    }
  }

  ScanEstimate e;
  std::set<std::string> partitions_total, partitions_kept, kept_paths;
  for (const auto& f : kept.files) {
    partitions_kept.insert(PartitionKey(*f.file));
    kept_paths.insert(f.file->path);
  }
  e.files_kept = static_cast<int64_t>(kept.files.size());
  e.files_total = static_cast<int64_t>(all.files.size());
  for (const auto& f : all.files) {
    partitions_total.insert(PartitionKey(*f.file));
    const bool is_kept = kept_paths.count(f.file->path) > 0;
    TRIB_ASSIGN_OR_RETURN(FileCost cost, CostOfFile(schema, field_ids, is_kept ? options.predicates
                                                                             : std::vector<ColumnPredicate>{},
                                                    f.file->path));
    e.row_groups_total += cost.row_groups_total;
    e.bytes_total += cost.bytes_total;
    if (is_kept) {
      e.row_groups_kept += cost.row_groups_kept;
      e.bytes_kept += cost.bytes_kept;
    }
  }
  e.partitions_total = static_cast<int64_t>(partitions_total.size());
  e.partitions_kept = static_cast<int64_t>(partitions_kept.size());

  // The leading cluster key's value range over the files to read.
  auto order = metadata->default_sort_order();
  if (order && !order->fields().empty()) {
    int32_t id = order->fields()[0].source_id;
    if (const iceberg::SchemaField* field = schema.FindField(id)) {
      e.cluster_column = field->name;
      for (const auto& f : kept.files) {
        auto lo = f.file->lower_bounds.find(id);
        auto hi = f.file->upper_bounds.find(id);
        if (lo != f.file->lower_bounds.end() && (!e.cluster_min || lo->second.Compare(*e.cluster_min) < 0)) {
          e.cluster_min = lo->second;
        }
        if (hi != f.file->upper_bounds.end() && (!e.cluster_max || hi->second.Compare(*e.cluster_max) > 0)) {
          e.cluster_max = hi->second;
        }
      }
    }
  }
  return e;
}

}  // namespace tributary
