#pragma once

#include "planner/logical_operator.hpp"

namespace tributary::sql {

/// Rewrites a bound logical plan (before column resolution):
///  - constant folding: constant subexpressions become literals (errors such
///    as division by zero surface here, as in PostgreSQL's planner);
///  - join ordering (join_order.hpp): star joins become left-deep hash
///    joins with the fact table probing;
///  - filter pushdown: WHERE and ON conjuncts move to the lowest operator
///    that has their columns (through inner, cross and the preserved side of
///    left joins); a cross join with an equality across its sides becomes a
///    hash join; conjuncts of the form column op constant, IN lists and
///    null tests on a scan also become ColumnPredicates (by field id) so the
///    table reader prunes partitions, files and row groups;
///  - projection pushdown: scans read only the columns the query uses.
void Optimize(LogicalPtr* plan);

/// Only what execution cannot do without: column pruning for scans. Used
/// when the optimizer is disabled.
void PruneScanColumns(LogicalOperator* plan);

}  // namespace tributary::sql
