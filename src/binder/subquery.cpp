// Subquery expressions: binding, decorrelation into joins, and attaching
// those joins to the enclosing query's plan.
#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "binder/binder.hpp"
#include "binder/type_rules.hpp"
#include "execution/expression_executor.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

[[noreturn]] void Unsupported(const std::string& what, int location) {
  throw SqlError(what + " is not supported", "0A000", location);
}

bool IsOuter(const ColumnBinding& b, int first_inner) { return b.table < first_inner; }

/// Every column binding an operator's own expressions use (not its children's).
void OwnBindings(const LogicalOperator& op, std::vector<ColumnBinding>* out) {
  op.ForEachOwnExpression([&](const BoundExpr& e) { e.CollectBindings(out); });
}

bool ReferencesOuter(const LogicalOperator& op, int first_inner) {
  std::vector<ColumnBinding> used;
  OwnBindings(op, &used);
  for (const auto& b : used) {
    if (IsOuter(b, first_inner)) return true;
  }
  for (const auto& c : op.children) {
    if (ReferencesOuter(*c, first_inner)) return true;
  }
  return false;
}

bool ExprReferences(const BoundExpr& e, int first_inner, bool outer) {
  std::vector<ColumnBinding> used;
  e.CollectBindings(&used);
  return std::any_of(used.begin(), used.end(), [&](const ColumnBinding& b) { return IsOuter(b, first_inner) == outer; });
}


BoundExprPtr Equals(BoundExprPtr a, BoundExprPtr b) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = BoundKind::kCompare;
  e->op = "=";
  e->type = LogicalType::Boolean();
  e->children.push_back(std::move(a));
  e->children.push_back(std::move(b));
  return e;
}

/// `inner = outer` with one side over the subquery's columns only and the
/// other over the enclosing queries' only.
bool IsKeyEquality(const BoundExpr& c, int first_inner) {
  if (c.kind != BoundKind::kCompare || c.op != "=") return false;
  for (int side = 0; side < 2; side++) {
    const BoundExpr& inner = *c.children[side];
    const BoundExpr& outer = *c.children[1 - side];
    if (ExprReferences(inner, first_inner, false) && !ExprReferences(inner, first_inner, true) &&
        !ExprReferences(outer, first_inner, false)) {
      return true;
    }
  }
  return false;
}

/// Points every outer column of `e` (one of `keys`) at column i of `table`.
void ReplaceOuter(BoundExpr* e, int first_inner, const std::vector<ColumnBinding>& keys, int table, int base) {
  if (e->kind == BoundKind::kColumn && IsOuter(e->binding, first_inner)) {
    auto it = std::find(keys.begin(), keys.end(), e->binding);
    e->binding = {table, base + static_cast<int>(it - keys.begin())};
    return;
  }
  for (auto& c : e->children) ReplaceOuter(c.get(), first_inner, keys, table, base);
}

void CollectOuter(const BoundExpr& e, int first_inner, std::vector<ColumnBinding>* keys,
                  std::vector<const BoundExpr*>* columns) {
  if (e.kind == BoundKind::kColumn && IsOuter(e.binding, first_inner)) {
    if (std::find(keys->begin(), keys->end(), e.binding) == keys->end()) {
      keys->push_back(e.binding);
      columns->push_back(&e);
    }
    return;
  }
  for (const auto& c : e.children) CollectOuter(*c, first_inner, keys, columns);
}

/// The generate_series nodes whose arguments use outer columns, in the
/// part of `op`'s tree whose rows D may multiply (filters, inner joins).
void FindCorrelatedSeries(LogicalOperator* op, int first_inner, std::vector<LogicalOperator*>* found) {
  if (op->kind == LogicalKind::kSeries) {
    for (const auto& a : op->expressions) {
      if (ExprReferences(*a, first_inner, true)) {
        found->push_back(op);
        return;
      }
    }
    return;
  }
  bool through = op->kind == LogicalKind::kFilter ||
                 (op->kind == LogicalKind::kJoin &&
                  (op->join == LogicalJoinKind::kInner || op->join == LogicalJoinKind::kCross));
  if (!through) return;
  for (auto& c : op->children) FindCorrelatedSeries(c.get(), first_inner, found);
}

