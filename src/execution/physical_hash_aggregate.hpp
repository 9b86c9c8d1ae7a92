#pragma once

#include "execution/physical_operator.hpp"
#include "planner/logical_operator.hpp"

namespace tributary::sql {

/// Hash aggregation: GROUP BY keys → one row per distinct key (NULLs form
/// one group) with count/sum/avg/min/max; with no keys, exactly one row even
/// over no input. With no aggregates it is DISTINCT.
/// Consumes its whole input before the first output batch.
/// Extra memory: O(number of distinct groups) (plus the values seen by
/// DISTINCT aggregates).
class PhysicalHashAggregate : public PhysicalOperator {
 public:
  PhysicalHashAggregate(ExecutionContext* context, PhysicalPtr child, std::vector<const BoundExpr*> groups,
                        std::vector<const AggregateCall*> aggregates);
  ~PhysicalHashAggregate() override;
  bool Next(ColumnBatch* out) override;

 private:
  struct State;
  ExecutionContext* context_;
  PhysicalPtr child_;
  std::unique_ptr<State> state_;
};

}  // namespace tributary::sql
