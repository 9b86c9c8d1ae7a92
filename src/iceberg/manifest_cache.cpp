#include "iceberg/manifest_cache.hpp"

#include <sys/stat.h>

#include <fmt/format.h>

#include "iceberg/manifest.hpp"

namespace tributary::iceberg {

namespace {

// A red-black tree node's overhead beyond its value (three pointers and the
// colour, padded), and a heap block's.
constexpr int64_t kMapNode = 32;
constexpr int64_t kHeapBlock = 16;

int64_t ValueBytes(const Value& v) {
  int64_t bytes = sizeof(Value);
  if (!v.is_null() && v.type().id() == TypeId::kVarchar) {
    bytes += static_cast<int64_t>(v.GetString().capacity()) + kHeapBlock;
  }
  return bytes;
}

template <typename Map>
int64_t MapBytes(const Map& map) {
  int64_t bytes = 0;
  for (const auto& [key, value] : map) {
    bytes += kMapNode + kHeapBlock + static_cast<int64_t>(sizeof(key) + sizeof(value));
    if constexpr (std::is_same_v<std::decay_t<decltype(value)>, Value>) bytes += ValueBytes(value) - sizeof(Value);
  }
  return bytes;
}

}  // namespace

int64_t EstimateBytes(const std::vector<ManifestEntry>& entries) {
  int64_t bytes = static_cast<int64_t>(entries.capacity() * sizeof(ManifestEntry));
  for (const ManifestEntry& e : entries) {
    const DataFile& f = e.file;
    bytes += static_cast<int64_t>(f.path.capacity()) + kHeapBlock;
    for (const Value& v : f.partition) bytes += ValueBytes(v);
    bytes += MapBytes(f.column_sizes) + MapBytes(f.value_counts) + MapBytes(f.null_value_counts) +
             MapBytes(f.nan_value_counts) + MapBytes(f.lower_bounds) + MapBytes(f.upper_bounds);
    bytes += static_cast<int64_t>(f.split_offsets.capacity() * sizeof(int64_t));
  }
  return bytes;
}

ManifestCache& ManifestCache::Global() {
  static ManifestCache* cache = new ManifestCache(int64_t{128} << 20);  // never freed: used until exit
  return *cache;
}

Result<SharedManifest> ManifestCache::Read(const ManifestFile& manifest, const Schema& schema,
                                           const PartitionSpec& spec) {
  // The on-disk identity: a manifest written again under the same name (which
  // commits never do) has another modification time or length.
  struct stat st{};
  if (::stat(manifest.manifest_path.c_str(), &st) != 0) {
    // Let the reader report the missing or unreadable file in its own words.
    TRIB_ASSIGN_OR_RETURN(auto entries, ReadManifest(manifest, schema, spec));
    return std::make_shared<const std::vector<ManifestEntry>>(std::move(entries));
  }
  std::string key = fmt::format("{}\x1f{}\x1f{}.{}\x1f{}\x1f{}\x1f{}\x1f{}", manifest.manifest_path,
                                static_cast<int64_t>(st.st_size), static_cast<int64_t>(st.st_mtim.tv_sec),
                                static_cast<int64_t>(st.st_mtim.tv_nsec), schema.schema_id(), spec.spec_id(),
                                manifest.sequence_number, manifest.added_snapshot_id);
  if (SharedManifest cached = cache_.Find(key)) return cached;
  TRIB_ASSIGN_OR_RETURN(auto decoded, ReadManifest(manifest, schema, spec));
  const int64_t bytes = EstimateBytes(decoded);
  auto shared = std::make_shared<const std::vector<ManifestEntry>>(std::move(decoded));
  cache_.Insert(std::move(key), shared, bytes);
  return shared;
}

}  // namespace tributary::iceberg
