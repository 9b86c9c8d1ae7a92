#pragma once

#include "execution/physical_operator.hpp"
#include "planner/bound_expression.hpp"

namespace tributary::sql {

/// Computes one output column per expression over each input batch.
class PhysicalProjection : public PhysicalOperator {
 public:
  PhysicalProjection(PhysicalPtr child, std::vector<const BoundExpr*> expressions)
      : child_(std::move(child)), expressions_(std::move(expressions)) {}
  bool Next(ColumnBatch* out) override;

 private:
  PhysicalPtr child_;
  std::vector<const BoundExpr*> expressions_;
};

}  // namespace tributary::sql