/// Decorrelates a subquery over the domain of its outer columns: D, the
/// distinct values of the outer columns it uses (filled in when the
/// subquery is joined, from a copy of the enclosing plan), is joined into
/// the subquery below its aggregate on the correlated WHERE conjuncts (or,
/// with a `series` over outer columns, becomes that series' input); the
/// outer columns become D's; the aggregate groups by D and the projection
/// outputs D's columns. The returned condition joins the subquery back on
/// them (IS NOT DISTINCT FROM: a NULL outer value has its own result).
/// `outer_of_group` gets, per new aggregate group, the outer column it is.
BoundExprPtr DecorrelateOverDomain(std::vector<BoundExprPtr> pulled, LogicalOperator* projection,
                                   LogicalOperator* aggregate, LogicalPtr* below, LogicalOperator* series,
                                   int first_inner,
                                   LogicalOperator** domain_out, int* next_table_index,
                                   std::vector<std::pair<ColumnBinding, ColumnBinding>>* outer_of_group) {
  std::vector<ColumnBinding> keys;
  std::vector<const BoundExpr*> columns;
  for (const auto& c : pulled) CollectOuter(*c, first_inner, &keys, &columns);
  for (const LogicalOperator* op : {projection, aggregate, series}) {
    if (op == nullptr) continue;
    op->ForEachOwnExpression([&](const BoundExpr& e) { CollectOuter(e, first_inner, &keys, &columns); });
  }
  auto domain = std::make_unique<LogicalOperator>();
  domain->kind = LogicalKind::kAggregate;  // DISTINCT
  domain->group_index = (*next_table_index)++;
  domain->aggregate_index = (*next_table_index)++;
  for (const BoundExpr* c : columns) domain->groups.push_back(BoundExpr::Column(c->binding, c->type, c->name));
  *domain_out = domain.get();

  const int domain_index = domain->group_index;
  for (auto& c : pulled) ReplaceOuter(c.get(), first_inner, keys, domain_index, 0);
  if (series != nullptr) {
    // D runs the series: its rows (and columns) become the series' input.
    for (auto& a : series->expressions) ReplaceOuter(a.get(), first_inner, keys, domain_index, 0);
    LogicalPtr& input = series->children[0];
    if (input->kind == LogicalKind::kValues && input->rows.size() == 1 && input->value_types.empty()) {
      input = std::move(domain);
    } else {
      auto cross = std::make_unique<LogicalOperator>();
      cross->kind = LogicalKind::kJoin;
      cross->join = LogicalJoinKind::kCross;
      cross->children.push_back(std::move(input));
      cross->children.push_back(std::move(domain));
      input = std::move(cross);
    }
    if (!pulled.empty()) {
      auto filter = std::make_unique<LogicalOperator>();
      filter->kind = LogicalKind::kFilter;
      filter->predicate = Conjunction(std::move(pulled));
      filter->children.push_back(std::move(*below));
      *below = std::move(filter);
    }
  } else {
    auto join = std::make_unique<LogicalOperator>();
    join->kind = LogicalKind::kJoin;
    join->join = pulled.empty() ? LogicalJoinKind::kCross : LogicalJoinKind::kInner;
    if (!pulled.empty()) join->predicate = Conjunction(std::move(pulled));
    join->children.push_back(std::move(*below));
    join->children.push_back(std::move(domain));
    *below = std::move(join);
  }

  // Where the projection finds D's columns: the aggregate's new groups, or D.
  int table = domain_index, base = 0;
  if (aggregate != nullptr) {
    aggregate->ForEachOwnExpression([&](BoundExprPtr& e) { ReplaceOuter(e.get(), first_inner, keys, domain_index, 0); });
    base = static_cast<int>(aggregate->groups.size());
    for (size_t i = 0; i < keys.size(); i++) {
      aggregate->groups.push_back(BoundExpr::Column({domain_index, static_cast<int>(i)}, columns[i]->type,
                                                    columns[i]->name));
      outer_of_group->push_back({{aggregate->group_index, base + static_cast<int>(i)}, keys[i]});
    }
    table = aggregate->group_index;
  }
  projection->ForEachOwnExpression([&](BoundExprPtr& e) { ReplaceOuter(e.get(), first_inner, keys, table, base); });
  std::vector<BoundExprPtr> condition;
  for (size_t i = 0; i < keys.size(); i++) {
    projection->expressions.push_back(BoundExpr::Column({table, base + static_cast<int>(i)}, columns[i]->type,
                                                        columns[i]->name));
    auto same = std::make_unique<BoundExpr>();
    same->kind = BoundKind::kDistinctFrom;
    same->negated = true;
    same->type = LogicalType::Boolean();
    same->children.push_back(BoundExpr::Column(keys[i], columns[i]->type, columns[i]->name));
    same->children.push_back(BoundExpr::Column({projection->table_index, static_cast<int>(projection->expressions.size() - 1)},
                                               columns[i]->type, columns[i]->name));
    condition.push_back(std::move(same));
  }
  return Conjunction(std::move(condition));
}

