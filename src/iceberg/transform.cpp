#include "iceberg/transform.hpp"

#include <charconv>
#include <climits>

#include "iceberg/murmur3.hpp"
#include "iceberg/single_value.hpp"
#include "types/datetime.hpp"
#include "types/decimal.hpp"

namespace tributary::iceberg {

namespace {

constexpr int64_t kMicrosPerHour = 3600LL * datetime::kMicrosPerSecond;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  return q;
}

template <typename T>
T FloorMod(T v, T w) {
  return ((v % w) + w) % w;
}

bool IsIntegral(IcebergTypeId id) { return id == IcebergTypeId::kInt || id == IcebergTypeId::kLong; }
bool IsTemporal(IcebergTypeId id) {
  return id == IcebergTypeId::kDate || id == IcebergTypeId::kTimestamp || id == IcebergTypeId::kTimestampTz;
}

/// Days since the epoch of a date or timestamp value.
int32_t DaysOf(const Value& v) {
  if (v.type().id() == TypeId::kDate) return static_cast<int32_t>(v.GetInt64());
  return datetime::TimestampToDays(v.GetInt64());
}

/// UTF-8 prefix of at most `code_points` code points.
std::string TruncateUtf8(const std::string& s, int32_t code_points) {
  int32_t seen = 0;
  for (size_t i = 0; i < s.size(); i++) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (seen == code_points) return s.substr(0, i);
      seen++;
    }
  }
  return s;
}

/// The value just below / above `v` in its own domain, for tightening strict
/// range projections; nullopt when there is none (strings, limits).
std::optional<Value> Neighbour(const Value& v, int delta) {
  switch (v.type().physical()) {
    case PhysicalType::kInt16:
    case PhysicalType::kInt32:
    case PhysicalType::kInt64: {
      int64_t x = v.GetInt64();
      if ((delta < 0 && x == INT64_MIN) || (delta > 0 && x == INT64_MAX)) return std::nullopt;
      switch (v.type().id()) {
        case TypeId::kSmallInt:
          if (x + delta < INT16_MIN || x + delta > INT16_MAX) return std::nullopt;
          return Value::SmallInt(static_cast<int16_t>(x + delta));
        case TypeId::kInteger:
          if (x + delta < INT32_MIN || x + delta > INT32_MAX) return std::nullopt;
          return Value::Integer(static_cast<int32_t>(x + delta));
        case TypeId::kDate: return Value::Date(static_cast<int32_t>(x + delta));
        case TypeId::kTimestamp: return Value::Timestamp(x + delta);
        case TypeId::kTimestampTz: return Value::TimestampTz(x + delta);
        default: return Value::BigInt(x + delta);
      }
    }
    case PhysicalType::kInt128:
      return Value::Numeric(v.GetInt128() + delta, v.type().precision(), v.type().scale());
    default: return std::nullopt;
  }
}

}  // namespace

Result<Transform> Transform::Parse(std::string_view text) {
  if (text == "identity") return Identity();
  if (text == "year") return Year();
  if (text == "month") return Month();
  if (text == "day") return Day();
  if (text == "hour") return Hour();
  if (text == "void") return Void();
  auto param = [&](std::string_view prefix) -> std::optional<int32_t> {
    if (!text.starts_with(prefix) || !text.ends_with("]")) return std::nullopt;
    std::string_view digits = text.substr(prefix.size(), text.size() - prefix.size() - 1);
    int32_t n = 0;
    auto r = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (r.ec != std::errc() || r.ptr != digits.data() + digits.size() || n <= 0) return std::nullopt;
    return n;
  };
  if (auto n = param("bucket[")) return Bucket(*n);
  if (auto w = param("truncate[")) return Truncate(*w);
  return Status::Invalid("unknown partition transform '{}'", text);
}

std::string Transform::ToString() const {
  switch (kind_) {
    case TransformKind::kIdentity: return "identity";
    case TransformKind::kBucket: return fmt::format("bucket[{}]", param_);
    case TransformKind::kTruncate: return fmt::format("truncate[{}]", param_);
    case TransformKind::kYear: return "year";
    case TransformKind::kMonth: return "month";
    case TransformKind::kDay: return "day";
    case TransformKind::kHour: return "hour";
    case TransformKind::kVoid: return "void";
  }
  return "?";
}

std::string Transform::NameSuffix() const {
  switch (kind_) {
    case TransformKind::kIdentity: return "";
    case TransformKind::kBucket: return "bucket";
    case TransformKind::kTruncate: return "trunc";
    case TransformKind::kYear: return "year";
    case TransformKind::kMonth: return "month";
    case TransformKind::kDay: return "day";
    case TransformKind::kHour: return "hour";
    case TransformKind::kVoid: return "null";
  }
  return "";
}

