#include "binder/expression_binder.hpp"

#include <algorithm>

#include "binder/type_rules.hpp"
#include "execution/aggregate_function.hpp"
#include "function/cast.hpp"
#include "function/scalar_function.hpp"
#include "parser/sql_error.hpp"
#include "types/decimal.hpp"

namespace tributary::sql {

namespace {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); j++) prev[j] = j;
  for (size_t i = 1; i <= a.size(); i++) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); j++) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

/// PostgreSQL's NUMERIC digit weight and leading digit in base 10000 (the
/// inputs of its select_div_scale rule) for unscaled `v` with `scale`.
std::pair<int, int> Base10000Lead(int128_t v, int scale) {
  if (v < 0) v = -v;
  if (v == 0) return {0, 0};
  int128_t p = decimal::PowerOfTen(scale);
  int128_t integral = v / p, fraction = v % p;
  if (integral > 0) {
    int digits = 0;
    for (int128_t x = integral; x > 0; x /= 10) digits++;
    int weight = (digits - 1) / 4;
    return {weight, static_cast<int>(integral / decimal::PowerOfTen(4 * weight))};
  }
  // Fractional digits, padded to whole groups of four.
  int padded = (scale + 3) / 4 * 4;
  int128_t digits = fraction * decimal::PowerOfTen(padded - scale);
  for (int group = 0; group < padded / 4; group++) {
    int value = static_cast<int>(digits / decimal::PowerOfTen(padded - 4 * (group + 1)) % 10000);
    if (value != 0) return {-(group + 1), value};
  }
  return {0, 0};
}

/// The scale PostgreSQL gives a / b: at least 16 significant digits, and no
/// less than either operand's scale.
int DivisionScale(const BoundExpr& a, const BoundExpr& b) {
  int sa = a.type.scale(), sb = b.type.scale();
  int scale = std::max(16, std::max(sa, sb));
  if (a.kind == BoundKind::kConstant && b.kind == BoundKind::kConstant && !a.value.is_null() && !b.value.is_null()) {
    auto [w1, d1] = Base10000Lead(a.value.GetInt128(), sa);
    auto [w2, d2] = Base10000Lead(b.value.GetInt128(), sb);
    int qweight = w1 - w2 - (d1 <= d2 ? 1 : 0);
    scale = std::max({16 - qweight * 4, sa, sb, 0});
  }
  return std::min(scale, 30);
}

bool IsComparison(const std::string& op) {
  return op == "=" || op == "<>" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=";
}

[[noreturn]] void NoOperator(const std::string& op, const BoundExpr* a, const BoundExpr& b, int location) {
  std::string sig = a ? TypeNameForMessage(*a) + " " + op + " " + TypeNameForMessage(b) : op + " " + TypeNameForMessage(b);
  throw SqlError("operator does not exist: " + sig, "42883", location,
                 "No operator matches the given name and argument types. You might need to add explicit type casts.");
}

}  // namespace

namespace {

/// The aggregate a function name denotes (PostgreSQL's built-in aggregates we have).
std::optional<AggregateKind> AggregateKindOf(const std::string& name) {
  static const std::pair<const char*, AggregateKind> kNames[] = {
      {"count", AggregateKind::kCount},         {"sum", AggregateKind::kSum},
      {"avg", AggregateKind::kAvg},             {"min", AggregateKind::kMin},
      {"max", AggregateKind::kMax},             {"stddev", AggregateKind::kStddevSamp},
      {"stddev_samp", AggregateKind::kStddevSamp}, {"stddev_pop", AggregateKind::kStddevPop},
      {"variance", AggregateKind::kVarSamp},    {"var_samp", AggregateKind::kVarSamp},
      {"var_pop", AggregateKind::kVarPop},      {"string_agg", AggregateKind::kStringAgg},
      {"bool_and", AggregateKind::kBoolAnd},    {"every", AggregateKind::kBoolAnd},
      {"bool_or", AggregateKind::kBoolOr},
  };
  for (const auto& [n, kind] : kNames) {
    if (name == n) return kind;
  }
  return std::nullopt;
}

}  // namespace

bool ExpressionBinder::IsAggregateName(const std::string& name) { return AggregateKindOf(name).has_value(); }

bool ExpressionBinder::ContainsAggregate(const Expr& e) {
  if (e.kind == ExprKind::kFunction && e.names.size() == 1 && IsAggregateName(e.names[0]) && !e.window) return true;
  if (e.kind == ExprKind::kGrouping) return true;
  for (const auto& c : e.children) {
    if (c && ContainsAggregate(*c)) return true;
  }
  if (e.window) {
    for (const auto& p : e.window->partition_by) {
      if (ContainsAggregate(*p)) return true;
    }
    for (const auto& o : e.window->order_by) {
      if (ContainsAggregate(*o.expr)) return true;
    }
  }
  return false;
}

bool ExpressionBinder::ContainsWindow(const Expr& e) {
  if (e.window) return true;
  for (const auto& c : e.children) {
    if (c && ContainsWindow(*c)) return true;
  }
  return false;
}

bool ExpressionBinder::ContainsSubquery(const Expr& e) {
  if (e.kind == ExprKind::kSubquery) return true;
  for (const auto& c : e.children) {
    if (c && ContainsSubquery(*c)) return true;
  }
  return false;
}

BoundExprPtr ExpressionBinder::Bind(const Expr& e) {
  if (groups_ != nullptr && !in_aggregate_) {
    if (e.kind == ExprKind::kFunction && e.names.size() == 1 && IsAggregateName(e.names[0]) && !e.window) {
      return BindAggregate(e);
    }
    if (e.kind == ExprKind::kGrouping) return BindGrouping(e);
    if (e.kind != ExprKind::kConstant && !ContainsAggregate(e) && !ContainsSubquery(e) && !ContainsWindow(e)) {
      ExpressionBinder plain(binder_, scope_, clause_);
      BoundExprPtr bound = plain.Bind(e);
      std::string text = bound->ToString();
      for (size_t i = 0; i < groups_->size(); i++) {
        if ((*groups_)[i]->ToString() == text) {
          auto ref = BoundExpr::Column({group_index_, static_cast<int>(i)}, bound->type, text);
          ref->location = e.location;
          return ref;
        }
      }
      if (bound->IsConstant() || OnlyOuterColumns(*bound)) return bound;  // the same for every group
      if (e.kind == ExprKind::kColumnRef) {
        std::string name;
        for (size_t i = 0; i < e.names.size(); i++) name += (i ? "." : "") + e.names[i];
        throw SqlError("column \"" + name + "\" must appear in the GROUP BY clause or be used in an aggregate function",
                       "42803", e.location);
      }
    }
  }
  return BindNode(e);
}

