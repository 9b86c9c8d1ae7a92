#include "types/value.hpp"

#include <cmath>

#include "types/datetime.hpp"
#include "types/decimal.hpp"

namespace tributary {

std::string Value::ToString() const {
  if (is_null()) return "NULL";
  switch (type_.id()) {
    case TypeId::kNull: return "NULL";
    case TypeId::kBoolean: return GetBool() ? "t" : "f";
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt: return fmt::format("{}", GetInt64());
    case TypeId::kReal: {
      double d = GetDouble();
      if (std::isnan(d)) return "NaN";
      if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
      return fmt::format("{}", static_cast<float>(d));
    }
    case TypeId::kDouble: {
      double d = GetDouble();
      if (std::isnan(d)) return "NaN";
      if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
      return fmt::format("{}", d);
    }
    case TypeId::kNumeric: return decimal::ToString(GetInt128(), type_.scale());
    case TypeId::kVarchar: return GetString();
    case TypeId::kDate: return datetime::FormatDate(static_cast<int32_t>(GetInt64()));
    case TypeId::kTimestamp: return datetime::FormatTimestamp(GetInt64());
    case TypeId::kTimestampTz: return datetime::FormatTimestamp(GetInt64(), true);
  }
  return "?";
}

int Value::Compare(const Value& other) const {
  auto three_way = [](auto a, auto b) { return a < b ? -1 : (b < a ? 1 : 0); };
  switch (type_.physical()) {
    case PhysicalType::kBool: return three_way(GetBool(), other.GetBool());
    case PhysicalType::kInt16:
    case PhysicalType::kInt32:
    case PhysicalType::kInt64: return three_way(GetInt64(), other.GetInt64());
    case PhysicalType::kInt128: {
      int128_t a = GetInt128(), b = other.GetInt128();
      if (type_.scale() != other.type_.scale()) {
        int s = std::max(type_.scale(), other.type_.scale());
        auto ra = decimal::Rescale(a, type_.scale(), s), rb = decimal::Rescale(b, other.type_.scale(), s);
        if (ra.ok() && rb.ok()) return three_way(*ra, *rb);
      }
      return three_way(a, b);
    }
    case PhysicalType::kFloat:
    case PhysicalType::kDouble: {
      // PostgreSQL orders NaN above every number.
      double a = GetDouble(), b = other.GetDouble();
      if (std::isnan(a) || std::isnan(b)) return three_way(std::isnan(a), std::isnan(b));
      return three_way(a, b);
    }
    case PhysicalType::kString: {
      int c = GetString().compare(other.GetString());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
  }
  return 0;
}

}  // namespace tributary
