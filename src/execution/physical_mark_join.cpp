#include "execution/physical_mark_join.hpp"

#include <unordered_map>
#include <unordered_set>

#include "execution/expression_executor.hpp"
#include "execution/key_encoder.hpp"

namespace tributary::sql {

namespace {

/// The right rows sharing one correlation key.
struct Group {
  std::vector<uint32_t> rows;
  bool has_null_value = false;  // some row's IN value is NULL
};

/// Three-valued OR accumulator of one left row's mark.
enum class Mark : uint8_t { kFalse, kNull, kTrue };

}  // namespace

struct PhysicalMarkJoin::State {
  std::vector<const BoundExpr*> left_keys;
  std::vector<const BoundExpr*> right_keys;
  const BoundExpr* residual = nullptr;
  const BoundExpr* in_left = nullptr;
  const BoundExpr* in_right = nullptr;
  std::vector<LogicalType> right_types;

  bool built = false;
  ColumnBatch build;                        // every right row
  std::vector<std::string> build_values;    // encoded IN value per right row
  std::vector<uint8_t> build_value_null;    // per right row
  std::unordered_map<std::string, Group> groups;      // correlation key -> rows
  std::unordered_set<std::string> pairs;   // correlation key + IN value, non-NULL values only
};

PhysicalMarkJoin::PhysicalMarkJoin(ExecutionContext* context, PhysicalPtr left, PhysicalPtr right,
                                   std::vector<const BoundExpr*> left_keys, std::vector<const BoundExpr*> right_keys,
                                   const BoundExpr* residual, const BoundExpr* in_left, const BoundExpr* in_right,
                                   std::vector<LogicalType> right_types)
    : context_(context), left_(std::move(left)), right_(std::move(right)), state_(std::make_unique<State>()) {
  state_->left_keys = std::move(left_keys);
  state_->right_keys = std::move(right_keys);
  state_->residual = residual;
  state_->in_left = in_left;
  state_->in_right = in_right;
  state_->right_types = std::move(right_types);
}

PhysicalMarkJoin::~PhysicalMarkJoin() = default;

namespace {

/// Evaluates `keys` over `batch` and encodes them per row; `null_key[i]` is
/// set when any key of row i is NULL. Returns the evaluated key columns.
std::vector<Vector> EncodeRows(const std::vector<const BoundExpr*>& keys, const ColumnBatch& batch,
                               std::vector<std::string>* out, std::vector<uint8_t>* null_key) {
  std::vector<Vector> columns;
  std::vector<const Vector*> ptrs;
  for (const BoundExpr* k : keys) columns.push_back(ExpressionExecutor::Evaluate(*k, batch));
  for (const auto& c : columns) ptrs.push_back(&c);
  EncodeKeys(ptrs, batch.num_rows(), out);
  null_key->assign(batch.num_rows(), 0);
  for (size_t i = 0; i < batch.num_rows(); i++) (*null_key)[i] = AnyNull(ptrs, i) ? 1 : 0;
  return columns;
}

}  // namespace

void PhysicalMarkJoin::SetPruningTarget(PhysicalTableScan* scan, int field_id) {
  prune_scan_ = scan;
  prune_field_id_ = field_id;
}

bool PhysicalMarkJoin::PrunesByInValues() const {
  const State& st = *state_;
  // Only `x IN (uncorrelated subquery)`: every right row is a candidate for
  // every left row, so a left row's mark is true exactly when its value is
  // one of the right side's non-NULL values.
  return prune_scan_ != nullptr && st.in_left != nullptr && st.left_keys.empty() && st.residual == nullptr &&
         st.in_left->type == st.in_right->type;
}

bool PhysicalMarkJoin::Next(ColumnBatch* out) {
  State& st = *state_;
  const bool has_in = st.in_left != nullptr;
  if (!st.built) {
    st.build = ColumnBatch(st.right_types, 64);
    ColumnBatch in;
    std::vector<std::string> keys, values;
    std::vector<uint8_t> key_null, value_null;
    // The distinct non-NULL IN values, for the left scan (PrunesByInValues);
    // past kMaxInValues a predicate is not worth it.
    constexpr size_t kMaxInValues = 256;
    bool collect = PrunesByInValues();
    std::vector<Value> in_values;
    std::unordered_set<std::string> distinct;
    while (right_->Next(&in)) {
      EncodeRows(st.right_keys, in, &keys, &key_null);
      std::vector<Vector> in_column;
      if (has_in) in_column = EncodeRows({st.in_right}, in, &values, &value_null);
      uint32_t base = static_cast<uint32_t>(st.build.num_rows());
      for (size_t i = 0; i < in.num_rows(); i++) {
        if (has_in) {
          st.build_values.push_back(values[i]);
          st.build_value_null.push_back(value_null[i]);
          if (collect && !value_null[i] && distinct.insert(values[i]).second) {
            in_values.push_back(in_column[0].GetValue(i));
            collect = in_values.size() <= kMaxInValues;
          }
        }
        if (key_null[i]) continue;  // a NULL correlation key equals nothing
        Group& g = st.groups[keys[i]];
        g.rows.push_back(base + static_cast<uint32_t>(i));
        if (has_in) {
          if (value_null[i]) g.has_null_value = true;
          else st.pairs.insert(keys[i] + values[i]);
        }
      }
      st.build.AppendRows(in, nullptr, in.num_rows());
    }
    st.built = true;
    // No value at all: nothing can match, and the join finds that out cheaply.
    if (collect && !in_values.empty()) {
      prune_scan_->AddRuntimePredicate(ColumnPredicate{prune_field_id_, ColumnPredicate::Op::kIn, std::move(in_values)});
    }
  }

  ColumnBatch probe;
  if (!left_->Next(&probe)) return false;
  size_t n = probe.num_rows();
  std::vector<std::string> keys, values;
  std::vector<uint8_t> key_null, value_null;
  EncodeRows(st.left_keys, probe, &keys, &key_null);
  if (has_in) EncodeRows({st.in_left}, probe, &values, &value_null);
  std::vector<Mark> marks(n, Mark::kFalse);
  std::vector<const Group*> group_of(n, nullptr);
  for (size_t i = 0; i < n; i++) {
    if (key_null[i]) continue;
    auto it = st.groups.find(keys[i]);
    if (it == st.groups.end()) continue;
    group_of[i] = &it->second;
    if (st.residual != nullptr) continue;  // decided pair by pair below
    if (!has_in) marks[i] = Mark::kTrue;
    else if (value_null[i]) marks[i] = Mark::kNull;
    else if (st.pairs.count(keys[i] + values[i]) > 0) marks[i] = Mark::kTrue;
    else marks[i] = it->second.has_null_value ? Mark::kNull : Mark::kFalse;
  }
  if (st.residual != nullptr) {
    // Candidate pairs, a vector at a time, through the residual.
    std::vector<uint32_t> lrows, rrows;
    auto flush = [&]() {
      if (lrows.empty()) return;
      ColumnBatch l(probe.types(), lrows.size());
      l.AppendRows(probe, lrows.data(), lrows.size());
      ColumnBatch r(st.right_types, rrows.size());
      r.AppendRows(st.build, rrows.data(), rrows.size());
      std::vector<Vector> columns;
      for (auto& c : l.columns()) columns.push_back(std::move(c));
      for (auto& c : r.columns()) columns.push_back(std::move(c));
      ColumnBatch pairs = MakeBatch(std::move(columns), lrows.size());
      SelectionVector sel = ExpressionExecutor::Select(*st.residual, pairs);
      for (size_t s = 0; s < sel.size(); s++) {
        uint32_t li = lrows[sel[s]], ri = rrows[sel[s]];
        Mark m = Mark::kTrue;
        if (has_in) {
          if (value_null[li] || st.build_value_null[ri]) m = Mark::kNull;
          else if (values[li] != st.build_values[ri]) m = Mark::kFalse;
        }
        if (m > marks[li]) marks[li] = m;
      }
      lrows.clear();
      rrows.clear();
    };
    for (size_t i = 0; i < n; i++) {
      if (group_of[i] == nullptr) continue;
      for (uint32_t r : group_of[i]->rows) {
        lrows.push_back(static_cast<uint32_t>(i));
        rrows.push_back(r);
        if (lrows.size() >= context_->vector_size) flush();
      }
    }
    flush();
  }

  Vector mark(LogicalType::Boolean(), std::max<size_t>(n, 1));
  uint8_t* data = mark.data<uint8_t>();
  for (size_t i = 0; i < n; i++) {
    if (marks[i] == Mark::kNull) mark.SetNull(i);
    else data[i] = marks[i] == Mark::kTrue ? 1 : 0;
  }
  std::vector<Vector> columns;
  for (auto& c : probe.columns()) columns.push_back(std::move(c));
  columns.push_back(std::move(mark));
  *out = MakeBatch(std::move(columns), n);
  return true;
}

}  // namespace tributary::sql
