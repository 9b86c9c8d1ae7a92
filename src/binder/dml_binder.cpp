// Binding pieces of UPDATE, DELETE and MERGE: the target table with its row
// ids, extra FROM items and conditions. The statements themselves are put
// together in src/main/modify_statements.cpp.
#include "binder/binder.hpp"
#include "binder/expression_binder.hpp"
#include "binder/type_rules.hpp"
#include "execution/expression_executor.hpp"
#include "iceberg/snapshot.hpp"
#include "parser/parser.hpp"
#include "parser/sql_error.hpp"
#include "storage/table_reader.hpp"

namespace tributary::sql {

LogicalPtr Binder::BindModifyTarget(const ModifyStatement& statement, Scope* scope, ColumnBinding* row_id) {
  TableRef ref;
  ref.kind = TableRef::Kind::kBase;
  ref.schema = statement.schema;
  ref.name = statement.name;
  ref.alias = statement.alias;
  ref.location = statement.location;
  // A WITH query of the same name must not stand in for the table.
  std::vector<const CommonTableExpr*> saved = std::move(ctes_);
  ctes_.clear();
  // The rights PostgreSQL asks of the target: the action's, and SELECT when
  // the statement reads the target's rows (a condition, a join, a SET value
  // that is not a constant, MERGE's ON).
  target_privileges_.clear();
  bool reads = statement.where != nullptr || !statement.from.empty();
  if (!statement.clauses.empty()) {
    reads = true;
    for (const auto& clause : statement.clauses) {
      if (clause.action == MergeClause::Action::kUpdate) target_privileges_.push_back(Privilege::kUpdate);
      if (clause.action == MergeClause::Action::kDelete) target_privileges_.push_back(Privilege::kDelete);
      if (clause.action == MergeClause::Action::kInsert) target_privileges_.push_back(Privilege::kInsert);
    }
  } else if (!statement.set.empty()) {
    target_privileges_.push_back(Privilege::kUpdate);
    for (const auto& set : statement.set) {
      if (set.value && set.value->kind != ExprKind::kConstant) reads = true;
    }
  } else {
    target_privileges_.push_back(Privilege::kDelete);
  }
  if (reads) target_privileges_.push_back(Privilege::kSelect);
  LogicalPtr plan = BindTableRef(ref, scope);
  target_privileges_.clear();
  ctes_ = std::move(saved);
  // Under row-level security the scan sits below the policy's filter.
  LogicalOperator* scan = plan.get();
  while (scan->kind != LogicalKind::kScan) scan = scan->children[0].get();
  int position = static_cast<int>(scan->scan_types.size());
  scan->scan_columns.push_back(position);
  scan->scan_types.push_back(LogicalType::BigInt());
  scan->scan_names.push_back("_row_id");
  scan->scan_field_ids.push_back(kRowIdFieldId);
  *row_id = ColumnBinding{scan->table_index, position};
  return plan;
}

LogicalPtr Binder::BindModifyFrom(LogicalPtr plan, const std::vector<TableRefPtr>& from, Scope* scope) {
  for (const auto& item : from) {
    if (!plan) {
      plan = BindTableRef(*item, scope);
      continue;
    }
    auto join = std::make_unique<LogicalOperator>();
    join->kind = LogicalKind::kJoin;
    join->join = LogicalJoinKind::kCross;
    join->children.push_back(std::move(plan));
    join->children.push_back(BindTableRef(*item, scope));
    plan = std::move(join);
  }
  return plan;
}

LogicalPtr Binder::BindModifyFilter(LogicalPtr plan, const Expr& condition, const Scope& scope,
                                    const std::string& clause) {
  ExpressionBinder binder(this, &scope, clause);
  binder.ForbidAggregates();
  if (ExpressionBinder::ContainsWindow(condition)) {
    throw SqlError("window functions are not allowed in " + clause, "42P20", condition.location);
  }
  auto filter = std::make_unique<LogicalOperator>();
  filter->kind = LogicalKind::kFilter;
  filter->predicate = binder.BindCondition(condition);
  filter->children.push_back(ApplySubqueries(std::move(plan)));
  return filter;
}

LogicalPtr Binder::BindView(const TableRef& ref, Scope* scope) {
  catalog::TableIdentifier id{ref.schema.empty() ? kDefaultSchema : ref.schema, ref.name};
  auto definition = catalog_->LoadView(id);
  if (!definition.ok()) {
    if (definition.status().IsNotFound()) return nullptr;
    throw UserError("could not load view " + id.ToString() + ": " + definition.status().ToString(), "58030");
  }
  if (view_depth_ >= 32) {
    throw SqlError("infinite recursion detected in rules for relation \"" + ref.name + "\"", "42P17", ref.location);
  }
  std::vector<Privilege> needed = std::move(target_privileges_);
  target_privileges_.clear();
  if (needed.empty()) needed.push_back(Privilege::kSelect);
  for (Privilege p : needed) CheckRelationAccess(*catalog_, access_, id.ns, id.name, true, p, ref.location);
  // The view's query reads its tables with the view owner's rights, whoever
  // queries the view (a superuser included), as in PostgreSQL.
  AccessRoles saved_access = access_;
  access_ = ResolveAccessRoles(*catalog_, ObjectOwner(*catalog_, "relation", id.ns, id.name));
  std::vector<Statement> parsed = Parse(*definition);
  if (parsed.size() != 1 || parsed[0].kind != Statement::Kind::kCreateView) {
    throw InternalError("the definition of view " + id.ToString() + " is not a CREATE VIEW statement");
  }
  views_.push_back(std::make_unique<Statement>(std::move(parsed[0])));
  const Statement& view = *views_.back();
  // FROM v AS x (a) renames the first columns of CREATE VIEW v (p, q).
  std::vector<std::string> aliases = view.column_names;
  for (size_t i = 0; i < ref.column_aliases.size(); i++) {
    if (i < aliases.size()) aliases[i] = ref.column_aliases[i];
    else aliases.push_back(ref.column_aliases[i]);
  }
  // The view's query sees neither the WITH items nor the columns of the
  // query that uses it.
  std::vector<const CommonTableExpr*> saved_ctes = std::move(ctes_);
  std::vector<const Scope*> saved_outer = std::move(outer_scopes_);
  ctes_.clear();
  outer_scopes_.clear();
  view_depth_++;
  LogicalPtr op;
  try {
    op = BindDerivedTable(*view.select, ref.alias.empty() ? ref.name : ref.alias, aliases, ref.location, scope);
  } catch (...) {
    ctes_ = std::move(saved_ctes);
    outer_scopes_ = std::move(saved_outer);
    access_ = std::move(saved_access);
    view_depth_--;
    throw;
  }
  ctes_ = std::move(saved_ctes);
  outer_scopes_ = std::move(saved_outer);
  access_ = std::move(saved_access);
  view_depth_--;
  return op;
}

int64_t Binder::BindSnapshot(const iceberg::Table& table, const Expr& snapshot, int location) {
  static const Scope kNoColumns;
  ExpressionBinder binder(this, &kNoColumns, "snapshot_of");
  binder.ForbidAggregates();
  BoundExprPtr bound = binder.Bind(snapshot);
  const LogicalType type = bound->type;
  const bool literal = bound->unknown_literal;  // '2026-01-01 10:00': a timestamp
  if (!bound->IsConstant()) throw SqlError("snapshot_of needs a constant snapshot id or timestamp", "22023", location);
  if (type.is_integral() && !literal) {
    Value v = ExpressionExecutor::EvaluateConstant(*bound);
    if (v.is_null()) throw SqlError("snapshot_of needs a snapshot id, not NULL", "22004", location);
    auto s = table.SnapshotById(v.GetInt64());
    if (!s.ok()) {
      throw SqlError("table \"" + table.name() + "\" has no snapshot " + std::to_string(v.GetInt64()), "22023",
                     location);
    }
    return (*s)->snapshot_id;
  }
  if (type.is_temporal() || literal) {
    BoundExprPtr ts = Coerce(std::move(bound), LogicalType::TimestampTz());
    Value v = ExpressionExecutor::EvaluateConstant(*ts);
    if (v.is_null()) throw SqlError("snapshot_of needs a timestamp, not NULL", "22004", location);
    int64_t ms = v.GetInt64() / 1000;
    auto s = table.SnapshotAsOf(ms);
    if (!s.ok()) {
      throw SqlError("table \"" + table.name() + "\" has no snapshot as of that time", "22023", location,
                     "Its first snapshot was committed later.");
    }
    return (*s)->snapshot_id;
  }
  throw SqlError("snapshot_of takes a snapshot id or a timestamp, not " + type.ToString(), "42804", location);
}

}  // namespace tributary::sql
