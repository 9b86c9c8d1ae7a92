#pragma once

#include "vector/vector.hpp"

namespace tributary::sql {

/// True when PostgreSQL has a cast from `from` to `to` (explicit or not).
bool CastExists(const LogicalType& from, const LogicalType& to);

/// Casts rows [0, count) of flat `in` into flat `out` (of the target type).
/// Follows PostgreSQL: numeric→integer rounds half away from zero, float→
/// integer rounds half to even, text input is trimmed; out-of-range values
/// throw SqlError 22003, bad text 22P02 (22007/22008 for dates). For
/// varchar(n), an explicit cast truncates and an assignment fails with 22001.
void CastVector(const Vector& in, size_t count, Vector* out, bool explicit_cast = true);

/// One value through CastVector; for constants.
Value CastValue(const Value& value, const LogicalType& to, bool explicit_cast = true);

}  // namespace tributary::sql
