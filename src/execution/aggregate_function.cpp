#include "execution/aggregate_function.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <optional>

#include "execution/expression_executor.hpp"
#include "execution/key_encoder.hpp"
#include "execution/key_hash_table.hpp"
#include "execution/physical_operator.hpp"
#include "execution/row_comparator.hpp"
#include "parser/sql_error.hpp"
#include "types/decimal.hpp"

namespace tributary::sql {

namespace {

using uint128_t = unsigned __int128;

[[noreturn]] void NumericOverflow() { throw SqlError("value overflows numeric format", "22003"); }

/// An unsigned 256-bit integer: the exact sums of squares and the
/// intermediate products of numeric variances, which outgrow 128 bits.
struct U256 {
  uint128_t hi = 0, lo = 0;

  static U256 Of(uint128_t v) { return {0, v}; }
  static U256 Product(uint128_t a, uint128_t b) {
    uint64_t a0 = static_cast<uint64_t>(a), a1 = static_cast<uint64_t>(a >> 64);
    uint64_t b0 = static_cast<uint64_t>(b), b1 = static_cast<uint64_t>(b >> 64);
    uint128_t p00 = static_cast<uint128_t>(a0) * b0, p01 = static_cast<uint128_t>(a0) * b1;
    uint128_t p10 = static_cast<uint128_t>(a1) * b0, p11 = static_cast<uint128_t>(a1) * b1;
    uint128_t mid = (p00 >> 64) + static_cast<uint64_t>(p01) + static_cast<uint64_t>(p10);
    return {p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64), (mid << 64) | static_cast<uint64_t>(p00)};
  }
  /// false on overflow.
  bool Add(const U256& b) {
    bool carry = __builtin_add_overflow(lo, b.lo, &lo);
    bool o1 = __builtin_add_overflow(hi, b.hi, &hi);
    bool o2 = __builtin_add_overflow(hi, static_cast<uint128_t>(carry), &hi);
    return !o1 && !o2;
  }
  /// this - b for this >= b.
  U256 Minus(const U256& b) const {
    U256 r;
    r.lo = lo - b.lo;
    r.hi = hi - b.hi - (lo < b.lo ? 1 : 0);
    return r;
  }
  /// false on overflow.
  bool MultiplyBy(uint64_t m) {
    U256 low = Product(lo, m), high = Product(hi, m);
    if (high.hi != 0) return false;
    lo = low.lo;
    return !__builtin_add_overflow(low.hi, high.lo, &hi);
  }
  friend bool operator<(const U256& a, const U256& b) { return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo; }
  friend bool operator==(const U256& a, const U256& b) = default;
  bool Bit(int i) const { return i >= 128 ? (hi >> (i - 128)) & 1 : (lo >> i) & 1; }
  bool IsZero() const { return hi == 0 && lo == 0; }

