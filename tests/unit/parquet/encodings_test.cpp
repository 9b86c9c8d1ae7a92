#include "parquet/encodings.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace tributary::parquet {
namespace {

std::string Uleb(uint64_t v) {
  std::string s;
  while (v >= 0x80) {
    s.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  s.push_back(static_cast<char>(v));
  return s;
}
std::string ZigZag(int64_t v) { return Uleb((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
const uint8_t* Bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

void RoundTrip64(const std::vector<int64_t>& values) {
  std::string enc;
  EncodeDeltaBinaryPacked64(values.data(), values.size(), &enc);
  enc += "trailing";  // decoders must stop exactly at the end of the run
  std::vector<int64_t> got(values.size());
  size_t consumed = 0;
  ASSERT_TRUE(DecodeDeltaBinaryPacked64(Bytes(enc), enc.size(), values.size(), got.data(), &consumed).ok());
  EXPECT_EQ(consumed, enc.size() - 8);
  EXPECT_EQ(got, values);
}

TEST(DeltaBinaryPacked, EmptyAndSingle) {
  RoundTrip64({});
  RoundTrip64({42});
  RoundTrip64({-7});
  RoundTrip64({5, 5});
}

TEST(DeltaBinaryPacked, ExtremesAndNegativeDeltas) {
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min(), kMax = std::numeric_limits<int64_t>::max();
  RoundTrip64({kMin, kMax, kMin, kMax, 0, -1, kMin});
  RoundTrip64({kMax, kMax - 1, kMax - 2, kMin + 1, kMin});
  std::vector<int64_t> down;
  for (int i = 0; i < 1000; i++) down.push_back(1'000'000 - i * 37);
  RoundTrip64(down);
  RoundTrip64(std::vector<int64_t>(1000, kMin));
  RoundTrip64(std::vector<int64_t>(129, 3));
}

TEST(DeltaBinaryPacked, EveryBitWidth) {
  std::mt19937_64 rng(7);
  for (int width = 0; width <= 64; width++) {
    // Deltas spanning exactly `width` bits: one delta with the top bit set.
    std::vector<int64_t> values{0};
    uint64_t cur = 0;
    for (int i = 0; i < 300; i++) {
      uint64_t d = width == 0 ? 0 : (width == 64 ? rng() : rng() & ((uint64_t{1} << width) - 1));
      if (i == 5 && width > 0) d = uint64_t{1} << (width - 1);
      cur += d;
      values.push_back(static_cast<int64_t>(cur));
    }
    SCOPED_TRACE(width);
    RoundTrip64(values);
  }
}

TEST(DeltaBinaryPacked, RandomSizes) {
  std::mt19937_64 rng(11);
  for (size_t n : {2, 31, 32, 33, 127, 128, 129, 255, 256, 257, 1000, 4097}) {
    std::vector<int64_t> values(n);
    for (auto& v : values) v = static_cast<int64_t>(rng() >> (rng() % 64));
    SCOPED_TRACE(n);
    RoundTrip64(values);
  }
}

TEST(DeltaBinaryPacked, Int32WrapsLikeTheSpec) {
  // A writer computing in 32 bits wraps INT32_MIN - INT32_MAX to 1.
  const std::vector<int32_t> values{std::numeric_limits<int32_t>::max(), std::numeric_limits<int32_t>::min(), 0,
                                    -5, 17};
  std::vector<int64_t> wide(values.begin(), values.end());
  std::string enc;
  EncodeDeltaBinaryPacked64(wide.data(), wide.size(), &enc);
  std::vector<int32_t> got(values.size());
  size_t consumed = 0;
  ASSERT_TRUE(DecodeDeltaBinaryPacked32(Bytes(enc), enc.size(), values.size(), got.data(), &consumed).ok());
  EXPECT_EQ(got, values);

  // Hand-built 32-bit-wrapping stream: first INT32_MAX, min delta 1 (wraps to INT32_MIN).
  std::string hand = Uleb(128) + Uleb(4) + Uleb(2) + ZigZag(std::numeric_limits<int32_t>::max()) + ZigZag(1) +
                     std::string(4, '\0');
  int32_t two[2];
  ASSERT_TRUE(DecodeDeltaBinaryPacked32(Bytes(hand), hand.size(), 2, two, &consumed).ok());
  EXPECT_EQ(two[1], std::numeric_limits<int32_t>::min());
  EXPECT_EQ(consumed, hand.size());
}

TEST(DeltaBinaryPacked, ForeignBlockShapesAndPartialReads) {
  // 256-value blocks with 8 miniblocks of 32 (DuckDB's shape), garbage widths
  // for the unused miniblocks of the last block.
  std::string enc = Uleb(256) + Uleb(8) + Uleb(4) + ZigZag(10) + ZigZag(-1);
  enc += std::string("\x01\xff\xee\x90\x00\x00\x00\x00", 8);
  // Three deltas of -1 + {1,0,1}: 10, 10, 9, 9; packed at width 1 -> bits 1,0,1.
  enc += std::string("\x05\x00\x00\x00", 4);
  int64_t got[4];
  size_t consumed = 0;
  ASSERT_TRUE(DecodeDeltaBinaryPacked64(Bytes(enc), enc.size(), 4, got, &consumed).ok());
  EXPECT_EQ(std::vector<int64_t>(got, got + 4), (std::vector<int64_t>{10, 10, 9, 9}));
  EXPECT_EQ(consumed, enc.size());
  // Reading fewer values than the run holds still reports the run's end.
  ASSERT_TRUE(DecodeDeltaBinaryPacked64(Bytes(enc), enc.size(), 2, got, &consumed).ok());
  EXPECT_EQ(consumed, enc.size());
  // An unpadded last miniblock is accepted when it ends the buffer.
  std::string short_enc = enc.substr(0, enc.size() - 3);
  ASSERT_TRUE(DecodeDeltaBinaryPacked64(Bytes(short_enc), short_enc.size(), 4, got, &consumed).ok());
  EXPECT_EQ(got[3], 9);
}

void ExpectCorrupt(const std::string& enc, size_t count, const std::string& needle) {
  std::vector<int64_t> out(count);
  size_t consumed = 0;
  Status st = DecodeDeltaBinaryPacked64(Bytes(enc), enc.size(), count, out.data(), &consumed);
  ASSERT_FALSE(st.ok()) << "accepted: " << needle;
  EXPECT_TRUE(st.IsCorruption()) << st.ToString();
  EXPECT_NE(st.message().find(needle), std::string::npos) << st.ToString();
}

TEST(DeltaBinaryPacked, CorruptInputs) {
  const std::string head = Uleb(128) + Uleb(4);
  ExpectCorrupt("", 1, "block size truncated");
  ExpectCorrupt(Uleb(100) + Uleb(4) + Uleb(1) + ZigZag(0), 1, "block size 100");
  ExpectCorrupt(Uleb(0) + Uleb(1) + Uleb(1) + ZigZag(0), 1, "block size 0");
  ExpectCorrupt(Uleb(128) + Uleb(3) + Uleb(1) + ZigZag(0), 1, "3 miniblocks");
  ExpectCorrupt(Uleb(128) + Uleb(8) + Uleb(1) + ZigZag(0), 1, "8 miniblocks");
  ExpectCorrupt(Uleb(128) + Uleb(0) + Uleb(1) + ZigZag(0), 1, "0 miniblocks");
  ExpectCorrupt(head + Uleb(3) + ZigZag(0), 5, "holds 3 values, 5 expected");
  ExpectCorrupt(head + Uleb(3), 3, "first value truncated");
  ExpectCorrupt(head + Uleb(3) + std::string(11, '\xff'), 3, "first value");
  ExpectCorrupt(head + Uleb(3) + ZigZag(0), 3, "block min delta truncated");
  ExpectCorrupt(head + Uleb(3) + ZigZag(0) + ZigZag(0) + "\x01", 3, "bit widths truncated");
  ExpectCorrupt(head + Uleb(3) + ZigZag(0) + ZigZag(0) + std::string("\x41\0\0\0", 4) + std::string(300, '\0'), 3,
                "bit width 65");
  ExpectCorrupt(head + Uleb(40) + ZigZag(0) + ZigZag(0) + std::string("\x08\x08\0\0", 4) + std::string(32, '\0'),
                40, "truncated");
  // Declared total larger than the bytes can hold: the skip to the run's end fails.
  ExpectCorrupt(head + Uleb(1000) + ZigZag(0) + ZigZag(0) + std::string("\x02\x02\x02\x02", 4) +
                    std::string(32, '\0'),
                1, "truncated");
  // A huge declared count with zero-width miniblocks runs out of bytes, not time.
  ExpectCorrupt(head + Uleb(uint64_t{1} << 62) + ZigZag(0) + std::string(64, '\0'), 1, "truncated");
}

std::vector<StringRef> Refs(const std::vector<std::string>& strings) {
  std::vector<StringRef> refs;
  for (const auto& s : strings) refs.push_back({s.data(), static_cast<uint32_t>(s.size())});
  return refs;
}

std::vector<std::string> Strings(const StringRef* refs, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; i++) out.emplace_back(refs[i].view());
  return out;
}

void RoundTripStrings(const std::vector<std::string>& values) {
  auto refs = Refs(values);
  {
    std::string enc;
    EncodeDeltaLengthByteArray(refs.data(), refs.size(), &enc);
    std::vector<StringRef> got(values.size());
    size_t consumed = 0;
    ASSERT_TRUE(DecodeDeltaLengthByteArray(Bytes(enc), enc.size(), values.size(), got.data(), &consumed).ok());
    EXPECT_EQ(consumed, enc.size());
    EXPECT_EQ(Strings(got.data(), got.size()), values);
  }
  {
    std::string enc;
    EncodeDeltaByteArray(refs.data(), refs.size(), &enc);
    enc += "xyz";
    std::vector<StringRef> got(values.size());
    StringHeap heap;
    size_t consumed = 0;
    ASSERT_TRUE(DecodeDeltaByteArray(Bytes(enc), enc.size(), values.size(), got.data(), &heap, &consumed).ok());
    EXPECT_EQ(consumed, enc.size() - 3);
    EXPECT_EQ(Strings(got.data(), got.size()), values);
  }
}

TEST(DeltaByteArrays, RoundTrips) {
  RoundTripStrings({});
  RoundTripStrings({""});
  RoundTripStrings({"only"});
  RoundTripStrings({"", "", ""});
  RoundTripStrings({"apple", "applesauce", "apply", "b", "", "banana", "banana", "band"});
  std::mt19937_64 rng(3);
  std::vector<std::string> random;
  for (int i = 0; i < 3000; i++) {
    std::string s = random.empty() || rng() % 3 == 0 ? "" : random.back().substr(0, rng() % 12);
    for (size_t k = rng() % 20; k > 0; k--) s.push_back(static_cast<char>('a' + rng() % 4));
    random.push_back(s);
  }
  RoundTripStrings(random);
}

TEST(DeltaByteArrays, CorruptInputs) {
  size_t consumed = 0;
  std::vector<StringRef> out(4);
  StringHeap heap;
  // Lengths {3, -1}: negative length.
  {
    std::vector<int64_t> lengths{3, -1};
    std::string enc;
    EncodeDeltaBinaryPacked64(lengths.data(), 2, &enc);
    enc += "abc";
    Status st = DecodeDeltaLengthByteArray(Bytes(enc), enc.size(), 2, out.data(), &consumed);
    ASSERT_TRUE(st.IsCorruption());
    EXPECT_NE(st.message().find("negative length"), std::string::npos) << st.ToString();
  }
  // Lengths overrun the bytes present.
  {
    std::vector<int64_t> lengths{3, 10};
    std::string enc;
    EncodeDeltaBinaryPacked64(lengths.data(), 2, &enc);
    enc += "abcdef";
    Status st = DecodeDeltaLengthByteArray(Bytes(enc), enc.size(), 2, out.data(), &consumed);
    ASSERT_TRUE(st.IsCorruption());
    EXPECT_NE(st.message().find("overruns"), std::string::npos) << st.ToString();
  }
  // Prefix longer than the previous value.
  {
    std::vector<int64_t> prefixes{0, 4}, suffixes{3, 1};
    std::string enc;
    EncodeDeltaBinaryPacked64(prefixes.data(), 2, &enc);
    EncodeDeltaBinaryPacked64(suffixes.data(), 2, &enc);
    enc += "abcd";
    Status st = DecodeDeltaByteArray(Bytes(enc), enc.size(), 2, out.data(), &heap, &consumed);
    ASSERT_TRUE(st.IsCorruption());
    EXPECT_NE(st.message().find("prefix length 4"), std::string::npos) << st.ToString();
  }
  // First prefix must be 0; a negative suffix; too few lengths.
  {
    std::vector<int64_t> prefixes{1}, suffixes{1};
    std::string enc;
    EncodeDeltaBinaryPacked64(prefixes.data(), 1, &enc);
    EncodeDeltaBinaryPacked64(suffixes.data(), 1, &enc);
    enc += "a";
    EXPECT_TRUE(DecodeDeltaByteArray(Bytes(enc), enc.size(), 1, out.data(), &heap, &consumed).IsCorruption());
    EXPECT_TRUE(DecodeDeltaByteArray(Bytes(enc), enc.size(), 3, out.data(), &heap, &consumed).IsCorruption());
  }
  {
    std::vector<int64_t> prefixes{0}, suffixes{-2};
    std::string enc;
    EncodeDeltaBinaryPacked64(prefixes.data(), 1, &enc);
    EncodeDeltaBinaryPacked64(suffixes.data(), 1, &enc);
    Status st = DecodeDeltaByteArray(Bytes(enc), enc.size(), 1, out.data(), &heap, &consumed);
    ASSERT_TRUE(st.IsCorruption());
    EXPECT_NE(st.message().find("negative suffix"), std::string::npos) << st.ToString();
  }
  // Prefix bombs: a tiny input reconstructing gigabytes stops at the bound.
  {
    const size_t n = 2000;
    std::vector<int64_t> prefixes(n, 1'000'000), suffixes(n, 0);
    prefixes[0] = 0;
    suffixes[0] = 1'000'000;
    std::string enc;
    EncodeDeltaBinaryPacked64(prefixes.data(), n, &enc);
    EncodeDeltaBinaryPacked64(suffixes.data(), n, &enc);
    enc += std::string(1'000'000, 'x');
    std::vector<StringRef> big(n);
    Status st = DecodeDeltaByteArray(Bytes(enc), enc.size(), n, big.data(), &heap, &consumed);
    ASSERT_TRUE(st.IsCorruption());
    EXPECT_NE(st.message().find("exceed"), std::string::npos) << st.ToString();
  }
}

TEST(ByteStreamSplit, RoundTripsEveryWidth) {
  std::mt19937 rng(5);
  for (size_t width : {1, 2, 3, 4, 8, 12, 16}) {
    for (size_t count : {0, 1, 7, 1000}) {
      std::vector<uint8_t> values(count * width);
      for (auto& b : values) b = static_cast<uint8_t>(rng());
      std::string enc;
      EncodeByteStreamSplit(values.data(), count, width, &enc);
      ASSERT_EQ(enc.size(), count * width);
      std::vector<uint8_t> got(count * width + 1);
      ASSERT_TRUE(DecodeByteStreamSplit(Bytes(enc), enc.size(), count, width, got.data()).ok());
      got.pop_back();
      EXPECT_EQ(got, values) << "width " << width << " count " << count;
    }
  }
}

TEST(ByteStreamSplit, LayoutMatchesTheSpec) {
  const float values[2] = {1.0f, -2.5f};
  std::string enc;
  EncodeByteStreamSplit(reinterpret_cast<const uint8_t*>(values), 2, 4, &enc);
  uint8_t raw[8];
  std::memcpy(raw, values, 8);
  for (int k = 0; k < 4; k++) {
    EXPECT_EQ(static_cast<uint8_t>(enc[k * 2]), raw[k]);
    EXPECT_EQ(static_cast<uint8_t>(enc[k * 2 + 1]), raw[4 + k]);
  }
}

TEST(ByteStreamSplit, RejectsWrongSizes) {
  uint8_t buf[64] = {};
  uint8_t out[64];
  EXPECT_TRUE(DecodeByteStreamSplit(buf, 15, 4, 4, out).IsCorruption());
  EXPECT_TRUE(DecodeByteStreamSplit(buf, 17, 4, 4, out).IsCorruption());
  EXPECT_TRUE(DecodeByteStreamSplit(buf, 16, 4, 0, out).IsCorruption());
  EXPECT_TRUE(DecodeByteStreamSplit(buf, 16, SIZE_MAX / 2, 8, out).IsCorruption());
  EXPECT_TRUE(DecodeByteStreamSplit(buf, 16, 2, 8, out).ok());
}

}  // namespace
}  // namespace tributary::parquet
