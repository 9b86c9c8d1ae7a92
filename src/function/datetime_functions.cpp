// Date/time functions. Time zones are UTC: timestamptz values are UTC
// instants and truncate/extract in UTC.
#include <cmath>

#include "function/builtin_kernels.hpp"
#include "parser/sql_error.hpp"
#include "types/datetime.hpp"
#include "types/decimal.hpp"
#include "types/interval.hpp"

namespace tributary::sql {

namespace {

using datetime::kMicrosPerDay;
using datetime::kMicrosPerSecond;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

int64_t Truncate(std::string_view field, int64_t micros) {
  int32_t days = datetime::TimestampToDays(micros);
  auto civil = datetime::CivilFromDays(days);
  if (field == "microseconds") return micros;
  if (field == "milliseconds") return FloorDiv(micros, 1000) * 1000;
  if (field == "second") return FloorDiv(micros, kMicrosPerSecond) * kMicrosPerSecond;
  if (field == "minute") return FloorDiv(micros, 60 * kMicrosPerSecond) * 60 * kMicrosPerSecond;
  if (field == "hour") return FloorDiv(micros, 3600 * kMicrosPerSecond) * 3600 * kMicrosPerSecond;
  if (field == "day") return int64_t{days} * kMicrosPerDay;
  if (field == "week") {
    // ISO weeks start on Monday; 1970-01-01 was a Thursday.
    int64_t dow = ((int64_t{days} + 3) % 7 + 7) % 7;  // 0 = Monday
    return (days - dow) * kMicrosPerDay;
  }
  if (field == "month") return int64_t{datetime::DaysFromCivil(civil.year, civil.month, 1)} * kMicrosPerDay;
  if (field == "quarter") {
    return int64_t{datetime::DaysFromCivil(civil.year, (civil.month - 1) / 3 * 3 + 1, 1)} * kMicrosPerDay;
  }
  if (field == "year") return int64_t{datetime::DaysFromCivil(civil.year, 1, 1)} * kMicrosPerDay;
  if (field == "decade") {
    return int64_t{datetime::DaysFromCivil(static_cast<int32_t>(FloorDiv(civil.year, 10) * 10), 1, 1)} * kMicrosPerDay;
  }
  // Centuries and millennia start in years ending in 01 and 001 (2001-01-01).
  if ((field == "century" || field == "millennium") && civil.year > 0) {
    int32_t span = field == "century" ? 100 : 1000;
    int32_t first = (civil.year - 1) / span * span + 1;
    return int64_t{datetime::DaysFromCivil(first, 1, 1)} * kMicrosPerDay;
  }
  throw SqlError("unit \"" + std::string(field) + "\" not recognized for type timestamp", "22023");
}

/// The field of a timestamp as a numeric with `scale` digits.
int128_t ExtractField(std::string_view field, int64_t micros, bool is_date, int scale) {
  int32_t days = datetime::TimestampToDays(micros);
  auto civil = datetime::CivilFromDays(days);
  int64_t time_of_day = micros - int64_t{days} * kMicrosPerDay;
  int128_t whole = 0;
  auto scaled = [&](int128_t v) { return v * decimal::PowerOfTen(scale); };
  if (field == "year") return scaled(civil.year);
  if (field == "month") return scaled(civil.month);
  if (field == "day") return scaled(civil.day);
  if (field == "quarter") return scaled((civil.month - 1) / 3 + 1);
  if (field == "dow") return scaled(((int64_t{days} + 4) % 7 + 7) % 7);  // 0 = Sunday
  if (field == "isodow") return scaled(((int64_t{days} + 3) % 7 + 7) % 7 + 1);
  if (field == "doy") return scaled(days - datetime::DaysFromCivil(civil.year, 1, 1) + 1);
  if (field == "decade") return scaled(FloorDiv(civil.year, 10));
  if (field == "century") return scaled(civil.year > 0 ? (civil.year + 99) / 100 : -((99 - civil.year) / 100));
  if (field == "millennium" && civil.year > 0) return scaled((civil.year + 999) / 1000);
  if (field == "week" || field == "isoyear") {
    // ISO 8601: weeks start on Monday and week 1 holds the year's first
    // Thursday, so a day's ISO year is that of its week's Thursday.
    int64_t monday_based = ((int64_t{days} + 3) % 7 + 7) % 7;  // 0 = Monday
    int32_t thursday = static_cast<int32_t>(days - monday_based + 3);
    int32_t iso_year = datetime::CivilFromDays(thursday).year;
    if (field == "isoyear") return scaled(iso_year);
    return scaled((thursday - datetime::DaysFromCivil(iso_year, 1, 1)) / 7 + 1);
  }
  if (!is_date) {
    if (field == "hour") return scaled(time_of_day / (3600 * kMicrosPerSecond));
    if (field == "minute") return scaled(time_of_day / (60 * kMicrosPerSecond) % 60);
    // Seconds and epoch carry microseconds: scale 6.
    if (field == "second") return (time_of_day % (60 * kMicrosPerSecond)) * decimal::PowerOfTen(scale - 6);
    if (field == "epoch") return int128_t{micros} * decimal::PowerOfTen(scale - 6);
  } else if (field == "epoch") {
    return scaled(int64_t{days} * 86400);
  }
  (void)whole;
  throw SqlError("unit \"" + std::string(field) + "\" not supported for type " + (is_date ? "date" : "timestamp"),
                 "0A000");
}

}  // namespace

void DateTruncKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* field = args[0].data<StringRef>();
  const int64_t* ts = args[1].data<int64_t>();
  int64_t* dst = out->data<int64_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    std::string f(field[i].view());
    for (char& c : f) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    dst[i] = Truncate(f, ts[i]);
  }
}

void ExtractDateKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* field = args[0].data<StringRef>();
  const int32_t* d = args[1].data<int32_t>();
  int128_t* dst = out->data<int128_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    std::string f(field[i].view());
    for (char& c : f) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    dst[i] = ExtractField(f, int64_t{d[i]} * kMicrosPerDay, true, out->type().scale());
  }
}

void ExtractTimestampKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* field = args[0].data<StringRef>();
  const int64_t* ts = args[1].data<int64_t>();
  int128_t* dst = out->data<int128_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    std::string f(field[i].view());
    for (char& c : f) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    dst[i] = ExtractField(f, ts[i], false, out->type().scale());
  }
}

namespace {

/// extract(field FROM interval) with PostgreSQL's fields: months split into
/// years and months, time into hours, minutes and seconds; epoch counts a
/// year as 365.25 days and a month as 30.
int128_t ExtractIntervalField(std::string_view field, const interval_t& v, int scale) {
  auto scaled = [&](int128_t x) { return x * decimal::PowerOfTen(scale); };
  int64_t hours = v.micros / (3600 * kMicrosPerSecond);
  int64_t minutes = v.micros / (60 * kMicrosPerSecond) % 60;
  int64_t second_micros = v.micros % (60 * kMicrosPerSecond);
  if (field == "year") return scaled(v.months / 12);
  if (field == "month") return scaled(v.months % 12);
  if (field == "quarter") return scaled(v.months % 12 / 3 + 1);
  if (field == "decade") return scaled(v.months / 120);
  if (field == "century") return scaled(v.months / 1200);
  if (field == "millennium") return scaled(v.months / 12000);
  if (field == "day") return scaled(v.days);
  if (field == "hour") return scaled(hours);
  if (field == "minute") return scaled(minutes);
  if (field == "second") return int128_t{second_micros} * decimal::PowerOfTen(scale - 6);
  if (field == "epoch") {
    // 365.25 days per year: in micros, months / 12 * 31557600 s.
    int128_t micros = int128_t{v.micros} + int128_t{v.months / 12} * 31557600 * kMicrosPerSecond +
                      int128_t{v.months % 12} * 30 * kMicrosPerDay + int128_t{v.days} * kMicrosPerDay;
    return micros * decimal::PowerOfTen(scale - 6);
  }
  throw SqlError("unit \"" + std::string(field) + "\" not supported for type interval", "0A000");
}

std::string LowerField(const StringRef& f) {
  std::string out(f.view());
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

void ExtractIntervalKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* field = args[0].data<StringRef>();
  const interval_t* v = args[1].data<interval_t>();
  int128_t* dst = out->data<int128_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    dst[i] = ExtractIntervalField(LowerField(field[i]), v[i], out->type().scale());
  }
}

void DatePartKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* field = args[0].data<StringRef>();
  const int64_t* ts = args[1].data<int64_t>();
  double* dst = out->data<double>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    dst[i] = decimal::ToDouble(ExtractField(LowerField(field[i]), ts[i], false, 6), 6);
  }
}

void DatePartIntervalKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* field = args[0].data<StringRef>();
  const interval_t* v = args[1].data<interval_t>();
  double* dst = out->data<double>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    dst[i] = decimal::ToDouble(ExtractIntervalField(LowerField(field[i]), v[i], 6), 6);
  }
}

void MakeDateKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const int32_t* y = args[0].data<int32_t>();
  const int32_t* m = args[1].data<int32_t>();
  const int32_t* d = args[2].data<int32_t>();
  int32_t* dst = out->data<int32_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    // PostgreSQL reads a negative year as BC (-1 is 1 BC, our year 0).
    int32_t year = y[i] < 0 ? y[i] + 1 : y[i];
    if (y[i] == 0 || m[i] < 1 || d[i] < 1 ||
        !datetime::IsValidCivil(year, static_cast<uint32_t>(m[i]), static_cast<uint32_t>(d[i]))) {
      throw SqlError(fmt::format("date field value out of range: {}-{:02d}-{:02d}", y[i], m[i], d[i]), "22008");
    }
    dst[i] = datetime::DaysFromCivil(year, static_cast<uint32_t>(m[i]), static_cast<uint32_t>(d[i]));
  }
}

void AgeKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const int64_t* a = args[0].data<int64_t>();
  const int64_t* b = args[1].data<int64_t>();
  interval_t* dst = out->data<interval_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    dst[i] = interval::Age(a[i], b[i]);
  }
}

}  // namespace tributary::sql
