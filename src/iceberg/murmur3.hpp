#pragma once

#include <cstddef>
#include <cstdint>

namespace tributary::iceberg {

/// MurmurHash3 x86 32-bit with seed 0, as the Iceberg spec (appendix B)
/// requires for the bucket transform. Returned as the signed int Java sees.
int32_t Murmur3Hash32(const uint8_t* data, size_t length);

}  // namespace tributary::iceberg
