#include "parquet/schema_mapping.hpp"

#include "types/decimal.hpp"

namespace tributary::parquet {

namespace {

LogicalTypeAnnotation Annotation(LogicalTypeAnnotation::Kind kind) {
  LogicalTypeAnnotation a;
  a.kind = kind;
  return a;
}

}  // namespace

Result<SchemaElement> ToSchemaElement(const ColumnSpec& spec) {
  using Kind = LogicalTypeAnnotation::Kind;
  SchemaElement e;
  e.name = spec.name;
  e.repetition = spec.nullable ? Repetition::kOptional : Repetition::kRequired;
  if (spec.field_id >= 0) e.field_id = spec.field_id;
  const LogicalType& t = spec.type;
  switch (t.id()) {
    case TypeId::kBoolean: e.type = Type::kBoolean; break;
    case TypeId::kSmallInt: {
      e.type = Type::kInt32;
      auto a = Annotation(Kind::kInteger);
      a.bit_width = 16;
      a.is_signed = true;
      e.logical_type = a;
      e.converted_type = ConvertedType::kInt16;
      break;
    }
    case TypeId::kInteger: e.type = Type::kInt32; break;
    case TypeId::kBigInt: e.type = Type::kInt64; break;
    case TypeId::kReal: e.type = Type::kFloat; break;
    case TypeId::kDouble: e.type = Type::kDouble; break;
    case TypeId::kNumeric: {
      if (t.precision() <= 9) {
        e.type = Type::kInt32;
      } else if (t.precision() <= 18) {
        e.type = Type::kInt64;
      } else {
        e.type = Type::kFixedLenByteArray;
        e.type_length = decimal::BytesForPrecision(t.precision());
      }
      auto a = Annotation(Kind::kDecimal);
      a.precision = t.precision();
      a.scale = t.scale();
      e.logical_type = a;
      e.converted_type = ConvertedType::kDecimal;
      e.precision = t.precision();
      e.scale = t.scale();
      break;
    }
    case TypeId::kVarchar:
      e.type = Type::kByteArray;
      e.logical_type = Annotation(Kind::kString);
      e.converted_type = ConvertedType::kUtf8;
      break;
    case TypeId::kDate:
      e.type = Type::kInt32;
      e.logical_type = Annotation(Kind::kDate);
      e.converted_type = ConvertedType::kDate;
      break;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      e.type = Type::kInt64;
      auto a = Annotation(Kind::kTimestamp);
      a.is_adjusted_to_utc = t.id() == TypeId::kTimestampTz;
      a.unit = TimeUnit::kMicros;
      e.logical_type = a;
      // The legacy converted type means "adjusted to UTC"; only then is it exact.
      if (a.is_adjusted_to_utc) e.converted_type = ConvertedType::kTimestampMicros;
      break;
    }
    case TypeId::kNull:
    case TypeId::kInterval:
      return Status::NotSupported("column '{}': type {} cannot be stored in Parquet", spec.name, t.ToString());
  }
  return e;
}

