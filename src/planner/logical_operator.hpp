#pragma once

#include <memory>
#include <string>
#include <vector>

#include "iceberg/table.hpp"
#include "planner/bound_expression.hpp"
#include "storage/column_predicate.hpp"

namespace tributary::sql {

enum class LogicalKind : uint8_t {
  kScan,        // a warehouse table
  kValues,      // literal rows (also the one empty row of a FROM-less SELECT)
  kFilter,
  kProjection,
  kAggregate,   // hash aggregation; with no aggregates it is DISTINCT
  kJoin,
  kOrder,
  kLimit,
};

enum class LogicalJoinKind : uint8_t { kInner, kLeft, kCross };

struct SortSpec {
  BoundExprPtr expr;
  bool descending = false;
  bool nulls_first = false;
};

enum class AggregateKind : uint8_t { kCountStar, kCount, kSum, kAvg, kMin, kMax };

struct AggregateCall {
  AggregateKind kind = AggregateKind::kCountStar;
  BoundExprPtr argument;  // null for count(*)
  bool distinct = false;
  LogicalType type;       // result type
  std::string ToString() const;
};

struct LogicalOperator;
using LogicalPtr = std::unique_ptr<LogicalOperator>;

/// One node of a bound logical plan. Every node produces columns identified
/// by ColumnBindings (see bindings()); expressions refer to their input by
/// binding and are resolved to positions before execution.
struct LogicalOperator {
  LogicalKind kind = LogicalKind::kValues;
  std::vector<LogicalPtr> children;

  // kScan: `table_index` owns the bindings (table_index, schema position).
  int table_index = -1;
  std::shared_ptr<iceberg::Table> table;
  std::string table_name;
  std::vector<int> scan_columns;            // schema positions read, in output order
  std::vector<LogicalType> scan_types;      // of every schema column
  std::vector<std::string> scan_names;      // of every schema column
  std::vector<int32_t> scan_field_ids;      // of every schema column
  std::vector<ColumnPredicate> predicates;  // pushed for pruning (field ids)
  std::vector<std::string> predicate_text;
  std::string scan_statistics;  // filled by EXPLAIN: files total vs after pruning

  // kValues: rows of expressions over no input; table_index owns the columns.
  std::vector<std::vector<BoundExprPtr>> rows;
  std::vector<LogicalType> value_types;

  // kFilter: predicate; kJoin: condition (null for a cross join).
  BoundExprPtr predicate;
  LogicalJoinKind join = LogicalJoinKind::kInner;

  // kProjection: expressions; table_index owns the outputs.
  std::vector<BoundExprPtr> expressions;

  // kAggregate: groups own (group_index, i), aggregates (aggregate_index, i).
  int group_index = -1;
  int aggregate_index = -1;
  std::vector<BoundExprPtr> groups;
  std::vector<AggregateCall> aggregates;

  // kOrder
  std::vector<SortSpec> sort;

  // kLimit: -1 = no limit.
  int64_t limit = -1;
  int64_t offset = 0;

  /// The columns this node produces, in order.
  std::vector<ColumnBinding> bindings() const;
  std::vector<LogicalType> types() const;
  /// An indented plan rendering for EXPLAIN.
  std::string ToString(int indent = 0) const;
};

}  // namespace tributary::sql
