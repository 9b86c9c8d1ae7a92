#include "parquet/thrift_compact.hpp"

#include <cstring>

namespace tributary::parquet::thrift {

void CompactWriter::Varint(uint64_t v) {
  while (v >= 0x80) {
    out_->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out_->push_back(static_cast<char>(v));
}

void CompactWriter::FieldHeader(int16_t id, CType type) {
  int delta = id - last_id_;
  if (delta > 0 && delta <= 15) {
    out_->push_back(static_cast<char>((delta << 4) | static_cast<int>(type)));
  } else {
    out_->push_back(static_cast<char>(type));
    Varint(ZigZag(id));
  }
  last_id_ = id;
}

void CompactWriter::BeginStruct() {
  stack_.push_back(last_id_);
  last_id_ = 0;
}

void CompactWriter::EndStruct() {
  out_->push_back(static_cast<char>(CType::kStop));
  last_id_ = stack_.empty() ? 0 : stack_.back();
  if (!stack_.empty()) stack_.pop_back();
}

void CompactWriter::FieldBool(int16_t id, bool v) { FieldHeader(id, v ? CType::kTrue : CType::kFalse); }

void CompactWriter::FieldI8(int16_t id, int8_t v) {
  FieldHeader(id, CType::kByte);
  out_->push_back(static_cast<char>(v));
}

void CompactWriter::FieldI16(int16_t id, int16_t v) {
  FieldHeader(id, CType::kI16);
  Varint(ZigZag(v));
}

void CompactWriter::FieldI32(int16_t id, int32_t v) {
  FieldHeader(id, CType::kI32);
  Varint(ZigZag(v));
}

void CompactWriter::FieldI64(int16_t id, int64_t v) {
  FieldHeader(id, CType::kI64);
  Varint(ZigZag(v));
}

void CompactWriter::FieldBinary(int16_t id, std::string_view v) {
  FieldHeader(id, CType::kBinary);
  Binary(v);
}

void CompactWriter::Binary(std::string_view v) {
  Varint(v.size());
  out_->append(v);
}

void CompactWriter::FieldStruct(int16_t id) {
  FieldHeader(id, CType::kStruct);
  BeginStruct();
}

void CompactWriter::FieldList(int16_t id, CType element, size_t size) {
  FieldHeader(id, CType::kList);
  if (size < 15) {
    out_->push_back(static_cast<char>((size << 4) | static_cast<size_t>(element)));
  } else {
    out_->push_back(static_cast<char>(0xf0 | static_cast<int>(element)));
    Varint(size);
  }
}

Status CompactReader::Enter() {
  if (++depth_ > kMaxDepth) return Status::Corruption("thrift structures nested deeper than {}", kMaxDepth);
  return Status::OK();
}

Status CompactReader::Byte(uint8_t* out) {
  if (pos_ >= end_) return Status::Corruption("thrift data ends early at byte {}", position());
  *out = *pos_++;
  return Status::OK();
}

Status CompactReader::Varint(uint64_t* out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    uint8_t b;
    TRIB_RETURN_NOT_OK(Byte(&b));
    if (shift == 63 && b > 1) break;
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      *out = v;
      return Status::OK();
    }
  }
  return Status::Corruption("thrift varint longer than 64 bits at byte {}", position());
}

Status CompactReader::FieldHeader(int16_t* last_id, CType* type, int16_t* id) {
  uint8_t b;
  TRIB_RETURN_NOT_OK(Byte(&b));
  *type = static_cast<CType>(b & 0x0f);
  if (*type == CType::kStop) {
    if (b != 0) return Status::Corruption("thrift stop byte 0x{:02x} has a field delta", b);
    *id = 0;
    return Status::OK();
  }
  if (b & 0x0f && (b & 0x0f) > static_cast<uint8_t>(CType::kStruct)) {
    return Status::Corruption("thrift field type {} is not a compact-protocol type", b & 0x0f);
  }
  int delta = b >> 4;
  if (delta != 0) {
    *id = static_cast<int16_t>(*last_id + delta);
  } else {
    int16_t raw;
    TRIB_RETURN_NOT_OK(ReadI16(CType::kI16, &raw));
    *id = raw;
  }
  *last_id = *id;
  return Status::OK();
}

Status CompactReader::Expect(CType actual, CType expected) {
  if (actual == expected) return Status::OK();
  return Status::Corruption("thrift field has type {} where {} was expected", static_cast<int>(actual),
                            static_cast<int>(expected));
}

Status CompactReader::ReadBool(CType type, bool* out) {
  if (type == CType::kTrue || type == CType::kFalse) {
    *out = type == CType::kTrue;
    return Status::OK();
  }
  return Status::Corruption("thrift field has type {} where a bool was expected", static_cast<int>(type));
}

Status CompactReader::ReadI8(CType type, int8_t* out) {
  TRIB_RETURN_NOT_OK(Expect(type, CType::kByte));
  uint8_t b;
  TRIB_RETURN_NOT_OK(Byte(&b));
  *out = static_cast<int8_t>(b);
  return Status::OK();
}

namespace {

int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

}  // namespace

