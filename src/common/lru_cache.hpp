#pragma once

#include <algorithm>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tributary {

/// What a cache holds and how it has done.
struct CacheStats {
  int64_t hits = 0;
  int64_t misses = 0;
  int64_t entries = 0;
  int64_t bytes = 0;  // as the inserts estimated them
  int64_t capacity = 0;
};

/// Immutable values shared by key, least recently used first out past a
/// byte budget; a value larger than the whole budget is not kept. A value
/// handed out stays alive with its holder after eviction. Thread-safe: each
/// call holds one lock for a lookup or a splice, never while a value is
/// built (two threads missing the same key both build it; the later insert
/// is dropped).
template <typename V>
class SharedLruCache {
 public:
  explicit SharedLruCache(int64_t capacity_bytes) : capacity_(std::max<int64_t>(capacity_bytes, 0)) {}

  /// The value under `key`, now the most recently used; nullptr when absent.
  std::shared_ptr<const V> Find(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = index_.find(key);
    if (it == index_.end()) {
      misses_++;
      return nullptr;
    }
    hits_++;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->value;
  }

  /// Keeps `value` under `key`, costing `bytes` of the budget.
  void Insert(std::string key, std::shared_ptr<const V> value, int64_t bytes) {
    bytes += static_cast<int64_t>(key.size());
    std::lock_guard<std::mutex> lock(mu_);
    if (bytes > capacity_ || index_.count(key) != 0) return;
    lru_.push_front(Slot{key, std::move(value), bytes});
    index_.emplace(std::move(key), lru_.begin());
    bytes_ += bytes;
    EvictLocked();
  }

  /// Changes the budget (0 keeps nothing), evicting down to it at once.
  void SetCapacity(int64_t bytes) {
    std::lock_guard<std::mutex> lock(mu_);
    capacity_ = std::max<int64_t>(bytes, 0);
    EvictLocked();
  }

  void Clear() {
    std::lock_guard<std::mutex> lock(mu_);
    lru_.clear();
    index_.clear();
    bytes_ = 0;
  }

  CacheStats stats() const {
    std::lock_guard<std::mutex> lock(mu_);
    return CacheStats{hits_, misses_, static_cast<int64_t>(lru_.size()), bytes_, capacity_};
  }

 private:
  struct Slot {
    std::string key;
    std::shared_ptr<const V> value;
    int64_t bytes = 0;
  };

  void EvictLocked() {
    while (bytes_ > capacity_ && !lru_.empty()) {
      bytes_ -= lru_.back().bytes;
      index_.erase(lru_.back().key);
      lru_.pop_back();
    }
  }

  mutable std::mutex mu_;
  int64_t capacity_;                     // guarded by mu_
  int64_t bytes_ = 0;                    // guarded by mu_
  int64_t hits_ = 0;                     // guarded by mu_
  int64_t misses_ = 0;                   // guarded by mu_
  std::list<Slot> lru_;                  // guarded by mu_; most recently used first
  std::unordered_map<std::string, typename std::list<Slot>::iterator> index_;  // guarded by mu_
};

}  // namespace tributary
