#include "types/logical_type.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <vector>

namespace tributary {

Result<LogicalType> LogicalType::Numeric(int precision, int scale) {
  if (precision < 1 || precision > kMaxNumericPrecision) {
    return Status::Invalid("NUMERIC precision {} must be between 1 and {}", precision, kMaxNumericPrecision);
  }
  if (scale < 0 || scale > precision) {
    return Status::Invalid("NUMERIC scale {} must be between 0 and precision {}", scale, precision);
  }
  return NumericUnchecked(precision, scale);
}

PhysicalType LogicalType::physical() const {
  switch (id_) {
    case TypeId::kNull:
    case TypeId::kBoolean: return PhysicalType::kBool;
    case TypeId::kSmallInt: return PhysicalType::kInt16;
    case TypeId::kInteger:
    case TypeId::kDate: return PhysicalType::kInt32;
    case TypeId::kBigInt:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return PhysicalType::kInt64;
    case TypeId::kNumeric: return PhysicalType::kInt128;
    case TypeId::kReal: return PhysicalType::kFloat;
    case TypeId::kDouble: return PhysicalType::kDouble;
    case TypeId::kVarchar: return PhysicalType::kString;
    case TypeId::kInterval: return PhysicalType::kInterval;
  }
  return PhysicalType::kBool;
}

size_t LogicalType::value_size() const {
  switch (physical()) {
    case PhysicalType::kBool: return 1;
    case PhysicalType::kInt16: return 2;
    case PhysicalType::kInt32:
    case PhysicalType::kFloat: return 4;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble: return 8;
    case PhysicalType::kInt128:
    case PhysicalType::kString:
    case PhysicalType::kInterval: return 16;
  }
  return 1;
}

std::string LogicalType::ToString() const {
  switch (id_) {
    case TypeId::kNull: return "unknown";
    case TypeId::kBoolean: return "boolean";
    case TypeId::kSmallInt: return "smallint";
    case TypeId::kInteger: return "integer";
    case TypeId::kBigInt: return "bigint";
    case TypeId::kReal: return "real";
    case TypeId::kDouble: return "double precision";
    case TypeId::kNumeric: return fmt::format("numeric({},{})", precision_, scale_);
    case TypeId::kVarchar: return length_ < 0 ? "text" : fmt::format("character varying({})", length_);
    case TypeId::kDate: return "date";
    case TypeId::kTimestamp: return "timestamp without time zone";
    case TypeId::kTimestampTz: return "timestamp with time zone";
    case TypeId::kInterval: return "interval";
  }
  return "unknown";
}

namespace {

std::string Normalize(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space && c != '(' && c != ')' && c != ',' && out.back() != '(' && out.back() != ',') out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

bool ParseInts(std::string_view args, std::vector<int>* out) {
  while (!args.empty()) {
    size_t comma = args.find(',');
    std::string_view part = args.substr(0, comma);
    int v = 0;
    auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (ec != std::errc() || p != part.data() + part.size()) return false;
    out->push_back(v);
    if (comma == std::string_view::npos) break;
    args.remove_prefix(comma + 1);
  }
  return true;
}

}  // namespace

Result<LogicalType> LogicalType::Parse(std::string_view name) {
  std::string n = Normalize(name);
  std::string base = n;
  std::vector<int> args;
  if (size_t open = n.find('('); open != std::string::npos) {
    if (n.back() != ')' || !ParseInts(std::string_view(n).substr(open + 1, n.size() - open - 2), &args)) {
      return Status::Invalid("malformed type modifier in type name '{}'", name);
    }
    base = n.substr(0, open);
    while (!base.empty() && base.back() == ' ') base.pop_back();
  }
  auto no_args = [&](LogicalType t) -> Result<LogicalType> {
    if (!args.empty()) return Status::Invalid("type '{}' takes no modifiers", base);
    return t;
  };
  if (base == "boolean" || base == "bool") return no_args(Boolean());
  if (base == "smallint" || base == "int2") return no_args(SmallInt());
  if (base == "integer" || base == "int" || base == "int4") return no_args(Integer());
  if (base == "bigint" || base == "int8") return no_args(BigInt());
  if (base == "real" || base == "float4") return no_args(Real());
  if (base == "double precision" || base == "float8" || base == "double" || base == "float") return no_args(Double());
  if (base == "date") return no_args(Date());
  if (base == "timestamp" || base == "timestamp without time zone") return no_args(Timestamp());
  if (base == "timestamptz" || base == "timestamp with time zone") return no_args(TimestampTz());
  if (base == "interval") return no_args(Interval());
  if (base == "text" || base == "string") return no_args(Varchar());
  if (base == "varchar" || base == "character varying") {
    if (args.empty()) return Varchar();
    if (args.size() != 1 || args[0] < 1) return Status::Invalid("VARCHAR length must be one positive number in '{}'", name);
    return Varchar(args[0]);
  }
  if (base == "numeric" || base == "decimal") {
    if (args.empty()) return Numeric(kDefaultNumericPrecision, kDefaultNumericScale);
    if (args.size() > 2) return Status::Invalid("NUMERIC takes at most precision and scale in '{}'", name);
    return Numeric(args[0], args.size() == 2 ? args[1] : 0);
  }
  return Status::Invalid("type '{}' does not exist", name);
}

}  // namespace tributary
