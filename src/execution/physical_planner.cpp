#include "execution/physical_planner.hpp"

#include <unordered_map>
#include <unordered_set>

#include "common/error.hpp"
#include "execution/physical_distinct_on.hpp"
#include "execution/physical_filter.hpp"
#include "execution/physical_gather.hpp"
#include "execution/physical_hash_aggregate.hpp"
#include "execution/physical_hash_join.hpp"
#include "execution/physical_limit.hpp"
#include "execution/physical_mark_join.hpp"
#include "execution/physical_projection.hpp"
#include "execution/physical_series.hpp"
#include "execution/physical_set_operation.hpp"
#include "execution/physical_union_all.hpp"
#include "execution/physical_window.hpp"
#include "execution/physical_sort.hpp"
#include "execution/physical_table_scan.hpp"
#include "execution/physical_values.hpp"

namespace tributary::sql {

namespace {

void SplitConjuncts(const BoundExpr& e, std::vector<const BoundExpr*>* out) {
  if (e.kind == BoundKind::kAnd) {
    for (const auto& c : e.children) SplitConjuncts(*c, out);
  } else {
    out->push_back(&e);
  }
}

/// -1: no column; 0: only left columns; 1: only right; 2: both.
int Side(const BoundExpr& e, int left_width) {
  if (e.kind == BoundKind::kColumn) return e.index < left_width ? 0 : 1;
  int side = -1;
  for (const auto& c : e.children) {
    int s = Side(*c, left_width);
    if (s < 0) continue;
    if (side < 0) side = s;
    else if (side != s) return 2;
  }
  return side;
}

void Shift(BoundExpr* e, int by) {
  if (e->kind == BoundKind::kColumn) e->index -= by;
  for (auto& c : e->children) Shift(c.get(), by);
}

/// The scan whose column `index` of `op`'s output is, unchanged, and that
/// column's field id. Follows filters, column projections and the left side
/// of inner joins: a row the scan does not produce could not have reached
/// `op`'s output through them.
const LogicalOperator* TraceToScan(const LogicalOperator& op, int index, int* field_id) {
  switch (op.kind) {
    case LogicalKind::kScan: {
      if (index < 0 || static_cast<size_t>(index) >= op.scan_columns.size()) return nullptr;
      const auto* field =
          op.table->metadata()->current_schema()->FindField(op.scan_names[op.scan_columns[index]]);
      if (field == nullptr) return nullptr;
      *field_id = field->id;
      return &op;
    }
    case LogicalKind::kFilter: return TraceToScan(*op.children[0], index, field_id);
    case LogicalKind::kProjection: {
      const BoundExpr& e = *op.expressions[index];
      if (e.kind != BoundKind::kColumn) return nullptr;
      return TraceToScan(*op.children[0], e.index, field_id);
    }
    case LogicalKind::kJoin: {
      if (op.join != LogicalJoinKind::kInner && op.join != LogicalJoinKind::kCross) return nullptr;
      if (index >= static_cast<int>(op.children[0]->bindings().size())) return nullptr;
      return TraceToScan(*op.children[0], index, field_id);
    }
    default: return nullptr;
  }
}

/// True when `predicate` is false or NULL for every row whose column
/// `index` (a boolean) is not true: the column itself, or a conjunction
/// holding it.
bool RequiresColumn(const BoundExpr& predicate, int index) {
  if (predicate.kind == BoundKind::kColumn) return predicate.index == index;
  if (predicate.kind == BoundKind::kAnd) {
    for (const auto& c : predicate.children) {
      if (RequiresColumn(*c, index)) return true;
    }
  }
  return false;
}

/// The operators from `op` down its probe spine (filters, projections and
/// the left side of inner hash joins) to a table scan, or empty when the
/// spine holds anything else: the part of a plan copies of which can run
/// side by side, each reading a share of the scan.
std::vector<const LogicalOperator*> ParallelSpine(const LogicalOperator& op) {
  std::vector<const LogicalOperator*> spine;
  const LogicalOperator* at = &op;
  while (true) {
    spine.push_back(at);
    switch (at->kind) {
      case LogicalKind::kScan: return spine;
      case LogicalKind::kFilter:
      case LogicalKind::kProjection: at = at->children[0].get(); break;
      case LogicalKind::kJoin:
        if (at->join != LogicalJoinKind::kInner) return {};
        at = at->children[0].get();
        break;
      default: return {};
    }
  }
}

/// True when the aggregates' results do not depend on the order rows
/// arrive in (floating-point sums do, in their last digits).
bool OrderInsensitive(const std::vector<const AggregateCall*>& aggregates) {
  for (const AggregateCall* a : aggregates) {
    switch (a->kind) {
      case AggregateKind::kCountStar:
      case AggregateKind::kCount:
      case AggregateKind::kMin:
      case AggregateKind::kMax:
      case AggregateKind::kBoolAnd:
      case AggregateKind::kBoolOr:
      case AggregateKind::kGrouping: break;
      case AggregateKind::kSum:
      case AggregateKind::kAvg:
      case AggregateKind::kStddevSamp:
      case AggregateKind::kStddevPop:
      case AggregateKind::kVarSamp:
      case AggregateKind::kVarPop: {
        PhysicalType t = a->argument->type.physical();
        if (t == PhysicalType::kFloat || t == PhysicalType::kDouble) return false;
        break;
      }
      default: return false;
    }
  }
  return true;
}

class Builder {
 public:
  explicit Builder(PhysicalPlan* plan) : plan_(plan) {}

