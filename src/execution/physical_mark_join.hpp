#pragma once

#include "execution/physical_operator.hpp"
#include "execution/physical_table_scan.hpp"
#include "planner/bound_expression.hpp"

namespace tributary::sql {

/// Mark join, how IN / NOT IN / EXISTS subqueries run: every left row once,
/// followed by a boolean mark. The right input is built into a hash table on
/// `right_keys` (the correlation equalities; none for an uncorrelated
/// subquery). A right row is a candidate for a left row when their keys are
/// equal and `residual` (over left columns followed by right columns, may be
/// null) is true. Without IN keys the mark is true when there is a candidate,
/// false otherwise (EXISTS). With IN keys (`in_left` over the left row,
/// `in_right` over the right row) the mark is true when a candidate's value
/// equals the left value, else NULL when a candidate's comparison was unknown
/// (either value NULL), else false — PostgreSQL's `x IN (subquery)`.
/// Extra memory: the whole right input plus its hash tables. Time: one hash
/// probe per left row unless there is a residual, which is evaluated on every
/// candidate pair.
class PhysicalMarkJoin : public PhysicalOperator {
 public:
  PhysicalMarkJoin(ExecutionContext* context, PhysicalPtr left, PhysicalPtr right,
                   std::vector<const BoundExpr*> left_keys, std::vector<const BoundExpr*> right_keys,
                   const BoundExpr* residual, const BoundExpr* in_left, const BoundExpr* in_right,
                   std::vector<LogicalType> right_types);
  ~PhysicalMarkJoin() override;
  bool Next(ColumnBatch* out) override;

  /// Only rows whose mark is true are wanted (a filter on the mark drops
  /// the rest) and `in_left` is `scan`'s field `field_id`: once the right
  /// side is built, an uncorrelated IN hands the scan its at most 256
  /// distinct non-NULL values as `field IN (...)`, so files holding none of
  /// them are skipped. Call before the first Next.
  void SetPruningTarget(PhysicalTableScan* scan, int field_id);

 private:
  /// Whether the left scan can be handed the right side's IN values.
  bool PrunesByInValues() const;

  struct State;
  ExecutionContext* context_;
  PhysicalPtr left_;
  PhysicalPtr right_;
  std::unique_ptr<State> state_;
  PhysicalTableScan* prune_scan_ = nullptr;
  int prune_field_id_ = 0;
};

}  // namespace tributary::sql