bool ExpressionBinder::OnlyOuterColumns(const BoundExpr& e) const {
  std::vector<ColumnBinding> used;
  e.CollectBindings(&used);
  for (const ColumnBinding& b : used) {
    for (const auto& table : *scope_) {
      for (size_t c = 0; c < table.columns.size(); c++) {
        if (table.BindingOf(c) == b) return false;
      }
    }
  }
  return true;
}

BoundExprPtr ExpressionBinder::BindCondition(const Expr& e) { return ToBoolean(Bind(e), clause_); }

BoundExprPtr ExpressionBinder::ToBoolean(BoundExprPtr e, const std::string& context) {
  if (e->type.id() == TypeId::kBoolean) return e;
  if (e->kind == BoundKind::kConstant && (e->unknown_literal || e->value.is_null())) {
    return Coerce(std::move(e), LogicalType::Boolean());
  }
  throw SqlError("argument of " + context + " must be type boolean, not type " + TypeNameForMessage(*e), "42804",
                 e->location);
}

BoundExprPtr ExpressionBinder::MakeBoolean(BoundKind kind, std::vector<BoundExprPtr> children) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = kind;
  e->type = LogicalType::Boolean();
  e->children = std::move(children);
  return e;
}

std::vector<BoundExprPtr> ExpressionBinder::Unify(std::vector<BoundExprPtr> exprs, const std::string& context,
                                                  LogicalType* type) {
  // PostgreSQL resolves untyped literals last: typed inputs decide the
  // type, and all-untyped inputs become text.
  std::optional<LogicalType> common;
  for (const auto& e : exprs) {
    if (e->kind == BoundKind::kConstant && (e->unknown_literal || e->value.is_null())) continue;
    if (!common) {
      common = e->type;
      continue;
    }
    BoundExpr probe;
    probe.type = *common;
    auto next = CommonType(probe, *e);
    if (!next) {
      throw SqlError(context + " types " + common->ToString() + " and " + TypeNameForMessage(*e) + " cannot be matched",
                     "42804", e->location);
    }
    common = next;
  }
  LogicalType t = common.value_or(LogicalType::Varchar());
  for (auto& e : exprs) e = Coerce(std::move(e), t);
  *type = t;
  return exprs;
}

BoundExprPtr ExpressionBinder::BindColumn(const Expr& e) {
  std::string column = e.names.back();
  std::string table = e.names.size() >= 2 ? e.names[e.names.size() - 2] : "";
  if (e.names.size() > 3) throw SqlError("improper qualified name (too many dotted names)", "42601", e.location);
  const Binder::ScopeTable* found_table = nullptr;
  int found_column = -1;
  bool table_seen = false;
  for (const auto& t : *scope_) {
    if (!table.empty() && t.name != table) continue;
    table_seen = true;
    for (size_t c = 0; c < t.columns.size(); c++) {
      if (t.columns[c] != column || (table.empty() && t.Merged(c))) continue;
      if (found_table != nullptr) {
        throw SqlError("column reference \"" + column + "\" is ambiguous", "42702", e.location);
      }
      found_table = &t;
      found_column = static_cast<int>(c);
    }
  }
  if (found_table == nullptr) {
    // A reference to an enclosing query's FROM item (a correlated subquery).
    const auto& outer = binder_->outer_scopes();
    for (size_t level = outer.size(); level-- > 0 && found_table == nullptr;) {
      for (const auto& t : *outer[level]) {
        if (!table.empty() && t.name != table) continue;
        for (size_t c = 0; c < t.columns.size(); c++) {
          if (t.columns[c] != column || (table.empty() && t.Merged(c))) continue;
          if (found_table != nullptr) {
            throw SqlError("column reference \"" + column + "\" is ambiguous", "42702", e.location);
          }
          found_table = &t;
          found_column = static_cast<int>(c);
        }
      }
    }
    if (found_table != nullptr) {
      auto ref = BoundExpr::Column(found_table->BindingOf(found_column), found_table->types[found_column],
                                   found_table->name.empty() ? column : found_table->name + "." + column);
      ref->location = e.location;
      return ref;
    }
  }
  if (!table.empty() && !table_seen) {
    throw SqlError("missing FROM-clause entry for table \"" + table + "\"", "42P01", e.location);
  }
  if (found_table == nullptr) {
    // Suggest the closest column name, as PostgreSQL does.
    std::string best;
    size_t best_distance = SIZE_MAX;
    for (const auto& t : *scope_) {
      if (!table.empty() && t.name != table) continue;
      for (const auto& c : t.columns) {
        size_t d = EditDistance(column, c);
        if (d < best_distance) {
          best_distance = d;
          best = t.name + "." + c;
        }
      }
    }
    std::string hint;
    if (!best.empty() && best_distance <= std::max<size_t>(2, column.size() / 3)) {
      hint = "Perhaps you meant to reference the column \"" + best + "\".";
    }
    std::string shown = table.empty() ? column : table + "." + column;
    throw SqlError("column \"" + shown + "\" does not exist", "42703", e.location, hint);
  }
  std::string name = scope_->size() > 1 && !found_table->name.empty() ? found_table->name + "." + column : column;
  auto ref = BoundExpr::Column(found_table->BindingOf(found_column), found_table->types[found_column], name);
  ref->location = e.location;
  return ref;
}

void ExpressionBinder::TypeAggregate(const std::string& name, const LogicalType& t, AggregateCall* out, int location) {
  out->kind = *AggregateKindOf(name);
  auto type = AggregateResultType(out->kind, t);
  if (!type) {
    std::string args = t.ToString() + (out->kind == AggregateKind::kStringAgg ? ", text" : "");
    throw SqlError("function " + name + "(" + args + ") does not exist", "42883", location,
                   "No function matches the given name and argument types. You might need to add explicit type casts.");
  }
  out->type = *type;
}

BoundExprPtr ExpressionBinder::BindAggregateArgument(const Expr& e) {
  BoundExprPtr arg = Bind(e);
  if (arg->kind == BoundKind::kConstant && (arg->unknown_literal || arg->type.id() == TypeId::kNull)) {
    arg = Coerce(std::move(arg), LogicalType::Varchar());
  }
  return arg;
}

