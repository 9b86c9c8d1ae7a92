#include "parser/parser.hpp"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <memory>

#include "parser/policy_transform.hpp"
#include "parser/role_transform.hpp"
#include "parser/sql_error.hpp"
#include "types/decimal.hpp"

namespace tributary::sql {

namespace {

[[noreturn]] void Unsupported(const std::string& what, int location = -1) {
  throw SqlError(what + " is not supported", "0A000", location);
}

std::string StringOf(const PgQuery__Node* node) {
  if (node != nullptr && node->node_case == PG_QUERY__NODE__NODE_STRING) return node->string->sval;
  Unsupported("this name form");
}

std::vector<std::string> Names(size_t n, PgQuery__Node** nodes) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; i++) out.push_back(StringOf(nodes[i]));
  return out;
}

/// Type names as LogicalType::Parse accepts them ("numeric(12,2)",
/// "varchar(20)", "timestamp with time zone").
std::string TypeNameOf(const PgQuery__TypeName* t) {
  std::vector<std::string> names = Names(t->n_names, t->names);
  std::string name = names.back();
  if (names.size() == 2 && names[0] != "pg_catalog") Unsupported("type \"" + names[0] + "." + name + "\"", t->location);
  // pg_catalog internal names the grammar produces for SQL-standard types.
  if (name == "int2") name = "smallint";
  else if (name == "int4") name = "integer";
  else if (name == "int8") name = "bigint";
  else if (name == "float4") name = "real";
  else if (name == "float8") name = "double precision";
  else if (name == "bool") name = "boolean";
  else if (name == "bpchar") name = "varchar";
  else if (name == "timestamptz") name = "timestamp with time zone";
  if (t->n_typmods > 0) {
    std::string mods;
    for (size_t i = 0; i < t->n_typmods; i++) {
      const PgQuery__Node* m = t->typmods[i];
      if (m->node_case != PG_QUERY__NODE__NODE_A_CONST || m->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL) {
        Unsupported("this type modifier", t->location);
      }
      if (!mods.empty()) mods += ",";
      mods += std::to_string(m->a_const->ival->ival);
    }
    if (name == "timestamp" || name == "timestamp with time zone") return name;  // precision ignored
    if (name == "interval") Unsupported("interval field and precision qualifiers", t->location);
    name += "(" + mods + ")";
  }
  // Arrays are their text form; only casts accept them (the binder).
  if (t->n_array_bounds > 0) name += "[]";
  return name;
}

class Transformer {
 public:
  explicit Transformer(const ParameterValues* params = nullptr) : params_(params) {}
  /// The largest parameter number referenced so far.
  int highest_parameter() const { return highest_parameter_; }
  ExprPtr TransformExpr(const PgQuery__Node* node);
  std::unique_ptr<SelectStatement> TransformSelect(const PgQuery__SelectStmt* stmt);
  TableRefPtr TransformTableRef(const PgQuery__Node* node);
  void TransformStatement(const PgQuery__Node* node, Statement* out);
  /// DELETE / UPDATE / MERGE / TRUNCATE.
  void TransformModify(const PgQuery__Node* node, Statement* out);

 private:
  std::vector<SetClause> TransformSetList(size_t n, PgQuery__Node** targets);
  ExprPtr TransformParameter(const PgQuery__ParamRef* p);
  const ParameterValues* params_;
  int highest_parameter_ = 0;
  ExprPtr MakeExpr(ExprKind kind, int location) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->location = location;
    return e;
  }
  ExprPtr TransformConstant(const PgQuery__AConst* c);
  std::shared_ptr<WindowSpec> TransformWindow(const PgQuery__WindowDef* w);
  OrderItem TransformSortBy(const PgQuery__SortBy* sb);
  ExprPtr TransformAExpr(const PgQuery__AExpr* a);
  ExprPtr TransformArraySubquery(const PgQuery__SubLink* l);
  GroupByItem TransformGroupByItem(const PgQuery__Node* node, bool nested);
};

ExprPtr Transformer::TransformParameter(const PgQuery__ParamRef* p) {
  const int n = p->number;
  const bool known = params_ != nullptr && n >= 1 &&
                     (params_->placeholders || static_cast<size_t>(n) <= params_->values.size());
  if (!known) throw SqlError("there is no parameter $" + std::to_string(n), "42P02", p->location);
  highest_parameter_ = std::max(highest_parameter_, n);
  auto e = MakeExpr(ExprKind::kConstant, p->location);
  if (!params_->placeholders && params_->values[static_cast<size_t>(n - 1)]) {
    e->value = Value::Varchar(*params_->values[static_cast<size_t>(n - 1)]);
    e->unknown_literal = true;
  }
  const size_t i = static_cast<size_t>(n - 1);
  if (i >= params_->types.size() || params_->types[i].empty()) return e;
  auto cast = MakeExpr(ExprKind::kCast, p->location);
  cast->type_name = params_->types[i];
  cast->children.push_back(std::move(e));
  return cast;
}

ExprPtr Transformer::TransformConstant(const PgQuery__AConst* c) {
  auto e = MakeExpr(ExprKind::kConstant, c->location);
  if (c->isnull) return e;
  switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL: e->value = Value::Integer(c->ival->ival); break;
    case PG_QUERY__A__CONST__VAL_FVAL: {
      // An integer too large for int4 becomes int8, then numeric; anything
      // with a point or exponent is numeric with the literal's own scale.
      std::string text = c->fval->fval;
      bool integral = text.find_first_of(".eE") == std::string::npos;
      if (integral) {
        errno = 0;
        char* end = nullptr;
        long long v = std::strtoll(text.c_str(), &end, 10);
        if (errno == 0 && *end == '\0') {
          // The grammar folds a minus sign into the literal, so -2147483648
          // arrives here and is an integer, as in PostgreSQL's make_const.
          if (v >= INT32_MIN && v <= INT32_MAX) {
            e->value = Value::Integer(static_cast<int32_t>(v));
          } else {
            e->value = Value::BigInt(v);
          }
          break;
        }
      }
      int scale = 0;
      size_t point = text.find('.');
      size_t exp = text.find_first_of("eE");
      if (point != std::string::npos) scale = static_cast<int>((exp == std::string::npos ? text.size() : exp) - point - 1);
      if (exp != std::string::npos) scale = std::max(0, scale - std::atoi(text.c_str() + exp + 1));
      scale = std::min(scale, 37);
      auto parsed = decimal::Parse(text, 38, scale);
      if (!parsed.ok()) throw SqlError("numeric literal out of range: " + text, "22003", c->location);
      e->value = Value::Numeric(*parsed, 38, scale);
      break;
    }
    case PG_QUERY__A__CONST__VAL_BOOLVAL: e->value = Value::Boolean(c->boolval->boolval); break;
    case PG_QUERY__A__CONST__VAL_SVAL:
      e->value = Value::Varchar(c->sval->sval);
      e->unknown_literal = true;
      break;
    default: Unsupported("bit string literals", c->location);
  }
  return e;
}

OrderItem Transformer::TransformSortBy(const PgQuery__SortBy* sb) {
  OrderItem item;
  item.expr = TransformExpr(sb->node);
  if (sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING) Unsupported("ORDER BY ... USING", sb->location);
  item.descending = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
  if (sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST) item.nulls_first = true;
  if (sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST) item.nulls_first = false;
  return item;
}

