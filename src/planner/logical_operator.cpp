#include "planner/logical_operator.hpp"

#include "common/error.hpp"

namespace tributary::sql {

std::string AggregateCall::ToString() const {
  static const char* kNames[] = {"count", "count", "sum", "avg", "min", "max"};
  if (kind == AggregateKind::kCountStar) return "count(*)";
  return std::string(kNames[static_cast<int>(kind)]) + "(" + (distinct ? "DISTINCT " : "") + argument->ToString() + ")";
}

std::vector<ColumnBinding> LogicalOperator::bindings() const {
  std::vector<ColumnBinding> out;
  switch (kind) {
    case LogicalKind::kScan:
      for (int c : scan_columns) out.push_back({table_index, c});
      return out;
    case LogicalKind::kValues:
      for (size_t i = 0; i < value_types.size(); i++) out.push_back({table_index, static_cast<int>(i)});
      return out;
    case LogicalKind::kProjection:
      for (size_t i = 0; i < expressions.size(); i++) out.push_back({table_index, static_cast<int>(i)});
      return out;
    case LogicalKind::kAggregate:
      for (size_t i = 0; i < groups.size(); i++) out.push_back({group_index, static_cast<int>(i)});
      for (size_t i = 0; i < aggregates.size(); i++) out.push_back({aggregate_index, static_cast<int>(i)});
      return out;
    case LogicalKind::kJoin: {
      out = children[0]->bindings();
      auto right = children[1]->bindings();
      out.insert(out.end(), right.begin(), right.end());
      return out;
    }
    default: return children[0]->bindings();
  }
}

std::vector<LogicalType> LogicalOperator::types() const {
  std::vector<LogicalType> out;
  switch (kind) {
    case LogicalKind::kScan:
      for (int c : scan_columns) out.push_back(scan_types[c]);
      return out;
    case LogicalKind::kValues: return value_types;
    case LogicalKind::kProjection:
      for (const auto& e : expressions) out.push_back(e->type);
      return out;
    case LogicalKind::kAggregate:
      for (const auto& g : groups) out.push_back(g->type);
      for (const auto& a : aggregates) out.push_back(a.type);
      return out;
    case LogicalKind::kJoin: {
      out = children[0]->types();
      auto right = children[1]->types();
      out.insert(out.end(), right.begin(), right.end());
      return out;
    }
    default: return children[0]->types();
  }
}

std::string LogicalOperator::ToString(int indent) const {
  std::string pad(indent * 2, ' ');
  std::string s = pad;
  auto exprs = [](const std::vector<BoundExprPtr>& list) {
    std::string out;
    for (size_t i = 0; i < list.size(); i++) out += (i ? ", " : "") + list[i]->ToString();
    return out;
  };
  switch (kind) {
    case LogicalKind::kScan: {
      s += "Seq Scan on " + table_name + "\n";
      std::string cols;
      for (size_t i = 0; i < scan_columns.size(); i++) cols += (i ? ", " : "") + scan_names[scan_columns[i]];
      s += pad + "  Columns: " + cols + "\n";
      if (!predicate_text.empty()) {
        std::string preds;
        for (size_t i = 0; i < predicate_text.size(); i++) preds += (i ? " AND " : "") + predicate_text[i];
        s += pad + "  Pruning predicates: " + preds + "\n";
      }
      if (!scan_statistics.empty()) s += pad + "  " + scan_statistics + "\n";
      break;
    }
    case LogicalKind::kValues: s += "Values (" + std::to_string(rows.size()) + " rows)\n"; break;
    case LogicalKind::kFilter: s += "Filter: " + predicate->ToString() + "\n"; break;
    case LogicalKind::kProjection: s += "Projection: " + exprs(expressions) + "\n"; break;
    case LogicalKind::kAggregate: {
      std::string aggs;
      for (size_t i = 0; i < aggregates.size(); i++) aggs += (i ? ", " : "") + aggregates[i].ToString();
      s += "HashAggregate";
      if (!groups.empty()) s += " Group Key: " + exprs(groups);
      if (!aggs.empty()) s += " Aggregates: " + aggs;
      s += "\n";
      break;
    }
    case LogicalKind::kJoin:
      s += join == LogicalJoinKind::kCross  ? "Nested Loop (cross join)\n"
           : join == LogicalJoinKind::kLeft ? "Hash Left Join"
                                            : "Hash Join";
      if (join != LogicalJoinKind::kCross) s += predicate ? " Cond: " + predicate->ToString() + "\n" : "\n";
      break;
    case LogicalKind::kOrder: {
      s += "Sort Key: ";
      for (size_t i = 0; i < sort.size(); i++) {
        s += (i ? ", " : "") + sort[i].expr->ToString() + (sort[i].descending ? " DESC" : "") +
             (sort[i].nulls_first != sort[i].descending ? (sort[i].nulls_first ? " NULLS FIRST" : " NULLS LAST") : "");
      }
      s += "\n";
      break;
    }
    case LogicalKind::kLimit:
      s += "Limit";
      if (limit >= 0) s += " " + std::to_string(limit);
      if (offset > 0) s += " Offset " + std::to_string(offset);
      s += "\n";
      break;
  }
  for (const auto& c : children) s += c->ToString(indent + 1);
  return s;
}

}  // namespace tributary::sql