  /// this / d (d > 0, d < 2^127) and the remainder.
  U256 DivMod(uint128_t d, uint128_t* rem) const {
    U256 q;
    uint128_t r = 0;
    for (int i = 255; i >= 0; i--) {
      r = (r << 1) | (Bit(i) ? 1 : 0);
      if (r >= d) {
        r -= d;
        if (i >= 128) q.hi |= uint128_t{1} << (i - 128);
        else q.lo |= uint128_t{1} << i;
      }
    }
    *rem = r;
    return q;
  }
  /// floor(sqrt(this)).
  uint128_t Sqrt() const {
    uint128_t r = 0;
    for (int i = 127; i >= 0; i--) {
      uint128_t c = r | (uint128_t{1} << i);
      if (!(*this < Product(c, c))) r = c;
    }
    return r;
  }
  /// Decimal digits, without leading zeros ("0" for zero).
  std::string Digits() const {
    std::string out;
    U256 v = *this;
    while (!v.IsZero()) {
      uint128_t rem;
      v = v.DivMod(10, &rem);
      out.push_back(static_cast<char>('0' + static_cast<int>(rem)));
    }
    if (out.empty()) out.push_back('0');
    std::reverse(out.begin(), out.end());
    return out;
  }
};

/// floor(numer * 10^k / denom) and its remainder; false on overflow.
bool ScaledQuotient(const U256& numer, uint128_t denom, int k, U256* q, uint128_t* rem) {
  uint128_t r0;
  *q = numer.DivMod(denom, &r0);
  U256 r = U256::Of(r0);
  for (int i = 0; i < k; i++) {
    if (!q->MultiplyBy(10) || !r.MultiplyBy(10)) return false;
  }
  U256 q1 = r.DivMod(denom, rem);
  return q->Add(q1);
}

/// PostgreSQL's NUMERIC base-10000 weight and leading digit of the value
/// with decimal digits `digits` and `scale` (the inputs of select_div_scale).
std::pair<int, int> Base10000Lead(const std::string& digits, int scale) {
  if (digits == "0") return {0, 0};
  int integral = static_cast<int>(digits.size()) - scale;
  if (integral > 0) {
    int weight = (integral - 1) / 4;
    return {weight, std::stoi(digits.substr(0, integral - 4 * weight))};
  }
  size_t pad = static_cast<size_t>(std::max<int>(0, -integral));
  std::string fraction(pad, '0');
  fraction += digits;
  fraction.append((4 - fraction.size() % 4) % 4, '0');
  for (size_t group = 0; group * 4 < fraction.size(); group++) {
    int v = std::stoi(fraction.substr(group * 4, 4));
    if (v != 0) return {-static_cast<int>(group) - 1, v};
  }
  return {0, 0};
}

/// The scale PostgreSQL gives numer / denom (numer with `scale`, denom an
/// integer): at least 16 significant digits.
int DivisionScale(const U256& numer, int scale, uint128_t denom) {
  auto [w1, d1] = Base10000Lead(numer.Digits(), scale);
  auto [w2, d2] = Base10000Lead(U256::Of(denom).Digits(), 0);
  int qweight = w1 - w2 - (d1 <= d2 ? 1 : 0);
  return std::max({16 - qweight * 4, scale, 0});
}

/// Rounds unscaled `v` (at scale `from`) half away from zero to scale `to`,
/// or pads it when `to` is larger.
int128_t ToScale(const U256& v, int from, int to) {
  U256 x = v;
  if (to >= from) {
    for (int i = from; i < to; i++) {
      if (!x.MultiplyBy(10)) NumericOverflow();
    }
  } else {
    uint128_t p = 1;
    for (int i = to; i < from; i++) p *= 10;
    uint128_t rem;
    x = x.DivMod(p, &rem);
    if (rem >= p - rem) x.Add(U256::Of(1));
  }
  if (x.hi != 0 || x.lo > static_cast<uint128_t>(decimal::PowerOfTen(38)) - 1) NumericOverflow();
  return static_cast<int128_t>(x.lo);
}

}  // namespace

std::optional<LogicalType> AggregateResultType(AggregateKind kind, const LogicalType& t) {
  switch (kind) {
    case AggregateKind::kCountStar:
    case AggregateKind::kCount: return LogicalType::BigInt();
    case AggregateKind::kSum:
      if (!t.is_numeric()) return std::nullopt;
      // sum(smallint|integer) is bigint, sum(bigint) numeric, floats keep their type.
      if (t.id() == TypeId::kSmallInt || t.id() == TypeId::kInteger) return LogicalType::BigInt();
      if (t.id() == TypeId::kBigInt) return LogicalType::NumericUnchecked(38, 0);
      if (t.id() == TypeId::kNumeric) return LogicalType::NumericUnchecked(38, t.scale());
      return t;
    case AggregateKind::kAvg:
      if (!t.is_numeric()) return std::nullopt;
      if (t.id() == TypeId::kReal || t.id() == TypeId::kDouble) return LogicalType::Double();
      return LogicalType::NumericUnchecked(38, std::max(16, t.id() == TypeId::kNumeric ? t.scale() : 0));
    case AggregateKind::kStddevSamp:
    case AggregateKind::kStddevPop:
    case AggregateKind::kVarSamp:
    case AggregateKind::kVarPop:
      if (!t.is_numeric()) return std::nullopt;
      if (t.id() == TypeId::kReal || t.id() == TypeId::kDouble) return LogicalType::Double();
      // One scale for the column where PostgreSQL picks one per value (see docs/sql.md).
      return LogicalType::NumericUnchecked(38, std::min(37, std::max(16, 2 * (t.id() == TypeId::kNumeric ? t.scale() : 0))));
    case AggregateKind::kMin:
    case AggregateKind::kMax:
      // PostgreSQL has no min/max for boolean (bool_and/bool_or instead).
      if (t.id() == TypeId::kNull || t.id() == TypeId::kBoolean) return std::nullopt;
      return t;
    case AggregateKind::kStringAgg:
      if (t.id() != TypeId::kVarchar) return std::nullopt;
      return LogicalType::Varchar();
    case AggregateKind::kBoolAnd:
    case AggregateKind::kBoolOr:
      if (t.id() != TypeId::kBoolean) return std::nullopt;
      return LogicalType::Boolean();
    case AggregateKind::kGrouping: return LogicalType::Integer();
  }
  return std::nullopt;
}

