#pragma once

#include "execution/physical_operator.hpp"
#include "planner/logical_operator.hpp"

namespace tributary::sql {

/// ORDER BY: materialises its input, sorts row indices by the keys
/// (ASC/DESC, NULLS FIRST/LAST, stable), then emits batches in order.
/// Extra memory: the whole input.
class PhysicalSort : public PhysicalOperator {
 public:
  PhysicalSort(ExecutionContext* context, PhysicalPtr child, const std::vector<SortSpec>* keys)
      : context_(context), child_(std::move(child)), keys_(keys) {}
  bool Next(ColumnBatch* out) override;

 private:
  ExecutionContext* context_;
  PhysicalPtr child_;
  const std::vector<SortSpec>* keys_;
  bool sorted_ = false;
  ColumnBatch rows_;
  std::vector<uint32_t> order_;
  size_t emitted_ = 0;
};

}  // namespace tributary::sql
