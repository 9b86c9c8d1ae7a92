#pragma once

#include <memory>
#include <string>
#include <vector>

#include "types/value.hpp"

namespace tributary::sql {

struct ScalarFunction;

/// Identifies a column produced somewhere in a logical plan: (table index,
/// column index). Scans, projections and aggregates each own a table index;
/// the resolver later turns bindings into positions in an operator's input.
struct ColumnBinding {
  int table = -1;
  int column = -1;
  friend bool operator==(const ColumnBinding&, const ColumnBinding&) = default;
};

enum class BoundKind : uint8_t {
  kColumn,
  kConstant,
  kCompare,   // op: = <> < <= > >=
  kArith,     // op: + - * / %; unary minus has one child
  kConcat,    // ||, both children text
  kAnd,
  kOr,
  kNot,
  kIsNull,    // negated = IS NOT NULL
  kDistinctFrom,  // negated = IS NOT DISTINCT FROM
  kCast,      // negated = an implicit (assignment) cast
  kCase,      // children: (when, then)* [else]; has_else
  kCoalesce,
  kInList,    // children: value, items...
  kLike,      // children: value, pattern
  kFunction,  // function != nullptr
  kGreatestLeast,  // op = "greatest" or "least"; NULL arguments are ignored
};

struct BoundExpr;
using BoundExprPtr = std::unique_ptr<BoundExpr>;

/// A typed, name-resolved expression. Evaluated a whole vector at a time by
/// execution/expression_executor.
struct BoundExpr {
  BoundKind kind = BoundKind::kConstant;
  LogicalType type;
  ColumnBinding binding;  // kColumn
  int index = -1;         // kColumn: position in the input batch once resolved
  std::string name;       // kColumn: for EXPLAIN
  Value value;            // kConstant
  std::string op;         // kCompare, kArith
  const ScalarFunction* function = nullptr;
  std::vector<BoundExprPtr> children;
  bool negated = false;
  bool case_insensitive = false;
  bool has_else = false;
  bool unknown_literal = false;  // kConstant: a quoted literal not yet given a type
  int location = -1;

  static BoundExprPtr Constant(Value v);
  static BoundExprPtr Column(ColumnBinding binding, LogicalType type, std::string name);
  BoundExprPtr Copy() const;
  /// A readable rendering for EXPLAIN and for matching GROUP BY expressions.
  std::string ToString() const;
  bool IsConstant() const;
  /// Appends the bindings of every column reference.
  void CollectBindings(std::vector<ColumnBinding>* out) const;
};

/// Flattens nested ANDs of `e` into `out` (the conjuncts, in order).
void SplitConjuncts(BoundExprPtr e, std::vector<BoundExprPtr>* out);
/// The AND of `conjuncts`: nullptr for none, the expression itself for one.
BoundExprPtr Conjunction(std::vector<BoundExprPtr> conjuncts);

}  // namespace tributary::sql
