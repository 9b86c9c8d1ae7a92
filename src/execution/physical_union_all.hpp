#pragma once

#include "execution/physical_operator.hpp"

namespace tributary::sql {

/// UNION ALL: every batch of the left input, then every batch of the right
/// one. Both inputs have the same column types. Extra memory: none.
class PhysicalUnionAll : public PhysicalOperator {
 public:
  PhysicalUnionAll(PhysicalPtr left, PhysicalPtr right) : left_(std::move(left)), right_(std::move(right)) {}
  bool Next(ColumnBatch* out) override;

 private:
  PhysicalPtr left_;
  PhysicalPtr right_;
  bool left_done_ = false;
};

}  // namespace tributary::sql
