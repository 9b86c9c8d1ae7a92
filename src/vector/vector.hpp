#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "types/logical_type.hpp"
#include "types/value.hpp"

namespace tributary {

/// Default number of rows in one batch: big enough to amortise per-batch
/// work, small enough that a batch of a few columns stays in L2.
constexpr size_t kBatchSize = 2048;

/// A string in a vector: bytes owned by a StringHeap (or by a buffer the heap
/// keeps alive). Not NUL-terminated.
struct StringRef {
  const char* data = nullptr;
  uint32_t size = 0;

  std::string_view view() const { return {data, size}; }
  friend bool operator==(StringRef a, StringRef b) { return a.view() == b.view(); }
};

/// Null bitmap, one bit per row, 1 = valid. An empty mask means "all valid"
/// and costs nothing, the common case.
class ValidityMask {
 public:
  bool AllValid() const { return bits_.empty(); }
  bool IsValid(size_t row) const { return bits_.empty() || ((bits_[row >> 6] >> (row & 63)) & 1); }
  /// Materialises the bitmap for `capacity` rows on first use.
  void SetInvalid(size_t row, size_t capacity) {
    if (bits_.empty()) bits_.assign((capacity + 63) / 64, ~uint64_t{0});
    bits_[row >> 6] &= ~(uint64_t{1} << (row & 63));
  }
  void SetValid(size_t row) {
    if (!bits_.empty()) bits_[row >> 6] |= uint64_t{1} << (row & 63);
  }
  void Set(size_t row, bool valid, size_t capacity) {
    if (valid) {
      SetValid(row);
    } else {
      SetInvalid(row, capacity);
    }
  }
  /// Back to all-valid.
  void Reset() { bits_.clear(); }
  size_t CountInvalid(size_t rows) const;
  const uint64_t* words() const { return bits_.data(); }
  uint64_t* mutable_words(size_t capacity) {
    if (bits_.empty()) bits_.assign((capacity + 63) / 64, ~uint64_t{0});
    return bits_.data();
  }

 private:
  std::vector<uint64_t> bits_;
};

/// Owns the bytes StringRefs point at. Append-only; strings stay put until
/// the heap dies. Heaps can keep other heaps (or raw buffers such as a
/// decompressed Parquet page) alive, so vectors can share strings without
/// copying them.
class StringHeap {
 public:
  StringRef Add(std::string_view s);
  /// Keeps `buffer` alive as long as this heap; returns its bytes.
  const char* Adopt(std::unique_ptr<char[]> buffer);
  const char* Adopt(std::string buffer);
  void KeepAlive(std::shared_ptr<const StringHeap> other);
  size_t bytes_allocated() const { return allocated_; }

 private:
  static constexpr size_t kChunkSize = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> chunks_;
  std::vector<std::string> adopted_strings_;
  std::vector<std::shared_ptr<const StringHeap>> kept_;
  char* cursor_ = nullptr;
  size_t remaining_ = 0;
  size_t allocated_ = 0;
};

enum class VectorEncoding : uint8_t {
  kFlat,        // data[i] is row i
  kConstant,    // data[0] (and validity bit 0) is every row
  kDictionary,  // indices[i] selects a row of dictionary()
};

/// A column of up to `capacity` values of one type. Flat vectors hold values
/// contiguously (see PhysicalType for the C++ type); dictionary vectors hold
/// uint32 indices into a shared dictionary vector, which is how Parquet
/// dictionary pages and low-cardinality strings travel without expansion.
class Vector {
 public:
  Vector() = default;
  Vector(LogicalType type, size_t capacity);
  Vector(Vector&&) noexcept = default;
  Vector& operator=(Vector&&) noexcept = default;
  Vector(const Vector&) = delete;
  Vector& operator=(const Vector&) = delete;

  const LogicalType& type() const { return type_; }
  VectorEncoding encoding() const { return encoding_; }
  size_t capacity() const { return capacity_; }

  template <typename T>
  T* data() {
    return reinterpret_cast<T*>(data_.get());
  }
  template <typename T>
  const T* data() const {
    return reinterpret_cast<const T*>(data_.get());
  }
  uint8_t* raw_data() { return data_.get(); }
  const uint8_t* raw_data() const { return data_.get(); }

  ValidityMask& validity() { return validity_; }
  const ValidityMask& validity() const { return validity_; }
  bool IsNull(size_t row) const {
    switch (encoding_) {
      case VectorEncoding::kFlat: return !validity_.IsValid(row);
      case VectorEncoding::kConstant: return !validity_.IsValid(0);
      case VectorEncoding::kDictionary:
        // A dictionary is always flat (MakeDictionary checks).
        return !validity_.IsValid(row) || !dictionary_->validity_.IsValid(indices()[row]);
    }
    return false;
  }
  void SetNull(size_t row, bool is_null = true) { validity_.Set(row, !is_null, capacity_); }

  /// The heap holding this vector's strings, created on first use.
  StringHeap& heap();
  const std::shared_ptr<StringHeap>& shared_heap() const { return heap_; }
  /// Copies `s` into the heap and stores it at `row`.
  void SetString(size_t row, std::string_view s) { data<StringRef>()[row] = heap().Add(s); }

  /// Turns this into a dictionary vector over `dictionary`; the caller then
  /// fills indices()[0..count).
  void MakeDictionary(std::shared_ptr<const Vector> dictionary);
  uint32_t* indices() { return data<uint32_t>(); }
  const uint32_t* indices() const { return data<uint32_t>(); }
  const Vector& dictionary() const { return *dictionary_; }
  const std::shared_ptr<const Vector>& shared_dictionary() const { return dictionary_; }
  /// Marks row 0 as the value of every row.
  void MakeConstant() { encoding_ = VectorEncoding::kConstant; }

  /// Rewrites a dictionary or constant vector of `count` rows as flat values.
  /// Strings are not copied: the dictionary's heap is kept alive.
  void Flatten(size_t count);

  /// Slow, typed access for tests, printing and statistics.
  Value GetValue(size_t row) const;
  /// Stores `v`, which must have this vector's physical type (or be NULL).
  void SetValue(size_t row, const Value& v);

  /// Grows capacity, keeping the first `count` rows.
  void Reserve(size_t capacity, size_t count);
  /// Back to an empty flat vector of the same type and capacity.
  void Reset();

 private:
  struct FreeDeleter {
    void operator()(uint8_t* p) const { std::free(p); }
  };
  static std::unique_ptr<uint8_t[], FreeDeleter> Allocate(size_t bytes);

  LogicalType type_;
  VectorEncoding encoding_ = VectorEncoding::kFlat;
  size_t capacity_ = 0;
  std::unique_ptr<uint8_t[], FreeDeleter> data_;
  ValidityMask validity_;
  std::shared_ptr<StringHeap> heap_;
  std::shared_ptr<const Vector> dictionary_;
};

/// Positions of the rows still alive in a batch, ascending. Filters produce
/// one instead of copying the surviving rows.
class SelectionVector {
 public:
  SelectionVector() = default;
  explicit SelectionVector(size_t capacity) { rows_.reserve(capacity); }
  explicit SelectionVector(std::vector<uint32_t> rows) : rows_(std::move(rows)) {}
  void Append(uint32_t row) { rows_.push_back(row); }
  uint32_t operator[](size_t i) const { return rows_[i]; }
  size_t size() const { return rows_.size(); }
  void clear() { rows_.clear(); }
  uint32_t* data() { return rows_.data(); }
  const uint32_t* data() const { return rows_.data(); }
  void resize(size_t n) { rows_.resize(n); }

 private:
  std::vector<uint32_t> rows_;
};

}  // namespace tributary
