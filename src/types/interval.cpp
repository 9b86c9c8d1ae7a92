#include "types/interval.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "types/datetime.hpp"

namespace tributary {

__int128 interval_t::Span() const {
  return (static_cast<__int128>(months) * interval::kDaysPerMonth + days) * datetime::kMicrosPerDay + micros;
}

namespace interval {

namespace {

using datetime::kMicrosPerDay;
using datetime::kMicrosPerSecond;
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;

enum class Unit { kMicrosecond, kMillisecond, kSecond, kMinute, kHour, kDay, kWeek, kMonth, kYear, kDecade, kCentury, kMillennium, kNone };

Unit UnitOf(std::string_view w) {
  struct Name {
    const char* text;
    Unit unit;
  };
  static constexpr Name kNames[] = {
      {"microsecond", Unit::kMicrosecond}, {"microseconds", Unit::kMicrosecond}, {"us", Unit::kMicrosecond},
      {"usec", Unit::kMicrosecond},        {"usecs", Unit::kMicrosecond},        {"millisecond", Unit::kMillisecond},
      {"milliseconds", Unit::kMillisecond}, {"ms", Unit::kMillisecond},          {"msec", Unit::kMillisecond},
      {"msecs", Unit::kMillisecond},       {"second", Unit::kSecond},            {"seconds", Unit::kSecond},
      {"sec", Unit::kSecond},              {"secs", Unit::kSecond},              {"s", Unit::kSecond},
      {"minute", Unit::kMinute},           {"minutes", Unit::kMinute},           {"min", Unit::kMinute},
      {"mins", Unit::kMinute},             {"m", Unit::kMinute},                 {"hour", Unit::kHour},
      {"hours", Unit::kHour},              {"hr", Unit::kHour},                  {"hrs", Unit::kHour},
      {"h", Unit::kHour},                  {"day", Unit::kDay},                  {"days", Unit::kDay},
      {"d", Unit::kDay},                   {"week", Unit::kWeek},                {"weeks", Unit::kWeek},
      {"w", Unit::kWeek},                  {"month", Unit::kMonth},              {"months", Unit::kMonth},
      {"mon", Unit::kMonth},               {"mons", Unit::kMonth},               {"year", Unit::kYear},
      {"years", Unit::kYear},              {"yr", Unit::kYear},                  {"yrs", Unit::kYear},
      {"y", Unit::kYear},                  {"decade", Unit::kDecade},            {"decades", Unit::kDecade},
      {"century", Unit::kCentury},         {"centuries", Unit::kCentury},        {"millennium", Unit::kMillennium},
      {"millennia", Unit::kMillennium},    {"millenniums", Unit::kMillennium},
  };
  for (const auto& n : kNames) {
    if (w == n.text) return n.unit;
  }
  return Unit::kNone;
}

/// Accumulates fields as PostgreSQL's DecodeInterval does: whole units add
/// to their field and fractions cascade down (months → days → time).
struct Fields {
  int64_t months = 0;
  int64_t days = 0;
  double micros = 0;  // rounded at the end

  void AddFractionalDays(double days_fraction) {
    double whole = std::trunc(days_fraction);
    days += static_cast<int64_t>(whole);
    micros += std::rint((days_fraction - whole) * static_cast<double>(kMicrosPerDay));
  }

