#include "execution/physical_sort.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "execution/expression_executor.hpp"
#include "execution/row_comparator.hpp"

namespace tributary::sql {

bool PhysicalSort::Next(ColumnBatch* out) {
  if (!sorted_) {
    ColumnBatch in;
    bool first = true;
    while (child_->Next(&in)) {
      if (first) {
        rows_ = ColumnBatch(in.types(), std::max<size_t>(in.num_rows(), 64));
        first = false;
      }
      rows_.AppendRows(in, nullptr, in.num_rows());
      context_->memory.Reserve(BatchBytes(in) + static_cast<int64_t>(in.num_rows()) * 4, "sort");
    }
    context_->CheckInterrupt();
    sorted_ = true;
    if (first) return false;  // no input rows
    std::vector<Vector> key_values;
    for (const auto& k : *keys_) key_values.push_back(ExpressionExecutor::Evaluate(*k.expr, rows_));
    std::vector<RowComparator> comparators;
    for (const auto& v : key_values) comparators.push_back(ComparatorFor(v));
    order_.resize(rows_.num_rows());
    std::iota(order_.begin(), order_.end(), 0);
    std::stable_sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) {
      for (size_t k = 0; k < comparators.size(); k++) {
        const SortSpec& spec = (*keys_)[k];
        bool na = key_values[k].IsNull(a), nb = key_values[k].IsNull(b);
        if (na || nb) {
          if (na && nb) continue;
          return na == spec.nulls_first;
        }
        int c = comparators[k](a, b);
        if (c != 0) return spec.descending ? c > 0 : c < 0;
      }
      return false;
    });
    sorted_ = true;
  }
  if (emitted_ >= order_.size()) return false;
  size_t n = std::min(context_->vector_size, order_.size() - emitted_);
  ColumnBatch batch(rows_.types(), n);
  batch.AppendRows(rows_, order_.data() + emitted_, n);
  emitted_ += n;
  *out = std::move(batch);
  return true;
}

}  // namespace tributary::sql
