#include "execution/physical_values.hpp"

#include "execution/expression_executor.hpp"
#include "function/cast.hpp"

namespace tributary::sql {

PhysicalValues::PhysicalValues(ExecutionContext* context, const std::vector<std::vector<BoundExprPtr>>* rows,
                               std::vector<LogicalType> types)
    : context_(context), rows_(rows), types_(std::move(types)) {}

bool PhysicalValues::Next(ColumnBatch* out) {
  if (next_ >= rows_->size()) return false;
  size_t n = std::min(context_->vector_size, rows_->size() - next_);
  std::vector<Vector> columns;
  for (const auto& t : types_) columns.emplace_back(t, std::max<size_t>(n, 1));
  for (size_t r = 0; r < n; r++) {
    const auto& row = (*rows_)[next_ + r];
    for (size_t c = 0; c < types_.size(); c++) {
      Value v = ExpressionExecutor::EvaluateConstant(*row[c]);
      if (v.is_null()) {
        columns[c].SetNull(r);
      } else {
        columns[c].SetValue(r, v.type() == types_[c] ? v : CastValue(v, types_[c]));
      }
    }
  }
  next_ += n;
  *out = MakeBatch(std::move(columns), n);
  return true;
}

}  // namespace tributary::sql