Status CompactReader::ReadI16(CType type, int16_t* out) {
  TRIB_RETURN_NOT_OK(Expect(type, CType::kI16));
  uint64_t v;
  TRIB_RETURN_NOT_OK(Varint(&v));
  int64_t s = UnZigZag(v);
  if (s < INT16_MIN || s > INT16_MAX) return Status::Corruption("thrift i16 value {} out of range", s);
  *out = static_cast<int16_t>(s);
  return Status::OK();
}

Status CompactReader::ReadI32(CType type, int32_t* out) {
  TRIB_RETURN_NOT_OK(Expect(type, CType::kI32));
  uint64_t v;
  TRIB_RETURN_NOT_OK(Varint(&v));
  int64_t s = UnZigZag(v);
  if (s < INT32_MIN || s > INT32_MAX) return Status::Corruption("thrift i32 value {} out of range", s);
  *out = static_cast<int32_t>(s);
  return Status::OK();
}

Status CompactReader::ReadI64(CType type, int64_t* out) {
  TRIB_RETURN_NOT_OK(Expect(type, CType::kI64));
  uint64_t v;
  TRIB_RETURN_NOT_OK(Varint(&v));
  *out = UnZigZag(v);
  return Status::OK();
}

Status CompactReader::ReadDouble(CType type, double* out) {
  TRIB_RETURN_NOT_OK(Expect(type, CType::kDouble));
  if (remaining() < 8) return Status::Corruption("thrift double truncated at byte {}", position());
  std::memcpy(out, pos_, 8);
  pos_ += 8;
  return Status::OK();
}

Status CompactReader::ReadBinary(CType type, std::string* out) {
  TRIB_RETURN_NOT_OK(Expect(type, CType::kBinary));
  uint64_t n;
  TRIB_RETURN_NOT_OK(Varint(&n));
  if (n > remaining()) {
    return Status::Corruption("thrift string of {} bytes at byte {} but only {} remain", n, position(), remaining());
  }
  out->assign(reinterpret_cast<const char*>(pos_), n);
  pos_ += n;
  return Status::OK();
}

Status CompactReader::ReadListHeader(CType type, CType* element, uint32_t* size) {
  if (type != CType::kList && type != CType::kSet) return Expect(type, CType::kList);
  uint8_t b;
  TRIB_RETURN_NOT_OK(Byte(&b));
  *element = static_cast<CType>(b & 0x0f);
  if (static_cast<uint8_t>(*element) > static_cast<uint8_t>(CType::kStruct) || *element == CType::kStop) {
    return Status::Corruption("thrift list element type {} is invalid", b & 0x0f);
  }
  uint64_t n = b >> 4;
  if (n == 15) TRIB_RETURN_NOT_OK(Varint(&n));
  if (n > remaining()) {
    return Status::Corruption("thrift list claims {} elements but only {} bytes remain", n, remaining());
  }
  *size = static_cast<uint32_t>(n);
  return Status::OK();
}

Status CompactReader::Skip(CType type) {
  switch (type) {
    case CType::kTrue:
    case CType::kFalse: return Status::OK();
    case CType::kByte: {
      uint8_t b;
      return Byte(&b);
    }
    case CType::kI16:
    case CType::kI32:
    case CType::kI64: {
      uint64_t v;
      return Varint(&v);
    }
    case CType::kDouble:
      if (remaining() < 8) return Status::Corruption("thrift double truncated at byte {}", position());
      pos_ += 8;
      return Status::OK();
    case CType::kBinary: {
      uint64_t n;
      TRIB_RETURN_NOT_OK(Varint(&n));
      if (n > remaining()) return Status::Corruption("thrift string of {} bytes overruns the data", n);
      pos_ += n;
      return Status::OK();
    }
    case CType::kList:
    case CType::kSet: {
      CType element;
      uint32_t n;
      TRIB_RETURN_NOT_OK(ReadListHeader(CType::kList, &element, &n));
      TRIB_RETURN_NOT_OK(Enter());
      for (uint32_t i = 0; i < n; i++) {
        if (element == CType::kTrue || element == CType::kFalse) {
          uint8_t b;
          TRIB_RETURN_NOT_OK(Byte(&b));
        } else {
          TRIB_RETURN_NOT_OK(Skip(element));
        }
      }
      depth_--;
      return Status::OK();
    }
    case CType::kMap: {
      uint64_t n;
      TRIB_RETURN_NOT_OK(Varint(&n));
      if (n == 0) return Status::OK();
      if (n > remaining()) return Status::Corruption("thrift map claims {} entries but only {} bytes remain", n, remaining());
      uint8_t kv;
      TRIB_RETURN_NOT_OK(Byte(&kv));
      auto key = static_cast<CType>(kv >> 4), value = static_cast<CType>(kv & 0x0f);
      TRIB_RETURN_NOT_OK(Enter());
      for (uint64_t i = 0; i < n; i++) {
        for (CType t : {key, value}) {
          if (t == CType::kTrue || t == CType::kFalse) {
            uint8_t b;
            TRIB_RETURN_NOT_OK(Byte(&b));
          } else {
            TRIB_RETURN_NOT_OK(Skip(t));
          }
        }
      }
      depth_--;
      return Status::OK();
    }
    case CType::kStruct: return ReadStruct([this](int16_t, CType t) { return Skip(t); });
    case CType::kStop: break;
  }
  return Status::Corruption("cannot skip thrift value of type {}", static_cast<int>(type));
}

}  // namespace tributary::parquet::thrift
