// Data commits: append, dynamic partition overwrite, replace files.
#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include <unistd.h>

#include "common/crash_point.hpp"
#include "iceberg/manifest.hpp"
#include "iceberg/manifest_list.hpp"
#include "iceberg/table.hpp"
#include "iceberg/uuid.hpp"

namespace tributary::iceberg {

namespace {

enum class CommitKind : uint8_t { kAppend, kOverwritePartitions, kReplace };

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Identifies a partition across files: spec id and the exact tuple (NULL
/// distinct from the string "null").
std::string PartitionKey(const DataFile& f) {
  std::string key = std::to_string(f.spec_id);
  for (const Value& v : f.partition) {
    key += '\0';
    key += v.is_null() ? std::string("\1") : "\2" + v.ToString();
  }
  return key;
}

std::string PartitionName(const TableMetadata& m, const DataFile& f) {
  auto spec = m.SpecById(f.spec_id);
  std::string path = spec ? spec->PartitionPath(f.partition) : "";
  return path.empty() ? "(unpartitioned)" : path;
}

void RemoveFiles(const std::vector<std::string>& paths) {
  for (const auto& p : paths) ::unlink(p.c_str());
}

/// A file a snapshot added or deleted.
struct FileChange {
  ManifestEntryStatus status;
  DataFile file;
};

/// The files `snapshot` itself added or deleted (entries it wrote).
Result<std::vector<FileChange>> ChangesOf(const TableMetadata& m, const Snapshot& snapshot) {
  TRIB_ASSIGN_OR_RETURN(auto manifests, ReadManifestList(snapshot.manifest_list));
  std::vector<FileChange> out;
  for (const ManifestFile& mf : manifests) {
    if (mf.added_snapshot_id != snapshot.snapshot_id) continue;
    auto spec = m.SpecById(mf.partition_spec_id);
    if (!spec) return Status::Corruption("manifest '{}' uses unknown spec {}", mf.manifest_path, mf.partition_spec_id);
    TRIB_ASSIGN_OR_RETURN(auto entries, ReadManifest(mf, *m.current_schema(), *spec));
    for (ManifestEntry& e : entries) {
      if (e.snapshot_id == snapshot.snapshot_id && e.status != ManifestEntryStatus::kExisting) {
        out.push_back(FileChange{e.status, std::move(e.file)});
      }
    }
  }
  return out;
}

}  // namespace

/// Builds and commits one data snapshot, retrying on concurrent commits
/// that do not conflict with it.
class TableCommitter {
 public:
  TableCommitter(Table& table, CommitKind kind) : table_(table), kind_(kind) {}

  Result<CommitResult> Run(std::vector<DataFile> add, std::vector<std::string> remove, const CommitOptions& options,
                           std::optional<int64_t> base_snapshot_id, IsolationLevel isolation, std::string operation) {
    add_ = std::move(add);
    remove_ = std::move(remove);
    options_ = options;
    isolation_ = isolation;
    operation_ = std::move(operation);
    snapshot_id_ = NewSnapshotId();

    TRIB_ASSIGN_OR_RETURN(Table::Loaded start, table_.LoadCurrent());
    if (auto done = AlreadyCommitted(*start.metadata)) return *done;
    TRIB_RETURN_NOT_OK(ValidateAddedFiles(*start.metadata));
    if (base_snapshot_id) {
      if (!start.metadata->SnapshotById(*base_snapshot_id)) {
        return Status::Conflict("table {}: base snapshot {} is no longer in the table's history", table_.name(),
                                *base_snapshot_id);
      }
      origin_ = base_snapshot_id;
    } else {
      origin_ = start.metadata->current_snapshot_id;
    }
    std::vector<std::string> removable_on_failure;
    auto added = WriteAddedManifests(*start.metadata);
    if (!added.ok()) return added.status();
    added_manifests_ = std::move(added).value();
    for (const auto& m : added_manifests_) removable_on_failure.push_back(m.manifest_path);

    for (int attempt = 0;; attempt++) {
      Table::Loaded base = start;
      if (attempt > 0) {
        auto fresh = table_.LoadCurrent();
        if (!fresh.ok()) {
          RemoveFiles(removable_on_failure);
          return fresh.status();
        }
        base = std::move(fresh).value();
        if (auto done = AlreadyCommitted(*base.metadata)) {
          RemoveFiles(removable_on_failure);
          return *done;
        }
      }
      std::vector<std::string> attempt_files;
      auto result = Attempt(base, attempt, &attempt_files);
      if (result.ok()) return result;
      // Any other failure may have happened after the pointer moved (an
      // ambiguous CAS), so its files stay: at worst they are orphans.
      if (!result.status().IsConflict()) return result.status();
      // Conflict: definitely not committed.
      RemoveFiles(attempt_files);
      if (!retryable_ || attempt >= options_.max_retries) {
        RemoveFiles(removable_on_failure);
        return result.status();
      }
      Table::Backoff(attempt);
    }
  }