bool Transform::PreservesOrder() const {
  return kind_ != TransformKind::kBucket && kind_ != TransformKind::kVoid;
}

Status Transform::CheckSource(const IcebergType& source) const {
  bool ok = false;
  switch (kind_) {
    case TransformKind::kIdentity:
    case TransformKind::kVoid: ok = true; break;
    case TransformKind::kBucket:
      ok = IsIntegral(source.id) || IsTemporal(source.id) || source.id == IcebergTypeId::kDecimal ||
           source.id == IcebergTypeId::kString;
      break;
    case TransformKind::kTruncate:
      ok = IsIntegral(source.id) || source.id == IcebergTypeId::kDecimal || source.id == IcebergTypeId::kString;
      break;
    case TransformKind::kYear:
    case TransformKind::kMonth:
    case TransformKind::kDay: ok = IsTemporal(source.id); break;
    case TransformKind::kHour:
      ok = source.id == IcebergTypeId::kTimestamp || source.id == IcebergTypeId::kTimestampTz;
      break;
  }
  if (!ok) return Status::Invalid("transform {} does not apply to type {}", ToString(), source.ToString());
  if (param_ <= 0 && (kind_ == TransformKind::kBucket || kind_ == TransformKind::kTruncate)) {
    return Status::Invalid("transform {} needs a positive parameter", ToString());
  }
  return Status::OK();
}

Result<IcebergType> Transform::ResultType(const IcebergType& source) const {
  TRIB_RETURN_NOT_OK(CheckSource(source));
  switch (kind_) {
    case TransformKind::kBucket:
    case TransformKind::kYear:
    case TransformKind::kMonth:
    case TransformKind::kHour: return IcebergType{IcebergTypeId::kInt};
    case TransformKind::kDay: return IcebergType{IcebergTypeId::kDate};
    default: return source;
  }
}

Result<LogicalType> Transform::ResultLogicalType(const LogicalType& source) const {
  TRIB_ASSIGN_OR_RETURN(IcebergType src, ToIcebergType(source));
  TRIB_ASSIGN_OR_RETURN(IcebergType result, ResultType(src));
  if (kind_ == TransformKind::kIdentity || kind_ == TransformKind::kTruncate || kind_ == TransformKind::kVoid) {
    return source;
  }
  return DefaultLogicalType(result);
}

Result<int32_t> BucketHash(const Value& value) {
  if (value.is_null()) return Status::Invalid("NULL has no bucket hash");
  switch (value.type().physical()) {
    case PhysicalType::kInt16:
    case PhysicalType::kInt32:
    case PhysicalType::kInt64: {
      int64_t v = value.GetInt64();
      uint8_t bytes[8];
      for (int i = 0; i < 8; i++) bytes[i] = static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * i));
      return Murmur3Hash32(bytes, 8);
    }
    case PhysicalType::kInt128: {
      TRIB_ASSIGN_OR_RETURN(IcebergType t, ToIcebergType(value.type()));
      TRIB_ASSIGN_OR_RETURN(std::string bytes, SerializeSingleValue(value, t));
      return Murmur3Hash32(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    }
    case PhysicalType::kString: {
      const std::string& s = value.GetString();
      return Murmur3Hash32(reinterpret_cast<const uint8_t*>(s.data()), s.size());
    }
    default: break;
  }
  return Status::Invalid("values of type {} cannot be bucketed", value.type().ToString());
}

Result<Value> Transform::Apply(const Value& value) const {
  TRIB_ASSIGN_OR_RETURN(LogicalType result_type, ResultLogicalType(value.type()));
  if (value.is_null() || kind_ == TransformKind::kVoid) return Value::Null(result_type);
  switch (kind_) {
    case TransformKind::kIdentity: return value;
    case TransformKind::kBucket: {
      TRIB_ASSIGN_OR_RETURN(int32_t hash, BucketHash(value));
      return Value::Integer((hash & INT32_MAX) % param_);
    }
    case TransformKind::kTruncate: {
      const LogicalType& t = value.type();
      switch (t.id()) {
        case TypeId::kSmallInt: {
          int64_t v = value.GetInt64();
          return Value::SmallInt(static_cast<int16_t>(v - FloorMod<int64_t>(v, param_)));
        }
        case TypeId::kInteger: {
          int64_t v = value.GetInt64();
          return Value::Integer(static_cast<int32_t>(v - FloorMod<int64_t>(v, param_)));
        }
        case TypeId::kBigInt: {
          int64_t v = value.GetInt64();
          return Value::BigInt(v - FloorMod<int64_t>(v, param_));
        }
        case TypeId::kNumeric: {
          int128_t v = value.GetInt128();
          return Value::Numeric(v - FloorMod<int128_t>(v, param_), t.precision(), t.scale());
        }
        case TypeId::kVarchar: return Value::Varchar(TruncateUtf8(value.GetString(), param_));
        default: break;
      }
      return Status::Invalid("truncate does not apply to {}", t.ToString());
    }
    case TransformKind::kYear: return Value::Integer(datetime::CivilFromDays(DaysOf(value)).year - 1970);
    case TransformKind::kMonth: {
      auto c = datetime::CivilFromDays(DaysOf(value));
      return Value::Integer((c.year - 1970) * 12 + static_cast<int32_t>(c.month) - 1);
    }
    case TransformKind::kDay: return Value::Date(DaysOf(value));
    case TransformKind::kHour: return Value::Integer(static_cast<int32_t>(FloorDiv(value.GetInt64(), kMicrosPerHour)));
    case TransformKind::kVoid: break;
  }
  return Value::Null(result_type);
}

