#include "binder/binder.hpp"

#include <algorithm>
#include <tuple>

#include "binder/expression_binder.hpp"
#include "binder/grouping_sets.hpp"
#include "binder/type_rules.hpp"
#include "execution/expression_executor.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

std::shared_ptr<iceberg::Table> Binder::LoadTable(const std::string& schema, const std::string& name, int location) {
  if (SystemCatalog::IsSystemRelation(schema, name)) {
    throw SqlError("cannot change system table \"" + name + "\"", "42809", location);
  }
  catalog::TableIdentifier id{schema.empty() ? kDefaultSchema : schema, name};
  auto table = catalog_->LoadTable(id);
  if (!table.ok()) {
    if (table.status().code() == StatusCode::kNotFound) {
      std::string shown = schema.empty() ? name : schema + "." + name;
      throw SqlError("relation \"" + shown + "\" does not exist", "42P01", location);
    }
    throw UserError("could not load table " + id.ToString() + ": " + table.status().ToString(), "58030");
  }
  return *table;
}

void Binder::CheckTable(const std::string& schema, const std::string& name, Privilege privilege, int location) {
  CheckRelationAccess(*catalog_, access_, schema.empty() ? kDefaultSchema : schema, name, false, privilege, location);
}

LogicalPtr Binder::BindAuditLog(const TableRef& ref, Scope* scope) {
  if (!access_.superuser) throw SqlError("permission denied for table audit_log", "42501", ref.location);
  if (!target_privileges_.empty()) throw SqlError("cannot change system table \"audit_log\"", "42809", ref.location);
  MarkVolatile();
  auto entries = catalog_->ListAudit();
  if (!entries.ok()) throw UserError("could not read the audit log: " + entries.status().ToString(), "58030");
  auto op = std::make_unique<LogicalOperator>();
  op->kind = LogicalKind::kValues;
  op->table_index = next_table_index_++;
  op->value_types = {LogicalType::TimestampTz(), LogicalType::Varchar(), LogicalType::Varchar(),
                     LogicalType::Varchar()};
  for (const auto& e : *entries) {
    std::vector<BoundExprPtr> row;
    row.push_back(BoundExpr::Constant(Value::TimestampTz(e.time_ms * 1000)));
    row.push_back(BoundExpr::Constant(Value::Varchar(e.user)));
    row.push_back(BoundExpr::Constant(Value::Varchar(e.event)));
    row.push_back(BoundExpr::Constant(Value::Varchar(e.detail)));
    op->rows.push_back(std::move(row));
  }
  ScopeTable entry;
  entry.name = ref.alias.empty() ? ref.name : ref.alias;
  entry.table_index = op->table_index;
  entry.columns = {"event_time", "user_name", "event", "detail"};
  entry.types = op->value_types;
  if (!ref.column_aliases.empty()) throw SqlError("column aliases on tables are not supported", "0A000", ref.location);
  scope->push_back(std::move(entry));
  return op;
}

const CommonTableExpr* Binder::FindCte(const std::string& name, size_t* depth) const {
  for (size_t i = ctes_.size(); i-- > 0;) {
    if (ctes_[i]->name == name) {
      *depth = i;
      return ctes_[i];
    }
  }
  return nullptr;
}

LogicalPtr Binder::BindDerivedTable(const SelectStatement& query, const std::string& name,
                                    const std::vector<std::string>& column_aliases, int location, Scope* scope) {
  BoundQuery bound = BindSelect(query);
  if (column_aliases.size() > bound.names.size()) {
    throw SqlError("table \"" + name + "\" has " + std::to_string(bound.names.size()) + " columns available but " +
                       std::to_string(column_aliases.size()) + " columns specified",
                   "42P10", location);
  }
  CheckUniqueName(*scope, name, location);
  auto op = std::make_unique<LogicalOperator>();
  op->kind = LogicalKind::kProjection;
  op->table_index = next_table_index_++;
  ScopeTable entry;
  entry.name = name;
  entry.table_index = op->table_index;
  auto bindings = bound.plan->bindings();
  auto types = bound.plan->types();
  for (size_t i = 0; i < bindings.size(); i++) {
    std::string column = i < column_aliases.size() ? column_aliases[i] : bound.names[i];
    op->expressions.push_back(BoundExpr::Column(bindings[i], types[i], column));
    entry.columns.push_back(column);
    entry.types.push_back(types[i]);
  }
  op->children.push_back(std::move(bound.plan));
  scope->push_back(std::move(entry));
  return op;
}

void Binder::CheckUniqueName(const Scope& scope, const std::string& name, int location) {
  for (const auto& t : scope) {
    if (t.name == name) throw SqlError("table name \"" + name + "\" specified more than once", "42712", location);
  }
}