/// Replaces references to inner bindings (tables >= first_inner) with
/// columns of `projection`, appending an output for each new one.
void RouteThroughProjection(BoundExpr* e, int first_inner, LogicalOperator* projection) {
  if (e->kind == BoundKind::kColumn && !IsOuter(e->binding, first_inner)) {
    int column = -1;
    for (size_t i = 0; i < projection->expressions.size(); i++) {
      const BoundExpr& p = *projection->expressions[i];
      if (p.kind == BoundKind::kColumn && p.binding == e->binding) column = static_cast<int>(i);
    }
    if (column < 0) {
      projection->expressions.push_back(BoundExpr::Column(e->binding, e->type, e->name));
      column = static_cast<int>(projection->expressions.size() - 1);
    }
    e->binding = {projection->table_index, column};
    return;
  }
  for (auto& c : e->children) RouteThroughProjection(c.get(), first_inner, projection);
}

/// `e` over an aggregate's outputs with every aggregate replaced by its
/// value over no rows (count 0, anything else NULL).
void SubstituteEmptyAggregates(BoundExpr* e, const LogicalOperator& aggregate) {
  if (e->kind == BoundKind::kColumn && e->binding.table == aggregate.aggregate_index) {
    const AggregateCall& call = aggregate.aggregates[e->binding.column];
    bool count = call.kind == AggregateKind::kCount || call.kind == AggregateKind::kCountStar;
    LogicalType type = e->type;
    *e = std::move(*BoundExpr::Constant(count ? Value::BigInt(0) : Value::Null(type)));
    e->type = type;
    return;
  }
  for (auto& c : e->children) SubstituteEmptyAggregates(c.get(), aggregate);
}

/// Points the aggregate groups that stand for outer columns back at them.
void RestoreOuterColumns(BoundExpr* e, const std::vector<std::pair<ColumnBinding, ColumnBinding>>& outer_of_group) {
  if (e->kind == BoundKind::kColumn) {
    for (const auto& [group, outer] : outer_of_group) {
      if (e->binding == group) e->binding = outer;
    }
    return;
  }
  for (auto& c : e->children) RestoreOuterColumns(c.get(), outer_of_group);
}

}  // namespace

void Binder::RejectSubqueries(size_t before, const char* clause) {
  if (pending_.size() > before) {
    throw SqlError("subqueries in " + std::string(clause) + " are not supported", "0A000", pending_.back().location);
  }
}

