// DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY
// (parquet-format Encodings.md), decoders hardened against hostile bytes.

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "parquet/encodings.hpp"

namespace tributary::parquet {

namespace {

/// Values per miniblock are a multiple of 32, so miniblocks are unpacked in
/// groups of 32 values; a group of width W takes exactly 4*W bytes.
constexpr size_t kGroup = 32;
/// Largest block size accepted. Writers use 128..4096; the bound keeps all
/// byte arithmetic far from overflow.
constexpr uint64_t kMaxBlockValues = uint64_t{1} << 31;
/// Bound on the bytes DELTA_BYTE_ARRAY may reconstruct in one call: shared
/// prefixes let a few input bytes describe huge outputs, so a hostile page
/// could otherwise ask for unbounded memory.
constexpr size_t kMaxReconstructedBytes = size_t{1} << 28;

uint64_t Load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof(v));
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

/// Unpacks 32 LSB-first values of width W from `in`, which must have at least
/// 4*W + 8 readable bytes.
template <int W>
void Unpack32(const uint8_t* in, uint64_t* out) {
  if constexpr (W == 0) {
    for (size_t i = 0; i < kGroup; i++) out[i] = 0;
  } else {
    constexpr uint64_t kMask = W == 64 ? ~uint64_t{0} : (uint64_t{1} << W) - 1;
    for (size_t i = 0; i < kGroup; i++) {
      const size_t bit = i * W;
      const size_t byte = bit >> 3;
      const unsigned shift = bit & 7;
      uint64_t v = Load64(in + byte) >> shift;
      if constexpr (W > 56) {
        if (shift + W > 64) v |= static_cast<uint64_t>(in[byte + 8]) << (64 - shift);
      }
      out[i] = v & kMask;
    }
  }
}

using UnpackFn = void (*)(const uint8_t*, uint64_t*);

template <size_t... Ws>
constexpr auto MakeUnpackTable(std::index_sequence<Ws...>) {
  return std::array<UnpackFn, sizeof...(Ws)>{&Unpack32<static_cast<int>(Ws)>...};
}
constexpr auto kUnpack = MakeUnpackTable(std::make_index_sequence<65>{});

/// Packs 32 values (already < 2^W) LSB-first into exactly 4*W bytes.
template <int W>
void Pack32(const uint64_t* in, uint8_t* out) {
  if constexpr (W > 0) {
    uint64_t acc = 0;
    unsigned filled = 0;
    for (size_t i = 0; i < kGroup; i++) {
      const uint64_t v = in[i];
      acc |= v << filled;
      if (filled + W >= 64) {
        std::memcpy(out, &acc, 8);
        out += 8;
        acc = filled == 0 ? 0 : v >> (64 - filled);
        filled = filled + W - 64;
      } else {
        filled += W;
      }
    }
    std::memcpy(out, &acc, filled / 8);
  }
}

using PackFn = void (*)(const uint64_t*, uint8_t*);

template <size_t... Ws>
constexpr auto MakePackTable(std::index_sequence<Ws...>) {
  return std::array<PackFn, sizeof...(Ws)>{&Pack32<static_cast<int>(Ws)>...};
}
constexpr auto kPack = MakePackTable(std::make_index_sequence<65>{});

/// Reads an unsigned LEB128 of at most 64 bits from `[data+*pos, data+size)`.
Status ReadUleb(const uint8_t* data, size_t size, size_t* pos, uint64_t* out, const char* what) {
  uint64_t v = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (*pos >= size) return Status::Corruption("delta encoding: {} truncated at byte {}", what, *pos);
    const uint8_t b = data[(*pos)++];
    if (shift == 63 && (b & 0x7e) != 0) {
      return Status::Corruption("delta encoding: {} overflows 64 bits", what);
    }
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      *out = v;
      return Status::OK();
    }
  }
  return Status::Corruption("delta encoding: {} is longer than 10 bytes", what);
}

uint64_t ZigZagDecode(uint64_t v) { return (v >> 1) ^ (~(v & 1) + 1); }
uint64_t ZigZagEncode(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}

