#include "execution/physical_window.hpp"

#include <algorithm>
#include <numeric>

#include "execution/aggregate_function.hpp"
#include "execution/expression_executor.hpp"
#include "execution/key_encoder.hpp"
#include "execution/row_comparator.hpp"
#include "parser/sql_error.hpp"
#include "types/decimal.hpp"

namespace tributary::sql {

struct PhysicalWindow::State {
  bool computed = false;
  ColumnBatch rows;     // the whole input
  ColumnBatch results;  // one column per window call, row-aligned with `rows`
  size_t emitted = 0;
};

PhysicalWindow::PhysicalWindow(ExecutionContext* context, PhysicalPtr child, const std::vector<WindowCall>* windows)
    : context_(context), child_(std::move(child)), windows_(windows), state_(std::make_unique<State>()) {}

PhysicalWindow::~PhysicalWindow() = default;

namespace {

/// The rows of `source` at `from[i]` (-1: NULL) as a new flat vector.
Vector Gather(Vector source, size_t source_rows, const std::vector<int64_t>& from, const LogicalType& type) {
  size_t n = from.size();
  std::vector<uint32_t> rows(n, 0);
  for (size_t i = 0; i < n; i++) rows[i] = from[i] < 0 ? 0 : static_cast<uint32_t>(from[i]);
  std::vector<Vector> columns;
  columns.push_back(std::move(source));
  ColumnBatch src = MakeBatch(std::move(columns), source_rows);
  ColumnBatch out(std::vector<LogicalType>{type}, std::max<size_t>(n, 1));
  if (source_rows > 0) {
    out.AppendRows(src, rows.data(), n);
  } else {
    out.set_num_rows(n);
  }
  Vector result = std::move(out.columns()[0]);
  for (size_t i = 0; i < n; i++) {
    if (from[i] < 0) result.SetNull(i);
  }
  return result;
}

/// Reads a numeric column as exact unscaled integers or doubles.
struct NumericColumn {
  bool floating = false;
  std::vector<int128_t> exact;
  std::vector<double> approx;
};

NumericColumn ReadNumeric(const Vector& v, size_t n) {
  NumericColumn out;
  auto read = [&](auto* data) {
    using T = std::remove_const_t<std::remove_pointer_t<decltype(data)>>;
    if constexpr (std::is_floating_point_v<T>) {
      out.floating = true;
      out.approx.resize(n);
      for (size_t i = 0; i < n; i++) out.approx[i] = v.IsNull(i) ? 0 : static_cast<double>(data[i]);
    } else {
      out.exact.resize(n);
      for (size_t i = 0; i < n; i++) out.exact[i] = v.IsNull(i) ? 0 : static_cast<int128_t>(data[i]);
    }
  };
  switch (v.type().physical()) {
    case PhysicalType::kInt16: read(v.data<int16_t>()); break;
    case PhysicalType::kInt32: read(v.data<int32_t>()); break;
    case PhysicalType::kInt64: read(v.data<int64_t>()); break;
    case PhysicalType::kInt128: read(v.data<int128_t>()); break;
    case PhysicalType::kFloat: read(v.data<float>()); break;
    default: read(v.data<double>()); break;
  }
  return out;
}

/// Computes one window call over `rows`.
class WindowEvaluator {
 public:
  WindowEvaluator(const WindowCall& call, const ColumnBatch& rows) : call_(call), rows_(rows), n_(rows.num_rows()) {}

  Vector Run() {
    Sort();
    switch (call_.kind) {
      case WindowFunctionKind::kRowNumber:
      case WindowFunctionKind::kRank:
      case WindowFunctionKind::kDenseRank: return Ranks();
      case WindowFunctionKind::kNtile: return Ntile();
      case WindowFunctionKind::kLag:
      case WindowFunctionKind::kLead: return Shift();
      case WindowFunctionKind::kFirstValue:
      case WindowFunctionKind::kLastValue: return Edge();
      case WindowFunctionKind::kAggregate: return Aggregate();
    }
    throw InternalError("unknown window function");
  }

