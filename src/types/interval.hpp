#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace tributary {

/// An INTERVAL as PostgreSQL keeps it: months, days and microseconds, each
/// with its own sign, so '1 month' stays a calendar month when added to a
/// date. For ordering and equality a month counts 30 days and a day 24 hours
/// ('1 mon' = '30 days', as in PostgreSQL); the fields are kept as given.
struct interval_t {
  int32_t months = 0;
  int32_t days = 0;
  int64_t micros = 0;

  /// The whole span in microseconds under the 30-day month, 24-hour day rule.
  __int128 Span() const;
  friend bool operator==(const interval_t& a, const interval_t& b) { return a.Span() == b.Span(); }
  friend std::strong_ordering operator<=>(const interval_t& a, const interval_t& b) { return a.Span() <=> b.Span(); }
};
static_assert(sizeof(interval_t) == 16);

namespace interval {

constexpr int32_t kDaysPerMonth = 30;

/// PostgreSQL's interval input: "7 days", "1 year 2 mons", "-1 day +02:00",
/// "1 day 02:03:04.5", "1.5 hours", "3 weeks ago", a bare number of seconds.
/// Fails with a message naming the text.
Result<interval_t> Parse(std::string_view text);

/// PostgreSQL's default output style: "1 year 2 mons 3 days 04:05:06.5",
/// "-1 days +02:00:00", "00:00:00" for zero.
std::string Format(const interval_t& v);

/// a + b and a - b field by field; false on overflow.
bool Add(const interval_t& a, const interval_t& b, interval_t* out);
bool Negate(const interval_t& a, interval_t* out);
/// interval * factor (and / factor via 1/factor) with PostgreSQL's cascade of
/// fractional months into days and fractional days into time. False on
/// overflow.
bool Multiply(const interval_t& a, double factor, interval_t* out);
bool Divide(const interval_t& a, double divisor, interval_t* out);

/// timestamp + interval: months first (a day past the month's end clamps to
/// its last day), then days, then time. False when out of range.
bool AddToTimestamp(int64_t micros, const interval_t& v, int64_t* out);
/// timestamp - timestamp as PostgreSQL gives it: whole days and the rest as
/// time, with the same sign.
interval_t Between(int64_t later, int64_t earlier);
/// age(a, b): the symbolic difference in years, months, days and time, with
/// borrowing from the month before `a`, as PostgreSQL computes it.
interval_t Age(int64_t a, int64_t b);

}  // namespace interval
}  // namespace tributary
