#include "orchestrator/cron.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <cstdint>
#include <limits>
#include <optional>

#include "types/datetime.hpp"

namespace tributary::orchestrator {

namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kWeekdayNames = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

/// One of the five fields: its name in messages, its value range, and the
/// names that may stand for values (`names[i]` is `first_named + i`).
struct FieldSpec {
  std::string_view name;
  int lo;
  int hi;
  const std::string_view* names = nullptr;
  size_t name_count = 0;
  int first_named = 0;
  std::string_view names_hint;   // " or month name (JAN..DEC)"
  bool seven_is_sunday = false;  // day-of-week: 7 folds onto 0
};

constexpr FieldSpec kMinute{"minute", 0, 59};
constexpr FieldSpec kHour{"hour", 0, 23};
constexpr FieldSpec kDayOfMonth{"day-of-month", 1, 31};
constexpr FieldSpec kMonth{"month", 1, 12, kMonthNames.data(), kMonthNames.size(), 1, " or month name (JAN..DEC)"};
constexpr FieldSpec kDayOfWeek{
    "day-of-week", 0, 7, kWeekdayNames.data(), kWeekdayNames.size(), 0, " or weekday name (SUN..SAT)", true};

struct Shorthand {
  std::string_view name;
  std::string_view expansion;
};
constexpr std::array<Shorthand, 7> kShorthands = {{
    {"@hourly", "0 * * * *"},
    {"@daily", "0 0 * * *"},
    {"@midnight", "0 0 * * *"},
    {"@weekly", "0 0 * * 0"},
    {"@monthly", "0 0 1 * *"},
    {"@yearly", "0 0 1 1 *"},
    {"@annually", "0 0 1 1 *"},
}};

/// Days searched for a matching minute before giving up: the Gregorian
/// calendar repeats every 400 years (146097 days), so a schedule that
/// matches any day matches one within that span of any start.
constexpr Days kSearchDays = 146'097 + 366;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

/// A run of digits as a number; runs too long for an int saturate, which
/// every range check then rejects.
int DigitsValue(std::string_view s) {
  int64_t v = 0;
  for (char c : s) {
    v = v * 10 + (c - '0');
    if (v > std::numeric_limits<int>::max()) return std::numeric_limits<int>::max();
  }
  return static_cast<int>(v);
}

std::vector<std::string_view> SplitOn(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) return parts;
    start = pos + 1;
  }
}

std::vector<std::string_view> SplitWhitespace(std::string_view s) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) i++;
    size_t start = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) i++;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

/// Parses one field's text into a bit mask of the values it selects. `expr`
/// is the whole expression, for messages.
class FieldParser {
 public:
  FieldParser(std::string_view expr, const FieldSpec& spec) : expr_(expr), spec_(spec) {}

  Result<uint64_t> Parse(std::string_view text) const {
    uint64_t bits = 0;
    for (std::string_view item : SplitOn(text, ',')) {
      if (item.empty()) return Fail("{} has an empty list item in \"{}\"", spec_.name, text);
      TRIB_ASSIGN_OR_RETURN(uint64_t item_bits, ParseItem(item));
      bits |= item_bits;
    }
    return bits;
  }

 private:
  template <typename... Args>
  Status Fail(fmt::format_string<Args...> f, Args&&... args) const {
    return Status::Invalid("cron \"{}\": {}", expr_, fmt::format(f, std::forward<Args>(args)...));
  }

  /// `*`, `a`, `a-b`, each optionally followed by `/step`; `a/step` runs from
  /// a to the field's maximum.
  Result<uint64_t> ParseItem(std::string_view item) const {
    std::string_view base = item;
    int step = 1;
    bool stepped = false;
    if (size_t slash = item.find('/'); slash != std::string_view::npos) {
      base = item.substr(0, slash);
      std::string_view step_text = item.substr(slash + 1);
      if (!IsDigits(step_text)) return Fail("{} step \"{}\" is not a number", spec_.name, step_text);
      step = DigitsValue(step_text);
      if (step == 0) return Fail("{} step 0 must be at least 1", spec_.name);
      stepped = true;
    }
    int lo = 0;
    int hi = 0;
    if (base == "*") {
      lo = spec_.lo;
      hi = spec_.hi;
    } else if (size_t dash = base.find('-'); dash != std::string_view::npos) {
      TRIB_ASSIGN_OR_RETURN(lo, ParseValue(base.substr(0, dash)));
      TRIB_ASSIGN_OR_RETURN(hi, ParseValue(base.substr(dash + 1)));
      if (lo > hi) return Fail("{} range {} is reversed", spec_.name, base);
    } else {
      TRIB_ASSIGN_OR_RETURN(lo, ParseValue(base));
      hi = stepped ? spec_.hi : lo;
    }
    uint64_t bits = 0;
    for (int v = lo; v <= hi; v += step) {
      bits |= uint64_t{1} << (spec_.seven_is_sunday && v == 7 ? 0 : v);
      if (hi - v < step) break;  // no overflow of v for huge steps
    }
    return bits;
  }

