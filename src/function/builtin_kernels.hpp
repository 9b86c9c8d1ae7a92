#pragma once

#include "function/scalar_function.hpp"

namespace tributary::sql {

// Text: lower(text), upper(text), length(text) in characters,
// substring(text, from [, count]) 1-based in characters.
void LowerKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void UpperKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void LengthKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void SubstringKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void SubstringFromKernel(const std::vector<Vector>& args, size_t count, Vector* out);
// replace(text, from, to) replaces every occurrence; strpos(text, needle) is
// the 1-based character position or 0 (position(needle IN text) too);
// btrim/ltrim/rtrim(text) strip spaces (trim(x) is btrim); with a second
// argument they strip any of its characters (trim(BOTH 'x' FROM s)).
void ReplaceKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void StrposKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void BtrimKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void LtrimKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void RtrimKernel(const std::vector<Vector>& args, size_t count, Vector* out);

// split_part(text, delimiter, n) (n < 0 counts from the end; 0 is 22023);
// concat(any...) skips NULLs; concat_ws(sep, any...) joins the non-NULL
// arguments (NULL when sep is); left/right(text, n) (n < 0: all but |n|);
// lpad/rpad(text, length [, fill]) cut a longer string; repeat, reverse,
// initcap, starts_with, ascii (first code point), chr (a code point).
void SplitPartKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void ConcatKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void ConcatWsKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void LeftKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void RightKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void LpadKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void RpadKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void RepeatKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void ReverseKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void InitcapKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void StartsWithKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void AsciiKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void ChrKernel(const std::vector<Vector>& args, size_t count, Vector* out);

// Date/time: date_trunc(field, timestamp[tz]) truncates in UTC;
// extract(field, date|timestamp[tz]) returns numeric as PostgreSQL 14+ does.
void DateTruncKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void ExtractDateKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void ExtractTimestampKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void ExtractIntervalKernel(const std::vector<Vector>& args, size_t count, Vector* out);
// date_part(field, timestamp[tz] | interval) is extract as double precision.
void DatePartKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void DatePartIntervalKernel(const std::vector<Vector>& args, size_t count, Vector* out);
// make_date(year, month, day); 22008 for a day that does not exist.
void MakeDateKernel(const std::vector<Vector>& args, size_t count, Vector* out);
// age(a, b): years, months and days between two timestamps (interval).
void AgeKernel(const std::vector<Vector>& args, size_t count, Vector* out);
// to_char(timestamp[tz], template) and to_char(numeric|double, template)
// with PostgreSQL's template patterns (YYYY, MM, Month, FM..., 999,990.00).
void ToCharTimestampKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void ToCharNumericKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void ToCharDoubleKernel(const std::vector<Vector>& args, size_t count, Vector* out);

// Math: abs of integers, numerics and doubles (integer overflow → 22003).
void AbsKernel(const std::vector<Vector>& args, size_t count, Vector* out);
// round(numeric [, scale]) half away from zero; round(double) half to even.
void RoundNumericKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void RoundDoubleKernel(const std::vector<Vector>& args, size_t count, Vector* out);
// ceil/ceiling, floor, trunc(x [, digits]) and sign of numerics (scale kept
// or set by digits) and doubles; sqrt (negative: 2201F), cbrt, exp (overflow
// and underflow: 22003), ln and log (zero or negative: 2201E), power (0 to a
// negative power, a negative base to a fractional one: 2201F), mod of
// integers (0: 22012), pi(), degrees, radians.
void CeilKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void FloorKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void TruncKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void SignKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void SqrtKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void CbrtKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void ExpKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void LnKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void Log10Kernel(const std::vector<Vector>& args, size_t count, Vector* out);
void PowerKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void ModKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void PiKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void DegreesKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void RadiansKernel(const std::vector<Vector>& args, size_t count, Vector* out);

// Arrays as PostgreSQL's text form ({a,b,NULL}, array_functions.cpp):
// array_to_string(array, separator) skips NULL elements; array_position(array,
// text) is the first equal element's 1-based index or NULL; the subscript
// array[n] (NULL out of range); array_element_text(x) is x's text as an
// array element (quoted when needed, NULL for NULL), which ARRAY(subquery)
// aggregates.
void ArrayToStringKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void ArrayPositionKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void ArrayUpperKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void ArrayLowerKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void CardinalityKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void ArraySubscriptKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void ArrayElementTextKernel(const std::vector<Vector>& args, size_t count, Vector* out);
/// 22P02 `malformed array literal` unless `text` is an array's text form.
void CheckArrayText(std::string_view text);
/// `s` as an element of an array's text form.
std::string ArrayElementText(std::string_view s);

// regexp_like(text, pattern [, flags]): the ~ and ~* operators (regex_functions.cpp).
void RegexpLikeKernel(const std::vector<Vector>& args, size_t count, Vector* out);

// System catalog functions (catalog_functions.cpp).
inline constexpr const char* kServerVersionString =
    "PostgreSQL 15.0 (Tributary) on x86_64-pc-linux-gnu, compiled by gcc, 64-bit";
void VersionKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void FormatTypeKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void EncodingToCharKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void SizePrettyKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void PgGetExprKernel(const std::vector<Vector>& args, size_t count, Vector* out);

}  // namespace tributary::sql