LogicalPtr Binder::BindTableRef(const TableRef& ref, Scope* scope) {
  if (ref.kind == TableRef::Kind::kFunction) return BindSeries(ref, scope, nullptr);
  if (ref.kind == TableRef::Kind::kSubquery) {
    return BindDerivedTable(*ref.subquery, ref.alias, ref.column_aliases, ref.location, scope);
  }
  if (ref.kind == TableRef::Kind::kBase && ref.schema.empty() && !ref.snapshot) {
    size_t depth = 0;
    if (const CommonTableExpr* cte = FindCte(ref.name, &depth)) {
      // A WITH query sees only the WITH items before it; it is bound afresh
      // for each reference (PostgreSQL inlines such references too).
      std::vector<const CommonTableExpr*> saved = ctes_;
      ctes_.resize(depth);
      // FROM x AS y(a) renames the first columns of WITH x(p, q).
      std::vector<std::string> aliases = cte->column_aliases;
      for (size_t i = 0; i < ref.column_aliases.size(); i++) {
        if (i < aliases.size()) aliases[i] = ref.column_aliases[i];
        else aliases.push_back(ref.column_aliases[i]);
      }
      LogicalPtr op;
      try {
        op = BindDerivedTable(*cte->query, ref.alias.empty() ? ref.name : ref.alias, aliases, ref.location, scope);
      } catch (...) {
        ctes_ = std::move(saved);
        throw;
      }
      ctes_ = std::move(saved);
      return op;
    }
  }
  if (ref.kind == TableRef::Kind::kBase && ref.schema == kSystemSchema && ref.name == "audit_log" &&
      !ref.snapshot) {
    return BindAuditLog(ref, scope);
  }
  if (ref.kind == TableRef::Kind::kBase && ref.schema == kSystemSchema && ref.name == "jobs" && !ref.snapshot) {
    return BindJobs(ref, scope);
  }
  if (ref.kind == TableRef::Kind::kBase && !ref.snapshot && SystemCatalog::IsSystemRelation(ref.schema, ref.name)) {
    return BindSystemRelation(ref, scope);
  }
  if (ref.kind == TableRef::Kind::kBase) {
    if (!ref.snapshot) {
      if (LogicalPtr view = BindView(ref, scope)) return view;
    }
    if (!ref.column_aliases.empty()) throw SqlError("column aliases on tables are not supported", "0A000", ref.location);
    auto table = LoadTable(ref.schema, ref.name, ref.location);
    std::vector<Privilege> needed = std::move(target_privileges_);
    target_privileges_.clear();
    if (needed.empty()) needed.push_back(Privilege::kSelect);
    for (Privilege p : needed) CheckTable(ref.schema, ref.name, p, ref.location);
    auto op = std::make_unique<LogicalOperator>();
    op->kind = LogicalKind::kScan;
    op->table_index = next_table_index_++;
    op->table = table;
    op->table_name = (ref.schema.empty() ? std::string(kDefaultSchema) : ref.schema) + "." + ref.name;
    if (ref.snapshot) op->scan_snapshot_id = BindSnapshot(*table, *ref.snapshot, ref.location);
    ScopeTable entry;
    entry.name = ref.alias.empty() ? ref.name : ref.alias;
    CheckUniqueName(*scope, entry.name, ref.location);
    entry.table_index = op->table_index;
    const auto& fields = table->metadata()->current_schema()->fields();
    for (size_t i = 0; i < fields.size(); i++) {
      op->scan_columns.push_back(static_cast<int>(i));
      op->scan_types.push_back(fields[i].type);
      op->scan_names.push_back(fields[i].name);
      op->scan_field_ids.push_back(fields[i].id);
      entry.columns.push_back(fields[i].name);
      entry.types.push_back(fields[i].type);
    }
    // Policies name the table's columns by the table's own name.
    ScopeTable policy_entry = entry;
    policy_entry.name = ref.name;
    catalog::TableIdentifier id{ref.schema.empty() ? std::string(kDefaultSchema) : ref.schema, ref.name};
    LogicalPtr plan = ApplyRowSecurity(std::move(op), id, policy_entry, needed);
    scope->push_back(std::move(entry));
    return plan;
  }
  auto op = std::make_unique<LogicalOperator>();
  op->kind = LogicalKind::kJoin;
  op->join = ref.join == JoinKind::kLeft || ref.join == JoinKind::kRight ? LogicalJoinKind::kLeft
             : ref.join == JoinKind::kFull                               ? LogicalJoinKind::kFull
             : ref.join == JoinKind::kCross                              ? LogicalJoinKind::kCross
                                                                         : LogicalJoinKind::kInner;
  Scope local;
  op->children.push_back(BindTableRef(*ref.left, &local));
  size_t left_items = local.size();
  op->children.push_back(BindTableRef(*ref.right, &local));
  // RIGHT JOIN is a LEFT JOIN with the inputs swapped; columns are found by
  // binding, so the output order does not change.
  if (ref.join == JoinKind::kRight) std::swap(op->children[0], op->children[1]);

  std::vector<std::string> using_columns = ref.using_columns;
  if (ref.natural) {
    // The column names both sides have, in the left side's order.
    for (size_t i = 0; i < left_items; i++) {
      for (size_t c = 0; c < local[i].columns.size(); c++) {
        if (local[i].Merged(c)) continue;
        const std::string& name = local[i].columns[c];
        bool in_right = false;
        for (size_t j = left_items; j < local.size(); j++) {
          for (size_t k = 0; k < local[j].columns.size(); k++) in_right |= !local[j].Merged(k) && local[j].columns[k] == name;
        }
        if (in_right && std::find(using_columns.begin(), using_columns.end(), name) == using_columns.end()) {
          using_columns.push_back(name);
        }
      }
    }
  }
  if (!using_columns.empty() || ref.natural) {
    // Finds the one visible `name` among local[begin, end); marks it merged.
    auto find = [&](size_t begin, size_t end, const std::string& name, const char* side, ColumnBinding* binding,
                    LogicalType* type) {
      int found = 0;
      for (size_t i = begin; i < end; i++) {
        for (size_t c = 0; c < local[i].columns.size(); c++) {
          if (local[i].Merged(c) || local[i].columns[c] != name) continue;
          found++;
          *binding = local[i].BindingOf(c);
          *type = local[i].types[c];
        }
      }
      if (found == 0) {
        throw SqlError("column \"" + name + "\" specified in USING clause does not exist in " + side + " table", "42703");
      }
      if (found > 1) {
        throw SqlError("common column name \"" + name + "\" appears more than once in " + side + " table", "42702");
      }
    };
    ScopeTable merged;
    merged.table_index = -1;
    std::vector<BoundExprPtr> conjuncts;
    // FULL JOIN: per USING column, both sides and their common type.
    std::vector<std::tuple<ColumnBinding, ColumnBinding, LogicalType>> full_columns;
    for (const std::string& name : using_columns) {
      ColumnBinding lb, rb;
      LogicalType lt, rt;
      find(0, left_items, name, "left", &lb, &lt);
      find(left_items, local.size(), name, "right", &rb, &rt);
      BoundExprPtr l = BoundExpr::Column(lb, lt, name);
      BoundExprPtr r = BoundExpr::Column(rb, rt, name);
      auto common = CommonType(*l, *r);
      if (!common) {
        throw SqlError("operator does not exist: " + TypeNameForMessage(*l) + " = " + TypeNameForMessage(*r), "42883");
      }
      auto eq = std::make_unique<BoundExpr>();
      eq->kind = BoundKind::kCompare;
      eq->op = "=";
      eq->type = LogicalType::Boolean();
      eq->children.push_back(Coerce(std::move(l), *common));
      eq->children.push_back(Coerce(std::move(r), *common));
      conjuncts.push_back(std::move(eq));
      full_columns.emplace_back(lb, rb, *common);
      // The merged column is the preserved side's (FULL: see below).
      bool right_wins = ref.join == JoinKind::kRight;
      merged.columns.push_back(name);
      merged.types.push_back(right_wins ? rt : lt);
      merged.bindings.push_back(right_wins ? rb : lb);
    }
    for (auto& t : local) {
      for (size_t c = 0; c < t.columns.size(); c++) {
        if (std::find(using_columns.begin(), using_columns.end(), t.columns[c]) == using_columns.end()) continue;
        if (t.merged.empty()) t.merged.assign(t.columns.size(), 0);
        t.merged[c] = 1;
      }
    }
    if (conjuncts.size() == 1) {
      op->predicate = std::move(conjuncts[0]);
    } else if (!conjuncts.empty()) {
      op->predicate = std::make_unique<BoundExpr>();
      op->predicate->kind = BoundKind::kAnd;
      op->predicate->type = LogicalType::Boolean();
      op->predicate->children = std::move(conjuncts);
    }
    if (using_columns.empty()) {
      // NATURAL JOIN without common columns is a cross join.
      op->join = op->join == LogicalJoinKind::kInner ? LogicalJoinKind::kCross : op->join;
    } else {
      local.insert(local.begin(), std::move(merged));
    }
    if (ref.join == JoinKind::kFull && !using_columns.empty()) {
      // The merged column of a FULL join is COALESCE(left, right): a
      // projection over the join passes every column through and adds
      // them; the FROM items now read the projection's outputs.
      auto projection = std::make_unique<LogicalOperator>();
      projection->kind = LogicalKind::kProjection;
      projection->table_index = next_table_index_++;
      auto join_bindings = op->bindings();
      auto join_types = op->types();
      for (size_t i = 0; i < join_bindings.size(); i++) {
        projection->expressions.push_back(BoundExpr::Column(join_bindings[i], join_types[i], "column"));
      }
      auto remap = [&](const ColumnBinding& b) {
        for (size_t i = 0; i < join_bindings.size(); i++) {
          if (join_bindings[i] == b) return ColumnBinding{projection->table_index, static_cast<int>(i)};
        }
        throw InternalError("USING column not produced by the join");
      };
      for (size_t t = 1; t < local.size(); t++) {
        std::vector<ColumnBinding> moved;
        for (size_t c = 0; c < local[t].columns.size(); c++) moved.push_back(remap(local[t].BindingOf(c)));
        local[t].bindings = std::move(moved);
      }
      ScopeTable& merged_columns = local[0];
      for (size_t k = 0; k < full_columns.size(); k++) {
        const auto& [lb, rb, type] = full_columns[k];
        auto coalesce = std::make_unique<BoundExpr>();
        coalesce->kind = BoundKind::kCoalesce;
        coalesce->type = type;
        coalesce->children.push_back(Coerce(BoundExpr::Column(lb, join_types[remap(lb).column], using_columns[k]), type));
        coalesce->children.push_back(Coerce(BoundExpr::Column(rb, join_types[remap(rb).column], using_columns[k]), type));
        projection->expressions.push_back(std::move(coalesce));
        merged_columns.bindings[k] = {projection->table_index, static_cast<int>(projection->expressions.size() - 1)};
        merged_columns.types[k] = type;
      }
      projection->children.push_back(std::move(op));
      op = std::move(projection);
    }
  }
  if (ref.condition) {
    ExpressionBinder binder(this, &local, "JOIN/ON");
    binder.ForbidAggregates();
    size_t before = pending_.size();
    op->predicate = binder.BindCondition(*ref.condition);
    RejectSubqueries(before, "JOIN/ON");
  }
  for (auto& t : local) {
    if (!t.name.empty()) CheckUniqueName(*scope, t.name, -1);
    scope->push_back(std::move(t));
  }
  return op;
}