struct AggregateState::Impl {
  const AggregateCall* call = nullptr;
  size_t groups = 0;

  // The prepared input: arguments (and ORDER BY keys) of the rows that pass
  // the filter; `selected` maps them back to input rows when filtered.
  size_t rows = 0;
  Vector argument, delimiter;
  std::vector<Vector> order_keys;
  bool filtered = false;
  SelectionVector selected;
  std::vector<uint32_t> gid_scratch;

  // Per group.
  std::vector<int64_t> counts;
  std::vector<int128_t> sums;          // exact sums
  std::vector<double> dsums, dsquares;  // floating sums; Sxx of the floating variance
  std::vector<uint128_t> squares_lo, squares_hi;  // exact sums of squares (256-bit)
  std::vector<uint8_t> seen;           // a non-NULL input arrived
  std::vector<uint8_t> flags;          // bool_and / bool_or so far
  std::vector<std::string> texts;      // string_agg so far
  Vector extreme;                      // min/max so far

  // DISTINCT: every (group id, argument tuple) seen.
  std::optional<KeyEncoder> distinct_encoder;
  std::optional<KeyHashTable> distinct_index;
  EncodedKeys distinct_keys;
  std::vector<uint32_t> distinct_ids;
  // ORDER BY inside the call: every row, sorted and folded when finalized.
  ColumnBatch buffer;
  std::vector<uint32_t> buffer_gid;
  bool flushed = false;

  bool floating() const {
    return call->argument && (call->argument->type.id() == TypeId::kReal || call->argument->type.id() == TypeId::kDouble);
  }

  void Grow(size_t n) {
    groups = n;
    counts.resize(n, 0);
    seen.resize(n, 0);
    switch (call->kind) {
      case AggregateKind::kSum:
      case AggregateKind::kAvg:
        sums.resize(n, 0);
        dsums.resize(n, 0);
        break;
      case AggregateKind::kStddevSamp:
      case AggregateKind::kStddevPop:
      case AggregateKind::kVarSamp:
      case AggregateKind::kVarPop:
        if (floating()) {
          dsums.resize(n, 0);
          dsquares.resize(n, 0);
        } else {
          sums.resize(n, 0);
          squares_lo.resize(n, 0);
          squares_hi.resize(n, 0);
        }
        break;
      case AggregateKind::kMin:
      case AggregateKind::kMax:
        if (extreme.capacity() == 0) extreme = Vector(call->type, std::max<size_t>(n, 64));
        if (extreme.capacity() < n) extreme.Reserve(n * 2, extreme.capacity());
        break;
      case AggregateKind::kBoolAnd:
      case AggregateKind::kBoolOr: flags.resize(n, 0); break;
      case AggregateKind::kStringAgg: texts.resize(n); break;
      default: break;
    }
  }

  template <typename T>
  void UpdateExtreme(const Vector& in, const uint32_t* gid, size_t begin, size_t end, bool is_min) {
    const T* x = in.data<T>();
    T* best = extreme.data<T>();
    for (size_t i = begin; i < end; i++) {
      if (in.IsNull(i)) continue;
      uint32_t g = gid[i - begin];
      bool better;
      if constexpr (std::is_same_v<T, StringRef>) {
        better = !seen[g] || (is_min ? x[i].view() < best[g].view() : x[i].view() > best[g].view());
      } else if constexpr (std::is_floating_point_v<T>) {
        // NaN sorts above every number.
        auto less = [](T a, T b) { return std::isnan(b) ? !std::isnan(a) : (!std::isnan(a) && a < b); };
        better = !seen[g] || (is_min ? less(x[i], best[g]) : less(best[g], x[i]));
      } else {
        better = !seen[g] || (is_min ? x[i] < best[g] : x[i] > best[g]);
      }
      if (better) {
        best[g] = x[i];
        seen[g] = 1;
      }
    }
  }

  template <typename T>
  void UpdateSum(const Vector& in, const uint32_t* gid, size_t begin, size_t end) {
    const T* x = in.data<T>();
    for (size_t i = begin; i < end; i++) {
      if (in.IsNull(i)) continue;
      uint32_t g = gid[i - begin];
      if constexpr (std::is_floating_point_v<T>) {
        dsums[g] += x[i];
      } else {
        if (__builtin_add_overflow(sums[g], static_cast<int128_t>(x[i]), &sums[g])) NumericOverflow();
      }
      counts[g]++;
      seen[g] = 1;
    }
  }

