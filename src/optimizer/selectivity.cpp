#include "optimizer/selectivity.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "iceberg/table_scan.hpp"

namespace tributary::sql {

namespace {

constexpr double kEqualityGuess = 0.1;
constexpr double kOrGuess = 0.2;
constexpr double kDefaultGuess = 0.5;
constexpr double kFloor = 1e-6;

const LogicalOperator* FindScan(const LogicalOperator& op, int table_index) {
  if (op.kind == LogicalKind::kScan && op.table_index == table_index) return &op;
  for (const auto& c : op.children) {
    if (const LogicalOperator* found = FindScan(*c, table_index)) return found;
  }
  return nullptr;
}

struct Bounds {
  Value min;
  Value max;
};

/// One live file's bounds for a column, and its row count.
struct FileBounds {
  Value lower;
  Value upper;
  double rows = 0;
};

/// Column bounds over the live files of the scans in one relation; each
/// scan's manifests are read once however many columns are asked about.
class BoundsLookup {
 public:
  explicit BoundsLookup(const LogicalOperator& relation) : relation_(relation) {}

  /// Each live file's bounds for the column, or nullopt when a file lacks
  /// them.
  std::optional<std::vector<FileBounds>> Files(ColumnBinding column) {
    const LogicalOperator* scan = FindScan(relation_, column.table);
    if (!scan || !scan->table || column.column < 0 ||
        static_cast<size_t>(column.column) >= scan->scan_names.size()) {
      return std::nullopt;
    }
    auto metadata = scan->table->metadata();
    const iceberg::SchemaField* field = metadata->current_schema()->FindField(scan->scan_names[column.column]);
    const LiveEntries* entries = EntriesOf(*scan);
    if (!field || !entries || entries->empty()) return std::nullopt;
    std::vector<FileBounds> out;
    for (const auto& e : *entries) {
      auto lo = e->file.lower_bounds.find(field->id);
      auto hi = e->file.upper_bounds.find(field->id);
      if (lo == e->file.lower_bounds.end() || hi == e->file.upper_bounds.end()) return std::nullopt;
      if (lo->second.is_null() || hi->second.is_null()) return std::nullopt;
      out.push_back(FileBounds{lo->second, hi->second, static_cast<double>(e->file.record_count)});
    }
    return out;
  }

  /// The column's [min, max] over every live file.
  std::optional<Bounds> Of(ColumnBinding column) {
    std::optional<std::vector<FileBounds>> files = Files(column);
    if (!files || files->empty()) return std::nullopt;
    Bounds out{files->front().lower, files->front().upper};
    for (const auto& f : *files) {
      if (f.lower.Compare(out.min) < 0) out.min = f.lower;
      if (f.upper.Compare(out.max) > 0) out.max = f.upper;
    }
    return out;
  }

 private:
  using LiveEntries = std::vector<std::shared_ptr<const iceberg::ManifestEntry>>;

  const LiveEntries* EntriesOf(const LogicalOperator& scan) {
    auto [it, inserted] = entries_.try_emplace(scan.table_index);
    if (inserted) {
      auto metadata = scan.table->metadata();
      if (auto snapshot = metadata->current_snapshot()) {
        auto read = iceberg::ReadLiveEntries(*metadata, *snapshot);
        if (read.ok()) it->second = std::move(read).value();
      }
    }
    return it->second ? &*it->second : nullptr;
  }

