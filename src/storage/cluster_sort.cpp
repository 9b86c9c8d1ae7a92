#include "storage/cluster_sort.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "common/error.hpp"

namespace tributary {

namespace {

// Maps a signed integer to an unsigned one with the same order.
inline uint64_t OrderedBits(int64_t v) { return static_cast<uint64_t>(v) ^ (uint64_t{1} << 63); }

// Maps a double to an unsigned integer with IEEE total order; NaN sorts last
// (above +Infinity), as PostgreSQL orders it.
inline uint64_t OrderedBits(double d) {
  if (std::isnan(d)) return ~uint64_t{0} - 1;
  if (d == 0) d = 0;  // -0 == +0
  auto bits = std::bit_cast<uint64_t>(d);
  return (bits & (uint64_t{1} << 63)) ? ~bits : bits | (uint64_t{1} << 63);
}

// Ranks values that do not fit 64 bits (strings, 128-bit decimals) by sorting
// their distinct values once.
template <typename T, typename Less>
void RankDistinct(const std::vector<T>& values, const std::vector<uint8_t>& valid, Less less,
                  std::vector<uint64_t>* out) {
  std::vector<uint32_t> order(values.size());
  std::iota(order.begin(), order.end(), 0u);
  // NULLs sort first so the order is a strict weak ordering: treating a NULL
  // as equal to everything let unequal values end up apart, and the scan
  // below then gave them one rank (rows of different partitions shared a
  // partition file, whose bounds then hid them from pruned scans).
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (valid[a] != valid[b]) return valid[a] < valid[b];
    if (!valid[a]) return false;
    return less(values[a], values[b]);
  });
  uint64_t rank = 0;
  bool have_prev = false;
  T prev{};
  for (uint32_t row : order) {
    if (!valid[row]) continue;
    if (!have_prev || less(prev, values[row])) {
      rank++;
      prev = values[row];
      have_prev = true;
    }
    (*out)[row] = rank;
  }
}

}  // namespace

NormalizedKeys::NormalizedKeys(const ColumnBatch& batch, size_t num_rows, const std::vector<SortKey>& keys)
    : num_rows_(num_rows) {
  ranks_.resize(keys.size());
  null_class_.resize(keys.size());
  for (size_t k = 0; k < keys.size(); k++) {
    const Vector& col = batch.column(static_cast<size_t>(keys[k].column));
    std::vector<uint64_t>& ranks = ranks_[k];
    ranks.assign(num_rows, 0);
    std::vector<uint8_t> valid(num_rows);
    for (size_t r = 0; r < num_rows; r++) valid[r] = !col.IsNull(r);
    // Dictionary vectors rank through their dictionary's values.
    const Vector* values = &col;
    const uint32_t* idx = nullptr;
    if (col.encoding() == VectorEncoding::kDictionary) {
      values = &col.dictionary();
      idx = col.indices();
    }
    auto at = [&](size_t r) { return col.encoding() == VectorEncoding::kConstant ? 0 : (idx ? idx[r] : r); };
    switch (col.type().physical()) {
      case PhysicalType::kBool:
        for (size_t r = 0; r < num_rows; r++) ranks[r] = values->data<uint8_t>()[at(r)];
        break;
      case PhysicalType::kInt16:
        for (size_t r = 0; r < num_rows; r++) ranks[r] = OrderedBits(int64_t{values->data<int16_t>()[at(r)]});
        break;
      case PhysicalType::kInt32:
        for (size_t r = 0; r < num_rows; r++) ranks[r] = OrderedBits(int64_t{values->data<int32_t>()[at(r)]});
        break;
      case PhysicalType::kInt64:
        for (size_t r = 0; r < num_rows; r++) ranks[r] = OrderedBits(values->data<int64_t>()[at(r)]);
        break;
      case PhysicalType::kFloat:
        for (size_t r = 0; r < num_rows; r++) ranks[r] = OrderedBits(double{values->data<float>()[at(r)]});
        break;
      case PhysicalType::kDouble:
        for (size_t r = 0; r < num_rows; r++) ranks[r] = OrderedBits(values->data<double>()[at(r)]);
        break;
      case PhysicalType::kInt128: {
        std::vector<int128_t> v(num_rows);
        for (size_t r = 0; r < num_rows; r++) v[r] = values->data<int128_t>()[at(r)];
        RankDistinct(v, valid, std::less<int128_t>(), &ranks);
        break;
      }
      case PhysicalType::kString: {
        std::vector<std::string_view> v(num_rows);
        for (size_t r = 0; r < num_rows; r++) v[r] = values->data<StringRef>()[at(r)].view();
        RankDistinct(v, valid, std::less<std::string_view>(), &ranks);
        break;
      }
      case PhysicalType::kInterval: {  // not a column type; ranked for completeness
        std::vector<int128_t> v(num_rows);
        for (size_t r = 0; r < num_rows; r++) v[r] = values->data<interval_t>()[at(r)].Span();
        RankDistinct(v, valid, std::less<int128_t>(), &ranks);
        break;
      }
    }
    // Direction and null placement. Values keep their exact rank (reversed
    // bitwise for DESC); NULLs are ordered by a separate class byte.
    std::vector<uint8_t>& cls = null_class_[k];
    cls.assign(num_rows, 1);
    for (size_t r = 0; r < num_rows; r++) {
      if (!valid[r]) {
        cls[r] = keys[k].nulls_first ? 0 : 2;
        ranks[r] = 0;
      } else if (!keys[k].ascending) {
        ranks[r] = ~ranks[r];
      }
    }
  }
}

size_t NormalizedKeys::distinct_count(size_t key) const {
  std::vector<uint64_t> values;
  values.reserve(num_rows_);
  bool has_null = false;
  for (size_t r = 0; r < num_rows_; r++) {
    if (null_class_[key][r] == 1) {
      values.push_back(ranks_[key][r]);
    } else {
      has_null = true;
    }
  }
  std::sort(values.begin(), values.end());
  return static_cast<size_t>(std::unique(values.begin(), values.end()) - values.begin()) + (has_null ? 1 : 0);
}

bool NormalizedKeys::SamePrefix(uint32_t a, uint32_t b, size_t prefix) const {
  for (size_t k = 0; k < prefix; k++) {
    if (ranks_[k][a] != ranks_[k][b] || null_class_[k][a] != null_class_[k][b]) return false;
  }
  return true;
}

std::vector<uint32_t> NormalizedKeys::SortedOrder() const {
  std::vector<uint32_t> order(num_rows_);
  std::iota(order.begin(), order.end(), 0u);
  const size_t nk = ranks_.size();
  if (nk == 0) return order;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    for (size_t k = 0; k < nk; k++) {
      uint8_t ca = null_class_[k][a], cb = null_class_[k][b];
      if (ca != cb) return ca < cb;
      uint64_t x = ranks_[k][a], y = ranks_[k][b];
      if (x != y) return x < y;
    }
    return false;
  });
  return order;
}

}  // namespace tributary
