#include "execution/physical_hash_aggregate.hpp"

#include <cstring>
#include <optional>
#include <unordered_set>

#include "execution/expression_executor.hpp"
#include "execution/key_encoder.hpp"
#include "execution/key_hash_table.hpp"
#include "parser/sql_error.hpp"
#include "types/decimal.hpp"

namespace tributary::sql {

namespace {

/// Running state of one aggregate for every group, column-wise.
struct AggregateState {
  const AggregateCall* call = nullptr;
  std::vector<int64_t> counts;
  std::vector<int128_t> sums;   // integer and numeric sums
  std::vector<double> dsums;    // floating sums
  std::vector<uint8_t> seen;    // a non-NULL input arrived
  Vector extreme;               // min/max so far, typed
  std::vector<std::unordered_set<std::string>> distinct_values;

  void Grow(size_t groups) {
    counts.resize(groups, 0);
    sums.resize(groups, 0);
    dsums.resize(groups, 0);
    seen.resize(groups, 0);
    if (call->kind == AggregateKind::kMin || call->kind == AggregateKind::kMax) {
      if (extreme.capacity() == 0) extreme = Vector(call->type, std::max<size_t>(groups, 64));
      if (extreme.capacity() < groups) extreme.Reserve(groups * 2, extreme.capacity());
    }
    if (call->distinct) distinct_values.resize(groups);
  }
};

template <typename T>
void UpdateExtreme(AggregateState* s, const Vector& in, const uint32_t* gid, size_t count, bool is_min) {
  const T* x = in.data<T>();
  T* best = s->extreme.data<T>();
  for (size_t i = 0; i < count; i++) {
    if (in.IsNull(i)) continue;
    uint32_t g = gid[i];
    bool better;
    if constexpr (std::is_same_v<T, StringRef>) {
      better = !s->seen[g] || (is_min ? x[i].view() < best[g].view() : x[i].view() > best[g].view());
    } else if constexpr (std::is_floating_point_v<T>) {
      // NaN sorts above every number.
      auto less = [](T a, T b) { return std::isnan(b) ? !std::isnan(a) : (!std::isnan(a) && a < b); };
      better = !s->seen[g] || (is_min ? less(x[i], best[g]) : less(best[g], x[i]));
    } else {
      better = !s->seen[g] || (is_min ? x[i] < best[g] : x[i] > best[g]);
    }
    if (better) {
      best[g] = x[i];
      s->seen[g] = 1;
    }
  }
}

template <typename T>
void UpdateSum(AggregateState* s, const Vector& in, const uint32_t* gid, size_t count) {
  const T* x = in.data<T>();
  for (size_t i = 0; i < count; i++) {
    if (in.IsNull(i)) continue;
    uint32_t g = gid[i];
    if constexpr (std::is_floating_point_v<T>) {
      s->dsums[g] += x[i];
    } else {
      if (__builtin_add_overflow(s->sums[g], static_cast<int128_t>(x[i]), &s->sums[g])) {
        throw SqlError("value overflows numeric format", "22003");
      }
    }
    s->counts[g]++;
    s->seen[g] = 1;
  }
}

void Update(AggregateState* s, const Vector* in, const uint32_t* gid, size_t count) {
  const AggregateCall& call = *s->call;
  if (call.kind == AggregateKind::kCountStar) {
    for (size_t i = 0; i < count; i++) s->counts[gid[i]]++;
    return;
  }
  if (call.distinct) {
    std::vector<std::string> keys;
    EncodeKeys({in}, count, &keys);
    for (size_t i = 0; i < count; i++) {
      if (in->IsNull(i)) continue;
      if (s->distinct_values[gid[i]].insert(keys[i]).second) s->counts[gid[i]]++;
    }
    return;
  }
  switch (call.kind) {
    case AggregateKind::kCount:
      for (size_t i = 0; i < count; i++) s->counts[gid[i]] += in->IsNull(i) ? 0 : 1;
      return;
    case AggregateKind::kSum:
    case AggregateKind::kAvg:
      switch (in->type().physical()) {
        case PhysicalType::kInt16: UpdateSum<int16_t>(s, *in, gid, count); break;
        case PhysicalType::kInt32: UpdateSum<int32_t>(s, *in, gid, count); break;
        case PhysicalType::kInt64: UpdateSum<int64_t>(s, *in, gid, count); break;
        case PhysicalType::kInt128: UpdateSum<int128_t>(s, *in, gid, count); break;
        case PhysicalType::kFloat: UpdateSum<float>(s, *in, gid, count); break;
        default: UpdateSum<double>(s, *in, gid, count); break;
      }
      return;
    case AggregateKind::kMin:
    case AggregateKind::kMax: {
      bool is_min = call.kind == AggregateKind::kMin;
      if (in->shared_heap()) s->extreme.heap().KeepAlive(in->shared_heap());
      switch (in->type().physical()) {
        case PhysicalType::kBool: UpdateExtreme<uint8_t>(s, *in, gid, count, is_min); break;
        case PhysicalType::kInt16: UpdateExtreme<int16_t>(s, *in, gid, count, is_min); break;
        case PhysicalType::kInt32: UpdateExtreme<int32_t>(s, *in, gid, count, is_min); break;
        case PhysicalType::kInt64: UpdateExtreme<int64_t>(s, *in, gid, count, is_min); break;
        case PhysicalType::kInt128: UpdateExtreme<int128_t>(s, *in, gid, count, is_min); break;
        case PhysicalType::kFloat: UpdateExtreme<float>(s, *in, gid, count, is_min); break;
        case PhysicalType::kDouble: UpdateExtreme<double>(s, *in, gid, count, is_min); break;
        case PhysicalType::kString: UpdateExtreme<StringRef>(s, *in, gid, count, is_min); break;
      }
      return;
    }
    default: return;
  }
}

/// The final value of aggregate `s` for groups [begin, end) as a vector.
Vector Finalize(const AggregateState& s, size_t begin, size_t end) {
  const AggregateCall& call = *s.call;
  size_t n = end - begin;
  Vector out(call.type, std::max<size_t>(n, 1));
  for (size_t j = 0; j < n; j++) {
    size_t g = begin + j;
    switch (call.kind) {
      case AggregateKind::kCountStar:
      case AggregateKind::kCount: out.data<int64_t>()[j] = s.counts[g]; break;
      case AggregateKind::kSum:
        if (!s.seen[g]) {
          out.SetNull(j);
        } else if (call.type.id() == TypeId::kBigInt) {
          if (s.sums[g] > INT64_MAX || s.sums[g] < INT64_MIN) throw SqlError("bigint out of range", "22003");
          out.data<int64_t>()[j] = static_cast<int64_t>(s.sums[g]);
        } else if (call.type.id() == TypeId::kNumeric) {
          if (!decimal::FitsPrecision(s.sums[g], 38)) throw SqlError("value overflows numeric format", "22003");
          out.data<int128_t>()[j] = s.sums[g];
        } else if (call.type.id() == TypeId::kReal) {
          out.data<float>()[j] = static_cast<float>(s.dsums[g]);
        } else {
          out.data<double>()[j] = s.dsums[g];
        }
        break;
      case AggregateKind::kAvg:
        if (!s.seen[g]) {
          out.SetNull(j);
        } else if (call.type.id() == TypeId::kNumeric) {
          // sum / count to the result scale, rounding half away from zero.
          int from = call.argument->type.id() == TypeId::kNumeric ? call.argument->type.scale() : 0;
          int128_t num = s.sums[g];
          int shift = call.type.scale() - from + 1;
          if (__builtin_mul_overflow(num, decimal::PowerOfTen(shift), &num)) {
            throw SqlError("value overflows numeric format", "22003");
          }
          int128_t q = num / s.counts[g];
          out.data<int128_t>()[j] = q / 10 + (q % 10 >= 5 ? 1 : q % 10 <= -5 ? -1 : 0);
        } else {
          out.data<double>()[j] = s.dsums[g] / static_cast<double>(s.counts[g]);
        }
        break;
      case AggregateKind::kMin:
      case AggregateKind::kMax:
        if (!s.seen[g]) {
          out.SetNull(j);
        } else {
          size_t w = call.type.value_size();
          std::memcpy(out.raw_data() + j * w, s.extreme.raw_data() + g * w, w);
        }
        break;
    }
  }
  if (call.type.physical() == PhysicalType::kString && s.extreme.shared_heap()) {
    out.heap().KeepAlive(s.extreme.shared_heap());
  }
  return out;
}

}  // namespace

struct PhysicalHashAggregate::State {
  std::vector<const BoundExpr*> groups;
  std::vector<AggregateState> aggregates;
  std::optional<KeyEncoder> encoder;
  std::optional<KeyHashTable> index;
  EncodedKeys keys;  // scratch
  ColumnBatch group_values;  // one row per group
  size_t num_groups = 0;
  bool done = false;
  size_t emitted = 0;
};

PhysicalHashAggregate::PhysicalHashAggregate(ExecutionContext* context, PhysicalPtr child,
                                             std::vector<const BoundExpr*> groups,
                                             std::vector<const AggregateCall*> aggregates)
    : context_(context), child_(std::move(child)), state_(std::make_unique<State>()) {
  state_->groups = std::move(groups);
  std::vector<LogicalType> types;
  for (const BoundExpr* g : state_->groups) types.push_back(g->type);
  state_->group_values = ColumnBatch(types, 64);
  state_->encoder.emplace(types, /*null_is_key=*/true);
  state_->index.emplace(state_->encoder->layout());
  for (const AggregateCall* a : aggregates) {
    AggregateState s;
    s.call = a;
    state_->aggregates.push_back(std::move(s));
  }
}

PhysicalHashAggregate::~PhysicalHashAggregate() = default;

bool PhysicalHashAggregate::Next(ColumnBatch* out) {
  State& st = *state_;
  if (!st.done) {
    if (st.groups.empty()) {
      st.num_groups = 1;
      for (auto& a : st.aggregates) a.Grow(1);
    }
    ColumnBatch in;
    std::vector<uint32_t> gid;
    while (child_->Next(&in)) {
      size_t n = in.num_rows();
      gid.assign(n, 0);
      if (!st.groups.empty()) {
        std::vector<Vector> key_columns;
        std::vector<const Vector*> key_ptrs;
        for (const BoundExpr* g : st.groups) key_columns.push_back(ExpressionExecutor::Evaluate(*g, in));
        for (const auto& k : key_columns) key_ptrs.push_back(&k);
        st.encoder->Encode(key_ptrs, n, &st.keys);
        size_t before = st.index->size();
        st.index->FindOrInsert(st.keys, /*skip_nulls=*/false, gid.data());
        // Ids are handed out in row order, so the rows that added groups
        // are those whose id is the next new one.
        std::vector<uint32_t> new_rows;
        uint32_t expect = static_cast<uint32_t>(before);
        for (size_t i = 0; i < n && expect < st.index->size(); i++) {
          if (gid[i] == expect) {
            new_rows.push_back(static_cast<uint32_t>(i));
            expect++;
          }
        }
        st.num_groups = st.index->size();
        if (!new_rows.empty()) {
          ColumnBatch key_batch = MakeBatch(std::move(key_columns), n);
          st.group_values.AppendRows(key_batch, new_rows.data(), new_rows.size());
          for (auto& a : st.aggregates) a.Grow(st.num_groups);
        }
      }
      for (auto& a : st.aggregates) {
        Vector arg;
        if (a.call->argument) arg = ExpressionExecutor::Evaluate(*a.call->argument, in);
        Update(&a, a.call->argument ? &arg : nullptr, gid.data(), n);
      }
    }
    st.done = true;
  }
  if (st.emitted >= st.num_groups) return false;
  size_t begin = st.emitted;
  size_t end = std::min(st.num_groups, begin + context_->vector_size);
  std::vector<Vector> columns;
  std::vector<uint32_t> rows(end - begin);
  for (size_t i = 0; i < rows.size(); i++) rows[i] = static_cast<uint32_t>(begin + i);
  if (!st.groups.empty()) {
    ColumnBatch slice(st.group_values.types(), rows.size());
    slice.AppendRows(st.group_values, rows.data(), rows.size());
    for (auto& c : slice.columns()) columns.push_back(std::move(c));
  }
  for (const auto& a : st.aggregates) columns.push_back(Finalize(a, begin, end));
  st.emitted = end;
  *out = MakeBatch(std::move(columns), end - begin);
  return true;
}

}  // namespace tributary::sql
