#pragma once

#include <optional>
#include <string>
#include <vector>

#include "types/value.hpp"

namespace tributary {

/// A simple condition on one column, the form in which filters reach storage
/// for pruning: the SQL optimizer turns the prunable conjuncts of a WHERE
/// clause into these; Parquet row groups and Iceberg data files are skipped
/// when their statistics prove no row can match. A predicate never decides
/// which rows match (the engine re-checks): it only says "cannot match".
struct ColumnPredicate {
  enum class Op : uint8_t { kEq, kLt, kLe, kGt, kGe, kIn, kIsNull, kIsNotNull };

  int column = 0;  // index into the reader's schema (Parquet) / field id (Iceberg)
  Op op = Op::kEq;
  std::vector<Value> values;  // one operand, several for kIn, none for null tests

  std::string ToString() const;
};

/// What statistics say about one column of a file or row group. Missing
/// bounds mean "unknown" (cannot prune on them).
struct ColumnStatistics {
  std::optional<Value> min;
  std::optional<Value> max;
  std::optional<int64_t> null_count;
  std::optional<int64_t> value_count;  // rows including nulls
};

/// False only when `stats` prove that no row satisfies `pred`. Operands are
/// compared with Value::Compare, so they must already be of the column's
/// type (the binder casts literals).
bool MayMatch(const ColumnPredicate& pred, const ColumnStatistics& stats);

}  // namespace tributary