 private:
  /// Orders row indices by partition then ORDER BY keys, and finds each
  /// position's partition and peer group.
  void Sort() {
    std::vector<Vector> partitions;
    std::vector<const Vector*> ptrs;
    for (const auto& p : call_.partitions) partitions.push_back(ExpressionExecutor::Evaluate(*p, rows_));
    for (const auto& p : partitions) ptrs.push_back(&p);
    std::vector<std::string> keys;
    EncodeKeys(ptrs, n_, &keys);
    for (const auto& o : call_.orders) orders_.push_back(ExpressionExecutor::Evaluate(*o.expr, rows_));
    for (const auto& o : orders_) comparators_.push_back(ComparatorFor(o));
    if (!call_.orders.empty() && call_.orders[0].expr->type.is_numeric()) {
      // RANGE offsets compare keys as numbers; a NUMERIC key is unscaled,
      // so the offset is scaled to match.
      NumericColumn keys_read = ReadNumeric(orders_[0], n_);
      range_keys_.resize(n_);
      for (size_t i = 0; i < n_; i++) {
        range_keys_[i] = keys_read.floating ? static_cast<long double>(keys_read.approx[i])
                                            : static_cast<long double>(keys_read.exact[i]);
      }
      const LogicalType& t = call_.orders[0].expr->type;
      if (t.id() == TypeId::kNumeric) {
        for (int i = 0; i < t.scale(); i++) range_offset_scale_ *= 10;
      }
    }
    order_.resize(n_);
    std::iota(order_.begin(), order_.end(), 0);
    std::stable_sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) {
      int c = keys[a].compare(keys[b]);
      if (c != 0) return c < 0;
      for (size_t k = 0; k < comparators_.size(); k++) {
        const SortSpec& spec = call_.orders[k];
        bool na = orders_[k].IsNull(a), nb = orders_[k].IsNull(b);
        if (na || nb) {
          if (na && nb) continue;
          return na == spec.nulls_first;
        }
        int d = comparators_[k](a, b);
        if (d != 0) return spec.descending ? d > 0 : d < 0;
      }
      return false;
    });
    partition_start_.resize(n_);
    partition_end_.resize(n_);
    peer_start_.resize(n_);
    peer_end_.resize(n_);
    for (size_t p = 0; p < n_;) {
      size_t e = p + 1;
      while (e < n_ && keys[order_[e]] == keys[order_[p]]) e++;
      for (size_t q = p; q < e;) {
        size_t g = q + 1;
        while (g < e && Peers(order_[q], order_[g])) g++;
        for (size_t r = q; r < g; r++) {
          partition_start_[r] = p;
          partition_end_[r] = e;
          peer_start_[r] = q;
          peer_end_[r] = g;
        }
        q = g;
      }
      p = e;
    }
  }

  bool Peers(uint32_t a, uint32_t b) const {
    for (size_t k = 0; k < comparators_.size(); k++) {
      bool na = orders_[k].IsNull(a), nb = orders_[k].IsNull(b);
      if (na != nb) return false;
      if (!na && comparators_[k](a, b) != 0) return false;
    }
    return true;
  }

  /// The frame of sorted position p as [first, last); empty when first >= last.
  std::pair<int64_t, int64_t> Frame(size_t p) const {
    int64_t ps = static_cast<int64_t>(partition_start_[p]), pe = static_cast<int64_t>(partition_end_[p]);
    int64_t pos = static_cast<int64_t>(p);
    auto at = [&](const WindowBound& b, bool is_start) -> int64_t {
      switch (b.kind) {
        case WindowBound::Kind::kUnboundedPreceding: return ps;
        case WindowBound::Kind::kUnboundedFollowing: return pe;
        case WindowBound::Kind::kCurrentRow:
          if (call_.rows) return is_start ? pos : pos + 1;
          return is_start ? static_cast<int64_t>(peer_start_[p]) : static_cast<int64_t>(peer_end_[p]);
        case WindowBound::Kind::kPreceding:
        case WindowBound::Kind::kFollowing: {
          if (!call_.rows) return RangeOffset(p, b, is_start);
          if (b.kind == WindowBound::Kind::kPreceding) {
            int64_t k = std::min<int64_t>(b.offset, pos - ps + 1);
            return is_start ? pos - k : pos - k + 1;
          }
          int64_t k = std::min<int64_t>(b.offset, pe - pos);
          return is_start ? pos + k : pos + k + 1;
        }
      }
      return ps;
    };
    int64_t first = std::max(at(call_.start, true), ps);
    int64_t last = std::min(at(call_.end, false), pe);
    return {first, last};
  }

