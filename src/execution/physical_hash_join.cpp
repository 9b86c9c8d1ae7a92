#include "execution/physical_hash_join.hpp"

#include <algorithm>
#include <climits>
#include <mutex>
#include <optional>

#include "execution/expression_executor.hpp"
#include "execution/key_hash_table.hpp"
#include "common/error.hpp"

namespace tributary::sql {

namespace {

/// Lookups into the build side of a join on one integer key, by the key's
/// offset from the smallest build key. When the build keys are dense (a
/// dimension's surrogate key, a date) `rows` maps every offset straight to
/// its first build row: no hashing, one load per probe row. When they are
/// sparse in a range still small enough, `bits` says which offsets occur,
/// so most probe rows of a selective join are turned away with one load
/// from a cache-resident bitmap, and only the rest are hashed.
struct IntegerKeyIndex {
  enum class Kind : uint8_t { kNone, kDirect, kBitmap };
  Kind kind = Kind::kNone;
  int64_t min = 0;
  uint64_t range = 0;          // largest key - min + 1
  std::vector<uint32_t> rows;  // kDirect: per offset, the first build row or kNotFound
  std::vector<uint64_t> bits;  // kBitmap: bit per offset
};

/// Direct when the array is at most about as large as the hash table (16
/// bytes a slot, a quarter full). Otherwise a bitmap when it fits in 1 MiB
/// (a cache-resident test is cheaper than hashing every probe row, however
/// few the build keys), or when it is no larger than the hash table.
constexpr uint64_t kDirectSlack = 65536;
constexpr uint64_t kCachedBitmapBits = uint64_t{1} << 23;
constexpr uint64_t kMaxBitmapBits = uint64_t{1} << 27;

}  // namespace

struct PhysicalHashJoin::BuildSide {
  std::mutex mu;       // held while the first copy to need it builds it
  bool built = false;  // guarded by mu
  ColumnBatch build;   // every right row
  // Distinct build keys; the build rows of key id k are first[k], then
  // next[row] until kNotFound, in ascending row order.
  std::optional<KeyEncoder> encoder;
  std::optional<KeyHashTable> table;
  std::vector<uint32_t> first;
  std::vector<uint32_t> next;
  bool unique_keys = false;  // no key has two rows
  // A single integer key (packed): the smallest and largest build key, and
  // lookups that need no hashing (IntegerKeyIndex).
  std::optional<std::pair<int64_t, int64_t>> bounds;
  IntegerKeyIndex index;
};

std::shared_ptr<PhysicalHashJoin::BuildSide> PhysicalHashJoin::NewSharedBuild() {
  return std::make_shared<BuildSide>();
}

struct PhysicalHashJoin::State {
  bool null_equal = false;  // keys compare as IS NOT DISTINCT FROM
  bool left_outer = false;
  bool single = false;
  bool full = false;  // unmatched right rows are emitted (kFull, kRight)
  std::vector<LogicalType> left_types;
  std::vector<uint8_t> build_matched;  // when full: per right row
  bool right_unmatched_emitted = false;
  size_t right_cursor = 0;
  bool left_done = false;
  std::vector<const BoundExpr*> left_keys;
  std::vector<const BoundExpr*> right_keys;
  const BoundExpr* residual = nullptr;
  std::vector<LogicalType> right_types;

  std::shared_ptr<BuildSide> side;
  bool built = false;  // side is complete (seen by this copy)
  EncodedKeys keys;    // scratch