BoundExprPtr ExpressionBinder::BindAggregate(const Expr& e) {
  const std::string& name = e.names[0];
  if (!aggregates_allowed_ || aggregates_ == nullptr) {
    throw SqlError("aggregate functions are not allowed in " + clause_, "42803", e.location);
  }
  if (in_aggregate_) throw SqlError("aggregate function calls cannot be nested", "42803", e.location);
  AggregateCall call;
  call.distinct = e.distinct;
  const size_t subqueries_before = binder_->pending_subqueries();
  ExpressionBinder inner(binder_, scope_, clause_);
  inner.in_aggregate_ = true;
  inner.aggregates_ = aggregates_;
  if (e.star) {
    if (name != "count") throw SqlError(name + "(*) is not a function; only count(*) is", "42809", e.location);
    call.kind = AggregateKind::kCountStar;
    call.type = LogicalType::BigInt();
  } else {
    size_t arity = name == "string_agg" ? 2 : 1;
    if (e.children.size() != arity) {
      throw SqlError("function " + name + " with " + std::to_string(e.children.size()) + " arguments does not exist",
                     "42883", e.location);
    }
    BoundExprPtr arg = inner.BindAggregateArgument(*e.children[0]);
    if (arity == 2) {
      BoundExprPtr delimiter = inner.BindAggregateArgument(*e.children[1]);
      if (arg->type.id() != TypeId::kVarchar || delimiter->type.id() != TypeId::kVarchar) {
        throw SqlError("function string_agg(" + TypeNameForMessage(*arg) + ", " + TypeNameForMessage(*delimiter) +
                           ") does not exist",
                       "42883", e.location,
                       "No function matches the given name and argument types. You might need to add explicit type casts.");
      }
      call.delimiter = std::move(delimiter);
    }
    TypeAggregate(name, arg->type, &call, e.location);
    call.argument = std::move(arg);
  }
  for (const auto& o : e.aggregate_order) {
    SortSpec sort;
    sort.expr = inner.BindAggregateArgument(*o.expr);
    sort.descending = o.descending;
    sort.nulls_first = o.nulls_first.value_or(o.descending);
    if (call.distinct) {
      std::string text = sort.expr->ToString();
      bool listed = (call.argument && call.argument->ToString() == text) || (call.delimiter && call.delimiter->ToString() == text);
      if (!listed) {
        throw SqlError("in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list", "42P10",
                       o.expr->location);
      }
    }
    call.orders.push_back(std::move(sort));
  }
  if (e.filter) {
    ExpressionBinder filter(binder_, scope_, "FILTER");
    filter.in_aggregate_ = true;
    filter.aggregates_ = aggregates_;
    call.filter = filter.BindCondition(*e.filter);
  }
  binder_->MarkSubqueriesBelowAggregate(subqueries_before);
  std::string text = call.ToString();
  for (size_t i = 0; i < aggregates_->size(); i++) {
    if ((*aggregates_)[i].ToString() == text) {
      return BoundExpr::Column({aggregate_index_, static_cast<int>(i)}, (*aggregates_)[i].type, text);
    }
  }
  LogicalType type = call.type;
  aggregates_->push_back(std::move(call));
  return BoundExpr::Column({aggregate_index_, static_cast<int>(aggregates_->size() - 1)}, type, text);
}

BoundExprPtr ExpressionBinder::BindGrouping(const Expr& e) {
  if (groups_ == nullptr || !aggregates_allowed_) {
    throw SqlError("grouping operations are not allowed in " + clause_, "42803", e.location);
  }
  if (in_aggregate_) {
    throw SqlError("aggregate function calls cannot contain grouping operations", "42803", e.location);
  }
  if (e.children.size() > 31) throw SqlError("GROUPING must have fewer than 32 arguments", "54023", e.location);
  AggregateCall call;
  call.kind = AggregateKind::kGrouping;
  call.type = LogicalType::Integer();
  for (const auto& c : e.children) {
    ExpressionBinder plain(binder_, scope_, clause_);
    std::string text = plain.Bind(*c)->ToString();
    int found = -1;
    for (size_t i = 0; i < groups_->size() && found < 0; i++) {
      if ((*groups_)[i]->ToString() == text) found = static_cast<int>(i);
    }
    if (found < 0) {
      throw SqlError("arguments to GROUPING must be grouping expressions of the associated query level", "42803",
                     c->location);
    }
    call.grouping.push_back(found);
    call.grouping_names.push_back(text);
  }
  std::string text = call.ToString();
  for (size_t i = 0; i < aggregates_->size(); i++) {
    if ((*aggregates_)[i].ToString() == text) {
      return BoundExpr::Column({aggregate_index_, static_cast<int>(i)}, call.type, text);
    }
  }
  aggregates_->push_back(std::move(call));
  return BoundExpr::Column({aggregate_index_, static_cast<int>(aggregates_->size() - 1)}, LogicalType::Integer(), text);
}

ExpressionBinder::ResolvedWindow ExpressionBinder::ResolveWindow(const WindowSpec& spec,
                                                                const std::vector<NamedWindow>* named, size_t visible) {
  if (spec.reference.empty()) return {&spec.partition_by, &spec.order_by, &spec};
  size_t index = visible;
  for (size_t i = 0; named != nullptr && i < visible; i++) {
    if ((*named)[i].name == spec.reference) index = i;
  }
  if (index == visible) throw SqlError("window \"" + spec.reference + "\" does not exist", "42704", spec.location);
  const WindowSpec& base_spec = *(*named)[index].spec;
  // A definition sees only the definitions before it.
  ResolvedWindow base = ResolveWindow(base_spec, named, index);
  if (spec.bare_reference) return base;
  if (!spec.partition_by.empty()) {
    throw SqlError("cannot override PARTITION BY clause of window \"" + spec.reference + "\"", "42P20", spec.location);
  }
  if (!spec.order_by.empty() && !base.order_by->empty()) {
    throw SqlError("cannot override ORDER BY clause of window \"" + spec.reference + "\"", "42P20", spec.location);
  }
  if (base_spec.has_frame) {
    throw SqlError("cannot copy window \"" + spec.reference + "\" because it has a frame clause", "42P20",
                   spec.location);
  }
  return {base.partition_by, spec.order_by.empty() ? base.order_by : &spec.order_by, &spec};
}