  void Add(double value, Unit unit) {
    double whole = std::trunc(value), frac = value - whole;
    switch (unit) {
      case Unit::kMicrosecond: micros += value; break;
      case Unit::kMillisecond: micros += value * 1000; break;
      case Unit::kSecond: micros += value * kMicrosPerSecond; break;
      case Unit::kMinute: micros += value * kMicrosPerMinute; break;
      case Unit::kHour: micros += value * kMicrosPerHour; break;
      case Unit::kDay:
        days += static_cast<int64_t>(whole);
        micros += std::rint(frac * static_cast<double>(kMicrosPerDay));
        break;
      case Unit::kWeek:
        days += static_cast<int64_t>(whole) * 7;
        AddFractionalDays(frac * 7);
        break;
      case Unit::kMonth:
        months += static_cast<int64_t>(whole);
        AddFractionalDays(frac * kDaysPerMonth);
        break;
      case Unit::kYear: months += static_cast<int64_t>(whole) * 12 + static_cast<int64_t>(std::rint(frac * 12)); break;
      case Unit::kDecade: months += static_cast<int64_t>(whole) * 120 + static_cast<int64_t>(std::rint(frac * 120)); break;
      case Unit::kCentury: months += static_cast<int64_t>(whole) * 1200 + static_cast<int64_t>(std::rint(frac * 1200)); break;
      case Unit::kMillennium:
        months += static_cast<int64_t>(whole) * 12000 + static_cast<int64_t>(std::rint(frac * 12000));
        break;
      case Unit::kNone: break;
    }
  }
};

/// "[+-]H:MM[:SS[.ffffff]]" → signed microseconds.
bool ParseTime(std::string_view t, double* out) {
  bool negative = false;
  if (!t.empty() && (t[0] == '+' || t[0] == '-')) {
    negative = t[0] == '-';
    t.remove_prefix(1);
  }
  double parts[3] = {0, 0, 0};
  int n = 0;
  while (!t.empty()) {
    if (n == 3) return false;
    size_t colon = t.find(':');
    std::string piece(t.substr(0, colon));
    if (piece.empty()) return false;
    bool fraction_ok = n == 2 || (colon == std::string_view::npos && n == 1);
    for (char c : piece) {
      if (!std::isdigit(static_cast<unsigned char>(c)) && !(c == '.' && fraction_ok)) return false;
    }
    parts[n++] = std::strtod(piece.c_str(), nullptr);
    if (colon == std::string_view::npos) break;
    t.remove_prefix(colon + 1);
    if (t.empty()) return false;
  }
  if (n < 2) return false;
  if (parts[1] >= 60 || parts[2] >= 60) return false;
  double v = parts[0] * kMicrosPerHour + parts[1] * kMicrosPerMinute + std::rint(parts[2] * kMicrosPerSecond);
  *out = negative ? -v : v;
  return true;
}

bool IsNumber(std::string_view s, double* out) {
  if (s.empty()) return false;
  std::string text(s);
  char* end = nullptr;
  bool digit = false;
  for (char c : text) digit |= std::isdigit(static_cast<unsigned char>(c)) != 0;
  if (!digit) return false;
  *out = std::strtod(text.c_str(), &end);
  return *end == '\0';
}

/// Splits "7days" into "7" and "days".
size_t NumberPrefix(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) i++;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) i++;
  return i;
}

}  // namespace

Result<interval_t> Parse(std::string_view text) {
  auto invalid = [&] { return Status::Invalid("invalid input syntax for type interval: \"{}\"", text); };
  std::vector<std::string> words;
  std::string current;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!current.empty()) words.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  if (!words.empty() && words[0] == "@") words.erase(words.begin());
  bool ago = false;
  if (!words.empty() && words.back() == "ago") {
    ago = true;
    words.pop_back();
  }
  if (words.empty()) return invalid();
  Fields f;
  for (size_t i = 0; i < words.size(); i++) {
    const std::string& w = words[i];
    double time;
    if (w.find(':') != std::string::npos) {
      if (!ParseTime(w, &time)) return invalid();
      f.micros += time;
      continue;
    }
    size_t digits = NumberPrefix(w);
    double number;
    if (digits == 0 || !IsNumber(std::string_view(w).substr(0, digits), &number)) return invalid();
    Unit unit;
    if (digits < w.size()) {
      unit = UnitOf(std::string_view(w).substr(digits));
    } else if (i + 1 < words.size() && UnitOf(words[i + 1]) != Unit::kNone) {
      unit = UnitOf(words[++i]);
    } else if (i + 1 == words.size()) {
      unit = Unit::kSecond;  // a trailing bare number counts seconds
    } else {
      return invalid();
    }
    if (unit == Unit::kNone) return invalid();
    f.Add(number, unit);
  }
  double micros = std::rint(f.micros);
  if (f.months > INT32_MAX || f.months < INT32_MIN || f.days > INT32_MAX || f.days < INT32_MIN ||
      !(std::fabs(micros) < 9.2e18)) {
    return Status::OutOfRange("interval field value out of range: \"{}\"", text);
  }
  interval_t out{static_cast<int32_t>(f.months), static_cast<int32_t>(f.days), static_cast<int64_t>(micros)};
  if (ago) {
    interval_t negated;
    if (!Negate(out, &negated)) return Status::OutOfRange("interval field value out of range: \"{}\"", text);
    out = negated;
  }
  return out;
}