  /// PostgreSQL's float8_accum (Youngs-Cramer): N, Sx and Sxx.
  template <typename T>
  void UpdateFloatVariance(const Vector& in, const uint32_t* gid, size_t begin, size_t end) {
    const T* x = in.data<T>();
    for (size_t i = begin; i < end; i++) {
      if (in.IsNull(i)) continue;
      uint32_t g = gid[i - begin];
      double v = static_cast<double>(x[i]);
      double n_before = static_cast<double>(counts[g]);
      double n = n_before + 1.0;
      double sx_before = dsums[g];
      double sx = sx_before + v;
      double sxx = dsquares[g];
      if (n_before > 0.0) {
        double tmp = v * n - sx;
        sxx += tmp * tmp / (n * n_before);
        if (std::isinf(sx) || std::isinf(sxx)) {
          if (!std::isinf(sx_before) && !std::isinf(v)) throw SqlError("value out of range: overflow", "22003");
          sxx = std::nan("");
        }
      } else if (std::isnan(v) || std::isinf(v)) {
        sxx = std::nan("");
      }
      counts[g]++;
      dsums[g] = sx;
      dsquares[g] = sxx;
    }
  }

  /// N, the exact sum and the exact (256-bit) sum of squares.
  template <typename T>
  void UpdateExactVariance(const Vector& in, const uint32_t* gid, size_t begin, size_t end) {
    const T* x = in.data<T>();
    for (size_t i = begin; i < end; i++) {
      if (in.IsNull(i)) continue;
      uint32_t g = gid[i - begin];
      int128_t v = static_cast<int128_t>(x[i]);
      if (__builtin_add_overflow(sums[g], v, &sums[g])) NumericOverflow();
      uint128_t magnitude = static_cast<uint128_t>(v < 0 ? -v : v);
      U256 square = magnitude >> 64 == 0 ? U256::Of(magnitude * magnitude) : U256::Product(magnitude, magnitude);
      U256 total{squares_hi[g], squares_lo[g]};
      if (!total.Add(square)) NumericOverflow();
      squares_hi[g] = total.hi;
      squares_lo[g] = total.lo;
      counts[g]++;
    }
  }

  /// Folds `count` argument rows into groups gid[i - begin] (no filter, distinct or order left to apply).
  void Fold(const Vector* in, const Vector* delim, const uint32_t* gid, size_t begin, size_t end) {
    switch (call->kind) {
      case AggregateKind::kCountStar:
        for (size_t i = begin; i < end; i++) counts[gid[i - begin]]++;
        return;
      case AggregateKind::kCount:
        for (size_t i = begin; i < end; i++) counts[gid[i - begin]] += in->IsNull(i) ? 0 : 1;
        return;
      case AggregateKind::kSum:
      case AggregateKind::kAvg:
        switch (in->type().physical()) {
          case PhysicalType::kInt16: UpdateSum<int16_t>(*in, gid, begin, end); break;
          case PhysicalType::kInt32: UpdateSum<int32_t>(*in, gid, begin, end); break;
          case PhysicalType::kInt64: UpdateSum<int64_t>(*in, gid, begin, end); break;
          case PhysicalType::kInt128: UpdateSum<int128_t>(*in, gid, begin, end); break;
          case PhysicalType::kFloat: UpdateSum<float>(*in, gid, begin, end); break;
          default: UpdateSum<double>(*in, gid, begin, end); break;
        }
        return;
      case AggregateKind::kStddevSamp:
      case AggregateKind::kStddevPop:
      case AggregateKind::kVarSamp:
      case AggregateKind::kVarPop:
        switch (in->type().physical()) {
          case PhysicalType::kInt16: UpdateExactVariance<int16_t>(*in, gid, begin, end); break;
          case PhysicalType::kInt32: UpdateExactVariance<int32_t>(*in, gid, begin, end); break;
          case PhysicalType::kInt64: UpdateExactVariance<int64_t>(*in, gid, begin, end); break;
          case PhysicalType::kInt128: UpdateExactVariance<int128_t>(*in, gid, begin, end); break;
          case PhysicalType::kFloat: UpdateFloatVariance<float>(*in, gid, begin, end); break;
          default: UpdateFloatVariance<double>(*in, gid, begin, end); break;
        }
        return;
      case AggregateKind::kMin:
      case AggregateKind::kMax: {
        bool is_min = call->kind == AggregateKind::kMin;
        if (in->shared_heap()) extreme.heap().KeepAlive(in->shared_heap());
        switch (in->type().physical()) {
          case PhysicalType::kBool: UpdateExtreme<uint8_t>(*in, gid, begin, end, is_min); break;
          case PhysicalType::kInt16: UpdateExtreme<int16_t>(*in, gid, begin, end, is_min); break;
          case PhysicalType::kInt32: UpdateExtreme<int32_t>(*in, gid, begin, end, is_min); break;
          case PhysicalType::kInt64: UpdateExtreme<int64_t>(*in, gid, begin, end, is_min); break;
          case PhysicalType::kInt128: UpdateExtreme<int128_t>(*in, gid, begin, end, is_min); break;
          case PhysicalType::kFloat: UpdateExtreme<float>(*in, gid, begin, end, is_min); break;
          case PhysicalType::kDouble: UpdateExtreme<double>(*in, gid, begin, end, is_min); break;
          case PhysicalType::kString: UpdateExtreme<StringRef>(*in, gid, begin, end, is_min); break;
          case PhysicalType::kInterval: UpdateExtreme<interval_t>(*in, gid, begin, end, is_min); break;
        }
        return;
      }
      case AggregateKind::kBoolAnd:
      case AggregateKind::kBoolOr: {
        const uint8_t* x = in->data<uint8_t>();
        bool is_and = call->kind == AggregateKind::kBoolAnd;
        for (size_t i = begin; i < end; i++) {
          if (in->IsNull(i)) continue;
          uint32_t g = gid[i - begin];
          flags[g] = !seen[g] ? x[i] != 0 : is_and ? (flags[g] && x[i]) : (flags[g] || x[i]);
          seen[g] = 1;
        }
        return;
      }
      case AggregateKind::kStringAgg: {
        // Each value after a group's first is preceded by its own row's delimiter.
        const StringRef* x = in->data<StringRef>();
        const StringRef* d = delim->data<StringRef>();
        for (size_t i = begin; i < end; i++) {
          if (in->IsNull(i)) continue;
          uint32_t g = gid[i - begin];
          if (seen[g] && !delim->IsNull(i)) texts[g].append(d[i].data, d[i].size);
          texts[g].append(x[i].data, x[i].size);
          seen[g] = 1;
        }
        return;
      }
      case AggregateKind::kGrouping: return;
    }
  }