std::shared_ptr<WindowSpec> Transformer::TransformWindow(const PgQuery__WindowDef* w) {
  // PostgreSQL's FRAMEOPTION_* bits.
  constexpr int kNonDefault = 0x1, kRange = 0x2, kRows = 0x4, kGroups = 0x8;
  constexpr int kStartUnboundedPreceding = 0x20, kEndUnboundedPreceding = 0x40, kStartUnboundedFollowing = 0x80,
                kEndUnboundedFollowing = 0x100, kStartCurrentRow = 0x200, kEndCurrentRow = 0x400,
                kStartOffsetPreceding = 0x800, kEndOffsetPreceding = 0x1000, kStartOffsetFollowing = 0x2000,
                kEndOffsetFollowing = 0x4000, kExclude = 0x8000 | 0x10000 | 0x20000;
  auto spec = std::make_shared<WindowSpec>();
  spec->location = w->location;
  // OVER w names the window; OVER (w ...) refers to it. In a WINDOW clause
  // `name` is the definition's own name (taken by the caller).
  if (w->refname != nullptr && *w->refname != '\0') spec->reference = w->refname;
  for (size_t i = 0; i < w->n_partition_clause; i++) spec->partition_by.push_back(TransformExpr(w->partition_clause[i]));
  for (size_t i = 0; i < w->n_order_clause; i++) spec->order_by.push_back(TransformSortBy(w->order_clause[i]->sort_by));
  int f = w->frame_options;
  if ((f & kNonDefault) == 0) return spec;
  spec->has_frame = true;
  if (f & kGroups) Unsupported("GROUPS frames", w->location);
  if (f & kExclude) Unsupported("frame EXCLUDE", w->location);
  spec->rows = (f & kRows) != 0;
  (void)kRange;
  auto offset = [&](const PgQuery__Node* n) -> int64_t {
    if (n == nullptr || n->node_case != PG_QUERY__NODE__NODE_A_CONST || n->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL) {
      Unsupported("frame offsets other than integer constants", w->location);
    }
    int64_t v = n->a_const->ival->ival;
    if (v < 0) throw SqlError("frame starting offset must not be negative", "22013", w->location);
    return v;
  };
  using K = FrameBound::Kind;
  if (f & kStartUnboundedPreceding) spec->start.kind = K::kUnboundedPreceding;
  else if (f & kStartCurrentRow) spec->start.kind = K::kCurrentRow;
  else if (f & kStartOffsetPreceding) spec->start = {K::kPreceding, offset(w->start_offset)};
  else if (f & kStartOffsetFollowing) spec->start = {K::kFollowing, offset(w->start_offset)};
  else if (f & kStartUnboundedFollowing) spec->start.kind = K::kUnboundedFollowing;
  if (f & kEndUnboundedFollowing) spec->end.kind = K::kUnboundedFollowing;
  else if (f & kEndCurrentRow) spec->end.kind = K::kCurrentRow;
  else if (f & kEndOffsetPreceding) spec->end = {K::kPreceding, offset(w->end_offset)};
  else if (f & kEndOffsetFollowing) spec->end = {K::kFollowing, offset(w->end_offset)};
  else if (f & kEndUnboundedPreceding) spec->end.kind = K::kUnboundedPreceding;
  if (spec->start.kind == K::kUnboundedFollowing) {
    throw SqlError("frame start cannot be UNBOUNDED FOLLOWING", "42P20", w->location);
  }
  if (spec->end.kind == K::kUnboundedPreceding) {
    throw SqlError("frame end cannot be UNBOUNDED PRECEDING", "42P20", w->location);
  }
  return spec;
}

