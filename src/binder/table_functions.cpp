// Set-returning functions in FROM: generate_series.
#include <algorithm>

#include "binder/binder.hpp"
#include "binder/expression_binder.hpp"
#include "binder/type_rules.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

bool IsInteger(const BoundExpr& e) {
  TypeId t = e.type.id();
  return t == TypeId::kSmallInt || t == TypeId::kInteger || t == TypeId::kBigInt ||
         (e.kind == BoundKind::kConstant && e.type.id() == TypeId::kNull);
}

bool IsTimestampLike(const BoundExpr& e) {
  TypeId t = e.type.id();
  return t == TypeId::kDate || t == TypeId::kTimestamp || t == TypeId::kTimestampTz || e.unknown_literal ||
         t == TypeId::kNull;
}

}  // namespace

LogicalPtr Binder::BindSeries(const TableRef& ref, Scope* scope, LogicalPtr input) {
  if (ref.function_args.size() < 2 || ref.function_args.size() > 3) {
    throw SqlError("function generate_series with " + std::to_string(ref.function_args.size()) +
                       " arguments does not exist",
                   "42883", ref.location, "generate_series takes start, stop and an optional step.");
  }
  // The arguments see the FROM items to the left (LATERAL) and enclosing queries.
  size_t subqueries = pending_.size();
  std::vector<BoundExprPtr> args;
  for (const auto& a : ref.function_args) {
    ExpressionBinder binder(this, scope, "functions in FROM");
    binder.ForbidAggregates();
    args.push_back(binder.Bind(*a));
  }
  RejectSubqueries(subqueries, "functions in FROM");

  // PostgreSQL's overloads: (int, int [, int]), (bigint, bigint [, bigint]),
  // (timestamp, timestamp, interval), (timestamptz, timestamptz, interval);
  // dates and untyped literals with an interval step are timestamptz.
  if (std::all_of(args.begin(), args.end(), [](const BoundExprPtr& a) { return a->unknown_literal; })) {
    std::string types;
    for (size_t i = 0; i < args.size(); i++) types += i ? ", unknown" : "unknown";
    throw SqlError("function generate_series(" + types + ") is not unique", "42725", ref.location,
                   "Could not choose a best candidate function. You might need to add explicit type casts.");
  }
  LogicalType type;
  bool integers = IsInteger(*args[0]) && IsInteger(*args[1]) && (args.size() == 2 || IsInteger(*args[2]));
  bool any_literal = std::any_of(args.begin(), args.end(), [](const BoundExprPtr& a) { return a->unknown_literal; });
  if (integers || (any_literal && args.size() == 2)) {
    type = LogicalType::Integer();
    for (const auto& a : args) {
      if (a->type.id() == TypeId::kBigInt) type = LogicalType::BigInt();
    }
  } else if (args.size() == 3 && IsTimestampLike(*args[0]) && IsTimestampLike(*args[1]) &&
             (args[2]->type.id() == TypeId::kInterval || args[2]->unknown_literal)) {
    bool plain = (args[0]->type.id() == TypeId::kTimestamp || args[1]->type.id() == TypeId::kTimestamp) &&
                 args[0]->type.id() != TypeId::kTimestampTz && args[1]->type.id() != TypeId::kTimestampTz &&
                 args[0]->type.id() != TypeId::kDate && args[1]->type.id() != TypeId::kDate;
    type = plain ? LogicalType::Timestamp() : LogicalType::TimestampTz();
  } else {
    std::string types;
    for (size_t i = 0; i < args.size(); i++) types += (i ? ", " : "") + TypeNameForMessage(*args[i]);
    throw SqlError("function generate_series(" + types + ") does not exist", "42883", ref.location,
                   "generate_series takes integers, or timestamps and an interval step.");
  }
  for (size_t i = 0; i < args.size(); i++) {
    args[i] = Coerce(std::move(args[i]), i == 2 && type.is_temporal() ? LogicalType::Interval() : type);
  }

  // A series over no column of the FROM items to its left stands alone
  // (joined to them by the caller); one over their columns runs per row of them.
  std::vector<ColumnBinding> used;
  for (const auto& a : args) a->CollectBindings(&used);
  bool lateral = false;
  for (const auto& b : used) {
    for (const auto& t : *scope) {
      for (size_t c = 0; c < t.columns.size(); c++) lateral |= t.BindingOf(c) == b;
    }
  }
  if (lateral && input == nullptr) {
    throw SqlError("generate_series in a JOIN over the columns of the other side is not supported", "0A000",
                   ref.location, "List it in FROM after a comma instead: FROM t, generate_series(t.a, t.b) s.");
  }
  auto series = std::make_unique<LogicalOperator>();
  series->kind = LogicalKind::kSeries;
  series->table_index = next_table_index_++;
  series->expressions = std::move(args);
  series->value_types = {type};
  if (lateral) {
    series->children.push_back(std::move(input));
  } else {
    auto one_row = std::make_unique<LogicalOperator>();
    one_row->kind = LogicalKind::kValues;
    one_row->table_index = next_table_index_++;
    one_row->rows.emplace_back();
    series->children.push_back(std::move(one_row));
  }

  ScopeTable entry;
  entry.name = ref.alias;
  CheckUniqueName(*scope, entry.name, ref.location);
  if (ref.column_aliases.size() > 1) {
    throw SqlError("table \"" + ref.alias + "\" has 1 columns available but " +
                       std::to_string(ref.column_aliases.size()) + " columns specified",
                   "42P10", ref.location);
  }
  entry.table_index = series->table_index;
  entry.columns.push_back(ref.column_aliases.empty() ? ref.alias : ref.column_aliases[0]);
  entry.types.push_back(type);
  scope->push_back(std::move(entry));
  if (lateral || input == nullptr) return series;
  auto join = std::make_unique<LogicalOperator>();
  join->kind = LogicalKind::kJoin;
  join->join = LogicalJoinKind::kCross;
  join->children.push_back(std::move(input));
  join->children.push_back(std::move(series));
  return join;
}

}  // namespace tributary::sql
