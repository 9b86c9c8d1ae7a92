#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/lru_cache.hpp"
#include "common/status.hpp"
#include "iceberg/data_file.hpp"
#include "iceberg/manifest_list.hpp"
#include "iceberg/partition_spec.hpp"
#include "iceberg/schema.hpp"

namespace tributary::iceberg {

/// A manifest's entries as decoded once and shared by every reader.
using SharedManifest = std::shared_ptr<const std::vector<ManifestEntry>>;

/// Decoded manifests, shared by every table and query of the process, least
/// recently used first out past a byte budget.
///
/// Planning a scan decodes each manifest of the snapshot (Avro, with every
/// file's bounds and counts); a query plans its tables more than once
/// (selectivity estimates, runtime pruning, the scan itself), and a
/// dashboard runs the same plan over and over. Manifests are never rewritten
/// in place — a commit writes new ones under fresh names — so an entry is
/// keyed by the manifest's path, its length and modification time on disk,
/// and what the decoding depends on (schema, partition spec, the sequence
/// number and snapshot that entries inherit). A file replaced on disk, or a
/// table decoded under a newer schema, misses and is read again.
class ManifestCache {
 public:
  explicit ManifestCache(int64_t capacity_bytes) : cache_(capacity_bytes) {}

  /// The one cache of the process (default budget 128 MiB).
  static ManifestCache& Global();

  /// The entries of `manifest`, decoded with `schema` and `spec` as
  /// ReadManifest does, from the cache or read and then cached.
  Result<SharedManifest> Read(const ManifestFile& manifest, const Schema& schema, const PartitionSpec& spec);

  /// Changes the budget; 0 turns caching off.
  void SetCapacity(int64_t bytes) { cache_.SetCapacity(bytes); }
  CacheStats stats() const { return cache_.stats(); }
  void Clear() { cache_.Clear(); }

 private:
  SharedLruCache<std::vector<ManifestEntry>> cache_;
};

/// Estimated heap bytes of decoded entries (the cache's unit of account).
int64_t EstimateBytes(const std::vector<ManifestEntry>& entries);

}  // namespace tributary::iceberg
