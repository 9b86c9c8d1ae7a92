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

// Date/time: date_trunc(field, timestamp[tz]) truncates in UTC;
// extract(field, date|timestamp[tz]) returns numeric as PostgreSQL 14+ does.
void DateTruncKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void ExtractDateKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void ExtractTimestampKernel(const std::vector<Vector>& args, size_t count, Vector* out);

// Math: abs of integers, numerics and doubles (integer overflow → 22003).
void AbsKernel(const std::vector<Vector>& args, size_t count, Vector* out);
// round(numeric [, scale]) half away from zero; round(double) half to even.
void RoundNumericKernel(const std::vector<Vector>& args, size_t count, Vector* out);
void RoundDoubleKernel(const std::vector<Vector>& args, size_t count, Vector* out);

}  // namespace tributary::sql
