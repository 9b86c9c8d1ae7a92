#include "execution/key_encoder.hpp"

#include <cstring>
#include <type_traits>

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
    if constexpr (std::is_same_v<T, interval_t>) {
      // Equal intervals ('1 mon' and '30 days') share a key.
      int128_t span = x.Span();
      k.append(reinterpret_cast<const char*>(&span), sizeof(span));
    } else {
      k.append(reinterpret_cast<const char*>(&x), sizeof(T));
    }
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
      case PhysicalType::kInterval: AppendFixed<interval_t>(*v, count, keys); break;
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

namespace tributary::sql {

namespace {

int PackedBits(PhysicalType t) {
  switch (t) {
    case PhysicalType::kBool: return 1;
    case PhysicalType::kInt16: return 16;
    case PhysicalType::kInt32: return 32;
    case PhysicalType::kInt64: return 64;
    default: return -1;
  }
}

template <typename T>
void PackColumn(const Vector& v, size_t count, int bits, bool null_is_key, uint64_t* keys) {
  const T* d = v.data<T>();
  using U = std::make_unsigned_t<T>;
  const int shift = bits + (null_is_key ? 1 : 0);
  if (!null_is_key || v.validity().AllValid()) {
    for (size_t i = 0; i < count; i++) {
      // A 64-bit key is the only column (PackedBits), so the shift is skipped.
      uint64_t k = shift >= 64 ? 0 : keys[i] << shift;
      uint64_t x = static_cast<uint64_t>(static_cast<U>(d[i]));
      keys[i] = k | (null_is_key ? x << 1 : x);
    }
    return;
  }
  for (size_t i = 0; i < count; i++) {
    uint64_t k = keys[i] << shift;
    keys[i] = v.IsNull(i) ? (k | 1) : (k | (static_cast<uint64_t>(static_cast<U>(d[i])) << 1));
  }
}

template <typename T>
void SizeFixed(const Vector& v, size_t count, uint32_t* sizes) {
  if (v.validity().AllValid()) {
    for (size_t i = 0; i < count; i++) sizes[i] += 1 + sizeof(T);
    return;
  }
  for (size_t i = 0; i < count; i++) sizes[i] += v.IsNull(i) ? 1 : 1 + sizeof(T);
}

template <typename T>
void WriteFixed(const Vector& v, size_t count, uint8_t* bytes, uint32_t* cursor) {
  const T* d = v.data<T>();
  const bool all_valid = v.validity().AllValid();
  for (size_t i = 0; i < count; i++) {
    uint8_t* p = bytes + cursor[i];
    if (!all_valid && v.IsNull(i)) {
      *p = 0;
      cursor[i] += 1;
      continue;
    }
    *p = 1;
    T x = d[i];
    if constexpr (std::is_floating_point_v<T>) {
      if (x == 0) x = 0;  // -0.0 groups with 0.0
    }
    if constexpr (std::is_same_v<T, interval_t>) {
      // Equal intervals ('1 mon' and '30 days') share a key.
      int128_t span = x.Span();
      std::memcpy(p + 1, &span, sizeof(span));
    } else {
      std::memcpy(p + 1, &x, sizeof(T));
    }
    cursor[i] += 1 + sizeof(T);
  }
}

template <typename F>
void DispatchFixed(PhysicalType t, F&& f) {
  switch (t) {
    case PhysicalType::kBool: f(uint8_t{}); break;
    case PhysicalType::kInt16: f(int16_t{}); break;
    case PhysicalType::kInt32: f(int32_t{}); break;
    case PhysicalType::kInt64: f(int64_t{}); break;
    case PhysicalType::kInt128: f(int128_t{}); break;
    case PhysicalType::kFloat: f(float{}); break;
    case PhysicalType::kDouble: f(double{}); break;
    case PhysicalType::kInterval: f(interval_t{}); break;
    case PhysicalType::kString: break;
  }
}

}  // namespace

KeyEncoder::KeyEncoder(const std::vector<LogicalType>& types, bool null_is_key)
    : types_(types), null_is_key_(null_is_key) {
  int total = 0;
  bool packable = !types_.empty();
  for (const auto& t : types_) {
    int bits = PackedBits(t.physical());
    if (bits < 0) {
      packable = false;
      break;
    }
    total += bits + (null_is_key_ ? 1 : 0);
  }
  if (packable && total <= 64) layout_ = KeyLayout::kPacked;
}

void KeyEncoder::Encode(const std::vector<const Vector*>& columns, size_t count, EncodedKeys* out) const {
  out->count = count;
  out->has_null.clear();
  if (!null_is_key_) {
    for (const Vector* v : columns) {
      if (v->validity().AllValid()) continue;
      if (out->has_null.empty()) out->has_null.assign(count, 0);
      for (size_t i = 0; i < count; i++) out->has_null[i] |= v->IsNull(i) ? 1 : 0;
    }
  }
  out->hashes.resize(count);
  if (layout_ == KeyLayout::kPacked) {
    out->packed.assign(count, 0);
    uint64_t* keys = out->packed.data();
    for (const Vector* v : columns) {
      int bits = PackedBits(v->type().physical());
      switch (v->type().physical()) {
        case PhysicalType::kBool: PackColumn<uint8_t>(*v, count, bits, null_is_key_, keys); break;
        case PhysicalType::kInt16: PackColumn<int16_t>(*v, count, bits, null_is_key_, keys); break;
        case PhysicalType::kInt32: PackColumn<int32_t>(*v, count, bits, null_is_key_, keys); break;
        default: PackColumn<int64_t>(*v, count, bits, null_is_key_, keys); break;
      }
    }
    for (size_t i = 0; i < count; i++) out->hashes[i] = HashPacked(keys[i]);
    return;
  }
  // Sizes first, then every column writes its part of each row's key.
  out->offsets.assign(count + 1, 0);
  uint32_t* sizes = out->offsets.data() + 1;
  for (const Vector* v : columns) {
    if (v->type().physical() == PhysicalType::kString) {
      const StringRef* d = v->data<StringRef>();
      for (size_t i = 0; i < count; i++) sizes[i] += v->IsNull(i) ? 1 : 1 + sizeof(uint32_t) + d[i].size;
    } else {
      DispatchFixed(v->type().physical(), [&](auto tag) { SizeFixed<decltype(tag)>(*v, count, sizes); });
    }
  }
  for (size_t i = 0; i < count; i++) out->offsets[i + 1] += out->offsets[i];
  out->bytes.resize(out->offsets[count]);
  std::vector<uint32_t> cursor(out->offsets.begin(), out->offsets.end() - 1);
  uint8_t* bytes = out->bytes.data();
  for (const Vector* v : columns) {
    if (v->type().physical() == PhysicalType::kString) {
      const StringRef* d = v->data<StringRef>();
      for (size_t i = 0; i < count; i++) {
        uint8_t* p = bytes + cursor[i];
        if (v->IsNull(i)) {
          *p = 0;
          cursor[i] += 1;
          continue;
        }
        *p = 1;
        uint32_t n = d[i].size;
        std::memcpy(p + 1, &n, sizeof(n));
        std::memcpy(p + 1 + sizeof(n), d[i].data, n);
        cursor[i] += 1 + sizeof(n) + n;
      }
    } else {
      DispatchFixed(v->type().physical(), [&](auto tag) { WriteFixed<decltype(tag)>(*v, count, bytes, cursor.data()); });
    }
  }
  for (size_t i = 0; i < count; i++) {
    out->hashes[i] = HashBytes(bytes + out->offsets[i], out->offsets[i + 1] - out->offsets[i]);
  }
}

uint64_t HashPacked(uint64_t key) {
  // The murmur3 finaliser: every input bit affects every output bit.
  key ^= key >> 33;
  key *= 0xff51afd7ed558ccdULL;
  key ^= key >> 33;
  key *= 0xc4ceb9fe1a85ec53ULL;
  key ^= key >> 33;
  return key;
}

uint64_t HashBytes(const uint8_t* data, size_t size) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ size;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t w;
    std::memcpy(&w, data + i, 8);
    h = (h ^ HashPacked(w)) * 0x9e3779b97f4a7c15ULL;
  }
  if (i < size) {
    uint64_t w = 0;
    std::memcpy(&w, data + i, size - i);
    h = (h ^ HashPacked(w)) * 0x9e3779b97f4a7c15ULL;
  }
  return HashPacked(h);
}

}  // namespace tributary::sql