void WriteUleb(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

/// Streams the values of one DELTA_BINARY_PACKED run. Arithmetic is done in
/// the unsigned type of T's width, so wrapping deltas restore the original
/// values exactly. A value type: copying it forks the stream.
template <typename T>
class DeltaDecoder {
  using U = std::make_unsigned_t<T>;

 public:
  /// Parses the header at `data`; the run may not extend past `size`.
  Status Init(const uint8_t* data, size_t size) {
    data_ = data;
    size_ = size;
    pos_ = 0;
    uint64_t block = 0, minis = 0, total = 0, first = 0;
    TRIB_RETURN_NOT_OK(ReadUleb(data_, size_, &pos_, &block, "block size"));
    TRIB_RETURN_NOT_OK(ReadUleb(data_, size_, &pos_, &minis, "miniblock count"));
    TRIB_RETURN_NOT_OK(ReadUleb(data_, size_, &pos_, &total, "total value count"));
    TRIB_RETURN_NOT_OK(ReadUleb(data_, size_, &pos_, &first, "first value"));
    if (block == 0 || block % 128 != 0 || block > kMaxBlockValues) {
      return Status::Corruption("delta encoding: block size {} is not a positive multiple of 128 (max {})", block,
                                kMaxBlockValues);
    }
    if (minis == 0 || block % minis != 0 || (block / minis) % kGroup != 0) {
      return Status::Corruption(
          "delta encoding: {} miniblocks per block of {} values do not give a multiple of 32 values each", minis,
          block);
    }
    minis_per_block_ = minis;
    values_per_mini_ = block / minis;
    total_ = total;
    last_ = static_cast<U>(ZigZagDecode(first));
    first_pending_ = total > 0;
    deltas_left_ = total > 0 ? total - 1 : 0;
    mini_index_ = minis_per_block_;  // forces a block header before the first delta
    groups_left_ = 0;
    return Status::OK();
  }

  uint64_t total() const { return total_; }

  /// Decodes the next `n` values (the caller guarantees n <= values left).
  Status Next(T* out, size_t n) {
    size_t i = 0;
    if (n > 0 && first_pending_) {
      out[i++] = static_cast<T>(last_);
      first_pending_ = false;
    }
    while (i < n) {
      if (buf_pos_ < buf_len_) {
        const size_t take = std::min(n - i, buf_len_ - buf_pos_);
        for (size_t k = 0; k < take; k++) out[i + k] = static_cast<T>(buf_[buf_pos_ + k]);
        buf_pos_ += take;
        i += take;
        continue;
      }
      size_t valid = 0;
      TRIB_RETURN_NOT_OK(NextGroup(&valid));
      buf_pos_ = 0;
      buf_len_ = valid;
    }
    return Status::OK();
  }

  /// Skips every value not yet decoded and returns the offset of the first
  /// byte after the run.
  Status SkipToEnd(size_t* end) {
    first_pending_ = false;
    buf_pos_ = buf_len_ = 0;
    if (groups_left_ > 0) {
      // Finish the current miniblock without unpacking it.
      const uint64_t skipped = std::min<uint64_t>(deltas_left_, groups_left_ * kGroup);
      deltas_left_ -= skipped;
      pos_ = mini_end_;
      groups_left_ = 0;
    }
    while (deltas_left_ > 0) {
      TRIB_RETURN_NOT_OK(StartMiniblock());
      const uint64_t skipped = std::min<uint64_t>(deltas_left_, groups_left_ * kGroup);
      deltas_left_ -= skipped;
      pos_ = mini_end_;
      groups_left_ = 0;
    }
    *end = pos_;
    return Status::OK();
  }

 private:
  /// Unpacks the next group of 32 deltas into buf_ as prefix-summed values;
  /// `*valid` is how many of them belong to the run.
  Status NextGroup(size_t* valid) {
    if (deltas_left_ == 0) return Status::Corruption("delta encoding: read past the last of {} values", total_);
    if (groups_left_ == 0) TRIB_RETURN_NOT_OK(StartMiniblock());
    const size_t group_bytes = 4 * static_cast<size_t>(width_);
    uint64_t deltas[kGroup];
    if (size_ - pos_ >= group_bytes + 8) {
      kUnpack[width_](data_ + pos_, deltas);
    } else {
      // Near the end of the input: unpack from a zero-padded copy.
      uint8_t padded[4 * 64 + 8] = {};
      std::memcpy(padded, data_ + pos_, std::min(group_bytes, size_ - pos_));
      kUnpack[width_](padded, deltas);
    }
    pos_ = std::min(pos_ + group_bytes, mini_end_);
    groups_left_--;
    *valid = static_cast<size_t>(std::min<uint64_t>(deltas_left_, kGroup));
    deltas_left_ -= *valid;
    U v = last_;
    for (size_t k = 0; k < kGroup; k++) {
      v += min_delta_ + static_cast<U>(deltas[k]);
      buf_[k] = v;
    }
    last_ = buf_[*valid - 1];
    return Status::OK();
  }

  /// Moves to the next miniblock, reading a block header when the current
  /// block is exhausted, and checks its bytes are present.
  Status StartMiniblock() {
    if (mini_index_ == minis_per_block_) {
      uint64_t min_delta = 0;
      TRIB_RETURN_NOT_OK(ReadUleb(data_, size_, &pos_, &min_delta, "block min delta"));
      min_delta_ = static_cast<U>(ZigZagDecode(min_delta));
      if (size_ - pos_ < minis_per_block_) {
        return Status::Corruption("delta encoding: {} miniblock bit widths truncated at byte {}", minis_per_block_,
                                  pos_);
      }
      widths_pos_ = pos_;
      pos_ += minis_per_block_;
      mini_index_ = 0;
    }
    const uint8_t width = data_[widths_pos_ + mini_index_];
    if (width > 64) {
      return Status::Corruption("delta encoding: miniblock bit width {} exceeds 64 (byte {})", width,
                                widths_pos_ + mini_index_);
    }
    mini_index_++;
    width_ = width;
    const uint64_t mini_bytes = values_per_mini_ / 8 * width;
    const uint64_t used = std::min<uint64_t>(deltas_left_, values_per_mini_);
    if (size_ - pos_ < mini_bytes) {
      // A writer may leave the padding of the very last miniblock out; accept
      // that as long as every value that belongs to the run is present.
      const uint64_t needed = (used * width + 7) / 8;
      if (used != deltas_left_ || size_ - pos_ < needed) {
        return Status::Corruption("delta encoding: miniblock of {} bytes truncated at byte {} (only {} left)",
                                  mini_bytes, pos_, size_ - pos_);
      }
      mini_end_ = size_;
    } else {
      mini_end_ = pos_ + static_cast<size_t>(mini_bytes);
    }
    groups_left_ = (used + kGroup - 1) / kGroup;
    return Status::OK();
  }

  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t pos_ = 0;
  uint64_t minis_per_block_ = 0;
  uint64_t values_per_mini_ = 0;
  uint64_t total_ = 0;
  uint64_t deltas_left_ = 0;  // deltas not yet unpacked
  bool first_pending_ = false;
  U last_ = 0;
  U min_delta_ = 0;
  size_t widths_pos_ = 0;
  uint64_t mini_index_ = 0;  // next miniblock of the current block
  int width_ = 0;
  uint64_t groups_left_ = 0;  // groups of the current miniblock still to unpack
  size_t mini_end_ = 0;
  U buf_[kGroup] = {};
  size_t buf_pos_ = 0;
  size_t buf_len_ = 0;
};

template <typename T>
Status DecodeDeltaBinaryPacked(const uint8_t* data, size_t size, size_t count, T* out, size_t* consumed) {
  DeltaDecoder<T> dec;
  TRIB_RETURN_NOT_OK(dec.Init(data, size));
  if (dec.total() < count) {
    return Status::Corruption("DELTA_BINARY_PACKED: run holds {} values, {} expected", dec.total(), count);
  }
  TRIB_RETURN_NOT_OK(dec.Next(out, count));
  return dec.SkipToEnd(consumed);
}

/// Finds where a run of delta-packed lengths ends, checking it holds at least
/// `count` values, without decoding it.
template <typename T>
Status LengthsEnd(const DeltaDecoder<T>& dec, size_t count, const char* what, size_t* end) {
  if (dec.total() < count) {
    return Status::Corruption("{}: {} run holds {} values, {} expected", what, "length", dec.total(), count);
  }
  DeltaDecoder<T> scout = dec;
  return scout.SkipToEnd(end);
}

constexpr size_t kChunk = 512;

/// Encodes `count` values with 128-value blocks of four 32-value miniblocks.
template <typename GetValue>
void EncodeDeltaRun(size_t count, GetValue get, std::string* out) {
  constexpr size_t kBlock = 128, kMinis = 4, kPerMini = kBlock / kMinis;
  WriteUleb(kBlock, out);
  WriteUleb(kMinis, out);
  WriteUleb(count, out);
  WriteUleb(ZigZagEncode(count > 0 ? get(0) : 0), out);
  if (count <= 1) return;
  uint64_t prev = static_cast<uint64_t>(get(0));
  size_t next = 1;
  uint64_t deltas[kBlock];
  while (next < count) {
    const size_t n = std::min(kBlock, count - next);
    int64_t min_delta = INT64_MAX;
    for (size_t k = 0; k < n; k++) {
      const uint64_t v = static_cast<uint64_t>(get(next + k));
      deltas[k] = v - prev;
      prev = v;
      min_delta = std::min(min_delta, static_cast<int64_t>(deltas[k]));
    }
    next += n;
    for (size_t k = 0; k < kBlock; k++) {
      // Padding deltas equal the minimum, so they pack as zeros.
      deltas[k] = k < n ? deltas[k] - static_cast<uint64_t>(min_delta) : 0;
    }
    WriteUleb(ZigZagEncode(min_delta), out);
    const size_t used_minis = (n + kPerMini - 1) / kPerMini;
    uint8_t widths[kMinis] = {};
    for (size_t m = 0; m < used_minis; m++) {
      uint64_t bits = 0;
      for (size_t k = 0; k < kPerMini; k++) bits |= deltas[m * kPerMini + k];
      widths[m] = static_cast<uint8_t>(64 - std::countl_zero(bits));
    }
    out->append(reinterpret_cast<const char*>(widths), kMinis);
    for (size_t m = 0; m < used_minis; m++) {
      const size_t at = out->size();
      out->resize(at + 4 * size_t{widths[m]});
      kPack[widths[m]](deltas + m * kPerMini, reinterpret_cast<uint8_t*>(out->data() + at));
    }
  }
}

}  // namespace

