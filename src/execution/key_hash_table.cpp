#include "execution/key_hash_table.hpp"

#include <cstring>

namespace tributary::sql {

KeyHashTable::KeyHashTable(KeyLayout layout) : layout_(layout) {
  slots_.resize(1024);
  mask_ = slots_.size() - 1;
  offsets_.push_back(0);
}

bool KeyHashTable::Matches(const Slot& s, const EncodedKeys& keys, size_t row) const {
  if (layout_ == KeyLayout::kPacked) return s.tag == keys.packed[row];
  if (s.tag != keys.hashes[row]) return false;
  uint32_t id = s.id - 1;
  size_t size = offsets_[id + 1] - offsets_[id];
  return size == keys.offsets[row + 1] - keys.offsets[row] &&
         std::memcmp(arena_.data() + offsets_[id], keys.bytes.data() + keys.offsets[row], size) == 0;
}

uint32_t KeyHashTable::Add(const EncodedKeys& keys, size_t row) {
  uint32_t id = static_cast<uint32_t>(hashes_.size());
  hashes_.push_back(keys.hashes[row]);
  if (layout_ == KeyLayout::kPacked) {
    packed_.push_back(keys.packed[row]);
  } else {
    std::string_view b = keys.Bytes(row);
    arena_.insert(arena_.end(), b.begin(), b.end());
    offsets_.push_back(arena_.size());
  }
  return id;
}

void KeyHashTable::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{});
  mask_ = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.id == 0) continue;
    size_t pos = hashes_[s.id - 1] & mask_;
    while (slots_[pos].id != 0) pos = (pos + 1) & mask_;
    slots_[pos] = s;
  }
}

void KeyHashTable::FindOrInsert(const EncodedKeys& keys, bool skip_nulls, uint32_t* ids) {
  const bool check_nulls = skip_nulls && !keys.has_null.empty();
  for (size_t i = 0; i < keys.count; i++) {
    if (check_nulls && keys.has_null[i]) {
      ids[i] = kNotFound;
      continue;
    }
    size_t pos = keys.hashes[i] & mask_;
    while (true) {
      Slot& s = slots_[pos];
      if (s.id == 0) {
        uint32_t id = Add(keys, i);
        s.tag = layout_ == KeyLayout::kPacked ? keys.packed[i] : keys.hashes[i];
        s.id = id + 1;
        ids[i] = id;
        if (hashes_.size() * 4 > slots_.size()) Grow();
        break;
      }
      if (Matches(s, keys, i)) {
        ids[i] = s.id - 1;
        break;
      }
      pos = (pos + 1) & mask_;
    }
  }
}

void KeyHashTable::Find(const EncodedKeys& keys, uint32_t* ids) const {
  if (layout_ == KeyLayout::kPacked) {
    FindPacked(keys, ids);
    return;
  }
  const bool check_nulls = !keys.has_null.empty();
  for (size_t i = 0; i < keys.count; i++) {
    ids[i] = kNotFound;
    if (check_nulls && keys.has_null[i]) continue;
    size_t pos = keys.hashes[i] & mask_;
    while (true) {
      const Slot& s = slots_[pos];
      if (s.id == 0) break;
      if (Matches(s, keys, i)) {
        ids[i] = s.id - 1;
        break;
      }
      pos = (pos + 1) & mask_;
    }
  }
}

void KeyHashTable::FindPacked(const EncodedKeys& keys, uint32_t* ids) const {
  // Whether a probe hits is as good as random, so a loop that branches on
  // it mispredicts on most rows. The first slot settles most rows (the
  // table is at most a quarter full): its outcome is computed without a
  // branch, and only rows whose first slot holds another key are walked.
  // Probes miss the cache once the table outgrows it: the slot of the row
  // kPrefetchDistance ahead is requested while this one is compared.
  constexpr size_t kPrefetchDistance = 16;
  const size_t count = keys.count;
  const size_t mask = mask_;
  const uint64_t* hashes = keys.hashes.data();
  const uint64_t* packed = keys.packed.data();
  const Slot* slots = slots_.data();
  std::vector<uint32_t> walk(count);
  size_t walks = 0;
  for (size_t i = 0; i < count; i++) {
    if (i + kPrefetchDistance < count) __builtin_prefetch(&slots[hashes[i + kPrefetchDistance] & mask]);
    const Slot& s = slots[hashes[i] & mask];
    const bool occupied = s.id != 0;
    const bool hit = occupied & (s.tag == packed[i]);
    ids[i] = hit ? s.id - 1 : kNotFound;
    walk[walks] = static_cast<uint32_t>(i);
    walks += occupied & !hit;
  }
  for (size_t w = 0; w < walks; w++) {
    const size_t i = walk[w];
    size_t pos = ((hashes[i] & mask) + 1) & mask;
    while (slots[pos].id != 0) {
      if (slots[pos].tag == packed[i]) {
        ids[i] = slots[pos].id - 1;
        break;
      }
      pos = (pos + 1) & mask;
    }
  }
  if (!keys.has_null.empty()) {
    for (size_t i = 0; i < count; i++) {
      if (keys.has_null[i]) ids[i] = kNotFound;
    }
  }
}

}  // namespace tributary::sql
