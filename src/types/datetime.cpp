#include "types/datetime.hpp"

#include <cctype>
#include <chrono>

namespace tributary::datetime {

// Days/civil conversions follow the well-known era-based derivation: shift the
// year to start in March so the leap day is last, then count 400-year eras.
int32_t DaysFromCivil(int32_t year, uint32_t month, uint32_t day) {
  int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<uint32_t>(y - era * 400);
  uint32_t mp = (month + 9) % 12;  // March = 0
  uint32_t doy = (153 * mp + 2) / 5 + day - 1;
  uint32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int32_t>(era * 146097 + static_cast<int64_t>(doe) - 719468);
}

CivilDate CivilFromDays(int32_t days) {
  int64_t z = static_cast<int64_t>(days) + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = static_cast<uint32_t>(z - era * 146097);
  uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  uint32_t mp = (5 * doy + 2) / 153;
  uint32_t d = doy - (153 * mp + 2) / 5 + 1;
  uint32_t m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int32_t>(y + (m <= 2 ? 1 : 0)), m, d};
}

bool IsValidCivil(int32_t year, uint32_t month, uint32_t day) {
  static constexpr uint32_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  uint32_t limit = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= limit;
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatDate(int32_t days) {
  CivilDate c = CivilFromDays(days);
  if (c.year <= 0) return fmt::format("{:04d}-{:02d}-{:02d} BC", 1 - c.year, c.month, c.day);
  return fmt::format("{:04d}-{:02d}-{:02d}", c.year, c.month, c.day);
}

std::string FormatTimestamp(int64_t micros, bool utc_suffix) {
  int32_t days = TimestampToDays(micros);
  int64_t rem = micros - static_cast<int64_t>(days) * kMicrosPerDay;
  int64_t secs = rem / kMicrosPerSecond, frac = rem % kMicrosPerSecond;
  CivilDate c = CivilFromDays(days);
  std::string out = fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d}:{:02d}", c.year <= 0 ? 1 - c.year : c.year,
                                c.month, c.day, secs / 3600, secs / 60 % 60, secs % 60);
  if (frac != 0) {
    std::string f = fmt::format("{:06d}", frac);
    while (f.back() == '0') f.pop_back();
    out += "." + f;
  }
  if (utc_suffix) out += "+00";
  if (c.year <= 0) out += " BC";
  return out;
}

namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  bool done() const { return pos_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[pos_]; }
  bool Eat(char c) {
    if (peek() != c) return false;
    pos_++;
    return true;
  }
  // Reads between min and max digits.
  bool Number(int min_digits, int max_digits, int64_t* out, int* digits = nullptr) {
    int64_t v = 0;
    int n = 0;
    while (n < max_digits && !done() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) {
      v = v * 10 + (s_[pos_++] - '0');
      n++;
    }
    if (digits) *digits = n;
    *out = v;
    return n >= min_digits;
  }
  void SkipSpaces() {
    while (!done() && std::isspace(static_cast<unsigned char>(s_[pos_]))) pos_++;
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

/// `*out_of_range` is set when the text has a date's shape but no such day
/// exists (PostgreSQL's 22008 rather than 22007).
bool ScanDate(Scanner& sc, int32_t* days, bool* out_of_range) {
  int64_t y, m, d;
  if (!sc.Number(1, 6, &y) || !sc.Eat('-') || !sc.Number(1, 2, &m) || !sc.Eat('-') || !sc.Number(1, 2, &d)) {
    return false;
  }
  if (!IsValidCivil(static_cast<int32_t>(y), static_cast<uint32_t>(m), static_cast<uint32_t>(d))) {
    *out_of_range = true;
    return false;
  }
  *days = DaysFromCivil(static_cast<int32_t>(y), static_cast<uint32_t>(m), static_cast<uint32_t>(d));
  return true;
}

}  // namespace

Result<int32_t> ParseDate(std::string_view text) {
  Scanner sc(text);
  sc.SkipSpaces();
  int32_t days;
  bool out_of_range = false;
  if (!ScanDate(sc, &days, &out_of_range)) {
    sc.SkipSpaces();
    if (out_of_range) return Status::OutOfRange("date/time field value out of range: \"{}\"", text);
    return Status::Invalid("invalid input syntax for type date: \"{}\"", text);
  }
  sc.SkipSpaces();
  if (!sc.done()) return Status::Invalid("invalid input syntax for type date: \"{}\"", text);
  return days;
}

Result<int64_t> ParseTimestamp(std::string_view text) {
  auto invalid = [&] { return Status::Invalid("invalid input syntax for type timestamp: \"{}\"", text); };
  auto out_of_range = [&] { return Status::OutOfRange("date/time field value out of range: \"{}\"", text); };
  Scanner sc(text);
  sc.SkipSpaces();
  int32_t days;
  bool bad_day = false;
  if (!ScanDate(sc, &days, &bad_day)) return bad_day ? out_of_range() : invalid();
  int64_t micros = static_cast<int64_t>(days) * kMicrosPerDay;
  if (sc.Eat('T') || sc.Eat(' ')) {
    sc.SkipSpaces();
    int64_t h, mi, s = 0;
    if (!sc.Number(1, 2, &h) || !sc.Eat(':') || !sc.Number(2, 2, &mi)) return invalid();
    if (sc.Eat(':')) {
      if (!sc.Number(2, 2, &s)) return invalid();
      if (sc.Eat('.')) {
        int64_t frac;
        int digits;
        if (!sc.Number(1, 9, &frac, &digits)) return invalid();
        while (digits < 6) frac *= 10, digits++;
        while (digits > 6) frac /= 10, digits--;
        micros += frac;
      }
    }
    if (h > 24 || mi > 59 || s > 60 || (h == 24 && (mi != 0 || s != 0))) return out_of_range();
    micros += ((h * 60 + mi) * 60 + s) * kMicrosPerSecond;
    sc.SkipSpaces();
    if (sc.Eat('Z') || sc.Eat('z')) {
    } else if (sc.peek() == '+' || sc.peek() == '-') {
      bool negative = sc.peek() == '-';
      sc.Eat(sc.peek());
      int64_t oh, om = 0;
      int digits;
      if (!sc.Number(1, 4, &oh, &digits)) return invalid();
      if (digits > 2) {
        om = oh % 100;
        oh /= 100;
      } else if (sc.Eat(':') && !sc.Number(2, 2, &om)) {
        return invalid();
      }
      int64_t offset = (oh * 60 + om) * 60 * kMicrosPerSecond;
      micros -= negative ? -offset : offset;
    }
  }
  sc.SkipSpaces();
  if (!sc.done()) return invalid();
  return micros;
}

}  // namespace tributary::datetime