LogicalPtr Binder::BindFrom(const std::vector<TableRefPtr>& from, Scope* scope) {
  if (from.empty()) {
    // SELECT without FROM reads one row of no columns.
    auto op = std::make_unique<LogicalOperator>();
    op->kind = LogicalKind::kValues;
    op->table_index = next_table_index_++;
    op->rows.emplace_back();
    return op;
  }
  LogicalPtr plan;
  for (size_t i = 0; i < from.size(); i++) {
    if (from[i]->kind == TableRef::Kind::kFunction) {
      plan = BindSeries(*from[i], scope, std::move(plan));
      continue;
    }
    if (!plan) {
      plan = BindTableRef(*from[i], scope);
      continue;
    }
    auto join = std::make_unique<LogicalOperator>();
    join->kind = LogicalKind::kJoin;
    join->join = LogicalJoinKind::kCross;
    join->children.push_back(std::move(plan));
    join->children.push_back(BindTableRef(*from[i], scope));
    plan = std::move(join);
  }
  return plan;
}

BoundQuery Binder::BindValues(const SelectStatement& select) {
  BoundQuery out;
  auto op = std::make_unique<LogicalOperator>();
  op->kind = LogicalKind::kValues;
  op->table_index = next_table_index_++;
  Scope empty;
  size_t width = select.values[0].size();
  std::vector<std::vector<BoundExprPtr>> rows;
  for (const auto& row : select.values) {
    if (row.size() != width) {
      throw SqlError("VALUES lists must all be the same length", "42601", row.empty() ? -1 : row[0]->location);
    }
    std::vector<BoundExprPtr> bound;
    for (const auto& e : row) {
      ExpressionBinder binder(this, &empty, "VALUES");
      binder.ForbidAggregates();
      size_t before = pending_.size();
      bound.push_back(binder.Bind(*e));
      RejectSubqueries(before, "VALUES");
    }
    rows.push_back(std::move(bound));
  }
  for (size_t c = 0; c < width; c++) {
    std::optional<LogicalType> common;
    for (auto& row : rows) {
      const BoundExpr& e = *row[c];
      if (e.kind == BoundKind::kConstant && (e.unknown_literal || e.value.is_null())) continue;
      if (!common) {
        common = e.type;
        continue;
      }
      BoundExpr probe;
      probe.type = *common;
      auto next = CommonType(probe, e);
      if (!next) {
        throw SqlError("VALUES types " + common->ToString() + " and " + TypeNameForMessage(e) + " cannot be matched",
                       "42804", e.location);
      }
      common = next;
    }
    LogicalType t = common.value_or(LogicalType::Varchar());
    for (auto& row : rows) row[c] = Coerce(std::move(row[c]), t);
    op->value_types.push_back(t);
    out.names.push_back("column" + std::to_string(c + 1));
  }
  op->rows = std::move(rows);
  out.plan = std::move(op);
  return out;
}

