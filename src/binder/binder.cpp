#include "binder/binder.hpp"

#include "binder/expression_binder.hpp"
#include "binder/type_rules.hpp"
#include "execution/expression_executor.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

std::shared_ptr<iceberg::Table> Binder::LoadTable(const std::string& schema, const std::string& name, int location) {
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

LogicalPtr Binder::BindTableRef(const TableRef& ref, Scope* scope) {
  if (ref.kind == TableRef::Kind::kBase) {
    auto table = LoadTable(ref.schema, ref.name, ref.location);
    auto op = std::make_unique<LogicalOperator>();
    op->kind = LogicalKind::kScan;
    op->table_index = next_table_index_++;
    op->table = table;
    op->table_name = (ref.schema.empty() ? std::string(kDefaultSchema) : ref.schema) + "." + ref.name;
    ScopeTable entry;
    entry.name = ref.alias.empty() ? ref.name : ref.alias;
    for (const auto& t : *scope) {
      if (t.name == entry.name) {
        throw SqlError("table name \"" + entry.name + "\" specified more than once", "42712", ref.location);
      }
    }
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
    scope->push_back(std::move(entry));
    return op;
  }
  auto op = std::make_unique<LogicalOperator>();
  op->kind = LogicalKind::kJoin;
  op->join = ref.join == JoinKind::kLeft ? LogicalJoinKind::kLeft
             : ref.join == JoinKind::kCross ? LogicalJoinKind::kCross
                                            : LogicalJoinKind::kInner;
  Scope local;
  op->children.push_back(BindTableRef(*ref.left, &local));
  op->children.push_back(BindTableRef(*ref.right, &local));
  if (ref.condition) {
    ExpressionBinder binder(this, &local, "JOIN/ON");
    binder.ForbidAggregates();
    op->predicate = binder.BindCondition(*ref.condition);
  }
  for (auto& t : local) {
    for (const auto& s : *scope) {
      if (s.name == t.name) throw SqlError("table name \"" + t.name + "\" specified more than once", "42712");
    }
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
  LogicalPtr plan = BindTableRef(*from[0], scope);
  for (size_t i = 1; i < from.size(); i++) {
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
      bound.push_back(binder.Bind(*e));
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

BoundQuery Binder::BindSelect(const SelectStatement& select) {
  if (!select.values.empty()) {
    if (!select.order_by.empty() || select.limit || select.offset) {
      throw SqlError("ORDER BY/LIMIT on a bare VALUES list is not supported", "0A000");
    }
    return BindValues(select);
  }
  Scope scope;
  LogicalPtr plan = BindFrom(select.from, &scope);

  if (select.where) {
    ExpressionBinder binder(this, &scope, "WHERE");
    binder.ForbidAggregates();
    auto filter = std::make_unique<LogicalOperator>();
    filter->kind = LogicalKind::kFilter;
    filter->predicate = binder.BindCondition(*select.where);
    filter->children.push_back(std::move(plan));
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
        if (!t.expr->names.empty() && table.name != t.expr->names.back()) continue;
        any = true;
        for (size_t c = 0; c < table.columns.size(); c++) {
          Target target;
          std::string name = scope.size() > 1 ? table.name + "." + table.columns[c] : table.columns[c];
          target.star_column = BoundExpr::Column({table.table_index, static_cast<int>(c)}, table.types[c], name);
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

  bool grouped = !select.group_by.empty() || select.having;
  for (const auto& t : select.targets) grouped |= ExpressionBinder::ContainsAggregate(*t.expr);
  for (const auto& o : select.order_by) grouped |= ExpressionBinder::ContainsAggregate(*o.expr);

  auto aggregate = std::make_unique<LogicalOperator>();
  aggregate->kind = LogicalKind::kAggregate;
  aggregate->group_index = next_table_index_++;
  aggregate->aggregate_index = next_table_index_++;

  auto bind_output = [&](const Expr& e, const char* clause) {
    ExpressionBinder binder(this, &scope, clause);
    if (grouped) {
      binder.SetGrouping(&aggregate->groups, aggregate->group_index, &aggregate->aggregates, aggregate->aggregate_index);
    } else {
      binder.ForbidAggregates();
    }
    return binder.Bind(e);
  };

  if (grouped) {
    for (const auto& g : select.group_by) {
      // GROUP BY 2 and GROUP BY <output name> refer to the select list.
      const Expr* expr = g.get();
      if (g->kind == ExprKind::kConstant && g->value.type().id() == TypeId::kInteger) {
        int64_t n = g->value.GetInt64();
        if (n < 1 || n > static_cast<int64_t>(targets.size()) || targets[n - 1].expr == nullptr) {
          throw SqlError("GROUP BY position " + std::to_string(n) + " is not in select list", "42P10", g->location);
        }
        expr = targets[n - 1].expr;
      } else if (g->kind == ExprKind::kColumnRef && g->names.size() == 1) {
        bool is_input = false;
        for (const auto& t : scope) {
          for (const auto& c : t.columns) is_input |= c == g->names[0];
        }
        if (!is_input) {
          for (const auto& t : targets) {
            if (t.expr != nullptr && t.name == g->names[0]) expr = t.expr;
          }
        }
      }
      ExpressionBinder binder(this, &scope, "GROUP BY");
      binder.ForbidAggregates();
      BoundExprPtr bound = binder.Bind(*expr);
      if (bound->kind == BoundKind::kConstant && bound->unknown_literal) bound = Coerce(std::move(bound), LogicalType::Varchar());
      aggregate->groups.push_back(std::move(bound));
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

  if (grouped) {
    aggregate->children.push_back(std::move(plan));
    plan = std::move(aggregate);
    if (having) {
      auto filter = std::make_unique<LogicalOperator>();
      filter->kind = LogicalKind::kFilter;
      filter->predicate = std::move(having);
      filter->children.push_back(std::move(plan));
      plan = std::move(filter);
    }
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
  if (select.limit || select.offset) {
    auto limit = std::make_unique<LogicalOperator>();
    limit->kind = LogicalKind::kLimit;
    Scope none;
    auto evaluate = [&](const Expr& e, const char* what) -> int64_t {
      ExpressionBinder binder(this, &none, what);
      binder.ForbidAggregates();
      BoundExprPtr bound = binder.Bind(e);
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
  }
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
  BoundQuery out;
  out.plan = std::move(plan);
  out.names = std::move(names);
  return out;
}

}  // namespace tributary::sql