std::string Transform::ToHumanString(const Value& v) const {
  if (v.is_null()) return "null";
  switch (kind_) {
    case TransformKind::kYear: return fmt::format("{:04d}", 1970 + v.GetInt64());
    case TransformKind::kMonth: {
      int64_t m = v.GetInt64();
      return fmt::format("{:04d}-{:02d}", 1970 + FloorDiv(m, 12), FloorMod<int64_t>(m, 12) + 1);
    }
    case TransformKind::kDay: return datetime::FormatDate(static_cast<int32_t>(v.GetInt64()));
    case TransformKind::kHour: {
      int64_t h = v.GetInt64();
      int32_t days = static_cast<int32_t>(FloorDiv(h, 24));
      return fmt::format("{}-{:02d}", datetime::FormatDate(days), FloorMod<int64_t>(h, 24));
    }
    default: break;
  }
  switch (v.type().id()) {
    case TypeId::kBoolean: return v.GetBool() ? "true" : "false";
    case TypeId::kTimestamp: {
      std::string s = datetime::FormatTimestamp(v.GetInt64());
      if (s.size() > 10 && s[10] == ' ') s[10] = 'T';
      return s;
    }
    case TypeId::kTimestampTz: {
      std::string s = datetime::FormatTimestamp(v.GetInt64());
      if (s.size() > 10 && s[10] == ' ') s[10] = 'T';
      return s + "+00:00";
    }
    default: return v.ToString();
  }
}

std::optional<ColumnPredicate> Transform::Project(const ColumnPredicate& pred, int32_t partition_field_id) const {
  using Op = ColumnPredicate::Op;
  ColumnPredicate out;
  out.column = partition_field_id;
  out.op = pred.op;
  if (pred.op == Op::kIsNull || pred.op == Op::kIsNotNull) {
    // Every transform but void maps NULL, and only NULL, to NULL.
    if (kind_ == TransformKind::kVoid) return std::nullopt;
    return out;
  }
  if (kind_ == TransformKind::kVoid) return std::nullopt;
  for (const Value& v : pred.values) {
    if (v.is_null() && pred.op != Op::kIn) return std::nullopt;
  }
  auto apply = [&](const Value& v) -> std::optional<Value> {
    auto r = Apply(v);
    if (!r.ok()) return std::nullopt;
    return *r;
  };
  if (pred.op == Op::kEq || pred.op == Op::kIn) {
    for (const Value& v : pred.values) {
      if (v.is_null()) continue;
      auto t = apply(v);
      if (!t) return std::nullopt;
      out.values.push_back(*t);
    }
    if (out.values.empty()) return std::nullopt;
    return out;
  }
  if (!PreservesOrder() || pred.values.empty()) return std::nullopt;
  if (kind_ == TransformKind::kIdentity) {
    out.values = pred.values;
    return out;
  }
  // A monotonic transform: x < v implies T(x) <= T(v - 1) (T(v) when v has no
  // predecessor), x > v implies T(x) >= T(v + 1).
  Value bound = pred.values[0];
  switch (pred.op) {
    case Op::kLt:
      if (auto n = Neighbour(bound, -1)) bound = *n;
      out.op = Op::kLe;
      break;
    case Op::kGt:
      if (auto n = Neighbour(bound, +1)) bound = *n;
      out.op = Op::kGe;
      break;
    case Op::kLe:
    case Op::kGe: break;
    default: return std::nullopt;
  }
  auto t = apply(bound);
  if (!t) return std::nullopt;
  out.values = {*t};
  return out;
}

}  // namespace tributary::iceberg