  PhysicalPtr Build(const LogicalOperator& op) {
    ExecutionContext* ctx = plan_->context.get();
    switch (op.kind) {
      case LogicalKind::kScan: {
        std::vector<std::string> columns;
        bool row_ids = false;
        for (int c : op.scan_columns) {
          if (op.scan_field_ids[c] == kRowIdFieldId) row_ids = true;  // always the last column
          else columns.push_back(op.scan_names[c]);
        }
        std::shared_ptr<PhysicalTableScan::ScanSource> source;
        if (spine_.count(&op) != 0) {
          auto& shared = shared_scans_[&op];
          if (!shared) shared = PhysicalTableScan::NewSharedSource();
          source = shared;
        }
        auto scan = std::make_unique<PhysicalTableScan>(ctx, op.table, std::move(columns), op.predicates, source, row_ids,
                                                        op.scan_snapshot_id);
        scans_[&op] = scan.get();
        return scan;
      }
      case LogicalKind::kValues: return std::make_unique<PhysicalValues>(ctx, &op.rows, op.value_types);
      case LogicalKind::kFilter: {
        // A plain filter on a mark join's mark keeps only rows whose mark is
        // true (one that raises on a failing row must see every row).
        const LogicalOperator& child = *op.children[0];
        if (op.violation.empty() && child.kind == LogicalKind::kJoin && child.join == LogicalJoinKind::kMark &&
            RequiresColumn(*op.predicate, static_cast<int>(child.children[0]->types().size()))) {
          marks_required_.insert(&child);
        }
        return std::make_unique<PhysicalFilter>(Build(child), op.predicate.get(), &op.violation);
      }
      case LogicalKind::kProjection: {
        std::vector<const BoundExpr*> exprs;
        for (const auto& e : op.expressions) exprs.push_back(e.get());
        return std::make_unique<PhysicalProjection>(Build(*op.children[0]), std::move(exprs));
      }
      case LogicalKind::kAggregate: {
        std::vector<const BoundExpr*> groups;
        for (const auto& g : op.groups) groups.push_back(g.get());
        std::vector<const AggregateCall*> aggregates;
        for (const auto& a : op.aggregates) aggregates.push_back(&a);
        PhysicalPtr input = BuildAggregateInput(*op.children[0], aggregates);
        return std::make_unique<PhysicalHashAggregate>(ctx, std::move(input), std::move(groups),
                                                       std::move(aggregates), op.grouping_sets);
      }
      case LogicalKind::kJoin: {
        int left_width = static_cast<int>(op.children[0]->bindings().size());
        std::vector<const BoundExpr*> left_keys, right_keys, residual;
        // Hash keys: the equalities between the two sides; failing those
        // (and not for mark joins), the IS NOT DISTINCT FROM pairs.
        bool null_equal = false;
        if (op.predicate) {
          std::vector<const BoundExpr*> conjuncts;
          SplitConjuncts(*op.predicate, &conjuncts);
          auto key_sides = [&](const BoundExpr& c, bool null_safe, int* a, int* b) {
            bool form = null_safe ? c.kind == BoundKind::kDistinctFrom && c.negated
                                  : c.kind == BoundKind::kCompare && c.op == "=";
            if (!form) return false;
            *a = Side(*c.children[0], left_width);
            *b = Side(*c.children[1], left_width);
            return (*a == 0 && *b == 1) || (*a == 1 && *b == 0);
          };
          int a = 0, b = 0;
          bool any_equality = false;
          for (const BoundExpr* c : conjuncts) any_equality |= key_sides(*c, false, &a, &b);
          null_equal = !any_equality && op.join != LogicalJoinKind::kMark;
          for (const BoundExpr* c : conjuncts) {
            if (key_sides(*c, null_equal, &a, &b)) {
              const BoundExpr* l = a == 0 ? c->children[0].get() : c->children[1].get();
              BoundExprPtr r = (a == 0 ? c->children[1] : c->children[0])->Copy();
              Shift(r.get(), left_width);
              left_keys.push_back(l);
              right_keys.push_back(r.get());
              plan_->owned.push_back(std::move(r));
              continue;
            }
            residual.push_back(c);
          }
          null_equal = null_equal && !left_keys.empty();
        }
        const BoundExpr* residual_expr = nullptr;
        if (residual.size() == 1) {
          residual_expr = residual[0];
        } else if (residual.size() > 1) {
          auto all = std::make_unique<BoundExpr>();
          all->kind = BoundKind::kAnd;
          all->type = LogicalType::Boolean();
          for (const BoundExpr* r : residual) all->children.push_back(r->Copy());
          residual_expr = all.get();
          plan_->owned.push_back(std::move(all));
        }
        if (op.join == LogicalJoinKind::kMark) {
          const BoundExpr* in_left = nullptr;
          const BoundExpr* in_right = nullptr;
          if (!op.expressions.empty()) {
            in_left = op.expressions[0].get();
            BoundExprPtr r = op.expressions[1]->Copy();
            Shift(r.get(), left_width);
            in_right = r.get();
            plan_->owned.push_back(std::move(r));
          }
          auto mark = std::make_unique<PhysicalMarkJoin>(ctx, Build(*op.children[0]), Build(*op.children[1]),
                                                         std::move(left_keys), std::move(right_keys), residual_expr,
                                                         in_left, in_right, op.children[1]->types());
          int field_id = 0;
          const LogicalOperator* probe_scan = nullptr;
          if (marks_required_.count(&op) != 0 && in_left != nullptr && in_left->kind == BoundKind::kColumn) {
            probe_scan = TraceToScan(*op.children[0], in_left->index, &field_id);
          }
          if (probe_scan != nullptr) mark->SetPruningTarget(scans_.at(probe_scan), field_id);
          return mark;
        }
        PhysicalPtr left = Build(*op.children[0]);
        const LogicalOperator* probe_scan = nullptr;
        int field_id = 0;
        // A left row no right row matches is dropped by inner and right
        // joins: the scan feeding the left side may skip files whose key
        // range misses the built keys.
        if ((op.join == LogicalJoinKind::kInner || op.join == LogicalJoinKind::kRight) && left_keys.size() == 1 &&
            left_keys[0]->kind == BoundKind::kColumn) {
          probe_scan = TraceToScan(*op.children[0], left_keys[0]->index, &field_id);
        }
        std::shared_ptr<PhysicalHashJoin::BuildSide> build;
        if (spine_.count(&op) != 0) {
          auto& shared = shared_builds_[&op];
          if (!shared) shared = PhysicalHashJoin::NewSharedBuild();
          build = shared;
        }
        auto join = std::make_unique<PhysicalHashJoin>(ctx, std::move(left), Build(*op.children[1]), op.join,
                                                       std::move(left_keys), std::move(right_keys), residual_expr,
                                                       op.children[0]->types(), op.children[1]->types(), build,
                                                       null_equal);
        if (probe_scan != nullptr) join->SetPruningTarget(scans_.at(probe_scan), field_id);
        return join;
      }
      case LogicalKind::kOrder: return std::make_unique<PhysicalSort>(ctx, Build(*op.children[0]), &op.sort);
      case LogicalKind::kLimit: return std::make_unique<PhysicalLimit>(Build(*op.children[0]), op.limit, op.offset);
      case LogicalKind::kWindow: return std::make_unique<PhysicalWindow>(ctx, Build(*op.children[0]), &op.windows);
      case LogicalKind::kSeries: {
        std::vector<const BoundExpr*> arguments;
        for (const auto& e : op.expressions) arguments.push_back(e.get());
        return std::make_unique<PhysicalSeries>(ctx, Build(*op.children[0]), std::move(arguments), op.value_types[0]);
      }
      case LogicalKind::kDistinctOn: {
        std::vector<const BoundExpr*> keys;
        for (const auto& g : op.groups) keys.push_back(g.get());
        return std::make_unique<PhysicalDistinctOn>(Build(*op.children[0]), std::move(keys));
      }
      case LogicalKind::kSetOperation:
        if (op.set_kind == SetOperationKind::kUnionAll) {
          return std::make_unique<PhysicalUnionAll>(Build(*op.children[0]), Build(*op.children[1]));
        }
        return std::make_unique<PhysicalSetOperation>(Build(*op.children[0]), Build(*op.children[1]), op.set_kind);
    }
    throw InternalError("unknown logical operator");
  }

