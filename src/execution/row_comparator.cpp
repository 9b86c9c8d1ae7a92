#include "execution/row_comparator.hpp"

#include <cmath>
#include <type_traits>

namespace tributary::sql {

namespace {

template <typename T>
RowComparator MakeComparator(const Vector& v) {
  const T* d = v.data<T>();
  return [d](uint32_t a, uint32_t b) {
    if constexpr (std::is_same_v<T, StringRef>) {
      int c = d[a].view().compare(d[b].view());
      return c < 0 ? -1 : c > 0;
    } else if constexpr (std::is_floating_point_v<T>) {
      bool na = std::isnan(d[a]), nb = std::isnan(d[b]);
      if (na || nb) return static_cast<int>(na) - static_cast<int>(nb);
      return d[a] < d[b] ? -1 : d[a] > d[b];
    } else {
      return d[a] < d[b] ? -1 : d[a] > d[b];
    }
  };
}

}  // namespace

RowComparator ComparatorFor(const Vector& v) {
  switch (v.type().physical()) {
    case PhysicalType::kBool: return MakeComparator<uint8_t>(v);
    case PhysicalType::kInt16: return MakeComparator<int16_t>(v);
    case PhysicalType::kInt32: return MakeComparator<int32_t>(v);
    case PhysicalType::kInt64: return MakeComparator<int64_t>(v);
    case PhysicalType::kInt128: return MakeComparator<int128_t>(v);
    case PhysicalType::kFloat: return MakeComparator<float>(v);
    case PhysicalType::kDouble: return MakeComparator<double>(v);
    case PhysicalType::kString: return MakeComparator<StringRef>(v);
    case PhysicalType::kInterval: return MakeComparator<interval_t>(v);
  }
  return nullptr;
}

}  // namespace tributary::sql