BoundExprPtr Binder::BindSubquery(const Expr& e, const Scope& scope, BoundExprPtr tested) {
  const std::string& form = e.names[0];
  const bool ordered = (form == "any" || form == "all") &&
                       (e.names[1] == "<" || e.names[1] == "<=" || e.names[1] == ">" || e.names[1] == ">=");
  if (!ordered && ((form == "any" && e.names[1] != "=") || (form == "all" && e.names[1] != "<>"))) {
    Unsupported(form == "any" ? "ANY with operator " + e.names[1] : "ALL with operator " + e.names[1], e.location);
  }
  int first_inner = next_table_index_;
  outer_scopes_.push_back(&scope);
  BoundQuery query;
  try {
    query = BindSelect(*e.subquery);
  } catch (...) {
    outer_scopes_.pop_back();
    throw;
  }
  outer_scopes_.pop_back();
  size_t width = query.plan->bindings().size();
  if (form != "exists" && width != 1) {
    throw SqlError(form == "scalar" ? "subquery must return only one column" : "subquery has too many columns",
                   "42601", e.location);
  }

  if (ordered) return BindOrderedQuantifier(e, std::move(query), std::move(tested), first_inner);

  PendingSubquery pending;
  pending.location = e.location;
  pending.join = form == "scalar" ? LogicalJoinKind::kSingle : LogicalJoinKind::kMark;
  LogicalPtr plan = std::move(query.plan);
  BoundExprPtr empty_value;  // a correlated aggregate's value over no rows
  std::vector<std::pair<ColumnBinding, ColumnBinding>> outer_of_group;
  int found_column = -1;     // a correlated aggregate's "group exists" column

  if (form != "scalar") {
    // Whether a row exists or matches does not depend on the subquery's
    // order, duplicates or a (positive) LIMIT without OFFSET.
    while (true) {
      bool distinct = plan->kind == LogicalKind::kAggregate && plan->aggregates.empty();
      bool limit = plan->kind == LogicalKind::kLimit && plan->offset == 0 && plan->limit != 0;
      if (plan->kind != LogicalKind::kOrder && !limit && !distinct) break;
      LogicalPtr child = std::move(plan->children[0]);
      plan = std::move(child);
    }
  }
  if (ReferencesOuter(*plan, first_inner)) {
    // Decorrelate: the plan must be Projection [Aggregate] input, with outer
    // references in the WHERE filter of the input (below the joins of the
    // subquery's own subqueries), the aggregate and the projection.
    if (plan->kind != LogicalKind::kProjection) {
      Unsupported("correlated subqueries with DISTINCT, ORDER BY, LIMIT or OFFSET", e.location);
    }
    LogicalOperator* projection = plan.get();
    LogicalOperator* aggregate = nullptr;
    LogicalPtr* below = &projection->children[0];
    if ((*below)->kind == LogicalKind::kAggregate) {
      aggregate = below->get();
      if (!aggregate->groups.empty()) Unsupported("correlated subqueries with GROUP BY", e.location);
      below = &aggregate->children[0];
    } else if ((*below)->kind == LogicalKind::kFilter && (*below)->children[0]->kind == LogicalKind::kAggregate) {
      Unsupported("correlated subqueries with HAVING", e.location);
    }
    // The subquery's own subqueries are mark and single joins over its
    // WHERE filter; they keep every row of their left input, so the
    // filter's conjuncts may move above them.
    LogicalPtr* where = below;
    while ((*where)->kind == LogicalKind::kJoin &&
           ((*where)->join == LogicalJoinKind::kMark || (*where)->join == LogicalJoinKind::kSingle)) {
      where = &(*where)->children[0];
    }
    std::vector<BoundExprPtr> pulled;
    if ((*where)->kind == LogicalKind::kFilter && !(*where)->security_barrier && (*where)->violation.empty()) {
      std::vector<BoundExprPtr> conjuncts, kept;
      SplitConjuncts(std::move((*where)->predicate), &conjuncts);
      for (auto& c : conjuncts) (ExprReferences(*c, first_inner, true) ? pulled : kept).push_back(std::move(c));
      if (kept.empty()) {
        LogicalPtr child = std::move((*where)->children[0]);
        *where = std::move(child);
      } else {
        (*where)->predicate = Conjunction(std::move(kept));
      }
    }
    // generate_series over the outer row in the subquery's FROM runs over
    // the domain of its outer columns instead of one row.
    LogicalOperator* series = nullptr;
    if (ReferencesOuter(**below, first_inner)) {
      std::vector<LogicalOperator*> found;
      FindCorrelatedSeries(below->get(), first_inner, &found);
      if (found.size() == 1) {
        std::vector<BoundExprPtr> arguments = std::move(found[0]->expressions);
        found[0]->expressions.clear();
        bool elsewhere = ReferencesOuter(**below, first_inner);
        found[0]->expressions = std::move(arguments);
        if (!elsewhere) series = found[0];
      }
      if (series == nullptr) Unsupported("correlated references in the FROM clause of a subquery", e.location);
    }
    // Equalities inner = outer become join keys (an aggregate is grouped by
    // their inner side); anything else is decorrelated over the domain.
    bool over_domain = series != nullptr || ReferencesOuter(*plan, first_inner);
    for (const auto& c : pulled) {
      if (aggregate != nullptr && !IsKeyEquality(*c, first_inner)) over_domain = true;
    }
    if (over_domain) {
      pending.condition = DecorrelateOverDomain(std::move(pulled), projection, aggregate, below, series, first_inner,
                                                &pending.domain, &next_table_index_, &outer_of_group);
    } else {
      std::vector<BoundExprPtr> condition;
      for (auto& c : pulled) {
        if (IsKeyEquality(*c, first_inner)) {
          int side = ExprReferences(*c->children[0], first_inner, true) ? 1 : 0;
          BoundExprPtr inner_expr = std::move(c->children[side]);
          if (aggregate != nullptr) {
            aggregate->groups.push_back(std::move(inner_expr));
            inner_expr = BoundExpr::Column({aggregate->group_index, static_cast<int>(aggregate->groups.size() - 1)},
                                           aggregate->groups.back()->type, aggregate->groups.back()->ToString());
          }
          projection->expressions.push_back(std::move(inner_expr));
          int column = static_cast<int>(projection->expressions.size() - 1);
          condition.push_back(Equals(std::move(c->children[1 - side]),
                                     BoundExpr::Column({projection->table_index, column},
                                                       projection->expressions[column]->type,
                                                       projection->expressions[column]->ToString())));
          continue;
        }
        RouteThroughProjection(c.get(), first_inner, projection);
        condition.push_back(std::move(c));
      }
      pending.condition = Conjunction(std::move(condition));
    }
    if (aggregate != nullptr && form == "scalar") {
      // The value over no rows: a constant, or over the outer row when the
      // select list uses it.
      empty_value = projection->expressions[0]->Copy();
      SubstituteEmptyAggregates(empty_value.get(), *aggregate);
      RestoreOuterColumns(empty_value.get(), outer_of_group);
      bool constant = empty_value->IsConstant();
      Value v = constant ? ExpressionExecutor::EvaluateConstant(*empty_value) : Value();
      if (constant && v.is_null()) {
        empty_value = nullptr;
      } else {
        if (constant) {
          LogicalType type = empty_value->type;
          empty_value = BoundExpr::Constant(v);
          empty_value->type = type;
        }
        projection->expressions.push_back(BoundExpr::Constant(Value::Boolean(true)));
        found_column = static_cast<int>(projection->expressions.size() - 1);
      }
    } else if (aggregate != nullptr) {
      Unsupported("correlated aggregate subqueries in EXISTS or IN", e.location);
    }
  }

  auto bindings = plan->bindings();
  auto types = plan->types();
  BoundExprPtr result;
  if (form == "scalar") {
    result = BoundExpr::Column(bindings[0], types[0], query.names[0]);
    if (found_column >= 0) {
      // A group the outer row did not find: the aggregate over no rows.
      auto missing = std::make_unique<BoundExpr>();
      missing->kind = BoundKind::kIsNull;
      missing->type = LogicalType::Boolean();
      missing->children.push_back(BoundExpr::Column(bindings[found_column], LogicalType::Boolean(), "found"));
      auto c = std::make_unique<BoundExpr>();
      c->kind = BoundKind::kCase;
      c->type = types[0];
      c->has_else = true;
      c->children.push_back(std::move(missing));
      c->children.push_back(Coerce(std::move(empty_value), types[0]));
      c->children.push_back(std::move(result));
      result = std::move(c);
    }
  } else {
    pending.mark_index = next_table_index_++;
    if (form != "exists") {
      BoundExprPtr value = BoundExpr::Column(bindings[0], types[0], query.names[0]);
      std::optional<LogicalType> common = CommonType(*tested, *value);
      if (!common) {
        throw SqlError("operator does not exist: " + TypeNameForMessage(*tested) + " = " + TypeNameForMessage(*value),
                       "42883", e.location);
      }
      pending.in_keys.push_back(Coerce(std::move(tested), *common));
      pending.in_keys.push_back(Coerce(std::move(value), *common));
    }
    result = BoundExpr::Column({pending.mark_index, 0}, LogicalType::Boolean(), form);
    if (form == "all") {
      auto negated = std::make_unique<BoundExpr>();
      negated->kind = BoundKind::kNot;
      negated->type = LogicalType::Boolean();
      negated->children.push_back(std::move(result));
      result = std::move(negated);
    }
  }
  result->location = e.location;
  pending.plan = std::move(plan);
  pending_.push_back(std::move(pending));
  return result;
}

