#include "execution/physical_projection.hpp"

#include "execution/expression_executor.hpp"

namespace tributary::sql {

bool PhysicalProjection::Next(ColumnBatch* out) {
  ColumnBatch in;
  if (!child_->Next(&in)) return false;
  std::vector<Vector> columns;
  columns.reserve(expressions_.size());
  for (const BoundExpr* e : expressions_) columns.push_back(ExpressionExecutor::Evaluate(*e, in));
  *out = MakeBatch(std::move(columns), in.num_rows());
  return true;
}

}  // namespace tributary::sql
