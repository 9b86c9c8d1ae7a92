#pragma once

#include "planner/logical_operator.hpp"

namespace tributary::sql {

/// Sets BoundExpr::index of every column reference in `plan` to the
/// position of its binding in the operator's input (for a join, the left
/// input's columns followed by the right's). Call after the optimizer, which
/// may move expressions and drop scan columns.
void ResolveColumns(LogicalOperator* plan);

}  // namespace tributary::sql
