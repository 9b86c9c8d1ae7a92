// DELETE, UPDATE, MERGE and TRUNCATE: copy-on-write changes to a table.
//
// Each statement is one query over the target table whose scan also yields
// every row's id (TableReadOptions::row_ids): DELETE selects the ids of the
// rows to remove, UPDATE the ids and the new rows, MERGE (source LEFT JOIN
// target) an action per row, the target row's id and the row to write.
// CopyOnWrite then drops the files that lost every row, rewrites the files
// that lost some, leaves the others untouched (pruning keeps the scan off
// partitions the WHERE clause rules out) and commits one ReplaceFiles
// snapshot. Any error before that commit leaves the table unchanged.
#include <algorithm>

#include "binder/binder.hpp"
#include "binder/expression_binder.hpp"
#include "binder/type_rules.hpp"
#include "execution/physical_planner.hpp"
#include "iceberg/snapshot.hpp"
#include "main/statements.hpp"
#include "optimizer/optimizer.hpp"
#include "parser/sql_error.hpp"
#include "planner/column_resolver.hpp"
#include "storage/copy_on_write.hpp"
#include "storage/table_reader.hpp"

namespace tributary::sql {

namespace {

[[noreturn]] void StorageError(const Status& status) {
  throw UserError(status.ToString(), status.code() == StatusCode::kConflict ? "40001" : "58030");
}

BoundExprPtr MakeNode(BoundKind kind, LogicalType type, std::vector<BoundExprPtr> children) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = kind;
  e->type = std::move(type);
  e->children = std::move(children);
  return e;
}

LogicalPtr Project(std::vector<BoundExprPtr> expressions, LogicalPtr child, Binder* binder) {
  auto p = std::make_unique<LogicalOperator>();
  p->kind = LogicalKind::kProjection;
  p->table_index = binder->NewTableIndex();
  p->expressions = std::move(expressions);
  p->children.push_back(std::move(child));
  return p;
}

/// Position of `column` in the table's schema; 42703 naming the relation.
size_t TargetColumn(const std::vector<iceberg::SchemaField>& fields, const std::string& column,
                    const std::string& relation, int location) {
  for (size_t i = 0; i < fields.size(); i++) {
    if (fields[i].name == column) return i;
  }
  throw SqlError("column \"" + column + "\" of relation \"" + relation + "\" does not exist", "42703", location);
}

/// 23502 when a live row of `batch` has NULL in a required field; columns
/// start at `first` and follow the schema.
void CheckNotNull(const std::vector<iceberg::SchemaField>& fields, const ColumnBatch& batch, size_t first,
                  const std::string& relation) {
  for (size_t c = 0; c < fields.size(); c++) {
    const Vector& v = batch.column(first + c);
    if (!fields[c].required || v.validity().AllValid()) continue;
    const size_t live = batch.live_rows();
    for (size_t i = 0; i < live; i++) {
      size_t r = batch.selection() ? (*batch.selection())[i] : i;
      if (v.IsNull(r)) {
        throw SqlError("null value in column \"" + fields[c].name + "\" of relation \"" + relation +
                           "\" violates not-null constraint",
                       "23502");
      }
    }
  }
}

/// The columns [first, first + count) of `batch` with `selection`.
ColumnBatch Slice(ColumnBatch* batch, size_t first, size_t count, SelectionVector selection, bool all_live) {
  ColumnBatch out;
  for (size_t c = 0; c < count; c++) out.AddColumn(std::move(batch->column(first + c)));
  out.set_num_rows(batch->num_rows());
  if (!all_live) out.set_selection(std::move(selection));
  return out;
}

/// `result` carrying the scan metrics of the statement that made it.
QueryResult WithMetrics(QueryResult result, const QueryMetrics& metrics) {
  result.metrics() = metrics;
  return result;
}

/// Plans and runs `plan`, handing each output batch to `consume`, then
/// commits `cow` against the files and snapshot the target scan read. What
/// the scans read is added to `metrics` (the jobs table bills it).
template <typename Consume>
CopyOnWriteResult Run(const StatementContext& context, LogicalPtr plan, CopyOnWrite* cow, QueryMetrics* metrics,
                      Consume consume) {
  PreparePlan(context, &plan);
  PhysicalPlan physical = MakePhysicalPlan(context, *plan);
  ColumnBatch batch;
  while (physical.root->Next(&batch)) consume(&batch);
  physical.root.reset();  // stops and joins scan threads
  AddScanMetrics(physical, *plan, metrics);
  std::vector<iceberg::DataFile> files;
  std::optional<int64_t> base;
  for (const auto& reader : physical.context->readers) {
    if (!reader->options().row_ids) continue;
    files.clear();
    for (const auto& f : reader->files()) files.push_back(*f);
    if (reader->snapshot()) base = reader->snapshot()->snapshot_id;
  }
  auto result = cow->Commit(files, base, CommitOptionsOf(context));
  if (!result.ok()) StorageError(result.status());
  NoteAlreadyCommitted(context, result->commit);
  return *result;
}

std::unique_ptr<CopyOnWrite> MakeCopyOnWrite(const StatementContext& context,
                                             const std::shared_ptr<iceberg::Table>& table) {
  auto cow = CopyOnWrite::Make(table, WriterOptions(context));
  if (!cow.ok()) StorageError(cow.status());
  return std::move(*cow);
}

/// Every live file of the table goes; returns the rows removed.
int64_t RemoveAllFiles(const std::shared_ptr<iceberg::Table>& table) {
  auto snapshot = table->metadata()->current_snapshot();
  if (!snapshot) return 0;
  auto plan = table->PlanFiles({});
  if (!plan.ok()) StorageError(plan.status());
  std::vector<std::string> remove;
  int64_t rows = 0;
  for (const auto& f : plan->files) {
    remove.push_back(f.file->path);
    rows += f.file->record_count;
  }
  if (remove.empty()) return 0;
  iceberg::ReplaceOptions options;
  options.base_snapshot_id = snapshot->snapshot_id;
  options.operation = iceberg::operation::kDelete;
  auto commit = table->ReplaceFiles(remove, {}, options);
  if (!commit.ok()) StorageError(commit.status());
  return rows;
}

/// The table a modify target's plan reads (below its row-level security
/// filter, if any).
std::shared_ptr<iceberg::Table> TargetTable(const LogicalOperator& plan) {
  const LogicalOperator* scan = &plan;
  while (scan->kind != LogicalKind::kScan) scan = scan->children[0].get();
  return scan->table;
}

catalog::TableIdentifier TargetId(const ModifyStatement& m) {
  return {m.schema.empty() ? std::string(kDefaultSchema) : m.schema, m.name};
}

/// The table's columns as a statement writes them: columns [first, first +
/// fields) of the output of `table_index`, for WITH CHECK expressions.
Binder::ScopeTable WrittenRow(const std::string& name, const std::vector<iceberg::SchemaField>& fields,
                              int table_index, int first) {
  Binder::ScopeTable entry;
  entry.name = name;
  entry.table_index = table_index;
  for (size_t c = 0; c < fields.size(); c++) {
    entry.columns.push_back(fields[c].name);
    entry.types.push_back(fields[c].type);
    entry.bindings.push_back(ColumnBinding{table_index, first + static_cast<int>(c)});
  }
  return entry;
}

void RejectWindowsAndAggregates(const Expr& e, const std::string& clause) {
  if (ExpressionBinder::ContainsWindow(e)) {
    throw SqlError("window functions are not allowed in " + clause, "42P20", e.location);
  }
}

}  // namespace