  /// The argument columns (argument, delimiter) of `count` prepared rows.
  std::vector<const Vector*> ArgumentColumns() const {
    std::vector<const Vector*> out;
    if (call->argument) out.push_back(&argument);
    if (call->delimiter) out.push_back(&delimiter);
    return out;
  }

  void Update(const uint32_t* input_gid) {
    const uint32_t* gid = input_gid;
    if (filtered) {
      gid_scratch.resize(rows);
      for (size_t i = 0; i < rows; i++) gid_scratch[i] = input_gid[selected[i]];
      gid = gid_scratch.data();
    }
    if (rows == 0) return;
    if (!call->orders.empty()) {
      std::vector<Vector> columns;
      std::vector<const Vector*> sources = ArgumentColumns();
      for (const auto& k : order_keys) sources.push_back(&k);
      for (const Vector* v : sources) columns.push_back(FlatCopy(*v, rows));
      ColumnBatch batch = MakeBatch(std::move(columns), rows);
      if (buffer.num_columns() == 0) buffer = ColumnBatch(batch.types(), std::max<size_t>(rows, 64));
      buffer.AppendRows(batch, nullptr, rows);
      buffer_gid.insert(buffer_gid.end(), gid, gid + rows);
      return;
    }
    if (call->distinct) {
      // Each group's first occurrence of an argument tuple; NULL arguments
      // are skipped by every aggregate anyway.
      // (group, arguments) pairs go through a hash index; a row is kept
      // when its pair gets a new id. NULL arguments are skipped by every
      // aggregate, so NULL need not be a key unless a delimiter may be.
      Vector group_ids(LogicalType::Integer(), std::max<size_t>(rows, 1));
      for (size_t i = 0; i < rows; i++) group_ids.data<int32_t>()[i] = static_cast<int32_t>(gid[i]);
      std::vector<const Vector*> key_columns = {&group_ids};
      for (const Vector* v : ArgumentColumns()) key_columns.push_back(v);
      if (!distinct_index) {
        std::vector<LogicalType> types;
        for (const Vector* v : key_columns) types.push_back(v->type());
        distinct_encoder.emplace(types, /*null_is_key=*/call->delimiter != nullptr);
        distinct_index.emplace(distinct_encoder->layout());
      }
      distinct_encoder->Encode(key_columns, rows, &distinct_keys);
      size_t before = distinct_index->size();
      distinct_ids.resize(rows);
      distinct_index->FindOrInsert(distinct_keys, /*skip_nulls=*/call->delimiter == nullptr, distinct_ids.data());
      std::vector<uint32_t> keep;
      std::vector<uint32_t> keep_gid;
      uint32_t expect = static_cast<uint32_t>(before);
      for (size_t i = 0; i < rows && expect < distinct_index->size(); i++) {
        if (distinct_ids[i] != expect) continue;
        expect++;
        if (argument.IsNull(i)) continue;
        keep.push_back(static_cast<uint32_t>(i));
        keep_gid.push_back(gid[i]);
      }
      if (keep.empty()) return;
      std::vector<Vector> columns;
      for (const Vector* v : ArgumentColumns()) columns.push_back(FlatCopy(*v, rows));
      ColumnBatch all = MakeBatch(std::move(columns), rows);
      ColumnBatch kept(all.types(), keep.size());
      kept.AppendRows(all, keep.data(), keep.size());
      Fold(&kept.column(0), call->delimiter ? &kept.column(1) : nullptr, keep_gid.data(), 0, keep.size());
      return;
    }
    Fold(call->argument ? &argument : nullptr, call->delimiter ? &delimiter : nullptr, gid, 0, rows);
  }

