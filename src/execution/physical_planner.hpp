#pragma once

#include <memory>
#include <vector>

#include "execution/physical_operator.hpp"
#include "planner/logical_operator.hpp"

namespace tributary::sql {

/// An executable query: the operator tree, the context its operators share
/// and expressions the planner derived (join keys). Borrows expressions
/// from the logical plan, which must outlive it.
struct PhysicalPlan {
  std::unique_ptr<ExecutionContext> context = std::make_unique<ExecutionContext>();
  std::vector<BoundExprPtr> owned;
  PhysicalPtr root;
};

/// Builds the physical operators for a resolved logical plan (see
/// ResolveColumns).
PhysicalPlan CreatePhysicalPlan(const LogicalOperator& plan, size_t vector_size, int threads = 1);

}  // namespace tributary::sql
