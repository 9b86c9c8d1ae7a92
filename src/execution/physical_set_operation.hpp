#pragma once

#include "execution/physical_operator.hpp"
#include "planner/logical_operator.hpp"

namespace tributary::sql {

/// INTERSECT [ALL] and EXCEPT [ALL] (kind is never kUnionAll). The right
/// input is counted per distinct row (NULLs equal, as PostgreSQL's set
/// operations treat them), then left rows stream through in order:
/// INTERSECT keeps the first copy of each row the right input has,
/// INTERSECT ALL min(left, right) copies, EXCEPT the first copy of each row
/// the right input lacks, EXCEPT ALL max(left - right, 0) copies.
/// Extra memory: O(distinct right rows), plus O(distinct left rows) without ALL.
class PhysicalSetOperation : public PhysicalOperator {
 public:
  PhysicalSetOperation(PhysicalPtr left, PhysicalPtr right, SetOperationKind kind);
  ~PhysicalSetOperation() override;
  bool Next(ColumnBatch* out) override;

 private:
  struct State;
  PhysicalPtr left_;
  PhysicalPtr right_;
  std::unique_ptr<State> state_;
};

}  // namespace tributary::sql
