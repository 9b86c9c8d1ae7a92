#pragma once

#include "execution/physical_operator.hpp"
#include "planner/bound_expression.hpp"

namespace tributary::sql {

/// Inner or left outer join: the right input is built into a hash table on
/// `right_keys`, then left batches probe it on `left_keys`; `residual` (over
/// left columns followed by right columns) further filters candidate pairs.
/// With no keys every pair is a candidate: a nested loop, which is also how
/// CROSS JOIN runs. Output: left columns, then right columns (NULL for an
/// unmatched left row).
/// Extra memory: the whole right input plus its hash table.
class PhysicalHashJoin : public PhysicalOperator {
 public:
  PhysicalHashJoin(ExecutionContext* context, PhysicalPtr left, PhysicalPtr right, bool left_outer,
                   std::vector<const BoundExpr*> left_keys, std::vector<const BoundExpr*> right_keys,
                   const BoundExpr* residual, std::vector<LogicalType> right_types);
  ~PhysicalHashJoin() override;
  bool Next(ColumnBatch* out) override;

 private:
  struct State;
  ExecutionContext* context_;
  PhysicalPtr left_;
  PhysicalPtr right_;
  std::unique_ptr<State> state_;
};

}  // namespace tributary::sql
