#pragma once

#include <string>

#include "execution/physical_operator.hpp"
#include "planner/bound_expression.hpp"

namespace tributary::sql {

/// Keeps the rows where the predicate is true (not NULL): the predicate
/// yields a selection vector and the survivors are gathered densely. With a
/// `violation` message, a row where it is not true fails the query (42501)
/// instead: the WITH CHECK of row-level security.
class PhysicalFilter : public PhysicalOperator {
 public:
  PhysicalFilter(PhysicalPtr child, const BoundExpr* predicate, const std::string* violation = nullptr)
      : child_(std::move(child)), predicate_(predicate), violation_(violation) {}
  bool Next(ColumnBatch* out) override;

 private:
  PhysicalPtr child_;
  const BoundExpr* predicate_;
  const std::string* violation_;  // null or empty: a plain filter
};

}  // namespace tributary::sql
