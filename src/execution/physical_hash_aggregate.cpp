#include "execution/physical_hash_aggregate.hpp"

#include <algorithm>
#include <optional>

#include "execution/aggregate_function.hpp"
#include "execution/expression_executor.hpp"
#include "execution/key_encoder.hpp"
#include "execution/key_hash_table.hpp"

namespace tributary::sql {

namespace {

/// One grouping set's index: its keys' ids, and the operator-wide group of
/// each id (ids are dense per set; groups are dense over all sets).
struct SetIndex {
  std::vector<int> columns;  // positions in the operator's groups
  std::optional<KeyEncoder> encoder;
  std::optional<KeyHashTable> table;
  std::vector<uint32_t> group_of_id;
  uint32_t empty_group = 0;  // a set without columns: its one group
};

}  // namespace

struct PhysicalHashAggregate::State {
  std::vector<const BoundExpr*> groups;
  std::vector<AggregateState> aggregates;
  /// Without grouping sets: one set of every group, whose ids are the groups.
  std::vector<SetIndex> sets;
  bool grouping_sets = false;
  EncodedKeys keys;          // scratch
  ColumnBatch group_values;  // one row per group; columns outside its set NULL
  std::vector<uint16_t> group_set;  // per group: its set (grouping sets only)
  size_t num_groups = 0;
  bool done = false;
  size_t emitted = 0;
};

PhysicalHashAggregate::PhysicalHashAggregate(ExecutionContext* context, PhysicalPtr child,
                                             std::vector<const BoundExpr*> groups,
                                             std::vector<const AggregateCall*> aggregates,
                                             std::vector<std::vector<int>> grouping_sets)
    : context_(context), child_(std::move(child)), state_(std::make_unique<State>()) {
  State& st = *state_;
  st.groups = std::move(groups);
  std::vector<LogicalType> types;
  for (const BoundExpr* g : st.groups) types.push_back(g->type);
  st.group_values = ColumnBatch(types, 64);
  st.grouping_sets = !grouping_sets.empty();
  if (!st.grouping_sets && !st.groups.empty()) {
    grouping_sets.emplace_back();
    for (size_t i = 0; i < st.groups.size(); i++) grouping_sets.back().push_back(static_cast<int>(i));
  }
  for (auto& columns : grouping_sets) {
    SetIndex set;
    set.columns = std::move(columns);
    if (!set.columns.empty()) {
      std::vector<LogicalType> set_types;
      for (int c : set.columns) set_types.push_back(types[c]);
      set.encoder.emplace(set_types, /*null_is_key=*/true);
      set.table.emplace(set.encoder->layout());
    }
    st.sets.push_back(std::move(set));
  }
  for (const AggregateCall* a : aggregates) st.aggregates.emplace_back(a);
}

PhysicalHashAggregate::~PhysicalHashAggregate() = default;

bool PhysicalHashAggregate::Next(ColumnBatch* out) {
  State& st = *state_;
  if (!st.done) {
    // No GROUP BY, and each set without columns (a grand total), has its
    // one group even over no input.
    if (st.groups.empty() && !st.grouping_sets) st.num_groups = 1;
    for (size_t s = 0; s < st.sets.size(); s++) {
      if (!st.sets[s].columns.empty()) continue;
      st.sets[s].empty_group = static_cast<uint32_t>(st.num_groups++);
      st.group_set.push_back(static_cast<uint16_t>(s));
      if (!st.groups.empty()) AppendNullKeys();
    }
    for (auto& a : st.aggregates) a.Grow(st.num_groups);
    ColumnBatch in;
    std::vector<uint32_t> gid, ids;
    while (child_->Next(&in)) {
      size_t n = in.num_rows();
      for (auto& a : st.aggregates) a.Prepare(in);
      if (st.sets.empty()) {
        gid.assign(n, 0);
        for (auto& a : st.aggregates) a.Update(gid.data());
        continue;
      }
      std::vector<Vector> key_columns;
      for (const BoundExpr* g : st.groups) key_columns.push_back(ExpressionExecutor::Evaluate(*g, in));
      ColumnBatch key_batch = MakeBatch(std::move(key_columns), n);
      for (size_t s = 0; s < st.sets.size(); s++) {
        SetIndex& set = st.sets[s];
        gid.resize(n);
        if (set.columns.empty()) {
          gid.assign(n, set.empty_group);
          for (auto& a : st.aggregates) a.Update(gid.data());
          continue;
        }
        std::vector<const Vector*> key_ptrs;
        for (int c : set.columns) key_ptrs.push_back(&key_batch.column(c));
        set.encoder->Encode(key_ptrs, n, &st.keys);
        size_t before = set.table->size();
        uint32_t* id_out = st.grouping_sets ? (ids.resize(n), ids.data()) : gid.data();
        set.table->FindOrInsert(st.keys, /*skip_nulls=*/false, id_out);
        // Ids are handed out in row order, so the rows that added groups
        // are those whose id is the next new one.
        std::vector<uint32_t> new_rows;
        uint32_t expect = static_cast<uint32_t>(before);
        for (size_t i = 0; i < n && expect < set.table->size(); i++) {
          if (id_out[i] == expect) {
            new_rows.push_back(static_cast<uint32_t>(i));
            expect++;
          }
        }
        if (st.grouping_sets) {
          for (size_t k = before; k < set.table->size(); k++) {
            set.group_of_id.push_back(static_cast<uint32_t>(st.num_groups + (k - before)));
            st.group_set.push_back(static_cast<uint16_t>(s));
          }
          for (size_t i = 0; i < n; i++) gid[i] = set.group_of_id[ids[i]];
        }
        st.num_groups += set.table->size() - before;
        if (!new_rows.empty()) {
          AppendKeys(key_batch, new_rows, s);
          context_->memory.Reserve(static_cast<int64_t>(new_rows.size()) * (32 + 16 * st.aggregates.size()) +
                                       BatchBytes(key_batch) * static_cast<int64_t>(new_rows.size()) / static_cast<int64_t>(n),
                                   "hash aggregate");
          for (auto& a : st.aggregates) a.Grow(st.num_groups);
        }
        for (auto& a : st.aggregates) a.Update(gid.data());
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
  for (auto& a : st.aggregates) {
    Vector v(a.call().type, std::max<size_t>(end - begin, 1));
    if (a.call().kind == AggregateKind::kGrouping) {
      FillGrouping(a.call(), begin, end, &v);
    } else {
      a.Finalize(begin, end, &v, 0);
    }
    columns.push_back(std::move(v));
  }
  st.emitted = end;
  *out = MakeBatch(std::move(columns), end - begin);
  return true;
}

void PhysicalHashAggregate::AppendNullKeys() {
  State& st = *state_;
  ColumnBatch nulls(st.group_values.types(), 1);
  for (auto& c : nulls.columns()) c.SetNull(0);
  nulls.set_num_rows(1);
  uint32_t zero = 0;
  st.group_values.AppendRows(nulls, &zero, 1);
}

void PhysicalHashAggregate::AppendKeys(const ColumnBatch& key_batch, const std::vector<uint32_t>& new_rows,
                                       size_t set) {
  State& st = *state_;
  size_t first = st.group_values.num_rows();
  st.group_values.AppendRows(key_batch, new_rows.data(), new_rows.size());
  if (!st.grouping_sets) return;
  // Columns outside the set are NULL in its groups.
  std::vector<uint8_t> in_set(st.groups.size(), 0);
  for (int c : st.sets[set].columns) in_set[c] = 1;
  for (size_t c = 0; c < st.groups.size(); c++) {
    if (in_set[c]) continue;
    for (size_t r = first; r < st.group_values.num_rows(); r++) st.group_values.column(c).SetNull(r);
  }
}

void PhysicalHashAggregate::FillGrouping(const AggregateCall& call, size_t begin, size_t end, Vector* out) const {
  const State& st = *state_;
  int32_t* d = out->data<int32_t>();
  if (!st.grouping_sets) {
    // Plain GROUP BY: every argument is grouped.
    std::fill(d, d + (end - begin), 0);
    return;
  }
  // Bit i (from the left) is set when argument i is not grouped in the row's set.
  std::vector<int32_t> per_set(st.sets.size(), 0);
  for (size_t s = 0; s < st.sets.size(); s++) {
    const std::vector<int>& columns = st.sets[s].columns;
    for (int c : call.grouping) {
      bool grouped = std::find(columns.begin(), columns.end(), c) != columns.end();
      per_set[s] = (per_set[s] << 1) | (grouped ? 0 : 1);
    }
  }
  for (size_t g = begin; g < end; g++) d[g - begin] = per_set[st.group_set[g]];
}

}  // namespace tributary::sql
