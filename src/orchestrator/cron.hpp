#pragma once

#include <bitset>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "orchestrator/time_zone.hpp"

namespace tributary::orchestrator {

/// One firing of a schedule: the instant and the wall-clock time it was
/// scheduled for in the schedule's zone. When the scheduled local time fell
/// in a DST gap, `at` is the end of the gap and `local` still the scheduled
/// reading (so a daily 02:30 run in Berlin on 2026-03-29 has local
/// 2026-03-29 02:30, at 01:00Z).
struct CronFire {
  Micros at = 0;
  LocalTime local;
};

/// A cron schedule in local wall-clock time: five fields (minute hour
/// day-of-month month day-of-week) with `*`, lists `a,b`, ranges `a-b`, steps
/// `*/n`, `a-b/n` and `a/n` (a to the field's maximum), month names JAN..DEC,
/// weekday names SUN..SAT (names case-insensitive; 0 and 7 are Sunday), and
/// the shorthands @hourly @daily @midnight @weekly @monthly @yearly
/// @annually. When both day fields are restricted a day matches either; as in
/// Vixie cron, a day field starting with `*` counts as unrestricted (so `*/2`
/// is ANDed with the other field).
///
/// DST: every local minute that matches is served by exactly one fire. A
/// local time that does not exist (spring forward) fires at the first instant
/// after the gap; a local time that occurs twice (fall back) fires at its
/// first occurrence only. So a daily schedule fires once per local date,
/// whatever the zone.
/// Fires are strictly increasing in `at`: when several matching minutes map
/// to the same instant (02:00 and 02:30, skipped, and 03:00 on a Berlin
/// spring-forward day all mean 01:00Z) they make one fire, carrying the
/// earliest scheduled reading. An hourly schedule thus fires 23 times that
/// day (02:00 at 01:00Z, no separate 03:00) and 24 times on the fall-back day.
class CronSchedule {
 public:
  /// Fails with Invalid naming the expression, the field and the value:
  /// `cron "0 25 * * *": hour 25 is out of range 0-23`. Also rejects
  /// schedules that can never fire ("0 0 30 2 *").
  static Result<CronSchedule> Parse(std::string_view text);

  const std::string& text() const { return text_; }
  /// The first fire strictly after `after` in `zone`. Only a schedule that
  /// matches nothing (default-constructed; Parse rejects such) has none: then
  /// `at` is the largest Micros.
  CronFire NextAfter(Micros after, const TimeZone& zone) const;
  /// Every fire whose scheduled local date is `local_date`, in order.
  std::vector<CronFire> FiresOn(Days local_date, const TimeZone& zone) const;
  /// Whether the wall-clock minute `local` (seconds ignored) matches.
  bool Matches(LocalTime local) const;

 private:
  /// Whether the local date passes the month and day fields.
  bool DayMatches(Days date) const;
  /// The first matching minute at or after `from` (its minute), searching
  /// day by day (skipping unselected months) for up to 400 years.
  std::optional<LocalTime> FirstMatchFrom(LocalTime from) const;

  std::string text_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_of_month_;  // 1..31
  std::bitset<13> months_;         // 1..12
  std::bitset<7> days_of_week_;    // 0 = Sunday
  bool dom_restricted_ = false;
  bool dow_restricted_ = false;
};

}  // namespace tributary::orchestrator
