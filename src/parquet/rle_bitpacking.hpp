#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/status.hpp"

namespace tributary::parquet {

/// Bits needed to represent every value in [0, max_value]; 0 for 0.
int BitWidthFor(uint64_t max_value);

/// Unpacks 32 little-endian bit-packed values of `bit_width` (0..32) bits
/// from `in`, which must have 4 * bit_width readable bytes.
void Unpack32(const uint8_t* in, int bit_width, uint32_t* out);

/// Appends the RLE/bit-packed hybrid encoding (parquet-format Encodings.md)
/// of `values`, each < 2^bit_width, without any length prefix.
void EncodeRleBitPacked(const uint32_t* values, size_t count, int bit_width, std::string* out);

/// Streams values out of an RLE/bit-packed hybrid run sequence. Never reads
/// past its buffer; values beyond what the bytes hold are Corruption.
class RleBitPackedDecoder {
 public:
  static constexpr int kMaxBitWidth = 32;

  RleBitPackedDecoder() = default;
  /// `bit_width` must be 0..32 (callers validate widths read from files).
  RleBitPackedDecoder(const uint8_t* data, size_t size, int bit_width)
      : pos_(data), end_(data + size), bit_width_(bit_width) {}

  /// Decodes exactly `count` values into `out`.
  Status Decode(uint32_t* out, size_t count) { return DecodeImpl(out, count); }
  Status Decode(uint8_t* out, size_t count) { return DecodeImpl(out, count); }

  /// Bytes of the buffer not yet consumed by a run header or run body.
  size_t remaining_bytes() const { return static_cast<size_t>(end_ - pos_); }

 private:
  template <typename T>
  Status DecodeImpl(T* out, size_t count);
  Status NextRun();
  void RefillLiteral();

  const uint8_t* pos_ = nullptr;
  const uint8_t* end_ = nullptr;
  int bit_width_ = 0;
  uint32_t rle_remaining_ = 0;
  uint32_t rle_value_ = 0;
  uint32_t literal_remaining_ = 0;  // values left in the current bit-packed run
  uint32_t buffer_[32];
  uint32_t buffered_ = 0;  // values in buffer_ not yet returned
  uint32_t buffer_pos_ = 0;
};

}  // namespace tributary::parquet
