#pragma once

#include <cstdint>
#include <vector>

#include "vector/column_batch.hpp"

namespace tributary {

/// One key of a clustering (or any) sort.
struct SortKey {
  int column = 0;  // index into the batch
  bool ascending = true;
  bool nulls_first = false;
};

/// Each key column rewritten as order-preserving 64-bit ranks, so sorting and
/// run detection compare integers instead of dispatching on types per row.
/// Ranks are only comparable within one NormalizedKeys.
class NormalizedKeys {
 public:
  /// Builds ranks for `keys` over the first `num_rows` physical rows of
  /// `batch`; a selection, if any, is ignored (ranks index physical rows). Extra memory: 8 bytes per row per key,
  /// plus the distinct values of string and 128-bit keys.
  NormalizedKeys(const ColumnBatch& batch, size_t num_rows, const std::vector<SortKey>& keys);

  size_t num_keys() const { return ranks_.size(); }
  size_t num_rows() const { return num_rows_; }
  /// Order of row `row` on key `key`: compare (null_class, rank) pairs.
  /// null_class is 0 for a NULL sorted first, 1 for a value, 2 for a NULL
  /// sorted last.
  uint64_t rank(size_t key, size_t row) const { return ranks_[key][row]; }
  uint8_t null_class(size_t key, size_t row) const { return null_class_[key][row]; }
  /// Number of distinct values (NULL counts as one) of key `key`.
  /// Computed on each call: O(n log n), so ask once.
  size_t distinct_count(size_t key) const;
  /// True when rows `a` and `b` agree on the first `prefix` keys.
  bool SamePrefix(uint32_t a, uint32_t b, size_t prefix) const;

  /// The permutation of 0..num_rows-1 that orders rows by all keys; stable, so
  /// equal rows keep their arrival order.
  std::vector<uint32_t> SortedOrder() const;

 private:
  size_t num_rows_;
  std::vector<std::vector<uint64_t>> ranks_;
  std::vector<std::vector<uint8_t>> null_class_;
};

}  // namespace tributary