Status DecodeDeltaBinaryPacked32(const uint8_t* data, size_t size, size_t count, int32_t* out, size_t* consumed) {
  return DecodeDeltaBinaryPacked<int32_t>(data, size, count, out, consumed);
}

Status DecodeDeltaBinaryPacked64(const uint8_t* data, size_t size, size_t count, int64_t* out, size_t* consumed) {
  return DecodeDeltaBinaryPacked<int64_t>(data, size, count, out, consumed);
}

Status DecodeDeltaLengthByteArray(const uint8_t* data, size_t size, size_t count, StringRef* out,
                                  size_t* consumed) {
  DeltaDecoder<int32_t> lengths;
  TRIB_RETURN_NOT_OK(lengths.Init(data, size));
  size_t bytes_at = 0;
  TRIB_RETURN_NOT_OK(LengthsEnd(lengths, count, "DELTA_LENGTH_BYTE_ARRAY", &bytes_at));
  const char* bytes = reinterpret_cast<const char*>(data) + bytes_at;
  const size_t available = size - bytes_at;
  size_t offset = 0;
  int32_t chunk[kChunk];
  for (size_t i = 0; i < count;) {
    const size_t n = std::min(kChunk, count - i);
    TRIB_RETURN_NOT_OK(lengths.Next(chunk, n));
    for (size_t k = 0; k < n; k++, i++) {
      const int32_t len = chunk[k];
      if (len < 0) return Status::Corruption("DELTA_LENGTH_BYTE_ARRAY: value {} has negative length {}", i, len);
      if (static_cast<size_t>(len) > available - offset) {
        return Status::Corruption("DELTA_LENGTH_BYTE_ARRAY: value {} of {} bytes overruns the {} bytes left", i,
                                  len, available - offset);
      }
      out[i] = StringRef{bytes + offset, static_cast<uint32_t>(len)};
      offset += static_cast<size_t>(len);
    }
  }
  *consumed = bytes_at + offset;
  return Status::OK();
}