QueryResult ExecuteDelete(const StatementContext& context, const Statement& statement) {
  const ModifyStatement& m = *statement.modify;
  Binder binder(context.catalog, context.identity);
  Binder::Scope scope;
  ColumnBinding row_id;
  LogicalPtr plan = binder.BindModifyTarget(m, &scope, &row_id);
  std::shared_ptr<iceberg::Table> table = TargetTable(*plan);
  // Every row goes, without reading one, unless row-level security picks them.
  if (!m.where && m.from.empty() && plan->kind == LogicalKind::kScan) {
    return QueryResult::Command("DELETE " + std::to_string(RemoveAllFiles(table)));
  }
  plan = binder.BindModifyFrom(std::move(plan), m.from, &scope);
  if (m.where) plan = binder.BindModifyFilter(std::move(plan), *m.where, scope, "WHERE");
  std::vector<BoundExprPtr> out;
  out.push_back(BoundExpr::Column(row_id, LogicalType::BigInt(), "_row_id"));
  plan = Project(std::move(out), std::move(plan), &binder);

  auto cow = MakeCopyOnWrite(context, table);
  QueryMetrics metrics;
  CopyOnWriteResult result = Run(context, std::move(plan), cow.get(), &metrics, [&](ColumnBatch* batch) {
    const int64_t* ids = batch->column(0).data<int64_t>();
    for (size_t r = 0; r < batch->num_rows(); r++) cow->Remove(ids[r]);  // USING may match a row twice
  });
  return WithMetrics(QueryResult::Command("DELETE " + std::to_string(result.rows_removed)), metrics);
}

