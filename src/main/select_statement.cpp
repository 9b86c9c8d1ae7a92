#include <algorithm>

#include "binder/binder.hpp"
#include "iceberg/snapshot.hpp"
#include "execution/physical_planner.hpp"
#include "main/statements.hpp"
#include "optimizer/optimizer.hpp"
#include "planner/column_resolver.hpp"

namespace tributary::sql {

namespace {

BoundQuery Plan(const StatementContext& context, const SelectStatement& select) {
  Binder binder(context.catalog);
  BoundQuery query = binder.BindSelect(select);
  if (context.options.enable_optimizer) {
    Optimize(&query.plan);
  } else {
    PruneScanColumns(query.plan.get());
  }
  ResolveColumns(query.plan.get());
  return query;
}

void FillScanStatistics(LogicalOperator* op) {
  if (op->kind == LogicalKind::kScan) {
    TableReadOptions options;
    for (int c : op->scan_columns) options.columns.push_back(op->scan_names[c]);
    if (options.columns.empty()) options.columns.push_back(op->scan_names[0]);
    // Planning files reads only manifests: once without the predicates for
    // the total, once with them.
    auto unpruned = TableReader::Open(*op->table, options);
    options.predicates = op->predicates;
    auto pruned = TableReader::Open(*op->table, options);
    if (unpruned.ok() && pruned.ok()) {
      TableScanMetrics all = (*unpruned)->metrics();
      TableScanMetrics kept = (*pruned)->metrics();
      op->scan_statistics = "Files: " + std::to_string(all.files_total - all.files_pruned) + " total, " +
                            std::to_string(kept.files_total - kept.files_pruned) + " after pruning";
    }
  }
  for (auto& c : op->children) FillScanStatistics(c.get());
}

}  // namespace

QueryResult ExecuteSelect(const StatementContext& context, const Statement& statement) {
  BoundQuery query = Plan(context, *statement.select);
  std::vector<LogicalType> types = query.plan->types();
  PhysicalPlan physical = CreatePhysicalPlan(*query.plan, context.options.vector_size, context.options.threads);
  std::vector<ColumnBatch> batches;
  ColumnBatch batch;
  int64_t rows = 0;
  while (physical.root->Next(&batch)) {
    rows += static_cast<int64_t>(batch.num_rows());
    batches.push_back(std::move(batch));
    batch = ColumnBatch();
  }
  QueryResult result = QueryResult::Rows(query.names, types, std::move(batches), "SELECT " + std::to_string(rows));
  QueryMetrics& m = result.metrics();
  m.rows_returned = rows;
  physical.root.reset();  // stops and joins scan threads
  for (const auto& reader : physical.context->readers) {
    TableScanMetrics s = reader->metrics();
    m.bytes_scanned += s.bytes_scanned;
    // The snapshot's file count, not only the files left after partition
    // pruning.
    int64_t total = s.files_total;
    if (reader->snapshot()) {
      auto it = reader->snapshot()->summary.find(iceberg::summary::kTotalDataFiles);
      if (it != reader->snapshot()->summary.end()) total = std::max<int64_t>(total, std::atoll(it->second.c_str()));
    }
    m.files_total += total;
    m.files_read += s.files_read;
    m.row_groups_total += s.row_groups_total;
    m.row_groups_read += s.row_groups_read;
  }
  return result;
}

QueryResult ExecuteExplain(const StatementContext& context, const Statement& statement) {
  BoundQuery query = Plan(context, *statement.select);
  FillScanStatistics(query.plan.get());
  std::string text = query.plan->ToString();
  Vector lines(LogicalType::Varchar(), std::max<size_t>(1, std::count(text.begin(), text.end(), '\n') + 1));
  size_t n = 0, begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    lines.SetString(n++, std::string_view(text).substr(begin, end - begin));
    begin = end + 1;
  }
  std::vector<Vector> columns;
  columns.push_back(std::move(lines));
  ColumnBatch batch;
  batch.AddColumn(std::move(columns[0]));
  batch.set_num_rows(n);
  std::vector<ColumnBatch> batches;
  batches.push_back(std::move(batch));
  return QueryResult::Rows({"QUERY PLAN"}, {LogicalType::Varchar()}, std::move(batches), "EXPLAIN");
}

}  // namespace tributary::sql
