#pragma once

#include <string>
#include <variant>

#include "types/interval.hpp"
#include "types/logical_type.hpp"

namespace tributary {

/// One SQL value of a known type, NULL included. For literals, statistics,
/// partition values and tests: not for hot loops, which work on vectors.
class Value {
 public:
  Value() = default;  // untyped NULL
  static Value Null(LogicalType type) { return Value(type, std::monostate{}); }
  static Value Boolean(bool v) { return Value(LogicalType::Boolean(), v); }
  static Value SmallInt(int16_t v) { return Value(LogicalType::SmallInt(), int64_t{v}); }
  static Value Integer(int32_t v) { return Value(LogicalType::Integer(), int64_t{v}); }
  static Value BigInt(int64_t v) { return Value(LogicalType::BigInt(), v); }
  static Value Real(float v) { return Value(LogicalType::Real(), double{v}); }
  static Value Double(double v) { return Value(LogicalType::Double(), v); }
  static Value Numeric(int128_t unscaled, int precision, int scale) {
    return Value(LogicalType::NumericUnchecked(precision, scale), unscaled);
  }
  static Value Varchar(std::string v) { return Value(LogicalType::Varchar(), std::move(v)); }
  static Value Date(int32_t days) { return Value(LogicalType::Date(), int64_t{days}); }
  static Value Timestamp(int64_t micros) { return Value(LogicalType::Timestamp(), micros); }
  static Value TimestampTz(int64_t micros) { return Value(LogicalType::TimestampTz(), micros); }
  static Value Interval(interval_t v) { return Value(LogicalType::Interval(), v); }

  const LogicalType& type() const { return type_; }
  bool is_null() const { return std::holds_alternative<std::monostate>(data_); }

  bool GetBool() const { return std::get<bool>(data_); }
  /// Integers, DATE days and TIMESTAMP micros.
  int64_t GetInt64() const { return std::get<int64_t>(data_); }
  /// NUMERIC's unscaled value.
  int128_t GetInt128() const { return std::get<int128_t>(data_); }
  double GetDouble() const { return std::get<double>(data_); }
  const std::string& GetString() const { return std::get<std::string>(data_); }
  const interval_t& GetInterval() const { return std::get<interval_t>(data_); }

  /// PostgreSQL's text output ("t", "12.50", "2024-01-02 03:04:05+00"); "NULL"
  /// for null.
  std::string ToString() const;
  /// Orders two non-null values of the same type (strings bytewise).
  /// Returns <0, 0, >0.
  int Compare(const Value& other) const;

  friend bool operator==(const Value& a, const Value& b) { return a.type_ == b.type_ && a.data_ == b.data_; }

 private:
  using Data = std::variant<std::monostate, bool, int64_t, int128_t, double, std::string, interval_t>;
  Value(LogicalType type, Data data) : type_(type), data_(std::move(data)) {}

  LogicalType type_;
  Data data_;
};

}  // namespace tributary
