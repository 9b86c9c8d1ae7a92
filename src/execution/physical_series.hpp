#pragma once

#include "execution/physical_operator.hpp"
#include "planner/bound_expression.hpp"

namespace tributary::sql {

/// generate_series(start, stop [, step]) for each input row: the row's
/// columns followed by one value per step from start while not past stop
/// (none when an argument is NULL). The arguments are evaluated over each
/// input batch at once; rows are produced a batch at a time however long a
/// series is. Integer series (int32/int64 values, step 1 by default) stop
/// short of overflowing; timestamp series step by an interval.
class PhysicalSeries : public PhysicalOperator {
 public:
  PhysicalSeries(ExecutionContext* context, PhysicalPtr child, std::vector<const BoundExpr*> arguments,
                 LogicalType type);
  bool Next(ColumnBatch* out) override;

 private:
  /// Evaluates the arguments over a new input batch; false when exhausted.
  bool NextInput();
  /// Starts the series of input row `row_`; false when it is empty.
  bool StartRow();
  /// Advances `current_` by one step; false past the end.
  bool Step();

  ExecutionContext* context_;
  PhysicalPtr child_;
  std::vector<const BoundExpr*> arguments_;
  LogicalType type_;
  ColumnBatch input_;
  std::vector<Vector> values_;  // the arguments over input_
  size_t row_ = 0;
  bool in_row_ = false;  // current_ is the next value of row_'s series
  int64_t current_ = 0;  // integers and timestamps (microseconds) alike
  bool done_ = false;
};

}  // namespace tributary::sql
