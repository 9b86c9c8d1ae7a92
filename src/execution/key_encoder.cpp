#include "execution/key_encoder.hpp"

namespace tributary::sql {

namespace {

template <typename T>
void AppendFixed(const Vector& v, size_t count, std::vector<std::string>* keys) {
  const T* d = v.data<T>();
  for (size_t i = 0; i < count; i++) {
    std::string& k = (*keys)[i];
    if (v.IsNull(i)) {
      k.push_back('\0');
      continue;
    }
    k.push_back('\1');
    T x = d[i];
    if constexpr (std::is_floating_point_v<T>) {
      if (x == 0) x = 0;  // -0.0 groups with 0.0
    }
    k.append(reinterpret_cast<const char*>(&x), sizeof(T));
  }
}

}  // namespace

void EncodeKeys(const std::vector<const Vector*>& columns, size_t count, std::vector<std::string>* keys) {
  keys->assign(count, std::string());
  for (const Vector* v : columns) {
    switch (v->type().physical()) {
      case PhysicalType::kBool: AppendFixed<uint8_t>(*v, count, keys); break;
      case PhysicalType::kInt16: AppendFixed<int16_t>(*v, count, keys); break;
      case PhysicalType::kInt32: AppendFixed<int32_t>(*v, count, keys); break;
      case PhysicalType::kInt64: AppendFixed<int64_t>(*v, count, keys); break;
      case PhysicalType::kInt128: AppendFixed<int128_t>(*v, count, keys); break;
      case PhysicalType::kFloat: AppendFixed<float>(*v, count, keys); break;
      case PhysicalType::kDouble: AppendFixed<double>(*v, count, keys); break;
      case PhysicalType::kString: {
        const StringRef* d = v->data<StringRef>();
        for (size_t i = 0; i < count; i++) {
          std::string& k = (*keys)[i];
          if (v->IsNull(i)) {
            k.push_back('\0');
            continue;
          }
          k.push_back('\1');
          uint32_t n = d[i].size;
          k.append(reinterpret_cast<const char*>(&n), sizeof(n));
          k.append(d[i].data, n);
        }
        break;
      }
    }
  }
}

bool AnyNull(const std::vector<const Vector*>& columns, size_t row) {
  for (const Vector* v : columns) {
    if (v->IsNull(row)) return true;
  }
  return false;
}

}  // namespace tributary::sql