std::string Format(const interval_t& v) {
  std::string out;
  bool is_zero = true, is_before = false;
  auto part = [&](int64_t value, const char* unit) {
    if (value == 0) return;
    out += fmt::format("{}{}{} {}{}", is_zero ? "" : " ", is_before && value > 0 ? "+" : "", value, unit,
                       value != 1 ? "s" : "");
    is_before = value < 0;
    is_zero = false;
  };
  part(v.months / 12, "year");
  part(v.months % 12, "mon");
  part(v.days, "day");
  int64_t t = v.micros;
  int64_t hours = t / kMicrosPerHour;
  t -= hours * kMicrosPerHour;
  int64_t minutes = t / kMicrosPerMinute;
  t -= minutes * kMicrosPerMinute;
  int64_t seconds = t / kMicrosPerSecond;
  int64_t frac = t - seconds * kMicrosPerSecond;
  if (is_zero || v.micros != 0) {
    bool minus = hours < 0 || minutes < 0 || seconds < 0 || frac < 0;
    out += fmt::format("{}{}{:02d}:{:02d}:{:02d}", is_zero ? "" : " ", minus ? "-" : (is_before ? "+" : ""),
                       std::llabs(hours), std::llabs(minutes), std::llabs(seconds));
    if (frac != 0) {
      std::string f = fmt::format("{:06d}", std::llabs(frac));
      while (f.back() == '0') f.pop_back();
      out += "." + f;
    }
  }
  return out;
}

bool Add(const interval_t& a, const interval_t& b, interval_t* out) {
  return !__builtin_add_overflow(a.months, b.months, &out->months) &&
         !__builtin_add_overflow(a.days, b.days, &out->days) && !__builtin_add_overflow(a.micros, b.micros, &out->micros);
}

bool Negate(const interval_t& a, interval_t* out) {
  return !__builtin_sub_overflow(0, a.months, &out->months) && !__builtin_sub_overflow(0, a.days, &out->days) &&
         !__builtin_sub_overflow(int64_t{0}, a.micros, &out->micros);
}

namespace {

/// PostgreSQL's interval_mul / interval_div: `apply` is x*factor or x/factor.
template <typename Op>
bool Scale(const interval_t& a, Op apply, interval_t* out) {
  auto fits32 = [](double d) { return !std::isnan(d) && d <= INT32_MAX && d >= INT32_MIN; };
  // TSROUND: rounds to microsecond precision so near-whole results come out whole.
  auto ts_round = [](double d) { return std::rint(d * 1e6) / 1e6; };
  double months = apply(static_cast<double>(a.months));
  double days = apply(static_cast<double>(a.days));
  if (!fits32(months) || !fits32(days)) return false;
  out->months = static_cast<int32_t>(months);
  out->days = static_cast<int32_t>(days);
  double month_remainder_days = ts_round((months - out->months) * kDaysPerMonth);
  double sec_remainder =
      ts_round((days - out->days + month_remainder_days - static_cast<int>(month_remainder_days)) * 86400.0);
  if (std::fabs(sec_remainder) >= 86400.0) {
    int whole_days = static_cast<int>(sec_remainder / 86400.0);
    if (__builtin_add_overflow(out->days, whole_days, &out->days)) return false;
    sec_remainder -= whole_days * 86400.0;
  }
  if (__builtin_add_overflow(out->days, static_cast<int32_t>(month_remainder_days), &out->days)) return false;
  double micros = std::rint(apply(static_cast<double>(a.micros)) + sec_remainder * kMicrosPerSecond);
  if (std::isnan(micros) || !(micros >= -9.223372036854775e18 && micros < 9.223372036854775e18)) return false;
  out->micros = static_cast<int64_t>(micros);
  return true;
}

bool IsLeap(int32_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int32_t y, uint32_t m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[m - 1] + (m == 2 && IsLeap(y) ? 1 : 0);
}

}  // namespace

