#pragma once

#include <vector>

#include "planner/logical_operator.hpp"

namespace tributary::sql {

/// Estimates the fraction of the rows of `relation` (a join input) that
/// `conjuncts`, each over that relation's columns alone, keep — for join
/// ordering, where only the ranking of the estimates matters.
///
/// Without per-column distinct counts the estimate leans on the value range
/// of each column over the table's live files (the Iceberg manifests' lower
/// and upper bounds): a range `lo <= col <= hi` keeps the share of
/// [min, max] it covers (numbers and dates as numbers, strings by their
/// bytes after the common prefix of min and max, as a base-256 fraction); an
/// equality keeps the rows of the files whose bounds admit the value — all
/// of a file whose bounds are that one value (clustered on the column), 1 /
/// (upper - lower + 1) of an integer or date file's rows, 0.1 of any other.
/// Where bounds are unknown, fixed guesses stand in: equality 0.1, an OR
/// 0.2, one side of a range or anything else 0.5.
double EstimateSelectivity(const LogicalOperator& relation, const std::vector<const BoundExpr*>& conjuncts);

}  // namespace tributary::sql
