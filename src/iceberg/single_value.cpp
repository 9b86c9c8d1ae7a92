#include "iceberg/single_value.hpp"

#include <bit>
#include <cstring>

#include "types/decimal.hpp"

namespace tributary::iceberg {

namespace {

template <typename T>
std::string LittleEndian(T v) {
  static_assert(std::endian::native == std::endian::little, "big-endian hosts are not supported");
  std::string out(sizeof(T), '\0');
  std::memcpy(out.data(), &v, sizeof(T));
  return out;
}

template <typename T>
T FromLittleEndian(std::string_view bytes) {
  T v;
  std::memcpy(&v, bytes.data(), sizeof(T));
  return v;
}

int MinimalDecimalBytes(int128_t v) {
  for (int w = 1; w < 16; w++) {
    const int128_t limit = static_cast<int128_t>(1) << (8 * w - 1);
    if (v >= -limit && v < limit) return w;
  }
  return 16;
}

Value IntegralValue(int64_t v, const LogicalType& as) {
  switch (as.id()) {
    case TypeId::kSmallInt: return Value::SmallInt(static_cast<int16_t>(v));
    case TypeId::kInteger: return Value::Integer(static_cast<int32_t>(v));
    case TypeId::kDate: return Value::Date(static_cast<int32_t>(v));
    case TypeId::kTimestamp: return Value::Timestamp(v);
    case TypeId::kTimestampTz: return Value::TimestampTz(v);
    default: return Value::BigInt(v);
  }
}

}  // namespace

Result<std::string> SerializeSingleValue(const Value& value, const IcebergType& type) {
  if (value.is_null()) return Status::Invalid("cannot serialize NULL as a single value");
  TRIB_ASSIGN_OR_RETURN(IcebergType value_type, ToIcebergType(value.type()));
  const bool compatible = value_type == type || IsAllowedPromotion(value_type, type) ||
                          (value_type.id == IcebergTypeId::kDecimal && type.id == IcebergTypeId::kDecimal);
  if (!compatible) {
    return Status::Invalid("value {} of type {} cannot be serialized as Iceberg {}", value.ToString(),
                           value.type().ToString(), type.ToString());
  }
  switch (type.id) {
    case IcebergTypeId::kBoolean: return std::string(1, value.GetBool() ? '\1' : '\0');
    case IcebergTypeId::kInt:
    case IcebergTypeId::kDate: return LittleEndian(static_cast<int32_t>(value.GetInt64()));
    case IcebergTypeId::kLong:
    case IcebergTypeId::kTimestamp:
    case IcebergTypeId::kTimestampTz: return LittleEndian(value.GetInt64());
    case IcebergTypeId::kFloat: return LittleEndian(static_cast<float>(value.GetDouble()));
    case IcebergTypeId::kDouble: return LittleEndian(value.GetDouble());
    case IcebergTypeId::kDecimal: {
      int128_t unscaled = value.GetInt128();
      if (value.type().scale() != type.scale) {
        TRIB_ASSIGN_OR_RETURN(unscaled, decimal::Rescale(unscaled, value.type().scale(), type.scale));
      }
      int width = MinimalDecimalBytes(unscaled);
      std::string out(static_cast<size_t>(width), '\0');
      decimal::ToBigEndian(unscaled, width, reinterpret_cast<uint8_t*>(out.data()));
      return out;
    }
    case IcebergTypeId::kString: return value.GetString();
  }
  return Status::Internal("unhandled Iceberg type {}", type.ToString());
}

Result<Value> DeserializeSingleValue(std::string_view bytes, const IcebergType& type, const LogicalType& as) {
  auto bad_length = [&] {
    return Status::Corruption("a {} bound must not be {} bytes long", type.ToString(), bytes.size());
  };
  switch (type.id) {
    case IcebergTypeId::kBoolean:
      if (bytes.size() != 1) return bad_length();
      return Value::Boolean(bytes[0] != 0);
    case IcebergTypeId::kInt:
    case IcebergTypeId::kDate:
      if (bytes.size() != 4) return bad_length();
      return IntegralValue(FromLittleEndian<int32_t>(bytes), as);
    case IcebergTypeId::kLong:
    case IcebergTypeId::kTimestamp:
    case IcebergTypeId::kTimestampTz:
      if (bytes.size() == 4) return IntegralValue(FromLittleEndian<int32_t>(bytes), as);  // written as int
      if (bytes.size() != 8) return bad_length();
      return IntegralValue(FromLittleEndian<int64_t>(bytes), as);
    case IcebergTypeId::kFloat:
      if (bytes.size() != 4) return bad_length();
      return Value::Real(FromLittleEndian<float>(bytes));
    case IcebergTypeId::kDouble:
      if (bytes.size() == 4) return Value::Double(FromLittleEndian<float>(bytes));  // written as float
      if (bytes.size() != 8) return bad_length();
      return as.id() == TypeId::kReal ? Value::Real(static_cast<float>(FromLittleEndian<double>(bytes)))
                                      : Value::Double(FromLittleEndian<double>(bytes));
    case IcebergTypeId::kDecimal: {
      if (bytes.empty() || bytes.size() > 16) return bad_length();
      int128_t unscaled = decimal::FromBigEndian(reinterpret_cast<const uint8_t*>(bytes.data()),
                                                 static_cast<int>(bytes.size()));
      int precision = as.id() == TypeId::kNumeric ? as.precision() : type.precision;
      return Value::Numeric(unscaled, precision, type.scale);
    }
    case IcebergTypeId::kString: return Value::Varchar(std::string(bytes));
  }
  return Status::Internal("unhandled Iceberg type {}", type.ToString());
}

}  // namespace tributary::iceberg