  /// Sorts the buffered rows of an ordered call by (group, ORDER BY keys)
  /// and folds them in that order (first occurrences only with DISTINCT).
  void Flush() {
    flushed = true;
    size_t n = buffer_gid.size();
    if (n == 0) return;
    size_t args = call->delimiter ? 2 : 1;
    std::vector<RowComparator> keys;
    std::vector<const SortSpec*> specs;
    for (size_t k = 0; k < call->orders.size(); k++) {
      keys.push_back(ComparatorFor(buffer.column(args + k)));
      specs.push_back(&call->orders[k]);
    }
    std::vector<uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::vector<std::string> arg_keys;
    if (call->distinct) {
      std::vector<const Vector*> cols;
      for (size_t c = 0; c < args; c++) cols.push_back(&buffer.column(c));
      EncodeKeys(cols, n, &arg_keys);
    }
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      if (buffer_gid[a] != buffer_gid[b]) return buffer_gid[a] < buffer_gid[b];
      for (size_t k = 0; k < keys.size(); k++) {
        const Vector& v = buffer.column(args + k);
        bool na = v.IsNull(a), nb = v.IsNull(b);
        if (na || nb) {
          if (na && nb) continue;
          return na == specs[k]->nulls_first;
        }
        int d = keys[k](a, b);
        if (d != 0) return specs[k]->descending ? d > 0 : d < 0;
      }
      // DISTINCT: equal argument tuples end up adjacent.
      if (call->distinct) return arg_keys[a] < arg_keys[b];
      return false;
    });
    if (call->distinct) {
      std::vector<uint32_t> kept;
      for (size_t i = 0; i < n; i++) {
        uint32_t r = order[i];
        if (buffer.column(0).IsNull(r)) continue;
        if (!kept.empty() && buffer_gid[kept.back()] == buffer_gid[r] && arg_keys[kept.back()] == arg_keys[r]) continue;
        kept.push_back(r);
      }
      order = std::move(kept);
    }
    ColumnBatch sorted(buffer.types(), std::max<size_t>(order.size(), 1));
    sorted.AppendRows(buffer, order.data(), order.size());
    std::vector<uint32_t> gid(order.size());
    for (size_t i = 0; i < order.size(); i++) gid[i] = buffer_gid[order[i]];
    Fold(&sorted.column(0), call->delimiter ? &sorted.column(1) : nullptr, gid.data(), 0, order.size());
    buffer = ColumnBatch();
    buffer_gid.clear();
  }

  /// PostgreSQL's numeric_stddev_internal for group g, as an unscaled value of the result scale.
  bool ExactVariance(size_t g, int128_t* result) const {
    const AggregateKind k = call->kind;
    bool sample = k == AggregateKind::kStddevSamp || k == AggregateKind::kVarSamp;
    bool variance = k == AggregateKind::kVarSamp || k == AggregateKind::kVarPop;
    int64_t n = counts[g];
    if (n == 0 || (sample && n <= 1)) return false;
    const LogicalType& in = call->argument->type;
    int numer_scale = 2 * (in.id() == TypeId::kNumeric ? in.scale() : 0);
    int result_scale = call->type.scale();
    int128_t sum = sums[g];
    uint128_t magnitude = static_cast<uint128_t>(sum < 0 ? -sum : sum);
    U256 numer{squares_hi[g], squares_lo[g]};
    if (!numer.MultiplyBy(static_cast<uint64_t>(n))) NumericOverflow();
    U256 square = U256::Product(magnitude, magnitude);
    if (!(square < numer)) {
      *result = 0;  // also guards against a negative numerator
      return true;
    }
    numer = numer.Minus(square);
    uint128_t denom = static_cast<uint128_t>(n) * static_cast<uint128_t>(sample ? n - 1 : n);
    // PostgreSQL rounds the variance to its division scale (and takes the
    // square root at that scale); beyond the column's scale, round once at it.
    int scale = std::min(DivisionScale(numer, numer_scale, denom), result_scale);
    U256 q;
    uint128_t rem;
    if (variance) {
      if (!ScaledQuotient(numer, denom, scale - numer_scale, &q, &rem)) NumericOverflow();
      if (rem >= denom - rem) q.Add(U256::Of(1));
      *result = ToScale(q, scale, result_scale);
      return true;
    }
    int pg_scale = DivisionScale(numer, numer_scale, denom);
    if (pg_scale <= result_scale) {
      // sqrt of the variance as rounded at PostgreSQL's scale.
      U256 var;
      if (!ScaledQuotient(numer, denom, pg_scale - numer_scale, &var, &rem)) NumericOverflow();
      if (rem >= denom - rem) var.Add(U256::Of(1));
      // sqrt(var * 10^-s) at scale s: sqrt(var * 10^s).
      U256 x = var;
      for (int i = 0; i < pg_scale; i++) {
        if (!x.MultiplyBy(10)) NumericOverflow();
      }
      uint128_t r = x.Sqrt();
      // Round half up: sqrt(x) >= r + 0.5  <=>  x > r^2 + r  (x an integer).
      U256 t = U256::Product(r, r);
      t.Add(U256::Of(r));
      if (t < x) r++;
      *result = ToScale(U256::Of(r), pg_scale, result_scale);
      return true;
    }
    // sqrt(numer / denom * 10^-ns) at scale s: sqrt(numer * 10^(2s - ns) / denom).
    if (!ScaledQuotient(numer, denom, 2 * scale - numer_scale, &q, &rem)) NumericOverflow();
    uint128_t r = q.Sqrt();
    U256 t = U256::Product(r, r);
    t.Add(U256::Of(r));
    // x = q + rem/denom >= r^2 + r + 1/4
    if (t < q || (t == q && rem >= (denom + 3) / 4)) r++;
    *result = ToScale(U256::Of(r), scale, result_scale);
    return true;
  }

  void Finalize(size_t begin, size_t end, Vector* out, size_t offset) {
    if (!call->orders.empty() && !flushed) Flush();
    for (size_t j = 0; j < end - begin; j++) {
      size_t g = begin + j, row = offset + j;
      switch (call->kind) {
        case AggregateKind::kCountStar:
        case AggregateKind::kCount: out->data<int64_t>()[row] = counts[g]; break;
        case AggregateKind::kSum:
          if (!seen[g]) {
            out->SetNull(row);
          } else if (call->type.id() == TypeId::kBigInt) {
            if (sums[g] > INT64_MAX || sums[g] < INT64_MIN) throw SqlError("bigint out of range", "22003");
            out->data<int64_t>()[row] = static_cast<int64_t>(sums[g]);
          } else if (call->type.id() == TypeId::kNumeric) {
            if (!decimal::FitsPrecision(sums[g], 38)) NumericOverflow();
            out->data<int128_t>()[row] = sums[g];
          } else if (call->type.id() == TypeId::kReal) {
            out->data<float>()[row] = static_cast<float>(dsums[g]);
          } else {
            out->data<double>()[row] = dsums[g];
          }
          break;
        case AggregateKind::kAvg:
          if (!seen[g]) {
            out->SetNull(row);
          } else if (call->type.id() == TypeId::kNumeric) {
            // sum / count to the result scale, rounding half away from zero.
            int from = call->argument->type.id() == TypeId::kNumeric ? call->argument->type.scale() : 0;
            int128_t num = sums[g];
            int shift = call->type.scale() - from + 1;
            if (__builtin_mul_overflow(num, decimal::PowerOfTen(shift), &num)) NumericOverflow();
            int128_t q = num / counts[g];
            out->data<int128_t>()[row] = q / 10 + (q % 10 >= 5 ? 1 : q % 10 <= -5 ? -1 : 0);
          } else {
            out->data<double>()[row] = dsums[g] / static_cast<double>(counts[g]);
          }
          break;
        case AggregateKind::kStddevSamp:
        case AggregateKind::kStddevPop:
        case AggregateKind::kVarSamp:
        case AggregateKind::kVarPop: {
          bool sample = call->kind == AggregateKind::kStddevSamp || call->kind == AggregateKind::kVarSamp;
          bool root = call->kind == AggregateKind::kStddevSamp || call->kind == AggregateKind::kStddevPop;
          if (floating()) {
            double n = static_cast<double>(counts[g]);
            if (counts[g] == 0 || (sample && counts[g] <= 1)) {
              out->SetNull(row);
              break;
            }
            double v = dsquares[g] / (sample ? n - 1.0 : n);
            out->data<double>()[row] = root ? std::sqrt(v) : v;
          } else {
            int128_t v;
            if (ExactVariance(g, &v)) {
              out->data<int128_t>()[row] = v;
            } else {
              out->SetNull(row);
            }
          }
          break;
        }
        case AggregateKind::kMin:
        case AggregateKind::kMax:
          if (!seen[g]) {
            out->SetNull(row);
          } else {
            size_t w = call->type.value_size();
            std::memcpy(out->raw_data() + row * w, extreme.raw_data() + g * w, w);
          }
          break;
        case AggregateKind::kBoolAnd:
        case AggregateKind::kBoolOr:
          if (!seen[g]) {
            out->SetNull(row);
          } else {
            out->data<uint8_t>()[row] = flags[g];
          }
          break;
        case AggregateKind::kStringAgg:
          if (!seen[g]) {
            out->SetNull(row);
          } else {
            out->SetString(row, texts[g]);
          }
          break;
        case AggregateKind::kGrouping: out->data<int32_t>()[row] = 0; break;
      }
    }
    if (call->type.physical() == PhysicalType::kString && extreme.shared_heap()) {
      out->heap().KeepAlive(extreme.shared_heap());
    }
  }
};

