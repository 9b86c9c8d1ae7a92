#include "parquet/codec.hpp"

#include <gtest/gtest.h>

#include <random>

namespace tributary::parquet {
namespace {

TEST(ParquetCodec, RoundTripAndSizeChecks) {
  std::mt19937 rng(5);
  std::string data;
  for (int i = 0; i < 100000; i++) data.push_back(static_cast<char>(i % 251 < 200 ? 'a' + i % 7 : rng()));
  for (Codec codec : {Codec::kUncompressed, Codec::kSnappy, Codec::kGzip, Codec::kZstd, Codec::kLz4Raw}) {
    SCOPED_TRACE(CodecName(codec));
    std::string compressed;
    ASSERT_TRUE(Compress(codec, 3, reinterpret_cast<const uint8_t*>(data.data()), data.size(), &compressed).ok());
    if (codec != Codec::kUncompressed) {
      EXPECT_LT(compressed.size(), data.size());
    }
    EXPECT_LE(data.size(), MaxDecompressedSize(codec, compressed.size()));
    std::string out(data.size(), '\0');
    const auto* in = reinterpret_cast<const uint8_t*>(compressed.data());
    ASSERT_TRUE(Decompress(codec, in, compressed.size(), reinterpret_cast<uint8_t*>(out.data()), out.size()).ok());
    EXPECT_EQ(out, data);
    // A declared size that differs from the real one is rejected both ways.
    std::string small(data.size() - 1, '\0'), big(data.size() + 1, '\0');
    EXPECT_FALSE(Decompress(codec, in, compressed.size(), reinterpret_cast<uint8_t*>(small.data()), small.size()).ok());
    EXPECT_FALSE(Decompress(codec, in, compressed.size(), reinterpret_cast<uint8_t*>(big.data()), big.size()).ok());
    // Truncated and corrupted streams are rejected, never crash.
    if (codec != Codec::kUncompressed) {
      EXPECT_FALSE(Decompress(codec, in, compressed.size() / 2, reinterpret_cast<uint8_t*>(out.data()), out.size()).ok());
      for (int i = 0; i < 200; i++) {
        std::string bad = compressed;
        bad[rng() % bad.size()] ^= static_cast<char>(1 + rng() % 255);
        (void)Decompress(codec, reinterpret_cast<const uint8_t*>(bad.data()), bad.size(),
                         reinterpret_cast<uint8_t*>(out.data()), out.size());
      }
    }
  }
  std::string out(10, '\0');
  EXPECT_EQ(Decompress(static_cast<Codec>(3), nullptr, 0, reinterpret_cast<uint8_t*>(out.data()), 10).code(),
            StatusCode::kNotSupported);
}

}  // namespace
}  // namespace tributary::parquet
