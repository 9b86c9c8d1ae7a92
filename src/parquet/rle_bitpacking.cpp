#include "parquet/rle_bitpacking.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <type_traits>
#include <utility>

namespace tributary::parquet {

int BitWidthFor(uint64_t max_value) { return max_value == 0 ? 0 : 64 - std::countl_zero(max_value); }

namespace {

// Reads from `in`, which must have 4 * W + 8 readable bytes: each value is
// one unaligned 64-bit load, shift and mask, unrolled for the constant W.
template <int W>
void UnpackPadded(const uint8_t* in, uint32_t* out) {
  if constexpr (W == 0) {
    std::memset(out, 0, 32 * sizeof(uint32_t));
  } else {
    constexpr uint64_t kMask = W == 32 ? 0xffffffffull : ((uint64_t{1} << W) - 1);
    // Fully unrolled, every offset and shift is a constant (GCC does not
    // unroll 32 iterations at -O2 on its own).
#pragma GCC unroll 32
    for (int j = 0; j < 32; j++) {
      const int bit = j * W;
      uint64_t word;
      std::memcpy(&word, in + bit / 8, sizeof(word));
      out[j] = static_cast<uint32_t>((word >> (bit % 8)) & kMask);
    }
  }
}

using UnpackFn = void (*)(const uint8_t*, uint32_t*);

template <size_t... I>
constexpr std::array<UnpackFn, sizeof...(I)> MakeUnpackTable(std::index_sequence<I...>) {
  return {&UnpackPadded<static_cast<int>(I)>...};
}
constexpr auto kUnpack = MakeUnpackTable(std::make_index_sequence<33>());

// Unpacks 32 values from `in` with `avail` readable bytes (zero-extending
// past them).
void UnpackBounded(const uint8_t* in, size_t avail, int bit_width, uint32_t* out) {
  const size_t need = 4 * static_cast<size_t>(bit_width) + 8;
  if (avail >= need) {
    kUnpack[static_cast<size_t>(bit_width)](in, out);
    return;
  }
  uint8_t padded[4 * 32 + 8] = {};
  std::memcpy(padded, in, std::min(avail, 4 * static_cast<size_t>(bit_width)));
  kUnpack[static_cast<size_t>(bit_width)](padded, out);
}

void AppendVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void AppendBitPacked(const uint32_t* values, size_t count, size_t padded_count, int bit_width, std::string* out) {
  uint64_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < padded_count; i++) {
    uint64_t v = i < count ? values[i] : 0;
    acc |= v << bits;
    bits += bit_width;
    while (bits >= 8) {
      out->push_back(static_cast<char>(acc & 0xff));
      acc >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) out->push_back(static_cast<char>(acc & 0xff));
}

void FlushLiteral(const uint32_t* values, size_t count, int bit_width, std::string* out) {
  if (count == 0) return;
  size_t groups = (count + 7) / 8;
  AppendVarint((static_cast<uint64_t>(groups) << 1) | 1, out);
  AppendBitPacked(values, count, groups * 8, bit_width, out);
}

}  // namespace

void Unpack32(const uint8_t* in, int bit_width, uint32_t* out) {
  UnpackBounded(in, 4 * static_cast<size_t>(bit_width), bit_width, out);
}

void EncodeRleBitPacked(const uint32_t* values, size_t count, int bit_width, std::string* out) {
  const size_t value_bytes = (static_cast<size_t>(bit_width) + 7) / 8;
  size_t i = 0, literal_start = 0;
  while (i < count) {
    size_t run = 1;
    while (i + run < count && values[i + run] == values[i]) run++;
    if (run >= 8) {
      FlushLiteral(values + literal_start, i - literal_start, bit_width, out);
      AppendVarint(static_cast<uint64_t>(run) << 1, out);
      uint32_t v = values[i];
      for (size_t b = 0; b < value_bytes; b++) out->push_back(static_cast<char>((v >> (8 * b)) & 0xff));
      i += run;
      literal_start = i;
    } else {
      i = std::min(i + 8, count);
    }
  }
  FlushLiteral(values + literal_start, count - literal_start, bit_width, out);
}

Status RleBitPackedDecoder::NextRun() {
  uint64_t header = 0;
  for (int shift = 0;; shift += 7) {
    if (pos_ >= end_) return Status::Corruption("RLE/bit-packed data ends before the values it should hold");
    if (shift > 35) return Status::Corruption("RLE/bit-packed run header is too long");
    uint8_t b = *pos_++;
    header |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) break;
  }
  if (header & 1) {
    uint64_t values = (header >> 1) * 8;
    size_t avail_bytes = remaining_bytes();
    // A final run may stop short of its padding; only values the bytes hold count.
    uint64_t avail_values = bit_width_ == 0 ? values : avail_bytes * 8 / static_cast<uint64_t>(bit_width_);
    values = std::min<uint64_t>(values, avail_values);
    literal_remaining_ = static_cast<uint32_t>(std::min<uint64_t>(values, UINT32_MAX));
  } else {
    uint64_t n = header >> 1;
    size_t value_bytes = (static_cast<size_t>(bit_width_) + 7) / 8;
    if (remaining_bytes() < value_bytes) return Status::Corruption("RLE run value is truncated");
    uint32_t v = 0;
    for (size_t b = 0; b < value_bytes; b++) v |= static_cast<uint32_t>(pos_[b]) << (8 * b);
    pos_ += value_bytes;
    if (bit_width_ < 32 && (v >> bit_width_) != 0) {
      return Status::Corruption("RLE run value {} does not fit in {} bits", v, bit_width_);
    }
    rle_value_ = v;
    rle_remaining_ = static_cast<uint32_t>(std::min<uint64_t>(n, UINT32_MAX));
  }
  return Status::OK();
}

