#include "optimizer/optimizer.hpp"

#include <algorithm>

#include "execution/expression_executor.hpp"
#include "optimizer/join_order.hpp"

namespace tributary::sql {

namespace {

void FoldConstants(BoundExprPtr* expr) {
  BoundExpr& e = **expr;
  if (e.kind == BoundKind::kConstant || e.kind == BoundKind::kColumn) return;
  if (e.IsConstant()) {
    int location = e.location;
    LogicalType type = e.type;
    Value v = ExpressionExecutor::EvaluateConstant(e);
    *expr = BoundExpr::Constant(v.is_null() ? Value::Null(type) : v);
    (*expr)->type = type;
    (*expr)->location = location;
    return;
  }
  // Branches of CASE/COALESCE run only when reached; fold only their
  // non-branch parts would change nothing, so leave them whole.
  if (e.kind == BoundKind::kCase || e.kind == BoundKind::kCoalesce) return;
  for (auto& c : e.children) FoldConstants(&c);
}

void FoldPlan(LogicalOperator* op) {
  for (auto& c : op->children) FoldPlan(c.get());
  if (op->predicate) FoldConstants(&op->predicate);
  for (auto& e : op->expressions) FoldConstants(&e);
  for (auto& e : op->groups) FoldConstants(&e);
  for (auto& a : op->aggregates) a.ForEachExpression([](BoundExprPtr& e) { FoldConstants(&e); });
  for (auto& s : op->sort) FoldConstants(&s.expr);
}


void CollectTables(const LogicalOperator& op, std::vector<int>* out) {
  auto b = op.bindings();
  for (const auto& x : b) out->push_back(x.table);
}

bool CoveredBy(const BoundExpr& e, const std::vector<int>& tables) {
  std::vector<ColumnBinding> used;
  e.CollectBindings(&used);
  return std::all_of(used.begin(), used.end(),
                     [&](const ColumnBinding& b) { return std::find(tables.begin(), tables.end(), b.table) != tables.end(); });
}

/// Turns a conjunct into a pruning predicate on a scan when it has a
/// prunable form.
void AddScanPredicate(LogicalOperator* scan, const BoundExpr& e) {
  auto column_of = [&](const BoundExpr& c) -> int {
    return c.kind == BoundKind::kColumn && c.binding.table == scan->table_index ? c.binding.column : -1;
  };
  auto constant = [](const BoundExpr& c) { return c.kind == BoundKind::kConstant && !c.value.is_null(); };
  ColumnPredicate pred;
  int column = -1;
  if (e.kind == BoundKind::kCompare && e.op != "<>") {
    const BoundExpr& a = *e.children[0];
    const BoundExpr& b = *e.children[1];
    std::string op = e.op;
    if (column_of(a) >= 0 && constant(b)) {
      column = column_of(a);
      pred.values.push_back(b.value);
    } else if (column_of(b) >= 0 && constant(a)) {
      column = column_of(b);
      pred.values.push_back(a.value);
      op = op == "<" ? ">" : op == ">" ? "<" : op == "<=" ? ">=" : op == ">=" ? "<=" : op;
    } else {
      return;
    }
    pred.op = op == "=" ? ColumnPredicate::Op::kEq
              : op == "<" ? ColumnPredicate::Op::kLt
              : op == "<=" ? ColumnPredicate::Op::kLe
              : op == ">" ? ColumnPredicate::Op::kGt
                          : ColumnPredicate::Op::kGe;
  } else if (e.kind == BoundKind::kInList && !e.negated && column_of(*e.children[0]) >= 0) {
    column = column_of(*e.children[0]);
    pred.op = ColumnPredicate::Op::kIn;
    for (size_t i = 1; i < e.children.size(); i++) {
      if (e.children[i]->kind != BoundKind::kConstant) return;
      if (!e.children[i]->value.is_null()) pred.values.push_back(e.children[i]->value);
    }
  } else if (e.kind == BoundKind::kIsNull && column_of(*e.children[0]) >= 0) {
    column = column_of(*e.children[0]);
    pred.op = e.negated ? ColumnPredicate::Op::kIsNotNull : ColumnPredicate::Op::kIsNull;
  } else {
    return;
  }
  if (pred.op != ColumnPredicate::Op::kIsNull && pred.op != ColumnPredicate::Op::kIsNotNull) {
    for (const Value& v : pred.values) {
      if (v.type().id() != scan->scan_types[column].id()) return;
    }
  }
  pred.column = scan->scan_field_ids[column];
  scan->predicates.push_back(pred);
  scan->predicate_text.push_back(e.ToString());
}

LogicalPtr WrapFilter(LogicalPtr op, std::vector<BoundExprPtr> conjuncts) {
  if (conjuncts.empty()) return op;
  auto filter = std::make_unique<LogicalOperator>();
  filter->kind = LogicalKind::kFilter;
  filter->predicate = Conjunction(std::move(conjuncts));
  filter->children.push_back(std::move(op));
  return filter;
}

/// The scan under a row-level security filter: below its policy
/// subqueries' joins, if any.
LogicalOperator* BarrierScan(LogicalOperator* op) {
  while (op->kind != LogicalKind::kScan) {
    if (op->children.empty()) return nullptr;
    op = op->children[0].get();
  }
  return op;
}

LogicalPtr PushFilters(LogicalPtr op, std::vector<BoundExprPtr> conjuncts) {
  switch (op->kind) {
    case LogicalKind::kFilter: {
      if (op->security_barrier || !op->violation.empty()) {
        // The query's conjuncts stay above a row-level security filter, so
        // nothing of the query runs on a row the policy hides; their
        // pruning forms (column-vs-constant bounds, never evaluated on rows)
        // still narrow the scan, as do the policy's own.
        if (LogicalOperator* scan = op->security_barrier ? BarrierScan(op.get()) : nullptr) {
          std::vector<int> tables{scan->table_index};
          for (const auto& c : conjuncts) {
            if (CoveredBy(*c, tables)) AddScanPredicate(scan, *c);
          }
          std::vector<const BoundExpr*> own;
          if (op->predicate->kind == BoundKind::kAnd) {
            for (const auto& c : op->predicate->children) own.push_back(c.get());
          } else {
            own.push_back(op->predicate.get());
          }
          for (const BoundExpr* c : own) {
            if (CoveredBy(*c, tables)) AddScanPredicate(scan, *c);
          }
        }
        op->children[0] = PushFilters(std::move(op->children[0]), {});
        return WrapFilter(std::move(op), std::move(conjuncts));
      }
      SplitConjuncts(std::move(op->predicate), &conjuncts);
      return PushFilters(std::move(op->children[0]), std::move(conjuncts));
    }
    case LogicalKind::kJoin: {
      std::vector<int> left_tables, right_tables;
      CollectTables(*op->children[0], &left_tables);
      CollectTables(*op->children[1], &right_tables);
      std::vector<BoundExprPtr> left, right, here, above;
      if (op->join == LogicalJoinKind::kFull) {
        // Both sides are preserved: nothing moves.
        for (auto& c : conjuncts) above.push_back(std::move(c));
        if (op->predicate) here.push_back(std::move(op->predicate));
      } else if (op->join == LogicalJoinKind::kMark || op->join == LogicalJoinKind::kSingle) {
        // Only conjuncts on the left input go below; the condition stays.
        for (auto& c : conjuncts) (CoveredBy(*c, left_tables) ? left : above).push_back(std::move(c));
        if (op->predicate) here.push_back(std::move(op->predicate));
      } else if (op->join == LogicalJoinKind::kLeft) {
        // WHERE conjuncts on the preserved side go down; the rest stay
        // above the join. ON conjuncts on the right side filter it early.
        for (auto& c : conjuncts) (CoveredBy(*c, left_tables) ? left : above).push_back(std::move(c));
        std::vector<BoundExprPtr> on;
        if (op->predicate) SplitConjuncts(std::move(op->predicate), &on);
        for (auto& c : on) (CoveredBy(*c, right_tables) && !c->IsConstant() ? right : here).push_back(std::move(c));
      } else if (op->join == LogicalJoinKind::kRight) {
        // The mirror image: the right side is preserved.
        for (auto& c : conjuncts) (CoveredBy(*c, right_tables) ? right : above).push_back(std::move(c));
        std::vector<BoundExprPtr> on;
        if (op->predicate) SplitConjuncts(std::move(op->predicate), &on);
        for (auto& c : on) (CoveredBy(*c, left_tables) && !c->IsConstant() ? left : here).push_back(std::move(c));
      } else {
        if (op->predicate) SplitConjuncts(std::move(op->predicate), &conjuncts);
        for (auto& c : conjuncts) {
          if (CoveredBy(*c, left_tables) && !c->IsConstant()) left.push_back(std::move(c));
          else if (CoveredBy(*c, right_tables) && !c->IsConstant()) right.push_back(std::move(c));
          else here.push_back(std::move(c));
        }
        if (!here.empty()) op->join = LogicalJoinKind::kInner;
      }
      op->children[0] = PushFilters(std::move(op->children[0]), std::move(left));
      op->children[1] = PushFilters(std::move(op->children[1]), std::move(right));
      op->predicate = Conjunction(std::move(here));
      return WrapFilter(std::move(op), std::move(above));
    }
    case LogicalKind::kScan: {
      for (const auto& c : conjuncts) AddScanPredicate(op.get(), *c);
      return WrapFilter(std::move(op), std::move(conjuncts));
    }
    default: {
      for (auto& c : op->children) c = PushFilters(std::move(c), {});
      return WrapFilter(std::move(op), std::move(conjuncts));
    }
  }
}

void CollectUsed(const LogicalOperator& op, std::vector<ColumnBinding>* used) {
  if (op.predicate) op.predicate->CollectBindings(used);
  for (const auto& e : op.expressions) e->CollectBindings(used);
  for (const auto& e : op.groups) e->CollectBindings(used);
  for (const auto& a : op.aggregates) a.ForEachExpression([&](const BoundExpr& e) { e.CollectBindings(used); });
  for (const auto& s : op.sort) s.expr->CollectBindings(used);
  for (const auto& w : op.windows) {
    for (const auto& e : w.arguments) e->CollectBindings(used);
    if (w.filter) w.filter->CollectBindings(used);
    for (const auto& e : w.partitions) e->CollectBindings(used);
    for (const auto& o : w.orders) o.expr->CollectBindings(used);
  }
  for (const auto& c : op.children) CollectUsed(*c, used);
}

void PruneScans(LogicalOperator* op, const std::vector<ColumnBinding>& used) {
  if (op->kind == LogicalKind::kScan) {
    std::vector<int> keep;
    for (int c : op->scan_columns) {
      if (std::find(used.begin(), used.end(), ColumnBinding{op->table_index, c}) != used.end()) keep.push_back(c);
    }
    op->scan_columns = std::move(keep);
  }
  for (auto& c : op->children) PruneScans(c.get(), used);
}

}  // namespace

void PruneScanColumns(LogicalOperator* plan) {
  std::vector<ColumnBinding> used;
  CollectUsed(*plan, &used);
  // The plan's own output columns are used by the client.
  auto out = plan->bindings();
  used.insert(used.end(), out.begin(), out.end());
  PruneScans(plan, used);
}

void Optimize(LogicalPtr* plan) {
  FoldPlan(plan->get());
  *plan = ReorderJoins(std::move(*plan));
  *plan = PushFilters(std::move(*plan), {});
  PruneScanColumns(plan->get());
}

}  // namespace tributary::sql
