#include <cmath>

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

void RoundNumericKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const int128_t* src = args[0].data<int128_t>();
  const int32_t* digits = args.size() > 1 ? args[1].data<int32_t>() : nullptr;
  int from = args[0].type().scale();
  int to = out->type().scale();
  int128_t* dst = out->data<int128_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    int d = digits ? digits[i] : 0;
    int128_t v = src[i];
    if (d < from) {
      // Round half away from zero to max(d, -from) digits, then re-express.
      int cut = from - std::max(d, -37 + from);
      int128_t p = decimal::PowerOfTen(std::min(cut, 38));
      int128_t q = v / p, r = v % p;
      if (2 * (r < 0 ? -r : r) >= p) q += v < 0 ? -1 : 1;
      v = q * p;
    }
    auto rescaled = decimal::Rescale(v, from, to);
    if (!rescaled.ok()) throw SqlError("numeric field overflow", "22003");
    dst[i] = *rescaled;
  }
}

void RoundDoubleKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const double* src = args[0].data<double>();
  double* dst = out->data<double>();
  for (size_t i = 0; i < count; i++) dst[i] = std::nearbyint(src[i]);
}

}  // namespace tributary::sql
