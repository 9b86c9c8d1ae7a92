// The wire codec's pure functions: binary parameters decoded to the text
// of the same value, and the startup packet decoder's checks.
#include <gtest/gtest.h>

#include "pg_test_client.hpp"
#include "server/pg_wire.hpp"

namespace tributary::server {
namespace {

std::string Numeric(int16_t weight, int16_t sign, int16_t dscale, std::vector<int16_t> digits) {
  std::string out;
  for (int16_t v : {static_cast<int16_t>(digits.size()), weight, sign, dscale}) {
    out += static_cast<char>((v >> 8) & 0xff);
    out += static_cast<char>(v & 0xff);
  }
  for (int16_t d : digits) {
    out += static_cast<char>((d >> 8) & 0xff);
    out += static_cast<char>(d & 0xff);
  }
  return out;
}

TEST(PgWireTest, BinaryNumericParametersReadAsText) {
  EXPECT_EQ(BinaryParameterText(1700, Numeric(0, 0, 2, {1, 2500})).ValueOrDie(), "1.25");
  EXPECT_EQ(BinaryParameterText(1700, Numeric(-1, 0x4000, 4, {12})).ValueOrDie(), "-0.0012");
  EXPECT_EQ(BinaryParameterText(1700, Numeric(2, 0, 0, {1, 2345, 6789})).ValueOrDie(), "123456789");
  EXPECT_EQ(BinaryParameterText(1700, Numeric(1, 0, 1, {7})).ValueOrDie(), "70000.0");
  EXPECT_EQ(BinaryParameterText(1700, Numeric(0, 0, 0, {})).ValueOrDie(), "0");
  EXPECT_FALSE(BinaryParameterText(1700, Numeric(0, 0, 0, {10000})).ok());
  EXPECT_FALSE(BinaryParameterText(1700, "\x01").ok());
}

TEST(PgWireTest, BinaryFixedWidthParameters) {
  EXPECT_EQ(BinaryParameterText(23, testing::Int32Bytes(-42)).ValueOrDie(), "-42");
  EXPECT_EQ(BinaryParameterText(20, std::string("\x00\x00\x00\x01\x00\x00\x00\x00", 8)).ValueOrDie(), "4294967296");
  EXPECT_EQ(BinaryParameterText(16, std::string("\x01", 1)).ValueOrDie(), "true");
  EXPECT_EQ(BinaryParameterText(701, std::string("\x3f\xf8\x00\x00\x00\x00\x00\x00", 8)).ValueOrDie(), "1.5");
  Status wrong = BinaryParameterText(23, "abc").status();
  EXPECT_NE(wrong.message().find("has 3 bytes, not 4"), std::string::npos) << wrong.ToString();
  EXPECT_EQ(BinaryParameterText(1186, "x").status().code(), StatusCode::kNotSupported);
}

TEST(PgWireTest, StartupPacketChecks) {
  std::string ok = testing::StartupBytes({{"user", "u"}, {"application_name", "a"}}).substr(4);
  Result<StartupPacket> p = ParseStartupPacket(ok);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->params.at("user"), "u");
  EXPECT_FALSE(ParseStartupPacket(ok.substr(0, ok.size() - 1)).ok());  // final terminator missing
  EXPECT_FALSE(ParseStartupPacket(testing::Int32Bytes(80877103) + "x").ok());  // SSLRequest with a tail
  EXPECT_EQ(ParseStartupPacket(testing::Int32Bytes(80877102) + testing::Int32Bytes(7) + testing::Int32Bytes(9))->cancel_key, 9);
}

}  // namespace
}  // namespace tributary::server
