#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace date {
class time_zone;
}

namespace tributary::orchestrator {

/// Instants are UTC microseconds since the epoch (as TIMESTAMPTZ); local
/// calendar dates are days since 1970-01-01 (as DATE).
using Micros = int64_t;
using Days = int32_t;

constexpr Micros kMicrosPerSecond = 1'000'000;
constexpr Micros kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr Micros kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr Micros kMicrosPerDay = 24 * kMicrosPerHour;

/// A wall-clock reading in some zone: a local calendar date and the seconds
/// since its local midnight (0..86399). It names no instant by itself.
struct LocalTime {
  Days date = 0;
  int32_t seconds = 0;

  friend bool operator==(const LocalTime&, const LocalTime&) = default;
  friend auto operator<=>(const LocalTime&, const LocalTime&) = default;
};

/// How a local wall-clock time maps to instants in a zone.
struct LocalResolution {
  enum class Kind : uint8_t {
    kUnique,    // exactly one instant
    kSkipped,   // in a spring-forward gap: no instant shows this time
    kRepeated,  // in a fall-back overlap: two instants show this time
  };
  Kind kind = Kind::kUnique;
  /// kUnique: the instant. kSkipped: the first instant after the gap (the
  /// transition itself). kRepeated: the earlier of the two.
  Micros instant = 0;
  /// kRepeated only: the later instant.
  Micros later = 0;
};

/// An IANA time zone from the system's tz database (tzdata), with its DST
/// rules. Cheap to copy (points into the process-wide database).
class TimeZone {
 public:
  /// UTC, so that a config struct holds a usable zone before its file is read.
  TimeZone() : TimeZone(Find("UTC").ValueOrDie()) {}
  /// "Europe/Berlin", "UTC"… Unknown names fail with Invalid naming the name:
  /// `unknown time zone "Europe/Berln"`.
  static Result<TimeZone> Find(std::string_view name);

  const std::string& name() const { return name_; }
  /// The wall-clock reading at `instant`.
  LocalTime ToLocal(Micros instant) const;
  /// The instant(s) showing `local`.
  LocalResolution Resolve(LocalTime local) const;
  /// UTC offset in seconds at `instant` (+3600 for CET, -25200 for PDT).
  int32_t OffsetSeconds(Micros instant) const;
  /// The zone's abbreviation at `instant` ("CEST", "PST", "-03").
  std::string Abbreviation(Micros instant) const;

 private:
  TimeZone(const date::time_zone* zone, std::string name) : zone_(zone), name_(std::move(name)) {}
  const date::time_zone* zone_ = nullptr;
  std::string name_;
};

/// "2026-03-29 02:30" (seconds shown only when non-zero).
std::string FormatLocalTime(LocalTime local);
/// "2026-03-29 01:30:00Z"-style UTC text of an instant: "2026-03-29 01:30Z".
std::string FormatUtc(Micros instant);
/// Parses a wall-clock time of day "HH:MM" or "HH:MM:SS" (00:00..23:59:59)
/// into seconds since midnight. Invalid names the text and the form expected.
Result<int32_t> ParseTimeOfDay(std::string_view text);

}  // namespace tributary::orchestrator
