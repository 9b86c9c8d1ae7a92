#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace tributary {

/// Calendar arithmetic for DATE (int32 days since 1970-01-01) and TIMESTAMP /
/// TIMESTAMPTZ (int64 microseconds since 1970-01-01 00:00:00, UTC for TZ),
/// proleptic Gregorian as PostgreSQL and Parquet use.
namespace datetime {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

struct CivilDate {
  int32_t year;
  uint32_t month;  // 1..12
  uint32_t day;    // 1..31
};

int32_t DaysFromCivil(int32_t year, uint32_t month, uint32_t day);
CivilDate CivilFromDays(int32_t days);
bool IsValidCivil(int32_t year, uint32_t month, uint32_t day);

/// The current time as a timestamp (UTC microseconds).
int64_t NowMicros();

/// Floor division of a timestamp into its day.
inline int32_t TimestampToDays(int64_t micros) {
  int64_t d = micros / kMicrosPerDay;
  if (micros % kMicrosPerDay < 0) d--;
  return static_cast<int32_t>(d);
}

/// "2024-03-01"; years before 1 print with " BC" as PostgreSQL does.
std::string FormatDate(int32_t days);
/// "2024-03-01 13:45:00.25"; with `utc_suffix` appends "+00".
std::string FormatTimestamp(int64_t micros, bool utc_suffix = false);

/// Parses "YYYY-MM-DD".
Result<int32_t> ParseDate(std::string_view text);
/// Parses "YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]][Z|±HH[:MM]]" or a bare date.
/// An offset, when present, is applied (the result is UTC).
Result<int64_t> ParseTimestamp(std::string_view text);

}  // namespace datetime
}  // namespace tributary
