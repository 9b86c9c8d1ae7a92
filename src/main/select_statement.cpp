#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "binder/binder.hpp"
#include "common/error.hpp"
#include "iceberg/snapshot.hpp"
#include "execution/physical_planner.hpp"
#include "main/statements.hpp"
#include "optimizer/optimizer.hpp"
#include "parser/sql_error.hpp"
#include "planner/column_resolver.hpp"
#include "storage/scan_estimate.hpp"

namespace tributary::sql {

namespace {
void CheckBytesBilled(const StatementContext& context, const LogicalOperator& plan);
}  // namespace

void PreparePlan(const StatementContext& context, LogicalPtr* plan) {
  if (context.options.enable_optimizer) {
    Optimize(plan);
  } else {
    PruneScanColumns(plan->get());
  }
  ResolveColumns(plan->get());
}

PhysicalPlan MakePhysicalPlan(const StatementContext& context, const LogicalOperator& plan) {
  CheckBytesBilled(context, plan);
  PhysicalPlan physical = CreatePhysicalPlan(plan, context.options.vector_size, context.options.threads);
  physical.context->interrupt = context.interrupt;
  physical.context->memory.set_limit(context.options.memory_limit);
  return physical;
}

namespace {

BoundQuery Plan(const StatementContext& context, const SelectStatement& select, bool* reads_volatile = nullptr) {
  Binder binder(context.catalog, context.identity);
  BoundQuery query = binder.BindSelect(select);
  if (reads_volatile != nullptr) *reads_volatile = binder.reads_volatile();
  PreparePlan(context, &query.plan);
  return query;
}

/// Each table scan of `op` as "table@snapshot", the snapshot it will read.
void AppendSnapshots(const LogicalOperator& op, std::string* out) {
  if (op.kind == LogicalKind::kScan) {
    int64_t snapshot = -1;
    if (op.scan_snapshot_id) {
      snapshot = *op.scan_snapshot_id;
    } else if (auto current = op.table->metadata()->current_snapshot()) {
      snapshot = current->snapshot_id;
    }
    *out += '\x1d' + op.table_name + '@' + std::to_string(snapshot);
  }
  for (const auto& c : op.children) AppendSnapshots(*c, out);
}

/// The result cache key of a planned SELECT: the session's scope, the text
/// and the snapshot of every table read; empty (do not cache) for a query
/// that reads no table or a session that may not cache.
std::string ResultCacheKey(const StatementContext& context, const std::string& text, const LogicalOperator& plan) {
  std::string snapshots;
  AppendSnapshots(plan, &snapshots);
  if (snapshots.empty() || !context.result_cache_scope) return "";
  std::string scope = context.result_cache_scope();
  if (scope.empty()) return "";
  return scope + '\x1c' + text + snapshots;
}

/// What a planned scan will read, from metadata only.
ScanEstimate EstimateOf(const LogicalOperator& scan) {
  TableReadOptions options;
  for (int c : scan.scan_columns) {
    // The row id of UPDATE/DELETE/MERGE's target is a position, not stored.
    if (scan.scan_field_ids[c] != kRowIdFieldId) options.columns.push_back(scan.scan_names[c]);
  }
  if (options.columns.empty()) options.columns.push_back(scan.scan_names[0]);
  options.predicates = scan.predicates;
  options.snapshot_id = scan.scan_snapshot_id;
  Result<ScanEstimate> estimate = EstimateScan(*scan.table, options);
  if (!estimate.ok()) throw UserError(estimate.status().ToString(), "58030");
  return *estimate;
}

/// The bytes every scan of `op` is estimated to read; whether it has a scan.
bool EstimatedBytes(const LogicalOperator& op, int64_t* bytes) {
  bool scans = false;
  if (op.kind == LogicalKind::kScan) {
    *bytes += EstimateOf(op).bytes_kept;
    scans = true;
  }
  for (const auto& c : op.children) scans |= EstimatedBytes(*c, bytes);
  return scans;
}

/// 53400 before anything runs when the plan's scans are estimated to read
/// more than max_bytes_billed.
void CheckBytesBilled(const StatementContext& context, const LogicalOperator& plan) {
  const int64_t limit = context.options.max_bytes_billed;
  if (limit <= 0) return;
  int64_t bytes = 0;
  EstimatedBytes(plan, &bytes);
  if (bytes > limit) {
    throw SqlError(fmt::format("query would scan {} bytes, more than max_bytes_billed ({} bytes)", bytes, limit),
                   "53400", -1,
                   "Filter on the partition columns so fewer files are read, or raise max_bytes_billed; EXPLAIN "
                   "shows the estimate without running the query.");
  }
}

// EXPLAIN's per-scan figures, from metadata only: partitions, files and row
// groups total vs after pruning, the leading cluster key's range over the
// files left, and the bytes the scan will read (added to `*bytes`); whether
// there was a scan.
// Under row-level security (a scan below a policy's filter) only what the
// pruning keeps is shown: no table totals and no cluster key range, which
// would describe rows the policy hides.
bool FillScanStatistics(LogicalOperator* op, int64_t* bytes, bool restricted = false) {
  restricted |= op->kind == LogicalKind::kFilter && op->security_barrier;
  bool scans = false;
  if (op->kind == LogicalKind::kScan) {
    const ScanEstimate e = EstimateOf(*op);
    *bytes += e.bytes_kept;
    scans = true;
    if (restricted) {
      op->scan_statistics = "Row-level security: totals withheld\nPartitions: " + std::to_string(e.partitions_kept) +
                            " after pruning\nFiles: " + std::to_string(e.files_kept) +
                            " after pruning\nRow groups: " + std::to_string(e.row_groups_kept) +
                            " after pruning\nEstimated bytes: " + std::to_string(e.bytes_kept);
    } else {
      std::string files = "Files: " + std::to_string(e.files_total) + " total, " + std::to_string(e.files_kept) +
                          " after pruning";
      if (e.cluster_column && e.cluster_min && e.cluster_max) {
        files += " (" + *e.cluster_column + " from " + e.cluster_min->ToString() + " to " +
                 e.cluster_max->ToString() + ")";
      }
      op->scan_statistics = "Partitions: " + std::to_string(e.partitions_total) + " total, " +
                            std::to_string(e.partitions_kept) + " after pruning\n" + files + "\nRow groups: " +
                            std::to_string(e.row_groups_total) + " total, " + std::to_string(e.row_groups_kept) +
                            " after pruning\nEstimated bytes: " + std::to_string(e.bytes_kept) + " of " +
                            std::to_string(e.bytes_total);
    }
  }
  for (auto& c : op->children) scans |= FillScanStatistics(c.get(), bytes, restricted);
  return scans;
}

bool UnderRowSecurity(const LogicalOperator& op) {
  if (op.kind == LogicalKind::kFilter && op.security_barrier) return true;
  return std::any_of(op.children.begin(), op.children.end(), [](const auto& c) { return UnderRowSecurity(*c); });
}

QueryResult PlanLines(const std::string& text) {
  Vector lines(LogicalType::Varchar(), std::max<size_t>(1, std::count(text.begin(), text.end(), '\n') + 1));
  size_t n = 0, begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    lines.SetString(n++, std::string_view(text).substr(begin, end - begin));
    begin = end + 1;
  }
  ColumnBatch batch;
  batch.AddColumn(std::move(lines));
  batch.set_num_rows(n);
  std::vector<ColumnBatch> batches;
  batches.push_back(std::move(batch));
  return QueryResult::Rows({"QUERY PLAN"}, {LogicalType::Varchar()}, std::move(batches), "EXPLAIN");
}

QueryResult Run(const StatementContext& context, const BoundQuery& query) {
  std::vector<LogicalType> types = query.plan->types();
  PhysicalPlan physical = MakePhysicalPlan(context, *query.plan);
  std::vector<ColumnBatch> batches;
  ColumnBatch batch;
  int64_t rows = 0;
  while (physical.root->Next(&batch)) {
    physical.context->CheckInterrupt();
    rows += static_cast<int64_t>(batch.num_rows());
    batches.push_back(std::move(batch));
    batch = ColumnBatch();
  }
  QueryResult result = QueryResult::Rows(query.names, types, std::move(batches), "SELECT " + std::to_string(rows));
  QueryMetrics& m = result.metrics();
  m.rows_returned = rows;
  physical.root.reset();  // stops and joins scan threads
  AddScanMetrics(physical, *query.plan, &m);
  return result;
}

}  // namespace

