#pragma once

#include "execution/physical_operator.hpp"
#include "planner/logical_operator.hpp"

namespace tributary::sql {

/// Hash aggregation: GROUP BY keys → one row per distinct key (NULLs form
/// one group) with the aggregates of aggregate_function.hpp; with no keys,
/// exactly one row even over no input. With no aggregates it is DISTINCT.
/// With grouping sets, one pass over the input feeds every set: each row
/// is hashed once per set (the set's keys behind the set's number), and a
/// group's row has NULL in the keys outside its set; a set without keys
/// gives one row even over no input.
/// Consumes its whole input before the first output batch.
/// Extra memory: O(number of distinct groups over all sets) (plus what
/// DISTINCT and ordered aggregates keep).
class PhysicalHashAggregate : public PhysicalOperator {
 public:
  PhysicalHashAggregate(ExecutionContext* context, PhysicalPtr child, std::vector<const BoundExpr*> groups,
                        std::vector<const AggregateCall*> aggregates, std::vector<std::vector<int>> grouping_sets = {});
  ~PhysicalHashAggregate() override;
  bool Next(ColumnBatch* out) override;

 private:
  struct State;
  void AppendNullKeys();
  void AppendKeys(const ColumnBatch& key_batch, const std::vector<uint32_t>& new_rows, size_t set);
  void FillGrouping(const AggregateCall& call, size_t begin, size_t end, Vector* out) const;
  ExecutionContext* context_;
  PhysicalPtr child_;
  std::unique_ptr<State> state_;
};

}  // namespace tributary::sql
