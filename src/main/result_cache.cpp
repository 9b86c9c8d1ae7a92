#include "main/result_cache.hpp"

#include "execution/memory_tracker.hpp"

namespace tributary {

namespace {

std::vector<ColumnBatch> CopyBatches(const std::vector<ColumnBatch>& batches) {
  std::vector<ColumnBatch> out;
  out.reserve(batches.size());
  for (const ColumnBatch& b : batches) out.push_back(b.Compact());
  return out;
}

}  // namespace

std::optional<QueryResult> ResultCache::Find(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  lru_.splice(lru_.begin(), lru_, it->second);
  const Entry& e = *it->second;
  QueryResult result = QueryResult::Rows(e.names, e.types, CopyBatches(e.batches), e.command_tag);
  result.metrics().rows_returned = e.rows;
  result.metrics().cache_hit = true;
  return result;
}

void ResultCache::Insert(const std::string& key, const QueryResult& result) {
  int64_t bytes = static_cast<int64_t>(key.size());
  for (const ColumnBatch& b : result.batches()) bytes += sql::BatchBytes(b);
  if (bytes > capacity_ / 8) return;
  Entry entry{key, result.column_names(), result.column_types(), CopyBatches(result.batches()),
              result.command_tag(), result.metrics().rows_returned, bytes};
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) {
    bytes_ -= it->second->bytes;
    lru_.erase(it->second);
    index_.erase(it);
  }
  lru_.push_front(std::move(entry));
  index_[key] = lru_.begin();
  bytes_ += bytes;
  while (bytes_ > capacity_ && !lru_.empty()) {
    bytes_ -= lru_.back().bytes;
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

int64_t ResultCache::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

size_t ResultCache::entries() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lru_.size();
}

}  // namespace tributary
