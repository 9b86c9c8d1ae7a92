#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "iceberg/data_file.hpp"
#include "iceberg/schema_update.hpp"
#include "iceberg/table_metadata.hpp"
#include "iceberg/table_scan.hpp"

namespace tributary::iceberg {

/// Where a table's current metadata location is kept: the catalog row. A
/// commit is a compare-and-set of this pointer.
class TablePointer {
 public:
  virtual ~TablePointer() = default;
  /// The current metadata location; NotFound once the table is dropped.
  virtual Result<std::string> Load() = 0;
  /// Sets the pointer to `desired` iff it is still `expected`. Conflict when
  /// another commit moved it; the caller reloads and retries.
  virtual Status CompareAndSwap(const std::string& expected, const std::string& desired) = 0;
};

/// Options every commit takes.
struct CommitOptions {
  /// The load identity (pipeline, region, logical date, watermark…). When
  /// set, it is stored in the snapshot summary under
  /// summary::kIdempotencyKey, atomically with the data; committing a key
  /// that any snapshot in the current history carries is a no-op reporting
  /// already_committed.
  std::string idempotency_key;
  /// Extra snapshot summary entries (must not override the standard ones).
  std::map<std::string, std::string> summary;
  /// CAS attempts after the first before giving up with Conflict.
  int max_retries = 20;
};

struct CommitResult {
  int64_t snapshot_id = 0;        // new snapshot, or the original one when already_committed
  bool already_committed = false;  // the idempotency key was found; nothing was written
  std::string metadata_location;   // the metadata file current after the call
  int attempts = 0;                // CAS attempts made
};

/// How strictly ReplaceFiles validates against concurrent commits.
enum class IsolationLevel : uint8_t {
  /// Conflict when any removed file is no longer live, or when a concurrent
  /// commit added files to a partition this operation removes files from
  /// (those rows were not seen by the operation, e.g. by a MERGE).
  kSerializable,
  /// Conflict only when a removed file is no longer live (compaction).
  kSnapshot,
};

struct ReplaceOptions : CommitOptions {
  /// The snapshot the caller read when choosing files to remove; concurrent
  /// commits are those after it. Default: the current snapshot when the call
  /// starts.
  std::optional<int64_t> base_snapshot_id;
  IsolationLevel isolation = IsolationLevel::kSerializable;
  /// Snapshot operation; default "replace" when rows are preserved
  /// (compaction: added and removed record counts equal), else "overwrite"
  /// ("delete" when nothing is added).
  std::string operation;
};

struct OverwriteOptions : CommitOptions {
  /// See ReplaceOptions::base_snapshot_id.
  std::optional<int64_t> base_snapshot_id;
};

/// Which snapshots ExpireSnapshots removes. The current snapshot is never
/// expired. With both set, a snapshot is expired when it is older than
/// `older_than_ms` and not among the `retain_last` newest of the history.
struct ExpireOptions {
  std::optional<int64_t> older_than_ms;
  std::optional<int> retain_last;
};

struct ExpireResult {
  std::vector<int64_t> expired_snapshot_ids;
  int64_t deleted_data_files = 0;
  int64_t deleted_manifests = 0;
  int64_t deleted_manifest_lists = 0;
  std::string metadata_location;
};

/// A handle on one Iceberg table. Thread-safe; every operation starts from
/// the freshest committed metadata and commits with a compare-and-set of the
/// catalog pointer, retrying (bounded, with backoff) on concurrent commits
/// that do not conflict with it.
///
/// Commit steps, each followed by a crash point (docs/iceberg.md): write new
/// manifests, write the manifest list, write v<N+1> metadata durably, CAS
/// the pointer. A crash leaves the table at the old or new snapshot; files
/// of an unfinished commit are orphans, never referenced.
class Table {
 public:
  /// Loads the table the pointer designates. `name` is for messages.
  static Result<std::shared_ptr<Table>> Load(std::string name, std::shared_ptr<TablePointer> pointer);

  const std::string& name() const { return name_; }
  /// The metadata last loaded or committed by this handle.
  std::shared_ptr<const TableMetadata> metadata() const;
  std::string metadata_location() const;
  /// Reloads the current metadata from the catalog.
  Status Refresh();

  /// "<location>/data"; where data files are written.
  std::string DataDirectory() const;
  /// "<location>/data/<partition path>" (the data directory when empty).
  std::string PartitionDirectory(const std::string& partition_path) const;
  /// A fresh path "<location>/data/<partition path>/<uuid>.parquet".
  std::string NewDataFilePath(const std::string& partition_path) const;

  /// Adds files. Never conflicts with concurrent commits.
  Result<CommitResult> Append(std::vector<DataFile> files, const CommitOptions& options = {});
  /// Dynamic partition overwrite: removes every live file in the partitions
  /// (spec id + tuple) that `files` touch and adds `files`. Conflict when a
  /// concurrent commit added or removed files in one of those partitions.
  Result<CommitResult> OverwritePartitions(std::vector<DataFile> files, const OverwriteOptions& options = {});
  /// Removes the files at `remove_paths` and adds `add` in one snapshot
  /// (MERGE, UPDATE, DELETE, compaction). Conflict (naming the file and the
  /// concurrent snapshot) when a file to remove is not live, or per
  /// options.isolation.
  Result<CommitResult> ReplaceFiles(const std::vector<std::string>& remove_paths, std::vector<DataFile> add,
                                    const ReplaceOptions& options = {});

  /// Removes snapshots per `options`, commits, then deletes the manifest
  /// lists, manifests and data files no retained snapshot references.
  Result<ExpireResult> ExpireSnapshots(const ExpireOptions& options);

  /// Schema evolution by field id (see SchemaChange).
  Status UpdateSchema(const std::vector<SchemaChange>& changes);
  /// Sets and removes table properties in one commit.
  Status UpdateProperties(const std::map<std::string, std::string>& set, const std::set<std::string>& remove = {});

  /// Time travel.
  Result<std::shared_ptr<const Snapshot>> SnapshotById(int64_t snapshot_id) const;
  Result<std::shared_ptr<const Snapshot>> SnapshotAsOf(int64_t timestamp_ms) const;
  /// Plans a scan of the request's snapshot (default: current as of the
  /// handle's metadata; call Refresh() first for the latest).
  Result<ScanPlan> PlanFiles(const ScanRequest& request) const;

 private:
  struct Loaded {
    std::shared_ptr<const TableMetadata> metadata;
    std::string location;
  };
  Table(std::string name, std::shared_ptr<TablePointer> pointer) : name_(std::move(name)), pointer_(std::move(pointer)) {}
  Result<Loaded> LoadCurrent();
  void Remember(const Loaded& loaded);
  /// Writes `next` as the next metadata version and swaps it in. Conflict
  /// when the pointer moved off `base`.
  Result<std::string> WriteAndSwap(const Loaded& base, TableMetadata next);
  /// Sleeps a jittered, growing delay before CAS attempt `attempt` + 1.
  static void Backoff(int attempt);
  friend class TableCommitter;

  std::string name_;
  std::shared_ptr<TablePointer> pointer_;
  mutable std::mutex mu_;
  std::shared_ptr<const TableMetadata> metadata_;  // guarded by mu_
  std::string location_;                           // guarded by mu_
};

}  // namespace tributary::iceberg
