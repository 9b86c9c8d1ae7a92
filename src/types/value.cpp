#include "types/value.hpp"

#include <cmath>

#include "types/datetime.hpp"
#include "types/decimal.hpp"

namespace tributary {

namespace {

/// PostgreSQL's float output (12+): the shortest digits that round-trip, in
/// positional notation when the decimal exponent is in [-4, precision) and
/// in scientific notation otherwise (precision 15 for double precision, 6
/// for real), the exponent signed and at least two digits ("1e+15", "1e-05").
std::string PgFloatText(std::string text, int precision) {
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) text.erase(0, 1);
  int exponent = 0;
  if (size_t e = text.find_first_of("eE"); e != std::string::npos) {
    exponent = std::stoi(text.substr(e + 1));
    text.resize(e);
  }
  std::string digits = text;
  int point = static_cast<int>(text.size());
  if (size_t dot = text.find('.'); dot != std::string::npos) {
    digits = text.substr(0, dot) + text.substr(dot + 1);
    point = static_cast<int>(dot);
  }
  size_t leading = 0;
  while (leading + 1 < digits.size() && digits[leading] == '0') leading++;
  digits.erase(0, leading);
  point -= static_cast<int>(leading);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  if (digits == "0") return negative ? "-0" : "0";
  point += exponent;
  const int x = point - 1;  // exponent of the first digit
  std::string out;
  if (x < -4 || x >= precision) {
    out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    out += fmt::format("e{}{:02d}", x < 0 ? '-' : '+', x < 0 ? -x : x);
  } else if (point <= 0) {
    out = "0." + std::string(static_cast<size_t>(-point), '0') + digits;
  } else if (static_cast<size_t>(point) >= digits.size()) {
    out = digits + std::string(static_cast<size_t>(point) - digits.size(), '0');
  } else {
    out = digits.substr(0, static_cast<size_t>(point)) + "." + digits.substr(static_cast<size_t>(point));
  }
  return negative ? "-" + out : out;
}

}  // namespace

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
      return PgFloatText(fmt::format("{}", static_cast<float>(d)), 6);
    }
    case TypeId::kDouble: {
      double d = GetDouble();
      if (std::isnan(d)) return "NaN";
      if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
      return PgFloatText(fmt::format("{}", d), 15);
    }
    case TypeId::kNumeric: return decimal::ToString(GetInt128(), type_.scale());
    case TypeId::kVarchar: return GetString();
    case TypeId::kDate: return datetime::FormatDate(static_cast<int32_t>(GetInt64()));
    case TypeId::kTimestamp: return datetime::FormatTimestamp(GetInt64());
    case TypeId::kTimestampTz: return datetime::FormatTimestamp(GetInt64(), true);
    case TypeId::kInterval: return interval::Format(GetInterval());
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
    case PhysicalType::kInterval: return three_way(GetInterval(), other.GetInterval());
  }
  return 0;
}

}  // namespace tributary