BoundExprPtr ExpressionBinder::BindWindow(const Expr& e) {
  if (windows_ == nullptr) {
    throw SqlError("window functions are not allowed in " + clause_, "42P20", e.location);
  }
  if (in_window_) throw SqlError("window function calls cannot be nested", "42P20", e.location);
  const std::string name = e.names.back();
  ExpressionBinder inner = *this;
  inner.in_window_ = true;
  WindowCall call;
  call.name = name;
  ResolvedWindow resolved = ResolveWindow(*e.window, named_windows_, named_windows_ ? named_windows_->size() : 0);
  const std::vector<ExprPtr>* partition_by = resolved.partition_by;
  const std::vector<OrderItem>* order_by = resolved.order_by;
  const WindowSpec* frame = resolved.frame;
  const WindowSpec& spec = *frame;
  for (const auto& p : *partition_by) {
    BoundExprPtr bound = inner.Bind(*p);
    if (bound->kind == BoundKind::kConstant && bound->unknown_literal) bound = Coerce(std::move(bound), LogicalType::Varchar());
    call.partitions.push_back(std::move(bound));
  }
  for (const auto& o : *order_by) {
    SortSpec sort;
    sort.expr = inner.Bind(*o.expr);
    if (sort.expr->kind == BoundKind::kConstant && sort.expr->unknown_literal) {
      sort.expr = Coerce(std::move(sort.expr), LogicalType::Varchar());
    }
    sort.descending = o.descending;
    sort.nulls_first = o.nulls_first.value_or(o.descending);
    call.orders.push_back(std::move(sort));
  }
  call.rows = spec.rows;
  call.start = {static_cast<WindowBound::Kind>(spec.start.kind), spec.start.offset};
  call.end = {static_cast<WindowBound::Kind>(spec.end.kind), spec.end.offset};
  auto is_offset = [](const WindowBound& b) {
    return b.kind == WindowBound::Kind::kPreceding || b.kind == WindowBound::Kind::kFollowing;
  };
  if (!call.rows && (is_offset(call.start) || is_offset(call.end))) {
    if (call.orders.size() != 1) {
      throw SqlError("RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column", "42P20",
                     e.location);
    }
    const LogicalType& t = call.orders[0].expr->type;
    if (!t.is_numeric()) {
      throw SqlError("RANGE offsets over type " + t.ToString() + " are not supported", "0A000", e.location);
    }
  }
  auto argc = [&](size_t low, size_t high) {
    if (e.star || e.children.size() < low || e.children.size() > high) {
      throw SqlError("function " + name + " with " + std::to_string(e.children.size()) + " arguments does not exist",
                     "42883", e.location);
    }
  };
  auto argument = [&](size_t i) {
    BoundExprPtr a = inner.Bind(*e.children[i]);
    if (a->kind == BoundKind::kConstant && (a->unknown_literal || a->type.id() == TypeId::kNull)) {
      a = Coerce(std::move(a), LogicalType::Varchar());
    }
    return a;
  };
  if (e.distinct) throw SqlError("DISTINCT is not implemented for window functions", "0A000", e.location);
  if (!e.aggregate_order.empty()) {
    throw SqlError("aggregate ORDER BY is not implemented for window functions", "0A000", e.location);
  }
  if (e.filter && !(IsAggregateName(name) && e.names.size() == 1)) {
    throw SqlError("FILTER is not implemented for non-aggregate window functions", "0A000", e.location);
  }
  if (name == "row_number" || name == "rank" || name == "dense_rank") {
    argc(0, 0);
    call.kind = name == "row_number" ? WindowFunctionKind::kRowNumber
                : name == "rank"     ? WindowFunctionKind::kRank
                                     : WindowFunctionKind::kDenseRank;
    call.type = LogicalType::BigInt();
  } else if (name == "ntile") {
    argc(1, 1);
    call.kind = WindowFunctionKind::kNtile;
    BoundExprPtr n = inner.Bind(*e.children[0]);
    if (ImplicitCastCost(*n, LogicalType::Integer()) < 0) {
      throw SqlError("function ntile(" + TypeNameForMessage(*n) + ") does not exist", "42883", e.location);
    }
    call.arguments.push_back(Coerce(std::move(n), LogicalType::Integer()));
    call.type = LogicalType::Integer();
  } else if (name == "lag" || name == "lead") {
    argc(1, 3);
    call.kind = name == "lag" ? WindowFunctionKind::kLag : WindowFunctionKind::kLead;
    BoundExprPtr value = inner.Bind(*e.children[0]);
    if (value->kind == BoundKind::kConstant && value->unknown_literal) value = Coerce(std::move(value), LogicalType::Varchar());
    BoundExprPtr offset = e.children.size() > 1 ? inner.Bind(*e.children[1]) : BoundExpr::Constant(Value::Integer(1));
    if (ImplicitCastCost(*offset, LogicalType::Integer()) < 0) {
      throw SqlError("function " + name + "(" + TypeNameForMessage(*value) + ", " + TypeNameForMessage(*offset) +
                         ") does not exist",
                     "42883", e.location);
    }
    offset = Coerce(std::move(offset), LogicalType::Integer());
    LogicalType type = value->type;
    BoundExprPtr fallback;
    if (e.children.size() > 2) {
      fallback = inner.Bind(*e.children[2]);
      auto common = CommonType(*value, *fallback);
      if (!common) {
        throw SqlError("function " + name + "(" + TypeNameForMessage(*value) + ", integer, " +
                           TypeNameForMessage(*fallback) + ") does not exist",
                       "42883", e.location);
      }
      type = *common;
      value = Coerce(std::move(value), type);
      fallback = Coerce(std::move(fallback), type);
    }
    if (type.id() == TypeId::kNull) {
      type = LogicalType::Varchar();
      value = Coerce(std::move(value), type);
    }
    call.arguments.push_back(std::move(value));
    call.arguments.push_back(std::move(offset));
    if (fallback) call.arguments.push_back(std::move(fallback));
    call.type = type;
  } else if (name == "first_value" || name == "last_value") {
    argc(1, 1);
    call.kind = name == "first_value" ? WindowFunctionKind::kFirstValue : WindowFunctionKind::kLastValue;
    call.arguments.push_back(argument(0));
    call.type = call.arguments[0]->type;
  } else if (IsAggregateName(name) && e.names.size() == 1) {
    call.kind = WindowFunctionKind::kAggregate;
    if (e.star) {
      if (name != "count") throw SqlError(name + "(*) is not a function; only count(*) is", "42809", e.location);
      call.aggregate = AggregateKind::kCountStar;
      call.type = LogicalType::BigInt();
    } else {
      bool two = name == "string_agg";
      argc(two ? 2 : 1, two ? 2 : 1);
      BoundExprPtr arg = argument(0);
      AggregateCall typed;
      if (two) {
        BoundExprPtr delimiter = argument(1);
        if (arg->type.id() != TypeId::kVarchar || delimiter->type.id() != TypeId::kVarchar) {
          throw SqlError("function string_agg(" + TypeNameForMessage(*arg) + ", " + TypeNameForMessage(*delimiter) +
                             ") does not exist",
                         "42883", e.location);
        }
        call.arguments.push_back(nullptr);
        call.arguments.push_back(std::move(delimiter));
      }
      TypeAggregate(name, arg->type, &typed, e.location);
      call.aggregate = typed.kind;
      call.type = typed.type;
      if (two) {
        call.arguments[0] = std::move(arg);
      } else {
        call.arguments.push_back(std::move(arg));
      }
    }
    if (e.filter) {
      ExpressionBinder filter(binder_, scope_, "FILTER");
      filter.groups_ = groups_;
      filter.group_index_ = group_index_;
      filter.aggregates_ = aggregates_;
      filter.aggregate_index_ = aggregate_index_;
      filter.aggregates_allowed_ = aggregates_allowed_;
      call.filter = filter.BindCondition(*e.filter);
    }
  } else {
    bool scalar = false;
    for (const auto& f : BuiltinScalarFunctions()) scalar |= f.name == name;
    if (scalar) {
      throw SqlError("OVER specified, but " + name + " is not a window function nor an aggregate function", "42809",
                     e.location);
    }
    throw SqlError("function " + name + " does not exist", "42883", e.location);
  }
  std::string text = call.ToString();
  for (size_t i = 0; i < windows_->size(); i++) {
    if ((*windows_)[i].ToString() == text) return BoundExpr::Column({window_index_, static_cast<int>(i)}, call.type, text);
  }
  LogicalType type = call.type;
  windows_->push_back(std::move(call));
  auto ref = BoundExpr::Column({window_index_, static_cast<int>(windows_->size() - 1)}, type, text);
  ref->location = e.location;
  return ref;
}