  // The left batch being probed and where the probe stopped.
  ColumnBatch probe;
  bool has_probe = false;
  std::vector<uint32_t> matches;  // per probe row: its next build row, or kNotFound
  std::vector<uint32_t> candidates;  // scratch: probe rows the bitmap let through
  std::vector<uint32_t> subset_ids;  // scratch: their key ids
  size_t row = 0;
  std::vector<uint8_t> matched;
  bool unmatched_emitted = false;
};

PhysicalHashJoin::PhysicalHashJoin(ExecutionContext* context, PhysicalPtr left, PhysicalPtr right, LogicalJoinKind join,
                                   std::vector<const BoundExpr*> left_keys, std::vector<const BoundExpr*> right_keys,
                                   const BoundExpr* residual, std::vector<LogicalType> left_types,
                                   std::vector<LogicalType> right_types, std::shared_ptr<BuildSide> shared_build,
                                   bool null_equal)
    : context_(context), left_(std::move(left)), right_(std::move(right)), state_(std::make_unique<State>()) {
  state_->side = shared_build ? std::move(shared_build) : std::make_shared<BuildSide>();
  state_->null_equal = null_equal;
  state_->left_outer = join == LogicalJoinKind::kLeft || join == LogicalJoinKind::kSingle || join == LogicalJoinKind::kFull;
  state_->single = join == LogicalJoinKind::kSingle;
  state_->full = join == LogicalJoinKind::kFull || join == LogicalJoinKind::kRight;
  state_->left_types = std::move(left_types);
  state_->left_keys = std::move(left_keys);
  state_->right_keys = std::move(right_keys);
  state_->residual = residual;
  state_->right_types = std::move(right_types);
}

PhysicalHashJoin::~PhysicalHashJoin() = default;

void PhysicalHashJoin::SetPruningTarget(PhysicalTableScan* scan, int field_id) {
  prune_scan_ = scan;
  prune_field_id_ = field_id;
}

void PhysicalHashJoin::PushKeyRange() {
  State& st = *state_;
  if (prune_scan_ == nullptr || st.left_outer || !st.side->bounds) return;
  const LogicalType& type = st.left_keys[0]->type;
  if (type.physical() != st.right_keys[0]->type.physical()) return;
  const auto [lo, hi] = *st.side->bounds;
  Vector bounds(type, 2);
  switch (type.physical()) {
    case PhysicalType::kInt16:
      bounds.data<int16_t>()[0] = static_cast<int16_t>(lo);
      bounds.data<int16_t>()[1] = static_cast<int16_t>(hi);
      break;
    case PhysicalType::kInt32:
      bounds.data<int32_t>()[0] = static_cast<int32_t>(lo);
      bounds.data<int32_t>()[1] = static_cast<int32_t>(hi);
      break;
    default:
      bounds.data<int64_t>()[0] = lo;
      bounds.data<int64_t>()[1] = hi;
      break;
  }
  prune_scan_->AddRuntimePredicate(ColumnPredicate{prune_field_id_, ColumnPredicate::Op::kGe, {bounds.GetValue(0)}});
  prune_scan_->AddRuntimePredicate(ColumnPredicate{prune_field_id_, ColumnPredicate::Op::kLe, {bounds.GetValue(1)}});
}

namespace {

/// True when `rows` is 0, 1, ..., n - 1: every row of an n-row batch, once, in order.
bool AllRowsInOrder(const std::vector<uint32_t>& rows, size_t n) {
  if (rows.size() != n) return false;
  for (size_t i = 0; i < n; i++) {
    if (rows[i] != i) return false;
  }
  return true;
}

/// Left rows `lrows` beside right rows `rrows`. With `take_left` (lrows is
/// every left row in order and `left` is not needed again) the left columns
/// move instead of being copied.
ColumnBatch Combine(ColumnBatch& left, const std::vector<uint32_t>& lrows, const ColumnBatch* right,
                    const std::vector<uint32_t>& rrows, const std::vector<LogicalType>& right_types,
                    bool take_left = false) {
  std::vector<Vector> columns;
  if (take_left) {
    for (auto& c : left.columns()) columns.push_back(std::move(c));
    left = ColumnBatch();
  } else {
    ColumnBatch l(left.types(), lrows.size());
    l.AppendRows(left, lrows.data(), lrows.size());
    for (auto& c : l.columns()) columns.push_back(std::move(c));
  }
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

/// The key columns of `batch`: plain column references are used in place,
/// other expressions are evaluated into `scratch`.
std::vector<const Vector*> KeyColumns(const std::vector<const BoundExpr*>& keys, const ColumnBatch& batch,
                                      std::vector<Vector>* scratch) {
  scratch->clear();
  scratch->reserve(keys.size());
  std::vector<const Vector*> out;
  for (const BoundExpr* k : keys) {
    if (k->kind == BoundKind::kColumn && batch.column(k->index).encoding() == VectorEncoding::kFlat) {
      out.push_back(&batch.column(k->index));
    } else {
      scratch->push_back(ExpressionExecutor::Evaluate(*k, batch));
      out.push_back(&scratch->back());
    }
  }
  return out;
}

/// The value of a packed single integer key (its bit pattern, zero-extended).
int64_t UnpackKey(uint64_t packed, PhysicalType type) {
  switch (type) {
    case PhysicalType::kInt16: return static_cast<int16_t>(packed);
    case PhysicalType::kInt32: return static_cast<int32_t>(packed);
    default: return static_cast<int64_t>(packed);
  }
}

template <typename T>
void ProbeDirect(const Vector& keys, size_t n, const IntegerKeyIndex& index, uint32_t* out) {
  const T* v = keys.data<T>();
  const uint32_t* rows = index.rows.data();
  for (size_t i = 0; i < n; i++) {
    const uint64_t off = static_cast<uint64_t>(static_cast<int64_t>(v[i]) - index.min);
    out[i] = off < index.range ? rows[off] : KeyHashTable::kNotFound;
  }
}

/// The rows whose key is in the bitmap, into `candidates`; returns how many.
template <typename T>
size_t ProbeBitmap(const Vector& keys, size_t n, const IntegerKeyIndex& index, uint32_t* candidates) {
  const T* v = keys.data<T>();
  const uint64_t* bits = index.bits.data();
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const uint64_t off = static_cast<uint64_t>(static_cast<int64_t>(v[i]) - index.min);
    const bool in_range = off < index.range;
    const uint64_t word = bits[in_range ? off >> 6 : 0];
    candidates[k] = static_cast<uint32_t>(i);
    k += in_range & ((word >> (off & 63)) & 1);
  }
  return k;
}

template <typename F>
void DispatchIntegerKey(PhysicalType type, F&& f) {
  switch (type) {
    case PhysicalType::kInt16: f(int16_t{}); break;
    case PhysicalType::kInt32: f(int32_t{}); break;
    default: f(int64_t{}); break;
  }
}

bool IsIntegerKey(PhysicalType type) {
  return type == PhysicalType::kInt16 || type == PhysicalType::kInt32 || type == PhysicalType::kInt64;
}

}  // namespace

void PhysicalHashJoin::BuildIndex() {
  State& st = *state_;
  BuildSide& side = *st.side;
  if (st.null_equal || st.right_keys.size() != 1 || side.encoder->layout() != KeyLayout::kPacked ||
      side.table->size() == 0) {
    return;
  }
  const PhysicalType type = st.right_keys[0]->type.physical();
  if (!IsIntegerKey(type)) return;
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (uint32_t id = 0; id < side.table->size(); id++) {
    const int64_t v = UnpackKey(side.table->packed_key(id), type);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  side.bounds.emplace(lo, hi);
  if (st.left_keys[0]->type.physical() != type) return;
  IntegerKeyIndex& index = side.index;
  const uint64_t range = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;  // 0: the whole int64 range
  const uint64_t keys = side.table->size();
  index.min = lo;
  index.range = range;
  if (range != 0 && range <= 4 * keys + kDirectSlack) {
    index.kind = IntegerKeyIndex::Kind::kDirect;
    index.rows.assign(range, KeyHashTable::kNotFound);
    for (uint32_t id = 0; id < keys; id++) {
      const int64_t v = UnpackKey(side.table->packed_key(id), type);
      index.rows[static_cast<uint64_t>(v - lo)] = side.first[id];
    }
  } else if (range != 0 && (range <= kCachedBitmapBits || (range <= kMaxBitmapBits && range / 8 <= keys * 16))) {
    index.kind = IntegerKeyIndex::Kind::kBitmap;
    index.bits.assign((range + 63) / 64, 0);
    for (uint32_t id = 0; id < keys; id++) {
      const uint64_t off = static_cast<uint64_t>(UnpackKey(side.table->packed_key(id), type) - lo);
      index.bits[off >> 6] |= uint64_t{1} << (off & 63);
    }
  }
  context_->memory.Reserve(static_cast<int64_t>(index.rows.size() * 4 + index.bits.size() * 8), "hash join");
}

void PhysicalHashJoin::Probe(const std::vector<const Vector*>& keys, size_t n) {
  State& st = *state_;
  const BuildSide& side = *st.side;
  st.matches.resize(n);
  const IntegerKeyIndex& index = side.index;
  if (index.kind == IntegerKeyIndex::Kind::kNone) {
    // With no keys every key is the empty one: every right row is a candidate.
    side.encoder->Encode(keys, n, &st.keys);
    side.table->Find(st.keys, st.matches.data());
    for (size_t i = 0; i < n; i++) {
      if (st.matches[i] != KeyHashTable::kNotFound) st.matches[i] = side.first[st.matches[i]];
    }
    return;
  }
  const Vector& key = *keys[0];
  const PhysicalType type = key.type().physical();
  if (index.kind == IntegerKeyIndex::Kind::kDirect) {
    DispatchIntegerKey(type, [&](auto tag) { ProbeDirect<decltype(tag)>(key, n, index, st.matches.data()); });
  } else {
    // Only the rows the bitmap lets through are hashed and looked up.
    st.candidates.resize(n);
    size_t k = 0;
    DispatchIntegerKey(type, [&](auto tag) { k = ProbeBitmap<decltype(tag)>(key, n, index, st.candidates.data()); });
    std::fill(st.matches.begin(), st.matches.end(), KeyHashTable::kNotFound);
    Vector subset(key.type(), std::max<size_t>(k, 1));
    DispatchIntegerKey(type, [&](auto tag) {
      using T = decltype(tag);
      const T* from = key.data<T>();
      T* to = subset.data<T>();
      for (size_t j = 0; j < k; j++) to[j] = from[st.candidates[j]];
    });
    side.encoder->Encode({&subset}, k, &st.keys);
    st.subset_ids.resize(k);
    side.table->Find(st.keys, st.subset_ids.data());
    for (size_t j = 0; j < k; j++) {
      const uint32_t id = st.subset_ids[j];
      st.matches[st.candidates[j]] = id == KeyHashTable::kNotFound ? id : side.first[id];
    }
  }
  // A NULL key matches nothing, whatever its slot holds.
  if (!key.validity().AllValid()) {
    for (size_t i = 0; i < n; i++) {
      if (key.IsNull(i)) st.matches[i] = KeyHashTable::kNotFound;
    }
  }
}

void PhysicalHashJoin::BuildRight() {
  State& st = *state_;
  BuildSide& side = *st.side;
  side.build = ColumnBatch(st.right_types, 64);
  std::vector<LogicalType> key_types;
  for (const BoundExpr* k : st.right_keys) key_types.push_back(k->type);
  side.encoder.emplace(key_types, /*null_is_key=*/st.null_equal);
  side.table.emplace(side.encoder->layout());
  std::vector<uint32_t> row_ids;  // key id of every build row
  ColumnBatch in;
  while (right_->Next(&in)) {
    size_t n = in.num_rows();
    std::vector<Vector> scratch;
    std::vector<const Vector*> key_ptrs = KeyColumns(st.right_keys, in, &scratch);
    side.encoder->Encode(key_ptrs, n, &st.keys);
    size_t base = row_ids.size();
    row_ids.resize(base + n);
    // NULL equals nothing, unless keys compare as IS NOT DISTINCT FROM.
    side.table->FindOrInsert(st.keys, /*skip_nulls=*/!st.null_equal, row_ids.data() + base);
    side.build.AppendRows(in, nullptr, n);
    context_->memory.Reserve(BatchBytes(in) + static_cast<int64_t>(n) * 24, "hash join");
  }
  size_t keyed_rows = 0;
  for (uint32_t id : row_ids) keyed_rows += id != KeyHashTable::kNotFound;
  side.unique_keys = keyed_rows == side.table->size();
  // Chain each key's rows, walking backwards so chains ascend.
  side.first.assign(side.table->size(), KeyHashTable::kNotFound);
  side.next.assign(row_ids.size(), KeyHashTable::kNotFound);
  for (size_t r = row_ids.size(); r-- > 0;) {
    uint32_t id = row_ids[r];
    if (id == KeyHashTable::kNotFound) continue;
    side.next[r] = side.first[id];
    side.first[id] = static_cast<uint32_t>(r);
  }
  BuildIndex();
  side.built = true;
}

bool PhysicalHashJoin::Next(ColumnBatch* out) {
  State& st = *state_;
  if (!st.built) {
    BuildSide& side = *st.side;
    std::lock_guard<std::mutex> lock(side.mu);
    if (!side.built) BuildRight();
    st.built = true;
    st.build_matched.assign(st.full ? st.side->build.num_rows() : 0, 0);
    PushKeyRange();
  }
  while (true) {
    context_->CheckInterrupt();
    if (!st.has_probe) {
      if (st.left_done || !left_->Next(&st.probe)) {
        st.left_done = true;
        if (!st.full || st.right_unmatched_emitted) return false;
        // Right rows no left row matched, NULL-extended on the left, a
        // vector at a time.
        std::vector<uint32_t> unmatched;
        for (size_t r = st.right_cursor; r < st.side->build.num_rows() && unmatched.size() < context_->vector_size; r++) {
          st.right_cursor = r + 1;
          if (!st.build_matched[r]) unmatched.push_back(static_cast<uint32_t>(r));
        }
        if (st.right_cursor >= st.side->build.num_rows()) st.right_unmatched_emitted = true;
        if (unmatched.empty()) continue;
        std::vector<Vector> columns;
        for (const auto& t : st.left_types) {
          Vector v(t, std::max<size_t>(unmatched.size(), 1));
          for (size_t i = 0; i < unmatched.size(); i++) v.SetNull(i);
          columns.push_back(std::move(v));
        }
        ColumnBatch r(st.right_types, unmatched.size());
        r.AppendRows(st.side->build, unmatched.data(), unmatched.size());
        for (auto& c : r.columns()) columns.push_back(std::move(c));
        *out = MakeBatch(std::move(columns), unmatched.size());
        return true;
      }
      size_t n = st.probe.num_rows();
      std::vector<Vector> scratch;
      Probe(KeyColumns(st.left_keys, st.probe, &scratch), n);
      st.matched.assign(n, 0);
      st.row = 0;
      st.has_probe = true;
      st.unmatched_emitted = false;
    }
    // Candidate pairs, at most vector_size per output batch.
    std::vector<uint32_t> lrows, rrows;
    size_t n = st.probe.num_rows();
    if (st.side->unique_keys && st.row == 0 && n <= context_->vector_size) {
      // At most one match per row (a dimension's primary key): one
      // branch-free pass over the batch.
      lrows.resize(n);
      rrows.resize(n);
      size_t k = 0;
      for (size_t i = 0; i < n; i++) {
        uint32_t m = st.matches[i];
        lrows[k] = static_cast<uint32_t>(i);
        rrows[k] = m;
        k += m != KeyHashTable::kNotFound;
      }
      lrows.resize(k);
      rrows.resize(k);
      st.row = n;
    } else {
      lrows.reserve(std::min(n, context_->vector_size));
      rrows.reserve(std::min(n, context_->vector_size));
    }
    while (st.row < n && lrows.size() < context_->vector_size) {
      uint32_t& m = st.matches[st.row];
      if (m == KeyHashTable::kNotFound) {
        st.row++;
        continue;
      }
      lrows.push_back(static_cast<uint32_t>(st.row));
      rrows.push_back(m);
      m = st.side->next[m];
    }
    while (st.row < n && st.matches[st.row] == KeyHashTable::kNotFound) st.row++;
    if (!lrows.empty()) {
      // A probe batch whose every row found exactly one match (a lookup
      // into a dimension) passes its columns on without a copy; without a
      // residual no row can turn out unmatched, so the batch is done with.
      const bool take_left = st.residual == nullptr && st.row == n && AllRowsInOrder(lrows, n);
      ColumnBatch pairs = Combine(st.probe, lrows, &st.side->build, rrows, st.right_types, take_left);
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
