#include "execution/physical_set_operation.hpp"

#include <unordered_map>
#include <unordered_set>

#include "execution/key_encoder.hpp"

namespace tributary::sql {

struct PhysicalSetOperation::State {
  SetOperationKind kind;
  bool built = false;
  std::unordered_map<std::string, int64_t> right_counts;
  std::unordered_set<std::string> emitted;  // without ALL: rows already output
};

PhysicalSetOperation::PhysicalSetOperation(PhysicalPtr left, PhysicalPtr right, SetOperationKind kind)
    : left_(std::move(left)), right_(std::move(right)), state_(std::make_unique<State>()) {
  state_->kind = kind;
}

PhysicalSetOperation::~PhysicalSetOperation() = default;

namespace {

void EncodeBatch(ColumnBatch& batch, std::vector<std::string>* keys) {
  std::vector<const Vector*> columns;
  for (const auto& c : batch.columns()) columns.push_back(&c);
  EncodeKeys(columns, batch.num_rows(), keys);
}

}  // namespace

bool PhysicalSetOperation::Next(ColumnBatch* out) {
  State& st = *state_;
  std::vector<std::string> keys;
  if (!st.built) {
    ColumnBatch in;
    while (right_->Next(&in)) {
      EncodeBatch(in, &keys);
      for (auto& k : keys) st.right_counts[k]++;
    }
    st.built = true;
  }
  const bool intersect = st.kind == SetOperationKind::kIntersect || st.kind == SetOperationKind::kIntersectAll;
  const bool all = st.kind == SetOperationKind::kIntersectAll || st.kind == SetOperationKind::kExceptAll;
  ColumnBatch in;
  while (left_->Next(&in)) {
    EncodeBatch(in, &keys);
    std::vector<uint32_t> keep;
    for (size_t i = 0; i < in.num_rows(); i++) {
      auto it = st.right_counts.find(keys[i]);
      bool in_right = it != st.right_counts.end() && it->second > 0;
      bool emit;
      if (all) {
        // Each right copy pairs off one left copy.
        emit = intersect ? in_right : !in_right;
        if (in_right) it->second--;
      } else {
        emit = (intersect ? in_right : !in_right) && st.emitted.insert(keys[i]).second;
      }
      if (emit) keep.push_back(static_cast<uint32_t>(i));
    }
    if (keep.empty()) continue;
    in.KeepRows(keep);
    *out = std::move(in);
    return true;
  }
  return false;
}

}  // namespace tributary::sql
