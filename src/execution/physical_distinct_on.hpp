#pragma once

#include <string>

#include "execution/physical_operator.hpp"
#include "planner/bound_expression.hpp"

namespace tributary::sql {

/// DISTINCT ON: the input arrives sorted with `keys` leading the order; the
/// first row of each run of equal keys (NULLs equal) passes, the rest are
/// dropped. Extra memory: the previous row's encoded key.
class PhysicalDistinctOn : public PhysicalOperator {
 public:
  PhysicalDistinctOn(PhysicalPtr child, std::vector<const BoundExpr*> keys)
      : child_(std::move(child)), keys_(std::move(keys)) {}
  bool Next(ColumnBatch* out) override;

 private:
  PhysicalPtr child_;
  std::vector<const BoundExpr*> keys_;
  std::string previous_;
  bool has_previous_ = false;
};

}  // namespace tributary::sql