LogicalPtr Binder::BindLimit(const SelectStatement& select, LogicalPtr plan) {
  if (!select.limit && !select.offset) return plan;
  auto limit = std::make_unique<LogicalOperator>();
  limit->kind = LogicalKind::kLimit;
  Scope none;
  auto evaluate = [&](const Expr& e, const char* what) -> int64_t {
    ExpressionBinder binder(this, &none, what);
    binder.ForbidAggregates();
    size_t before = pending_.size();
    BoundExprPtr bound = binder.Bind(e);
    RejectSubqueries(before, what);
    if (bound->unknown_literal || bound->type.id() == TypeId::kNull) bound = Coerce(std::move(bound), LogicalType::BigInt());
    if (!bound->type.is_integral()) {
      throw SqlError("argument of " + std::string(what) + " must be type bigint, not type " + bound->type.ToString(),
                     "42804", e.location);
    }
    Value v = ExpressionExecutor::EvaluateConstant(*bound);
    if (v.is_null()) return -2;
    if (v.GetInt64() < 0) {
      throw SqlError(std::string(what) + " must not be negative", std::string(what) == "LIMIT" ? "2201W" : "2201X",
                     e.location);
    }
    return v.GetInt64();
  };
  if (select.limit) {
    int64_t n = evaluate(*select.limit, "LIMIT");
    limit->limit = n == -2 ? -1 : n;
  }
  if (select.offset) {
    int64_t n = evaluate(*select.offset, "OFFSET");
    limit->offset = n == -2 ? 0 : n;
  }
  limit->children.push_back(std::move(plan));
  plan = std::move(limit);
  return plan;
}