  /// RANGE n PRECEDING/FOLLOWING over the single ORDER BY key: the first
  /// sorted position of the frame (is_start) or one past its last. A row
  /// with a NULL key frames its NULL peers.
  int64_t RangeOffset(size_t p, const WindowBound& b, bool is_start) const {
    uint32_t row = order_[p];
    if (orders_[0].IsNull(row)) return static_cast<int64_t>(is_start ? peer_start_[p] : peer_end_[p]);
    // The partition's non-NULL keys are contiguous (NULLs sort to one end).
    size_t first = partition_start_[p], last = partition_end_[p];
    while (first < last && orders_[0].IsNull(order_[first])) first++;
    while (last > first && orders_[0].IsNull(order_[last - 1])) last--;
    const bool descending = call_.orders[0].descending;
    // The bound value: PRECEDING moves against the sort direction.
    bool toward_smaller = (b.kind == WindowBound::Kind::kPreceding) != descending;
    auto key = [&](size_t q) -> long double { return range_keys_[order_[q]]; };
    long double v = range_keys_[row];
    long double bound = toward_smaller ? v - range_offset_scale_ * b.offset : v + range_offset_scale_ * b.offset;
    // In sort order, rows before the frame start compare "before" the bound;
    // the frame end is one past the last row not after the bound.
    auto before = [&](size_t q) { return descending ? key(q) > bound : key(q) < bound; };
    auto not_after = [&](size_t q) { return descending ? key(q) >= bound : key(q) <= bound; };
    size_t lo = first, hi = last;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (is_start ? before(mid) : not_after(mid)) lo = mid + 1;
      else hi = mid;
    }
    return static_cast<int64_t>(lo);
  }

  Vector Ranks() {
    Vector out(call_.type, std::max<size_t>(n_, 1));
    int64_t* d = out.data<int64_t>();
    int64_t dense = 0;
    for (size_t p = 0; p < n_; p++) {
      if (p == partition_start_[p]) dense = 0;
      if (p == peer_start_[p]) dense++;
      int64_t v = call_.kind == WindowFunctionKind::kRowNumber ? static_cast<int64_t>(p - partition_start_[p] + 1)
                  : call_.kind == WindowFunctionKind::kRank    ? static_cast<int64_t>(peer_start_[p] - partition_start_[p] + 1)
                                                               : dense;
      d[order_[p]] = v;
    }
    return out;
  }

  Vector Ntile() {
    Vector buckets = ExpressionExecutor::Evaluate(*call_.arguments[0], rows_);
    Vector out(call_.type, std::max<size_t>(n_, 1));
    int32_t* d = out.data<int32_t>();
    const int32_t* b = buckets.data<int32_t>();
    for (size_t p = 0; p < n_; p++) {
      uint32_t row = order_[p];
      if (buckets.IsNull(row)) {
        out.SetNull(row);
        continue;
      }
      int64_t count = b[row];
      if (count <= 0) throw SqlError("argument of ntile must be greater than zero", "22014");
      int64_t total = static_cast<int64_t>(partition_end_[p] - partition_start_[p]);
      int64_t i = static_cast<int64_t>(p - partition_start_[p]);
      // The first (total % count) buckets hold one extra row.
      int64_t per = total / count, extra = total % count;
      int64_t bucket = i < extra * (per + 1) ? i / (per + 1) : extra + (per == 0 ? 0 : (i - extra * (per + 1)) / per);
      d[row] = static_cast<int32_t>(bucket + 1);
    }
    return out;
  }

  Vector Shift() {
    Vector value = ExpressionExecutor::Evaluate(*call_.arguments[0], rows_);
    Vector offsets = ExpressionExecutor::Evaluate(*call_.arguments[1], rows_);
    bool has_default = call_.arguments.size() > 2;
    // Values in rows [0, n), defaults in rows [n, 2n).
    ColumnBatch stacked(std::vector<LogicalType>{call_.type}, std::max<size_t>(2 * n_, 1));
    {
      std::vector<Vector> columns;
      columns.push_back(std::move(value));
      stacked.AppendRows(MakeBatch(std::move(columns), n_), nullptr, n_);
    }
    if (has_default) {
      std::vector<Vector> columns;
      columns.push_back(ExpressionExecutor::Evaluate(*call_.arguments[2], rows_));
      stacked.AppendRows(MakeBatch(std::move(columns), n_), nullptr, n_);
    }
    const int32_t* off = offsets.data<int32_t>();
    std::vector<int64_t> from(n_, -1);
    for (size_t p = 0; p < n_; p++) {
      uint32_t row = order_[p];
      if (offsets.IsNull(row)) continue;
      int64_t k = off[row];
      int64_t target = static_cast<int64_t>(p) + (call_.kind == WindowFunctionKind::kLag ? -k : k);
      if (target >= static_cast<int64_t>(partition_start_[p]) && target < static_cast<int64_t>(partition_end_[p])) {
        from[row] = order_[target];
      } else if (has_default) {
        from[row] = static_cast<int64_t>(n_ + row);
      }
    }
    size_t stacked_rows = stacked.num_rows();
    return Gather(std::move(stacked.columns()[0]), stacked_rows, from, call_.type);
  }

  Vector Edge() {
    Vector value = ExpressionExecutor::Evaluate(*call_.arguments[0], rows_);
    std::vector<int64_t> from(n_, -1);
    for (size_t p = 0; p < n_; p++) {
      auto [first, last] = Frame(p);
      if (first >= last) continue;
      from[order_[p]] = order_[call_.kind == WindowFunctionKind::kFirstValue ? first : last - 1];
    }
    return Gather(std::move(value), n_, from, call_.type);
  }

  /// Any aggregate (and any with FILTER) through AggregateState over the
  /// rows in sorted order: a running frame (UNBOUNDED PRECEDING start) folds
  /// each row once, any other frame refolds its rows for every row.
  Vector GenericAggregate() {
    AggregateCall agg;
    agg.kind = call_.aggregate;
    agg.type = call_.type;
    if (!call_.arguments.empty()) agg.argument = call_.arguments[0]->Copy();
    if (call_.arguments.size() > 1) agg.delimiter = call_.arguments[1]->Copy();
    if (call_.filter) agg.filter = call_.filter->Copy();
    ColumnBatch sorted(rows_.types(), std::max<size_t>(n_, 1));
    sorted.AppendRows(rows_, order_.data(), n_);
    AggregateState state(&agg);
    state.Prepare(sorted);
    state.Grow(1);
    Vector by_position(call_.type, std::max<size_t>(n_, 1));
    const bool running = call_.start.kind == WindowBound::Kind::kUnboundedPreceding;
    int64_t scanned = 0;
    for (size_t p = 0; p < n_; p++) {
      auto [first, last] = Frame(p);
      if (!running || p == partition_start_[p]) {
        state.Reset();
        state.Grow(1);
        scanned = running ? static_cast<int64_t>(p) : first;
      }
      if (last > scanned) {
        state.UpdateRange(0, static_cast<size_t>(scanned), static_cast<size_t>(last));
        scanned = last;
      }
      state.Finalize(0, 1, &by_position, p);
    }
    std::vector<int64_t> from(n_);
    for (size_t p = 0; p < n_; p++) from[order_[p]] = static_cast<int64_t>(p);
    return Gather(std::move(by_position), n_, from, call_.type);
  }

  Vector Aggregate() {
    switch (call_.aggregate) {
      case AggregateKind::kCountStar:
      case AggregateKind::kCount:
      case AggregateKind::kSum:
      case AggregateKind::kAvg:
      case AggregateKind::kMin:
      case AggregateKind::kMax:
        if (!call_.filter) break;
        [[fallthrough]];
      default: return GenericAggregate();
    }
    Vector out(call_.type, std::max<size_t>(n_, 1));
    if (call_.aggregate == AggregateKind::kCountStar) {
      for (size_t p = 0; p < n_; p++) {
        auto [first, last] = Frame(p);
        out.data<int64_t>()[order_[p]] = std::max<int64_t>(0, last - first);
      }
      return out;
    }
    Vector arg = ExpressionExecutor::Evaluate(*call_.arguments[0], rows_);
    // Non-NULL counts by sorted position, as prefix sums.
    std::vector<int64_t> counts(n_ + 1, 0);
    for (size_t p = 0; p < n_; p++) counts[p + 1] = counts[p] + (arg.IsNull(order_[p]) ? 0 : 1);
    auto count_in = [&](int64_t first, int64_t last) { return first >= last ? 0 : counts[last] - counts[first]; };
    const bool running = call_.start.kind == WindowBound::Kind::kUnboundedPreceding;
    switch (call_.aggregate) {
      case AggregateKind::kCount:
        for (size_t p = 0; p < n_; p++) {
          auto [first, last] = Frame(p);
          out.data<int64_t>()[order_[p]] = count_in(first, last);
        }
        return out;
      case AggregateKind::kMin:
      case AggregateKind::kMax: {
        RowComparator compare = ComparatorFor(arg);
        bool is_min = call_.aggregate == AggregateKind::kMin;
        auto better = [&](int64_t candidate, int64_t best) {
          if (best < 0) return true;
          int c = compare(static_cast<uint32_t>(candidate), static_cast<uint32_t>(best));
          return is_min ? c < 0 : c > 0;
        };
        std::vector<int64_t> from(n_, -1);
        int64_t best = -1;
        int64_t scanned = 0;  // running: sorted positions [partition start, scanned) are folded into best
        for (size_t p = 0; p < n_; p++) {
          auto [first, last] = Frame(p);
          if (p == partition_start_[p]) {
            best = -1;
            scanned = static_cast<int64_t>(p);
          }
          if (running) {
            for (; scanned < last; scanned++) {
              uint32_t row = order_[scanned];
              if (!arg.IsNull(row) && better(row, best)) best = row;
            }
            if (first < last) from[order_[p]] = best;
          } else {
            int64_t local = -1;
            for (int64_t q = first; q < last; q++) {
              uint32_t row = order_[q];
              if (!arg.IsNull(row) && better(row, local)) local = row;
            }
            from[order_[p]] = local;
          }
        }
        return Gather(std::move(arg), n_, from, call_.type);
      }
      default: break;
    }
    // sum and avg.
    NumericColumn values = ReadNumeric(arg, n_);
    bool avg = call_.aggregate == AggregateKind::kAvg;
    if (!values.floating) {
      std::vector<int128_t> sums(n_ + 1, 0);
      for (size_t p = 0; p < n_; p++) {
        if (__builtin_add_overflow(sums[p], values.exact[order_[p]], &sums[p + 1])) {
          throw SqlError("value overflows numeric format", "22003");
        }
      }
      int from_scale = arg.type().id() == TypeId::kNumeric ? arg.type().scale() : 0;
      for (size_t p = 0; p < n_; p++) {
        uint32_t row = order_[p];
        auto [first, last] = Frame(p);
        int64_t count = count_in(first, last);
        if (count == 0) {
          out.SetNull(row);
          continue;
        }
        int128_t sum = sums[last] - sums[first];
        if (avg) {
          // sum / count to the result scale, rounding half away from zero.
          int128_t num = sum;
          if (__builtin_mul_overflow(num, decimal::PowerOfTen(call_.type.scale() - from_scale + 1), &num)) {
            throw SqlError("value overflows numeric format", "22003");
          }
          int128_t q = num / count;
          out.data<int128_t>()[row] = q / 10 + (q % 10 >= 5 ? 1 : q % 10 <= -5 ? -1 : 0);
        } else if (call_.type.id() == TypeId::kBigInt) {
          if (sum > INT64_MAX || sum < INT64_MIN) throw SqlError("bigint out of range", "22003");
          out.data<int64_t>()[row] = static_cast<int64_t>(sum);
        } else {
          if (!decimal::FitsPrecision(sum, 38)) throw SqlError("value overflows numeric format", "22003");
          out.data<int128_t>()[row] = sum;
        }
      }
      return out;
    }
    // Floating sums add in frame order, as PostgreSQL does.
    double acc = 0;
    int64_t scanned = 0;
    for (size_t p = 0; p < n_; p++) {
      uint32_t row = order_[p];
      auto [first, last] = Frame(p);
      if (p == partition_start_[p]) {
        acc = 0;
        scanned = static_cast<int64_t>(p);
      }
      double sum = 0;
      if (running) {
        for (; scanned < last; scanned++) {
          if (!arg.IsNull(order_[scanned])) acc += values.approx[order_[scanned]];
        }
        sum = acc;
      } else {
        for (int64_t q = first; q < last; q++) {
          if (!arg.IsNull(order_[q])) sum += values.approx[order_[q]];
        }
      }
      int64_t count = count_in(first, last);
      if (count == 0) {
        out.SetNull(row);
      } else if (avg) {
        out.data<double>()[row] = sum / static_cast<double>(count);
      } else if (call_.type.id() == TypeId::kReal) {
        out.data<float>()[row] = static_cast<float>(sum);
      } else {
        out.data<double>()[row] = sum;
      }
    }
    return out;
  }

  const WindowCall& call_;
  const ColumnBatch& rows_;
  size_t n_;
  std::vector<Vector> orders_;
  std::vector<RowComparator> comparators_;
  std::vector<long double> range_keys_;  // the ORDER BY key as a number, by row
  long double range_offset_scale_ = 1;
  std::vector<uint32_t> order_;  // sorted position -> row
  std::vector<size_t> partition_start_, partition_end_, peer_start_, peer_end_;  // by sorted position
};

}  // namespace

