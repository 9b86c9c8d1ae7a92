#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/status.hpp"
#include "parquet/parquet_schema.hpp"

namespace tributary::parquet {

/// Largest page Tributary decompresses; bigger pages are rejected rather than
/// allocated.
constexpr size_t kMaxPageBytes = size_t{1} << 30;

/// Appends the compressed form of `[data, data+size)` to `out`. `level` is
/// used by ZSTD and GZIP.
Status Compress(Codec codec, int level, const uint8_t* data, size_t size, std::string* out);

/// Decompresses exactly `uncompressed_size` bytes into `out` (which has room
/// for them). Fails with Corruption when the input is malformed, does not
/// fill `out` exactly, or declares a size other than `uncompressed_size`;
/// NotSupported for codecs Tributary does not read.
Status Decompress(Codec codec, const uint8_t* data, size_t size, uint8_t* out, size_t uncompressed_size);

/// Upper bound on how many bytes `compressed_size` bytes of `codec` can
/// expand to, so a page header's claimed size can be rejected before any
/// allocation.
size_t MaxDecompressedSize(Codec codec, size_t compressed_size);

}  // namespace tributary::parquet