ExprPtr Transformer::TransformAExpr(const PgQuery__AExpr* a) {
  std::string op = a->n_name > 0 ? StringOf(a->name[a->n_name - 1]) : "";
  switch (a->kind) {
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP: {
      auto e = MakeExpr(ExprKind::kOperator, a->location);
      e->names.push_back(op);
      if (a->lexpr != nullptr) e->children.push_back(TransformExpr(a->lexpr));
      e->children.push_back(TransformExpr(a->rexpr));
      return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT: {
      auto e = MakeExpr(ExprKind::kIsDistinctFrom, a->location);
      e->negated = a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT;
      e->children.push_back(TransformExpr(a->lexpr));
      e->children.push_back(TransformExpr(a->rexpr));
      return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF: {
      auto e = MakeExpr(ExprKind::kNullIf, a->location);
      e->children.push_back(TransformExpr(a->lexpr));
      e->children.push_back(TransformExpr(a->rexpr));
      return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_IN: {
      auto e = MakeExpr(ExprKind::kInList, a->location);
      e->negated = op == "<>";
      e->children.push_back(TransformExpr(a->lexpr));
      if (a->rexpr == nullptr || a->rexpr->node_case != PG_QUERY__NODE__NODE_LIST) Unsupported("IN with a subquery", a->location);
      for (size_t i = 0; i < a->rexpr->list->n_items; i++) e->children.push_back(TransformExpr(a->rexpr->list->items[i]));
      return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE: {
      auto e = MakeExpr(ExprKind::kLike, a->location);
      e->negated = op.size() > 0 && op[0] == '!';
      e->case_insensitive = a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE;
      e->children.push_back(TransformExpr(a->lexpr));
      e->children.push_back(TransformExpr(a->rexpr));
      return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN: {
      auto e = MakeExpr(ExprKind::kBetween, a->location);
      e->negated = a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN;
      e->children.push_back(TransformExpr(a->lexpr));
      const PgQuery__List* bounds = a->rexpr->list;
      e->children.push_back(TransformExpr(bounds->items[0]));
      e->children.push_back(TransformExpr(bounds->items[1]));
      return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL: {
      auto e = MakeExpr(ExprKind::kArrayCompare, a->location);
      e->names = {op, a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY ? "any" : "all"};
      e->children.push_back(TransformExpr(a->lexpr));
      e->children.push_back(TransformExpr(a->rexpr));
      return e;
    }
    default: Unsupported("operator form " + op, a->location);
  }
}

ExprPtr Transformer::TransformExpr(const PgQuery__Node* node) {
  if (node == nullptr) return nullptr;
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_A_CONST: return TransformConstant(node->a_const);
    case PG_QUERY__NODE__NODE_COLUMN_REF: {
      const PgQuery__ColumnRef* ref = node->column_ref;
      bool star = ref->n_fields > 0 && ref->fields[ref->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR;
      auto e = MakeExpr(star ? ExprKind::kStar : ExprKind::kColumnRef, ref->location);
      e->names = Names(ref->n_fields - (star ? 1 : 0), ref->fields);
      return e;
    }
    case PG_QUERY__NODE__NODE_A_EXPR: return TransformAExpr(node->a_expr);
    case PG_QUERY__NODE__NODE_BOOL_EXPR: {
      const PgQuery__BoolExpr* b = node->bool_expr;
      ExprKind kind = b->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR  ? ExprKind::kAnd
                      : b->boolop == PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR ? ExprKind::kOr
                                                                       : ExprKind::kNot;
      auto e = MakeExpr(kind, b->location);
      for (size_t i = 0; i < b->n_args; i++) e->children.push_back(TransformExpr(b->args[i]));
      return e;
    }
    case PG_QUERY__NODE__NODE_NULL_TEST: {
      auto e = MakeExpr(ExprKind::kIsNull, node->null_test->location);
      e->negated = node->null_test->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL;
      e->children.push_back(TransformExpr(node->null_test->arg));
      return e;
    }
    case PG_QUERY__NODE__NODE_BOOLEAN_TEST: {
      const PgQuery__BooleanTest* b = node->boolean_test;
      auto e = MakeExpr(ExprKind::kBooleanTest, b->location);
      switch (b->booltesttype) {
        case PG_QUERY__BOOL_TEST_TYPE__IS_TRUE: e->names = {"true"}; break;
        case PG_QUERY__BOOL_TEST_TYPE__IS_NOT_TRUE: e->names = {"true"}; e->negated = true; break;
        case PG_QUERY__BOOL_TEST_TYPE__IS_FALSE: e->names = {"false"}; break;
        case PG_QUERY__BOOL_TEST_TYPE__IS_NOT_FALSE: e->names = {"false"}; e->negated = true; break;
        default: Unsupported("IS [NOT] UNKNOWN", b->location);
      }
      e->children.push_back(TransformExpr(b->arg));
      return e;
    }
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
      auto e = MakeExpr(ExprKind::kCast, node->type_cast->location);
      e->type_name = TypeNameOf(node->type_cast->type_name);
      e->children.push_back(TransformExpr(node->type_cast->arg));
      return e;
    }
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION: {
      // CURRENT_DATE and friends: functions the binder evaluates once per statement.
      const PgQuery__SQLValueFunction* f = node->sqlvalue_function;
      auto e = MakeExpr(ExprKind::kFunction, f->location);
      switch (f->op) {
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE: e->names = {"current_date"}; break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP: e->names = {"current_timestamp"}; break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP: e->names = {"localtimestamp"}; break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER: e->names = {"current_user"}; break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE: e->names = {"current_role"}; break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER: e->names = {"session_user"}; break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG: e->names = {"current_catalog"}; break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA: e->names = {"current_schema"}; break;
        default: Unsupported("this SQL value function (CURRENT_TIME, CURRENT_CATALOG, ...)", f->location);
      }
      return e;
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL: {
      const PgQuery__FuncCall* f = node->func_call;
      if (f->agg_within_group) Unsupported("WITHIN GROUP", f->location);
      auto e = MakeExpr(ExprKind::kFunction, f->location);
      if (f->agg_filter != nullptr) e->filter = TransformExpr(f->agg_filter);
      for (size_t i = 0; i < f->n_agg_order; i++) e->aggregate_order.push_back(TransformSortBy(f->agg_order[i]->sort_by));
      e->names = Names(f->n_funcname, f->funcname);
      if (e->names.size() == 2 && e->names[0] == "pg_catalog") e->names.erase(e->names.begin());
      e->star = f->agg_star;
      e->distinct = f->agg_distinct;
      for (size_t i = 0; i < f->n_args; i++) e->children.push_back(TransformExpr(f->args[i]));
      if (f->over != nullptr) {
        e->window = TransformWindow(f->over);
        if (f->over->name != nullptr && *f->over->name != '\0') {
          e->window->reference = f->over->name;
          e->window->bare_reference = true;
        }
      }
      return e;
    }
    case PG_QUERY__NODE__NODE_CASE_EXPR: {
      const PgQuery__CaseExpr* c = node->case_expr;
      auto e = MakeExpr(ExprKind::kCase, c->location);
      if (c->arg != nullptr) {
        e->has_case_operand = true;
        e->children.push_back(TransformExpr(c->arg));
      }
      for (size_t i = 0; i < c->n_args; i++) {
        const PgQuery__CaseWhen* w = c->args[i]->case_when;
        e->children.push_back(TransformExpr(w->expr));
        e->children.push_back(TransformExpr(w->result));
      }
      if (c->defresult != nullptr) {
        e->has_else = true;
        e->children.push_back(TransformExpr(c->defresult));
      }
      return e;
    }
    case PG_QUERY__NODE__NODE_COALESCE_EXPR: {
      auto e = MakeExpr(ExprKind::kCoalesce, node->coalesce_expr->location);
      for (size_t i = 0; i < node->coalesce_expr->n_args; i++) {
        e->children.push_back(TransformExpr(node->coalesce_expr->args[i]));
      }
      return e;
    }
    case PG_QUERY__NODE__NODE_SUB_LINK: {
      const PgQuery__SubLink* l = node->sub_link;
      auto e = MakeExpr(ExprKind::kSubquery, l->location);
      switch (l->sub_link_type) {
        case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK: e->names = {"exists"}; break;
        case PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK: e->names = {"scalar"}; break;
        case PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK:
        case PG_QUERY__SUB_LINK_TYPE__ALL_SUBLINK:
          e->names = {l->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK ? "any" : "all",
                      l->n_oper_name > 0 ? StringOf(l->oper_name[l->n_oper_name - 1]) : "="};
          if (l->testexpr != nullptr && l->testexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR) {
            Unsupported("row comparisons with subqueries", l->location);
          }
          e->children.push_back(TransformExpr(l->testexpr));
          break;
        case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK: return TransformArraySubquery(l);
        default: Unsupported("this subquery form", l->location);
      }
      e->subquery = TransformSelect(l->subselect->select_stmt);
      return e;
    }
    case PG_QUERY__NODE__NODE_GROUPING_FUNC: {
      auto e = MakeExpr(ExprKind::kGrouping, node->grouping_func->location);
      for (size_t i = 0; i < node->grouping_func->n_args; i++) e->children.push_back(TransformExpr(node->grouping_func->args[i]));
      return e;
    }
    case PG_QUERY__NODE__NODE_PARAM_REF: return TransformParameter(node->param_ref);
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR: {
      const PgQuery__MinMaxExpr* m = node->min_max_expr;
      auto e = MakeExpr(ExprKind::kGreatestLeast, m->location);
      e->names.push_back(m->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "greatest" : "least");
      for (size_t i = 0; i < m->n_args; i++) e->children.push_back(TransformExpr(m->args[i]));
      return e;
    }
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE: {
      // Strings compare bytewise, which is the default collation here and C/POSIX.
      const PgQuery__CollateClause* c = node->collate_clause;
      std::string collation = c->n_collname > 0 ? StringOf(c->collname[c->n_collname - 1]) : "";
      if (collation != "default" && collation != "C" && collation != "POSIX") {
        Unsupported("collation \"" + collation + "\"", c->location);
      }
      return TransformExpr(c->arg);
    }
    case PG_QUERY__NODE__NODE_A_INDIRECTION: {
      // expr[n]: an element of an array (one subscript, no slices).
      const PgQuery__AIndirection* ind = node->a_indirection;
      ExprPtr e = TransformExpr(ind->arg);
      for (size_t i = 0; i < ind->n_indirection; i++) {
        const PgQuery__Node* step = ind->indirection[i];
        if (step->node_case != PG_QUERY__NODE__NODE_A_INDICES || step->a_indices->is_slice ||
            step->a_indices->uidx == nullptr) {
          Unsupported("this indirection (only array[subscript] is)", e->location);
        }
        auto sub = MakeExpr(ExprKind::kSubscript, e->location);
        sub->children.push_back(std::move(e));
        sub->children.push_back(TransformExpr(step->a_indices->uidx));
        e = std::move(sub);
      }
      return e;
    }
    default: Unsupported("this expression");
  }
}

ExprPtr Transformer::TransformArraySubquery(const PgQuery__SubLink* l) {
  // ARRAY(SELECT x FROM ... [ORDER BY ...]) is the scalar subquery
  // SELECT coalesce('{' || string_agg(array_element(x), ',' ORDER BY ...) || '}', '{}') FROM ...:
  // an array is its text form, and an empty result is the empty array.
  const PgQuery__SelectStmt* stmt = l->subselect->select_stmt;
  std::unique_ptr<SelectStatement> query = TransformSelect(stmt);
  if (query->set_operation != SetOperation::kNone || !query->values.empty() || query->distinct ||
      !query->group_by.empty() || !query->grouping_sets.empty() || query->having || query->limit || query->offset ||
      query->targets.size() != 1 || query->targets[0].expr->kind == ExprKind::kStar) {
    Unsupported("this ARRAY subquery (one column, no set operations, grouping, DISTINCT or LIMIT)", l->location);
  }
  auto text = [&](const std::string& s) {
    auto c = MakeExpr(ExprKind::kConstant, l->location);
    c->value = Value::Varchar(s);
    c->unknown_literal = true;
    return c;
  };
  auto concat = [&](ExprPtr a, ExprPtr b) {
    auto c = MakeExpr(ExprKind::kOperator, l->location);
    c->names = {"||"};
    c->children.push_back(std::move(a));
    c->children.push_back(std::move(b));
    return c;
  };
  auto element = MakeExpr(ExprKind::kFunction, l->location);
  element->names = {"array_element_text"};
  element->children.push_back(std::move(query->targets[0].expr));
  auto agg = MakeExpr(ExprKind::kFunction, l->location);
  agg->names = {"string_agg"};
  agg->children.push_back(std::move(element));
  agg->children.push_back(text(","));
  for (auto& item : query->order_by) {
    // ORDER BY n names the n-th output column: the single target, transformed again.
    if (item.expr->kind == ExprKind::kConstant && item.expr->value.type().id() == TypeId::kInteger) {
      if (item.expr->value.GetInt64() != 1) {
        throw SqlError("ORDER BY position " + std::to_string(item.expr->value.GetInt64()) + " is not in select list",
                       "42P10", item.expr->location);
      }
      item.expr = TransformExpr(stmt->target_list[0]->res_target->val);
    }
    agg->aggregate_order.push_back(std::move(item));
  }
  query->order_by.clear();
  auto coalesce = MakeExpr(ExprKind::kCoalesce, l->location);
  coalesce->children.push_back(concat(concat(text("{"), std::move(agg)), text("}")));
  coalesce->children.push_back(text("{}"));
  query->targets[0].expr = std::move(coalesce);
  query->targets[0].alias = "array";
  auto e = MakeExpr(ExprKind::kSubquery, l->location);
  e->names = {"scalar"};
  e->subquery = std::move(query);
  return e;
}

TableRefPtr Transformer::TransformTableRef(const PgQuery__Node* node) {
  auto ref = std::make_unique<TableRef>();
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_RANGE_VAR: {
      const PgQuery__RangeVar* r = node->range_var;
      ref->schema = r->schemaname;
      ref->name = r->relname;
      ref->location = r->location;
      if (r->alias != nullptr) {
        ref->alias = r->alias->aliasname;
        ref->column_aliases = Names(r->alias->n_colnames, r->alias->colnames);
      }
      return ref;
    }
    case PG_QUERY__NODE__NODE_JOIN_EXPR: {
      const PgQuery__JoinExpr* j = node->join_expr;
      if (j->alias != nullptr || j->join_using_alias != nullptr) Unsupported("join aliases");
      ref->natural = j->is_natural;
      ref->using_columns = Names(j->n_using_clause, j->using_clause);
      ref->kind = TableRef::Kind::kJoin;
      switch (j->jointype) {
        case PG_QUERY__JOIN_TYPE__JOIN_INNER:
          ref->join = j->quals == nullptr && !ref->natural && ref->using_columns.empty() ? JoinKind::kCross
                                                                                       : JoinKind::kInner;
          break;
        case PG_QUERY__JOIN_TYPE__JOIN_LEFT: ref->join = JoinKind::kLeft; break;
        case PG_QUERY__JOIN_TYPE__JOIN_RIGHT: ref->join = JoinKind::kRight; break;
        case PG_QUERY__JOIN_TYPE__JOIN_FULL: ref->join = JoinKind::kFull; break;
        default: Unsupported("this join type");
      }
      ref->left = TransformTableRef(j->larg);
      ref->right = TransformTableRef(j->rarg);
      ref->condition = TransformExpr(j->quals);
      return ref;
    }
    case PG_QUERY__NODE__NODE_RANGE_SUBSELECT: {
      const PgQuery__RangeSubselect* r = node->range_subselect;
      if (r->lateral) Unsupported("LATERAL");
      if (r->alias == nullptr) throw SqlError("subquery in FROM must have an alias", "42601");
      ref->kind = TableRef::Kind::kSubquery;
      ref->alias = r->alias->aliasname;
      ref->column_aliases = Names(r->alias->n_colnames, r->alias->colnames);
      ref->subquery = TransformSelect(r->subquery->select_stmt);
      return ref;
    }
    case PG_QUERY__NODE__NODE_RANGE_FUNCTION: {
      // Time travel: snapshot_of('schema.table', snapshot id | timestamp).
      const PgQuery__RangeFunction* r = node->range_function;
      const PgQuery__Node* call = nullptr;
      if (!r->ordinality && !r->is_rowsfrom && r->n_functions == 1 && r->n_coldeflist == 0 &&
          r->functions[0]->node_case == PG_QUERY__NODE__NODE_LIST && r->functions[0]->list->n_items >= 1) {
        call = r->functions[0]->list->items[0];
      }
      if (call == nullptr || call->node_case != PG_QUERY__NODE__NODE_FUNC_CALL) Unsupported("functions in FROM");
      const PgQuery__FuncCall* f = call->func_call;
      std::vector<std::string> fname = Names(f->n_funcname, f->funcname);
      if (fname.size() == 2 && fname[0] == "pg_catalog") fname.erase(fname.begin());
      if (fname.size() == 1 && fname[0] == "generate_series") {
        // Its arguments may use columns of FROM items to its left and of
        // enclosing queries (a function in FROM is implicitly LATERAL).
        ref->kind = TableRef::Kind::kFunction;
        ref->name = fname[0];
        ref->location = f->location;
        if (f->agg_star || f->agg_distinct || f->n_agg_order > 0 || f->func_variadic || f->over != nullptr) {
          Unsupported("this form of generate_series", f->location);
        }
        for (size_t i = 0; i < f->n_args; i++) ref->function_args.push_back(TransformExpr(f->args[i]));
        ref->alias = r->alias != nullptr ? std::string(r->alias->aliasname) : ref->name;
        if (r->alias != nullptr) ref->column_aliases = Names(r->alias->n_colnames, r->alias->colnames);
        return ref;
      }
      if (fname.size() != 1 || fname[0] != "snapshot_of") {
        Unsupported("functions in FROM (only generate_series and snapshot_of(table, snapshot) are)", f->location);
      }
      if (f->n_args != 2 || f->args[0]->node_case != PG_QUERY__NODE__NODE_A_CONST ||
          f->args[0]->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL) {
        throw SqlError("snapshot_of takes a table name and a snapshot id or timestamp", "42883", f->location,
                       "Call it as snapshot_of('schema.table', 1234) or snapshot_of('schema.table', "
                       "TIMESTAMP '2026-01-01 00:00:00').");
      }
      std::string table = f->args[0]->a_const->sval->sval;
      size_t dot = table.find('.');
      ref->schema = dot == std::string::npos ? "" : table.substr(0, dot);
      ref->name = dot == std::string::npos ? table : table.substr(dot + 1);
      ref->location = f->location;
      ref->snapshot = TransformExpr(f->args[1]);
      ref->alias = r->alias != nullptr ? std::string(r->alias->aliasname) : ref->name;
      if (r->alias != nullptr) ref->column_aliases = Names(r->alias->n_colnames, r->alias->colnames);
      return ref;
    }
    default: Unsupported("this FROM item");
  }
}

GroupByItem Transformer::TransformGroupByItem(const PgQuery__Node* node, bool nested) {
  GroupByItem item;
  if (node->node_case == PG_QUERY__NODE__NODE_ROW_EXPR && nested &&
      node->row_expr->row_format == PG_QUERY__COERCION_FORM__COERCE_IMPLICIT_CAST) {
    // (a, b) inside ROLLUP/CUBE/GROUPING SETS: one set element of several columns.
    item.kind = GroupByItem::Kind::kList;
    item.location = node->row_expr->location;
    for (size_t i = 0; i < node->row_expr->n_args; i++) item.children.push_back(TransformGroupByItem(node->row_expr->args[i], false));
    return item;
  }
  if (node->node_case != PG_QUERY__NODE__NODE_GROUPING_SET) {
    item.expr = TransformExpr(node);
    item.location = item.expr->location;
    return item;
  }
  const PgQuery__GroupingSet* g = node->grouping_set;
  item.location = g->location;
  switch (g->kind) {
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_EMPTY: item.kind = GroupByItem::Kind::kEmpty; break;
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_ROLLUP: item.kind = GroupByItem::Kind::kRollup; break;
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_CUBE: item.kind = GroupByItem::Kind::kCube; break;
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SETS: item.kind = GroupByItem::Kind::kSets; break;
    default: Unsupported("this grouping set", g->location);
  }
  for (size_t i = 0; i < g->n_content; i++) item.children.push_back(TransformGroupByItem(g->content[i], true));
  return item;
}

std::unique_ptr<SelectStatement> Transformer::TransformSelect(const PgQuery__SelectStmt* s) {
  if (s->into_clause != nullptr) Unsupported("SELECT INTO");
  if (s->n_locking_clause > 0) Unsupported("FOR UPDATE/SHARE");
  auto out = std::make_unique<SelectStatement>();
  if (s->with_clause != nullptr) {
    if (s->with_clause->recursive) Unsupported("WITH RECURSIVE", s->with_clause->location);
    for (size_t i = 0; i < s->with_clause->n_ctes; i++) {
      const PgQuery__CommonTableExpr* c = s->with_clause->ctes[i]->common_table_expr;
      if (c->ctequery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
        Unsupported("data-modifying statements in WITH", c->location);
      }
      for (const auto& earlier : out->ctes) {
        if (earlier.name == c->ctename) {
          throw SqlError("WITH query name \"" + earlier.name + "\" specified more than once", "42712", c->location);
        }
      }
      CommonTableExpr cte;
      cte.name = c->ctename;
      cte.column_aliases = Names(c->n_aliascolnames, c->aliascolnames);
      cte.query = TransformSelect(c->ctequery->select_stmt);
      cte.location = c->location;
      out->ctes.push_back(std::move(cte));
    }
  }
  if (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
    out->set_operation = s->op == PG_QUERY__SET_OPERATION__SETOP_UNION       ? SetOperation::kUnion
                         : s->op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT ? SetOperation::kIntersect
                                                                             : SetOperation::kExcept;
    out->set_all = s->all;
    out->left = TransformSelect(s->larg);
    out->right = TransformSelect(s->rarg);
  }
  for (size_t i = 0; i < s->n_values_lists; i++) {
    std::vector<ExprPtr> row;
    const PgQuery__List* list = s->values_lists[i]->list;
    for (size_t j = 0; j < list->n_items; j++) row.push_back(TransformExpr(list->items[j]));
    out->values.push_back(std::move(row));
  }
  if (s->n_distinct_clause > 0) {
    if (s->n_distinct_clause > 1 ||
        (s->distinct_clause[0] != nullptr && s->distinct_clause[0]->node_case != PG_QUERY__NODE__NODE__NOT_SET)) {
      for (size_t i = 0; i < s->n_distinct_clause; i++) out->distinct_on.push_back(TransformExpr(s->distinct_clause[i]));
    } else {
      out->distinct = true;
    }
  }
  for (size_t i = 0; i < s->n_target_list; i++) {
    const PgQuery__ResTarget* t = s->target_list[i]->res_target;
    SelectTarget target;
    target.expr = TransformExpr(t->val);
    target.alias = t->name;
    out->targets.push_back(std::move(target));
  }
  for (size_t i = 0; i < s->n_from_clause; i++) out->from.push_back(TransformTableRef(s->from_clause[i]));
  out->where = TransformExpr(s->where_clause);
  bool sets = false;
  for (size_t i = 0; i < s->n_group_clause; i++) sets |= s->group_clause[i]->node_case == PG_QUERY__NODE__NODE_GROUPING_SET;
  for (size_t i = 0; i < s->n_group_clause; i++) {
    if (sets) {
      out->grouping_sets.push_back(TransformGroupByItem(s->group_clause[i], false));
    } else {
      out->group_by.push_back(TransformExpr(s->group_clause[i]));
    }
  }
  out->group_distinct = s->group_distinct;
  for (size_t i = 0; i < s->n_window_clause; i++) {
    const PgQuery__WindowDef* w = s->window_clause[i]->window_def;
    NamedWindow named;
    named.name = w->name;
    named.spec = TransformWindow(w);
    named.location = w->location;
    out->windows.push_back(std::move(named));
  }
  out->having = TransformExpr(s->having_clause);
  for (size_t i = 0; i < s->n_sort_clause; i++) {
    out->order_by.push_back(TransformSortBy(s->sort_clause[i]->sort_by));
  }
  if (s->limit_option == PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES) Unsupported("FETCH ... WITH TIES");
  out->limit = TransformExpr(s->limit_count);
  out->offset = TransformExpr(s->limit_offset);
  return out;
}

std::string OptionValue(const PgQuery__DefElem* d) {
  const PgQuery__Node* arg = d->arg;
  if (arg == nullptr) return "true";
  if (arg->node_case == PG_QUERY__NODE__NODE_STRING) return arg->string->sval;
  if (arg->node_case == PG_QUERY__NODE__NODE_INTEGER) return std::to_string(arg->integer->ival);
  if (arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) return TypeNameOf(arg->type_name);
  if (arg->node_case == PG_QUERY__NODE__NODE_A_CONST && arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
    return arg->a_const->sval->sval;
  }
  Unsupported("this value of option \"" + std::string(d->defname) + "\"", d->location);
}

void Transformer::TransformStatement(const PgQuery__Node* node, Statement* out) {
  if (TransformRoleStatement(node, out)) return;
  if (TransformPolicyStatement(node, out)) return;
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT:
      out->kind = Statement::Kind::kSelect;
      out->select = TransformSelect(node->select_stmt);
      return;
    case PG_QUERY__NODE__NODE_INSERT_STMT: {
      const PgQuery__InsertStmt* ins = node->insert_stmt;
      if (ins->on_conflict_clause != nullptr) Unsupported("INSERT ... ON CONFLICT");
      if (ins->n_returning_list > 0) Unsupported("INSERT ... RETURNING");
      if (ins->select_stmt == nullptr) Unsupported("INSERT ... DEFAULT VALUES");
      out->kind = Statement::Kind::kInsert;
      out->schema = ins->relation->schemaname;
      out->name = ins->relation->relname;
      out->name_location = ins->relation->location;
      for (size_t i = 0; i < ins->n_cols; i++) out->insert_columns.push_back(ins->cols[i]->res_target->name);
      out->select = TransformSelect(ins->select_stmt->select_stmt);
      if (ins->with_clause != nullptr) {
        // WITH ... INSERT ... SELECT: the WITH items belong to the SELECT.
        if (ins->with_clause->recursive) Unsupported("WITH RECURSIVE", ins->with_clause->location);
        for (size_t i = 0; i < ins->with_clause->n_ctes; i++) {
          const PgQuery__CommonTableExpr* c = ins->with_clause->ctes[i]->common_table_expr;
          if (c->ctequery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
            Unsupported("data-modifying statements in WITH", c->location);
          }
          CommonTableExpr cte;
          cte.name = c->ctename;
          cte.column_aliases = Names(c->n_aliascolnames, c->aliascolnames);
          cte.query = TransformSelect(c->ctequery->select_stmt);
          cte.location = c->location;
          out->select->ctes.insert(out->select->ctes.begin() + static_cast<std::ptrdiff_t>(i), std::move(cte));
        }
      }
      return;
    }
    case PG_QUERY__NODE__NODE_CREATE_STMT: {
      const PgQuery__CreateStmt* c = node->create_stmt;
      if (c->n_inh_relations > 0) Unsupported("INHERITS");
      if (c->partbound != nullptr) Unsupported("PARTITION OF");
      out->kind = Statement::Kind::kCreateTable;
      auto ct = std::make_unique<CreateTableStatement>();
      ct->schema = c->relation->schemaname;
      ct->name = c->relation->relname;
      ct->if_not_exists = c->if_not_exists;
      auto constraint = [&](const PgQuery__Constraint* k, const std::string& column, ColumnDefinition* def) {
        switch (k->contype) {
          case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
            if (def != nullptr) def->not_null = true;
            break;
          case PG_QUERY__CONSTR_TYPE__CONSTR_NULL: break;
          case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
            if (!ct->primary_key.empty()) {
              throw SqlError("multiple primary keys for table \"" + ct->name + "\" are not allowed", "42P16", k->location);
            }
            if (def != nullptr) {
              def->not_null = true;
              ct->primary_key.push_back(column);
            } else {
              ct->primary_key = Names(k->n_keys, k->keys);
            }
            break;
          default: Unsupported("this constraint (only NOT NULL and PRIMARY KEY are)", k->location);
        }
      };
      for (size_t i = 0; i < c->n_table_elts; i++) {
        const PgQuery__Node* elt = c->table_elts[i];
        if (elt->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
          const PgQuery__ColumnDef* cd = elt->column_def;
          ColumnDefinition def;
          def.name = cd->colname;
          def.type_name = TypeNameOf(cd->type_name);
          def.location = cd->location;
          if (cd->raw_default != nullptr) Unsupported("column defaults", cd->location);
          for (size_t j = 0; j < cd->n_constraints; j++) constraint(cd->constraints[j]->constraint, def.name, &def);
          ct->columns.push_back(std::move(def));
        } else if (elt->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
          constraint(elt->constraint, "", nullptr);
        } else {
          Unsupported("this table element");
        }
      }
      for (const std::string& pk : ct->primary_key) {
        for (ColumnDefinition& def : ct->columns) {
          if (def.name == pk) def.not_null = true;
        }
      }
      if (c->partspec != nullptr) {
        std::string strategy = c->partspec->strategy;
        if (c->partspec->n_part_params != 1) Unsupported("partitioning by more than one column", c->partspec->location);
        const PgQuery__PartitionElem* pe = c->partspec->part_params[0]->partition_elem;
        if (pe->expr != nullptr || pe->name == nullptr || *pe->name == '\0') {
          Unsupported("partitioning by an expression (partition by a column and set partition_granularity)", pe->location);
        }
        ct->partition_column = pe->name;
      }
      for (size_t i = 0; i < c->n_options; i++) {
        const PgQuery__DefElem* d = c->options[i]->def_elem;
        ct->options.emplace_back(d->defname, OptionValue(d));
      }
      out->create_table = std::move(ct);
      return;
    }
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT: {
      const PgQuery__CreateSchemaStmt* c = node->create_schema_stmt;
      if (c->n_schema_elts > 0) Unsupported("CREATE SCHEMA with elements");
      if (c->authrole != nullptr) Unsupported("CREATE SCHEMA AUTHORIZATION");
      out->kind = Statement::Kind::kCreateSchema;
      out->name = c->schemaname;
      out->if_exists = c->if_not_exists;
      return;
    }
    case PG_QUERY__NODE__NODE_DROP_STMT: {
      const PgQuery__DropStmt* d = node->drop_stmt;
      if (d->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
        out->kind = Statement::Kind::kDropTable;
        for (size_t i = 0; i < d->n_objects; i++) {
          std::vector<std::string> names = Names(d->objects[i]->list->n_items, d->objects[i]->list->items);
          if (names.size() > 2) Unsupported("cross-database references");
          out->drop_targets.emplace_back(names.size() == 2 ? names[0] : "", names.back());
        }
      } else if (d->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW) {
        out->kind = Statement::Kind::kDropView;
        for (size_t i = 0; i < d->n_objects; i++) {
          std::vector<std::string> names = Names(d->objects[i]->list->n_items, d->objects[i]->list->items);
          if (names.size() > 2) Unsupported("cross-database references");
          out->drop_targets.emplace_back(names.size() == 2 ? names[0] : "", names.back());
        }
      } else if (d->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA) {
        out->kind = Statement::Kind::kDropSchema;
        for (size_t i = 0; i < d->n_objects; i++) out->drop_targets.emplace_back(StringOf(d->objects[i]), "");
      } else {
        Unsupported("DROP of this object type");
      }
      out->if_exists = d->missing_ok;
      out->cascade = d->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
      return;
    }
    case PG_QUERY__NODE__NODE_EXPLAIN_STMT: {
      const PgQuery__ExplainStmt* e = node->explain_stmt;
      for (size_t i = 0; i < e->n_options; i++) {
        const PgQuery__DefElem* option = e->options[i]->def_elem;
        const std::string name = option->defname;
        if (name != "analyze" && name != "verbose" && name != "costs" && name != "summary" && name != "timing") {
          Unsupported("EXPLAIN option " + name);
        }
        // An option without a value means true; otherwise a boolean word.
        bool value = true;
        if (option->arg != nullptr) {
          std::string word = option->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN
                                 ? (option->arg->boolean->boolval ? "true" : "false")
                                 : StringOf(option->arg);
          if (word == "false" || word == "off" || word == "0") {
            value = false;
          } else if (word != "true" && word != "on" && word != "1") {
            throw SqlError("EXPLAIN option \"" + name + "\" requires a Boolean value", "22023", option->location);
          }
        }
        if (name == "analyze") out->explain_analyze = value;
      }
      if (e->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) Unsupported("EXPLAIN of anything but SELECT");
      out->kind = Statement::Kind::kExplain;
      out->select = TransformSelect(e->query->select_stmt);
      return;
    }
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
    case PG_QUERY__NODE__NODE_DELETE_STMT:
    case PG_QUERY__NODE__NODE_MERGE_STMT:
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT: TransformModify(node, out); return;
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
      out->kind = Statement::Kind::kSet;
      TransformVariableSet(node->variable_set_stmt, out);
      return;
    case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
      out->kind = Statement::Kind::kShow;
      out->name = node->variable_show_stmt->name;
      return;
    case PG_QUERY__NODE__NODE_VIEW_STMT: {
      const PgQuery__ViewStmt* v = node->view_stmt;
      if (v->with_check_option != PG_QUERY__VIEW_CHECK_OPTION__NO_CHECK_OPTION) Unsupported("WITH CHECK OPTION");
      if (v->n_options > 0) Unsupported("view options");
      if (v->view->relpersistence != nullptr && std::string(v->view->relpersistence) == "t") {
        Unsupported("temporary views", v->view->location);
      }
      if (v->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) Unsupported("this view query");
      out->kind = Statement::Kind::kCreateView;
      out->schema = v->view->schemaname;
      out->name = v->view->relname;
      out->name_location = v->view->location;
      out->or_replace = v->replace;
      out->column_names = Names(v->n_aliases, v->aliases);
      out->select = TransformSelect(v->query->select_stmt);
      return;
    }
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: {
      const PgQuery__CreateTableAsStmt* c = node->create_table_as_stmt;
      if (c->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) Unsupported("materialized views");
      if (c->is_select_into) Unsupported("SELECT INTO");
      if (c->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) Unsupported("this CREATE TABLE AS query");
      const PgQuery__IntoClause* into = c->into;
      if (into->rel->relpersistence != nullptr && std::string(into->rel->relpersistence) == "t") {
        Unsupported("temporary tables", into->rel->location);
      }
      out->kind = Statement::Kind::kCreateTableAs;
      auto ct = std::make_unique<CreateTableStatement>();
      ct->schema = into->rel->schemaname;
      ct->name = into->rel->relname;
      ct->if_not_exists = c->if_not_exists;
      for (size_t i = 0; i < into->n_options; i++) {
        const PgQuery__DefElem* d = into->options[i]->def_elem;
        ct->options.emplace_back(d->defname, OptionValue(d));
      }
      out->create_table = std::move(ct);
      out->column_names = Names(into->n_col_names, into->col_names);
      out->with_data = !into->skip_data;
      out->select = TransformSelect(c->query->select_stmt);
      return;
    }
    case PG_QUERY__NODE__NODE_COPY_STMT: {
      const PgQuery__CopyStmt* c = node->copy_stmt;
      if (c->is_program) Unsupported("COPY ... PROGRAM");
      if (c->where_clause != nullptr) Unsupported("COPY ... WHERE");
      out->kind = Statement::Kind::kCopy;
      out->copy_from = c->is_from;
      out->copy_file = c->filename == nullptr ? "" : c->filename;  // empty: STDIN / STDOUT
      if (c->relation != nullptr) {
        out->schema = c->relation->schemaname;
        out->name = c->relation->relname;
        out->name_location = c->relation->location;
      } else {
        if (c->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) Unsupported("COPY of this statement");
        out->select = TransformSelect(c->query->select_stmt);
      }
      out->insert_columns = Names(c->n_attlist, c->attlist);
      for (size_t i = 0; i < c->n_options; i++) {
        const PgQuery__DefElem* d = c->options[i]->def_elem;
        out->copy_options.emplace_back(d->defname, OptionValue(d));
      }
      return;
    }
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT: {
      const PgQuery__TransactionStmt* t = node->transaction_stmt;
      out->kind = Statement::Kind::kTransaction;
      switch (t->kind) {
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START: out->name = "begin"; break;
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT: out->name = "commit"; break;
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK: out->name = "rollback"; break;
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT:
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE:
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO: Unsupported("savepoints");
        default: Unsupported("two-phase commit");
      }
      if (t->chain) Unsupported("AND CHAIN");
      for (size_t i = 0; i < t->n_options; i++) {
        const PgQuery__DefElem* d = t->options[i]->def_elem;
        // Every statement reads the snapshot current when it starts, which is
        // READ COMMITTED; stronger levels would need a snapshot per block.
        if (std::string(d->defname) != "transaction_isolation") continue;  // READ ONLY, DEFERRABLE: nothing to do
        const std::string value = OptionValue(d);
        if (value != "read committed" && value != "read uncommitted") Unsupported("isolation level " + value);
      }
      return;
    }
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
      const PgQuery__AlterTableStmt* a = node->alter_table_stmt;
      if (a->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) Unsupported("ALTER of this object type");
      out->kind = Statement::Kind::kAlterTable;
      out->schema = a->relation->schemaname;
      out->name = a->relation->relname;
      out->name_location = a->relation->location;
      out->if_exists = a->missing_ok;
      for (size_t i = 0; i < a->n_cmds; i++) {
        const PgQuery__AlterTableCmd* c = a->cmds[i]->alter_table_cmd;
        AlterCommand cmd;
        cmd.missing_ok = c->missing_ok;
        switch (c->subtype) {
          case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn: {
            const PgQuery__ColumnDef* cd = c->def->column_def;
            cmd.kind = AlterCommand::Kind::kAddColumn;
            cmd.column = cd->colname;
            cmd.type_name = TypeNameOf(cd->type_name);
            cmd.location = cd->location;
            if (cd->raw_default != nullptr) Unsupported("column defaults", cd->location);
            for (size_t j = 0; j < cd->n_constraints; j++) {
              if (cd->constraints[j]->constraint->contype != PG_QUERY__CONSTR_TYPE__CONSTR_NULL) {
                Unsupported("constraints on an added column (it is nullable)", cd->location);
              }
            }
            break;
          }
          case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
            cmd.kind = AlterCommand::Kind::kDropColumn;
            cmd.column = c->name;
            break;
          case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: {
            const PgQuery__ColumnDef* cd = c->def->column_def;
            if (cd->raw_default != nullptr) Unsupported("ALTER COLUMN TYPE ... USING", cd->location);
            cmd.kind = AlterCommand::Kind::kAlterType;
            cmd.column = c->name;
            cmd.type_name = TypeNameOf(cd->type_name);
            cmd.location = cd->location;
            break;
          }
          case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity:
            cmd.kind = AlterCommand::Kind::kEnableRowSecurity;
            break;
          case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity:
            cmd.kind = AlterCommand::Kind::kDisableRowSecurity;
            break;
          case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity:
            cmd.kind = AlterCommand::Kind::kForceRowSecurity;
            break;
          case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity:
            cmd.kind = AlterCommand::Kind::kNoForceRowSecurity;
            break;
          case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
          case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions: {
            const bool set = c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions;
            cmd.kind = set ? AlterCommand::Kind::kSetOptions : AlterCommand::Kind::kResetOptions;
            if (c->def != nullptr && c->def->node_case == PG_QUERY__NODE__NODE_LIST) {
              for (size_t j = 0; j < c->def->list->n_items; j++) {
                const PgQuery__DefElem* d = c->def->list->items[j]->def_elem;
                cmd.options.emplace_back(d->defname, set ? OptionValue(d) : std::string());
              }
            }
            break;
          }
          default:
            Unsupported(
                "this ALTER TABLE action (ADD/DROP COLUMN, ALTER COLUMN TYPE, RENAME, SET/RESET (compression) "
                "and [NO] FORCE / ENABLE / DISABLE ROW LEVEL SECURITY are)");
        }
        out->alter.push_back(std::move(cmd));
      }
      return;
    }
    case PG_QUERY__NODE__NODE_RENAME_STMT: {
      const PgQuery__RenameStmt* r = node->rename_stmt;
      AlterCommand cmd;
      if (r->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN && r->relation_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
        cmd.kind = AlterCommand::Kind::kRenameColumn;
        cmd.column = r->subname;
      } else if (r->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
        cmd.kind = AlterCommand::Kind::kRenameTable;
      } else {
        Unsupported("RENAME of this object type");
      }
      cmd.new_name = r->newname;
      out->kind = Statement::Kind::kAlterTable;
      out->schema = r->relation->schemaname;
      out->name = r->relation->relname;
      out->name_location = r->relation->location;
      out->if_exists = r->missing_ok;
      out->alter.push_back(std::move(cmd));
      return;
    }
    default: Unsupported("this statement");
  }
}

std::vector<SetClause> Transformer::TransformSetList(size_t n, PgQuery__Node** targets) {
  std::vector<SetClause> out;
  for (size_t i = 0; i < n; i++) {
    const PgQuery__ResTarget* t = targets[i]->res_target;
    if (t->val != nullptr && t->val->node_case == PG_QUERY__NODE__NODE_MULTI_ASSIGN_REF) {
      Unsupported("multiple-column assignment (SET (a, b) = ...)", t->location);
    }
    if (t->n_indirection > 0) Unsupported("qualified or subscripted columns in SET", t->location);
    SetClause clause;
    clause.column = t->name;
    clause.location = t->location;
    if (t->val != nullptr && t->val->node_case != PG_QUERY__NODE__NODE_SET_TO_DEFAULT) clause.value = TransformExpr(t->val);
    out.push_back(std::move(clause));
  }
  return out;
}

void Transformer::TransformModify(const PgQuery__Node* node, Statement* out) {
  auto m = std::make_unique<ModifyStatement>();
  auto target = [&](const PgQuery__RangeVar* r) {
    if (r->catalogname != nullptr && *r->catalogname != '\0') Unsupported("cross-database references", r->location);
    m->schema = r->schemaname;
    m->name = r->relname;
    m->location = r->location;
    if (r->alias != nullptr) m->alias = r->alias->aliasname;
    out->name_location = r->location;
  };
  auto no_with = [&](const PgQuery__WithClause* w) {
    if (w != nullptr) Unsupported("WITH in data-modifying statements", w->location);
  };
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_DELETE_STMT: {
      const PgQuery__DeleteStmt* d = node->delete_stmt;
      no_with(d->with_clause);
      if (d->n_returning_list > 0) Unsupported("DELETE ... RETURNING");
      out->kind = Statement::Kind::kDelete;
      target(d->relation);
      for (size_t i = 0; i < d->n_using_clause; i++) m->from.push_back(TransformTableRef(d->using_clause[i]));
      if (d->where_clause != nullptr && d->where_clause->node_case == PG_QUERY__NODE__NODE_CURRENT_OF_EXPR) {
        Unsupported("WHERE CURRENT OF");
      }
      m->where = TransformExpr(d->where_clause);
      break;
    }
    case PG_QUERY__NODE__NODE_UPDATE_STMT: {
      const PgQuery__UpdateStmt* u = node->update_stmt;
      no_with(u->with_clause);
      if (u->n_returning_list > 0) Unsupported("UPDATE ... RETURNING");
      out->kind = Statement::Kind::kUpdate;
      target(u->relation);
      m->set = TransformSetList(u->n_target_list, u->target_list);
      for (size_t i = 0; i < u->n_from_clause; i++) m->from.push_back(TransformTableRef(u->from_clause[i]));
      if (u->where_clause != nullptr && u->where_clause->node_case == PG_QUERY__NODE__NODE_CURRENT_OF_EXPR) {
        Unsupported("WHERE CURRENT OF");
      }
      m->where = TransformExpr(u->where_clause);
      break;
    }
    case PG_QUERY__NODE__NODE_MERGE_STMT: {
      const PgQuery__MergeStmt* g = node->merge_stmt;
      no_with(g->with_clause);
      out->kind = Statement::Kind::kMerge;
      target(g->relation);
      m->from.push_back(TransformTableRef(g->source_relation));
      m->where = TransformExpr(g->join_condition);
      for (size_t i = 0; i < g->n_merge_when_clauses; i++) {
        const PgQuery__MergeWhenClause* w = g->merge_when_clauses[i]->merge_when_clause;
        MergeClause clause;
        clause.matched = w->matched;
        clause.condition = TransformExpr(w->condition);
        switch (w->command_type) {
          case PG_QUERY__CMD_TYPE__CMD_UPDATE:
            clause.action = MergeClause::Action::kUpdate;
            clause.set = TransformSetList(w->n_target_list, w->target_list);
            break;
          case PG_QUERY__CMD_TYPE__CMD_DELETE: clause.action = MergeClause::Action::kDelete; break;
          case PG_QUERY__CMD_TYPE__CMD_NOTHING: clause.action = MergeClause::Action::kNothing; break;
          case PG_QUERY__CMD_TYPE__CMD_INSERT: {
            clause.action = MergeClause::Action::kInsert;
            if (w->override != PG_QUERY__OVERRIDING_KIND__OVERRIDING_NOT_SET) Unsupported("OVERRIDING in MERGE");
            for (size_t j = 0; j < w->n_target_list; j++) {
              const PgQuery__ResTarget* t = w->target_list[j]->res_target;
              if (t->n_indirection > 0) Unsupported("subscripted INSERT columns", t->location);
              clause.columns.push_back(t->name);
            }
            for (size_t j = 0; j < w->n_values; j++) {
              const PgQuery__Node* v = w->values[j];
              clause.values.push_back(v->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT ? nullptr : TransformExpr(v));
            }
            break;
          }
          default: Unsupported("this MERGE action");
        }
        m->clauses.push_back(std::move(clause));
      }
      break;
    }
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT: {
      const PgQuery__TruncateStmt* t = node->truncate_stmt;
      out->kind = Statement::Kind::kTruncate;
      out->cascade = t->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
      for (size_t i = 0; i < t->n_relations; i++) {
        const PgQuery__RangeVar* r = t->relations[i]->range_var;
        m->truncate_targets.emplace_back(r->schemaname, r->relname);
      }
      break;
    }
    default: Unsupported("this statement");
  }
  out->modify = std::move(m);
}

}  // namespace

void TransformVariableSet(const PgQuery__VariableSetStmt* v, Statement* out) {
  out->name = v->name;
  switch (v->kind) {
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE:
      for (size_t i = 0; i < v->n_args; i++) {
        const PgQuery__Node* arg = v->args[i];
        if (arg->node_case != PG_QUERY__NODE__NODE_A_CONST) Unsupported("this SET value");
        const PgQuery__AConst* c = arg->a_const;
        std::string item;
        switch (c->val_case) {
          case PG_QUERY__A__CONST__VAL_SVAL: item = c->sval->sval; break;
          case PG_QUERY__A__CONST__VAL_IVAL: item = std::to_string(c->ival->ival); break;
          case PG_QUERY__A__CONST__VAL_FVAL: item = c->fval->fval; break;
          case PG_QUERY__A__CONST__VAL_BOOLVAL: item = c->boolval->boolval ? "on" : "off"; break;
          default: Unsupported("this SET value", c->location);
        }
        out->setting_value += (i ? ", " : "") + item;
      }
      return;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT:
      out->setting_reset = true;
      out->setting_value = "DEFAULT";  // tagged SET, not RESET
      return;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET: out->setting_reset = true; return;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL:
      out->name = "all";
      out->setting_reset = true;
      return;
    default: Unsupported("SET " + std::string(v->name));
  }
}

std::vector<Statement> Parse(std::string_view sql) { return Parse(sql, ParameterValues{}, nullptr); }

std::vector<Statement> Parse(std::string_view sql, const ParameterValues& params, int* highest) {
  // With no values at all, any $n is "no parameter $n".
  const ParameterValues* values = params.values.empty() && !params.placeholders ? nullptr : &params;
  std::string text(sql);
  PgQueryProtobufParseResult result = pg_query_parse_protobuf(text.c_str());
  struct Free {
    PgQueryProtobufParseResult* r;
    ~Free() { pg_query_free_protobuf_parse_result(*r); }
  } free_result{&result};
  if (result.error != nullptr) {
    // cursorpos counts characters from 1 (0: no position); locations are
    // byte offsets.
    int location = -1;
    if (result.error->cursorpos > 0) {
      int chars = 0;
      size_t i = 0;
      for (; i < text.size(); i++) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (++chars == result.error->cursorpos) break;
      }
      location = static_cast<int>(i);
    }
    // The grammar itself refuses the reserved role names (PUBLIC, NONE)
    // with reserved_name, not syntax_error.
    std::string_view message = result.error->message;
    const bool reserved_role = message.starts_with("role name \"") && message.ends_with("\" is reserved");
    throw SqlError(result.error->message, reserved_role ? "42939" : "42601", location);
  }
  PgQuery__ParseResult* tree = pg_query__parse_result__unpack(
      nullptr, result.parse_tree.len, reinterpret_cast<const uint8_t*>(result.parse_tree.data));
  if (tree == nullptr) throw InternalError("could not decode the parse tree");
  struct FreeTree {
    PgQuery__ParseResult* t;
    ~FreeTree() { pg_query__parse_result__free_unpacked(t, nullptr); }
  } free_tree{tree};
  std::vector<Statement> out;
  Transformer transformer(values);
  for (size_t i = 0; i < tree->n_stmts; i++) {
    const PgQuery__RawStmt* raw = tree->stmts[i];
    Statement stmt;
    stmt.offset = raw->stmt_location;
    size_t len = raw->stmt_len == 0 ? text.size() - raw->stmt_location : static_cast<size_t>(raw->stmt_len);
    stmt.text = text.substr(raw->stmt_location, len);
    transformer.TransformStatement(raw->stmt, &stmt);
    out.push_back(std::move(stmt));
  }
  if (highest != nullptr) *highest = transformer.highest_parameter();
  return out;
}