 private:
  std::optional<CommitResult> AlreadyCommitted(const TableMetadata& m) const {
    if (options_.idempotency_key.empty()) return std::nullopt;
    for (const auto& s : m.History()) {
      auto it = s->summary.find(summary::kIdempotencyKey);
      if (it != s->summary.end() && it->second == options_.idempotency_key) {
        CommitResult r;
        r.snapshot_id = s->snapshot_id;
        r.already_committed = true;
        r.metadata_location = table_.metadata_location();
        return r;
      }
    }
    return std::nullopt;
  }

  Status ValidateAddedFiles(const TableMetadata& m) const {
    std::set<std::string> paths;
    for (const DataFile& f : add_) {
      if (f.path.empty() || f.path[0] != '/') return Status::Invalid("data file path '{}' must be absolute", f.path);
      if (!paths.insert(f.path).second) return Status::Invalid("data file '{}' is added twice", f.path);
      if (f.content != FileContent::kData) return Status::NotSupported("only data files can be committed ('{}')", f.path);
      if (f.record_count < 0 || f.file_size_in_bytes < 0) return Status::Invalid("data file '{}' has negative counts", f.path);
      auto spec = m.SpecById(f.spec_id);
      if (!spec) return Status::Invalid("data file '{}' uses unknown partition spec {}", f.path, f.spec_id);
      if (f.partition.size() != spec->fields().size()) {
        return Status::Invalid("data file '{}' has {} partition values; spec {} has {} fields", f.path,
                               f.partition.size(), f.spec_id, spec->fields().size());
      }
    }
    return Status::OK();
  }

  std::string NewManifestPath(const TableMetadata& m) {
    return fmt::format("{}/metadata/{}-m{}.avro", m.location, NewUuid(), manifest_counter_++);
  }

  /// One manifest per spec for the new files; sequence numbers are left to
  /// inheritance, so the manifests are reused across CAS attempts.
  Result<std::vector<ManifestFile>> WriteAddedManifests(const TableMetadata& m) {
    std::map<int32_t, std::vector<ManifestEntry>> by_spec;
    for (const DataFile& f : add_) {
      ManifestEntry e;
      e.status = ManifestEntryStatus::kAdded;
      e.snapshot_id = snapshot_id_;
      e.file = f;
      by_spec[f.spec_id].push_back(std::move(e));
    }
    std::vector<ManifestFile> out;
    for (auto& [spec_id, entries] : by_spec) {
      auto written = WriteManifest(NewManifestPath(m), *m.current_schema(), *m.SpecById(spec_id), snapshot_id_, 0,
                                   entries);
      if (!written.ok()) {
        for (const auto& mf : out) ::unlink(mf.manifest_path.c_str());
        return written.status();
      }
      out.push_back(std::move(written).value());
      CrashPoint("commit.after-manifest");
    }
    return out;
  }

