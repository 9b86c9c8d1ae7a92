#pragma once

#include <optional>
#include <string>

#include "planner/bound_expression.hpp"

namespace tributary::sql {

/// PostgreSQL's implicit conversions between the types Tributary has:
/// smallint → integer → bigint → numeric → real → double precision,
/// date → timestamp → timestamptz, varchar(n) → text, and an untyped
/// literal to anything. Returns the cost (0 = same type) or -1 when not
/// implicit.
int ImplicitCastCost(const BoundExpr& from, const LogicalType& to);

/// The type two expressions meet at (CASE branches, COALESCE, comparison
/// operands, IN lists, VALUES columns); nullopt when they cannot be matched.
std::optional<LogicalType> CommonType(const BoundExpr& a, const BoundExpr& b);

/// Converts `expr` to `to`: untyped literals are converted now (errors point
/// at `location`), other expressions get an implicit cast node.
/// With `assignment`, a too-long literal for varchar(n) fails (22001)
/// instead of being truncated.
BoundExprPtr Coerce(BoundExprPtr expr, const LogicalType& to, bool assignment = false);

/// Assignment conversion for INSERT: implicit casts plus numeric narrowing
/// and anything to text; throws 42804 naming the column otherwise.
BoundExprPtr CoerceForAssignment(BoundExprPtr expr, const LogicalType& to, const std::string& column);

/// PostgreSQL's spelling of an expression's type in messages ("unknown" for
/// an untyped literal).
std::string TypeNameForMessage(const BoundExpr& e);

}  // namespace tributary::sql
