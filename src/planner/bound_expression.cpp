#include "planner/bound_expression.hpp"

#include "function/scalar_function.hpp"

namespace tributary::sql {

BoundExprPtr BoundExpr::Constant(Value v) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = BoundKind::kConstant;
  e->type = v.type();
  e->value = std::move(v);
  return e;
}

BoundExprPtr BoundExpr::Column(ColumnBinding binding, LogicalType type, std::string name) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = BoundKind::kColumn;
  e->type = type;
  e->binding = binding;
  e->name = std::move(name);
  return e;
}

BoundExprPtr BoundExpr::Copy() const {
  auto e = std::make_unique<BoundExpr>();
  e->kind = kind;
  e->type = type;
  e->binding = binding;
  e->index = index;
  e->name = name;
  e->value = value;
  e->op = op;
  e->function = function;
  e->negated = negated;
  e->case_insensitive = case_insensitive;
  e->has_else = has_else;
  e->unknown_literal = unknown_literal;
  e->location = location;
  for (const auto& c : children) e->children.push_back(c->Copy());
  return e;
}

bool BoundExpr::IsConstant() const {
  if (kind == BoundKind::kColumn) return false;
  for (const auto& c : children) {
    if (!c->IsConstant()) return false;
  }
  return true;
}

void BoundExpr::CollectBindings(std::vector<ColumnBinding>* out) const {
  if (kind == BoundKind::kColumn) out->push_back(binding);
  for (const auto& c : children) c->CollectBindings(out);
}

std::string BoundExpr::ToString() const {
  auto list = [&](size_t from) {
    std::string s;
    for (size_t i = from; i < children.size(); i++) {
      if (i > from) s += ", ";
      s += children[i]->ToString();
    }
    return s;
  };
  switch (kind) {
    case BoundKind::kColumn: return name.empty() ? "#" + std::to_string(binding.table) + "." + std::to_string(binding.column) : name;
    case BoundKind::kConstant: {
      if (value.is_null()) return "NULL";
      std::string text = value.ToString();
      if (type.id() == TypeId::kVarchar || type.is_temporal()) return "'" + text + "'::" + type.ToString();
      return text;
    }
    case BoundKind::kCompare:
    case BoundKind::kArith:
      if (children.size() == 1) return "(" + op + children[0]->ToString() + ")";
      return "(" + children[0]->ToString() + " " + op + " " + children[1]->ToString() + ")";
    case BoundKind::kConcat: return "(" + children[0]->ToString() + " || " + children[1]->ToString() + ")";
    case BoundKind::kAnd:
    case BoundKind::kOr: {
      std::string s = "(";
      for (size_t i = 0; i < children.size(); i++) {
        if (i > 0) s += kind == BoundKind::kAnd ? " AND " : " OR ";
        s += children[i]->ToString();
      }
      return s + ")";
    }
    case BoundKind::kNot: return "(NOT " + children[0]->ToString() + ")";
    case BoundKind::kIsNull: return "(" + children[0]->ToString() + (negated ? " IS NOT NULL)" : " IS NULL)");
    case BoundKind::kDistinctFrom:
      return "(" + children[0]->ToString() + (negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ") +
             children[1]->ToString() + ")";
    case BoundKind::kCast: return children[0]->ToString() + "::" + type.ToString();
    case BoundKind::kCase: {
      std::string s = "CASE";
      size_t pairs = (children.size() - (has_else ? 1 : 0)) / 2;
      for (size_t i = 0; i < pairs; i++) {
        s += " WHEN " + children[2 * i]->ToString() + " THEN " + children[2 * i + 1]->ToString();
      }
      if (has_else) s += " ELSE " + children.back()->ToString();
      return s + " END";
    }
    case BoundKind::kCoalesce: return "COALESCE(" + list(0) + ")";
    case BoundKind::kGreatestLeast: return (op == "greatest" ? "GREATEST(" : "LEAST(") + list(0) + ")";
    case BoundKind::kInList:
      return "(" + children[0]->ToString() + (negated ? " NOT IN (" : " IN (") + list(1) + "))";
    case BoundKind::kLike:
      return "(" + children[0]->ToString() + (negated ? " NOT " : " ") + (case_insensitive ? "ILIKE " : "LIKE ") +
             children[1]->ToString() + ")";
    case BoundKind::kFunction: return function->name + "(" + list(0) + ")";
  }
  return "?";
}

void SplitConjuncts(BoundExprPtr e, std::vector<BoundExprPtr>* out) {
  if (e->kind == BoundKind::kAnd) {
    for (auto& c : e->children) SplitConjuncts(std::move(c), out);
  } else {
    out->push_back(std::move(e));
  }
}

BoundExprPtr Conjunction(std::vector<BoundExprPtr> conjuncts) {
  if (conjuncts.empty()) return nullptr;
  if (conjuncts.size() == 1) return std::move(conjuncts[0]);
  auto e = std::make_unique<BoundExpr>();
  e->kind = BoundKind::kAnd;
  e->type = LogicalType::Boolean();
  e->children = std::move(conjuncts);
  return e;
}

}  // namespace tributary::sql
