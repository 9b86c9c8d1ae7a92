#include "execution/physical_limit.hpp"

#include <numeric>

namespace tributary::sql {

bool PhysicalLimit::Next(ColumnBatch* out) {
  ColumnBatch in;
  while (limit_ < 0 || returned_ < limit_) {
    if (!child_->Next(&in)) return false;
    int64_t n = static_cast<int64_t>(in.num_rows());
    int64_t begin = std::min(n, offset_ - skipped_);
    skipped_ += begin;
    int64_t end = limit_ < 0 ? n : std::min(n, begin + (limit_ - returned_));
    if (end <= begin) continue;
    returned_ += end - begin;
    if (begin == 0 && end == n) {
      *out = std::move(in);
      return true;
    }
    std::vector<uint32_t> rows(end - begin);
    std::iota(rows.begin(), rows.end(), static_cast<uint32_t>(begin));
    ColumnBatch slice(in.types(), rows.size());
    slice.AppendRows(in, rows.data(), rows.size());
    *out = std::move(slice);
    return true;
  }
  return false;
}

}  // namespace tributary::sql
