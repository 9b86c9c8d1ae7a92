#include "execution/physical_sort.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "execution/expression_executor.hpp"

namespace tributary::sql {

namespace {

/// A typed three-way comparison of two rows of one key column, NULLs
/// excluded.
using RowComparator = std::function<int(uint32_t, uint32_t)>;

template <typename T>
RowComparator MakeComparator(const Vector& v) {
  const T* d = v.data<T>();
  return [d](uint32_t a, uint32_t b) {
    if constexpr (std::is_same_v<T, StringRef>) {
      int c = d[a].view().compare(d[b].view());
      return c < 0 ? -1 : c > 0;
    } else if constexpr (std::is_floating_point_v<T>) {
      bool na = std::isnan(d[a]), nb = std::isnan(d[b]);
      if (na || nb) return static_cast<int>(na) - static_cast<int>(nb);
      return d[a] < d[b] ? -1 : d[a] > d[b];
    } else {
      return d[a] < d[b] ? -1 : d[a] > d[b];
    }
  };
}

RowComparator ComparatorFor(const Vector& v) {
  switch (v.type().physical()) {
    case PhysicalType::kBool: return MakeComparator<uint8_t>(v);
    case PhysicalType::kInt16: return MakeComparator<int16_t>(v);
    case PhysicalType::kInt32: return MakeComparator<int32_t>(v);
    case PhysicalType::kInt64: return MakeComparator<int64_t>(v);
    case PhysicalType::kInt128: return MakeComparator<int128_t>(v);
    case PhysicalType::kFloat: return MakeComparator<float>(v);
    case PhysicalType::kDouble: return MakeComparator<double>(v);
    case PhysicalType::kString: return MakeComparator<StringRef>(v);
  }
  return nullptr;
}

}  // namespace

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
    }
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