void AddScanMetrics(const PhysicalPlan& physical, const LogicalOperator& plan, QueryMetrics* metrics) {
  QueryMetrics& m = *metrics;
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
    m.partitions_read += s.partitions_read;
    Result<int64_t> partitions = reader->PartitionsTotal();
    if (!partitions.ok()) throw UserError(partitions.status().ToString(), "58030");
    m.partitions_total += *partitions;
  }
  if (UnderRowSecurity(plan)) {
    // The jobs table would otherwise describe the files of rows the policy hides.
    m.partitions_total = m.partitions_read;
    m.files_total = m.files_read;
    m.row_groups_total = m.row_groups_read;
  }
}

QueryResult ExecuteSelect(const StatementContext& context, const Statement& statement) {
  bool reads_volatile = false;
  BoundQuery query = Plan(context, *statement.select, &reads_volatile);
  std::string key;
  if (context.result_cache != nullptr && !reads_volatile) key = ResultCacheKey(context, statement.text, *query.plan);
  if (!key.empty()) {
    // A hit runs nothing: no scan, no bytes billed, no max_bytes_billed check.
    if (std::optional<QueryResult> hit = context.result_cache->Find(key)) return std::move(*hit);
  }
  QueryResult result = Run(context, query);
  if (!key.empty()) context.result_cache->Insert(key, result);
  return result;
}