bool PhysicalWindow::Next(ColumnBatch* out) {
  State& st = *state_;
  if (!st.computed) {
    st.computed = true;
    ColumnBatch in;
    bool first = true;
    while (child_->Next(&in)) {
      if (first) {
        st.rows = ColumnBatch(in.types(), std::max<size_t>(in.num_rows(), 64));
        first = false;
      }
      st.rows.AppendRows(in, nullptr, in.num_rows());
      context_->memory.Reserve(BatchBytes(in) + static_cast<int64_t>(in.num_rows()) * 8, "window");
    }
    if (first) return false;
    std::vector<Vector> results;
    for (const WindowCall& call : *windows_) results.push_back(WindowEvaluator(call, st.rows).Run());
    st.results = MakeBatch(std::move(results), st.rows.num_rows());
  }
  size_t total = st.rows.num_rows();
  if (st.emitted >= total) return false;
  size_t n = std::min(context_->vector_size, total - st.emitted);
  std::vector<uint32_t> rows(n);
  std::iota(rows.begin(), rows.end(), static_cast<uint32_t>(st.emitted));
  ColumnBatch left(st.rows.types(), n);
  left.AppendRows(st.rows, rows.data(), n);
  ColumnBatch right(st.results.types(), n);
  right.AppendRows(st.results, rows.data(), n);
  std::vector<Vector> columns;
  for (auto& c : left.columns()) columns.push_back(std::move(c));
  for (auto& c : right.columns()) columns.push_back(std::move(c));
  *out = MakeBatch(std::move(columns), n);
  st.emitted += n;
  return true;
}

}  // namespace tributary::sql