  Result<int> ParseValue(std::string_view text) const {
    if (IsDigits(text)) {
      int v = DigitsValue(text);
      if (v < spec_.lo || v > spec_.hi) {
        return Fail("{} {} is out of range {}-{}", spec_.name, text, spec_.lo, spec_.hi);
      }
      return v;
    }
    for (size_t i = 0; i < spec_.name_count; ++i) {
      if (EqualsIgnoreCase(text, spec_.names[i])) return spec_.first_named + static_cast<int>(i);
    }
    return Fail("{} \"{}\" is not a number{}", spec_.name, text, spec_.names_hint);
  }

  std::string_view expr_;
  const FieldSpec& spec_;
};

template <size_t N>
std::bitset<N> ToBitset(uint64_t bits) {
  return std::bitset<N>(bits);
}

/// 0 = Sunday; 1970-01-01 was a Thursday.
int Weekday(Days date) {
  int w = static_cast<int>((static_cast<int64_t>(date) + 4) % 7);
  return w < 0 ? w + 7 : w;
}

uint32_t DaysInMonth(int32_t year, uint32_t month) {
  static constexpr std::array<uint32_t, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

LocalTime NextMinute(LocalTime t) {
  int32_t s = (t.seconds / 60 + 1) * 60;
  if (s >= 86'400) return LocalTime{t.date + 1, 0};
  return LocalTime{t.date, s};
}

}  // namespace

Result<CronSchedule> CronSchedule::Parse(std::string_view text) {
  std::vector<std::string_view> fields = SplitWhitespace(text);
  if (fields.empty()) return Status::Invalid("cron \"{}\": empty expression", text);
  std::string_view expanded = text;
  if (fields.size() == 1 && fields[0].front() == '@') {
    const Shorthand* found = nullptr;
    for (const Shorthand& s : kShorthands) {
      if (EqualsIgnoreCase(fields[0], s.name)) found = &s;
    }
    if (found == nullptr) {
      return Status::Invalid(
          "cron \"{}\": unknown shorthand \"{}\" (expected @hourly, @daily, @midnight, @weekly, @monthly, @yearly or "
          "@annually)",
          text, fields[0]);
    }
    expanded = found->expansion;
    fields = SplitWhitespace(expanded);
  }
  if (fields.size() != 5) {
    return Status::Invalid(
        "cron \"{}\": expected 5 fields (minute hour day-of-month month day-of-week) or a shorthand such as @daily, "
        "got {}",
        text, fields.size());
  }

  CronSchedule s;
  s.text_ = std::string(text);
  TRIB_ASSIGN_OR_RETURN(uint64_t minutes, FieldParser(text, kMinute).Parse(fields[0]));
  TRIB_ASSIGN_OR_RETURN(uint64_t hours, FieldParser(text, kHour).Parse(fields[1]));
  TRIB_ASSIGN_OR_RETURN(uint64_t days_of_month, FieldParser(text, kDayOfMonth).Parse(fields[2]));
  TRIB_ASSIGN_OR_RETURN(uint64_t months, FieldParser(text, kMonth).Parse(fields[3]));
  TRIB_ASSIGN_OR_RETURN(uint64_t days_of_week, FieldParser(text, kDayOfWeek).Parse(fields[4]));
  s.minutes_ = ToBitset<60>(minutes);
  s.hours_ = ToBitset<24>(hours);
  s.days_of_month_ = ToBitset<32>(days_of_month);
  s.months_ = ToBitset<13>(months);
  s.days_of_week_ = ToBitset<7>(days_of_week);
  // Vixie cron's rule: a day field is unrestricted when it starts with `*`
  // (so `*/2` counts as unrestricted and is ANDed with the other field).
  s.dom_restricted_ = fields[2].front() != '*';
  s.dow_restricted_ = fields[4].front() != '*';

  // When only the day of month decides, some selected day must exist in some
  // selected month (Feb counts 29 days), or the schedule would never fire.
  if (s.dom_restricted_ && !s.dow_restricted_) {
    bool possible = false;
    for (uint32_t m = 1; m <= 12 && !possible; ++m) {
      if (!s.months_[m]) continue;
      for (uint32_t d = 1; d <= DaysInMonth(2000, m); ++d) {
        if (s.days_of_month_[d]) possible = true;
      }
    }
    if (!possible) {
      return Status::Invalid("cron \"{}\": never fires (no selected day-of-month occurs in a selected month)", text);
    }
  }
  return s;
}

bool CronSchedule::Matches(LocalTime local) const {
  int32_t minute_of_day = local.seconds / 60;
  return minutes_[minute_of_day % 60] && hours_[minute_of_day / 60 % 24] && DayMatches(local.date);
}

bool CronSchedule::DayMatches(Days date) const {
  datetime::CivilDate civil = datetime::CivilFromDays(date);
  if (!months_[civil.month]) return false;
  bool dom = days_of_month_[civil.day];
  bool dow = days_of_week_[Weekday(date)];
  return dom_restricted_ && dow_restricted_ ? dom || dow : dom && dow;
}

std::optional<LocalTime> CronSchedule::FirstMatchFrom(LocalTime from) const {
  Days date = from.date;
  int32_t minute_of_day = from.seconds / 60;
  while (date - from.date <= kSearchDays) {
    datetime::CivilDate civil = datetime::CivilFromDays(date);
    if (!months_[civil.month]) {
      // Jump to the first of the next month.
      date = civil.month == 12 ? datetime::DaysFromCivil(civil.year + 1, 1, 1)
                               : datetime::DaysFromCivil(civil.year, civil.month + 1, 1);
      minute_of_day = 0;
      continue;
    }
    if (DayMatches(date)) {
      for (int32_t h = minute_of_day / 60; h < 24; ++h) {
        if (!hours_[h]) continue;
        int32_t first_minute = h == minute_of_day / 60 ? minute_of_day % 60 : 0;
        for (int32_t m = first_minute; m < 60; ++m) {
          if (minutes_[m]) return LocalTime{date, h * 3600 + m * 60};
        }
      }
    }
    date++;
    minute_of_day = 0;
  }
  return std::nullopt;
}

CronFire CronSchedule::NextAfter(Micros after, const TimeZone& zone) const {
  // Every matching local minute L fires at Resolve(L).instant: the instant
  // itself, the end of the gap, or the first occurrence. That map never
  // decreases as L increases, and any L at or before the reading at `after`
  // maps to an instant at or before `after` (`after` itself shows a reading
  // >= L). So the answer is the first matching L after that reading whose
  // instant is later than `after`; earlier minutes sharing its instant would
  // map to <= `after`, so L is also the earliest reading of that instant.
  LocalTime candidate = NextMinute(zone.ToLocal(after));
  while (true) {
    std::optional<LocalTime> match = FirstMatchFrom(candidate);
    if (!match) return CronFire{std::numeric_limits<Micros>::max(), LocalTime{}};
    Micros at = zone.Resolve(*match).instant;
    // A reading after `after`'s that maps to or before it lies in a repeated
    // hour whose first occurrence has passed: it already fired.
    if (at > after) return CronFire{at, *match};
    candidate = NextMinute(*match);
  }
}

std::vector<CronFire> CronSchedule::FiresOn(Days local_date, const TimeZone& zone) const {
  std::vector<CronFire> fires;
  if (!DayMatches(local_date)) return fires;
  // Walk the same sequence NextAfter yields from the earliest instant showing
  // the date (or, if midnight was skipped, the end of that gap), so a minute
  // merged into an earlier date's fire is not reported again here.
  Micros after = zone.Resolve(LocalTime{local_date, 0}).instant - 1;
  while (true) {
    CronFire fire = NextAfter(after, zone);
    if (fire.at == std::numeric_limits<Micros>::max() || fire.local.date > local_date) break;
    if (fire.local.date == local_date) fires.push_back(fire);
    after = fire.at;
  }
  return fires;
}

}  // namespace tributary::orchestrator
