// Table::ExpireSnapshots: drop old snapshots, then the files only they used.
#include <set>

#include <unistd.h>

#include "common/crash_point.hpp"
#include "iceberg/manifest.hpp"
#include "iceberg/manifest_list.hpp"
#include "iceberg/table.hpp"

namespace tributary::iceberg {

namespace {

/// Files reachable from a set of snapshots.
struct Reachable {
  std::set<std::string> manifest_lists;
  std::set<std::string> manifests;
  std::set<std::string> live_data_files;  // added or existing in some snapshot
  std::set<std::string> any_data_files;   // any entry, tombstones included
};

/// Collects what `snapshots` reference. Missing files are tolerated when
/// `tolerate_missing` (a crashed expiration may have deleted some already).
Status Collect(const TableMetadata& m, const std::vector<std::shared_ptr<const Snapshot>>& snapshots,
               bool tolerate_missing, Reachable* out) {
  std::set<std::string> seen_manifests;
  for (const auto& s : snapshots) {
    out->manifest_lists.insert(s->manifest_list);
    auto list = ReadManifestList(s->manifest_list);
    if (!list.ok()) {
      if (tolerate_missing && list.status().IsNotFound()) continue;
      return list.status();
    }
    for (const ManifestFile& mf : *list) {
      out->manifests.insert(mf.manifest_path);
      if (!seen_manifests.insert(mf.manifest_path).second) continue;
      auto spec = m.SpecById(mf.partition_spec_id);
      if (!spec) return Status::Corruption("manifest '{}' uses unknown spec {}", mf.manifest_path, mf.partition_spec_id);
      auto entries = ReadManifest(mf, *m.current_schema(), *spec);
      if (!entries.ok()) {
        if (tolerate_missing && entries.status().IsNotFound()) continue;
        return entries.status();
      }
      for (const ManifestEntry& e : *entries) {
        out->any_data_files.insert(e.file.path);
        if (e.is_live()) out->live_data_files.insert(e.file.path);
      }
    }
  }
  return Status::OK();
}

}  // namespace

Result<ExpireResult> Table::ExpireSnapshots(const ExpireOptions& options) {
  if (!options.older_than_ms && !options.retain_last) {
    return Status::Invalid("expiring snapshots needs older_than_ms, retain_last or both");
  }
  if (options.retain_last && *options.retain_last < 1) {
    return Status::Invalid("retain_last must be at least 1 (got {})", *options.retain_last);
  }
  ExpireResult result;
  std::shared_ptr<const TableMetadata> before;
  std::vector<std::shared_ptr<const Snapshot>> expired;
  for (int attempt = 0;; attempt++) {
    TRIB_ASSIGN_OR_RETURN(Loaded base, LoadCurrent());
    const TableMetadata& m = *base.metadata;
    std::set<int64_t> retained;
    if (m.current_snapshot_id) retained.insert(*m.current_snapshot_id);
    auto history = m.History();
    if (options.retain_last) {
      for (size_t i = 0; i < history.size() && i < static_cast<size_t>(*options.retain_last); i++) {
        retained.insert(history[i]->snapshot_id);
      }
    }
    expired.clear();
    for (const auto& s : m.snapshots) {
      if (retained.count(s->snapshot_id)) continue;
      if (options.older_than_ms && s->timestamp_ms >= *options.older_than_ms) continue;
      expired.push_back(s);
    }
    if (expired.empty()) {
      result.metadata_location = base.location;
      return result;
    }
    std::set<int64_t> expired_ids;
    for (const auto& s : expired) expired_ids.insert(s->snapshot_id);
    TableMetadata next = m;
    std::erase_if(next.snapshots, [&](const auto& s) { return expired_ids.count(s->snapshot_id) > 0; });
    std::erase_if(next.snapshot_log, [&](const auto& e) { return expired_ids.count(e.snapshot_id) > 0; });
    auto swapped = WriteAndSwap(base, std::move(next));
    if (swapped.ok()) {
      result.metadata_location = *swapped;
      before = base.metadata;
      break;
    }
    if (!swapped.status().IsConflict() || attempt >= 20) return swapped.status();
    Backoff(attempt);
  }
  CrashPoint("expire.after-commit");
  for (const auto& s : expired) result.expired_snapshot_ids.push_back(s->snapshot_id);

  // What the retained snapshots need is judged from the metadata just
  // committed; a commit racing with us only adds files of its own.
  auto after = metadata();
  Reachable keep, drop;
  TRIB_RETURN_NOT_OK(Collect(*after, after->snapshots, false, &keep));
  TRIB_RETURN_NOT_OK(Collect(*before, expired, true, &drop));
  for (const std::string& path : drop.any_data_files) {
    if (keep.live_data_files.count(path)) continue;
    if (::unlink(path.c_str()) == 0) result.deleted_data_files++;
    CrashPoint("expire.after-delete-data-file");
  }
  for (const std::string& path : drop.manifests) {
    if (keep.manifests.count(path)) continue;
    if (::unlink(path.c_str()) == 0) result.deleted_manifests++;
    CrashPoint("expire.after-delete-manifest");
  }
  for (const std::string& path : drop.manifest_lists) {
    if (keep.manifest_lists.count(path)) continue;
    if (::unlink(path.c_str()) == 0) result.deleted_manifest_lists++;
    CrashPoint("expire.after-delete-manifest-list");
  }
  return result;
}

}  // namespace tributary::iceberg
