#pragma once

#include "binder/binder.hpp"

namespace tributary::sql {

/// Binds one expression in a scope. In a grouped query (`groups` set), an
/// expression equal to a GROUP BY item becomes a reference to it and
/// aggregate calls are collected into `aggregates`; any other column
/// reference is a 42803 error.
class ExpressionBinder {
 public:
  ExpressionBinder(Binder* binder, const std::vector<Binder::ScopeTable>* scope, std::string clause)
      : binder_(binder), scope_(scope), clause_(std::move(clause)) {}

  void SetGrouping(const std::vector<BoundExprPtr>* groups, int group_index, std::vector<AggregateCall>* aggregates,
                   int aggregate_index) {
    groups_ = groups;
    group_index_ = group_index;
    aggregates_ = aggregates;
    aggregate_index_ = aggregate_index;
  }
  /// Allows window function calls (SELECT list and ORDER BY), collected into
  /// `windows`; elsewhere they fail with 42P20.
  void SetWindows(std::vector<WindowCall>* windows, int window_index,
                  const std::vector<NamedWindow>* named_windows = nullptr) {
    windows_ = windows;
    window_index_ = window_index;
    named_windows_ = named_windows;
  }
  /// For WHERE and friends: any aggregate is an error.
  void ForbidAggregates() { aggregates_allowed_ = false; }

  BoundExprPtr Bind(const Expr& e);
  /// Binds and requires a boolean (42804 naming the clause otherwise).
  BoundExprPtr BindCondition(const Expr& e);

  /// A window specification with its references to named windows followed:
  /// PARTITION BY from the window referred to, ORDER BY from it unless this
  /// one has its own (allowed only when it has none), the frame from the
  /// specification written (OVER w: w's). PostgreSQL's 42P20/42704 errors.
  struct ResolvedWindow {
    const std::vector<ExprPtr>* partition_by;
    const std::vector<OrderItem>* order_by;
    const WindowSpec* frame;
  };
  /// Resolves `spec` against the first `visible` entries of `named`.
  static ResolvedWindow ResolveWindow(const WindowSpec& spec, const std::vector<NamedWindow>* named, size_t visible);

  static bool IsAggregateName(const std::string& name);
  static bool ContainsAggregate(const Expr& e);
  static bool ContainsSubquery(const Expr& e);
  static bool ContainsWindow(const Expr& e);
  /// Fills `call`'s kind and result type for aggregate `name` over `argument` (42883 when undefined).
  static void TypeAggregate(const std::string& name, const LogicalType& argument, AggregateCall* call, int location);

 private:
  BoundExprPtr BindNode(const Expr& e);
  BoundExprPtr BindColumn(const Expr& e);
  BoundExprPtr BindAggregate(const Expr& e);
  /// An aggregate's argument, ORDER BY key: untyped literals become text.
  BoundExprPtr BindAggregateArgument(const Expr& e);
  BoundExprPtr BindGrouping(const Expr& e);
  BoundExprPtr BindWindow(const Expr& e);
  BoundExprPtr BindFunction(const Expr& e);
  BoundExprPtr BindOperator(const std::string& op, std::vector<BoundExprPtr> args, int location);
  // PostgreSQL catalog support (catalog_expressions.cpp).
  /// `a ~ b`, `~*`, `!~`, `!~*`: regexp_like, negated for the `!` forms.
  BoundExprPtr BindRegexMatch(const std::string& op, BoundExprPtr a, BoundExprPtr b, int location);
  /// array[n] over an array's text form.
  BoundExprPtr BindSubscript(const Expr& e);
  /// `x = ANY (array)` and `x <> ALL (array)` over an array's text form.
  BoundExprPtr BindArrayCompare(const Expr& e);
  /// Functions that read the session or the catalog (current_database(),
  /// pg_get_userbyid, pg_table_is_visible, ...); null for any other name.
  BoundExprPtr BindCatalogFunction(const std::string& name, std::vector<BoundExprPtr>* args, int location);
  /// Casts to PostgreSQL's catalog types (oid, regclass, name, "char"); null for other types.
  BoundExprPtr BindCatalogCast(const Expr& e);
  BoundExprPtr MakeBoolean(BoundKind kind, std::vector<BoundExprPtr> children);
  BoundExprPtr ToBoolean(BoundExprPtr e, const std::string& context);
  std::vector<BoundExprPtr> Unify(std::vector<BoundExprPtr> exprs, const std::string& context, LogicalType* type);

  /// Whether every column `e` reads belongs to an enclosing query (none to
  /// this query's FROM items): a constant for this query's groups.
  bool OnlyOuterColumns(const BoundExpr& e) const;
  Binder* binder_;
  const std::vector<Binder::ScopeTable>* scope_;
  std::string clause_;
  const std::vector<BoundExprPtr>* groups_ = nullptr;
  int group_index_ = -1;
  std::vector<AggregateCall>* aggregates_ = nullptr;
  int aggregate_index_ = -1;
  bool aggregates_allowed_ = true;
  bool in_aggregate_ = false;
  std::vector<WindowCall>* windows_ = nullptr;
  int window_index_ = -1;
  const std::vector<NamedWindow>* named_windows_ = nullptr;
  bool in_window_ = false;
};

}  // namespace tributary::sql