BoundExprPtr ExpressionBinder::BindFunction(const Expr& e) {
  if (e.window) return BindWindow(e);
  if (e.names.size() == 1 && IsAggregateName(e.names[0])) return BindAggregate(e);
  std::string name = e.names.back();
  if (e.names.size() > 1) {
    throw SqlError("schema \"" + e.names[0] + "\" does not exist", "3F000", e.location);
  }
  if (e.children.empty() && !e.star) {
    // The statement's time, the same instant wherever the statement asks (UTC).
    int64_t now = binder_->statement_time();
    BoundExprPtr c;
    if (name == "now" || name == "current_timestamp" || name == "transaction_timestamp" ||
        name == "statement_timestamp") {
      c = BoundExpr::Constant(Value::TimestampTz(now));
    } else if (name == "localtimestamp") {
      c = BoundExpr::Constant(Value::Timestamp(now));
    } else if (name == "current_date") {
      c = BoundExpr::Constant(Value::Date(datetime::TimestampToDays(now)));
    } else if (name == "current_user" || name == "current_role") {
      c = BoundExpr::Constant(Value::Varchar(binder_->identity().current_user));
    } else if (name == "session_user") {
      c = BoundExpr::Constant(Value::Varchar(binder_->identity().session_user));
    }
    if (c) {
      // The clock's value differs at each run; the user's is fixed by who runs.
      if (c->type.id() != TypeId::kVarchar) binder_->MarkVolatile();
      c->location = e.location;
      return c;
    }
  }
  if (e.star || e.distinct) throw SqlError(name + " is not an aggregate function", "42809", e.location);
  if (e.filter) throw SqlError("FILTER specified, but " + name + " is not an aggregate function", "42809", e.location);
  if (!e.aggregate_order.empty()) {
    throw SqlError("ORDER BY specified, but " + name + " is not an aggregate function", "42809", e.location);
  }
  std::vector<BoundExprPtr> args;
  for (const auto& c : e.children) args.push_back(Bind(*c));
  if (BoundExprPtr f = BindCatalogFunction(name, &args, e.location)) return f;
  // concat and concat_ws take "any" arguments: the kernel writes each with
  // its type's text output (true as t), so only untyped literals and NULLs
  // are resolved, as text.
  const bool any_args = name == "concat" || name == "concat_ws" || name == "array_element_text";
  if (any_args) {
    for (auto& a : args) {
      if (a->unknown_literal || a->type.id() == TypeId::kNull) a = Coerce(std::move(a), LogicalType::Varchar());
    }
  }
  // The declared type of argument i (a variadic function repeats its last).
  auto declared = [&](const ScalarFunction& f, size_t i) {
    return f.arguments[std::min(i, f.arguments.size() - 1)];
  };
  const ScalarFunction* best = nullptr;
  int best_cost = INT32_MAX;
  for (const auto& f : BuiltinScalarFunctions()) {
    if (f.name != name) continue;
    if (f.variadic ? args.size() < f.arguments.size() : f.arguments.size() != args.size()) continue;
    int cost = 0;
    for (size_t i = 0; i < args.size() && cost >= 0 && !any_args; i++) {
      LogicalType target(declared(f, i));
      if (declared(f, i) == TypeId::kNumeric) {
        target = args[i]->type.id() == TypeId::kNumeric ? args[i]->type : LogicalType::NumericUnchecked(38, 0);
      }
      if (declared(f, i) == TypeId::kVarchar && args[i]->type.id() == TypeId::kVarchar) continue;
      int c = ImplicitCastCost(*args[i], target);
      cost = c < 0 ? -1 : cost + c;
    }
    if (cost >= 0 && cost < best_cost) {
      best = &f;
      best_cost = cost;
    }
  }
  if (best == nullptr) {
    std::string sig;
    for (size_t i = 0; i < args.size(); i++) sig += (i ? ", " : "") + TypeNameForMessage(*args[i]);
    throw SqlError("function " + name + "(" + sig + ") does not exist", "42883", e.location,
                   "No function matches the given name and argument types. You might need to add explicit type casts.");
  }
  std::vector<LogicalType> types;
  for (size_t i = 0; i < args.size(); i++) {
    if (any_args) {
      types.push_back(args[i]->type);
      continue;
    }
    LogicalType target(declared(*best, i));
    if (declared(*best, i) == TypeId::kNumeric) {
      target = args[i]->type.id() == TypeId::kNumeric ? args[i]->type : LogicalType::NumericUnchecked(38, 0);
    } else if (declared(*best, i) == TypeId::kVarchar && args[i]->type.id() == TypeId::kVarchar) {
      target = args[i]->type;
    }
    args[i] = Coerce(std::move(args[i]), target);
    types.push_back(args[i]->type);
  }
  auto out = std::make_unique<BoundExpr>();
  out->kind = BoundKind::kFunction;
  out->function = best;
  out->type = best->return_type(types);
  out->location = e.location;
  // Result scales that depend on a constant argument.
  const bool digits_arg = (name == "round" || name == "trunc") && args.size() == 2;
  if (digits_arg && args[1]->kind == BoundKind::kConstant && !args[1]->value.is_null()) {
    out->type = LogicalType::NumericUnchecked(38, std::clamp<int>(static_cast<int>(args[1]->value.GetInt64()), 0, 37));
  } else if (digits_arg) {
    out->type = args[0]->type;
  }
  if (name == "extract" && args[0]->kind == BoundKind::kConstant && !args[0]->value.is_null()) {
    std::string field = args[0]->value.GetString();
    for (char& c : field) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool fractional = (field == "second" || field == "epoch") && args[1]->type.id() != TypeId::kDate;
    out->type = LogicalType::NumericUnchecked(38, fractional ? 6 : 0);
  }
  out->children = std::move(args);
  return out;
}

