#pragma once

#include <memory>

#include "planner/logical_operator.hpp"
#include "vector/column_batch.hpp"

namespace tributary::sql {

/// The running state of one aggregate call for every group of an operator,
/// kept column-wise (group g is entry g of each array), and PostgreSQL's
/// semantics for each kind: NULL arguments are skipped, an empty group gives
/// count 0 and NULL otherwise; integer and numeric sums, averages and
/// variances are exact (variances and standard deviations round as
/// PostgreSQL's numeric does), floating ones accumulate in input order with
/// PostgreSQL's algorithm. Used by the hash aggregate (a group per hash table
/// entry, per grouping set) and by window aggregates (a group per frame).
///
/// Work per input batch is one typed loop per call, never a call per row.
/// Extra memory: O(groups); with DISTINCT, every distinct argument tuple;
/// with ORDER BY inside the call, every input row (sorted when finalized).
class AggregateState {
 public:
  explicit AggregateState(const AggregateCall* call);
  ~AggregateState();
  AggregateState(AggregateState&&) noexcept;
  AggregateState& operator=(AggregateState&&) noexcept;

  const AggregateCall& call() const;
  /// Makes room for groups [0, groups); groups added are empty.
  void Grow(size_t groups);
  /// Evaluates the call's arguments and FILTER over `input` for the Update
  /// calls that follow (one per grouping set).
  void Prepare(const ColumnBatch& input);
  /// Folds every prepared input row i into group gid[i].
  void Update(const uint32_t* gid);
  /// Folds prepared input rows [begin, end) into `group` (calls without
  /// DISTINCT or ORDER BY: window frames).
  void UpdateRange(uint32_t group, size_t begin, size_t end);
  /// Writes the results of groups [begin, end) into rows [offset, offset +
  /// end - begin) of `out`, a flat vector of call().type. Leaves the state as
  /// it was, so a group may be finalized again after more updates — except
  /// with ORDER BY in the call, which is finalized once.
  void Finalize(size_t begin, size_t end, Vector* out, size_t offset);
  /// No groups (Grow again before use); the prepared input stays.
  void Reset();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The result type of aggregate `kind` over an argument of type `argument`
/// (PostgreSQL's), or nullopt when PostgreSQL has no such aggregate.
std::optional<LogicalType> AggregateResultType(AggregateKind kind, const LogicalType& argument);

}  // namespace tributary::sql
