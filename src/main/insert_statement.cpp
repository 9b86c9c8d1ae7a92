#include <algorithm>

#include "binder/binder.hpp"
#include "binder/expression_binder.hpp"
#include "binder/type_rules.hpp"
#include "execution/physical_planner.hpp"
#include "main/statements.hpp"
#include "optimizer/optimizer.hpp"
#include "parser/sql_error.hpp"
#include "planner/column_resolver.hpp"
#include "storage/table_writer.hpp"

namespace tributary::sql {

QueryResult ExecuteInsert(const StatementContext& context, const Statement& statement) {
  return InsertInto(context, statement.schema, statement.name, statement.name_location, statement.insert_columns,
                    *statement.select);
}

TableWriterOptions WriterOptions(const StatementContext& context) {
  TableWriterOptions options;
  options.flush_threads = std::max(1, context.options.threads);
  return options;
}

QueryResult InsertInto(const StatementContext& context, const std::string& schema, const std::string& name,
                       int name_location, const std::vector<std::string>& insert_columns,
                       const SelectStatement& source) {
  Binder binder(context.catalog, context.identity);
  auto table = binder.LoadTable(schema, name, name_location);
  binder.CheckTable(schema, name, Privilege::kInsert, name_location);
  const auto& fields = table->metadata()->current_schema()->fields();
  // Target position of each table column in the source, or -1 for NULL.
  std::vector<int> source_of(fields.size(), -1);
  std::vector<std::string> columns = insert_columns;
  if (columns.empty()) {
    for (const auto& f : fields) columns.push_back(f.name);
  }
  for (size_t i = 0; i < columns.size(); i++) {
    auto it = std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.name == columns[i]; });
    if (it == fields.end()) {
      throw SqlError("column \"" + columns[i] + "\" of relation \"" + name + "\" does not exist", "42703");
    }
    size_t pos = static_cast<size_t>(it - fields.begin());
    if (source_of[pos] >= 0) throw SqlError("column \"" + columns[i] + "\" specified more than once", "42701");
    source_of[pos] = static_cast<int>(i);
  }

  LogicalPtr plan;
  if (!source.values.empty()) {
    // VALUES rows are converted straight to the column types.
    auto values = std::make_unique<LogicalOperator>();
    values->kind = LogicalKind::kValues;
    values->table_index = binder.NewTableIndex();
    for (const auto& f : fields) values->value_types.push_back(f.type);
    for (const auto& row : source.values) {
      if (row.size() > columns.size()) {
        throw SqlError("INSERT has more expressions than target columns", "42601", row[columns.size()]->location);
      }
      if (row.size() < columns.size()) throw SqlError("INSERT has more target columns than expressions", "42601");
      std::vector<BoundExprPtr> bound(fields.size());
      std::vector<Binder::ScopeTable>* none = nullptr;
      (void)none;
      for (size_t c = 0; c < fields.size(); c++) {
        if (source_of[c] < 0) {
          bound[c] = BoundExpr::Constant(Value::Null(fields[c].type));
          continue;
        }
        static const std::vector<Binder::ScopeTable> kEmpty;
        ExpressionBinder eb(&binder, &kEmpty, "VALUES");
        eb.ForbidAggregates();
        bound[c] = CoerceForAssignment(eb.Bind(*row[source_of[c]]), fields[c].type, fields[c].name);
      }
      values->rows.push_back(std::move(bound));
    }
    plan = std::move(values);
  } else {
    BoundQuery query = binder.BindSelect(source);
    auto bindings = query.plan->bindings();
    auto types = query.plan->types();
    if (types.size() > columns.size()) throw SqlError("INSERT has more expressions than target columns", "42601");
    if (types.size() < columns.size()) throw SqlError("INSERT has more target columns than expressions", "42601");
    auto projection = std::make_unique<LogicalOperator>();
    projection->kind = LogicalKind::kProjection;
    projection->table_index = binder.NewTableIndex();
    for (size_t c = 0; c < fields.size(); c++) {
      if (source_of[c] < 0) {
        projection->expressions.push_back(BoundExpr::Constant(Value::Null(fields[c].type)));
        continue;
      }
      int s = source_of[c];
      projection->expressions.push_back(CoerceForAssignment(
          BoundExpr::Column(bindings[s], types[s], query.names[s]), fields[c].type, fields[c].name));
    }
    projection->children.push_back(std::move(query.plan));
    plan = std::move(projection);
  }
  {
    // Row-level security: each new row passes the INSERT policies' WITH CHECK.
    Binder::ScopeTable entry;
    entry.name = name;
    entry.table_index = plan->table_index;
    for (const auto& f : fields) {
      entry.columns.push_back(f.name);
      entry.types.push_back(f.type);
    }
    std::vector<std::pair<Privilege, BoundExprPtr>> guards;
    guards.emplace_back(Privilege::kInsert, nullptr);
    plan = binder.ApplyRowSecurityCheck(std::move(plan), {schema.empty() ? std::string(kDefaultSchema) : schema, name},
                                        entry, std::move(guards));
  }
  PreparePlan(context, &plan);
  PhysicalPlan physical = MakePhysicalPlan(context, *plan);

  auto writer = TableWriter::Make(table, WriterOptions(context));
  if (!writer.ok()) throw UserError(writer.status().ToString(), "58030");
  ColumnBatch batch;
  int64_t rows = 0;
  while (physical.root->Next(&batch)) {
    physical.context->CheckInterrupt();
    rows += static_cast<int64_t>(batch.num_rows());
    for (size_t c = 0; c < fields.size(); c++) {
      if (!fields[c].required || batch.column(c).validity().AllValid()) continue;
      for (size_t r = 0; r < batch.num_rows(); r++) {
        if (batch.column(c).IsNull(r)) {
          throw SqlError("null value in column \"" + fields[c].name + "\" of relation \"" + name +
                             "\" violates not-null constraint",
                         "23502");
        }
      }
    }
    Status st = (*writer)->Write(batch);
    if (!st.ok()) throw UserError(st.ToString(), "58030");
  }
  physical.root.reset();  // stops and joins scan threads
  QueryResult result = QueryResult::Command("INSERT 0 " + std::to_string(rows));
  AddScanMetrics(physical, *plan, &result.metrics());
  auto files = (*writer)->Finish();
  if (!files.ok()) throw UserError(files.status().ToString(), "58030");
  if (!files->empty() || context.commit_tags != nullptr) {
    auto commit = table->Append(std::move(*files), CommitOptionsOf(context));
    if (!commit.ok()) throw UserError(commit.status().ToString(), "40001");
    NoteAlreadyCommitted(context, *commit);
  }
  return result;
}

}  // namespace tributary::sql