namespace {

/// PostgreSQL's date/time operators with intervals, coercing the operands in
/// place: interval ± interval, date|timestamp[tz] ± interval (date gives
/// timestamp), interval + date|timestamp[tz], timestamp[tz] - timestamp[tz]
/// (also with a date side) → interval, interval * number, number * interval
/// and interval / number (the number as double precision). nullopt when the
/// operands are none of these.
std::optional<LogicalType> IntervalArithType(const std::string& op, BoundExprPtr* a, BoundExprPtr* b) {
  TypeId ta = (*a)->type.id(), tb = (*b)->type.id();
  auto temporal = [](TypeId t) { return t == TypeId::kDate || t == TypeId::kTimestamp || t == TypeId::kTimestampTz; };
  auto shifted = [](TypeId t) { return t == TypeId::kDate ? LogicalType::Timestamp() : LogicalType(t); };
  bool ia = ta == TypeId::kInterval, ib = tb == TypeId::kInterval;
  if (ia && ib && (op == "+" || op == "-")) return LogicalType::Interval();
  if (temporal(ta) && ib && (op == "+" || op == "-")) {
    *a = Coerce(std::move(*a), shifted(ta));
    return shifted(ta);
  }
  if (ia && temporal(tb) && op == "+") {
    *b = Coerce(std::move(*b), shifted(tb));
    return shifted(tb);
  }
  if (ia && (*b)->type.is_numeric() && (op == "*" || op == "/")) {
    *b = Coerce(std::move(*b), LogicalType::Double());
    return LogicalType::Interval();
  }
  if (ib && (*a)->type.is_numeric() && op == "*") {
    *a = Coerce(std::move(*a), LogicalType::Double());
    return LogicalType::Interval();
  }
  if (op == "-" && temporal(ta) && temporal(tb) && !(ta == TypeId::kDate && tb == TypeId::kDate)) {
    LogicalType common = *CommonType(**a, **b);
    *a = Coerce(std::move(*a), common);
    *b = Coerce(std::move(*b), common);
    return LogicalType::Interval();
  }
  return std::nullopt;
}

}  // namespace