BoundExprPtr Binder::BindOrderedQuantifier(const Expr& e, BoundQuery query, BoundExprPtr tested, int first_inner) {
  // x op ANY/ALL (S) for op in < <= > >= compares x with one extreme of S:
  // one aggregate row (count(*), count(s), min or max(s)) joined to every
  // outer row, instead of comparing x with every row of S.
  const std::string& form = e.names[0];
  const std::string& op = e.names[1];
  if (ReferencesOuter(*query.plan, first_inner)) {
    Unsupported("correlated " + std::string(form == "any" ? "ANY" : "ALL") + " with operator " + op, e.location);
  }
  auto bindings = query.plan->bindings();
  auto types = query.plan->types();
  BoundExprPtr value = BoundExpr::Column(bindings[0], types[0], query.names[0]);
  auto common = CommonType(*tested, *value);
  if (!common) {
    throw SqlError("operator does not exist: " + TypeNameForMessage(*tested) + " " + op + " " +
                       TypeNameForMessage(*value),
                   "42883", e.location);
  }
  // x > ANY (S) is x > min(S); x > ALL (S) is x > max(S); < mirrors.
  bool greater = op[0] == '>';
  bool use_min = (form == "any") == greater;
  auto aggregate = std::make_unique<LogicalOperator>();
  aggregate->kind = LogicalKind::kAggregate;
  aggregate->group_index = next_table_index_++;
  aggregate->aggregate_index = next_table_index_++;
  AggregateCall rows, non_null, extreme;
  rows.kind = AggregateKind::kCountStar;
  rows.type = LogicalType::BigInt();
  non_null.kind = AggregateKind::kCount;
  non_null.type = LogicalType::BigInt();
  non_null.argument = value->Copy();
  extreme.kind = use_min ? AggregateKind::kMin : AggregateKind::kMax;
  extreme.type = types[0];
  extreme.argument = value->Copy();
  aggregate->aggregates.push_back(std::move(rows));
  aggregate->aggregates.push_back(std::move(non_null));
  aggregate->aggregates.push_back(std::move(extreme));
  aggregate->children.push_back(std::move(query.plan));
  int a = aggregate->aggregate_index;

  auto column = [&](int i, const LogicalType& t, const char* name) { return BoundExpr::Column({a, i}, t, name); };
  auto compare = [](const std::string& cmp, BoundExprPtr l, BoundExprPtr r) {
    auto c = std::make_unique<BoundExpr>();
    c->kind = BoundKind::kCompare;
    c->op = cmp;
    c->type = LogicalType::Boolean();
    c->children.push_back(std::move(l));
    c->children.push_back(std::move(r));
    return c;
  };
  auto boolean = [](std::optional<bool> v) {
    auto c = BoundExpr::Constant(v ? Value::Boolean(*v) : Value::Null(LogicalType::Boolean()));
    c->type = LogicalType::Boolean();
    return c;
  };
  bool any = form == "any";
  auto result = std::make_unique<BoundExpr>();
  result->kind = BoundKind::kCase;
  result->type = LogicalType::Boolean();
  result->has_else = true;
  // No rows: ANY is false, ALL true.
  result->children.push_back(compare("=", column(0, LogicalType::BigInt(), "count"), BoundExpr::Constant(Value::BigInt(0))));
  result->children.push_back(boolean(!any));
  // A NULL x compares unknown with every row.
  auto x_null = std::make_unique<BoundExpr>();
  x_null->kind = BoundKind::kIsNull;
  x_null->type = LogicalType::Boolean();
  x_null->children.push_back(tested->Copy());
  result->children.push_back(std::move(x_null));
  result->children.push_back(boolean(std::nullopt));
  // Decided by the extreme of the non-NULL rows (a NULL extreme decides nothing).
  BoundExprPtr decided = compare(op, Coerce(std::move(tested), *common), Coerce(column(2, types[0], "extreme"), *common));
  if (!any) {
    auto negated = std::make_unique<BoundExpr>();
    negated->kind = BoundKind::kNot;
    negated->type = LogicalType::Boolean();
    negated->children.push_back(std::move(decided));
    decided = std::move(negated);
  }
  result->children.push_back(std::move(decided));
  result->children.push_back(boolean(any));
  // Otherwise a NULL row leaves the answer unknown.
  result->children.push_back(compare("<", column(1, LogicalType::BigInt(), "count"), column(0, LogicalType::BigInt(), "count")));
  result->children.push_back(boolean(std::nullopt));
  result->children.push_back(boolean(!any));
  result->location = e.location;

  PendingSubquery pending;
  pending.location = e.location;
  pending.join = LogicalJoinKind::kSingle;
  pending.plan = std::move(aggregate);
  pending_.push_back(std::move(pending));
  return result;
}

