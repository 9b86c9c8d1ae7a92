#pragma once

#include "execution/physical_operator.hpp"
#include "planner/bound_expression.hpp"

namespace tributary::sql {

/// Literal rows: each row's expressions are evaluated once (they have no
/// input). Also the single empty row of a SELECT without FROM.
class PhysicalValues : public PhysicalOperator {
 public:
  PhysicalValues(ExecutionContext* context, const std::vector<std::vector<BoundExprPtr>>* rows,
                 std::vector<LogicalType> types);
  bool Next(ColumnBatch* out) override;

 private:
  ExecutionContext* context_;
  const std::vector<std::vector<BoundExprPtr>>* rows_;
  std::vector<LogicalType> types_;
  size_t next_ = 0;
};

}  // namespace tributary::sql