 private:
  /// An aggregate's input: with several threads, order-insensitive
  /// aggregates and a parallel spine below, one copy of the input per
  /// thread under a gather (the aggregate itself stays on the caller's
  /// thread); otherwise the input as it is.
  PhysicalPtr BuildAggregateInput(const LogicalOperator& input, const std::vector<const AggregateCall*>& aggregates) {
    const int threads = plan_->context->threads;
    std::vector<const LogicalOperator*> spine;
    if (threads > 1 && spine_.empty() && OrderInsensitive(aggregates)) spine = ParallelSpine(input);
    if (spine.empty()) return Build(input);
    spine_.insert(spine.begin(), spine.end());
    std::vector<PhysicalPtr> copies;
    for (int i = 0; i < threads; i++) copies.push_back(Build(input));
    spine_.clear();
    shared_scans_.clear();
    shared_builds_.clear();
    return std::make_unique<PhysicalGather>(std::move(copies), plan_->context->vector_size);
  }

  PhysicalPlan* plan_;
  // While copies of a parallel spine are built: its operators, and the
  // readers and build sides their copies share.
  std::unordered_set<const LogicalOperator*> spine_;
  std::unordered_set<const LogicalOperator*> marks_required_;  // mark joins under a filter on their mark
  std::unordered_map<const LogicalOperator*, std::shared_ptr<PhysicalTableScan::ScanSource>> shared_scans_;
  std::unordered_map<const LogicalOperator*, std::shared_ptr<PhysicalHashJoin::BuildSide>> shared_builds_;
  std::unordered_map<const LogicalOperator*, PhysicalTableScan*> scans_;
};

}  // namespace

PhysicalPlan CreatePhysicalPlan(const LogicalOperator& plan, size_t vector_size, int threads) {
  PhysicalPlan out;
  out.context->vector_size = vector_size;
  out.context->threads = threads;
  Builder builder(&out);
  out.root = builder.Build(plan);
  return out;
}

}  // namespace tributary::sql