  /// Snapshots committed since the origin snapshot, oldest first.
  Result<std::vector<std::shared_ptr<const Snapshot>>> ConcurrentSnapshots(const TableMetadata& m) const {
    std::vector<std::shared_ptr<const Snapshot>> out;
    bool found_origin = !origin_;
    for (const auto& s : m.History()) {
      if (origin_ && s->snapshot_id == *origin_) {
        found_origin = true;
        break;
      }
      out.push_back(s);
    }
    if (!found_origin) {
      return Status::Conflict("table {}: snapshot {} this operation is based on is no longer in the history",
                              table_.name(), *origin_);
    }
    std::reverse(out.begin(), out.end());
    return out;
  }

  Result<CommitResult> Attempt(const Table::Loaded& base, int attempt, std::vector<std::string>* written) {
    retryable_ = true;
    const TableMetadata& m = *base.metadata;
    auto parent = m.current_snapshot();
    const int64_t sequence_number = m.last_sequence_number + 1;

    std::vector<ManifestFile> manifests;
    for (ManifestFile mf : added_manifests_) {
      mf.sequence_number = sequence_number;
      mf.min_sequence_number = sequence_number;
      manifests.push_back(std::move(mf));
    }
    int64_t deleted_files = 0, deleted_records = 0, removed_size = 0;
    std::set<std::string> changed_partitions;
    for (const DataFile& f : add_) changed_partitions.insert(PartitionKey(f));

    std::vector<ManifestFile> parent_manifests;
    if (parent) {
      TRIB_ASSIGN_OR_RETURN(parent_manifests, ReadManifestList(parent->manifest_list));
    }
    if (kind_ == CommitKind::kAppend) {
      for (const ManifestFile& mf : parent_manifests) manifests.push_back(mf);
    } else {
      // Which live files go, and is that still consistent with what the
      // operation read?
      std::set<std::string> touched;  // partitions whose files are replaced / read
      if (kind_ == CommitKind::kOverwritePartitions) touched = changed_partitions;
      std::set<std::string> to_remove(remove_.begin(), remove_.end());
      std::set<std::string> found;
      struct Loaded {
        ManifestFile manifest;
        std::vector<ManifestEntry> entries;
        bool rewrite = false;
      };
      std::vector<Loaded> loaded;
      for (const ManifestFile& mf : parent_manifests) {
        auto spec = m.SpecById(mf.partition_spec_id);
        if (!spec) return Status::Corruption("manifest '{}' uses unknown spec {}", mf.manifest_path, mf.partition_spec_id);
        TRIB_ASSIGN_OR_RETURN(auto entries, ReadManifest(mf, *m.current_schema(), *spec));
        Loaded l{mf, std::move(entries), false};
        for (const ManifestEntry& e : l.entries) {
          if (!e.is_live()) continue;
          bool remove = kind_ == CommitKind::kReplace ? to_remove.count(e.file.path) > 0
                                                      : touched.count(PartitionKey(e.file)) > 0;
          if (remove) {
            l.rewrite = true;
            found.insert(e.file.path);
            if (kind_ == CommitKind::kReplace) touched.insert(PartitionKey(e.file));
          }
        }
        loaded.push_back(std::move(l));
      }
      TRIB_ASSIGN_OR_RETURN(auto concurrent, ConcurrentSnapshots(m));
      if (kind_ == CommitKind::kReplace) {
        for (const std::string& path : remove_) {
          if (found.count(path)) continue;
          retryable_ = false;
          TRIB_ASSIGN_OR_RETURN(auto remover, FindRemover(m, concurrent, path));
          if (remover) {
            return Status::Conflict("table {}: cannot remove data file '{}': concurrent snapshot {} already removed it",
                                    table_.name(), path, *remover);
          }
          return Status::Conflict("table {}: cannot remove data file '{}': it is not a live file of snapshot {}",
                                  table_.name(), path, parent ? std::to_string(parent->snapshot_id) : "(none)");
        }
      }
      const bool check_partitions =
          kind_ == CommitKind::kOverwritePartitions || isolation_ == IsolationLevel::kSerializable;
      if (check_partitions && !touched.empty()) {
        for (const auto& s : concurrent) {
          TRIB_ASSIGN_OR_RETURN(auto changes, ChangesOf(m, *s));
          for (const FileChange& c : changes) {
            // Under serializable replace, only concurrently added rows matter:
            // removals of other files there were validated above.
            if (kind_ == CommitKind::kReplace && c.status != ManifestEntryStatus::kAdded) continue;
            if (!touched.count(PartitionKey(c.file))) continue;
            retryable_ = false;
            return Status::Conflict("table {}: partition {} was changed by concurrent snapshot {} ({} data file '{}')",
                                    table_.name(), PartitionName(m, c.file), s->snapshot_id,
                                    c.status == ManifestEntryStatus::kAdded ? "added" : "removed", c.file.path);
          }
        }
      }
      for (Loaded& l : loaded) {
        if (!l.rewrite) {
          manifests.push_back(l.manifest);
          continue;
        }
        std::vector<ManifestEntry> entries;
        for (ManifestEntry& e : l.entries) {
          if (!e.is_live()) continue;  // tombstones of older snapshots are dropped
          const bool remove = found.count(e.file.path) > 0;
          if (remove) {
            e.status = ManifestEntryStatus::kDeleted;
            e.snapshot_id = snapshot_id_;
            deleted_files++;
            deleted_records += e.file.record_count;
            removed_size += e.file.file_size_in_bytes;
            changed_partitions.insert(PartitionKey(e.file));
          } else {
            e.status = ManifestEntryStatus::kExisting;
          }
          entries.push_back(std::move(e));
        }
        const std::string path = NewManifestPath(m);
        auto mf = WriteManifest(path, *m.current_schema(), *m.SpecById(l.manifest.partition_spec_id), snapshot_id_,
                                sequence_number, entries);
        if (!mf.ok()) {
          ::unlink(path.c_str());
          return mf.status();
        }
        written->push_back(path);
        CrashPoint("commit.after-manifest");
        manifests.push_back(std::move(mf).value());
      }
    }

    const std::string list_path =
        fmt::format("{}/metadata/snap-{}-{}-{}.avro", m.location, snapshot_id_, attempt + 1, NewUuid());
    auto list = WriteManifestList(list_path, snapshot_id_, parent ? std::optional(parent->snapshot_id) : std::nullopt,
                                  sequence_number, manifests);
    written->push_back(list_path);
    if (!list.ok()) return list.status();
    CrashPoint("commit.after-manifest-list");

    auto snapshot = std::make_shared<Snapshot>();
    snapshot->snapshot_id = snapshot_id_;
    if (parent) snapshot->parent_snapshot_id = parent->snapshot_id;
    snapshot->sequence_number = sequence_number;
    snapshot->timestamp_ms = std::max(NowMs(), parent ? parent->timestamp_ms : 0);
    snapshot->manifest_list = list_path;
    snapshot->schema_id = m.current_schema_id;
    int64_t added_records = 0, added_size = 0;
    for (const DataFile& f : add_) {
      added_records += f.record_count;
      added_size += f.file_size_in_bytes;
    }
    auto& sum = snapshot->summary;
    for (const auto& [k, v] : options_.summary) sum[k] = v;
    sum[summary::kOperation] = OperationName(added_records, deleted_records);
    sum[summary::kAddedDataFiles] = std::to_string(add_.size());
    sum[summary::kDeletedDataFiles] = std::to_string(deleted_files);
    sum[summary::kAddedRecords] = std::to_string(added_records);
    sum[summary::kDeletedRecords] = std::to_string(deleted_records);
    sum[summary::kAddedFilesSize] = std::to_string(added_size);
    sum[summary::kRemovedFilesSize] = std::to_string(removed_size);
    sum[summary::kChangedPartitionCount] = std::to_string(changed_partitions.size());
    auto total = [&](const char* key, int64_t delta) {
      sum[key] = std::to_string((parent ? parent->SummaryInt(key) : 0) + delta);
    };
    total(summary::kTotalRecords, added_records - deleted_records);
    total(summary::kTotalFilesSize, added_size - removed_size);
    total(summary::kTotalDataFiles, static_cast<int64_t>(add_.size()) - deleted_files);
    total(summary::kTotalDeleteFiles, 0);
    total(summary::kTotalPositionDeletes, 0);
    total(summary::kTotalEqualityDeletes, 0);
    if (!options_.idempotency_key.empty()) sum[summary::kIdempotencyKey] = options_.idempotency_key;

    TableMetadata next = m;
    next.snapshots.push_back(snapshot);
    next.current_snapshot_id = snapshot_id_;
    next.refs["main"] = SnapshotRef{snapshot_id_, "branch"};
    next.last_sequence_number = sequence_number;
    next.snapshot_log.push_back(SnapshotLogEntry{snapshot_id_, snapshot->timestamp_ms});
    TRIB_ASSIGN_OR_RETURN(std::string location, table_.WriteAndSwap(base, std::move(next)));
    CommitResult r;
    r.snapshot_id = snapshot_id_;
    r.metadata_location = location;
    r.attempts = attempt + 1;
    return r;
  }

