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
  /// The first `visible` entries of the WINDOW clause named `name` (42704 when none).
  const WindowSpec* ResolveNamedWindow(const std::string& name, int location, size_t visible) const;
  BoundExprPtr BindWindow(const Expr& e);
  BoundExprPtr BindFunction(const Expr& e);
  BoundExprPtr BindOperator(const std::string& op, std::vector<BoundExprPtr> args, int location);
  BoundExprPtr MakeBoolean(BoundKind kind, std::vector<BoundExprPtr> children);
  BoundExprPtr ToBoolean(BoundExprPtr e, const std::string& context);
  std::vector<BoundExprPtr> Unify(std::vector<BoundExprPtr> exprs, const std::string& context, LogicalType* type);

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
