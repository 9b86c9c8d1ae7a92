#include "planner/logical_operator.hpp"

#include "common/error.hpp"

namespace tributary::sql {

std::string AggregateCall::ToString() const {
  static const char* kNames[] = {"count",    "count",   "sum",        "avg",      "min",      "max",    "stddev_samp",
                                 "stddev_pop", "var_samp", "var_pop", "string_agg", "bool_and", "bool_or", "grouping"};
  std::string s = std::string(kNames[static_cast<int>(kind)]) + "(";
  if (kind == AggregateKind::kCountStar) {
    s += "*";
  } else if (kind == AggregateKind::kGrouping) {
    for (size_t i = 0; i < grouping_names.size(); i++) s += (i ? ", " : "") + grouping_names[i];
  } else {
    s += (distinct ? "DISTINCT " : "") + argument->ToString();
    if (delimiter) s += ", " + delimiter->ToString();
  }
  for (size_t i = 0; i < orders.size(); i++) {
    s += (i ? ", " : " ORDER BY ") + orders[i].expr->ToString() + (orders[i].descending ? " DESC" : "") +
         (orders[i].nulls_first != orders[i].descending ? (orders[i].nulls_first ? " NULLS FIRST" : " NULLS LAST") : "");
  }
  s += ")";
  if (filter) s += " FILTER (WHERE " + filter->ToString() + ")";
  return s;
}

namespace {

std::vector<SortSpec> CopySort(const std::vector<SortSpec>& sort) {
  std::vector<SortSpec> out;
  for (const auto& s : sort) out.push_back({s.expr->Copy(), s.descending, s.nulls_first});
  return out;
}

std::vector<BoundExprPtr> CopyList(const std::vector<BoundExprPtr>& list) {
  std::vector<BoundExprPtr> out;
  for (const auto& e : list) out.push_back(e->Copy());
  return out;
}

BoundExprPtr CopyOrNull(const BoundExprPtr& e) { return e ? e->Copy() : nullptr; }

}  // namespace

AggregateCall AggregateCall::Copy() const {
  AggregateCall c;
  c.kind = kind;
  c.argument = CopyOrNull(argument);
  c.delimiter = CopyOrNull(delimiter);
  c.filter = CopyOrNull(filter);
  c.orders = CopySort(orders);
  c.distinct = distinct;
  c.grouping = grouping;
  c.grouping_names = grouping_names;
  c.type = type;
  return c;
}

WindowCall WindowCall::Copy() const {
  WindowCall c;
  c.kind = kind;
  c.aggregate = aggregate;
  c.arguments = CopyList(arguments);
  c.filter = CopyOrNull(filter);
  c.partitions = CopyList(partitions);
  c.orders = CopySort(orders);
  c.rows = rows;
  c.start = start;
  c.end = end;
  c.type = type;
  c.name = name;
  return c;
}

LogicalPtr LogicalOperator::Copy() const {
  auto c = std::make_unique<LogicalOperator>();
  c->kind = kind;
  for (const auto& child : children) c->children.push_back(child->Copy());
  c->table_index = table_index;
  c->table = table;
  c->table_name = table_name;
  c->scan_columns = scan_columns;
  c->scan_types = scan_types;
  c->scan_names = scan_names;
  c->scan_field_ids = scan_field_ids;
  c->predicates = predicates;
  c->predicate_text = predicate_text;
  c->scan_snapshot_id = scan_snapshot_id;
  c->scan_statistics = scan_statistics;
  for (const auto& row : rows) c->rows.push_back(CopyList(row));
  c->value_types = value_types;
  c->predicate = CopyOrNull(predicate);
  c->security_barrier = security_barrier;
  c->violation = violation;
  c->join = join;
  c->expressions = CopyList(expressions);
  c->group_index = group_index;
  c->aggregate_index = aggregate_index;
  c->groups = CopyList(groups);
  for (const auto& a : aggregates) c->aggregates.push_back(a.Copy());
  c->grouping_sets = grouping_sets;
  c->sort = CopySort(sort);
  c->window_index = window_index;
  for (const auto& w : windows) c->windows.push_back(w.Copy());
  c->set_kind = set_kind;
  c->limit = limit;
  c->offset = offset;
  return c;
}

std::string WindowCall::ToString() const {
  std::string s = name + "(";
  for (size_t i = 0; i < arguments.size(); i++) s += (i ? ", " : "") + arguments[i]->ToString();
  if (kind == WindowFunctionKind::kAggregate && aggregate == AggregateKind::kCountStar) s += "*";
  s += ")";
  if (filter) s += " FILTER (WHERE " + filter->ToString() + ")";
  s += " OVER (";
  if (!partitions.empty()) {
    s += "PARTITION BY ";
    for (size_t i = 0; i < partitions.size(); i++) s += (i ? ", " : "") + partitions[i]->ToString();
  }
  if (!orders.empty()) {
    s += partitions.empty() ? "ORDER BY " : " ORDER BY ";
    for (size_t i = 0; i < orders.size(); i++) {
      s += (i ? ", " : "") + orders[i].expr->ToString() + (orders[i].descending ? " DESC" : "") +
           (orders[i].nulls_first != orders[i].descending ? (orders[i].nulls_first ? " NULLS FIRST" : " NULLS LAST") : "");
    }
  }
  auto bound = [](const WindowBound& b) -> std::string {
    switch (b.kind) {
      case WindowBound::Kind::kUnboundedPreceding: return "UNBOUNDED PRECEDING";
      case WindowBound::Kind::kPreceding: return std::to_string(b.offset) + " PRECEDING";
      case WindowBound::Kind::kCurrentRow: return "CURRENT ROW";
      case WindowBound::Kind::kFollowing: return std::to_string(b.offset) + " FOLLOWING";
      case WindowBound::Kind::kUnboundedFollowing: return "UNBOUNDED FOLLOWING";
    }
    return "";
  };
  s += std::string(rows ? " ROWS" : " RANGE") + " BETWEEN " + bound(start) + " AND " + bound(end) + ")";
  return s;
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
    case LogicalKind::kSetOperation:
      for (size_t i = 0; i < children[0]->bindings().size(); i++) out.push_back({table_index, static_cast<int>(i)});
      return out;
    case LogicalKind::kWindow:
      out = children[0]->bindings();
      for (size_t i = 0; i < windows.size(); i++) out.push_back({window_index, static_cast<int>(i)});
      return out;
    case LogicalKind::kSeries:
      out = children[0]->bindings();
      out.push_back({table_index, 0});
      return out;
    case LogicalKind::kAggregate:
      for (size_t i = 0; i < groups.size(); i++) out.push_back({group_index, static_cast<int>(i)});
      for (size_t i = 0; i < aggregates.size(); i++) out.push_back({aggregate_index, static_cast<int>(i)});
      return out;
    case LogicalKind::kJoin: {
      out = children[0]->bindings();
      if (join == LogicalJoinKind::kMark) {
        out.push_back({table_index, 0});
        return out;
      }
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
    case LogicalKind::kWindow:
      out = children[0]->types();
      for (const auto& w : windows) out.push_back(w.type);
      return out;
    case LogicalKind::kSeries:
      out = children[0]->types();
      out.push_back(value_types[0]);
      return out;
    case LogicalKind::kAggregate:
      for (const auto& g : groups) out.push_back(g->type);
      for (const auto& a : aggregates) out.push_back(a.type);
      return out;
    case LogicalKind::kJoin: {
      out = children[0]->types();
      if (join == LogicalJoinKind::kMark) {
        out.push_back(LogicalType::Boolean());
        return out;
      }
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
      // One line per figure: scan_statistics holds newline-separated lines.
      for (size_t begin = 0; begin < scan_statistics.size();) {
        size_t end = scan_statistics.find('\n', begin);
        if (end == std::string::npos) end = scan_statistics.size();
        s += pad + "  " + scan_statistics.substr(begin, end - begin) + "\n";
        begin = end + 1;
      }
      break;
    }
    case LogicalKind::kValues: s += "Values (" + std::to_string(rows.size()) + " rows)\n"; break;
    case LogicalKind::kFilter:
      s += std::string(!violation.empty() ? "Check (row security): " : security_barrier ? "Filter (row security): " : "Filter: ") +
           predicate->ToString() + "\n";
      break;
    case LogicalKind::kProjection: s += "Projection: " + exprs(expressions) + "\n"; break;
    case LogicalKind::kAggregate: {
      std::string aggs;
      for (size_t i = 0; i < aggregates.size(); i++) aggs += (i ? ", " : "") + aggregates[i].ToString();
      s += "HashAggregate";
      if (!grouping_sets.empty()) {
        s += " Grouping Sets:";
        for (size_t i = 0; i < grouping_sets.size(); i++) {
          s += i ? ", (" : " (";
          for (size_t j = 0; j < grouping_sets[i].size(); j++) s += (j ? ", " : "") + groups[grouping_sets[i][j]]->ToString();
          s += ")";
        }
      } else if (!groups.empty()) {
        s += " Group Key: " + exprs(groups);
      }
      if (!aggs.empty()) s += " Aggregates: " + aggs;
      s += "\n";
      break;
    }
    case LogicalKind::kJoin:
      s += join == LogicalJoinKind::kCross    ? "Nested Loop (cross join)\n"
           : join == LogicalJoinKind::kLeft   ? "Hash Left Join"
           : join == LogicalJoinKind::kMark   ? "Hash Mark Join"
           : join == LogicalJoinKind::kSingle ? "Hash Single Join"
           : join == LogicalJoinKind::kFull   ? "Hash Full Join"
           : join == LogicalJoinKind::kRight  ? "Hash Right Join"
                                              : "Hash Join";
      if (join == LogicalJoinKind::kMark && !expressions.empty()) {
        s += " In: " + expressions[0]->ToString() + " = " + expressions[1]->ToString();
      }
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
    case LogicalKind::kSetOperation: {
      static const char* kNames[] = {"Append (UNION ALL)", "SetOp Intersect", "SetOp Intersect All", "SetOp Except",
                                     "SetOp Except All"};
      s += std::string(kNames[static_cast<int>(set_kind)]) + "\n";
      break;
    }
    case LogicalKind::kWindow: {
      s += "WindowAgg:";
      for (size_t i = 0; i < windows.size(); i++) s += (i ? ", " : " ") + windows[i].ToString();
      s += "\n";
      break;
    }
    case LogicalKind::kDistinctOn: s += "Unique On: " + exprs(groups) + "\n"; break;
    case LogicalKind::kSeries: s += "Function Scan on generate_series(" + exprs(expressions) + ")\n"; break;
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
