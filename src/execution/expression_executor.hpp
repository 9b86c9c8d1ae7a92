#pragma once

#include "planner/bound_expression.hpp"
#include "vector/column_batch.hpp"

namespace tributary::sql {

/// Evaluates bound expressions over a dense batch whose columns are flat,
/// a whole vector at a time: each node dispatches once per batch to a
/// kernel specialised for its physical type, never per row.
///
/// Rows a CASE branch or a later COALESCE argument does not need are not
/// evaluated, so `CASE WHEN x = 0 THEN 0 ELSE 1 / x END` never divides by
/// zero. Errors are thrown as SqlError.
class ExpressionExecutor {
 public:
  /// Evaluates `expr` over the `input.num_rows()` rows of `input` into a flat
  /// vector of expr.type.
  static Vector Evaluate(const BoundExpr& expr, const ColumnBatch& input);
  /// Evaluates a boolean predicate and returns the rows where it is true.
  static SelectionVector Select(const BoundExpr& predicate, const ColumnBatch& input);
  /// Evaluates a constant expression (no column references).
  static Value EvaluateConstant(const BoundExpr& expr);
};

/// Copies rows [0, count) of `in` (any encoding) into a new flat vector;
/// strings are shared, not copied.
Vector FlatCopy(const Vector& in, size_t count);

}  // namespace tributary::sql
