#include "iceberg/murmur3.hpp"

#include <cstring>

namespace tributary::iceberg {

namespace {

constexpr uint32_t kC1 = 0xcc9e2d51;
constexpr uint32_t kC2 = 0x1b873593;

uint32_t RotateLeft(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

uint32_t MixKey(uint32_t k) {
  k *= kC1;
  k = RotateLeft(k, 15);
  return k * kC2;
}

uint32_t FinalMix(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

}  // namespace

int32_t Murmur3Hash32(const uint8_t* data, size_t length) {
  uint32_t h = 0;  // seed
  const size_t blocks = length / 4;
  for (size_t i = 0; i < blocks; i++) {
    // Blocks are read little-endian, as the reference implementation does on x86.
    const uint8_t* b = data + 4 * i;
    uint32_t k = uint32_t{b[0]} | (uint32_t{b[1]} << 8) | (uint32_t{b[2]} << 16) | (uint32_t{b[3]} << 24);
    h ^= MixKey(k);
    h = RotateLeft(h, 13);
    h = h * 5 + 0xe6546b64;
  }
  const uint8_t* tail = data + 4 * blocks;
  uint32_t k = 0;
  switch (length & 3) {
    case 3: k ^= uint32_t{tail[2]} << 16; [[fallthrough]];
    case 2: k ^= uint32_t{tail[1]} << 8; [[fallthrough]];
    case 1:
      k ^= tail[0];
      h ^= MixKey(k);
      break;
    default: break;
  }
  h ^= static_cast<uint32_t>(length);
  return static_cast<int32_t>(FinalMix(h));
}

}  // namespace tributary::iceberg
