#include <gtest/gtest.h>

#include "types/datetime.hpp"
#include "types/decimal.hpp"
#include "types/logical_type.hpp"
#include "types/value.hpp"

namespace tributary {
namespace {

TEST(LogicalType, ParsesPostgresNamesAndAliases) {
  EXPECT_EQ(LogicalType::Parse("int4").value(), LogicalType::Integer());
  EXPECT_EQ(LogicalType::Parse("BIGINT").value(), LogicalType::BigInt());
  EXPECT_EQ(LogicalType::Parse("double precision").value(), LogicalType::Double());
  EXPECT_EQ(LogicalType::Parse("varchar(20)").value(), LogicalType::Varchar(20));
  EXPECT_EQ(LogicalType::Parse("numeric(12, 2)").value(), LogicalType::NumericUnchecked(12, 2));
  EXPECT_EQ(LogicalType::Parse("timestamp with time zone").value(), LogicalType::TimestampTz());
  EXPECT_EQ(LogicalType::NumericUnchecked(12, 2).ToString(), "numeric(12,2)");
  EXPECT_EQ(LogicalType::Varchar(20).ToString(), "character varying(20)");
}

TEST(LogicalType, RejectsBadNamesWithTheName) {
  auto r = LogicalType::Parse("numeric(40,2)");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("precision 40"), std::string::npos);
  auto r2 = LogicalType::Parse("blob");
  ASSERT_FALSE(r2.ok());
  EXPECT_NE(r2.status().message().find("blob"), std::string::npos);
}

TEST(Decimal, ParseAndPrintAreExactAndRoundHalfAwayFromZero) {
  EXPECT_EQ(decimal::Parse("12.345", 10, 2).value(), 1235);
  EXPECT_EQ(decimal::Parse("-12.345", 10, 2).value(), -1235);
  EXPECT_EQ(decimal::Parse("1e3", 10, 2).value(), 100000);
  EXPECT_EQ(decimal::Parse("0.004", 10, 2).value(), 0);
  EXPECT_EQ(decimal::Parse("0.005", 10, 2).value(), 1);
  EXPECT_EQ(decimal::ToString(-1250, 2), "-12.50");
  EXPECT_EQ(decimal::ToString(5, 3), "0.005");
  EXPECT_EQ(decimal::ToString(42, 0), "42");
  std::string big = "12345678901234567890123456789012345678";
  EXPECT_EQ(decimal::ToString(decimal::Parse(big, 38, 0).value(), 0), big);
  EXPECT_FALSE(decimal::Parse("123", 2, 0).ok());
  EXPECT_FALSE(decimal::Parse("12a", 10, 0).ok());
}

TEST(Decimal, BigEndianRoundTrip) {
  for (int128_t v : {int128_t{0}, int128_t{-1}, int128_t{127}, int128_t{-129}, decimal::PowerOfTen(30) + 7}) {
    uint8_t buf[16];
    decimal::ToBigEndian(v, 16, buf);
    EXPECT_EQ(decimal::FromBigEndian(buf, 16), v);
  }
  EXPECT_EQ(decimal::BytesForPrecision(9), 4);
  EXPECT_EQ(decimal::BytesForPrecision(18), 8);
  EXPECT_EQ(decimal::BytesForPrecision(38), 16);
}

TEST(Datetime, CivilRoundTripAcrossEras) {
  for (int32_t d = -800000; d < 800000; d += 997) {
    auto c = datetime::CivilFromDays(d);
    EXPECT_EQ(datetime::DaysFromCivil(c.year, c.month, c.day), d);
  }
  EXPECT_EQ(datetime::ParseDate("2024-02-29").value(), datetime::DaysFromCivil(2024, 2, 29));
  EXPECT_FALSE(datetime::ParseDate("2023-02-29").ok());
  EXPECT_EQ(datetime::FormatDate(0), "1970-01-01");
}

TEST(Datetime, TimestampsParseOffsetsToUtc) {
  int64_t t = datetime::ParseTimestamp("2024-03-01 13:45:00.25+02").value();
  EXPECT_EQ(datetime::FormatTimestamp(t, true), "2024-03-01 11:45:00.25+00");
  EXPECT_EQ(datetime::FormatTimestamp(-1), "1969-12-31 23:59:59.999999");
  EXPECT_FALSE(datetime::ParseTimestamp("2024-03-01 25:00").ok());
}

TEST(Value, ComparesNumericsAcrossScales) {
  EXPECT_EQ(Value::Numeric(150, 10, 2).Compare(Value::Numeric(15, 10, 1)), 0);
  EXPECT_LT(Value::Double(1.0).Compare(Value::Double(std::nan(""))), 0);
  EXPECT_EQ(Value::Numeric(-1250, 10, 2).ToString(), "-12.50");
}

}  // namespace
}  // namespace tributary
