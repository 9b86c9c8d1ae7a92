#pragma once

#include <cstddef>
#include <cstdint>

#include "common/status.hpp"
#include "vector/vector.hpp"

namespace tributary::parquet {

/// Decoders for the encodings other writers produce (parquet-format's
/// Encodings.md). Each reads `count` non-null values from `[data, data+size)`
/// into `out` and fails with Corruption — never reads past `size`, never
/// allocates more than the values it was asked for — when the bytes are
/// malformed. `*consumed` receives the bytes used.

/// DELTA_BINARY_PACKED for INT32 columns (values widened in int64 arithmetic,
/// wrapping as the spec says).
Status DecodeDeltaBinaryPacked32(const uint8_t* data, size_t size, size_t count, int32_t* out, size_t* consumed);
/// DELTA_BINARY_PACKED for INT64 columns.
Status DecodeDeltaBinaryPacked64(const uint8_t* data, size_t size, size_t count, int64_t* out, size_t* consumed);
/// DELTA_LENGTH_BYTE_ARRAY: lengths (delta-packed) then the concatenated bytes.
/// Strings point into `data`, which the caller keeps alive (e.g. by adopting
/// the page buffer into the vector's heap).
Status DecodeDeltaLengthByteArray(const uint8_t* data, size_t size, size_t count, StringRef* out,
                                  size_t* consumed);
/// DELTA_BYTE_ARRAY (incremental/front compression): prefix lengths, suffixes.
/// Reconstructed strings are copied into `heap`.
Status DecodeDeltaByteArray(const uint8_t* data, size_t size, size_t count, StringRef* out, StringHeap* heap,
                            size_t* consumed);
/// BYTE_STREAM_SPLIT for fixed-width values of `width` bytes (4: FLOAT/INT32,
/// 8: DOUBLE/INT64, or a FIXED_LEN_BYTE_ARRAY width). Output is `count *
/// width` bytes, little-endian, in `out`. `size` must be exactly
/// count*width for a page holding only these values.
Status DecodeByteStreamSplit(const uint8_t* data, size_t size, size_t count, size_t width, uint8_t* out);

/// Encoders, so tests (and a future writer option) can produce the same
/// encodings. `out` is appended to.
void EncodeDeltaBinaryPacked64(const int64_t* values, size_t count, std::string* out);
void EncodeDeltaLengthByteArray(const StringRef* values, size_t count, std::string* out);
void EncodeDeltaByteArray(const StringRef* values, size_t count, std::string* out);
void EncodeByteStreamSplit(const uint8_t* values, size_t count, size_t width, std::string* out);

}  // namespace tributary::parquet
