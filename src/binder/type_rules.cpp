#include "binder/type_rules.hpp"

#include "function/cast.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

int NumericRank(TypeId id) {
  switch (id) {
    case TypeId::kSmallInt: return 1;
    case TypeId::kInteger: return 2;
    case TypeId::kBigInt: return 3;
    case TypeId::kNumeric: return 4;
    case TypeId::kReal: return 5;
    case TypeId::kDouble: return 6;
    default: return 0;
  }
}

int TemporalRank(TypeId id) {
  switch (id) {
    case TypeId::kDate: return 1;
    case TypeId::kTimestamp: return 2;
    case TypeId::kTimestampTz: return 3;
    default: return 0;
  }
}

bool IsUnknown(const BoundExpr& e) { return e.kind == BoundKind::kConstant && e.unknown_literal; }
bool IsNullConstant(const BoundExpr& e) { return e.kind == BoundKind::kConstant && e.type.id() == TypeId::kNull; }

}  // namespace

std::string TypeNameForMessage(const BoundExpr& e) {
  if (IsUnknown(e)) return "unknown";
  return e.type.ToString();
}

int ImplicitCastCost(const BoundExpr& from, const LogicalType& to) {
  const LogicalType& f = from.type;
  if (f == to) return 0;
  if (IsUnknown(from) || IsNullConstant(from)) return 1;
  if (f.id() == to.id()) return 1;  // numeric(p,s) / varchar(n) variants
  int a = NumericRank(f.id()), b = NumericRank(to.id());
  if (a > 0 && b > 0 && a < b) return b - a;
  a = TemporalRank(f.id());
  b = TemporalRank(to.id());
  // timestamptz is the preferred type of the date/time category.
  if (a > 0 && b > 0 && a < b) return to.id() == TypeId::kTimestampTz ? 1 : 2;
  return -1;
}

std::optional<LogicalType> CommonType(const BoundExpr& a, const BoundExpr& b) {
  bool ua = IsUnknown(a) || IsNullConstant(a), ub = IsUnknown(b) || IsNullConstant(b);
  if (ua && ub) {
    if (IsNullConstant(a) && IsNullConstant(b)) return LogicalType::Null();
    return LogicalType::Varchar();
  }
  // An untyped literal meeting varchar(n) is text: comparing with a longer
  // literal must not truncate it.
  auto widen = [](const LogicalType& t) { return t.id() == TypeId::kVarchar ? LogicalType::Varchar() : t; };
  if (ua) return widen(b.type);
  if (ub) return widen(a.type);
  const LogicalType &x = a.type, &y = b.type;
  if (x.id() == y.id()) {
    if (x.id() == TypeId::kNumeric) return LogicalType::NumericUnchecked(38, std::max(x.scale(), y.scale()));
    if (x.id() == TypeId::kVarchar && !(x == y)) return LogicalType::Varchar();
    return x;
  }
  int rx = NumericRank(x.id()), ry = NumericRank(y.id());
  if (rx > 0 && ry > 0) {
    const LogicalType& hi = rx > ry ? x : y;
    if (hi.id() == TypeId::kNumeric) {
      int scale = std::max(x.id() == TypeId::kNumeric ? x.scale() : 0, y.id() == TypeId::kNumeric ? y.scale() : 0);
      return LogicalType::NumericUnchecked(38, scale);
    }
    return hi;
  }
  int tx = TemporalRank(x.id()), ty = TemporalRank(y.id());
  if (tx > 0 && ty > 0) return tx > ty ? x : y;
  return std::nullopt;
}

BoundExprPtr Coerce(BoundExprPtr expr, const LogicalType& to, bool assignment) {
  if (expr->type == to && !expr->unknown_literal) return expr;
  if (to.id() == TypeId::kNull) return expr;
  if (expr->kind == BoundKind::kConstant) {
    int location = expr->location;
    try {
      auto out = BoundExpr::Constant(CastValue(expr->value, to, !assignment));
      out->location = location;
      return out;
    } catch (const SqlError& e) {
      throw SqlError(e.what(), e.sqlstate(), location);
    }
  }
  if (expr->type == to) return expr;
  // Numerics of the same scale share their representation.
  if (expr->type.id() == TypeId::kNumeric && to.id() == TypeId::kNumeric && expr->type.scale() == to.scale() &&
      expr->type.precision() <= to.precision()) {
    return expr;
  }
  auto cast = std::make_unique<BoundExpr>();
  cast->kind = BoundKind::kCast;
  cast->type = to;
  cast->negated = true;
  cast->location = expr->location;
  cast->children.push_back(std::move(expr));
  return cast;
}

BoundExprPtr CoerceForAssignment(BoundExprPtr expr, const LogicalType& to, const std::string& column) {
  bool ok = ImplicitCastCost(*expr, to) >= 0 || (expr->type.is_numeric() && to.is_numeric()) ||
            to.id() == TypeId::kVarchar || (expr->type.is_temporal() && to.is_temporal());
  if (!ok) {
    throw SqlError("column \"" + column + "\" is of type " + to.ToString() + " but expression is of type " +
                       TypeNameForMessage(*expr),
                   "42804", expr->location, "You will need to rewrite or cast the expression.");
  }
  return Coerce(std::move(expr), to, true);
}

}  // namespace tributary::sql
