// to_char: PostgreSQL's template formatting of timestamps and numbers.
// Time zones are UTC.
#include <cmath>

#include "function/builtin_kernels.hpp"
#include "parser/sql_error.hpp"
#include "types/datetime.hpp"
#include "types/decimal.hpp"

namespace tributary::sql {

namespace {

using datetime::kMicrosPerDay;
using datetime::kMicrosPerSecond;

[[noreturn]] void UnsupportedPattern(std::string_view what) {
  throw SqlError("to_char pattern \"" + std::string(what) + "\" is not supported", "0A000");
}

bool StartsWith(std::string_view s, size_t pos, std::string_view prefix) { return s.substr(pos, prefix.size()) == prefix; }

bool StartsWithNoCase(std::string_view s, size_t pos, std::string_view prefix) {
  if (s.size() - pos < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); i++) {
    if (std::toupper(static_cast<unsigned char>(s[pos + i])) != prefix[i]) return false;
  }
  return true;
}

/// "st", "nd", "rd" or "th" for `n`.
std::string Ordinal(int64_t n, bool upper) {
  int64_t last2 = n % 100, last = n % 10;
  const char* s = (last2 >= 11 && last2 <= 13) ? "th" : last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
  std::string out = s;
  if (upper) {
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
constexpr const char* kDays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

/// The pieces of a timestamp the patterns print.
struct Broken {
  int64_t year, month, day, hour, minute, second, micros, doy, dow, days;
};

Broken Break(int64_t ts) {
  int32_t days = datetime::TimestampToDays(ts);
  int64_t t = ts - int64_t{days} * kMicrosPerDay;
  datetime::CivilDate c = datetime::CivilFromDays(days);
  Broken b{};
  b.year = c.year;
  b.month = c.month;
  b.day = c.day;
  b.hour = t / (3600 * kMicrosPerSecond);
  b.minute = t / (60 * kMicrosPerSecond) % 60;
  b.second = t / kMicrosPerSecond % 60;
  b.micros = t % kMicrosPerSecond;
  b.doy = days - datetime::DaysFromCivil(c.year, 1, 1) + 1;
  b.dow = ((int64_t{days} + 4) % 7 + 7) % 7;  // 0 = Sunday
  b.days = days;
  return b;
}

/// ISO 8601 year and week: a day belongs to the year of its week's Thursday.
void IsoWeek(int64_t days, int64_t* iso_year, int64_t* week) {
  int64_t monday_based = ((days + 3) % 7 + 7) % 7;
  auto thursday = static_cast<int32_t>(days - monday_based + 3);
  int32_t y = datetime::CivilFromDays(thursday).year;
  *iso_year = y;
  *week = (thursday - datetime::DaysFromCivil(y, 1, 1)) / 7 + 1;
}

std::string Name(const char* name, int style, bool fill, size_t width) {
  // style: 0 = Capitalized, 1 = UPPER, 2 = lower.
  std::string out = name;
  if (style != 0) {
    for (char& c : out) {
      c = static_cast<char>(style == 1 ? std::toupper(static_cast<unsigned char>(c))
                                       : std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (!fill && out.size() < width) out.resize(width, ' ');
  return out;
}

/// Name patterns match case-sensitively in three spellings; the style is
/// the spelling's index (0 Capitalized, 1 UPPER, 2 lower).
int MatchName(std::string_view f, size_t pos, std::string_view capitalized) {
  std::string upper(capitalized), lower(capitalized);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (StartsWith(f, pos, upper)) return 1;
  if (StartsWith(f, pos, capitalized)) return 0;
  if (StartsWith(f, pos, lower)) return 2;
  return -1;
}

std::string FormatTimestamp(int64_t ts, std::string_view f) {
  Broken b = Break(ts);
  std::string out;
  size_t i = 0;
  while (i < f.size()) {
    bool fill = false;
    if (StartsWithNoCase(f, i, "FM")) {
      fill = true;
      i += 2;
      if (i >= f.size()) break;
    }
    int64_t number = 0;
    int width = 0;
    size_t len = 0;
    std::string text;
    bool numeric = true;
    int style;
    // Numeric fields, longest patterns first.
    if (StartsWithNoCase(f, i, "YYYY")) number = b.year, width = 4, len = 4;
    else if (StartsWithNoCase(f, i, "IYYY")) { int64_t w; IsoWeek(b.days, &number, &w); width = 4, len = 4; }
    else if (StartsWithNoCase(f, i, "YYY")) number = b.year % 1000, width = 3, len = 3;
    else if (StartsWithNoCase(f, i, "YY")) number = b.year % 100, width = 2, len = 2;
    else if (StartsWithNoCase(f, i, "HH24")) number = b.hour, width = 2, len = 4;
    else if (StartsWithNoCase(f, i, "HH12")) number = b.hour % 12 == 0 ? 12 : b.hour % 12, width = 2, len = 4;
    else if (StartsWithNoCase(f, i, "HH")) number = b.hour % 12 == 0 ? 12 : b.hour % 12, width = 2, len = 2;
    else if (StartsWithNoCase(f, i, "MI")) number = b.minute, width = 2, len = 2;
    else if (StartsWithNoCase(f, i, "SSSS")) number = b.hour * 3600 + b.minute * 60 + b.second, width = 0, len = 4;
    else if (StartsWithNoCase(f, i, "SS")) number = b.second, width = 2, len = 2;
    else if (StartsWithNoCase(f, i, "MS")) number = b.micros / 1000, width = 3, len = 2;
    else if (StartsWithNoCase(f, i, "US")) number = b.micros, width = 6, len = 2;
    else if (StartsWithNoCase(f, i, "MM")) number = b.month, width = 2, len = 2;
    else if (StartsWithNoCase(f, i, "DDD")) number = b.doy, width = 3, len = 3;
    else if (StartsWithNoCase(f, i, "DD")) number = b.day, width = 2, len = 2;
    else if (StartsWithNoCase(f, i, "IW")) { int64_t y; IsoWeek(b.days, &y, &number); width = 2, len = 2; }
    else if (StartsWithNoCase(f, i, "ID")) number = b.dow == 0 ? 7 : b.dow, width = 1, len = 2;
    else if (StartsWithNoCase(f, i, "WW")) number = (b.doy - 1) / 7 + 1, width = 2, len = 2;
    else if (StartsWithNoCase(f, i, "CC")) number = b.year > 0 ? (b.year + 99) / 100 : b.year / 100 - 1, width = 2, len = 2;
    else if (StartsWithNoCase(f, i, "Q")) number = (b.month - 1) / 3 + 1, width = 1, len = 1;
    else if (StartsWithNoCase(f, i, "J")) number = b.days + 2440588, width = 1, len = 1;
    else if ((style = MatchName(f, i, "Month")) >= 0) text = Name(kMonths[b.month - 1], style, fill, 9), len = 5, numeric = false;
    else if ((style = MatchName(f, i, "Mon")) >= 0) text = Name(kMonths[b.month - 1], style, true, 0).substr(0, 3), len = 3, numeric = false;
    else if ((style = MatchName(f, i, "Day")) >= 0) text = Name(kDays[b.dow], style, fill, 9), len = 3, numeric = false;
    else if ((style = MatchName(f, i, "Dy")) >= 0) text = Name(kDays[b.dow], style, true, 0).substr(0, 3), len = 2, numeric = false;
    else if (StartsWithNoCase(f, i, "D")) number = b.dow + 1, width = 1, len = 1;
    else if (StartsWithNoCase(f, i, "W")) number = (b.day - 1) / 7 + 1, width = 1, len = 1;
    else if (StartsWithNoCase(f, i, "Y")) number = b.year % 10, width = 1, len = 1;
    else if (StartsWith(f, i, "A.M.") || StartsWith(f, i, "P.M.")) text = b.hour < 12 ? "A.M." : "P.M.", len = 4, numeric = false;
    else if (StartsWith(f, i, "a.m.") || StartsWith(f, i, "p.m.")) text = b.hour < 12 ? "a.m." : "p.m.", len = 4, numeric = false;
    else if (StartsWith(f, i, "AM") || StartsWith(f, i, "PM")) text = b.hour < 12 ? "AM" : "PM", len = 2, numeric = false;
    else if (StartsWith(f, i, "am") || StartsWith(f, i, "pm")) text = b.hour < 12 ? "am" : "pm", len = 2, numeric = false;
    else if (StartsWith(f, i, "TZ") || StartsWith(f, i, "tz") || StartsWith(f, i, "OF")) UnsupportedPattern(f.substr(i, 2));
    else if (f[i] == '"') {
      // Quoted literal text; \" inside is a quote.
      for (i++; i < f.size() && f[i] != '"'; i++) {
        if (f[i] == '\\' && i + 1 < f.size()) i++;
        out.push_back(f[i]);
      }
      i++;
      continue;
    } else {
      out.push_back(f[i++]);
      continue;
    }
    i += len;
    if (numeric) {
      text = fill ? std::to_string(number) : fmt::format("{:0{}d}", number, width);
      if (StartsWith(f, i, "TH") || StartsWith(f, i, "th")) {
        text += Ordinal(number, f[i] == 'T');
        i += 2;
      }
    }
    out += text;
  }
  return out;
}

/// A parsed numeric template.
struct NumberFormat {
  struct Item {
    enum Kind { kDigit9, kDigit0, kPoint, kGroup, kLiteral, kSign, kMinus, kPlus, kSignAt } kind;
    char literal = 0;
  };
  std::vector<Item> items;
  bool fill = false;
  bool explicit_sign = false;
  int integer_digits = 0;
  int fraction_digits = 0;
};

NumberFormat ParseNumberFormat(std::string_view f) {
  NumberFormat nf;
  bool after_point = false;
  for (size_t i = 0; i < f.size();) {
    using Item = NumberFormat::Item;
    if (StartsWithNoCase(f, i, "FM")) {
      nf.fill = true;
      i += 2;
    } else if (f[i] == '9' || f[i] == '0') {
      nf.items.push_back({f[i] == '9' ? Item::kDigit9 : Item::kDigit0});
      (after_point ? nf.fraction_digits : nf.integer_digits)++;
      i++;
    } else if (f[i] == '.' || f[i] == 'D' || f[i] == 'd') {
      if (after_point) throw SqlError("multiple decimal points", "42601");
      nf.items.push_back({Item::kPoint});
      after_point = true;
      i++;
    } else if (f[i] == ',' || f[i] == 'G' || f[i] == 'g') {
      nf.items.push_back({Item::kGroup});
      i++;
    } else if (StartsWithNoCase(f, i, "MI")) {
      nf.items.push_back({Item::kMinus});
      nf.explicit_sign = true;
      i += 2;
    } else if (StartsWithNoCase(f, i, "PL")) {
      nf.items.push_back({Item::kPlus});
      nf.explicit_sign = true;
      i += 2;
    } else if (StartsWithNoCase(f, i, "SG")) {
      nf.items.push_back({Item::kSignAt});
      nf.explicit_sign = true;
      i += 2;
    } else if (f[i] == 'S' || f[i] == 's') {
      nf.items.push_back({Item::kSign});
      nf.explicit_sign = true;
      i++;
    } else if (StartsWithNoCase(f, i, "EEEE") || StartsWithNoCase(f, i, "PR") || StartsWithNoCase(f, i, "RN") ||
               StartsWithNoCase(f, i, "TH") || f[i] == 'V' || f[i] == 'v' || f[i] == 'L' || f[i] == 'l') {
      UnsupportedPattern(f.substr(i, StartsWithNoCase(f, i, "EEEE") ? 4 : (f[i] == 'V' || f[i] == 'v' || f[i] == 'L' || f[i] == 'l') ? 1 : 2));
    } else if (f[i] == '"') {
      for (i++; i < f.size() && f[i] != '"'; i++) nf.items.push_back({Item::kLiteral, f[i]});
      i++;
    } else {
      nf.items.push_back({Item::kLiteral, f[i]});
      i++;
    }
  }
  return nf;
}

/// Formats |value| given as decimal digits: `int_digits` (no leading zeros,
/// "0" for zero) and `frac_digits` (exactly the template's fraction count).
std::string FormatNumber(const NumberFormat& nf, bool negative, std::string int_digits, const std::string& frac_digits) {
  using Item = NumberFormat::Item;
  bool has_point = false;
  for (const auto& it : nf.items) has_point |= it.kind == Item::kPoint;
  // "0.5" prints as ".5" unless a 0 position asks for the zero.
  if (int_digits == "0" && has_point) int_digits.clear();
  bool overflow = static_cast<int>(int_digits.size()) > nf.integer_digits;
  // Integer positions, left to right: the digit or -1 for a blank.
  int first_zero = nf.integer_digits;  // index of the first '0' position
  {
    int pos = 0;
    for (const auto& it : nf.items) {
      if (it.kind == Item::kPoint) break;
      if (it.kind == Item::kDigit0 && first_zero == nf.integer_digits) first_zero = pos;
      if (it.kind == Item::kDigit9 || it.kind == Item::kDigit0) pos++;
    }
  }
  int lead = nf.integer_digits - static_cast<int>(int_digits.size());
  std::string out;
  bool slot_written = nf.explicit_sign;  // the implicit sign's slot precedes the first digit position
  int digit_pos = 0, frac_pos = 0;
  bool started = false, in_fraction = false;
  size_t number_start = std::string::npos, number_end = 0;
  for (const auto& it : nf.items) {
    if (!slot_written && (it.kind == Item::kDigit9 || it.kind == Item::kDigit0 || it.kind == Item::kPoint)) {
      out.push_back(' ');
      slot_written = true;
    }
    switch (it.kind) {
      case Item::kDigit9:
      case Item::kDigit0:
        if (in_fraction) {
          out.push_back(overflow ? '#' : frac_digits[static_cast<size_t>(frac_pos)]);
          frac_pos++;
        } else if (overflow) {
          if (!started) number_start = out.size();
          out.push_back('#');
          started = true;
        } else if (digit_pos >= lead || digit_pos >= first_zero) {
          if (!started) number_start = out.size();
          started = true;
          out.push_back(digit_pos >= lead ? int_digits[static_cast<size_t>(digit_pos - lead)] : '0');
        } else {
          out.push_back(' ');
        }
        if (!in_fraction) digit_pos++;
        number_end = out.size();
        break;
      case Item::kPoint:
        if (number_start == std::string::npos) number_start = out.size();
        started = true;
        in_fraction = true;
        out.push_back('.');
        number_end = out.size();
        break;
      case Item::kGroup: out.push_back(started ? ',' : ' '); break;
      case Item::kLiteral: out.push_back(it.literal); break;
      case Item::kMinus: out.push_back(negative ? '-' : ' '); break;
      case Item::kPlus: out.push_back(negative ? ' ' : '+'); break;
      case Item::kSignAt: out.push_back(negative ? '-' : '+'); break;
      case Item::kSign: out.push_back('\x01'); break;  // placed below
    }
  }
  if (number_start == std::string::npos) number_start = out.size();
  // FM drops trailing zeros of 9 positions after the point.
  if (nf.fill && nf.fraction_digits > 0) {
    std::vector<Item::Kind> kinds;
    bool seen_point = false;
    for (const auto& it : nf.items) {
      if (it.kind == Item::kPoint) seen_point = true;
      else if (seen_point && (it.kind == Item::kDigit9 || it.kind == Item::kDigit0)) kinds.push_back(it.kind);
    }
    size_t end = number_end;
    for (size_t k = kinds.size(); k > 0 && kinds[k - 1] == Item::kDigit9 && end > 0 && out[end - 1] == '0'; k--) {
      out.erase(end - 1, 1);
      end--;
    }
    number_end = end;
  }
  char sign = negative ? '-' : '+';
  if (!nf.explicit_sign) {
    // The sign sits right before the number, taking a blank's place.
    if (number_start > 0) out[number_start - 1] = negative ? '-' : ' ';
  } else {
    size_t at = out.find('\x01');
    if (at != std::string::npos) {
      if (at < number_start) {
        // A leading S is a sign slot that also shows '+', anchored to the
        // first printed digit.
        out[at] = ' ';
        out[number_start - 1] = sign;
      } else {
        out[at] = sign;
      }
    }
  }
  if (nf.fill) {
    size_t b = out.find_first_not_of(' ');
    out = b == std::string::npos ? "" : out.substr(b);
  }
  return out;
}

}  // namespace

void ToCharTimestampKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const int64_t* ts = args[0].data<int64_t>();
  const StringRef* f = args[1].data<StringRef>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    out->SetString(i, FormatTimestamp(ts[i], f[i].view()));
  }
}

void ToCharNumericKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const int128_t* v = args[0].data<int128_t>();
  int scale = args[0].type().scale();
  const StringRef* f = args[1].data<StringRef>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    NumberFormat nf = ParseNumberFormat(f[i].view());
    int128_t x = v[i];
    bool negative = x < 0;
    if (negative) x = -x;
    // Round half away from zero to the template's fraction digits.
    int fd = nf.fraction_digits;
    if (scale > fd) {
      int128_t p = decimal::PowerOfTen(scale - fd);
      int128_t q = x / p, r = x % p;
      if (2 * r >= p) q++;
      x = q;
    } else if (scale < fd) {
      x *= decimal::PowerOfTen(fd - scale);
    }
    std::string digits = decimal::ToString(x, 0);
    if (static_cast<int>(digits.size()) <= fd) digits.insert(0, static_cast<size_t>(fd) - digits.size() + 1, '0');
    std::string int_part = digits.substr(0, digits.size() - static_cast<size_t>(fd));
    if (x == 0) negative = false;
    out->SetString(i, FormatNumber(nf, negative, int_part, digits.substr(int_part.size())));
  }
}

void ToCharDoubleKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const double* v = args[0].data<double>();
  const StringRef* f = args[1].data<StringRef>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    NumberFormat nf = ParseNumberFormat(f[i].view());
    double x = v[i];
    if (!std::isfinite(x)) {
      out->SetString(i, std::string(static_cast<size_t>(nf.integer_digits + nf.fraction_digits) + 1 +
                                        (nf.fraction_digits > 0 ? 1 : 0), '#'));
      continue;
    }
    std::string text = fmt::format("{:.{}f}", std::fabs(x), nf.fraction_digits);
    size_t point = text.find('.');
    std::string int_part = text.substr(0, point);
    std::string frac = point == std::string::npos ? "" : text.substr(point + 1);
    bool negative = std::signbit(x) && text.find_first_not_of("0.") != std::string::npos;
    out->SetString(i, FormatNumber(nf, negative, int_part, frac));
  }
}

}  // namespace tributary::sql
