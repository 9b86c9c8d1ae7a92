#include "execution/physical_distinct_on.hpp"

#include "execution/expression_executor.hpp"
#include "execution/key_encoder.hpp"

namespace tributary::sql {

bool PhysicalDistinctOn::Next(ColumnBatch* out) {
  ColumnBatch in;
  std::vector<std::string> keys;
  while (child_->Next(&in)) {
    std::vector<Vector> columns;
    std::vector<const Vector*> ptrs;
    for (const BoundExpr* k : keys_) columns.push_back(ExpressionExecutor::Evaluate(*k, in));
    for (const auto& c : columns) ptrs.push_back(&c);
    EncodeKeys(ptrs, in.num_rows(), &keys);
    std::vector<uint32_t> keep;
    for (size_t i = 0; i < in.num_rows(); i++) {
      if (has_previous_ && keys[i] == previous_) continue;
      keep.push_back(static_cast<uint32_t>(i));
      previous_ = keys[i];
      has_previous_ = true;
    }
    if (keep.empty()) continue;
    in.KeepRows(keep);
    *out = std::move(in);
    return true;
  }
  return false;
}

}  // namespace tributary::sql