BoundQuery Binder::BindSetOperation(const SelectStatement& select) {
  const char* name = select.set_operation == SetOperation::kUnion       ? "UNION"
                     : select.set_operation == SetOperation::kIntersect ? "INTERSECT"
                                                                        : "EXCEPT";
  BoundQuery left = BindSelect(*select.left);
  BoundQuery right = BindSelect(*select.right);
  auto left_types = left.plan->types();
  auto right_types = right.plan->types();
  if (left_types.size() != right_types.size()) {
    throw SqlError("each " + std::string(name) + " query must have the same number of columns", "42601");
  }
  // Each column takes the common type of both sides (PostgreSQL's
  // select_common_type: the left type wins between equals).
  std::vector<LogicalType> types;
  auto probe = [](const LogicalOperator& plan, size_t i, const LogicalType& type) {
    // A bare NULL in a select list takes the other side's type.
    BoundExpr p;
    p.kind = BoundKind::kColumn;
    p.type = type;
    if (plan.kind == LogicalKind::kProjection && plan.expressions[i]->kind == BoundKind::kConstant &&
        plan.expressions[i]->value.is_null()) {
      p.kind = BoundKind::kConstant;
      p.type = LogicalType::Null();
      p.value = Value::Null(p.type);
    }
    return p;
  };
  for (size_t i = 0; i < left_types.size(); i++) {
    BoundExpr a = probe(*left.plan, i, left_types[i]);
    BoundExpr b = probe(*right.plan, i, right_types[i]);
    auto common = CommonType(a, b);
    if (common && common->id() == TypeId::kNull) common = LogicalType::Varchar();
    if (!common) {
      throw SqlError(std::string(name) + " types " + left_types[i].ToString() + " and " + right_types[i].ToString() +
                         " cannot be matched",
                     "42804");
    }
    types.push_back(*common);
  }
  auto coerce = [&](BoundQuery& side) {
    auto projection = std::make_unique<LogicalOperator>();
    projection->kind = LogicalKind::kProjection;
    projection->table_index = next_table_index_++;
    auto bindings = side.plan->bindings();
    auto side_types = side.plan->types();
    for (size_t i = 0; i < bindings.size(); i++) {
      projection->expressions.push_back(Coerce(BoundExpr::Column(bindings[i], side_types[i], side.names[i]), types[i]));
    }
    projection->children.push_back(std::move(side.plan));
    return projection;
  };
  auto op = std::make_unique<LogicalOperator>();
  op->kind = LogicalKind::kSetOperation;
  op->table_index = next_table_index_++;
  switch (select.set_operation) {
    case SetOperation::kUnion: op->set_kind = SetOperationKind::kUnionAll; break;
    case SetOperation::kIntersect:
      op->set_kind = select.set_all ? SetOperationKind::kIntersectAll : SetOperationKind::kIntersect;
      break;
    default: op->set_kind = select.set_all ? SetOperationKind::kExceptAll : SetOperationKind::kExcept; break;
  }
  op->children.push_back(coerce(left));
  op->children.push_back(coerce(right));
  int output_index = op->table_index;
  LogicalPtr plan = std::move(op);
  if (select.set_operation == SetOperation::kUnion && !select.set_all) {
    auto distinct = std::make_unique<LogicalOperator>();
    distinct->kind = LogicalKind::kAggregate;
    distinct->group_index = next_table_index_++;
    distinct->aggregate_index = next_table_index_++;
    for (size_t i = 0; i < types.size(); i++) {
      distinct->groups.push_back(BoundExpr::Column({output_index, static_cast<int>(i)}, types[i], left.names[i]));
    }
    distinct->children.push_back(std::move(plan));
    output_index = distinct->group_index;
    plan = std::move(distinct);
  }
  // ORDER BY names or positions of result columns only, as in PostgreSQL.
  std::vector<SortSpec> sort;
  for (const auto& item : select.order_by) {
    const Expr& e = *item.expr;
    int column = -1;
    if (e.kind == ExprKind::kConstant && e.value.type().id() == TypeId::kInteger) {
      int64_t n = e.value.GetInt64();
      if (n < 1 || n > static_cast<int64_t>(types.size())) {
        throw SqlError("ORDER BY position " + std::to_string(n) + " is not in select list", "42P10", e.location);
      }
      column = static_cast<int>(n - 1);
    } else if (e.kind == ExprKind::kColumnRef && e.names.size() == 1) {
      for (size_t i = 0; i < left.names.size() && column < 0; i++) {
        if (left.names[i] == e.names[0]) column = static_cast<int>(i);
      }
      if (column < 0) {
        throw SqlError("column \"" + e.names[0] + "\" does not exist", "42703", e.location);
      }
    } else {
      throw SqlError("invalid UNION/INTERSECT/EXCEPT ORDER BY clause", "0A000", e.location,
                     "Only result column names can be used, not expressions or functions.");
    }
    SortSpec spec;
    spec.descending = item.descending;
    spec.nulls_first = item.nulls_first.value_or(item.descending);
    spec.expr = BoundExpr::Column({output_index, column}, types[column], left.names[column]);
    sort.push_back(std::move(spec));
  }
  if (!sort.empty()) {
    auto order = std::make_unique<LogicalOperator>();
    order->kind = LogicalKind::kOrder;
    order->sort = std::move(sort);
    order->children.push_back(std::move(plan));
    plan = std::move(order);
  }
  BoundQuery out;
  out.plan = BindLimit(select, std::move(plan));
  out.names = std::move(left.names);
  return out;
}

BoundQuery Binder::BindSelect(const SelectStatement& select) {
  if (!select.ctes.empty()) {
    // The body sees every WITH item; each item sees those before it.
    size_t outer = ctes_.size();
    for (const auto& cte : select.ctes) ctes_.push_back(&cte);
    BoundQuery out;
    try {
      out = BindSelectBody(select);
    } catch (...) {
      ctes_.resize(outer);
      throw;
    }
    ctes_.resize(outer);
    return out;
  }
  return BindSelectBody(select);
}

