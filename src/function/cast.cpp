#include "function/cast.hpp"

#include <cmath>
#include <fmt/format.h>

#include "parser/sql_error.hpp"
#include "types/datetime.hpp"
#include "types/decimal.hpp"
#include "types/interval.hpp"

namespace tributary::sql {

namespace {

bool IsText(const LogicalType& t) { return t.id() == TypeId::kVarchar; }

[[noreturn]] void OutOfRange(const LogicalType& to) {
  if (to.id() == TypeId::kNumeric) throw SqlError("numeric field overflow", "22003");
  throw SqlError(to.ToString() + " out of range", "22003");
}

[[noreturn]] void InvalidText(const LogicalType& to, std::string_view text) {
  std::string name = to.ToString();
  if (to.id() == TypeId::kDouble) name = "double precision";
  throw SqlError("invalid input syntax for type " + name + ": \"" + std::string(text) + "\"",
                 to.is_temporal() ? "22007" : "22P02");
}

/// A date or timestamp that does not parse: 22008 when the text names a day
/// or time of day that does not exist ("2024-02-30", "25:00"), else 22007.
[[noreturn]] void DateTimeError(const LogicalType& to, std::string_view text, const Status& a, const Status& b) {
  if (a.code() == StatusCode::kOutOfRange || b.code() == StatusCode::kOutOfRange) {
    throw SqlError("date/time field value out of range: \"" + std::string(text) + "\"", "22008");
  }
  InvalidText(to, text);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

int64_t IntegerBound(TypeId id, bool max) {
  switch (id) {
    case TypeId::kSmallInt: return max ? INT16_MAX : INT16_MIN;
    case TypeId::kInteger: return max ? INT32_MAX : INT32_MIN;
    default: return max ? INT64_MAX : INT64_MIN;
  }
}

/// A source value in one of a few carrier forms.
struct Carrier {
  enum Kind { kInt, kNumeric, kDouble, kText, kBool } kind;
  int64_t i = 0;
  int128_t n = 0;  // with `scale`
  int scale = 0;
  double d = 0;
  std::string_view s;
  bool b = false;
};

Carrier Read(const Vector& in, size_t row) {
  Carrier c{};
  const LogicalType& t = in.type();
  switch (t.physical()) {
    case PhysicalType::kBool: c.kind = Carrier::kBool; c.b = in.data<uint8_t>()[row] != 0; break;
    case PhysicalType::kInt16: c.kind = Carrier::kInt; c.i = in.data<int16_t>()[row]; break;
    case PhysicalType::kInt32: c.kind = Carrier::kInt; c.i = in.data<int32_t>()[row]; break;
    case PhysicalType::kInt64: c.kind = Carrier::kInt; c.i = in.data<int64_t>()[row]; break;
    case PhysicalType::kInt128: c.kind = Carrier::kNumeric; c.n = in.data<int128_t>()[row]; c.scale = t.scale(); break;
    case PhysicalType::kFloat: c.kind = Carrier::kDouble; c.d = in.data<float>()[row]; break;
    case PhysicalType::kDouble: c.kind = Carrier::kDouble; c.d = in.data<double>()[row]; break;
    case PhysicalType::kString: c.kind = Carrier::kText; c.s = in.data<StringRef>()[row].view(); break;
    case PhysicalType::kInterval: throw InternalError("no carrier for an interval");
  }
  return c;
}

int64_t ToInteger(const Carrier& c, const LogicalType& to) {
  int64_t v = 0;
  switch (c.kind) {
    case Carrier::kInt: v = c.i; break;
    case Carrier::kBool: v = c.b ? 1 : 0; break;
    case Carrier::kNumeric: {
      int128_t p = decimal::PowerOfTen(c.scale);
      int128_t q = c.n / p, r = c.n % p;
      if (2 * (r < 0 ? -r : r) >= p && p > 1) q += c.n < 0 ? -1 : 1;
      if (q > INT64_MAX || q < INT64_MIN) OutOfRange(to);
      v = static_cast<int64_t>(q);
      break;
    }
    case Carrier::kDouble: {
      double r = std::nearbyint(c.d);
      if (std::isnan(r) || r < -9.2233720368547758e18 || r >= 9.2233720368547758e18) OutOfRange(to);
      v = static_cast<int64_t>(r);
      break;
    }
    case Carrier::kText: {
      std::string text(Trim(c.s));
      errno = 0;
      char* end = nullptr;
      long long parsed = std::strtoll(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0') InvalidText(to, c.s);
      if (errno == ERANGE) {
        throw SqlError("value \"" + text + "\" is out of range for type " + to.ToString(), "22003");
      }
      v = parsed;
      if (v < IntegerBound(to.id(), false) || v > IntegerBound(to.id(), true)) {
        throw SqlError("value \"" + text + "\" is out of range for type " + to.ToString(), "22003");
      }
      break;
    }
  }
  if (v < IntegerBound(to.id(), false) || v > IntegerBound(to.id(), true)) OutOfRange(to);
  return v;
}

int128_t ToNumeric(const Carrier& c, const LogicalType& to) {
  switch (c.kind) {
    case Carrier::kInt:
    case Carrier::kBool: {
      int128_t v = int128_t{c.kind == Carrier::kBool ? (c.b ? 1 : 0) : c.i} * decimal::PowerOfTen(to.scale());
      if (!decimal::FitsPrecision(v, to.precision())) OutOfRange(to);
      return v;
    }
    case Carrier::kNumeric: {
      auto v = decimal::Rescale(c.n, c.scale, to.scale());
      if (!v.ok() || !decimal::FitsPrecision(*v, to.precision())) OutOfRange(to);
      return *v;
    }
    case Carrier::kDouble: {
      if (!std::isfinite(c.d)) throw SqlError("cannot convert infinity or NaN to numeric", "0A000");
      auto v = decimal::Parse(fmt::format("{}", c.d), to.precision(), to.scale());
      if (!v.ok()) OutOfRange(to);
      return *v;
    }
    case Carrier::kText: {
      auto v = decimal::Parse(Trim(c.s), to.precision(), to.scale());
      if (!v.ok()) {
        if (v.status().message().find("overflow") != std::string::npos ||
            v.status().message().find("precision") != std::string::npos) {
          OutOfRange(to);
        }
        InvalidText(to, c.s);
      }
      return *v;
    }
  }
  return 0;
}

double ToDouble(const Carrier& c, const LogicalType& to) {
  switch (c.kind) {
    case Carrier::kInt: return static_cast<double>(c.i);
    case Carrier::kBool: return c.b ? 1 : 0;
    case Carrier::kNumeric: return decimal::ToDouble(c.n, c.scale);
    case Carrier::kDouble: return c.d;
    case Carrier::kText: {
      std::string text(Trim(c.s));
      std::string lower = text;
      for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (lower == "nan") return NAN;
      if (lower == "infinity" || lower == "+infinity" || lower == "inf") return INFINITY;
      if (lower == "-infinity" || lower == "-inf") return -INFINITY;
      char* end = nullptr;
      double v = std::strtod(text.c_str(), &end);
      if (text.empty() || *end != '\0') InvalidText(to, c.s);
      return v;
    }
  }
  return 0;
}

bool ToBool(const Carrier& c, const LogicalType& to) {
  if (c.kind == Carrier::kInt) return c.i != 0;
  if (c.kind == Carrier::kBool) return c.b;
  std::string t(Trim(c.s));
  for (char& ch : t) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (t == "t" || t == "true" || t == "yes" || t == "y" || t == "on" || t == "1") return true;
  if (t == "f" || t == "false" || t == "no" || t == "n" || t == "off" || t == "0") return false;
  throw SqlError("invalid input syntax for type boolean: \"" + std::string(c.s) + "\"", "22P02");
}

}  // namespace

bool CastExists(const LogicalType& from, const LogicalType& to) {
  if (from.id() == TypeId::kNull || from.id() == to.id() || IsText(from) || IsText(to)) return true;
  if (from.is_numeric() && to.is_numeric()) return true;
  if (from.is_temporal() && to.is_temporal()) return true;
  if (from.id() == TypeId::kInterval || to.id() == TypeId::kInterval) return false;  // only to/from text
  if (from.id() == TypeId::kBoolean) return to.id() == TypeId::kInteger;
  if (to.id() == TypeId::kBoolean) return from.id() == TypeId::kInteger;
  return false;
}

void CastVector(const Vector& in, size_t count, Vector* out, bool explicit_cast) {
  const LogicalType& from = in.type();
  const LogicalType& to = out->type();
  for (size_t i = 0; i < count; i++) {
    if (in.IsNull(i)) {
      out->SetNull(i);
      continue;
    }
    if (from.id() == TypeId::kNull) {
      out->SetNull(i);
      continue;
    }
    switch (to.id()) {
      case TypeId::kBoolean: out->data<uint8_t>()[i] = ToBool(Read(in, i), to); break;
      case TypeId::kSmallInt: out->data<int16_t>()[i] = static_cast<int16_t>(ToInteger(Read(in, i), to)); break;
      case TypeId::kInteger: out->data<int32_t>()[i] = static_cast<int32_t>(ToInteger(Read(in, i), to)); break;
      case TypeId::kBigInt: out->data<int64_t>()[i] = ToInteger(Read(in, i), to); break;
      case TypeId::kNumeric: out->data<int128_t>()[i] = ToNumeric(Read(in, i), to); break;
      case TypeId::kReal: {
        double d = ToDouble(Read(in, i), to);
        if (std::isfinite(d) && std::fabs(d) > 3.4028234663852886e38) OutOfRange(to);
        out->data<float>()[i] = static_cast<float>(d);
        break;
      }
      case TypeId::kDouble: out->data<double>()[i] = ToDouble(Read(in, i), to); break;
      case TypeId::kVarchar: {
        std::string text = IsText(from) ? std::string(in.data<StringRef>()[i].view()) : in.GetValue(i).ToString();
        // boolean's text cast spells the value out; only its output form is t/f.
        if (from.id() == TypeId::kBoolean) text = in.data<uint8_t>()[i] != 0 ? "true" : "false";
        if (to.max_length() >= 0) {
          // Length in characters.
          size_t chars = 0, cut = text.size();
          for (size_t b = 0; b < text.size(); b++) {
            if ((static_cast<unsigned char>(text[b]) & 0xC0) != 0x80) {
              if (chars == static_cast<size_t>(to.max_length())) {
                cut = b;
                break;
              }
              chars++;
            }
          }
          if (cut < text.size()) {
            // As in PostgreSQL, excess trailing spaces are cut without an error.
            if (!explicit_cast && text.find_first_not_of(' ', cut) != std::string::npos) {
              throw SqlError("value too long for type character varying(" + std::to_string(to.max_length()) + ")",
                             "22001");
            }
            text.resize(cut);
          }
        }
        out->SetString(i, text);
        break;
      }
      case TypeId::kDate: {
        if (IsText(from)) {
          auto d = datetime::ParseDate(Trim(in.data<StringRef>()[i].view()));
          if (!d.ok()) {
            auto ts = datetime::ParseTimestamp(Trim(in.data<StringRef>()[i].view()));
            if (!ts.ok()) DateTimeError(to, in.data<StringRef>()[i].view(), d.status(), ts.status());
            out->data<int32_t>()[i] = datetime::TimestampToDays(*ts);
          } else {
            out->data<int32_t>()[i] = *d;
          }
        } else if (from.id() == TypeId::kDate) {
          out->data<int32_t>()[i] = in.data<int32_t>()[i];
        } else {
          out->data<int32_t>()[i] = datetime::TimestampToDays(in.data<int64_t>()[i]);
        }
        break;
      }
      case TypeId::kTimestamp:
      case TypeId::kTimestampTz: {
        if (IsText(from)) {
          auto ts = datetime::ParseTimestamp(Trim(in.data<StringRef>()[i].view()));
          if (!ts.ok()) DateTimeError(to, in.data<StringRef>()[i].view(), ts.status(), ts.status());
          out->data<int64_t>()[i] = *ts;
        } else if (from.id() == TypeId::kDate) {
          out->data<int64_t>()[i] = int64_t{in.data<int32_t>()[i]} * datetime::kMicrosPerDay;
        } else {
          out->data<int64_t>()[i] = in.data<int64_t>()[i];
        }
        break;
      }
      case TypeId::kInterval: {
        if (IsText(from)) {
          std::string_view text = in.data<StringRef>()[i].view();
          auto v = interval::Parse(text);
          if (!v.ok()) {
            if (v.status().code() == StatusCode::kOutOfRange) {
              throw SqlError("interval field value out of range: \"" + std::string(text) + "\"", "22015");
            }
            throw SqlError("invalid input syntax for type interval: \"" + std::string(text) + "\"", "22007");
          }
          out->data<interval_t>()[i] = *v;
        } else {
          out->data<interval_t>()[i] = in.data<interval_t>()[i];
        }
        break;
      }
      case TypeId::kNull: out->SetNull(i); break;
    }
  }
}

Value CastValue(const Value& value, const LogicalType& to, bool explicit_cast) {
  Vector in(value.type().id() == TypeId::kNull ? LogicalType::Integer() : value.type(), 1);
  if (value.is_null()) {
    return Value::Null(to);
  }
  in.SetValue(0, value);
  Vector out(to, 1);
  CastVector(in, 1, &out, explicit_cast);
  return out.GetValue(0);
}

}  // namespace tributary::sql
