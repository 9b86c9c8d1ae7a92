#include "orchestrator/time_zone.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <chrono>
#include <exception>

#include "types/datetime.hpp"

namespace tributary::orchestrator {

namespace {

constexpr int64_t kSecondsPerDay = 86'400;

/// Floor division, so instants before 1970 land in the right day and second.
int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  return q;
}

date::sys_seconds ToSysSeconds(Micros instant) {
  return date::sys_seconds(std::chrono::seconds(FloorDiv(instant, kMicrosPerSecond)));
}

Micros FromSysSeconds(date::sys_seconds t) {
  return static_cast<Micros>(t.time_since_epoch().count()) * kMicrosPerSecond;
}

/// `seconds` since 1970-01-01 00:00 of some clock split into its date and
/// second of day.
LocalTime SplitSeconds(int64_t seconds) {
  int64_t days = FloorDiv(seconds, kSecondsPerDay);
  return LocalTime{static_cast<Days>(days), static_cast<int32_t>(seconds - days * kSecondsPerDay)};
}

/// "02:30", or "02:30:15" when the seconds are not zero.
std::string FormatSecondOfDay(int32_t seconds) {
  int32_t h = seconds / 3600;
  int32_t m = seconds / 60 % 60;
  int32_t s = seconds % 60;
  if (s == 0) return fmt::format("{:02}:{:02}", h, m);
  return fmt::format("{:02}:{:02}:{:02}", h, m, s);
}

/// Two ASCII digits at `text[pos]` as a number, or -1.
int TwoDigits(std::string_view text, size_t pos) {
  if (pos + 2 > text.size()) return -1;
  char a = text[pos];
  char b = text[pos + 1];
  if (a < '0' || a > '9' || b < '0' || b > '9') return -1;
  return (a - '0') * 10 + (b - '0');
}

}  // namespace

Result<TimeZone> TimeZone::Find(std::string_view name) {
  // locate_zone throws std::runtime_error for a name tzdata lacks (and could
  // throw while first reading /usr/share/zoneinfo); both mean "no such zone".
  try {
    const date::time_zone* zone = date::locate_zone(name);
    return TimeZone(zone, std::string(name));
  } catch (const std::exception&) {
    return Status::Invalid("unknown time zone \"{}\"", name);
  }
}

LocalTime TimeZone::ToLocal(Micros instant) const {
  date::sys_seconds t = ToSysSeconds(instant);
  date::sys_info info = zone_->get_info(t);
  return SplitSeconds(t.time_since_epoch().count() + info.offset.count());
}

LocalResolution TimeZone::Resolve(LocalTime local) const {
  int64_t local_seconds = static_cast<int64_t>(local.date) * kSecondsPerDay + local.seconds;
  date::local_seconds t{std::chrono::seconds(local_seconds)};
  date::local_info info = zone_->get_info(t);
  auto instant_with = [&](const date::sys_info& i) { return (local_seconds - i.offset.count()) * kMicrosPerSecond; };
  LocalResolution r;
  switch (info.result) {
    case date::local_info::unique:
      r.kind = LocalResolution::Kind::kUnique;
      r.instant = instant_with(info.first);
      break;
    case date::local_info::nonexistent:
      // `first` is the period before the gap, `second` the one after; the
      // gap ends where `second` begins.
      r.kind = LocalResolution::Kind::kSkipped;
      r.instant = FromSysSeconds(info.second.begin);
      break;
    case date::local_info::ambiguous:
      r.kind = LocalResolution::Kind::kRepeated;
      r.instant = instant_with(info.first);
      r.later = instant_with(info.second);
      break;
  }
  return r;
}

int32_t TimeZone::OffsetSeconds(Micros instant) const {
  return static_cast<int32_t>(zone_->get_info(ToSysSeconds(instant)).offset.count());
}

std::string TimeZone::Abbreviation(Micros instant) const { return zone_->get_info(ToSysSeconds(instant)).abbrev; }

std::string FormatLocalTime(LocalTime local) {
  return datetime::FormatDate(local.date) + " " + FormatSecondOfDay(local.seconds);
}

std::string FormatUtc(Micros instant) {
  LocalTime utc = SplitSeconds(FloorDiv(instant, kMicrosPerSecond));
  return datetime::FormatDate(utc.date) + " " + FormatSecondOfDay(utc.seconds) + "Z";
}

Result<int32_t> ParseTimeOfDay(std::string_view text) {
  auto bad = [&] { return Status::Invalid("bad time of day \"{}\" (expected HH:MM or HH:MM:SS)", text); };
  if (text.size() != 5 && text.size() != 8) return bad();
  int h = TwoDigits(text, 0);
  int m = TwoDigits(text, 3);
  int s = 0;
  if (text[2] != ':' || h < 0 || h > 23 || m < 0 || m > 59) return bad();
  if (text.size() == 8) {
    s = TwoDigits(text, 6);
    if (text[5] != ':' || s < 0 || s > 59) return bad();
  }
  return h * 3600 + m * 60 + s;
}

}  // namespace tributary::orchestrator
