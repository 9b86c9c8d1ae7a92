#pragma once

#include <cstdint>
#include <string>

#include "common/status.hpp"

namespace tributary {

/// SQL types, named as PostgreSQL names them.
enum class TypeId : uint8_t {
  kNull,  // the type of an untyped NULL literal
  kBoolean,
  kSmallInt,
  kInteger,
  kBigInt,
  kReal,
  kDouble,
  kNumeric,  // exact, precision up to 38 digits
  kVarchar,  // TEXT is VARCHAR without a length
  kDate,
  kTimestamp,
  kTimestampTz,
  kInterval,  // months, days, microseconds (interval_t)
};

/// How a value of a type sits in a flat column vector.
enum class PhysicalType : uint8_t {
  kBool,    // uint8_t, 0 or 1
  kInt16,   // int16_t
  kInt32,   // int32_t; DATE is days since 1970-01-01
  kInt64,   // int64_t; TIMESTAMP[TZ] is microseconds since 1970-01-01 00:00 (UTC for TZ)
  kInt128,  // __int128; NUMERIC is the unscaled integer
  kFloat,
  kDouble,
  kString,  // StringRef into a StringHeap
  kInterval,  // interval_t
};

using int128_t = __int128;

class LogicalType {
 public:
  static constexpr int kMaxNumericPrecision = 38;
  static constexpr int kDefaultNumericPrecision = 38;
  static constexpr int kDefaultNumericScale = 6;

  constexpr LogicalType() = default;
  constexpr explicit LogicalType(TypeId id) : id_(id) {}

  static constexpr LogicalType Null() { return LogicalType(TypeId::kNull); }
  static constexpr LogicalType Boolean() { return LogicalType(TypeId::kBoolean); }
  static constexpr LogicalType SmallInt() { return LogicalType(TypeId::kSmallInt); }
  static constexpr LogicalType Integer() { return LogicalType(TypeId::kInteger); }
  static constexpr LogicalType BigInt() { return LogicalType(TypeId::kBigInt); }
  static constexpr LogicalType Real() { return LogicalType(TypeId::kReal); }
  static constexpr LogicalType Double() { return LogicalType(TypeId::kDouble); }
  static constexpr LogicalType Date() { return LogicalType(TypeId::kDate); }
  static constexpr LogicalType Timestamp() { return LogicalType(TypeId::kTimestamp); }
  static constexpr LogicalType TimestampTz() { return LogicalType(TypeId::kTimestampTz); }
  static constexpr LogicalType Interval() { return LogicalType(TypeId::kInterval); }
  /// TEXT when `max_length` < 0, VARCHAR(max_length) otherwise.
  static constexpr LogicalType Varchar(int32_t max_length = -1) {
    LogicalType t(TypeId::kVarchar);
    t.length_ = max_length;
    return t;
  }
  /// Fails unless 1 <= precision <= 38 and 0 <= scale <= precision.
  static Result<LogicalType> Numeric(int precision, int scale);
  /// For callers that have validated precision and scale already.
  static constexpr LogicalType NumericUnchecked(int precision, int scale) {
    LogicalType t(TypeId::kNumeric);
    t.precision_ = static_cast<uint8_t>(precision);
    t.scale_ = static_cast<uint8_t>(scale);
    return t;
  }

  constexpr TypeId id() const { return id_; }
  constexpr int precision() const { return precision_; }
  constexpr int scale() const { return scale_; }
  /// VARCHAR(n) limit, or -1 for unlimited.
  constexpr int32_t max_length() const { return length_; }

  PhysicalType physical() const;
  /// Bytes one value takes in a flat vector.
  size_t value_size() const;
  bool is_integral() const {
    return id_ == TypeId::kSmallInt || id_ == TypeId::kInteger || id_ == TypeId::kBigInt;
  }
  bool is_numeric() const {
    return is_integral() || id_ == TypeId::kReal || id_ == TypeId::kDouble || id_ == TypeId::kNumeric;
  }
  bool is_temporal() const {
    return id_ == TypeId::kDate || id_ == TypeId::kTimestamp || id_ == TypeId::kTimestampTz;
  }

  /// PostgreSQL's spelling: "integer", "numeric(12,2)", "character varying(20)",
  /// "timestamp with time zone".
  std::string ToString() const;
  /// Parses the names ToString produces and their common aliases (int4, int8,
  /// float8, text, varchar(n), decimal(p,s), timestamptz, …).
  static Result<LogicalType> Parse(std::string_view name);

  friend constexpr bool operator==(const LogicalType& a, const LogicalType& b) {
    return a.id_ == b.id_ && a.precision_ == b.precision_ && a.scale_ == b.scale_ && a.length_ == b.length_;
  }

 private:
  TypeId id_ = TypeId::kNull;
  uint8_t precision_ = 0;
  uint8_t scale_ = 0;
  int32_t length_ = -1;
};

}  // namespace tributary
