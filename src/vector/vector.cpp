#include "vector/vector.hpp"

#include <algorithm>
#include <bit>
#include <cstdlib>

#include "common/error.hpp"

namespace tributary {

size_t ValidityMask::CountInvalid(size_t rows) const {
  if (bits_.empty()) return 0;
  size_t valid = 0, full = rows / 64;
  for (size_t w = 0; w < full; w++) valid += static_cast<size_t>(std::popcount(bits_[w]));
  if (rows % 64) valid += static_cast<size_t>(std::popcount(bits_[full] & ((uint64_t{1} << (rows % 64)) - 1)));
  return rows - valid;
}

StringRef StringHeap::Add(std::string_view s) {
  if (s.empty()) return {"", 0};
  if (s.size() > remaining_) {
    size_t size = std::max(kChunkSize, s.size());
    chunks_.push_back(std::make_unique<char[]>(size));
    cursor_ = chunks_.back().get();
    remaining_ = size;
    allocated_ += size;
  }
  std::memcpy(cursor_, s.data(), s.size());
  StringRef ref{cursor_, static_cast<uint32_t>(s.size())};
  cursor_ += s.size();
  remaining_ -= s.size();
  return ref;
}

const char* StringHeap::Adopt(std::unique_ptr<char[]> buffer) {
  chunks_.push_back(std::move(buffer));
  return chunks_.back().get();
}

const char* StringHeap::Adopt(std::string buffer) {
  allocated_ += buffer.size();
  adopted_strings_.push_back(std::move(buffer));
  return adopted_strings_.back().data();
}

void StringHeap::KeepAlive(std::shared_ptr<const StringHeap> other) {
  if (other && other.get() != this) kept_.push_back(std::move(other));
}

std::unique_ptr<uint8_t[], Vector::FreeDeleter> Vector::Allocate(size_t bytes) {
  // Plain malloc (16-byte aligned): nothing loads vectors with aligned
  // instructions, and glibc serves aligned_alloc outside its per-thread
  // cache, through the locked bins — measured at 13% of the CPU of a
  // join-heavy SSB query, where every operator allocates its output.
  auto* p = static_cast<uint8_t*>(std::malloc(std::max<size_t>(bytes, 16)));
  if (!p) throw std::bad_alloc();
  return std::unique_ptr<uint8_t[], FreeDeleter>(p);
}

Vector::Vector(LogicalType type, size_t capacity) : type_(type), capacity_(capacity) {
  // Room for values or for dictionary indices, whichever is larger.
  data_ = Allocate(std::max<size_t>(type_.value_size(), sizeof(uint32_t)) * std::max<size_t>(capacity, 1));
}

StringHeap& Vector::heap() {
  if (!heap_) heap_ = std::make_shared<StringHeap>();
  return *heap_;
}

void Vector::MakeDictionary(std::shared_ptr<const Vector> dictionary) {
  TRIB_CHECK(dictionary->type().physical() == type_.physical(), "dictionary type mismatch");
  TRIB_CHECK(dictionary->encoding() == VectorEncoding::kFlat, "a dictionary must be flat");
  encoding_ = VectorEncoding::kDictionary;
  dictionary_ = std::move(dictionary);
}

void Vector::Flatten(size_t count) {
  if (encoding_ == VectorEncoding::kFlat) return;
  size_t width = type_.value_size();
  // A constant vector may hold one value for many more rows than its capacity.
  capacity_ = std::max<size_t>({capacity_, count, 1});
  auto flat = Allocate(std::max<size_t>(width, sizeof(uint32_t)) * capacity_);
  ValidityMask validity;
  if (encoding_ == VectorEncoding::kConstant) {
    for (size_t i = 0; i < count; i++) std::memcpy(flat.get() + i * width, data_.get(), width);
    if (!validity_.IsValid(0)) {
      for (size_t i = 0; i < count; i++) validity.SetInvalid(i, capacity_);
    }
  } else {
    const Vector& dict = *dictionary_;
    const uint32_t* idx = indices();
    const uint8_t* src = dict.raw_data();
    for (size_t i = 0; i < count; i++) {
      if (!validity_.IsValid(i)) {
        validity.SetInvalid(i, capacity_);
        std::memset(flat.get() + i * width, 0, width);
        continue;
      }
      std::memcpy(flat.get() + i * width, src + static_cast<size_t>(idx[i]) * width, width);
      if (!dict.validity().IsValid(idx[i])) validity.SetInvalid(i, capacity_);
    }
    if (type_.physical() == PhysicalType::kString) heap().KeepAlive(dict.shared_heap());
    dictionary_.reset();
  }
  data_ = std::move(flat);
  validity_ = std::move(validity);
  encoding_ = VectorEncoding::kFlat;
}

Value Vector::GetValue(size_t row) const {
  if (IsNull(row)) return Value::Null(type_);
  if (encoding_ == VectorEncoding::kConstant) row = 0;
  if (encoding_ == VectorEncoding::kDictionary) return dictionary_->GetValue(indices()[row]);
  switch (type_.id()) {
    case TypeId::kNull: return Value::Null(type_);
    case TypeId::kBoolean: return Value::Boolean(data<uint8_t>()[row] != 0);
    case TypeId::kSmallInt: return Value::SmallInt(data<int16_t>()[row]);
    case TypeId::kInteger: return Value::Integer(data<int32_t>()[row]);
    case TypeId::kBigInt: return Value::BigInt(data<int64_t>()[row]);
    case TypeId::kReal: return Value::Real(data<float>()[row]);
    case TypeId::kDouble: return Value::Double(data<double>()[row]);
    case TypeId::kNumeric: return Value::Numeric(data<int128_t>()[row], type_.precision(), type_.scale());
    case TypeId::kVarchar: {
      Value v = Value::Varchar(std::string(data<StringRef>()[row].view()));
      return v;
    }
    case TypeId::kDate: return Value::Date(data<int32_t>()[row]);
    case TypeId::kTimestamp: return Value::Timestamp(data<int64_t>()[row]);
    case TypeId::kTimestampTz: return Value::TimestampTz(data<int64_t>()[row]);
    case TypeId::kInterval: return Value::Interval(data<interval_t>()[row]);
  }
  return Value::Null(type_);
}

void Vector::SetValue(size_t row, const Value& v) {
  TRIB_CHECK(encoding_ == VectorEncoding::kFlat, "SetValue needs a flat vector");
  if (v.is_null()) {
    SetNull(row);
    return;
  }
  validity_.SetValid(row);
  switch (type_.physical()) {
    case PhysicalType::kBool: data<uint8_t>()[row] = v.GetBool() ? 1 : 0; break;
    case PhysicalType::kInt16: data<int16_t>()[row] = static_cast<int16_t>(v.GetInt64()); break;
    case PhysicalType::kInt32: data<int32_t>()[row] = static_cast<int32_t>(v.GetInt64()); break;
    case PhysicalType::kInt64: data<int64_t>()[row] = v.GetInt64(); break;
    case PhysicalType::kInt128: data<int128_t>()[row] = v.GetInt128(); break;
    case PhysicalType::kFloat: data<float>()[row] = static_cast<float>(v.GetDouble()); break;
    case PhysicalType::kDouble: data<double>()[row] = v.GetDouble(); break;
    case PhysicalType::kString: SetString(row, v.GetString()); break;
    case PhysicalType::kInterval: data<interval_t>()[row] = v.GetInterval(); break;
  }
}

void Vector::Reserve(size_t capacity, size_t count) {
  if (capacity <= capacity_) return;
  Flatten(count);
  size_t width = std::max<size_t>(type_.value_size(), sizeof(uint32_t));
  auto grown = Allocate(width * capacity);
  std::memcpy(grown.get(), data_.get(), width * count);
  data_ = std::move(grown);
  if (!validity_.AllValid()) {
    ValidityMask grown_mask;
    for (size_t i = 0; i < count; i++) {
      if (!validity_.IsValid(i)) grown_mask.SetInvalid(i, capacity);
    }
    validity_ = std::move(grown_mask);
  }
  capacity_ = capacity;
}

void Vector::Reset() {
  encoding_ = VectorEncoding::kFlat;
  validity_.Reset();
  heap_.reset();
  dictionary_.reset();
}

}  // namespace tributary