Status DecodeDeltaByteArray(const uint8_t* data, size_t size, size_t count, StringRef* out, StringHeap* heap,
                            size_t* consumed) {
  DeltaDecoder<int32_t> prefixes;
  TRIB_RETURN_NOT_OK(prefixes.Init(data, size));
  size_t suffixes_at = 0;
  TRIB_RETURN_NOT_OK(LengthsEnd(prefixes, count, "DELTA_BYTE_ARRAY prefix", &suffixes_at));
  DeltaDecoder<int32_t> suffixes;
  TRIB_RETURN_NOT_OK(suffixes.Init(data + suffixes_at, size - suffixes_at));
  size_t bytes_rel = 0;
  TRIB_RETURN_NOT_OK(LengthsEnd(suffixes, count, "DELTA_BYTE_ARRAY suffix", &bytes_rel));
  const size_t bytes_at = suffixes_at + bytes_rel;
  const char* bytes = reinterpret_cast<const char*>(data) + bytes_at;
  const size_t available = size - bytes_at;

  size_t offset = 0;
  size_t produced = 0;
  std::string_view prev;
  std::string scratch;
  int32_t pchunk[kChunk], schunk[kChunk];
  for (size_t i = 0; i < count;) {
    const size_t n = std::min(kChunk, count - i);
    TRIB_RETURN_NOT_OK(prefixes.Next(pchunk, n));
    TRIB_RETURN_NOT_OK(suffixes.Next(schunk, n));
    for (size_t k = 0; k < n; k++, i++) {
      const int32_t plen = pchunk[k], slen = schunk[k];
      if (plen < 0 || static_cast<size_t>(plen) > prev.size()) {
        return Status::Corruption("DELTA_BYTE_ARRAY: value {} has prefix length {}, previous value has {} bytes",
                                  i, plen, prev.size());
      }
      if (slen < 0) return Status::Corruption("DELTA_BYTE_ARRAY: value {} has negative suffix length {}", i, slen);
      if (static_cast<size_t>(slen) > available - offset) {
        return Status::Corruption("DELTA_BYTE_ARRAY: suffix of value {} ({} bytes) overruns the {} bytes left", i,
                                  slen, available - offset);
      }
      const size_t total = static_cast<size_t>(plen) + static_cast<size_t>(slen);
      if (total > UINT32_MAX || total > kMaxReconstructedBytes - produced) {
        return Status::Corruption("DELTA_BYTE_ARRAY: reconstructed values exceed {} bytes at value {}",
                                  kMaxReconstructedBytes, i);
      }
      produced += total;
      const std::string_view suffix(bytes + offset, static_cast<size_t>(slen));
      offset += static_cast<size_t>(slen);
      StringRef ref;
      if (plen == 0) {
        ref = heap->Add(suffix);
      } else if (slen == 0) {
        ref = StringRef{prev.data(), static_cast<uint32_t>(plen)};  // a prefix of a value the heap holds
      } else {
        scratch.assign(prev.data(), static_cast<size_t>(plen));
        scratch.append(suffix);
        ref = heap->Add(scratch);
      }
      out[i] = ref;
      prev = ref.view();
    }
  }
  *consumed = bytes_at + offset;
  return Status::OK();
}

