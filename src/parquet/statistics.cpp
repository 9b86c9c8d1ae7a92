#include "parquet/statistics.hpp"

#include <cmath>
#include <cstring>

#include "types/decimal.hpp"

namespace tributary::parquet {

namespace {

template <typename T>
bool Load(std::string_view bytes, T* out) {
  if (bytes.size() != sizeof(T)) return false;
  std::memcpy(out, bytes.data(), sizeof(T));
  return true;
}

std::optional<Value> FromInt64(const LogicalType& t, int64_t v) {
  switch (t.id()) {
    case TypeId::kSmallInt:
      if (v < INT16_MIN || v > INT16_MAX) return std::nullopt;
      return Value::SmallInt(static_cast<int16_t>(v));
    case TypeId::kInteger:
      if (v < INT32_MIN || v > INT32_MAX) return std::nullopt;
      return Value::Integer(static_cast<int32_t>(v));
    case TypeId::kDate:
      if (v < INT32_MIN || v > INT32_MAX) return std::nullopt;
      return Value::Date(static_cast<int32_t>(v));
    case TypeId::kBigInt: return Value::BigInt(v);
    case TypeId::kTimestamp: return Value::Timestamp(v);
    case TypeId::kTimestampTz: return Value::TimestampTz(v);
    case TypeId::kNumeric:
      if (!decimal::FitsPrecision(v, t.precision())) return std::nullopt;
      return Value::Numeric(v, t.precision(), t.scale());
    default: return std::nullopt;
  }
}

std::optional<Value> FromInt128(const LogicalType& t, int128_t v) {
  if (t.id() != TypeId::kNumeric || !decimal::FitsPrecision(v, t.precision())) return std::nullopt;
  return Value::Numeric(v, t.precision(), t.scale());
}

}  // namespace

std::optional<Value> DecodeStatisticsValue(const LeafColumn& column, std::string_view bytes) {
  const LogicalType& t = column.spec.type;
  switch (column.physical) {
    case Type::kBoolean:
      if (bytes.size() != 1 || t.id() != TypeId::kBoolean) return std::nullopt;
      return Value::Boolean(bytes[0] != 0);
    case Type::kInt32: {
      int32_t v;
      if (!Load(bytes, &v)) return std::nullopt;
      if (column.conversion == Conversion::kUInt32ToInt64) return FromInt64(t, static_cast<uint32_t>(v));
      return FromInt64(t, v);
    }
    case Type::kInt64: {
      int64_t v;
      if (!Load(bytes, &v)) return std::nullopt;
      switch (column.conversion) {
        case Conversion::kUInt64ToInt128: return FromInt128(t, static_cast<int128_t>(static_cast<uint64_t>(v)));
        case Conversion::kMillisToMicros:
          if (v > INT64_MAX / 1000 || v < INT64_MIN / 1000) return std::nullopt;
          return FromInt64(t, v * 1000);
        case Conversion::kNanosToMicros: return FromInt64(t, v / 1000 - (v % 1000 < 0 ? 1 : 0));
        default: return FromInt64(t, v);
      }
    }
    case Type::kFloat: {
      float f;
      if (!Load(bytes, &f) || std::isnan(f) || t.id() != TypeId::kReal) return std::nullopt;
      return Value::Real(f);
    }
    case Type::kDouble: {
      double d;
      if (!Load(bytes, &d) || std::isnan(d) || t.id() != TypeId::kDouble) return std::nullopt;
      return Value::Double(d);
    }
    case Type::kFixedLenByteArray:
      if (column.conversion != Conversion::kFixedToInt128 || bytes.size() != static_cast<size_t>(column.type_length)) {
        return std::nullopt;
      }
      return FromInt128(t, decimal::FromBigEndian(reinterpret_cast<const uint8_t*>(bytes.data()), column.type_length));
    case Type::kByteArray:
      if (column.conversion == Conversion::kBinaryToInt128) {
        if (bytes.empty() || bytes.size() > 16) return std::nullopt;
        return FromInt128(t, decimal::FromBigEndian(reinterpret_cast<const uint8_t*>(bytes.data()),
                                                    static_cast<int>(bytes.size())));
      }
      if (t.id() != TypeId::kVarchar) return std::nullopt;
      return Value::Varchar(std::string(bytes));
    case Type::kInt96: return std::nullopt;
  }
  return std::nullopt;
}

ColumnStatistics DecodeStatistics(const LeafColumn& column, const Statistics* stats, int64_t num_values,
                                  bool type_defined_order) {
  ColumnStatistics out;
  out.value_count = num_values;
  if (!stats) return out;
  if (stats->null_count && *stats->null_count >= 0 && *stats->null_count <= num_values) {
    out.null_count = *stats->null_count;
  }
  const std::string* lo = nullptr;
  const std::string* hi = nullptr;
  if (type_defined_order && (stats->min_value || stats->max_value)) {
    if (stats->min_value) lo = &*stats->min_value;
    if (stats->max_value) hi = &*stats->max_value;
  } else {
    // Legacy bounds were computed with signed comparison of the physical
    // values: right for signed numbers, wrong for bytes and unsigned ints.
    bool signed_order = !column.unsigned_order && column.physical != Type::kByteArray &&
                        column.physical != Type::kFixedLenByteArray;
    if (signed_order) {
      if (stats->min) lo = &*stats->min;
      if (stats->max) hi = &*stats->max;
    }
  }
  if (lo) out.min = DecodeStatisticsValue(column, *lo);
  if (hi) out.max = DecodeStatisticsValue(column, *hi);
  if (out.min && out.max && out.min->Compare(*out.max) > 0) {
    out.min.reset();
    out.max.reset();
  }
  return out;
}

}  // namespace tributary::parquet
