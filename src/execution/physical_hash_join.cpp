#include "execution/physical_hash_join.hpp"

#include <unordered_map>

#include "execution/expression_executor.hpp"
#include "execution/key_encoder.hpp"
#include "common/error.hpp"

namespace tributary::sql {

struct PhysicalHashJoin::State {
  bool left_outer = false;
  bool single = false;
  bool full = false;
  std::vector<LogicalType> left_types;
  std::vector<uint8_t> build_matched;  // kFull: per right row
  bool right_unmatched_emitted = false;
  size_t right_cursor = 0;
  bool left_done = false;
  std::vector<const BoundExpr*> left_keys;
  std::vector<const BoundExpr*> right_keys;
  const BoundExpr* residual = nullptr;
  std::vector<LogicalType> right_types;

  bool built = false;
  ColumnBatch build;  // every right row
  std::unordered_map<std::string, std::vector<uint32_t>> table;

  // The left batch being probed and where the probe stopped.
  ColumnBatch probe;
  bool has_probe = false;
  std::vector<const std::vector<uint32_t>*> matches;  // per probe row, or null
  size_t row = 0;
  size_t match = 0;
  std::vector<uint8_t> matched;
  bool unmatched_emitted = false;
};

PhysicalHashJoin::PhysicalHashJoin(ExecutionContext* context, PhysicalPtr left, PhysicalPtr right, LogicalJoinKind join,
                                   std::vector<const BoundExpr*> left_keys, std::vector<const BoundExpr*> right_keys,
                                   const BoundExpr* residual, std::vector<LogicalType> left_types,
                                   std::vector<LogicalType> right_types)
    : context_(context), left_(std::move(left)), right_(std::move(right)), state_(std::make_unique<State>()) {
  state_->left_outer = join == LogicalJoinKind::kLeft || join == LogicalJoinKind::kSingle || join == LogicalJoinKind::kFull;
  state_->single = join == LogicalJoinKind::kSingle;
  state_->full = join == LogicalJoinKind::kFull;
  state_->left_types = std::move(left_types);
  state_->left_keys = std::move(left_keys);
  state_->right_keys = std::move(right_keys);
  state_->residual = residual;
  state_->right_types = std::move(right_types);
}

PhysicalHashJoin::~PhysicalHashJoin() = default;

namespace {

ColumnBatch Combine(const ColumnBatch& left, const std::vector<uint32_t>& lrows, const ColumnBatch* right,
                    const std::vector<uint32_t>& rrows, const std::vector<LogicalType>& right_types) {
  ColumnBatch l(left.types(), lrows.size());
  l.AppendRows(left, lrows.data(), lrows.size());
  std::vector<Vector> columns;
  for (auto& c : l.columns()) columns.push_back(std::move(c));
  if (right != nullptr) {
    ColumnBatch r(right_types, rrows.size());
    r.AppendRows(*right, rrows.data(), rrows.size());
    for (auto& c : r.columns()) columns.push_back(std::move(c));
  } else {
    for (const auto& t : right_types) {
      Vector v(t, std::max<size_t>(lrows.size(), 1));
      for (size_t i = 0; i < lrows.size(); i++) v.SetNull(i);
      columns.push_back(std::move(v));
    }
  }
  return MakeBatch(std::move(columns), lrows.size());
}

}  // namespace

bool PhysicalHashJoin::Next(ColumnBatch* out) {
  State& st = *state_;
  if (!st.built) {
    st.build = ColumnBatch(st.right_types, 64);
    ColumnBatch in;
    std::vector<std::string> keys;
    while (right_->Next(&in)) {
      std::vector<Vector> key_columns;
      std::vector<const Vector*> key_ptrs;
      for (const BoundExpr* k : st.right_keys) key_columns.push_back(ExpressionExecutor::Evaluate(*k, in));
      for (const auto& k : key_columns) key_ptrs.push_back(&k);
      EncodeKeys(key_ptrs, in.num_rows(), &keys);
      uint32_t base = static_cast<uint32_t>(st.build.num_rows());
      for (size_t i = 0; i < in.num_rows(); i++) {
        if (AnyNull(key_ptrs, i)) continue;  // NULL never equals anything
        st.table[keys[i]].push_back(base + static_cast<uint32_t>(i));
      }
      st.build.AppendRows(in, nullptr, in.num_rows());
    }
    st.built = true;
    st.build_matched.assign(st.full ? st.build.num_rows() : 0, 0);
  }
  while (true) {
    if (!st.has_probe) {
      if (st.left_done || !left_->Next(&st.probe)) {
        st.left_done = true;
        if (!st.full || st.right_unmatched_emitted) return false;
        // Right rows no left row matched, NULL-extended on the left, a
        // vector at a time.
        std::vector<uint32_t> unmatched;
        for (size_t r = st.right_cursor; r < st.build.num_rows() && unmatched.size() < context_->vector_size; r++) {
          st.right_cursor = r + 1;
          if (!st.build_matched[r]) unmatched.push_back(static_cast<uint32_t>(r));
        }
        if (st.right_cursor >= st.build.num_rows()) st.right_unmatched_emitted = true;
        if (unmatched.empty()) continue;
        std::vector<Vector> columns;
        for (const auto& t : st.left_types) {
          Vector v(t, std::max<size_t>(unmatched.size(), 1));
          for (size_t i = 0; i < unmatched.size(); i++) v.SetNull(i);
          columns.push_back(std::move(v));
        }
        ColumnBatch r(st.right_types, unmatched.size());
        r.AppendRows(st.build, unmatched.data(), unmatched.size());
        for (auto& c : r.columns()) columns.push_back(std::move(c));
        *out = MakeBatch(std::move(columns), unmatched.size());
        return true;
      }
      size_t n = st.probe.num_rows();
      std::vector<Vector> key_columns;
      std::vector<const Vector*> key_ptrs;
      for (const BoundExpr* k : st.left_keys) key_columns.push_back(ExpressionExecutor::Evaluate(*k, st.probe));
      for (const auto& k : key_columns) key_ptrs.push_back(&k);
      std::vector<std::string> keys;
      EncodeKeys(key_ptrs, n, &keys);
      st.matches.assign(n, nullptr);
      for (size_t i = 0; i < n; i++) {
        if (AnyNull(key_ptrs, i)) continue;
        auto it = st.table.find(keys[i]);
        if (it != st.table.end()) st.matches[i] = &it->second;
      }
      st.matched.assign(n, 0);
      st.row = 0;
      st.match = 0;
      st.has_probe = true;
      st.unmatched_emitted = false;
    }
    // Candidate pairs, at most vector_size per output batch.
    std::vector<uint32_t> lrows, rrows;
    size_t n = st.probe.num_rows();
    while (st.row < n && lrows.size() < context_->vector_size) {
      const auto* m = st.matches[st.row];
      if (m == nullptr || st.match >= m->size()) {
        st.row++;
        st.match = 0;
        continue;
      }
      lrows.push_back(static_cast<uint32_t>(st.row));
      rrows.push_back((*m)[st.match++]);
    }
    if (!lrows.empty()) {
      ColumnBatch pairs = Combine(st.probe, lrows, &st.build, rrows, st.right_types);
      auto note_build = [&](const std::vector<uint32_t>& right_rows, const SelectionVector* sel) {
        if (!st.full) return;
        if (sel == nullptr) {
          for (uint32_t r : right_rows) st.build_matched[r] = 1;
        } else {
          for (size_t i = 0; i < sel->size(); i++) st.build_matched[right_rows[(*sel)[i]]] = 1;
        }
      };
      auto note_match = [&](uint32_t l) {
        if (st.single && st.matched[l] != 0) {
          throw UserError("more than one row returned by a subquery used as an expression", "21000");
        }
        st.matched[l] = 1;
      };
      if (st.residual != nullptr) {
        SelectionVector sel = ExpressionExecutor::Select(*st.residual, pairs);
        if (sel.size() != pairs.num_rows()) {
          ColumnBatch kept(pairs.types(), sel.size());
          kept.AppendRows(pairs, sel.data(), sel.size());
          for (size_t i = 0; i < sel.size(); i++) note_match(lrows[sel[i]]);
          note_build(rrows, &sel);
          pairs = std::move(kept);
        } else {
          for (uint32_t l : lrows) note_match(l);
          note_build(rrows, nullptr);
        }
      } else {
        for (uint32_t l : lrows) note_match(l);
        note_build(rrows, nullptr);
      }
      if (pairs.num_rows() > 0) {
        *out = std::move(pairs);
        return true;
      }
      continue;
    }
    // The probe batch is exhausted.
    st.has_probe = false;
    if (st.left_outer && !st.unmatched_emitted) {
      st.unmatched_emitted = true;
      std::vector<uint32_t> unmatched;
      for (size_t i = 0; i < n; i++) {
        if (!st.matched[i]) unmatched.push_back(static_cast<uint32_t>(i));
      }
      if (!unmatched.empty()) {
        *out = Combine(st.probe, unmatched, nullptr, {}, st.right_types);
        return true;
      }
    }
  }
}

}  // namespace tributary::sql