  const LogicalOperator& relation_;
  std::map<int, std::optional<LiveEntries>> entries_;
};

/// Where `v` lies on a number line shared with the column's bounds, or
/// nullopt for a type without one. Strings: the first 7 bytes after the
/// prefix `min` and `max` share, as a base-256 fraction.
std::optional<double> Position(const Value& v, const Bounds& b) {
  const LogicalType& type = v.type();
  if (v.is_null()) return std::nullopt;
  if (type.is_integral() || type.id() == TypeId::kDate || type.id() == TypeId::kTimestamp ||
      type.id() == TypeId::kTimestampTz) {
    return static_cast<double>(v.GetInt64());
  }
  if (type.id() == TypeId::kNumeric) return static_cast<double>(v.GetInt128());
  if (type.id() == TypeId::kDouble || type.id() == TypeId::kReal) return v.GetDouble();
  if (type.id() == TypeId::kVarchar) {
    const std::string& lo = b.min.GetString();
    const std::string& hi = b.max.GetString();
    size_t prefix = 0;
    while (prefix < lo.size() && prefix < hi.size() && lo[prefix] == hi[prefix]) prefix++;
    const std::string& s = v.GetString();
    if (s.compare(0, prefix, lo, 0, prefix) != 0) return s < lo ? 0.0 : 1.0;
    double x = 0, scale = 1;
    for (size_t i = prefix; i < prefix + 7; i++) {
      scale /= 256;
      x += scale * (i < s.size() ? static_cast<unsigned char>(s[i]) : 0);
    }
    return x;
  }
  return std::nullopt;
}

/// What the conjuncts say about one column.
struct ColumnConstraint {
  std::optional<Value> lower;  // col >= lower (or >)
  std::optional<Value> upper;  // col <= upper (or <)
};

double RangeSelectivity(const std::optional<Bounds>& bounds, const ColumnConstraint& c) {
  const double guess = (c.lower ? kDefaultGuess : 1.0) * (c.upper ? kDefaultGuess : 1.0);
  if (!bounds) return guess;
  auto min = Position(bounds->min, *bounds), max = Position(bounds->max, *bounds);
  if (!min || !max || !(*max > *min)) return guess;
  double lo = *min, hi = *max;
  if (c.lower) {
    auto p = Position(*c.lower, *bounds);
    if (!p) return guess;
    lo = std::max(lo, *p);
  }
  if (c.upper) {
    auto p = Position(*c.upper, *bounds);
    if (!p) return guess;
    hi = std::min(hi, *p);
  }
  return std::clamp((hi - lo) / (*max - *min), kFloor, 1.0);
}

/// The rows of the files whose bounds admit `value`, as a share of all rows,
/// each such file counted whole when its bounds are that one value (a file
/// clustered on the column), else by 1 / (its integer span), else by the
/// equality guess.
double EqualitySelectivity(BoundsLookup* lookup, ColumnBinding column, const Value& value) {
  std::optional<std::vector<FileBounds>> files = lookup->Files(column);
  if (!files || files->empty()) return kEqualityGuess;
  const LogicalType& type = value.type();
  const bool integral = type.is_integral() || type.id() == TypeId::kDate;
  double total = 0, matching = 0;
  for (const auto& f : *files) {
    total += f.rows;
    if (value.Compare(f.lower) < 0 || value.Compare(f.upper) > 0) continue;
    double share = kEqualityGuess;
    if (f.lower.Compare(f.upper) == 0) {
      share = 1;
    } else if (integral) {
      share = 1 / (static_cast<double>(f.upper.GetInt64()) - static_cast<double>(f.lower.GetInt64()) + 1);
    }
    matching += f.rows * share;
  }
  return total > 0 ? std::clamp(matching / total, kFloor, 1.0) : kEqualityGuess;
}

bool ColumnAndConstant(const BoundExpr& e, ColumnBinding* column, Value* value, std::string* op) {
  if (e.kind != BoundKind::kCompare || e.children.size() != 2) return false;
  const BoundExpr* a = e.children[0].get();
  const BoundExpr* b = e.children[1].get();
  static const std::map<std::string, std::string> kFlip = {{"=", "="}, {"<", ">"}, {"<=", ">="}, {">", "<"}, {">=", "<="}};
  auto flip = kFlip.find(e.op);
  if (flip == kFlip.end()) return false;
  if (a->kind == BoundKind::kColumn && b->kind == BoundKind::kConstant) {
    *op = e.op;
  } else if (b->kind == BoundKind::kColumn && a->kind == BoundKind::kConstant) {
    std::swap(a, b);
    *op = flip->second;
  } else {
    return false;
  }
  if (b->value.is_null() || b->value.type().id() != a->type.id()) return false;
  *column = a->binding;
  *value = b->value;
  return true;
}

}  // namespace

double EstimateSelectivity(const LogicalOperator& relation, const std::vector<const BoundExpr*>& conjuncts) {
  double selectivity = 1;
  std::map<std::pair<int, int>, ColumnConstraint> columns;
  std::map<std::pair<int, int>, Value> equalities;
  for (const BoundExpr* e : conjuncts) {
    ColumnBinding column;
    Value value;
    std::string op;
    if (ColumnAndConstant(*e, &column, &value, &op)) {
      auto key = std::make_pair(column.table, column.column);
      if (op == "=") {
        equalities.emplace(key, value);
      } else if (op == ">" || op == ">=") {
        columns[key].lower = value;
      } else {
        columns[key].upper = value;
      }
      continue;
    }
    selectivity *= e->kind == BoundKind::kOr ? kOrGuess : e->kind == BoundKind::kCompare && e->op == "=" ? kEqualityGuess
                                                                                                       : kDefaultGuess;
  }
  BoundsLookup lookup(relation);
  for (const auto& [key, value] : equalities) {
    selectivity *= EqualitySelectivity(&lookup, ColumnBinding{key.first, key.second}, value);
    columns.erase(key);  // a range on the same column adds nothing
  }
  for (const auto& [key, constraint] : columns) {
    selectivity *= RangeSelectivity(lookup.Of(ColumnBinding{key.first, key.second}), constraint);
  }
  return std::max(selectivity, kFloor);
}

}  // namespace tributary::sql
