#include "parquet/rle_bitpacking.hpp"

#include <gtest/gtest.h>

#include <random>

namespace tributary::parquet {
namespace {

std::vector<uint32_t> Pattern(int width, size_t n, int kind, std::mt19937_64& rng) {
  uint64_t mask = width == 0 ? 0 : (width == 32 ? 0xffffffffull : (1ull << width) - 1);
  std::vector<uint32_t> v(n);
  for (size_t i = 0; i < n; i++) {
    switch (kind) {
      case 0: v[i] = static_cast<uint32_t>(rng() & mask); break;                       // random: bit-packed
      case 1: v[i] = static_cast<uint32_t>((i / 37) & mask); break;                   // long runs: RLE
      case 2: v[i] = static_cast<uint32_t>((i % 50 < 10 ? mask : rng() & mask)); break;  // mixed
      default: v[i] = static_cast<uint32_t>(mask); break;                            // all max
    }
  }
  return v;
}

TEST(RleBitPacking, RoundTripEveryBitWidth) {
  std::mt19937_64 rng(1);
  for (int width = 0; width <= 32; width++) {
    for (size_t n : {size_t{0}, size_t{1}, size_t{7}, size_t{8}, size_t{9}, size_t{31}, size_t{32}, size_t{33},
                     size_t{1000}, size_t{4099}}) {
      for (int kind = 0; kind < 4; kind++) {
        SCOPED_TRACE(testing::Message() << "width " << width << " n " << n << " kind " << kind);
        auto values = Pattern(width, n, kind, rng);
        std::string encoded;
        EncodeRleBitPacked(values.data(), values.size(), width, &encoded);
        // Decode in uneven slices to cross run and group boundaries.
        RleBitPackedDecoder dec(reinterpret_cast<const uint8_t*>(encoded.data()), encoded.size(), width);
        std::vector<uint32_t> out(n);
        size_t done = 0, step = 1;
        while (done < n) {
          size_t k = std::min(n - done, step);
          ASSERT_TRUE(dec.Decode(out.data() + done, k).ok());
          done += k;
          step = step * 3 % 101 + 1;
        }
        ASSERT_EQ(out, values);
        // Asking for more than was encoded (beyond group padding) fails.
        std::vector<uint32_t> extra(16);
        if (width > 0) {
          EXPECT_FALSE(dec.Decode(extra.data(), 16).ok() && dec.remaining_bytes() > 0);
        }
        if (width <= 8) {
          RleBitPackedDecoder bytes_dec(reinterpret_cast<const uint8_t*>(encoded.data()), encoded.size(), width);
          std::vector<uint8_t> narrow(n);
          ASSERT_TRUE(bytes_dec.Decode(narrow.data(), n).ok());
          for (size_t i = 0; i < n; i++) ASSERT_EQ(narrow[i], values[i]);
        }
      }
    }
  }
}

TEST(RleBitPacking, Unpack32MatchesPackedBits) {
  std::mt19937_64 rng(2);
  for (int width = 0; width <= 32; width++) {
    std::vector<uint8_t> packed(4 * static_cast<size_t>(width) + 1);
    for (auto& b : packed) b = static_cast<uint8_t>(rng());
    uint32_t out[32];
    Unpack32(packed.data(), width, out);
    for (int j = 0; j < 32; j++) {
      uint64_t expect = 0;
      for (int b = 0; b < width; b++) {
        int bit = j * width + b;
        expect |= static_cast<uint64_t>((packed[static_cast<size_t>(bit / 8)] >> (bit % 8)) & 1) << b;
      }
      ASSERT_EQ(out[j], expect) << "width " << width << " value " << j;
    }
  }
}

TEST(RleBitPacking, TruncatedAndMalformedInputFails) {
  std::vector<uint32_t> values(100, 5);
  for (size_t i = 50; i < 100; i++) values[i] = static_cast<uint32_t>(i % 7);
  std::string encoded;
  EncodeRleBitPacked(values.data(), values.size(), 3, &encoded);
  // The final bit-packed run ends in padding, so only cuts into real values count.
  for (size_t len = 0; len + 2 < encoded.size(); len++) {
    RleBitPackedDecoder dec(reinterpret_cast<const uint8_t*>(encoded.data()), len, 3);
    std::vector<uint32_t> out(100);
    EXPECT_FALSE(dec.Decode(out.data(), 100).ok()) << len;
  }
  // RLE value that does not fit the bit width.
  std::string bad = "\x10\x09";  // run of 8, value 9 at width 3
  RleBitPackedDecoder dec(reinterpret_cast<const uint8_t*>(bad.data()), bad.size(), 3);
  uint32_t out[8];
  EXPECT_FALSE(dec.Decode(out, 8).ok());
  EXPECT_EQ(BitWidthFor(0), 0);
  EXPECT_EQ(BitWidthFor(1), 1);
  EXPECT_EQ(BitWidthFor(255), 8);
  EXPECT_EQ(BitWidthFor(256), 9);
}

}  // namespace
}  // namespace tributary::parquet