void Binder::MarkSubqueriesBelowAggregate(size_t first) {
  for (size_t i = first; i < pending_.size(); i++) pending_[i].below_aggregate = true;
}

namespace {

/// The table indexes whose bindings nodes of `op`'s tree produce.
void CollectOwnedIndexes(const LogicalOperator& op, std::set<int>* owned) {
  for (int index : {op.table_index, op.group_index, op.aggregate_index, op.window_index}) {
    if (index >= 0) owned->insert(index);
  }
  for (const auto& c : op.children) CollectOwnedIndexes(*c, owned);
}

bool UsesOnly(const BoundExpr& e, const std::set<int>& owned) {
  std::vector<ColumnBinding> used;
  e.CollectBindings(&used);
  return std::all_of(used.begin(), used.end(), [&](const ColumnBinding& b) { return owned.count(b.table) != 0; });
}

/// Removes from `op`'s filters and inner joins the conjuncts that use
/// columns from outside the tree (an enclosing query's). That only adds
/// rows where the output grows with the input: filters, projections,
/// inner joins, the preserved side of outer, mark and single joins,
/// DISTINCT, sorts and UNION ALL (`growing`). False when an outer column
/// is used anywhere else.
bool DropOuterConjuncts(LogicalOperator* op, const std::set<int>& owned, bool growing) {
  const bool filter = op->kind == LogicalKind::kFilter && !op->security_barrier && op->violation.empty();
  const bool inner_join = op->kind == LogicalKind::kJoin &&
                          (op->join == LogicalJoinKind::kInner || op->join == LogicalJoinKind::kCross);
  if (growing && (filter || inner_join) && op->predicate && !UsesOnly(*op->predicate, owned)) {
    std::vector<BoundExprPtr> conjuncts, kept;
    SplitConjuncts(std::move(op->predicate), &conjuncts);
    for (auto& c : conjuncts) {
      if (UsesOnly(*c, owned)) kept.push_back(std::move(c));
    }
    if (!kept.empty()) {
      op->predicate = Conjunction(std::move(kept));
    } else if (filter) {
      op->predicate = BoundExpr::Constant(Value::Boolean(true));
    } else {
      op->join = LogicalJoinKind::kCross;
    }
  }
  bool clean = true;
  std::as_const(*op).ForEachOwnExpression([&](const BoundExpr& e) { clean = clean && UsesOnly(e, owned); });
  if (!clean) return false;
  for (size_t i = 0; i < op->children.size(); i++) {
    bool child_growing = growing;
    switch (op->kind) {
      case LogicalKind::kFilter:
      case LogicalKind::kProjection:
      case LogicalKind::kOrder: break;
      case LogicalKind::kAggregate: child_growing = growing && op->aggregates.empty() && op->grouping_sets.empty(); break;
      case LogicalKind::kJoin:
        child_growing = growing && (i == 0 || op->join == LogicalJoinKind::kInner || op->join == LogicalJoinKind::kCross);
        break;
      case LogicalKind::kSetOperation: child_growing = growing && op->set_kind == SetOperationKind::kUnionAll; break;
      default: child_growing = false;
    }
    if (!DropOuterConjuncts(op->children[i].get(), owned, child_growing)) return false;
  }
  return true;
}

void Renumber(BoundExpr* e, const std::map<int, int>& fresh) {
  if (e->kind == BoundKind::kColumn) {
    auto it = fresh.find(e->binding.table);
    if (it != fresh.end()) e->binding.table = it->second;
  }
  for (auto& c : e->children) Renumber(c.get(), fresh);
}

/// Gives every table index `op`'s tree owns the one `fresh` maps it to.
void Renumber(LogicalOperator* op, const std::map<int, int>& fresh) {
  for (int* index : {&op->table_index, &op->group_index, &op->aggregate_index, &op->window_index}) {
    if (*index >= 0) *index = fresh.at(*index);
  }
  op->ForEachOwnExpression([&](BoundExprPtr& e) { Renumber(e.get(), fresh); });
  for (auto& c : op->children) Renumber(c.get(), fresh);
}

}  // namespace

