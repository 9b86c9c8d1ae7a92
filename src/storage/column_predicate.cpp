#include "storage/column_predicate.hpp"

#include <cmath>

namespace tributary {

std::string ColumnPredicate::ToString() const {
  static constexpr const char* kOps[] = {"=", "<", "<=", ">", ">=", "IN", "IS NULL", "IS NOT NULL"};
  std::string out = fmt::format("#{} {}", column, kOps[static_cast<int>(op)]);
  for (size_t i = 0; i < values.size(); i++) out += (i ? ", " : " ") + values[i].ToString();
  return out;
}

namespace {

bool IsFloating(const Value& v) {
  const PhysicalType p = v.type().physical();
  return p == PhysicalType::kFloat || p == PhysicalType::kDouble;
}

bool IsNan(const Value& v) { return !v.is_null() && IsFloating(v) && std::isnan(v.GetDouble()); }

}  // namespace

bool MayMatch(const ColumnPredicate& pred, const ColumnStatistics& stats) {
  const bool all_null = stats.null_count && stats.value_count && *stats.null_count == *stats.value_count;
  switch (pred.op) {
    case ColumnPredicate::Op::kIsNull: return !stats.null_count || *stats.null_count > 0;
    case ColumnPredicate::Op::kIsNotNull: return !all_null;
    default: break;
  }
  // A comparison is never true for NULL, so an all-null column matches nothing.
  if (all_null) return false;
  for (const Value& v : pred.values) {
    if (v.is_null() && pred.op != ColumnPredicate::Op::kIn) return false;
  }
  const auto& lo = stats.min;
  const auto& hi = stats.max;
  // NaN never enters a float column's bounds (Parquet's and Iceberg's
  // rule), yet PostgreSQL orders it above every number: its upper bound
  // says nothing about `> c`, `>= c` or `= 'NaN'`. (No bound counts NaNs.)
  if (!pred.values.empty() && IsFloating(pred.values[0])) {
    switch (pred.op) {
      case ColumnPredicate::Op::kGt:
      case ColumnPredicate::Op::kGe: return true;
      case ColumnPredicate::Op::kEq:
      case ColumnPredicate::Op::kIn:
        for (const Value& v : pred.values) {
          if (IsNan(v)) return true;
        }
        break;
      default: break;
    }
  }
  switch (pred.op) {
    case ColumnPredicate::Op::kEq:
      return !((lo && pred.values[0].Compare(*lo) < 0) || (hi && pred.values[0].Compare(*hi) > 0));
    case ColumnPredicate::Op::kLt: return !lo || lo->Compare(pred.values[0]) < 0;
    case ColumnPredicate::Op::kLe: return !lo || lo->Compare(pred.values[0]) <= 0;
    case ColumnPredicate::Op::kGt: return !hi || hi->Compare(pred.values[0]) > 0;
    case ColumnPredicate::Op::kGe: return !hi || hi->Compare(pred.values[0]) >= 0;
    case ColumnPredicate::Op::kIn:
      for (const Value& v : pred.values) {
        if (v.is_null()) continue;
        if ((!lo || v.Compare(*lo) >= 0) && (!hi || v.Compare(*hi) <= 0)) return true;
      }
      return false;
    default: return true;
  }
}

}  // namespace tributary
