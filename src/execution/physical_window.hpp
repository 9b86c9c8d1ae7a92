#pragma once

#include "execution/physical_operator.hpp"
#include "planner/logical_operator.hpp"

namespace tributary::sql {

/// Window functions: materialises its input, and for each call sorts row
/// indices by (partition, ORDER BY keys), walks every partition computing
/// the function over its frames, and scatters the results back. Output: the
/// input rows in input order, each followed by one column per call.
/// Frame aggregates: count/sum/avg over integers and numerics use prefix
/// sums (O(1) per row); float sums, min and max keep a running value when
/// the frame starts at UNBOUNDED PRECEDING and otherwise rescan the frame.
/// Extra memory: the whole input plus O(rows) per call.
class PhysicalWindow : public PhysicalOperator {
 public:
  PhysicalWindow(ExecutionContext* context, PhysicalPtr child, const std::vector<WindowCall>* windows);
  ~PhysicalWindow() override;
  bool Next(ColumnBatch* out) override;

 private:
  struct State;
  ExecutionContext* context_;
  PhysicalPtr child_;
  const std::vector<WindowCall>* windows_;
  std::unique_ptr<State> state_;
};

}  // namespace tributary::sql
