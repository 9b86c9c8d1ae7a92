// Expressions PostgreSQL clients use on the system catalogs: regular
// expression operators, arrays in their text form (subscripts, = ANY), the
// catalog's types (oid, regclass, name, "char") and the functions that read
// the session or the catalog.
#include <algorithm>

#include "binder/expression_binder.hpp"
#include "binder/type_rules.hpp"
#include "function/builtin_kernels.hpp"
#include "function/cast.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

/// A call of the registry's overload of `name` whose declared arguments are
/// exactly the (already coerced) argument types.
BoundExprPtr Call(const std::string& name, std::vector<BoundExprPtr> args, int location) {
  for (const auto& f : BuiltinScalarFunctions()) {
    if (f.name != name || f.arguments.size() != args.size()) continue;
    bool match = true;
    std::vector<LogicalType> types;
    for (size_t i = 0; i < args.size(); i++) {
      match &= args[i]->type.id() == f.arguments[i];
      types.push_back(args[i]->type);
    }
    if (!match) continue;
    auto out = std::make_unique<BoundExpr>();
    out->kind = BoundKind::kFunction;
    out->function = &f;
    out->type = f.return_type(types);
    out->location = location;
    out->children = std::move(args);
    return out;
  }
  throw InternalError("no built-in " + name + " for these argument types");
}

/// `e` as text: untyped literals and NULLs become text; other types are
/// accepted only when `any_type` (their text output is used).
BoundExprPtr AsText(BoundExprPtr e, bool any_type) {
  if (e->type.id() == TypeId::kVarchar) return e;
  if (e->unknown_literal || e->type.id() == TypeId::kNull || any_type) return Coerce(std::move(e), LogicalType::Varchar());
  return nullptr;
}

BoundExprPtr Not(BoundExprPtr e) {
  auto out = std::make_unique<BoundExpr>();
  out->kind = BoundKind::kNot;
  out->type = LogicalType::Boolean();
  out->location = e->location;
  out->children.push_back(std::move(e));
  return out;
}

