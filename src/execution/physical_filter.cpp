#include "execution/physical_filter.hpp"

#include "execution/expression_executor.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

bool PhysicalFilter::Next(ColumnBatch* out) {
  ColumnBatch in;
  while (child_->Next(&in)) {
    SelectionVector sel = ExpressionExecutor::Select(*predicate_, in);
    if (sel.size() == 0 && (violation_ == nullptr || violation_->empty() || in.num_rows() == 0)) continue;
    if (violation_ != nullptr && !violation_->empty() && sel.size() != in.num_rows()) {
      throw SqlError(*violation_, "42501");
    }
    if (sel.size() == in.num_rows()) {
      *out = std::move(in);
      return true;
    }
    ColumnBatch dense(in.types(), sel.size());
    dense.AppendRows(in, sel.data(), sel.size());
    *out = std::move(dense);
    return true;
  }
  return false;
}

}  // namespace tributary::sql