  std::string OperationName(int64_t added_records, int64_t deleted_records) const {
    switch (kind_) {
      case CommitKind::kAppend: return operation::kAppend;
      case CommitKind::kOverwritePartitions: return operation::kOverwrite;
      case CommitKind::kReplace:
        if (!operation_.empty()) return operation_;
        if (add_.empty()) return operation::kDelete;
        return added_records == deleted_records ? operation::kReplace : operation::kOverwrite;
    }
    return operation::kOverwrite;
  }

  /// The concurrent snapshot that deleted `path`, if one did.
  Result<std::optional<int64_t>> FindRemover(const TableMetadata& m,
                                             const std::vector<std::shared_ptr<const Snapshot>>& concurrent,
                                             const std::string& path) const {
    for (const auto& s : concurrent) {
      TRIB_ASSIGN_OR_RETURN(auto changes, ChangesOf(m, *s));
      for (const FileChange& c : changes) {
        if (c.status == ManifestEntryStatus::kDeleted && c.file.path == path) return std::optional(s->snapshot_id);
      }
    }
    return std::optional<int64_t>();
  }

  Table& table_;
  CommitKind kind_;
  std::vector<DataFile> add_;
  std::vector<std::string> remove_;
  CommitOptions options_;
  IsolationLevel isolation_ = IsolationLevel::kSerializable;
  std::string operation_;
  int64_t snapshot_id_ = 0;
  std::optional<int64_t> origin_;
  std::vector<ManifestFile> added_manifests_;
  int manifest_counter_ = 0;
  bool retryable_ = true;  // false once a conflict with committed data is proven
};

Result<CommitResult> Table::Append(std::vector<DataFile> files, const CommitOptions& options) {
  return TableCommitter(*this, CommitKind::kAppend)
      .Run(std::move(files), {}, options, std::nullopt, IsolationLevel::kSnapshot, "");
}

Result<CommitResult> Table::OverwritePartitions(std::vector<DataFile> files, const OverwriteOptions& options) {
  return TableCommitter(*this, CommitKind::kOverwritePartitions)
      .Run(std::move(files), {}, options, options.base_snapshot_id, IsolationLevel::kSerializable, "");
}

Result<CommitResult> Table::ReplaceFiles(const std::vector<std::string>& remove_paths, std::vector<DataFile> add,
                                         const ReplaceOptions& options) {
  std::set<std::string> unique(remove_paths.begin(), remove_paths.end());
  if (unique.size() != remove_paths.size()) return Status::Invalid("a data file is listed twice for removal");
  for (const DataFile& f : add) {
    if (unique.count(f.path)) return Status::Invalid("data file '{}' is both removed and added", f.path);
  }
  return TableCommitter(*this, CommitKind::kReplace)
      .Run(std::move(add), remove_paths, options, options.base_snapshot_id, options.isolation, options.operation);
}

}  // namespace tributary::iceberg
