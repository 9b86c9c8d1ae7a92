#pragma once

#include "execution/physical_operator.hpp"
#include "execution/physical_table_scan.hpp"
#include "planner/logical_operator.hpp"

namespace tributary::sql {

/// Inner or left outer join: the right input is built into a hash table on
/// `right_keys`, then left batches probe it on `left_keys`; `residual` (over
/// left columns followed by right columns) further filters candidate pairs.
/// With no keys every pair is a candidate: a nested loop, which is also how
/// CROSS JOIN runs. Output: left columns, then right columns (NULL for an
/// unmatched left row). With `single` (a left outer join for a scalar
/// subquery) a left row matching more than one right row fails with 21000.
/// A full outer join also emits, after the last left batch, every right row
/// no left row matched, with NULL left columns.
/// Extra memory: the whole right input plus its hash table.
///
/// Copies of one inner join running on several threads (see PhysicalGather)
/// share one BuildSide: the first copy to need it builds it from its right
/// input while the others wait, then all probe it.
class PhysicalHashJoin : public PhysicalOperator {
 public:
  /// The built right input and its hash table.
  struct BuildSide;
  static std::shared_ptr<BuildSide> NewSharedBuild();

  /// `join` is kInner, kCross, kLeft, kSingle or kFull; `shared_build` (kInner
  /// only) is null for a join of its own. With `null_equal` the keys are
  /// compared as IS NOT DISTINCT FROM (NULL matches NULL); otherwise a NULL
  /// key matches nothing.
  PhysicalHashJoin(ExecutionContext* context, PhysicalPtr left, PhysicalPtr right, LogicalJoinKind join,
                   std::vector<const BoundExpr*> left_keys, std::vector<const BoundExpr*> right_keys,
                   const BoundExpr* residual, std::vector<LogicalType> left_types, std::vector<LogicalType> right_types,
                   std::shared_ptr<BuildSide> shared_build = nullptr, bool null_equal = false);
  ~PhysicalHashJoin() override;
  bool Next(ColumnBatch* out) override;

  /// Dynamic pruning for an inner join on one integer key whose left side
  /// reads `scan`'s field `field_id` unchanged: once the right input is
  /// built, its key range [min, max] is pushed into the scan as pruning
  /// predicates before the left input is first pulled, so files and row
  /// groups whose statistics miss the range are never read (with the table
  /// sorted on the key, most of them).
  void SetPruningTarget(PhysicalTableScan* scan, int field_id);

 private:
  /// Reads the right input into the build side. Call with its mutex held.
  void BuildRight();
  /// For one integer key: the key bounds and the lookup that skips hashing.
  void BuildIndex();
  /// Sets State::matches: per row of the probe batch (keys `keys`, `n`
  /// rows), its first build row or kNotFound.
  void Probe(const std::vector<const Vector*>& keys, size_t n);
  void PushKeyRange();

  struct State;
  ExecutionContext* context_;
  PhysicalPtr left_;
  PhysicalPtr right_;
  std::unique_ptr<State> state_;
  PhysicalTableScan* prune_scan_ = nullptr;
  int prune_field_id_ = 0;
};

}  // namespace tributary::sql