AggregateState::AggregateState(const AggregateCall* call) : impl_(std::make_unique<Impl>()) { impl_->call = call; }
AggregateState::~AggregateState() = default;
AggregateState::AggregateState(AggregateState&&) noexcept = default;
AggregateState& AggregateState::operator=(AggregateState&&) noexcept = default;

const AggregateCall& AggregateState::call() const { return *impl_->call; }

void AggregateState::Grow(size_t groups) { impl_->Grow(groups); }

void AggregateState::Prepare(const ColumnBatch& input) {
  Impl& s = *impl_;
  const AggregateCall& call = *s.call;
  s.rows = input.num_rows();
  s.filtered = call.filter != nullptr;
  const ColumnBatch* source = &input;
  ColumnBatch kept;
  if (s.filtered) {
    s.selected = ExpressionExecutor::Select(*call.filter, input);
    s.rows = s.selected.size();
    if (call.argument || !call.orders.empty()) {
      kept = ColumnBatch(input.types(), std::max<size_t>(s.rows, 1));
      kept.AppendRows(input, s.selected.data(), s.rows);
      source = &kept;
    }
  }
  if (call.argument) s.argument = ExpressionExecutor::Evaluate(*call.argument, *source);
  if (call.delimiter) s.delimiter = ExpressionExecutor::Evaluate(*call.delimiter, *source);
  s.order_keys.clear();
  for (const auto& o : call.orders) s.order_keys.push_back(ExpressionExecutor::Evaluate(*o.expr, *source));
}