Result<LeafColumn> FromSchemaElement(const SchemaElement& e) {
  using Kind = LogicalTypeAnnotation::Kind;
  LeafColumn col;
  col.spec.name = e.name;
  col.spec.field_id = e.field_id.value_or(-1);
  auto unsupported = [&](std::string_view what) {
    return Status::NotSupported("column '{}': {} is not supported", e.name, what);
  };
  if (e.num_children && *e.num_children > 0) return unsupported("a nested (group) column");
  if (!e.type) return Status::Corruption("column '{}': schema element has no physical type", e.name);
  Repetition rep = e.repetition.value_or(Repetition::kOptional);
  if (rep == Repetition::kRepeated) return unsupported("a repeated column");
  if (rep != Repetition::kRequired && rep != Repetition::kOptional) {
    return Status::Corruption("column '{}': repetition {} is invalid", e.name, static_cast<int>(rep));
  }
  col.spec.nullable = rep == Repetition::kOptional;
  col.physical = *e.type;

  // Normalise the annotation: prefer the logical type, fall back to the
  // legacy converted type.
  std::optional<LogicalTypeAnnotation> a = e.logical_type;
  if (!a && e.converted_type) {
    switch (*e.converted_type) {
      case ConvertedType::kUtf8: a = Annotation(Kind::kString); break;
      case ConvertedType::kEnum: a = Annotation(Kind::kEnum); break;
      case ConvertedType::kJson: a = Annotation(Kind::kJson); break;
      case ConvertedType::kDate: a = Annotation(Kind::kDate); break;
      case ConvertedType::kDecimal: {
        LogicalTypeAnnotation d = Annotation(Kind::kDecimal);
        if (!e.precision) return Status::Corruption("column '{}': DECIMAL without precision", e.name);
        d.precision = *e.precision;
        d.scale = e.scale.value_or(0);
        a = d;
        break;
      }
      case ConvertedType::kTimestampMillis:
      case ConvertedType::kTimestampMicros: {
        LogicalTypeAnnotation ts = Annotation(Kind::kTimestamp);
        ts.is_adjusted_to_utc = true;
        ts.unit = *e.converted_type == ConvertedType::kTimestampMillis ? TimeUnit::kMillis : TimeUnit::kMicros;
        a = ts;
        break;
      }
      case ConvertedType::kInt8:
      case ConvertedType::kInt16:
      case ConvertedType::kInt32:
      case ConvertedType::kInt64:
      case ConvertedType::kUint8:
      case ConvertedType::kUint16:
      case ConvertedType::kUint32:
      case ConvertedType::kUint64: {
        static constexpr int8_t kWidths[] = {8, 16, 32, 64};
        int c = static_cast<int>(*e.converted_type);
        bool is_signed = c >= static_cast<int>(ConvertedType::kInt8);
        LogicalTypeAnnotation i = Annotation(Kind::kInteger);
        i.is_signed = is_signed;
        i.bit_width = kWidths[c - (is_signed ? static_cast<int>(ConvertedType::kInt8) : static_cast<int>(ConvertedType::kUint8))];
        a = i;
        break;
      }
      default: return unsupported(fmt::format("converted type {}", ConvertedTypeName(*e.converted_type)));
    }
  }

  const Type p = *e.type;
  auto physical_mismatch = [&] {
    return unsupported(fmt::format("{} stored as {}", a->ToString(), TypeName(p)));
  };
  if (a) {
    switch (a->kind) {
      case Kind::kString:
      case Kind::kEnum:
      case Kind::kJson:
        if (p != Type::kByteArray) return physical_mismatch();
        col.spec.type = LogicalType::Varchar();
        col.conversion = Conversion::kString;
        col.unsigned_order = true;
        return col;
      case Kind::kDate:
        if (p != Type::kInt32) return physical_mismatch();
        col.spec.type = LogicalType::Date();
        return col;
      case Kind::kDecimal: {
        if (a->precision < 1 || a->precision > LogicalType::kMaxNumericPrecision) {
          return unsupported(fmt::format("DECIMAL precision {}", a->precision));
        }
        if (a->scale < 0 || a->scale > a->precision) {
          return Status::Corruption("column '{}': DECIMAL scale {} is invalid for precision {}", e.name, a->scale,
                                    a->precision);
        }
        col.spec.type = LogicalType::NumericUnchecked(a->precision, a->scale);
        switch (p) {
          case Type::kInt32: col.conversion = Conversion::kInt32ToInt128; return col;
          case Type::kInt64: col.conversion = Conversion::kInt64ToInt128; return col;
          case Type::kFixedLenByteArray:
            if (!e.type_length || *e.type_length < 1 || *e.type_length > 16) {
              return unsupported(fmt::format("DECIMAL in FIXED_LEN_BYTE_ARRAY of {} bytes", e.type_length.value_or(0)));
            }
            col.type_length = *e.type_length;
            col.conversion = Conversion::kFixedToInt128;
            return col;
          case Type::kByteArray: col.conversion = Conversion::kBinaryToInt128; return col;
          default: return physical_mismatch();
        }
      }
      case Kind::kTimestamp:
        if (p != Type::kInt64) return physical_mismatch();
        col.spec.type = a->is_adjusted_to_utc ? LogicalType::TimestampTz() : LogicalType::Timestamp();
        col.conversion = a->unit == TimeUnit::kMillis  ? Conversion::kMillisToMicros
                         : a->unit == TimeUnit::kNanos ? Conversion::kNanosToMicros
                                                       : Conversion::kNone;
        return col;
      case Kind::kInteger: {
        int w = a->bit_width;
        bool s = a->is_signed;
        if (p == Type::kInt32 && (w == 8 || w == 16) ) {
          col.spec.type = s || w == 8 ? LogicalType::SmallInt() : LogicalType::Integer();
          col.conversion = s || w == 8 ? Conversion::kInt32ToInt16 : Conversion::kNone;
          col.unsigned_order = !s;
          return col;
        }
        if (p == Type::kInt32 && w == 32) {
          col.spec.type = s ? LogicalType::Integer() : LogicalType::BigInt();
          col.conversion = s ? Conversion::kNone : Conversion::kUInt32ToInt64;
          col.unsigned_order = !s;
          return col;
        }
        if (p == Type::kInt64 && w == 64) {
          col.spec.type = s ? LogicalType::BigInt() : LogicalType::NumericUnchecked(20, 0);
          col.conversion = s ? Conversion::kNone : Conversion::kUInt64ToInt128;
          col.unsigned_order = !s;
          return col;
        }
        return unsupported(fmt::format("INT({},{}) stored as {}", w, s ? "signed" : "unsigned", TypeName(p)));
      }
      case Kind::kUnknown: break;  // the NULL type: fall through to the physical mapping
      default: return unsupported(fmt::format("logical type {}", a->ToString()));
    }
  }
  switch (p) {
    case Type::kBoolean: col.spec.type = LogicalType::Boolean(); return col;
    case Type::kInt32: col.spec.type = LogicalType::Integer(); return col;
    case Type::kInt64: col.spec.type = LogicalType::BigInt(); return col;
    case Type::kFloat: col.spec.type = LogicalType::Real(); return col;
    case Type::kDouble: col.spec.type = LogicalType::Double(); return col;
    case Type::kByteArray:
      // Unannotated binary: Tributary has no bytea type, and most such
      // columns are strings from writers that predate the UTF8 annotation.
      col.spec.type = LogicalType::Varchar();
      col.conversion = Conversion::kString;
      col.unsigned_order = true;
      return col;
    case Type::kInt96: return unsupported("INT96 (legacy timestamp)");
    case Type::kFixedLenByteArray: return unsupported("FIXED_LEN_BYTE_ARRAY without DECIMAL annotation");
  }
  return unsupported(fmt::format("physical type {}", static_cast<int>(p)));
}

}  // namespace tributary::parquet
