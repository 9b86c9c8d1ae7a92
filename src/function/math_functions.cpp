// Math functions over integers, exact numerics and doubles, with
// PostgreSQL's errors for arguments outside a function's domain.
#include <cmath>
#include <numbers>

#include "function/builtin_kernels.hpp"
#include "parser/sql_error.hpp"
#include "types/decimal.hpp"

namespace tributary::sql {

namespace {

template <typename T>
void AbsInteger(const Vector& in, size_t count, Vector* out, const char* type_name) {
  const T* src = in.data<T>();
  T* dst = out->data<T>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    if (src[i] == std::numeric_limits<T>::min()) throw SqlError(std::string(type_name) + " out of range", "22003");
    dst[i] = src[i] < 0 ? static_cast<T>(-src[i]) : src[i];
  }
}

template <typename Fn>
void MapDouble(const std::vector<Vector>& args, size_t count, Vector* out, Fn fn) {
  const double* src = args[0].data<double>();
  double* dst = out->data<double>();
  for (size_t i = 0; i < count; i++) {
    if (!out->IsNull(i)) dst[i] = fn(src[i]);
  }
}

enum class Rounding { kHalfAwayFromZero, kCeil, kFloor, kTrunc };

/// Rounds numerics to `digits` decimal places (0 without a second argument)
/// half away from zero or toward +inf, -inf or zero, then expresses them in
/// the output's scale.
void RoundNumeric(const std::vector<Vector>& args, size_t count, Vector* out, Rounding mode) {
  const int128_t* src = args[0].data<int128_t>();
  const int32_t* digits = args.size() > 1 ? args[1].data<int32_t>() : nullptr;
  const int from = args[0].type().scale();
  const int to = out->type().scale();
  int128_t* dst = out->data<int128_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    int d = digits ? digits[i] : 0;
    int128_t v = src[i];
    if (d < from) {
      int cut = std::min(from - std::max(d, -37 + from), 38);
      int128_t p = decimal::PowerOfTen(cut);
      int128_t q = v / p, r = v % p;  // truncated toward zero
      if (mode == Rounding::kHalfAwayFromZero && 2 * (r < 0 ? -r : r) >= p) q += v < 0 ? -1 : 1;
      if (mode == Rounding::kCeil && r > 0) q += 1;
      if (mode == Rounding::kFloor && r < 0) q -= 1;
      v = q * p;
    }
    auto rescaled = decimal::Rescale(v, from, to);
    if (!rescaled.ok()) throw SqlError("numeric field overflow", "22003");
    dst[i] = *rescaled;
  }
}

double Checked(double v) {
  if (std::isinf(v)) throw SqlError("value out of range: overflow", "22003");
  return v;
}

template <typename T>
void ModInteger(const std::vector<Vector>& args, size_t count, Vector* out) {
  const T* a = args[0].data<T>();
  const T* b = args[1].data<T>();
  T* dst = out->data<T>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    if (b[i] == 0) throw SqlError("division by zero", "22012");
    dst[i] = b[i] == -1 ? 0 : static_cast<T>(a[i] % b[i]);
  }
}

}  // namespace

void AbsKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const Vector& in = args[0];
  switch (in.type().id()) {
    case TypeId::kSmallInt: AbsInteger<int16_t>(in, count, out, "smallint"); break;
    case TypeId::kInteger: AbsInteger<int32_t>(in, count, out, "integer"); break;
    case TypeId::kBigInt: AbsInteger<int64_t>(in, count, out, "bigint"); break;
    case TypeId::kNumeric: {
      const int128_t* src = in.data<int128_t>();
      int128_t* dst = out->data<int128_t>();
      for (size_t i = 0; i < count; i++) dst[i] = src[i] < 0 ? -src[i] : src[i];
      break;
    }
    default: {
      const double* src = in.data<double>();
      double* dst = out->data<double>();
      for (size_t i = 0; i < count; i++) dst[i] = std::fabs(src[i]);
    }
  }
}

void RoundDoubleKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const double* src = args[0].data<double>();
  double* dst = out->data<double>();
  for (size_t i = 0; i < count; i++) dst[i] = std::nearbyint(src[i]);
}

void RoundNumericKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  RoundNumeric(args, count, out, Rounding::kHalfAwayFromZero);
}

void CeilKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  if (args[0].type().id() == TypeId::kNumeric) return RoundNumeric(args, count, out, Rounding::kCeil);
  MapDouble(args, count, out, [](double v) { return std::ceil(v); });
}

void FloorKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  if (args[0].type().id() == TypeId::kNumeric) return RoundNumeric(args, count, out, Rounding::kFloor);
  MapDouble(args, count, out, [](double v) { return std::floor(v); });
}

void TruncKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  if (args[0].type().id() == TypeId::kNumeric) return RoundNumeric(args, count, out, Rounding::kTrunc);
  MapDouble(args, count, out, [](double v) { return std::trunc(v); });
}

void SignKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  if (args[0].type().id() == TypeId::kNumeric) {
    const int128_t* src = args[0].data<int128_t>();
    int128_t* dst = out->data<int128_t>();
    for (size_t i = 0; i < count; i++) dst[i] = src[i] > 0 ? 1 : src[i] < 0 ? -1 : 0;
    return;
  }
  MapDouble(args, count, out, [](double v) { return v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0; });
}

void SqrtKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  MapDouble(args, count, out, [](double v) {
    if (v < 0) throw SqlError("cannot take square root of a negative number", "2201F");
    return std::sqrt(v);
  });
}

void CbrtKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  MapDouble(args, count, out, [](double v) { return std::cbrt(v); });
}

void ExpKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  MapDouble(args, count, out, [](double v) {
    double r = std::exp(v);
    if (std::isinf(r) && !std::isinf(v)) throw SqlError("value out of range: overflow", "22003");
    if (r == 0 && !std::isinf(v)) throw SqlError("value out of range: underflow", "22003");
    return r;
  });
}

void LnKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  MapDouble(args, count, out, [](double v) {
    if (v == 0) throw SqlError("cannot take logarithm of zero", "2201E");
    if (v < 0) throw SqlError("cannot take logarithm of a negative number", "2201E");
    return std::log(v);
  });
}

void Log10Kernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  MapDouble(args, count, out, [](double v) {
    if (v == 0) throw SqlError("cannot take logarithm of zero", "2201E");
    if (v < 0) throw SqlError("cannot take logarithm of a negative number", "2201E");
    return std::log10(v);
  });
}

void PowerKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const double* base = args[0].data<double>();
  const double* exponent = args[1].data<double>();
  double* dst = out->data<double>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    double x = base[i], y = exponent[i];
    if (x == 0 && y < 0) throw SqlError("zero raised to a negative power is undefined", "2201F");
    if (x < 0 && std::floor(y) != y) {
      throw SqlError("a negative number raised to a non-integer power yields a complex result", "2201F");
    }
    dst[i] = Checked(std::pow(x, y));
  }
}

void ModKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  switch (args[0].type().id()) {
    case TypeId::kSmallInt: ModInteger<int16_t>(args, count, out); break;
    case TypeId::kInteger: ModInteger<int32_t>(args, count, out); break;
    default: ModInteger<int64_t>(args, count, out); break;
  }
}

void PiKernel(const std::vector<Vector>&, size_t count, Vector* out) {
  double* dst = out->data<double>();
  for (size_t i = 0; i < count; i++) dst[i] = std::numbers::pi;
}

void DegreesKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  MapDouble(args, count, out, [](double v) { return v * (180.0 / std::numbers::pi); });
}

void RadiansKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  MapDouble(args, count, out, [](double v) { return v * (std::numbers::pi / 180.0); });
}

}  // namespace tributary::sql
