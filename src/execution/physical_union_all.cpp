#include "execution/physical_union_all.hpp"

namespace tributary::sql {

bool PhysicalUnionAll::Next(ColumnBatch* out) {
  if (!left_done_) {
    if (left_->Next(out)) return true;
    left_done_ = true;
  }
  return right_->Next(out);
}

}  // namespace tributary::sql