BoundExprPtr ExpressionBinder::BindOperator(const std::string& raw_op, std::vector<BoundExprPtr> args, int location) {
  std::string op = raw_op == "!=" ? "<>" : raw_op;
  if (args.size() == 1) {
    BoundExprPtr x = std::move(args[0]);
    if (x->kind == BoundKind::kConstant && x->unknown_literal) x = Coerce(std::move(x), LogicalType::Double());
    bool signed_type = x->type.is_numeric() || x->type.id() == TypeId::kInterval;
    if (!signed_type || (op != "-" && op != "+")) NoOperator(op, nullptr, *x, location);
    if (op == "+") return x;
    auto e = std::make_unique<BoundExpr>();
    e->kind = BoundKind::kArith;
    e->op = "-";
    e->type = x->type;
    e->location = location;
    e->children.push_back(std::move(x));
    return e;
  }
  BoundExprPtr a = std::move(args[0]);
  BoundExprPtr b = std::move(args[1]);
  auto make = [&](BoundKind kind, LogicalType type) {
    auto e = std::make_unique<BoundExpr>();
    e->kind = kind;
    e->op = op;
    e->type = type;
    e->location = location;
    e->children.push_back(std::move(a));
    e->children.push_back(std::move(b));
    return e;
  };
  if (op == "~" || op == "~*" || op == "!~" || op == "!~*") return BindRegexMatch(op, std::move(a), std::move(b), location);
  if (IsComparison(op)) {
    // An element of an array in text form has no type of its own: compared
    // with a number or a time, it is read as one (attnum = prattrs[s]).
    auto element = [](const BoundExpr& e) {
      return e.kind == BoundKind::kFunction && e.function != nullptr && e.function->name == "subscript";
    };
    auto typed = [](const BoundExpr& e) { return e.type.is_numeric() || e.type.is_temporal(); };
    if (element(*a) && typed(*b)) a = Coerce(std::move(a), b->type);
    if (element(*b) && typed(*a)) b = Coerce(std::move(b), a->type);
    auto common = CommonType(*a, *b);
    if (!common || (common->id() == TypeId::kNull)) {
      if (common && common->id() == TypeId::kNull) common = LogicalType::Varchar();
      else NoOperator(op, a.get(), *b, location);
    }
    a = Coerce(std::move(a), *common);
    b = Coerce(std::move(b), *common);
    return make(BoundKind::kCompare, LogicalType::Boolean());
  }
  if (op == "||") {
    bool a_text = a->type.id() == TypeId::kVarchar || a->type.id() == TypeId::kNull;
    bool b_text = b->type.id() == TypeId::kVarchar || b->type.id() == TypeId::kNull;
    if (!a_text && !b_text) NoOperator(op, a.get(), *b, location);
    a = a->type.id() == TypeId::kVarchar ? std::move(a) : Coerce(std::move(a), LogicalType::Varchar());
    b = b->type.id() == TypeId::kVarchar ? std::move(b) : Coerce(std::move(b), LogicalType::Varchar());
    return make(BoundKind::kConcat, LogicalType::Varchar());
  }
  if (op == "+" || op == "-" || op == "*" || op == "/" || op == "%") {
    // timestamp + 'literal' reads the literal as an interval (PostgreSQL's
    // only timestamp + x operator); timestamp - 'literal' is timestamp - timestamp.
    auto is_timestamp = [](const BoundExpr& x) {
      return x.type.id() == TypeId::kTimestamp || x.type.id() == TypeId::kTimestampTz;
    };
    if (op == "+" && b->unknown_literal && is_timestamp(*a)) b = Coerce(std::move(b), LogicalType::Interval());
    if (op == "+" && a->unknown_literal && is_timestamp(*b)) a = Coerce(std::move(a), LogicalType::Interval());
    // Untyped literals take the other side's type.
    if (a->unknown_literal && !b->unknown_literal) a = Coerce(std::move(a), b->type.id() == TypeId::kDate && op == "-" ? LogicalType::Integer() : b->type);
    if (b->unknown_literal && !a->unknown_literal) {
      b = Coerce(std::move(b), a->type.id() == TypeId::kDate ? (op == "-" ? b->type : LogicalType::Integer()) : a->type);
    }
    TypeId ta = a->type.id(), tb = b->type.id();
    if (auto type = IntervalArithType(op, &a, &b)) return make(BoundKind::kArith, *type);
    if (ta == TypeId::kDate || tb == TypeId::kDate) {
      bool int_b = b->type.is_integral(), int_a = a->type.is_integral();
      if (ta == TypeId::kDate && tb == TypeId::kDate && op == "-") return make(BoundKind::kArith, LogicalType::Integer());
      if (ta == TypeId::kDate && int_b && (op == "+" || op == "-")) {
        b = Coerce(std::move(b), LogicalType::Integer());
        return make(BoundKind::kArith, LogicalType::Date());
      }
      if (tb == TypeId::kDate && int_a && op == "+") {
        a = Coerce(std::move(a), LogicalType::Integer());
        return make(BoundKind::kArith, LogicalType::Date());
      }
      NoOperator(op, a.get(), *b, location);
    }
    if (a->type.id() == TypeId::kNull) a = Coerce(std::move(a), b->type.id() == TypeId::kNull ? LogicalType::Integer() : b->type);
    if (b->type.id() == TypeId::kNull) b = Coerce(std::move(b), a->type);
    if (!a->type.is_numeric() || !b->type.is_numeric()) NoOperator(op, a.get(), *b, location);
    LogicalType common = *CommonType(*a, *b);
    if (common.id() == TypeId::kNumeric) {
      int sa = a->type.id() == TypeId::kNumeric ? a->type.scale() : 0;
      int sb = b->type.id() == TypeId::kNumeric ? b->type.scale() : 0;
      int scale = std::max(sa, sb);
      if (op == "*") {
        a = Coerce(std::move(a), LogicalType::NumericUnchecked(38, sa));
        b = Coerce(std::move(b), LogicalType::NumericUnchecked(38, sb));
        return make(BoundKind::kArith, LogicalType::NumericUnchecked(38, std::min(sa + sb, 37)));
      }
      if (op == "/") {
        a = Coerce(std::move(a), LogicalType::NumericUnchecked(38, sa));
        b = Coerce(std::move(b), LogicalType::NumericUnchecked(38, sb));
        int result_scale = DivisionScale(*a, *b);
        return make(BoundKind::kArith, LogicalType::NumericUnchecked(38, result_scale));
      }
      common = LogicalType::NumericUnchecked(38, scale);
    }
    a = Coerce(std::move(a), common);
    b = Coerce(std::move(b), common);
    return make(BoundKind::kArith, common);
  }
  NoOperator(op, a.get(), *b, location);
}