QueryResult ExecuteQuery(const StatementContext& context, const SelectStatement& select) {
  return Run(context, Plan(context, select));
}

QueryResult DescribeSelect(const StatementContext& context, const SelectStatement& select) {
  Binder binder(context.catalog, context.identity);
  BoundQuery query = binder.BindSelect(select);
  return QueryResult::Rows(query.names, query.plan->types(), {}, "");
}

QueryResult ExecuteExplain(const StatementContext& context, const Statement& statement) {
  BoundQuery query = Plan(context, *statement.select);
  int64_t bytes = 0;
  const bool scans = FillScanStatistics(query.plan.get(), &bytes);
  std::string text = query.plan->ToString();
  if (scans) {
    // The dry run: what the query would be billed, never refused here.
    if (!text.empty() && text.back() != '\n') text += '\n';
    text += fmt::format("Estimated bytes billed: {}", bytes);
    const int64_t limit = context.options.max_bytes_billed;
    if (limit > 0) {
      text += fmt::format(" (max_bytes_billed: {}{})", limit, bytes > limit ? ", would be refused" : "");
    }
  }
  if (statement.explain_analyze) {
    auto start = std::chrono::steady_clock::now();
    QueryResult result = Run(context, query);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const QueryMetrics& m = result.metrics();
    if (!text.empty() && text.back() != '\n') text += '\n';
    text += fmt::format("Execution: {} rows in {:.3f} ms\n", m.rows_returned, ms);
    text += fmt::format("Bytes scanned: {}\n", m.bytes_scanned);
    if (UnderRowSecurity(*query.plan)) {
      text += fmt::format("Files read: {}; row groups read: {}", m.files_read, m.row_groups_read);
    } else {
      text += fmt::format("Files read: {} of {}; row groups read: {} of {}", m.files_read, m.files_total,
                          m.row_groups_read, m.row_groups_total);
    }
  }
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return PlanLines(text);
}

}  // namespace tributary::sql