[[noreturn]] void Unsupported(const std::string& what, int location) {
  throw SqlError(what + " is not supported", "0A000", location);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

BoundExprPtr ExpressionBinder::BindRegexMatch(const std::string& op, BoundExprPtr a, BoundExprPtr b, int location) {
  std::string shown_a = TypeNameForMessage(*a), shown_b = TypeNameForMessage(*b);
  a = AsText(std::move(a), false);
  b = AsText(std::move(b), false);
  if (!a || !b) {
    throw SqlError("operator does not exist: " + shown_a + " " + op + " " + shown_b, "42883", location,
                   "No operator matches the given name and argument types. You might need to add explicit type casts.");
  }
  std::vector<BoundExprPtr> args;
  args.push_back(std::move(a));
  args.push_back(std::move(b));
  if (op.find('*') != std::string::npos) args.push_back(BoundExpr::Constant(Value::Varchar("i")));
  BoundExprPtr match = Call("regexp_like", std::move(args), location);
  return op[0] == '!' ? Not(std::move(match)) : std::move(match);
}

BoundExprPtr ExpressionBinder::BindSubscript(const Expr& e) {
  BoundExprPtr array = AsText(Bind(*e.children[0]), false);
  if (!array) throw SqlError("cannot subscript type " + TypeNameForMessage(*Bind(*e.children[0])) + " because it is not an array", "42804", e.location);
  BoundExprPtr subscript = Bind(*e.children[1]);
  if (ImplicitCastCost(*subscript, LogicalType::Integer()) < 0) {
    throw SqlError("array subscript must have type integer", "42804", e.children[1]->location);
  }
  std::vector<BoundExprPtr> args;
  args.push_back(std::move(array));
  args.push_back(Coerce(std::move(subscript), LogicalType::Integer()));
  static const ScalarFunction kSubscript{"subscript", {TypeId::kVarchar, TypeId::kInteger},
                                         [](const std::vector<LogicalType>&) { return LogicalType::Varchar(); },
                                         ArraySubscriptKernel};
  auto out = std::make_unique<BoundExpr>();
  out->kind = BoundKind::kFunction;
  out->function = &kSubscript;
  out->type = LogicalType::Varchar();
  out->location = e.location;
  out->children = std::move(args);
  return out;
}

BoundExprPtr ExpressionBinder::BindArrayCompare(const Expr& e) {
  const std::string& op = e.names[0];
  const bool any = e.names[1] == "any";
  if (!((op == "=" && any) || (op == "<>" && !any))) {
    Unsupported(op + " " + (any ? "ANY" : "ALL") + " (array) (only = ANY and <> ALL are supported)", e.location);
  }
  BoundExprPtr value = AsText(Bind(*e.children[0]), true);
  BoundExprPtr array = AsText(Bind(*e.children[1]), false);
  if (!array) throw SqlError("op ANY/ALL (array) requires array on right side", "42809", e.location);
  std::vector<BoundExprPtr> args;
  args.push_back(std::move(array));
  args.push_back(std::move(value));
  auto found = std::make_unique<BoundExpr>();
  found->kind = BoundKind::kIsNull;
  found->type = LogicalType::Boolean();
  found->negated = any;  // = ANY: found; <> ALL: not found
  found->location = e.location;
  found->children.push_back(Call("array_position", std::move(args), e.location));
  return found;
}

BoundExprPtr ExpressionBinder::BindCatalogFunction(const std::string& name, std::vector<BoundExprPtr>* args,
                                                   int location) {
  auto arity = [&](size_t low, size_t high) {
    if (args->size() < low || args->size() > high) {
      throw SqlError("function " + name + " with " + std::to_string(args->size()) + " arguments does not exist",
                     "42883", location);
    }
  };
  auto oid_arg = [&](size_t i) {
    BoundExprPtr a = std::move((*args)[i]);
    if (ImplicitCastCost(*a, LogicalType::Integer()) < 0 && !a->unknown_literal) {
      throw SqlError("function " + name + "(" + TypeNameForMessage(*a) + ") does not exist", "42883", location);
    }
    return Coerce(std::move(a), LogicalType::Integer());
  };
  auto constant = [&](Value v) {
    auto c = BoundExpr::Constant(std::move(v));
    c->location = location;
    return c;
  };
  if (name == "current_database" || name == "current_catalog") {
    arity(0, 0);
    return constant(Value::Varchar(binder_->system_catalog().database()));
  }
  if (name == "current_schema") {
    arity(0, 0);
    return constant(Value::Varchar(kDefaultSchema));
  }
  if (name == "current_schemas") {
    arity(1, 1);
    BoundExprPtr implicit = Coerce(std::move((*args)[0]), LogicalType::Boolean());
    if (implicit->kind != BoundKind::kConstant) Unsupported("current_schemas of a non-constant argument", location);
    if (implicit->value.is_null()) return constant(Value::Null(LogicalType::Varchar()));
    return constant(Value::Varchar(implicit->value.GetBool() ? "{pg_catalog,public}" : "{public}"));
  }
  if (name == "current_setting" || name == "set_config") {
    // The settings as the statement is bound: set_config applies its change
    // then, as SET would, and returns the new value.
    binder_->MarkVolatile();  // a cached result would not follow the session's settings
    arity(name == "current_setting" ? 1 : 3, name == "current_setting" ? 2 : 3);
    std::vector<Value> values;
    for (auto& a : *args) {
      if (a->kind != BoundKind::kConstant) Unsupported(name + " with arguments that are not constants", location);
      values.push_back(a->value);
    }
    SessionSettingsAccess* settings = binder_->identity().settings;
    if (settings == nullptr) Unsupported(name + " outside a session", location);
    auto text = [&](size_t i) { return CastValue(values[i], LogicalType::Varchar()); };
    Value setting = text(0);
    if (setting.is_null()) return constant(Value::Null(LogicalType::Varchar()));
    if (name == "set_config") {
      Value value = text(1);
      Value is_local = CastValue(values[2], LogicalType::Boolean());
      if (!is_local.is_null() && is_local.GetBool()) Unsupported("set_config with is_local true", location);
      settings->Set(setting.GetString(), value.is_null() ? "" : value.GetString());
      return constant(Value::Varchar(settings->Show(setting.GetString())));
    }
    bool missing_ok = values.size() == 2 && !values[1].is_null() && CastValue(values[1], LogicalType::Boolean()).GetBool();
    try {
      return constant(Value::Varchar(settings->Show(setting.GetString())));
    } catch (const SqlError& e) {
      if (missing_ok && e.sqlstate() == "42704") return constant(Value::Null(LogicalType::Varchar()));
      throw SqlError(e.what(), e.sqlstate(), location);
    }
  }
  if (name == "pg_get_userbyid") {
    arity(1, 1);
    return binder_->system_catalog().RoleNameOf(oid_arg(0));
  }
  if (name == "pg_table_is_visible") {
    arity(1, 1);
    return binder_->system_catalog().TableIsVisible(oid_arg(0));
  }
  if (name == "has_table_privilege" || name == "has_schema_privilege") {
    // [user,] object, privileges: the user and the privileges must be constants.
    arity(2, 3);
    AccessRoles access = binder_->identity().access;
    size_t first = args->size() - 2;
    auto constant_text = [&](size_t i) {
      BoundExprPtr& a = (*args)[i];
      if (a->kind != BoundKind::kConstant || a->value.is_null()) Unsupported(name + " with a non-constant user or privilege", location);
      return CastValue(a->value, LogicalType::Varchar()).GetString();
    };
    if (first == 1) {
      std::string user = constant_text(0);
      access = ResolveAccessRoles(*binder_->catalog(), user);
    }
    std::string privileges = constant_text(first + 1);
    BoundExprPtr object = std::move((*args)[first]);
    if (object->unknown_literal) object = Coerce(std::move(object), LogicalType::Varchar());
    return binder_->system_catalog().HasPrivilege(access, name == "has_schema_privilege" ? "schema" : "relation",
                                                   std::move(object), privileges, location);
  }
  if (name == "pg_table_size" || name == "pg_relation_size" || name == "pg_total_relation_size") {
    arity(1, name == "pg_relation_size" ? 2 : 1);
    return binder_->system_catalog().RelationSize(oid_arg(0));
  }
  if (name == "pg_get_constraintdef") {
    arity(1, 2);
    return binder_->system_catalog().ConstraintDefinition(oid_arg(0));
  }
  if (name == "pg_relation_is_publishable") {
    arity(1, 1);
    return binder_->system_catalog().RelationIsPublishable(oid_arg(0));
  }
  if (name == "pg_get_statisticsobjdef_columns") {
    // Tributary has no extended statistics (pg_statistic_ext is empty): NULL.
    arity(1, 1);
    return constant(Value::Null(LogicalType::Varchar()));
  }
  if (name == "pg_get_indexdef") {
    // Tributary has no indexes: every oid is an unknown index (NULL).
    arity(1, 3);
    return constant(Value::Null(LogicalType::Varchar()));
  }
  if (name == "obj_description" || name == "col_description" || name == "shobj_description") {
    // Tributary has no COMMENT ON: pg_description is empty, every description NULL.
    arity(name == "obj_description" ? 1 : 2, 2);
    return constant(Value::Null(LogicalType::Varchar()));
  }
  return nullptr;
}

BoundExprPtr ExpressionBinder::BindCatalogCast(const Expr& e) {
  const std::string type = Lower(e.type_name);
  if (type.ends_with("[]")) {
    // An array is its text form: the cast checks the element type and, for
    // a literal, the text's syntax.
    std::string element = type.substr(0, type.size() - 2);
    if (element != "name" && element != "char" && element != "oid" && !LogicalType::Parse(element).ok()) {
      throw SqlError("type \"" + element + "\" does not exist", "42704", e.location);
    }
    BoundExprPtr arg = Bind(*e.children[0]);
    if (arg->kind == BoundKind::kConstant && arg->unknown_literal && !arg->value.is_null()) {
      CheckArrayText(arg->value.GetString());
    } else if (arg->type.id() != TypeId::kVarchar && arg->type.id() != TypeId::kNull) {
      throw SqlError("cannot cast type " + arg->type.ToString() + " to " + type, "42846", e.location);
    }
    return Coerce(std::move(arg), LogicalType::Varchar());
  }
  if (type == "name" || type == "char") {
    BoundExprPtr arg = Bind(*e.children[0]);
    auto out = Coerce(std::move(arg), LogicalType::Varchar());
    out->location = e.location;
    return out;
  }
  if (type == "oid") {
    BoundExprPtr arg = Bind(*e.children[0]);
    if (arg->kind == BoundKind::kConstant && (arg->unknown_literal || arg->value.is_null())) {
      auto c = BoundExpr::Constant(CastValue(arg->value, LogicalType::Integer()));
      c->location = e.location;
      return c;
    }
    if (!arg->type.is_integral()) {
      throw SqlError("cannot cast type " + arg->type.ToString() + " to oid", "42846", e.location);
    }
    return Coerce(std::move(arg), LogicalType::Integer());
  }
  if (type == "regclass") {
    BoundExprPtr arg = Bind(*e.children[0]);
    if (arg->kind == BoundKind::kConstant && !arg->value.is_null() && arg->type.id() == TypeId::kVarchar) {
      auto c = BoundExpr::Constant(Value::Integer(binder_->system_catalog().RegclassOid(arg->value.GetString(), arg->location)));
      c->location = e.location;
      return c;
    }
    if (arg->type.is_integral()) {
      return binder_->system_catalog().NameOfOid(type, Coerce(std::move(arg), LogicalType::Integer()));
    }
    Unsupported("casting a non-constant text value to regclass", e.location);
  }
  if (type == "regtype" || type == "regnamespace" || type == "regrole") {
    // A constant name is the object's oid; an oid prints as the object's name.
    BoundExprPtr arg = Bind(*e.children[0]);
    if (arg->kind == BoundKind::kConstant && !arg->value.is_null() && arg->type.id() == TypeId::kVarchar) {
      auto c = BoundExpr::Constant(
          Value::Integer(binder_->system_catalog().OidOfName(type, arg->value.GetString(), arg->location)));
      c->location = e.location;
      return c;
    }
    if (arg->type.is_integral()) {
      return binder_->system_catalog().NameOfOid(type, Coerce(std::move(arg), LogicalType::Integer()));
    }
    Unsupported("casting a non-constant text value to " + type, e.location);
  }
  if (type == "regproc" || type == "regprocedure" || type == "regoper" || type == "regconfig") {
    Unsupported("type " + type, e.location);
  }
  return nullptr;
}

}  // namespace tributary::sql
