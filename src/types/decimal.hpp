#pragma once

#include <string>
#include <string_view>

#include "common/status.hpp"
#include "types/logical_type.hpp"

namespace tributary {

/// Exact decimals: a NUMERIC(p,s) value is the unscaled integer v with
/// value = v / 10^s, |v| < 10^p.
namespace decimal {

/// 10^n for 0 <= n <= 38.
int128_t PowerOfTen(int n);
/// True when |v| < 10^precision.
bool FitsPrecision(int128_t v, int precision);
/// "-12.50" for (-1250, 2). Scale 0 prints no point.
std::string ToString(int128_t v, int scale);
/// Parses "12.5", "-0.001", "1e3" into NUMERIC(precision, scale), rounding half
/// away from zero past `scale` digits (PostgreSQL's rule). Fails naming the
/// text when it is not a number or overflows the precision.
Result<int128_t> Parse(std::string_view text, int precision, int scale);
/// Changes scale, rounding half away from zero when it shrinks. Fails when
/// the result does not fit 38 digits.
Result<int128_t> Rescale(int128_t v, int from_scale, int to_scale);
double ToDouble(int128_t v, int scale);
/// Writes `v` as a big-endian two's-complement integer of `width` bytes
/// (Parquet FIXED_LEN_BYTE_ARRAY / Iceberg decimal bound encoding).
void ToBigEndian(int128_t v, int width, uint8_t* out);
/// Inverse of ToBigEndian, sign-extending; width 1..16.
int128_t FromBigEndian(const uint8_t* in, int width);
/// Smallest number of bytes that holds any NUMERIC(precision) value.
int BytesForPrecision(int precision);

}  // namespace decimal
}  // namespace tributary
