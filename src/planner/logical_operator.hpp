#pragma once

#include <memory>
#include <optional>
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
  kWindow,        // input columns followed by one column per window call (window_index owns them)
  kDistinctOn,    // over input sorted by `groups` first: the first row of each run of equal `groups`
  kSetOperation,  // UNION ALL / INTERSECT [ALL] / EXCEPT [ALL] of two inputs of equal types
  kSeries,        // generate_series(expressions) per input row: input columns, then the value (table_index, 0)
};

/// UNION (without ALL) is kUnionAll under a DISTINCT aggregate.
enum class SetOperationKind : uint8_t { kUnionAll, kIntersect, kIntersectAll, kExcept, kExceptAll };

/// kMark: every left row once, plus a boolean column (table_index, 0) that
/// is true when some right row satisfies the condition (and, with mark keys,
/// equals the left value), NULL when no row does but a comparison with the
/// mark keys was unknown (IN's NULL semantics), false otherwise; the right
/// columns are not output. kSingle: a left join that fails with 21000 when
/// a left row matches more than one right row (scalar subqueries). kFull:
/// a full outer join. RIGHT joins are bound as kLeft with the inputs swapped.
/// kRight keeps every row of the right input (NULL-extended on the left when
/// unmatched) and drops unmatched left rows: the hash table is built on the
/// right, so a small preserved side (MERGE's source) is what gets hashed
/// while the large side streams through.
enum class LogicalJoinKind : uint8_t { kInner, kLeft, kCross, kMark, kSingle, kFull, kRight };

struct SortSpec {
  BoundExprPtr expr;
  bool descending = false;
  bool nulls_first = false;
};

/// kStddevSamp/kVarSamp also stand for stddev/variance, kBoolAnd for every.
/// kGrouping is GROUPING(...): computed by the aggregate operator from the
/// grouping set a group belongs to, never from input rows.
enum class AggregateKind : uint8_t {
  kCountStar,
  kCount,
  kSum,
  kAvg,
  kMin,
  kMax,
  kStddevSamp,
  kStddevPop,
  kVarSamp,
  kVarPop,
  kStringAgg,
  kBoolAnd,
  kBoolOr,
  kGrouping,
};

/// One aggregate call: kind(DISTINCT argument, delimiter ORDER BY orders)
/// FILTER (WHERE filter). Rows where the filter is not true are skipped; with
/// orders the rows reach the aggregate sorted; with distinct each distinct
/// argument tuple counts once.
struct AggregateCall {
  AggregateKind kind = AggregateKind::kCountStar;
  BoundExprPtr argument;   // null for count(*) and GROUPING
  BoundExprPtr delimiter;  // string_agg's second argument
  BoundExprPtr filter;     // null: every row
  std::vector<SortSpec> orders;
  bool distinct = false;
  /// kGrouping: the positions in the operator's `groups` of its arguments,
  /// leftmost the most significant bit.
  std::vector<int> grouping;
  std::vector<std::string> grouping_names;  // kGrouping: its arguments as written, for EXPLAIN
  LogicalType type;  // result type
  AggregateCall Copy() const;
  std::string ToString() const;
  /// Calls `f` on every expression slot (argument, delimiter, filter, orders).
  template <typename F>
  void ForEachExpression(F&& f) {
    if (argument) f(argument);
    if (delimiter) f(delimiter);
    if (filter) f(filter);
    for (auto& o : orders) f(o.expr);
  }
  template <typename F>
  void ForEachExpression(F&& f) const {
    if (argument) f(*argument);
    if (delimiter) f(*delimiter);
    if (filter) f(*filter);
    for (const auto& o : orders) f(*o.expr);
  }
};

enum class WindowFunctionKind : uint8_t {
  kRowNumber,
  kRank,
  kDenseRank,
  kNtile,       // arguments: bucket count
  kLag,         // arguments: value [, offset [, default]]
  kLead,
  kFirstValue,  // arguments: value
  kLastValue,
  kAggregate,   // `aggregate` over the frame
};

/// One end of a window frame. RANGE frames have no offsets.
struct WindowBound {
  enum class Kind : uint8_t { kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing, kUnboundedFollowing };
  Kind kind = Kind::kUnboundedPreceding;
  int64_t offset = 0;
};

