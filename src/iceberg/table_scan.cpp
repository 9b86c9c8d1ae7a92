#include "iceberg/table_scan.hpp"

#include "iceberg/manifest_cache.hpp"
#include "iceberg/single_value.hpp"

namespace tributary::iceberg {

namespace {

/// False when a manifest's partition summaries prove none of its files can
/// satisfy `projected` (predicates on partition field ids).
bool ManifestMayMatch(const ManifestFile& manifest, const PartitionSpec& spec, const std::vector<IcebergType>& types,
                      const std::vector<LogicalType>& logical, const std::vector<ColumnPredicate>& projected) {
  if (manifest.partitions.size() != spec.fields().size()) return true;  // no usable summary
  for (const ColumnPredicate& p : projected) {
    for (size_t i = 0; i < spec.fields().size(); i++) {
      if (spec.fields()[i].field_id != p.column) continue;
      const PartitionFieldSummary& s = manifest.partitions[i];
      ColumnStatistics stats;
      if (!s.contains_null) stats.null_count = 0;
      if (s.lower_bound) {
        auto v = DeserializeSingleValue(*s.lower_bound, types[i], logical[i]);
        if (v.ok()) stats.min = std::move(v).value();
      }
      if (s.upper_bound) {
        auto v = DeserializeSingleValue(*s.upper_bound, types[i], logical[i]);
        if (v.ok()) stats.max = std::move(v).value();
      }
      if (!MayMatch(p, stats)) return false;
    }
  }
  return true;
}

}  // namespace

Result<std::vector<std::shared_ptr<const ManifestEntry>>> ReadLiveEntries(const TableMetadata& metadata,
                                                                         const Snapshot& snapshot) {
  TRIB_ASSIGN_OR_RETURN(auto manifests, ReadManifestList(snapshot.manifest_list));
  std::vector<std::shared_ptr<const ManifestEntry>> out;
  const Schema& schema = *metadata.current_schema();
  for (const ManifestFile& m : manifests) {
    auto spec = metadata.SpecById(m.partition_spec_id);
    if (!spec) return Status::Corruption("manifest '{}' uses unknown partition spec {}", m.manifest_path, m.partition_spec_id);
    TRIB_ASSIGN_OR_RETURN(SharedManifest entries, ManifestCache::Global().Read(m, schema, *spec));
    for (const ManifestEntry& e : *entries) {
      if (e.is_live()) out.emplace_back(entries, &e);
    }
  }
  return out;
}

Result<ScanPlan> PlanFiles(const TableMetadata& metadata, const ScanRequest& request) {
  ScanPlan plan;
  if (request.snapshot_id) {
    plan.snapshot = metadata.SnapshotById(*request.snapshot_id);
    if (!plan.snapshot) return Status::NotFound("snapshot {} does not exist (or has been expired)", *request.snapshot_id);
  } else {
    plan.snapshot = metadata.current_snapshot();
  }
  plan.schema = metadata.current_schema();
  if (!plan.snapshot) return plan;
  if (plan.snapshot->schema_id) {
    if (auto s = metadata.SchemaById(*plan.snapshot->schema_id)) plan.schema = s;
  }
  // Bounds decode with the current schema: it knows every live field id and
  // its widest type.
  const Schema& schema = *metadata.current_schema();
  TRIB_ASSIGN_OR_RETURN(auto manifests, ReadManifestList(plan.snapshot->manifest_list));
  for (const ManifestFile& m : manifests) {
    plan.manifests_total++;
    auto spec = metadata.SpecById(m.partition_spec_id);
    if (!spec) return Status::Corruption("manifest '{}' uses unknown partition spec {}", m.manifest_path, m.partition_spec_id);
    std::vector<ColumnPredicate> projected = spec->Project(request.predicates);
    if (!projected.empty()) {
      TRIB_ASSIGN_OR_RETURN(auto types, spec->ResultTypes(schema));
      TRIB_ASSIGN_OR_RETURN(auto logical, spec->ResultLogicalTypes(schema));
      if (!ManifestMayMatch(m, *spec, types, logical, projected)) {
        plan.manifests_skipped++;
        continue;
      }
    }
    TRIB_ASSIGN_OR_RETURN(SharedManifest entries, ManifestCache::Global().Read(m, schema, *spec));
    for (const ManifestEntry& e : *entries) {
      if (!e.is_live()) continue;
      plan.files_total++;
      if (!spec->MayMatch(projected, e.file.partition)) {
        plan.files_skipped_by_partition++;
        continue;
      }
      bool may = true;
      for (const ColumnPredicate& p : request.predicates) {
        if (!MayMatch(p, e.file.Statistics(p.column))) {
          may = false;
          break;
        }
      }
      if (!may) {
        plan.files_skipped_by_stats++;
        continue;
      }
      plan.files.push_back(PlannedFile{std::shared_ptr<const DataFile>(entries, &e.file),
                                       e.sequence_number.value_or(m.sequence_number)});
    }
  }
  return plan;
}

}  // namespace tributary::iceberg