void Binder::FillDomain(LogicalOperator* domain, const LogicalOperator& plan, int location) {
  LogicalPtr copy = plan.Copy();
  std::set<int> owned;
  CollectOwnedIndexes(*copy, &owned);
  if (!DropOuterConjuncts(copy.get(), owned, true)) {
    Unsupported("a correlated subquery inside a correlated subquery that uses the outer query beyond its WHERE clause",
                location);
  }
  std::map<int, int> fresh;
  for (int index : owned) fresh[index] = next_table_index_++;
  Renumber(copy.get(), fresh);
  for (auto& g : domain->groups) Renumber(g.get(), fresh);
  domain->children.push_back(std::move(copy));
}

LogicalPtr Binder::ApplySubqueries(LogicalPtr plan, bool below_aggregate) {
  const LogicalOperator* original = plan.get();
  std::vector<PendingSubquery> waiting;
  for (auto& p : pending_) {
    if (p.below_aggregate != below_aggregate) {
      waiting.push_back(std::move(p));
      continue;
    }
    auto available = plan->bindings();
    auto right = p.plan->bindings();
    std::vector<ColumnBinding> used;
    if (p.condition) p.condition->CollectBindings(&used);
    if (!p.in_keys.empty()) p.in_keys[0]->CollectBindings(&used);
    for (const auto& b : used) {
      bool found = std::find(available.begin(), available.end(), b) != available.end() ||
                   std::find(right.begin(), right.end(), b) != right.end();
      if (!found) Unsupported("a correlated subquery over columns that are grouped or aggregated", p.location);
    }
    if (p.domain != nullptr) FillDomain(p.domain, *original, p.location);
    auto join = std::make_unique<LogicalOperator>();
    join->kind = LogicalKind::kJoin;
    join->join = p.join;
    join->table_index = p.mark_index;
    join->predicate = std::move(p.condition);
    join->expressions = std::move(p.in_keys);
    join->children.push_back(std::move(plan));
    join->children.push_back(std::move(p.plan));
    plan = std::move(join);
  }
  pending_ = std::move(waiting);
  return plan;
}

}  // namespace tributary::sql
