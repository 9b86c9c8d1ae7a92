#pragma once

#include <string>
#include <string_view>

#include "common/status.hpp"
#include "iceberg/schema.hpp"
#include "types/value.hpp"

namespace tributary::iceberg {

/// The spec's binary single-value serialization (appendix D), used for
/// lower/upper bounds and partition summaries: little-endian int (4 bytes) /
/// long (8), float/double IEEE little-endian, decimal as the minimal
/// big-endian two's-complement unscaled value, string UTF-8 bytes, date as
/// int days, timestamps as long micros, boolean one byte.
/// `value` must be non-null and of a SQL type that maps to `type`.
Result<std::string> SerializeSingleValue(const Value& value, const IcebergType& type);

/// Inverse of SerializeSingleValue, producing a Value of SQL type `as` (whose
/// Iceberg type must be `type`). Accepts 4-byte ints for long and 4-byte
/// floats for double (values written before a type promotion).
Result<Value> DeserializeSingleValue(std::string_view bytes, const IcebergType& type, const LogicalType& as);

}  // namespace tributary::iceberg