void RleBitPackedDecoder::RefillLiteral() {
  // Callers ensure literal_remaining_ > 0. Consumes the bytes of up to 32 values.
  uint32_t n = std::min<uint32_t>(32, literal_remaining_);
  UnpackBounded(pos_, remaining_bytes(), bit_width_, buffer_);
  size_t bytes = (static_cast<size_t>(n) * static_cast<size_t>(bit_width_) + 7) / 8;
  pos_ += std::min(bytes, remaining_bytes());
  literal_remaining_ -= n;
  buffered_ = n;
  buffer_pos_ = 0;
}

template <typename T>
Status RleBitPackedDecoder::DecodeImpl(T* out, size_t count) {
  while (count > 0) {
    if (buffered_ > 0) {
      size_t n = std::min<size_t>(count, buffered_);
      for (size_t i = 0; i < n; i++) out[i] = static_cast<T>(buffer_[buffer_pos_ + i]);
      buffer_pos_ += static_cast<uint32_t>(n);
      buffered_ -= static_cast<uint32_t>(n);
      out += n;
      count -= n;
      continue;
    }
    if (rle_remaining_ > 0) {
      size_t n = std::min<size_t>(count, rle_remaining_);
      std::fill(out, out + n, static_cast<T>(rle_value_));
      rle_remaining_ -= static_cast<uint32_t>(n);
      out += n;
      count -= n;
      continue;
    }
    if (literal_remaining_ > 0) {
      // Whole groups of 32 go straight to the output.
      if constexpr (std::is_same_v<T, uint32_t>) {
        while (count >= 32 && literal_remaining_ >= 32) {
          const size_t bytes = 4 * static_cast<size_t>(bit_width_);
          UnpackBounded(pos_, remaining_bytes(), bit_width_, out);
          pos_ += bytes;
          literal_remaining_ -= 32;
          out += 32;
          count -= 32;
        }
        if (count == 0) break;
        if (literal_remaining_ == 0) continue;
      }
      RefillLiteral();
      continue;
    }
    TRIB_RETURN_NOT_OK(NextRun());
  }
  return Status::OK();
}

template Status RleBitPackedDecoder::DecodeImpl<uint32_t>(uint32_t*, size_t);
template Status RleBitPackedDecoder::DecodeImpl<uint8_t>(uint8_t*, size_t);

}  // namespace tributary::parquet
