#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vector/vector.hpp"

namespace tributary::sql {

/// Encodes the values of several flat key columns, row by row, into byte
/// strings that are equal exactly when the keys are equal (NULL equal to
/// NULL, as GROUP BY and DISTINCT treat it). Column-at-a-time: one typed
/// loop per column appends to every row's key.
void EncodeKeys(const std::vector<const Vector*>& columns, size_t count, std::vector<std::string>* keys);

/// True when any key column is NULL in `row` (a join key that matches nothing).
bool AnyNull(const std::vector<const Vector*>& columns, size_t row);

/// How the keys of a batch are held for hashing and comparison.
enum class KeyLayout : uint8_t {
  /// One uint64 per row: every key column is a fixed-width integer and all
  /// of them (with a NULL bit each when NULL is a key) fit in 64 bits.
  kPacked,
  /// The EncodeKeys byte string of each row, all rows in one buffer.
  kBytes,
};

/// The keys of one batch and their hashes.
struct EncodedKeys {
  size_t count = 0;
  std::vector<uint64_t> packed;   // kPacked: per row
  std::vector<uint8_t> bytes;     // kBytes: every row's key, back to back
  std::vector<uint32_t> offsets;  // kBytes: row i is bytes[offsets[i], offsets[i + 1])
  std::vector<uint64_t> hashes;   // per row
  /// Per row, 1 when some key column is NULL; empty when none is.
  std::vector<uint8_t> has_null;

  std::string_view Bytes(size_t row) const {
    return {reinterpret_cast<const char*>(bytes.data()) + offsets[row], offsets[row + 1] - offsets[row]};
  }
};

/// Chooses the layout for key columns of fixed types once, then encodes
/// batches column-at-a-time (one typed loop per column, no per-row dispatch).
class KeyEncoder {
 public:
  /// With `null_is_key`, NULL is a key value of its own (GROUP BY); without
  /// it (join keys) a row with a NULL key is flagged in has_null and its
  /// encoding is unspecified.
  KeyEncoder(const std::vector<LogicalType>& types, bool null_is_key);
  KeyLayout layout() const { return layout_; }
  /// Encodes rows [0, count) of flat `columns` (of the constructor's types).
  void Encode(const std::vector<const Vector*>& columns, size_t count, EncodedKeys* out) const;

 private:
  std::vector<LogicalType> types_;
  bool null_is_key_;
  KeyLayout layout_ = KeyLayout::kBytes;
};

/// 64-bit hashes: of a packed key, and of a byte string.
uint64_t HashPacked(uint64_t key);
uint64_t HashBytes(const uint8_t* data, size_t size);

}  // namespace tributary::sql