void AggregateState::Update(const uint32_t* gid) { impl_->Update(gid); }

void AggregateState::Finalize(size_t begin, size_t end, Vector* out, size_t offset) {
  impl_->Finalize(begin, end, out, offset);
}

void AggregateState::UpdateRange(uint32_t group, size_t begin, size_t end) {
  Impl& s = *impl_;
  if (s.filtered) {
    const uint32_t* sel = s.selected.data();
    begin = static_cast<size_t>(std::lower_bound(sel, sel + s.rows, begin) - sel);
    end = static_cast<size_t>(std::lower_bound(sel, sel + s.rows, end) - sel);
  }
  if (end <= begin) return;
  s.gid_scratch.assign(end - begin, group);
  s.Fold(s.call->argument ? &s.argument : nullptr, s.call->delimiter ? &s.delimiter : nullptr, s.gid_scratch.data(),
         begin, end);
}

void AggregateState::Reset() {
  Impl& s = *impl_;
  s.groups = 0;
  s.counts.clear();
  s.sums.clear();
  s.dsums.clear();
  s.dsquares.clear();
  s.squares_lo.clear();
  s.squares_hi.clear();
  s.seen.clear();
  s.flags.clear();
  s.texts.clear();
  s.distinct_index.reset();
  s.buffer = ColumnBatch();
  s.buffer_gid.clear();
  s.flushed = false;
}

}  // namespace tributary::sql
