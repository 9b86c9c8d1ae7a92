#pragma once

#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "main/connection.hpp"

namespace tributary {

/// SELECT results kept for reuse, shared by every connection of a Database:
/// least recently used first out, holding at most `capacity` bytes (a
/// result larger than an eighth of that is not kept). The key is the whole
/// identity of a result (ResultCacheKey): whoever builds it decides what
/// may share an entry. Thread-safe; a lookup or insert holds one lock and
/// copies the result's batches (strings shared, never the scan).
class ResultCache {
 public:
  explicit ResultCache(int64_t capacity) : capacity_(capacity) {}

  /// A copy of the result stored under `key`, marked as a cache hit (no
  /// bytes scanned); none when absent.
  std::optional<QueryResult> Find(const std::string& key);
  /// Keeps a copy of `result` (rows, names, types, tag) under `key`.
  void Insert(const std::string& key, const QueryResult& result);
  int64_t bytes() const;
  size_t entries() const;

 private:
  struct Entry {
    std::string key;
    std::vector<std::string> names;
    std::vector<LogicalType> types;
    std::vector<ColumnBatch> batches;
    std::string command_tag;
    int64_t rows = 0;
    int64_t bytes = 0;
  };
  const int64_t capacity_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // guarded by mu_; most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;  // guarded by mu_
  int64_t bytes_ = 0;  // guarded by mu_
};

}  // namespace tributary
