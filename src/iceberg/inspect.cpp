#include "iceberg/inspect.hpp"

#include <algorithm>
#include <set>

#include "iceberg/table_scan.hpp"

namespace tributary::iceberg {

std::vector<SnapshotInfo> InspectSnapshots(const TableMetadata& metadata) {
  std::vector<SnapshotInfo> out;
  for (const auto& s : metadata.snapshots) {
    SnapshotInfo info;
    info.snapshot_id = s->snapshot_id;
    info.parent_snapshot_id = s->parent_snapshot_id;
    info.sequence_number = s->sequence_number;
    info.timestamp_ms = s->timestamp_ms;
    info.operation = s->operation();
    info.summary = s->summary;
    info.manifest_list = s->manifest_list;
    info.is_current = metadata.current_snapshot_id == s->snapshot_id;
    out.push_back(std::move(info));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const SnapshotInfo& a, const SnapshotInfo& b) { return a.sequence_number < b.sequence_number; });
  return out;
}

Result<std::vector<FileInfo>> InspectFiles(const TableMetadata& metadata, std::optional<int64_t> snapshot_id) {
  ScanRequest request;
  request.snapshot_id = snapshot_id;
  TRIB_ASSIGN_OR_RETURN(ScanPlan plan, PlanFiles(metadata, request));
  const Schema& schema = *metadata.current_schema();
  std::vector<FileInfo> out;
  for (const PlannedFile& pf : plan.files) {
    const DataFile& f = *pf.file;
    FileInfo info;
    info.path = f.path;
    info.spec_id = f.spec_id;
    info.record_count = f.record_count;
    info.file_size_in_bytes = f.file_size_in_bytes;
    info.sequence_number = pf.sequence_number;
    if (auto spec = metadata.SpecById(f.spec_id)) {
      info.partition_path = spec->PartitionPath(f.partition);
      for (size_t i = 0; i < spec->fields().size() && i < f.partition.size(); i++) {
        info.partition_values.emplace_back(spec->fields()[i].name,
                                           spec->fields()[i].transform.ToHumanString(f.partition[i]));
      }
    }
    std::set<int32_t> ids;
    for (const auto* m : {&f.column_sizes, &f.value_counts, &f.null_value_counts}) {
      for (const auto& [id, _] : *m) ids.insert(id);
    }
    for (const auto* m : {&f.lower_bounds, &f.upper_bounds}) {
      for (const auto& [id, _] : *m) ids.insert(id);
    }
    auto column = [&](int32_t id) {
      ColumnInfo c;
      c.field_id = id;
      if (const SchemaField* field = schema.FindField(id)) c.name = field->name;
      if (auto it = f.lower_bounds.find(id); it != f.lower_bounds.end()) c.lower_bound = it->second.ToString();
      if (auto it = f.upper_bounds.find(id); it != f.upper_bounds.end()) c.upper_bound = it->second.ToString();
      if (auto it = f.null_value_counts.find(id); it != f.null_value_counts.end()) c.null_count = it->second;
      if (auto it = f.value_counts.find(id); it != f.value_counts.end()) c.value_count = it->second;
      if (auto it = f.column_sizes.find(id); it != f.column_sizes.end()) c.size_bytes = it->second;
      return c;
    };
    for (const SchemaField& field : schema.fields()) {
      if (ids.erase(field.id)) info.columns.push_back(column(field.id));
    }
    for (int32_t id : ids) info.columns.push_back(column(id));
    out.push_back(std::move(info));
  }
  std::sort(out.begin(), out.end(), [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; });
  return out;
}

}  // namespace tributary::iceberg
