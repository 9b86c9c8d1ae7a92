#include "iceberg/table.hpp"

#include <chrono>
#include <random>
#include <thread>

#include <unistd.h>

#include "common/crash_point.hpp"
#include "common/file_io.hpp"
#include "iceberg/uuid.hpp"

namespace tributary::iceberg {

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void Table::Backoff(int attempt) {
  thread_local std::mt19937 rng{std::random_device{}()};
  const int cap_ms = std::min(100, 2 << std::min(attempt, 6));
  std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(100, cap_ms * 1000)(rng)));
}

Result<std::shared_ptr<Table>> Table::Load(std::string name, std::shared_ptr<TablePointer> pointer) {
  std::shared_ptr<Table> t(new Table(std::move(name), std::move(pointer)));
  TRIB_RETURN_NOT_OK(t->Refresh());
  return t;
}

std::shared_ptr<const TableMetadata> Table::metadata() const {
  std::lock_guard lock(mu_);
  return metadata_;
}

std::string Table::metadata_location() const {
  std::lock_guard lock(mu_);
  return location_;
}

Result<Table::Loaded> Table::LoadCurrent() {
  TRIB_ASSIGN_OR_RETURN(std::string location, pointer_->Load());
  {
    std::lock_guard lock(mu_);
    if (location == location_ && metadata_) return Loaded{metadata_, location_};
  }
  auto m = ReadTableMetadata(location);
  if (!m.ok()) return m.status().WithContext("table " + name_);
  Loaded loaded{std::move(m).value(), location};
  Remember(loaded);
  return loaded;
}

void Table::Remember(const Loaded& loaded) {
  std::lock_guard lock(mu_);
  // Never step back to an older version than one already seen.
  if (metadata_ && MetadataVersionOf(loaded.location) < MetadataVersionOf(location_)) return;
  metadata_ = loaded.metadata;
  location_ = loaded.location;
}

Status Table::Refresh() { return LoadCurrent().status(); }

std::string Table::DataDirectory() const { return metadata()->location + "/data"; }

std::string Table::PartitionDirectory(const std::string& partition_path) const {
  std::string dir = DataDirectory();
  if (!partition_path.empty()) dir += "/" + partition_path;
  return dir;
}

std::string Table::NewDataFilePath(const std::string& partition_path) const {
  return PartitionDirectory(partition_path) + "/" + NewUuid() + ".parquet";
}

Result<std::string> Table::WriteAndSwap(const Loaded& base, TableMetadata next) {
  next.metadata_log.push_back(MetadataLogEntry{base.location, base.metadata->last_updated_ms});
  next.last_updated_ms = std::max(NowMs(), base.metadata->last_updated_ms);
  const std::string path = NewMetadataPath(next.location, MetadataVersionOf(base.location) + 1);
  TRIB_RETURN_NOT_OK(CreateDirectories(next.location + "/metadata"));
  TRIB_RETURN_NOT_OK(WriteFileAtomic(path, next.ToJson()));
  CrashPoint("commit.after-metadata");
  CrashPoint("commit.before-cas");
  Status st = pointer_->CompareAndSwap(base.location, path);
  if (!st.ok()) {
    // Only a definite "not swapped" lets us delete the file; on an ambiguous
    // failure it may be current.
    if (st.IsConflict()) ::unlink(path.c_str());
    return st;
  }
  CrashPoint("commit.after-cas");
  Remember(Loaded{std::make_shared<const TableMetadata>(std::move(next)), path});
  return path;
}

Status Table::UpdateSchema(const std::vector<SchemaChange>& changes) {
  for (int attempt = 0;; attempt++) {
    TRIB_ASSIGN_OR_RETURN(Loaded base, LoadCurrent());
    TRIB_ASSIGN_OR_RETURN(TableMetadata next, ApplySchemaChanges(*base.metadata, changes));
    auto swapped = WriteAndSwap(base, std::move(next));
    if (swapped.ok()) return Status::OK();
    if (!swapped.status().IsConflict() || attempt >= 20) return swapped.status();
    Backoff(attempt);
  }
}

Status Table::UpdateProperties(const std::map<std::string, std::string>& set, const std::set<std::string>& remove) {
  for (const auto& key : remove) {
    if (set.count(key)) return Status::Invalid("property '{}' is both set and removed", key);
  }
  for (int attempt = 0;; attempt++) {
    TRIB_ASSIGN_OR_RETURN(Loaded base, LoadCurrent());
    TableMetadata next = *base.metadata;
    for (const auto& [k, v] : set) next.properties[k] = v;
    for (const auto& k : remove) next.properties.erase(k);
    auto swapped = WriteAndSwap(base, std::move(next));
    if (swapped.ok()) return Status::OK();
    if (!swapped.status().IsConflict() || attempt >= 20) return swapped.status();
    Backoff(attempt);
  }
}

Result<std::shared_ptr<const Snapshot>> Table::SnapshotById(int64_t snapshot_id) const {
  auto s = metadata()->SnapshotById(snapshot_id);
  if (!s) return Status::NotFound("table {} has no snapshot {}", name_, snapshot_id);
  return s;
}

Result<std::shared_ptr<const Snapshot>> Table::SnapshotAsOf(int64_t timestamp_ms) const {
  auto s = metadata()->SnapshotAsOf(timestamp_ms);
  if (!s.ok()) return s.status().WithContext("table " + name_);
  return s;
}

Result<ScanPlan> Table::PlanFiles(const ScanRequest& request) const { return iceberg::PlanFiles(*metadata(), request); }

}  // namespace tributary::iceberg