void EncodeDeltaBinaryPacked64(const int64_t* values, size_t count, std::string* out) {
  EncodeDeltaRun(count, [values](size_t i) { return values[i]; }, out);
}

void EncodeDeltaLengthByteArray(const StringRef* values, size_t count, std::string* out) {
  EncodeDeltaRun(count, [values](size_t i) { return static_cast<int64_t>(values[i].size); }, out);
  for (size_t i = 0; i < count; i++) out->append(values[i].data, values[i].size);
}

void EncodeDeltaByteArray(const StringRef* values, size_t count, std::string* out) {
  auto prefix = [values](size_t i) -> int64_t {
    if (i == 0) return 0;
    const std::string_view a = values[i - 1].view(), b = values[i].view();
    const size_t limit = std::min(a.size(), b.size());
    size_t p = 0;
    while (p < limit && a[p] == b[p]) p++;
    return static_cast<int64_t>(p);
  };
  std::vector<int64_t> prefixes(count);
  for (size_t i = 0; i < count; i++) prefixes[i] = prefix(i);
  EncodeDeltaRun(count, [&](size_t i) { return prefixes[i]; }, out);
  EncodeDeltaRun(count, [&](size_t i) { return static_cast<int64_t>(values[i].size) - prefixes[i]; }, out);
  for (size_t i = 0; i < count; i++) {
    out->append(values[i].data + prefixes[i], values[i].size - static_cast<size_t>(prefixes[i]));
  }
}

}  // namespace tributary::parquet
