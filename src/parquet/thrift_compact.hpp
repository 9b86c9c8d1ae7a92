#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace tributary::parquet::thrift {

/// Type nibbles of the Thrift compact protocol (field headers and list headers).
enum class CType : uint8_t {
  kStop = 0,
  kTrue = 1,  // a bool field whose value is true; in lists, any bool element
  kFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

/// Appends compact-protocol bytes to a string. Fields must be written in
/// ascending id order inside each struct (the delta encoding relies on it).
class CompactWriter {
 public:
  explicit CompactWriter(std::string* out) : out_(out) {}

  void BeginStruct();
  /// Writes the stop byte and returns to the enclosing struct.
  void EndStruct();

  void FieldBool(int16_t id, bool v);
  void FieldI8(int16_t id, int8_t v);
  void FieldI16(int16_t id, int16_t v);
  void FieldI32(int16_t id, int32_t v);
  void FieldI64(int16_t id, int64_t v);
  void FieldBinary(int16_t id, std::string_view v);
  /// Writes the header of a struct field and enters it; close with EndStruct.
  void FieldStruct(int16_t id);
  /// Writes the header of a list field; follow with `size` elements.
  void FieldList(int16_t id, CType element, size_t size);

  // List elements.
  void I32(int32_t v) { Varint(ZigZag(v)); }
  void I64(int64_t v) { Varint(ZigZag(v)); }
  void Binary(std::string_view v);

 private:
  static uint64_t ZigZag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
  void Varint(uint64_t v);
  void FieldHeader(int16_t id, CType type);

  std::string* out_;
  int16_t last_id_ = 0;
  std::vector<int16_t> stack_;
};

/// Reads compact-protocol bytes from a bounded buffer. Safe on hostile
/// input: every length is checked against the bytes left, nesting is capped
/// at kMaxDepth, and nothing is allocated beyond what the input holds.
class CompactReader {
 public:
  static constexpr int kMaxDepth = 64;

  CompactReader(const uint8_t* data, size_t size) : data_(data), end_(data + size), pos_(data) {}

  size_t position() const { return static_cast<size_t>(pos_ - data_); }
  size_t remaining() const { return static_cast<size_t>(end_ - pos_); }

  /// Reads a struct, calling `on_field(id, type)` for each field; the
  /// callback must consume the field's value (or call Skip(type)).
  template <typename F>
  Status ReadStruct(F&& on_field) {
    TRIB_RETURN_NOT_OK(Enter());
    int16_t last_id = 0;
    for (;;) {
      CType type;
      int16_t id;
      TRIB_RETURN_NOT_OK(FieldHeader(&last_id, &type, &id));
      if (type == CType::kStop) break;
      TRIB_RETURN_NOT_OK(on_field(id, type));
    }
    depth_--;
    return Status::OK();
  }

  /// Value readers. `type` is the field's type nibble, checked against what
  /// the caller expects so a mistyped field is Corruption, not garbage.
  Status ReadBool(CType type, bool* out);
  Status ReadI8(CType type, int8_t* out);
  Status ReadI16(CType type, int16_t* out);
  Status ReadI32(CType type, int32_t* out);
  Status ReadI64(CType type, int64_t* out);
  Status ReadDouble(CType type, double* out);
  Status ReadBinary(CType type, std::string* out);
  /// Reads a list header; `*size` is at most remaining() (each element takes
  /// at least one byte).
  Status ReadListHeader(CType type, CType* element, uint32_t* size);
  /// Reads one list element of a scalar type.
  Status ReadElementI32(CType element, int32_t* out) { return ReadI32(element, out); }
  Status ReadElementBinary(CType element, std::string* out) { return ReadBinary(element, out); }
  /// Skips one value of `type`, however deeply nested (up to kMaxDepth).
  Status Skip(CType type);

  /// Checks a field's type nibble.
  static Status Expect(CType actual, CType expected);

 private:
  Status Enter();
  Status FieldHeader(int16_t* last_id, CType* type, int16_t* id);
  Status Varint(uint64_t* out);
  Status Byte(uint8_t* out);

  const uint8_t* data_;
  const uint8_t* end_;
  const uint8_t* pos_;
  int depth_ = 0;
};

}  // namespace tributary::parquet::thrift
