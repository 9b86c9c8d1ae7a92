#include "planner/column_resolver.hpp"

#include "common/error.hpp"

namespace tributary::sql {

namespace {

void Resolve(BoundExpr* e, const std::vector<ColumnBinding>& input) {
  if (e->kind == BoundKind::kColumn) {
    e->index = -1;
    for (size_t i = 0; i < input.size(); i++) {
      if (input[i] == e->binding) e->index = static_cast<int>(i);
    }
    TRIB_CHECK(e->index >= 0, "column " + e->ToString() + " is not produced by the operator's input");
  }
  for (auto& c : e->children) Resolve(c.get(), input);
}

}  // namespace

void ResolveColumns(LogicalOperator* plan) {
  for (auto& c : plan->children) ResolveColumns(c.get());
  std::vector<ColumnBinding> input;
  for (auto& c : plan->children) {
    auto b = c->bindings();
    input.insert(input.end(), b.begin(), b.end());
  }
  if (plan->predicate) Resolve(plan->predicate.get(), input);
  for (auto& e : plan->expressions) Resolve(e.get(), input);
  for (auto& e : plan->groups) Resolve(e.get(), input);
  for (auto& a : plan->aggregates) a.ForEachExpression([&](BoundExprPtr& e) { Resolve(e.get(), input); });
  for (auto& s : plan->sort) Resolve(s.expr.get(), input);
  for (auto& w : plan->windows) {
    for (auto& e : w.arguments) Resolve(e.get(), input);
    if (w.filter) Resolve(w.filter.get(), input);
    for (auto& e : w.partitions) Resolve(e.get(), input);
    for (auto& o : w.orders) Resolve(o.expr.get(), input);
  }
}

}  // namespace tributary::sql
