#pragma once

#include "planner/logical_operator.hpp"

namespace tributary::sql {

/// Reorders trees of inner and cross joins (with the filters directly above
/// them) into a left-deep tree for hash joins: the largest relation (by the
/// snapshot's record count, shrunk for each filter on it alone) is the probe
/// side at the bottom, and each step adds, as the build side, the relation
/// connected to those already joined by an equality whose own filters keep
/// the smallest share of its rows (EstimateSelectivity), then the smallest — a star
/// join's dimensions one by one, never a cross product of dimensions. Every
/// WHERE/ON conjunct ends up in one filter above the new tree, for filter
/// pushdown to place. Left joins are kept as they are (their inputs are
/// reordered inside).
LogicalPtr ReorderJoins(LogicalPtr plan);

}  // namespace tributary::sql