std::string Expr::DefaultName() const {
  switch (kind) {
    case ExprKind::kColumnRef: return names.back();
    case ExprKind::kFunction: return names.back();
    case ExprKind::kCast:
      if (children[0]->kind == ExprKind::kColumnRef || children[0]->kind == ExprKind::kFunction) {
        return children[0]->DefaultName();
      }
      {
        // PostgreSQL names a cast of a constant after the type.
        std::string t = type_name.substr(0, type_name.find('('));
        if (t == "integer") return "int4";
        if (t == "bigint") return "int8";
        if (t == "smallint") return "int2";
        if (t == "double precision") return "float8";
        if (t == "real") return "float4";
        if (t == "boolean") return "bool";
        if (t == "timestamp with time zone") return "timestamptz";
        if (t == "character varying") return "varchar";
        return t;
      }
    case ExprKind::kCase: return "case";
    case ExprKind::kGrouping: return "grouping";
    case ExprKind::kCoalesce: return "coalesce";
    case ExprKind::kNullIf: return "nullif";
    case ExprKind::kGreatestLeast: return names[0];
    case ExprKind::kSubquery:
      if (names[0] == "exists") return "exists";
      if (names[0] == "scalar" && subquery->values.empty() && !subquery->targets.empty()) {
        const SelectTarget& t = subquery->targets[0];
        if (!t.alias.empty()) return t.alias;
        if (t.expr->kind != ExprKind::kStar) return t.expr->DefaultName();
      }
      return "?column?";
    default: return "?column?";
  }
}

}  // namespace tributary::sql