BoundQuery Binder::BindSelectBody(const SelectStatement& select) {
  if (select.set_operation != SetOperation::kNone) return BindSetOperation(select);
  if (!select.values.empty()) {
    if (!select.order_by.empty() || select.limit || select.offset) {
      throw SqlError("ORDER BY/LIMIT on a bare VALUES list is not supported", "0A000");
    }
    return BindValues(select);
  }
  // Subqueries of an enclosing query wait while this one binds its own.
  std::vector<PendingSubquery> enclosing_pending = std::move(pending_);
  pending_.clear();
  Scope scope;
  LogicalPtr plan = BindFrom(select.from, &scope);

  if (select.where) {
    ExpressionBinder binder(this, &scope, "WHERE");
    binder.ForbidAggregates();
    auto filter = std::make_unique<LogicalOperator>();
    filter->kind = LogicalKind::kFilter;
    filter->predicate = binder.BindCondition(*select.where);
    filter->children.push_back(ApplySubqueries(std::move(plan)));
    plan = std::move(filter);
  }

  // Expand * and collect the select list.
  struct Target {
    const Expr* expr = nullptr;
    BoundExprPtr star_column;  // for expanded *
    std::string name;
  };
  std::vector<Target> targets;
  for (const auto& t : select.targets) {
    if (t.expr->kind == ExprKind::kStar) {
      bool any = false;
      for (const auto& table : scope) {
        bool qualified = !t.expr->names.empty();
        if (qualified && table.name != t.expr->names.back()) continue;
        any = true;
        for (size_t c = 0; c < table.columns.size(); c++) {
          if (!qualified && table.Merged(c)) continue;
          Target target;
          std::string name =
              scope.size() > 1 && !table.name.empty() ? table.name + "." + table.columns[c] : table.columns[c];
          target.star_column = BoundExpr::Column(table.BindingOf(c), table.types[c], name);
          target.name = table.columns[c];
          targets.push_back(std::move(target));
        }
      }
      if (!any && !t.expr->names.empty()) {
        throw SqlError("missing FROM-clause entry for table \"" + t.expr->names.back() + "\"", "42P01", t.expr->location);
      }
      if (scope.empty()) throw SqlError("SELECT * with no tables specified is not valid", "42601", t.expr->location);
      continue;
    }
    Target target;
    target.expr = t.expr.get();
    target.name = t.alias.empty() ? t.expr->DefaultName() : t.alias;
    targets.push_back(std::move(target));
  }

  bool grouped = !select.group_by.empty() || !select.grouping_sets.empty() || select.having;
  for (const auto& t : select.targets) grouped |= ExpressionBinder::ContainsAggregate(*t.expr);
  for (const auto& o : select.order_by) grouped |= ExpressionBinder::ContainsAggregate(*o.expr);

  auto aggregate = std::make_unique<LogicalOperator>();
  aggregate->kind = LogicalKind::kAggregate;
  aggregate->group_index = next_table_index_++;
  aggregate->aggregate_index = next_table_index_++;

  bool windowed = false;
  for (const auto& t : select.targets) windowed |= ExpressionBinder::ContainsWindow(*t.expr);
  for (const auto& o : select.order_by) windowed |= ExpressionBinder::ContainsWindow(*o.expr);
  // WINDOW clause: unique names; a definition may refer to an earlier one.
  for (size_t i = 0; i < select.windows.size(); i++) {
    const NamedWindow& w = select.windows[i];
    for (size_t j = 0; j < i; j++) {
      if (select.windows[j].name == w.name) {
        throw SqlError("window \"" + w.name + "\" is already defined", "42P20", w.location);
      }
    }
    ExpressionBinder::ResolveWindow(*w.spec, &select.windows, i);
  }
  auto window = std::make_unique<LogicalOperator>();
  window->kind = LogicalKind::kWindow;
  if (windowed) window->window_index = next_table_index_++;

  auto bind_output = [&](const Expr& e, const char* clause) {
    ExpressionBinder binder(this, &scope, clause);
    if (windowed) binder.SetWindows(&window->windows, window->window_index, &select.windows);
    if (grouped) {
      binder.SetGrouping(&aggregate->groups, aggregate->group_index, &aggregate->aggregates, aggregate->aggregate_index);
    } else {
      binder.ForbidAggregates();
    }
    return binder.Bind(e);
  };

  // Binds one GROUP BY expression and returns its position in the
  // aggregate's groups (an expression met before keeps its position when
  // `reuse`: grouping sets name columns, not list entries).
  auto bind_group = [&](const Expr& g, bool reuse) -> int {
    // GROUP BY 2 and GROUP BY <output name> refer to the select list.
    const Expr* expr = &g;
    if (g.kind == ExprKind::kConstant && g.value.type().id() == TypeId::kInteger) {
      int64_t n = g.value.GetInt64();
      if (n < 1 || n > static_cast<int64_t>(targets.size()) || targets[n - 1].expr == nullptr) {
        throw SqlError("GROUP BY position " + std::to_string(n) + " is not in select list", "42P10", g.location);
      }
      expr = targets[n - 1].expr;
    } else if (g.kind == ExprKind::kColumnRef && g.names.size() == 1) {
      bool is_input = false;
      for (const auto& t : scope) {
        for (const auto& c : t.columns) is_input |= c == g.names[0];
      }
      if (!is_input) {
        for (const auto& t : targets) {
          if (t.expr != nullptr && t.name == g.names[0]) expr = t.expr;
        }
      }
    }
    ExpressionBinder binder(this, &scope, "GROUP BY");
    binder.ForbidAggregates();
    size_t before = pending_.size();
    BoundExprPtr bound = binder.Bind(*expr);
    RejectSubqueries(before, "GROUP BY");
    if (bound->kind == BoundKind::kConstant && bound->unknown_literal) bound = Coerce(std::move(bound), LogicalType::Varchar());
    if (reuse) {
      std::string text = bound->ToString();
      for (size_t i = 0; i < aggregate->groups.size(); i++) {
        if (aggregate->groups[i]->ToString() == text) return static_cast<int>(i);
      }
    }
    aggregate->groups.push_back(std::move(bound));
    return static_cast<int>(aggregate->groups.size() - 1);
  };
  if (grouped) {
    for (const auto& g : select.group_by) bind_group(*g, false);
    if (!select.grouping_sets.empty()) {
      aggregate->grouping_sets = ExpandGroupingSets(select, [&](const Expr& g) { return bind_group(g, true); });
    }
  }

  // The select list (plus ORDER BY expressions not in it) over the input or the aggregate.
  auto projection = std::make_unique<LogicalOperator>();
  projection->kind = LogicalKind::kProjection;
  projection->table_index = next_table_index_++;
  std::vector<std::string> names;
  for (auto& t : targets) {
    BoundExprPtr e;
    if (t.star_column) {
      if (grouped) {
        ExpressionBinder binder(this, &scope, "SELECT");
        binder.SetGrouping(&aggregate->groups, aggregate->group_index, &aggregate->aggregates, aggregate->aggregate_index);
        Expr ref;
        ref.kind = ExprKind::kColumnRef;
        ref.names = {t.star_column->name};
        if (ref.names[0].find('.') != std::string::npos) {
          std::string full = ref.names[0];
          ref.names = {full.substr(0, full.find('.')), full.substr(full.find('.') + 1)};
        }
        e = binder.Bind(ref);
      } else {
        e = std::move(t.star_column);
      }
    } else {
      e = bind_output(*t.expr, "SELECT");
    }
    if (e->kind == BoundKind::kConstant && e->unknown_literal) e = Coerce(std::move(e), LogicalType::Varchar());
    if (e->type.id() == TypeId::kNull) e = Coerce(std::move(e), LogicalType::Varchar());
    projection->expressions.push_back(std::move(e));
    names.push_back(t.name);
  }
  size_t visible = projection->expressions.size();

  BoundExprPtr having;
  if (select.having) {
    ExpressionBinder binder(this, &scope, "HAVING");
    binder.SetGrouping(&aggregate->groups, aggregate->group_index, &aggregate->aggregates, aggregate->aggregate_index);
    having = binder.BindCondition(*select.having);
  }

  std::vector<SortSpec> sort;
  for (const auto& item : select.order_by) {
    int column = -1;
    const Expr& e = *item.expr;
    if (e.kind == ExprKind::kConstant && e.value.type().id() == TypeId::kInteger) {
      int64_t n = e.value.GetInt64();
      if (n < 1 || n > static_cast<int64_t>(visible)) {
        throw SqlError("ORDER BY position " + std::to_string(n) + " is not in select list", "42P10", e.location);
      }
      column = static_cast<int>(n - 1);
    } else if (e.kind == ExprKind::kColumnRef && e.names.size() == 1) {
      for (size_t i = 0; i < visible; i++) {
        if (names[i] == e.names[0]) {
          if (column >= 0 && projection->expressions[column]->ToString() != projection->expressions[i]->ToString()) {
            throw SqlError("ORDER BY \"" + e.names[0] + "\" is ambiguous", "42702", e.location);
          }
          if (column < 0) column = static_cast<int>(i);
        }
      }
    }
    if (column < 0) {
      BoundExprPtr bound = bind_output(e, "ORDER BY");
      std::string text = bound->ToString();
      for (size_t i = 0; i < projection->expressions.size(); i++) {
        if (projection->expressions[i]->ToString() == text) column = static_cast<int>(i);
      }
      if (column < 0) {
        if (select.distinct) {
          throw SqlError("for SELECT DISTINCT, ORDER BY expressions must appear in select list", "42P10", e.location);
        }
        projection->expressions.push_back(std::move(bound));
        column = static_cast<int>(projection->expressions.size() - 1);
      }
    }
    SortSpec spec;
    spec.descending = item.descending;
    spec.nulls_first = item.nulls_first.value_or(item.descending);
    spec.expr = BoundExpr::Column({projection->table_index, column}, projection->expressions[column]->type,
                                  column < static_cast<int>(visible) ? names[column] : projection->expressions[column]->ToString());
    sort.push_back(std::move(spec));
  }

  // DISTINCT ON: its expressions are output columns (hidden when not
  // selected) that lead the sort order.
  std::vector<int> distinct_on;
  for (const auto& d : select.distinct_on) {
    int column = -1;
    const Expr& e = *d;
    if (e.kind == ExprKind::kConstant && e.value.type().id() == TypeId::kInteger) {
      int64_t n = e.value.GetInt64();
      if (n < 1 || n > static_cast<int64_t>(visible)) {
        throw SqlError("SELECT DISTINCT ON position " + std::to_string(n) + " is not in select list", "42P10",
                       e.location);
      }
      column = static_cast<int>(n - 1);
    } else {
      if (e.kind == ExprKind::kColumnRef && e.names.size() == 1) {
        for (size_t i = 0; i < visible && column < 0; i++) {
          if (names[i] == e.names[0]) column = static_cast<int>(i);
        }
      }
      if (column < 0) {
        BoundExprPtr bound = bind_output(e, "DISTINCT ON");
        std::string text = bound->ToString();
        for (size_t i = 0; i < projection->expressions.size() && column < 0; i++) {
          if (projection->expressions[i]->ToString() == text) column = static_cast<int>(i);
        }
        if (column < 0) {
          projection->expressions.push_back(std::move(bound));
          column = static_cast<int>(projection->expressions.size() - 1);
        }
      }
    }
    if (std::find(distinct_on.begin(), distinct_on.end(), column) == distinct_on.end()) distinct_on.push_back(column);
  }
  if (!distinct_on.empty()) {
    size_t prefix = std::min(sort.size(), distinct_on.size());
    for (size_t i = 0; i < prefix; i++) {
      int column = sort[i].expr->binding.column;
      if (std::find(distinct_on.begin(), distinct_on.end(), column) == distinct_on.end()) {
        throw SqlError("SELECT DISTINCT ON expressions must match initial ORDER BY expressions", "42P10",
                       select.distinct_on[0]->location);
      }
    }
    for (int column : distinct_on) {
      bool sorted = false;
      for (size_t i = 0; i < prefix; i++) sorted |= sort[i].expr->binding.column == column;
      if (sorted) continue;
      SortSpec spec;
      spec.expr = BoundExpr::Column({projection->table_index, column}, projection->expressions[column]->type,
                                    projection->expressions[column]->ToString());
      sort.insert(sort.begin() + static_cast<std::ptrdiff_t>(prefix), std::move(spec));
      prefix++;
    }
  }

  if (grouped) {
    // Subqueries in aggregate arguments run once per input row.
    aggregate->children.push_back(ApplySubqueries(std::move(plan), /*below_aggregate=*/true));
    plan = std::move(aggregate);
  }
  // Subqueries of the select list, HAVING and ORDER BY see the groups.
  plan = ApplySubqueries(std::move(plan));
  if (grouped) {
    if (having) {
      auto filter = std::make_unique<LogicalOperator>();
      filter->kind = LogicalKind::kFilter;
      filter->predicate = std::move(having);
      filter->children.push_back(std::move(plan));
      plan = std::move(filter);
    }
  }
  if (!window->windows.empty()) {
    // Window functions run over the grouped (or filtered) rows.
    window->children.push_back(std::move(plan));
    plan = std::move(window);
  }
  std::vector<LogicalType> projected_types;
  for (const auto& e : projection->expressions) projected_types.push_back(e->type);
  int projection_index = projection->table_index;
  projection->children.push_back(std::move(plan));
  plan = std::move(projection);

  if (select.distinct) {
    auto distinct = std::make_unique<LogicalOperator>();
    distinct->kind = LogicalKind::kAggregate;
    distinct->group_index = next_table_index_++;
    distinct->aggregate_index = next_table_index_++;
    for (size_t i = 0; i < visible; i++) {
      distinct->groups.push_back(BoundExpr::Column({projection_index, static_cast<int>(i)}, projected_types[i], names[i]));
    }
    // Later operators see the distinct rows under the aggregate's bindings.
    for (auto& s : sort) s.expr->binding = {distinct->group_index, s.expr->binding.column};
    distinct->children.push_back(std::move(plan));
    projection_index = distinct->group_index;
    plan = std::move(distinct);
  }
  if (!sort.empty()) {
    auto order = std::make_unique<LogicalOperator>();
    order->kind = LogicalKind::kOrder;
    order->sort = std::move(sort);
    order->children.push_back(std::move(plan));
    plan = std::move(order);
  }
  if (!distinct_on.empty()) {
    auto unique = std::make_unique<LogicalOperator>();
    unique->kind = LogicalKind::kDistinctOn;
    for (int column : distinct_on) {
      unique->groups.push_back(BoundExpr::Column({projection_index, column}, projected_types[column],
                                                 column < static_cast<int>(visible) ? names[column] : "?"));
    }
    unique->children.push_back(std::move(plan));
    plan = std::move(unique);
  }
  plan = BindLimit(select, std::move(plan));
  if (visible < projected_types.size()) {
    // Drop the hidden ORDER BY columns.
    auto final_projection = std::make_unique<LogicalOperator>();
    final_projection->kind = LogicalKind::kProjection;
    final_projection->table_index = next_table_index_++;
    for (size_t i = 0; i < visible; i++) {
      final_projection->expressions.push_back(
          BoundExpr::Column({projection_index, static_cast<int>(i)}, projected_types[i], names[i]));
    }
    final_projection->children.push_back(std::move(plan));
    plan = std::move(final_projection);
  }
  pending_ = std::move(enclosing_pending);
  BoundQuery out;
  out.plan = std::move(plan);
  out.names = std::move(names);
  return out;
}

}  // namespace tributary::sql