QueryResult ExecuteUpdate(const StatementContext& context, const Statement& statement) {
  const ModifyStatement& m = *statement.modify;
  Binder binder(context.catalog, context.identity);
  Binder::Scope scope;
  ColumnBinding row_id;
  LogicalPtr plan = binder.BindModifyTarget(m, &scope, &row_id);
  std::shared_ptr<iceberg::Table> table = TargetTable(*plan);
  const auto fields = table->metadata()->current_schema()->fields();
  const int target_index = scope[0].table_index;
  plan = binder.BindModifyFrom(std::move(plan), m.from, &scope);
  if (m.where) plan = binder.BindModifyFilter(std::move(plan), *m.where, scope, "WHERE");

  std::vector<BoundExprPtr> values(fields.size());
  for (const SetClause& set : m.set) {
    size_t c = TargetColumn(fields, set.column, m.name, set.location);
    if (values[c]) throw SqlError("multiple assignments to same column \"" + set.column + "\"", "42601", set.location);
    if (!set.value) {
      values[c] = BoundExpr::Constant(Value::Null(fields[c].type));  // no column has a default
      continue;
    }
    RejectWindowsAndAggregates(*set.value, "UPDATE");
    ExpressionBinder eb(&binder, &scope, "UPDATE");
    eb.ForbidAggregates();
    values[c] = CoerceForAssignment(eb.Bind(*set.value), fields[c].type, fields[c].name);
  }
  // Subqueries in SET join above the WHERE filter: they see only the rows it keeps.
  plan = binder.AttachSubqueries(std::move(plan));
  std::vector<BoundExprPtr> out;
  out.push_back(BoundExpr::Column(row_id, LogicalType::BigInt(), "_row_id"));
  for (size_t c = 0; c < fields.size(); c++) {
    if (!values[c]) values[c] = BoundExpr::Column({target_index, static_cast<int>(c)}, fields[c].type, fields[c].name);
    out.push_back(std::move(values[c]));
  }
  plan = Project(std::move(out), std::move(plan), &binder);
  {
    std::vector<std::pair<Privilege, BoundExprPtr>> guards;
    guards.emplace_back(Privilege::kUpdate, nullptr);
    Binder::ScopeTable written = WrittenRow(m.name, fields, plan->table_index, 1);
    plan = binder.ApplyRowSecurityCheck(std::move(plan), TargetId(m), written, std::move(guards));
  }

  auto cow = MakeCopyOnWrite(context, table);
  QueryMetrics metrics;
  CopyOnWriteResult result = Run(context, std::move(plan), cow.get(), &metrics, [&](ColumnBatch* batch) {
    const int64_t* ids = batch->column(0).data<int64_t>();
    const size_t rows = batch->num_rows();
    SelectionVector keep(rows);
    for (size_t r = 0; r < rows; r++) {
      // UPDATE ... FROM: a row joined to several FROM rows is updated once.
      if (cow->Remove(ids[r])) keep.Append(static_cast<uint32_t>(r));
    }
    if (keep.size() == 0) return;
    bool all = keep.size() == rows;
    ColumnBatch updated = Slice(batch, 1, fields.size(), std::move(keep), all);
    CheckNotNull(fields, updated, 0, m.name);
    Status st = cow->Add(updated);
    if (!st.ok()) StorageError(st);
  });
  return WithMetrics(QueryResult::Command("UPDATE " + std::to_string(result.rows_removed)), metrics);
}