bool Multiply(const interval_t& a, double factor, interval_t* out) {
  return Scale(a, [factor](double x) { return x * factor; }, out);
}

bool Divide(const interval_t& a, double divisor, interval_t* out) {
  return Scale(a, [divisor](double x) { return x / divisor; }, out);
}

bool AddToTimestamp(int64_t micros, const interval_t& v, int64_t* out) {
  int64_t result = micros;
  if (v.months != 0) {
    int32_t days = datetime::TimestampToDays(result);
    int64_t time_of_day = result - int64_t{days} * kMicrosPerDay;
    datetime::CivilDate c = datetime::CivilFromDays(days);
    int64_t total = int64_t{c.year} * 12 + (c.month - 1) + v.months;
    int64_t year = total >= 0 ? total / 12 : (total - 11) / 12;
    auto month = static_cast<uint32_t>(total - year * 12 + 1);
    if (year > 294276 || year < -4713) return false;
    uint32_t day = std::min<uint32_t>(c.day, static_cast<uint32_t>(DaysInMonth(static_cast<int32_t>(year), month)));
    result = int64_t{datetime::DaysFromCivil(static_cast<int32_t>(year), month, day)} * kMicrosPerDay + time_of_day;
  }
  if (v.days != 0 && __builtin_add_overflow(result, int64_t{v.days} * kMicrosPerDay, &result)) return false;
  if (__builtin_add_overflow(result, v.micros, &result)) return false;
  *out = result;
  return true;
}

interval_t Between(int64_t later, int64_t earlier) {
  int64_t time = later - earlier;
  interval_t out;
  int64_t whole_days = time / kMicrosPerDay;  // truncates toward zero
  time -= whole_days * kMicrosPerDay;
  out.days = static_cast<int32_t>(whole_days);
  out.micros = time;
  return out;
}

interval_t Age(int64_t a, int64_t b) {
  struct Tm {
    int64_t year, mon, mday, hour, min, sec, fsec;
  };
  auto split = [](int64_t micros) {
    int32_t days = datetime::TimestampToDays(micros);
    int64_t t = micros - int64_t{days} * kMicrosPerDay;
    datetime::CivilDate c = datetime::CivilFromDays(days);
    return Tm{c.year, c.month, c.day, t / kMicrosPerHour, t / kMicrosPerMinute % 60, t / kMicrosPerSecond % 60,
              t % kMicrosPerSecond};
  };
  Tm t1 = split(a), t2 = split(b);
  Tm d{t1.year - t2.year, t1.mon - t2.mon, t1.mday - t2.mday, t1.hour - t2.hour,
       t1.min - t2.min,   t1.sec - t2.sec, t1.fsec - t2.fsec};
  bool flip = a < b;
  auto negate = [](Tm& x) {
    x = Tm{-x.year, -x.mon, -x.mday, -x.hour, -x.min, -x.sec, -x.fsec};
  };
  if (flip) negate(d);
  while (d.fsec < 0) d.fsec += kMicrosPerSecond, d.sec--;
  while (d.sec < 0) d.sec += 60, d.min--;
  while (d.min < 0) d.min += 60, d.hour--;
  while (d.hour < 0) d.hour += 24, d.mday--;
  while (d.mday < 0) {
    // Borrow the length of the earlier timestamp's month.
    const Tm& from = flip ? t1 : t2;
    d.mday += DaysInMonth(static_cast<int32_t>(from.year), static_cast<uint32_t>(from.mon));
    d.mon--;
  }
  while (d.mon < 0) d.mon += 12, d.year--;
  if (flip) negate(d);
  interval_t out;
  out.months = static_cast<int32_t>(d.year * 12 + d.mon);
  out.days = static_cast<int32_t>(d.mday);
  out.micros = ((d.hour * 60 + d.min) * 60 + d.sec) * kMicrosPerSecond + d.fsec;
  return out;
}

}  // namespace interval
}  // namespace tributary
