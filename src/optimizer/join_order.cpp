#include "optimizer/join_order.hpp"

#include <algorithm>
#include <set>

#include "iceberg/snapshot.hpp"
#include "iceberg/table_metadata.hpp"
#include "optimizer/selectivity.hpp"

namespace tributary::sql {

namespace {

bool IsInnerJoin(const LogicalOperator& op) {
  return op.kind == LogicalKind::kJoin && (op.join == LogicalJoinKind::kInner || op.join == LogicalJoinKind::kCross);
}

bool StartsJoinTree(const LogicalOperator& op) {
  return IsInnerJoin(op) || (op.kind == LogicalKind::kFilter && !op.security_barrier && op.violation.empty() &&
                              IsInnerJoin(*op.children[0]));
}

void Split(BoundExprPtr e, std::vector<BoundExprPtr>* out) {
  if (e->kind == BoundKind::kAnd) {
    for (auto& c : e->children) Split(std::move(c), out);
  } else {
    out->push_back(std::move(e));
  }
}

std::set<int> TablesOf(const LogicalOperator& op) {
  std::set<int> out;
  for (const auto& b : op.bindings()) out.insert(b.table);
  return out;
}

std::set<int> TablesOf(const BoundExpr& e) {
  std::vector<ColumnBinding> used;
  e.CollectBindings(&used);
  std::set<int> out;
  for (const auto& b : used) out.insert(b.table);
  return out;
}

bool Subset(const std::set<int>& a, const std::set<int>& b) {
  return std::includes(b.begin(), b.end(), a.begin(), a.end());
}

double RowEstimate(const LogicalOperator& op) {
  if (op.kind == LogicalKind::kScan) {
    auto snapshot = op.table->metadata()->current_snapshot();
    if (!snapshot) return 0;
    auto it = snapshot->summary.find(iceberg::summary::kTotalRecords);
    return it == snapshot->summary.end() ? 1000 : std::atof(it->second.c_str());
  }
  if (op.kind == LogicalKind::kValues) return static_cast<double>(op.rows.size());
  double most = 1000;
  for (const auto& c : op.children) most = std::max(most, RowEstimate(*c));
  return most;
}

struct Relation {
  LogicalPtr plan;
  std::set<int> tables;
  double rows = 0;
  /// The estimated fraction of its rows the relation's own filters keep.
  double selectivity = 1;
};

void Flatten(LogicalPtr op, std::vector<Relation>* relations, std::vector<BoundExprPtr>* conjuncts);

LogicalPtr Reorder(LogicalPtr op) {
  std::vector<Relation> relations;
  std::vector<BoundExprPtr> conjuncts;
  Flatten(std::move(op), &relations, &conjuncts);
  std::vector<std::set<int>> conjunct_tables;
  for (const auto& c : conjuncts) conjunct_tables.push_back(TablesOf(*c));
  // A filter on one relation alone makes it smaller.
  for (auto& r : relations) {
    std::vector<const BoundExpr*> own;
    for (size_t c = 0; c < conjuncts.size(); c++) {
      const auto& t = conjunct_tables[c];
      if (!t.empty() && Subset(t, r.tables)) {
        r.rows *= 0.2;
        own.push_back(conjuncts[c].get());
      }
    }
    if (!own.empty()) r.selectivity = EstimateSelectivity(*r.plan, own);
  }
  auto largest = std::max_element(relations.begin(), relations.end(),
                                  [](const Relation& a, const Relation& b) { return a.rows < b.rows; });
  Relation current = std::move(*largest);
  relations.erase(largest);
  while (!relations.empty()) {
    size_t pick = relations.size();
    bool connected_pick = false;
    for (size_t i = 0; i < relations.size(); i++) {
      std::set<int> both = current.tables;
      both.insert(relations[i].tables.begin(), relations[i].tables.end());
      bool connected = false;
      for (size_t c = 0; c < conjuncts.size(); c++) {
        const auto& t = conjunct_tables[c];
        if (conjuncts[c]->kind != BoundKind::kCompare || conjuncts[c]->op != "=" || !Subset(t, both)) continue;
        if (Subset(t, current.tables) || Subset(t, relations[i].tables)) continue;
        connected = true;
      }
      // Connected relations first; among them the most selective, so the
      // rows flowing up the join tree shrink early; then the smallest.
      auto better = [&] {
        const Relation& a = relations[i];
        const Relation& b = relations[pick];
        if (a.selectivity != b.selectivity) return a.selectivity < b.selectivity;
        return a.rows < b.rows;
      };
      if (pick == relations.size() || (connected && !connected_pick) || (connected == connected_pick && better())) {
        pick = i;
        connected_pick = connected;
      }
    }
    auto join = std::make_unique<LogicalOperator>();
    join->kind = LogicalKind::kJoin;
    join->join = LogicalJoinKind::kCross;  // filter pushdown turns it into an inner join
    join->children.push_back(std::move(current.plan));
    join->children.push_back(std::move(relations[pick].plan));
    current.tables.insert(relations[pick].tables.begin(), relations[pick].tables.end());
    current.rows = std::max(current.rows, relations[pick].rows);
    current.plan = std::move(join);
    relations.erase(relations.begin() + static_cast<long>(pick));
  }
  if (conjuncts.empty()) return std::move(current.plan);
  auto filter = std::make_unique<LogicalOperator>();
  filter->kind = LogicalKind::kFilter;
  if (conjuncts.size() == 1) {
    filter->predicate = std::move(conjuncts[0]);
  } else {
    filter->predicate = std::make_unique<BoundExpr>();
    filter->predicate->kind = BoundKind::kAnd;
    filter->predicate->type = LogicalType::Boolean();
    filter->predicate->children = std::move(conjuncts);
  }
  filter->children.push_back(std::move(current.plan));
  return filter;
}

void Flatten(LogicalPtr op, std::vector<Relation>* relations, std::vector<BoundExprPtr>* conjuncts) {
  if (IsInnerJoin(*op)) {
    if (op->predicate) Split(std::move(op->predicate), conjuncts);
    Flatten(std::move(op->children[0]), relations, conjuncts);
    Flatten(std::move(op->children[1]), relations, conjuncts);
    return;
  }
  if (op->kind == LogicalKind::kFilter && !op->security_barrier && op->violation.empty() &&
      IsInnerJoin(*op->children[0])) {
    Split(std::move(op->predicate), conjuncts);
    Flatten(std::move(op->children[0]), relations, conjuncts);
    return;
  }
  Relation r;
  r.plan = ReorderJoins(std::move(op));
  r.tables = TablesOf(*r.plan);
  r.rows = RowEstimate(*r.plan);
  relations->push_back(std::move(r));
}

}  // namespace

LogicalPtr ReorderJoins(LogicalPtr plan) {
  if (StartsJoinTree(*plan)) return Reorder(std::move(plan));
  for (auto& c : plan->children) c = ReorderJoins(std::move(c));
  return plan;
}

}  // namespace tributary::sql