namespace {

/// Replaces column references to `from[i]` by (table, i + shift).
void Remap(BoundExpr* e, const std::vector<ColumnBinding>& from, int table, int shift) {
  if (e->kind == BoundKind::kColumn) {
    auto it = std::find(from.begin(), from.end(), e->binding);
    if (it == from.end()) throw InternalError("MERGE expression reads a column its input lacks");
    e->binding = {table, static_cast<int>(it - from.begin()) + shift};
  }
  for (auto& c : e->children) Remap(c.get(), from, table, shift);
}

}  // namespace

QueryResult ExecuteMerge(const StatementContext& context, const Statement& statement) {
  const ModifyStatement& m = *statement.modify;
  Binder binder(context.catalog, context.identity);
  Binder::Scope scope;
  LogicalPtr source = binder.BindModifyFrom(nullptr, m.from, &scope);
  const Binder::Scope source_scope = scope;
  ColumnBinding row_id;
  LogicalPtr target = binder.BindModifyTarget(m, &scope, &row_id);
  std::shared_ptr<iceberg::Table> table = TargetTable(*target);
  const auto fields = table->metadata()->current_schema()->fields();
  const int target_index = scope.back().table_index;

  bool any_not_matched = false;
  for (const MergeClause& clause : m.clauses) any_not_matched |= !clause.matched;
  auto join = std::make_unique<LogicalOperator>();
  join->kind = LogicalKind::kJoin;
  // The target streams through (left, probe side) and the source is hashed
  // (right): a load merging a small batch into a large table builds its hash
  // table on the batch, and the target's files whose key range misses the
  // batch's keys are skipped. With a NOT MATCHED clause the join keeps every
  // source row: a right join.
  join->join = any_not_matched ? LogicalJoinKind::kRight : LogicalJoinKind::kInner;
  if (ExpressionBinder::ContainsSubquery(*m.where)) throw SqlError("subqueries in MERGE ... ON are not supported", "0A000", m.where->location);
  {
    ExpressionBinder eb(&binder, &scope, "JOIN/ON");
    eb.ForbidAggregates();
    join->predicate = eb.BindCondition(*m.where);
  }
  join->children.push_back(std::move(target));
  join->children.push_back(std::move(source));
  const std::vector<ColumnBinding> join_bindings = join->bindings();
  const std::vector<LogicalType> join_types = join->types();

  // The action of each joined row: the number of the first WHEN clause that
  // applies (1-based), 0 for none.
  auto matched_test = [&](bool matched) {
    auto e = MakeNode(BoundKind::kIsNull, LogicalType::Boolean(), {});
    e->children.push_back(BoundExpr::Column(row_id, LogicalType::BigInt(), "_row_id"));
    e->negated = matched;
    return e;
  };
  std::vector<BoundExprPtr> case_children;
  // Per clause: the row it writes (UPDATE / INSERT), in schema order.
  std::vector<std::vector<BoundExprPtr>> written(m.clauses.size());
  for (size_t k = 0; k < m.clauses.size(); k++) {
    const MergeClause& clause = m.clauses[k];
    const Binder::Scope& clause_scope = clause.matched ? scope : source_scope;
    BoundExprPtr when = matched_test(clause.matched);
    if (clause.condition) {
      if (ExpressionBinder::ContainsSubquery(*clause.condition)) {
        throw SqlError("subqueries in MERGE WHEN conditions are not supported", "0A000", clause.condition->location);
      }
      RejectWindowsAndAggregates(*clause.condition, "MERGE WHEN AND condition");
      ExpressionBinder eb(&binder, &clause_scope, "WHEN");
      eb.ForbidAggregates();
      std::vector<BoundExprPtr> both;
      both.push_back(std::move(when));
      both.push_back(eb.BindCondition(*clause.condition));
      when = MakeNode(BoundKind::kAnd, LogicalType::Boolean(), std::move(both));
    }
    case_children.push_back(std::move(when));
    case_children.push_back(BoundExpr::Constant(Value::Integer(static_cast<int32_t>(k + 1))));

    auto bind_value = [&](const Expr& e, size_t c) {
      if (ExpressionBinder::ContainsSubquery(e)) {
        throw SqlError("subqueries in MERGE actions are not supported", "0A000", e.location);
      }
      RejectWindowsAndAggregates(e, "MERGE");
      ExpressionBinder eb(&binder, &clause_scope, clause.action == MergeClause::Action::kInsert ? "VALUES" : "UPDATE");
      eb.ForbidAggregates();
      return CoerceForAssignment(eb.Bind(e), fields[c].type, fields[c].name);
    };
    if (clause.action == MergeClause::Action::kUpdate) {
      std::vector<BoundExprPtr>& row = written[k];
      row.resize(fields.size());
      for (const SetClause& set : clause.set) {
        size_t c = TargetColumn(fields, set.column, m.name, set.location);
        if (row[c]) throw SqlError("multiple assignments to same column \"" + set.column + "\"", "42601", set.location);
        row[c] = set.value ? bind_value(*set.value, c) : BoundExpr::Constant(Value::Null(fields[c].type));
      }
      for (size_t c = 0; c < fields.size(); c++) {
        if (!row[c]) row[c] = BoundExpr::Column({target_index, static_cast<int>(c)}, fields[c].type, fields[c].name);
      }
    } else if (clause.action == MergeClause::Action::kInsert) {
      std::vector<BoundExprPtr>& row = written[k];
      row.resize(fields.size());
      std::vector<size_t> columns;
      if (clause.columns.empty()) {
        for (size_t c = 0; c < fields.size(); c++) columns.push_back(c);
      } else {
        for (const std::string& name : clause.columns) {
          size_t c = TargetColumn(fields, name, m.name, clause.location);
          if (std::find(columns.begin(), columns.end(), c) != columns.end()) {
            throw SqlError("column \"" + name + "\" specified more than once", "42701");
          }
          columns.push_back(c);
        }
      }
      if (!clause.values.empty() && clause.values.size() > columns.size()) {
        throw SqlError("INSERT has more expressions than target columns", "42601",
                       clause.values[columns.size()] ? clause.values[columns.size()]->location : -1);
      }
      if (!clause.values.empty() && clause.values.size() < columns.size()) {
        throw SqlError("INSERT has more target columns than expressions", "42601");
      }
      for (size_t i = 0; i < clause.values.size(); i++) {
        if (clause.values[i]) row[columns[i]] = bind_value(*clause.values[i], columns[i]);
      }
      for (size_t c = 0; c < fields.size(); c++) {
        if (!row[c]) row[c] = BoundExpr::Constant(Value::Null(fields[c].type));
      }
    }
  }
  case_children.push_back(BoundExpr::Constant(Value::Integer(0)));
  auto action = MakeNode(BoundKind::kCase, LogicalType::Integer(), std::move(case_children));
  action->has_else = true;

  // First projection: the action, then every joined column; the second
  // picks each written column from the clause the action names.
  std::vector<BoundExprPtr> first;
  first.push_back(std::move(action));
  for (size_t i = 0; i < join_bindings.size(); i++) {
    first.push_back(BoundExpr::Column(join_bindings[i], join_types[i], ""));
  }
  LogicalPtr plan = Project(std::move(first), std::move(join), &binder);
  const int first_index = plan->table_index;
  auto action_column = [&] { return BoundExpr::Column({first_index, 0}, LogicalType::Integer(), "action"); };
  std::vector<BoundExprPtr> second;
  second.push_back(action_column());
  {
    BoundExprPtr id = BoundExpr::Column(row_id, LogicalType::BigInt(), "_row_id");
    Remap(id.get(), join_bindings, first_index, 1);
    second.push_back(std::move(id));
  }
  for (size_t c = 0; c < fields.size(); c++) {
    std::vector<BoundExprPtr> branches;
    for (size_t k = 0; k < m.clauses.size(); k++) {
      if (written[k].empty()) continue;
      std::vector<BoundExprPtr> eq;
      eq.push_back(action_column());
      eq.push_back(BoundExpr::Constant(Value::Integer(static_cast<int32_t>(k + 1))));
      auto test = MakeNode(BoundKind::kCompare, LogicalType::Boolean(), std::move(eq));
      test->op = "=";
      BoundExprPtr value = std::move(written[k][c]);
      Remap(value.get(), join_bindings, first_index, 1);
      branches.push_back(std::move(test));
      branches.push_back(std::move(value));
    }
    if (branches.empty()) {
      second.push_back(BoundExpr::Constant(Value::Null(fields[c].type)));
      continue;
    }
    auto pick = MakeNode(BoundKind::kCase, fields[c].type, std::move(branches));
    second.push_back(std::move(pick));
  }
  plan = Project(std::move(second), std::move(plan), &binder);
  {
    // New rows pass the WITH CHECK of their action: UPDATE's or INSERT's.
    const int second_index = plan->table_index;
    std::vector<std::pair<Privilege, BoundExprPtr>> guards;
    for (size_t k = 0; k < m.clauses.size(); k++) {
      const MergeClause::Action a = m.clauses[k].action;
      if (a != MergeClause::Action::kUpdate && a != MergeClause::Action::kInsert) continue;
      std::vector<BoundExprPtr> eq;
      eq.push_back(BoundExpr::Column({second_index, 0}, LogicalType::Integer(), "action"));
      eq.push_back(BoundExpr::Constant(Value::Integer(static_cast<int32_t>(k + 1))));
      auto test = MakeNode(BoundKind::kCompare, LogicalType::Boolean(), std::move(eq));
      test->op = "=";
      guards.emplace_back(a == MergeClause::Action::kUpdate ? Privilege::kUpdate : Privilege::kInsert, std::move(test));
    }
    plan = binder.ApplyRowSecurityCheck(std::move(plan), TargetId(m), WrittenRow(m.name, fields, second_index, 2),
                                        std::move(guards));
  }

  auto cow = MakeCopyOnWrite(context, table);
  int64_t affected = 0;
  QueryMetrics metrics;
  CopyOnWriteResult result = Run(context, std::move(plan), cow.get(), &metrics, [&](ColumnBatch* batch) {
    const Vector& actions = batch->column(0);
    const Vector& ids = batch->column(1);
    const size_t rows = batch->num_rows();
    SelectionVector keep(rows);
    for (size_t r = 0; r < rows; r++) {
      int32_t a = actions.data<int32_t>()[r];
      if (a == 0) continue;
      const MergeClause& clause = m.clauses[static_cast<size_t>(a - 1)];
      if (clause.action == MergeClause::Action::kNothing) continue;
      if (clause.matched && !cow->Remove(ids.data<int64_t>()[r])) {
        throw SqlError("MERGE command cannot affect row a second time", "21000", -1,
                       "Ensure that not more than one source row matches any one target row.");
      }
      affected++;
      if (clause.action != MergeClause::Action::kDelete) keep.Append(static_cast<uint32_t>(r));
    }
    if (keep.size() == 0) return;
    bool all = keep.size() == rows;
    ColumnBatch out = Slice(batch, 2, fields.size(), std::move(keep), all);
    CheckNotNull(fields, out, 0, m.name);
    Status st = cow->Add(out);
    if (!st.ok()) StorageError(st);
  });
  (void)result;
  return WithMetrics(QueryResult::Command("MERGE " + std::to_string(affected)), metrics);
}

QueryResult ExecuteTruncate(const StatementContext& context, const Statement& statement) {
  Binder binder(context.catalog, context.identity);
  std::vector<std::shared_ptr<iceberg::Table>> tables;
  // Every name must resolve before any table is emptied.
  for (const auto& [schema, name] : statement.modify->truncate_targets) {
    tables.push_back(binder.LoadTable(schema, name, -1));
    binder.CheckTable(schema, name, Privilege::kTruncate, -1);
  }
  for (const auto& table : tables) RemoveAllFiles(table);
  return QueryResult::Command("TRUNCATE TABLE");
}

iceberg::CommitOptions CommitOptionsOf(const StatementContext& context) {
  iceberg::CommitOptions options;
  if (context.commit_tags != nullptr) {
    options.idempotency_key = context.commit_tags->idempotency_key;
    options.summary = context.commit_tags->summary;
  }
  return options;
}

void NoteAlreadyCommitted(const StatementContext& context, const std::optional<iceberg::CommitResult>& commit) {
  if (context.commit_already_committed != nullptr && commit) {
    *context.commit_already_committed = commit->already_committed;
  }
}

}  // namespace tributary::sql