/// A window function call: f(arguments) OVER (PARTITION BY partitions ORDER
/// BY orders frame). Frames matter to kFirstValue, kLastValue and
/// kAggregate; a RANGE frame's CURRENT ROW includes the row's peers (rows
/// equal in every ORDER BY key).
struct WindowCall {
  WindowFunctionKind kind = WindowFunctionKind::kRowNumber;
  AggregateKind aggregate = AggregateKind::kCountStar;
  std::vector<BoundExprPtr> arguments;
  BoundExprPtr filter;  // kAggregate: FILTER (WHERE filter), or null
  std::vector<BoundExprPtr> partitions;
  std::vector<SortSpec> orders;
  bool rows = false;  // ROWS frame; RANGE otherwise
  WindowBound start;
  WindowBound end{WindowBound::Kind::kCurrentRow, 0};
  LogicalType type;
  std::string name;  // the function's name, for EXPLAIN
  WindowCall Copy() const;
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
  std::optional<int64_t> scan_snapshot_id;  // time travel: the snapshot read instead of the current one
  std::string scan_statistics;  // filled by EXPLAIN: newline-separated lines (partitions, files, row groups, bytes)

  // kValues: rows of expressions over no input; table_index owns the columns.
  // kSeries: value_types is the series value's type.
  std::vector<std::vector<BoundExprPtr>> rows;
  std::vector<LogicalType> value_types;

  // kFilter: predicate; kJoin: condition (null for a cross join).
  BoundExprPtr predicate;
  // kFilter: a row-level security filter (a security barrier). Its predicate
  // runs on every row before any predicate or function of the query: the
  // optimizer neither merges the query's conjuncts into it nor pushes them
  // below it (only their pruning forms reach the scan).
  bool security_barrier = false;
  // kFilter: when set, a row failing the predicate fails the statement with
  // 42501 and this message instead of being dropped (WITH CHECK).
  std::string violation;
  LogicalJoinKind join = LogicalJoinKind::kInner;

  // kProjection: expressions; table_index owns the outputs.
  // kSeries: start, stop [, step], over the input's columns.
  // kJoin with kMark: empty, or the IN keys [left value, right value].
  std::vector<BoundExprPtr> expressions;

  // kAggregate: groups own (group_index, i), aggregates (aggregate_index, i).
  // With grouping sets, each set lists the positions in `groups` it groups
  // by; every input row counts once in every set, and the output has one row
  // per (set, distinct key) with the groups outside the set NULL. No sets:
  // one set of all groups.
  int group_index = -1;
  int aggregate_index = -1;
  std::vector<BoundExprPtr> groups;
  std::vector<AggregateCall> aggregates;
  std::vector<std::vector<int>> grouping_sets;

  // kOrder
  std::vector<SortSpec> sort;

  // kWindow
  int window_index = -1;
  std::vector<WindowCall> windows;

  // kSetOperation: table_index owns the outputs, typed as the left input.
  SetOperationKind set_kind = SetOperationKind::kUnionAll;

  // kLimit: -1 = no limit.
  int64_t limit = -1;
  int64_t offset = 0;

  /// A deep copy of this node and its inputs, with the same bindings.
  LogicalPtr Copy() const;
  /// Calls `f(BoundExprPtr&)` (const: `f(const BoundExpr&)`) on every
  /// expression this node holds itself (not its children's): predicate,
  /// expressions, groups, aggregates' slots, sort keys, window calls' slots
  /// and VALUES rows.
  template <typename F>
  void ForEachOwnExpression(F&& f) const {
    const_cast<LogicalOperator*>(this)->ForEachOwnExpression(
        [&](const BoundExprPtr& e) { f(static_cast<const BoundExpr&>(*e)); });
  }
  template <typename F>
  void ForEachOwnExpression(F&& f) {
    if (predicate) f(predicate);
    for (auto& e : expressions) f(e);
    for (auto& e : groups) f(e);
    for (auto& a : aggregates) a.ForEachExpression(f);
    for (auto& s : sort) f(s.expr);
    for (auto& w : windows) {
      for (auto& e : w.arguments) f(e);
      if (w.filter) f(w.filter);
      for (auto& e : w.partitions) f(e);
      for (auto& o : w.orders) f(o.expr);
    }
    for (auto& row : rows) {
      for (auto& e : row) f(e);
    }
  }
  /// The columns this node produces, in order.
  std::vector<ColumnBinding> bindings() const;
  std::vector<LogicalType> types() const;
  /// An indented plan rendering for EXPLAIN.
  std::string ToString(int indent = 0) const;
};

}  // namespace tributary::sql
