#pragma once

#include "execution/physical_operator.hpp"
#include "planner/bound_expression.hpp"

namespace tributary::sql {

/// Keeps the rows where the predicate is true (not NULL): the predicate
/// yields a selection vector and the survivors are gathered densely.
class PhysicalFilter : public PhysicalOperator {
 public:
  PhysicalFilter(PhysicalPtr child, const BoundExpr* predicate) : child_(std::move(child)), predicate_(predicate) {}
  bool Next(ColumnBatch* out) override;

 private:
  PhysicalPtr child_;
  const BoundExpr* predicate_;
};

}  // namespace tributary::sql