BoundExprPtr ExpressionBinder::BindNode(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kColumnRef: return BindColumn(e);
    case ExprKind::kStar: throw SqlError("\"*\" is not allowed here", "42601", e.location);
    case ExprKind::kSubquery: {
      BoundExprPtr tested;
      if (!e.children.empty()) {
        tested = Bind(*e.children[0]);
      }
      return binder_->BindSubquery(e, *scope_, std::move(tested));
    }
    case ExprKind::kConstant: {
      auto c = BoundExpr::Constant(e.value);
      c->unknown_literal = e.unknown_literal;
      c->location = e.location;
      return c;
    }
    case ExprKind::kOperator: {
      std::vector<BoundExprPtr> args;
      for (const auto& c : e.children) args.push_back(Bind(*c));
      return BindOperator(e.names[0], std::move(args), e.location);
    }
    case ExprKind::kFunction: return BindFunction(e);
    case ExprKind::kGrouping: return BindGrouping(e);
    case ExprKind::kSubscript: return BindSubscript(e);
    case ExprKind::kArrayCompare: return BindArrayCompare(e);
    case ExprKind::kAnd:
    case ExprKind::kOr:
    case ExprKind::kNot: {
      const char* name = e.kind == ExprKind::kAnd ? "AND" : e.kind == ExprKind::kOr ? "OR" : "NOT";
      std::vector<BoundExprPtr> children;
      for (const auto& c : e.children) children.push_back(ToBoolean(Bind(*c), name));
      return MakeBoolean(e.kind == ExprKind::kAnd ? BoundKind::kAnd : e.kind == ExprKind::kOr ? BoundKind::kOr : BoundKind::kNot,
                         std::move(children));
    }
    case ExprKind::kIsNull: {
      std::vector<BoundExprPtr> children;
      children.push_back(Bind(*e.children[0]));
      auto out = MakeBoolean(BoundKind::kIsNull, std::move(children));
      out->negated = e.negated;
      return out;
    }
    case ExprKind::kBooleanTest: {
      // x IS TRUE  ≡  x IS NOT DISTINCT FROM true.
      std::vector<BoundExprPtr> children;
      children.push_back(ToBoolean(Bind(*e.children[0]), "IS " + std::string(e.names[0] == "true" ? "TRUE" : "FALSE")));
      children.push_back(BoundExpr::Constant(Value::Boolean(e.names[0] == "true")));
      auto out = MakeBoolean(BoundKind::kDistinctFrom, std::move(children));
      out->negated = !e.negated;
      return out;
    }
    case ExprKind::kIsDistinctFrom: {
      BoundExprPtr a = Bind(*e.children[0]);
      BoundExprPtr b = Bind(*e.children[1]);
      auto common = CommonType(*a, *b);
      if (!common) NoOperator("=", a.get(), *b, e.location);
      if (common->id() == TypeId::kNull) common = LogicalType::Varchar();
      std::vector<BoundExprPtr> children;
      children.push_back(Coerce(std::move(a), *common));
      children.push_back(Coerce(std::move(b), *common));
      auto out = MakeBoolean(BoundKind::kDistinctFrom, std::move(children));
      out->negated = e.negated;
      return out;
    }
    case ExprKind::kCast: {
      if (BoundExprPtr cast = BindCatalogCast(e)) return cast;
      auto type = LogicalType::Parse(e.type_name);
      if (!type.ok()) throw SqlError("type \"" + e.type_name + "\" does not exist", "42704", e.location);
      BoundExprPtr arg = Bind(*e.children[0]);
      if (arg->kind == BoundKind::kConstant && (arg->unknown_literal || arg->value.is_null())) {
        try {
          auto c = BoundExpr::Constant(CastValue(arg->value, *type));
          c->location = e.location;
          return c;
        } catch (const SqlError& err) {
          throw SqlError(err.what(), err.sqlstate(), arg->location);
        }
      }
      if (!CastExists(arg->type, *type)) {
        throw SqlError("cannot cast type " + arg->type.ToString() + " to " + type->ToString(), "42846", e.location);
      }
      auto cast = std::make_unique<BoundExpr>();
      cast->kind = BoundKind::kCast;
      cast->type = *type;
      cast->location = e.location;
      cast->children.push_back(std::move(arg));
      return cast;
    }
    case ExprKind::kCase: {
      size_t first = e.has_case_operand ? 1 : 0;
      size_t pairs = (e.children.size() - first - (e.has_else ? 1 : 0)) / 2;
      std::vector<BoundExprPtr> conditions, results;
      for (size_t p = 0; p < pairs; p++) {
        const Expr& when = *e.children[first + 2 * p];
        if (e.has_case_operand) {
          std::vector<BoundExprPtr> cmp;
          cmp.push_back(Bind(*e.children[0]));
          cmp.push_back(Bind(when));
          conditions.push_back(BindOperator("=", std::move(cmp), when.location));
        } else {
          conditions.push_back(ToBoolean(Bind(when), "CASE/WHEN"));
        }
        results.push_back(Bind(*e.children[first + 2 * p + 1]));
      }
      if (e.has_else) results.push_back(Bind(*e.children.back()));
      LogicalType type;
      results = Unify(std::move(results), "CASE", &type);
      auto out = std::make_unique<BoundExpr>();
      out->kind = BoundKind::kCase;
      out->type = type;
      out->has_else = e.has_else;
      out->location = e.location;
      for (size_t p = 0; p < pairs; p++) {
        out->children.push_back(std::move(conditions[p]));
        out->children.push_back(std::move(results[p]));
      }
      if (e.has_else) out->children.push_back(std::move(results.back()));
      return out;
    }
    case ExprKind::kCoalesce: {
      std::vector<BoundExprPtr> args;
      for (const auto& c : e.children) args.push_back(Bind(*c));
      LogicalType type;
      args = Unify(std::move(args), "COALESCE", &type);
      auto out = std::make_unique<BoundExpr>();
      out->kind = BoundKind::kCoalesce;
      out->type = type;
      out->children = std::move(args);
      return out;
    }
    case ExprKind::kGreatestLeast: {
      std::vector<BoundExprPtr> args;
      for (const auto& c : e.children) args.push_back(Bind(*c));
      LogicalType type;
      args = Unify(std::move(args), e.names[0] == "greatest" ? "GREATEST" : "LEAST", &type);
      auto out = std::make_unique<BoundExpr>();
      out->kind = BoundKind::kGreatestLeast;
      out->op = e.names[0];
      out->type = type;
      out->children = std::move(args);
      return out;
    }
    case ExprKind::kNullIf: {
      // NULLIF(a, b) ≡ CASE WHEN a = b THEN NULL ELSE a END.
      std::vector<BoundExprPtr> cmp;
      cmp.push_back(Bind(*e.children[0]));
      cmp.push_back(Bind(*e.children[1]));
      BoundExprPtr cond = BindOperator("=", std::move(cmp), e.location);
      BoundExprPtr value = cond->children[0]->Copy();
      auto out = std::make_unique<BoundExpr>();
      out->kind = BoundKind::kCase;
      out->type = value->type;
      out->has_else = true;
      out->children.push_back(std::move(cond));
      out->children.push_back(BoundExpr::Constant(Value::Null(value->type)));
      out->children.push_back(std::move(value));
      return out;
    }
    case ExprKind::kBetween: {
      auto side = [&](const char* op, size_t bound) {
        std::vector<BoundExprPtr> args;
        args.push_back(Bind(*e.children[0]));
        args.push_back(Bind(*e.children[bound]));
        return BindOperator(op, std::move(args), e.location);
      };
      std::vector<BoundExprPtr> both;
      both.push_back(side(">=", 1));
      both.push_back(side("<=", 2));
      auto out = MakeBoolean(BoundKind::kAnd, std::move(both));
      if (!e.negated) return out;
      std::vector<BoundExprPtr> neg;
      neg.push_back(std::move(out));
      return MakeBoolean(BoundKind::kNot, std::move(neg));
    }
    case ExprKind::kInList: {
      std::vector<BoundExprPtr> items;
      for (const auto& c : e.children) items.push_back(Bind(*c));
      LogicalType type;
      items = Unify(std::move(items), "IN", &type);
      auto out = MakeBoolean(BoundKind::kInList, std::move(items));
      out->negated = e.negated;
      out->location = e.location;
      return out;
    }
    case ExprKind::kLike: {
      BoundExprPtr a = Bind(*e.children[0]);
      BoundExprPtr b = Bind(*e.children[1]);
      if (a->unknown_literal) a = Coerce(std::move(a), LogicalType::Varchar());
      if (b->unknown_literal || b->type.id() == TypeId::kNull) b = Coerce(std::move(b), LogicalType::Varchar());
      if (a->type.id() == TypeId::kNull) a = Coerce(std::move(a), LogicalType::Varchar());
      if (a->type.id() != TypeId::kVarchar || b->type.id() != TypeId::kVarchar) {
        NoOperator(e.case_insensitive ? "~~*" : "~~", a.get(), *b, e.location);
      }
      std::vector<BoundExprPtr> children;
      children.push_back(std::move(a));
      children.push_back(std::move(b));
      auto out = MakeBoolean(BoundKind::kLike, std::move(children));
      out->negated = e.negated;
      out->case_insensitive = e.case_insensitive;
      return out;
    }
  }
  throw InternalError("unknown expression kind");
}

}  // namespace tributary::sql
