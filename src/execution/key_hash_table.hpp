#pragma once

#include <cstdint>
#include <vector>

#include "execution/key_encoder.hpp"

namespace tributary::sql {

/// The distinct keys seen so far, each with a dense id (0, 1, ... in the
/// order first seen): the index of hash joins (key -> build rows) and hash
/// aggregates (key -> group). Linear probing over a power-of-two slot array
/// kept at most a quarter full; a slot holds the key's hash (or, for packed keys,
/// the key itself) beside its id, so a probe touches one cache line in the
/// common case and compares stored bytes only when the hashes agree.
/// Whole batches go in and out: no per-row calls through pointers.
/// Extra memory: 16 bytes per slot plus each distinct key once.
class KeyHashTable {
 public:
  static constexpr uint32_t kNotFound = UINT32_MAX;

  explicit KeyHashTable(KeyLayout layout);

  /// The id of each row's key, adding unseen keys. Rows flagged in
  /// keys.has_null get kNotFound when `skip_nulls`.
  void FindOrInsert(const EncodedKeys& keys, bool skip_nulls, uint32_t* ids);
  /// The id of each row's key, or kNotFound (also for rows flagged in
  /// keys.has_null).
  void Find(const EncodedKeys& keys, uint32_t* ids) const;

  size_t size() const { return hashes_.size(); }
  /// The packed key of id `id` (kPacked only).
  uint64_t packed_key(uint32_t id) const { return packed_[id]; }

 private:
  struct Slot {
    uint64_t tag = 0;  // kPacked: the key; kBytes: its hash
    uint32_t id = 0;   // id + 1; 0 = empty
  };
  bool Matches(const Slot& s, const EncodedKeys& keys, size_t row) const;
  void FindPacked(const EncodedKeys& keys, uint32_t* ids) const;
  uint32_t Add(const EncodedKeys& keys, size_t row);
  void Grow();

  KeyLayout layout_;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  std::vector<uint64_t> hashes_;   // per id
  std::vector<uint64_t> packed_;   // per id (kPacked)
  std::vector<uint8_t> arena_;     // kBytes: every key, back to back
  std::vector<uint64_t> offsets_;  // kBytes: id i is arena_[offsets_[i], offsets_[i + 1])
};

}  // namespace tributary::sql
