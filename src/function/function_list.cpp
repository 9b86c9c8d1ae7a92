#include "function/builtin_kernels.hpp"

namespace tributary::sql {

namespace {

LogicalType Text(const std::vector<LogicalType>&) { return LogicalType::Varchar(); }
LogicalType Int(const std::vector<LogicalType>&) { return LogicalType::Integer(); }
LogicalType SameAsFirst(const std::vector<LogicalType>& a) { return a[0]; }
LogicalType SameAsSecond(const std::vector<LogicalType>& a) { return a[1]; }
LogicalType TimestampTz(const std::vector<LogicalType>&) { return LogicalType::TimestampTz(); }
LogicalType Numeric0(const std::vector<LogicalType>&) { return LogicalType::NumericUnchecked(38, 0); }
LogicalType Numeric6(const std::vector<LogicalType>&) { return LogicalType::NumericUnchecked(38, 6); }
LogicalType NumericRound(const std::vector<LogicalType>&) { return LogicalType::NumericUnchecked(38, 0); }
LogicalType Double(const std::vector<LogicalType>&) { return LogicalType::Double(); }
LogicalType Bool(const std::vector<LogicalType>&) { return LogicalType::Boolean(); }
LogicalType DateType(const std::vector<LogicalType>&) { return LogicalType::Date(); }
LogicalType IntervalType(const std::vector<LogicalType>&) { return LogicalType::Interval(); }

constexpr TypeId kText = TypeId::kVarchar;
constexpr TypeId kInt = TypeId::kInteger;

}  // namespace

const std::vector<ScalarFunction>& BuiltinScalarFunctions() {
  static const std::vector<ScalarFunction> kFunctions = {
      {"lower", {kText}, Text, LowerKernel},
      {"upper", {kText}, Text, UpperKernel},
      {"length", {kText}, Int, LengthKernel},
      {"char_length", {kText}, Int, LengthKernel},
      {"substring", {kText, kInt, kInt}, Text, SubstringKernel},
      {"substring", {kText, kInt}, Text, SubstringFromKernel},
      {"substr", {kText, kInt, kInt}, Text, SubstringKernel},
      {"substr", {kText, kInt}, Text, SubstringFromKernel},
      {"replace", {kText, kText, kText}, Text, ReplaceKernel},
      {"strpos", {kText, kText}, Int, StrposKernel},
      {"position", {kText, kText}, Int, StrposKernel},
      {"btrim", {kText}, Text, BtrimKernel},
      {"ltrim", {kText}, Text, LtrimKernel},
      {"rtrim", {kText}, Text, RtrimKernel},
      {"btrim", {kText, kText}, Text, BtrimKernel},
      {"ltrim", {kText, kText}, Text, LtrimKernel},
      {"rtrim", {kText, kText}, Text, RtrimKernel},
      {"date_trunc", {kText, TypeId::kTimestamp}, SameAsSecond, DateTruncKernel},
      {"date_trunc", {kText, TypeId::kTimestampTz}, TimestampTz, DateTruncKernel},
      {"extract", {kText, TypeId::kDate}, Numeric0, ExtractDateKernel},
      {"extract", {kText, TypeId::kTimestamp}, Numeric6, ExtractTimestampKernel},
      {"extract", {kText, TypeId::kTimestampTz}, Numeric6, ExtractTimestampKernel},
      {"extract", {kText, TypeId::kInterval}, Numeric6, ExtractIntervalKernel},
      {"date_part", {kText, TypeId::kTimestamp}, Double, DatePartKernel},
      {"date_part", {kText, TypeId::kTimestampTz}, Double, DatePartKernel},
      {"date_part", {kText, TypeId::kInterval}, Double, DatePartIntervalKernel},
      {"make_date", {kInt, kInt, kInt}, DateType, MakeDateKernel},
      {"age", {TypeId::kTimestamp, TypeId::kTimestamp}, IntervalType, AgeKernel},
      {"age", {TypeId::kTimestampTz, TypeId::kTimestampTz}, IntervalType, AgeKernel},
      {"to_char", {TypeId::kTimestamp, kText}, Text, ToCharTimestampKernel},
      {"to_char", {TypeId::kTimestampTz, kText}, Text, ToCharTimestampKernel},
      {"to_char", {TypeId::kNumeric, kText}, Text, ToCharNumericKernel},
      {"to_char", {TypeId::kDouble, kText}, Text, ToCharDoubleKernel},
      {"abs", {TypeId::kSmallInt}, SameAsFirst, AbsKernel},
      {"abs", {kInt}, SameAsFirst, AbsKernel},
      {"abs", {TypeId::kBigInt}, SameAsFirst, AbsKernel},
      {"abs", {TypeId::kNumeric}, SameAsFirst, AbsKernel},
      {"abs", {TypeId::kDouble}, SameAsFirst, AbsKernel},
      {"round", {TypeId::kNumeric}, NumericRound, RoundNumericKernel},
      {"round", {TypeId::kNumeric, kInt}, SameAsFirst, RoundNumericKernel},
      {"round", {TypeId::kDouble}, Double, RoundDoubleKernel},
      {"split_part", {kText, kText, kInt}, Text, SplitPartKernel},
      {"concat", {kText}, Text, ConcatKernel, false, true},
      {"concat_ws", {kText, kText}, Text, ConcatWsKernel, false, true},
      {"left", {kText, kInt}, Text, LeftKernel},
      {"right", {kText, kInt}, Text, RightKernel},
      {"lpad", {kText, kInt}, Text, LpadKernel},
      {"lpad", {kText, kInt, kText}, Text, LpadKernel},
      {"rpad", {kText, kInt}, Text, RpadKernel},
      {"rpad", {kText, kInt, kText}, Text, RpadKernel},
      {"repeat", {kText, kInt}, Text, RepeatKernel},
      {"reverse", {kText}, Text, ReverseKernel},
      {"initcap", {kText}, Text, InitcapKernel},
      {"starts_with", {kText, kText}, Bool, StartsWithKernel},
      {"ascii", {kText}, Int, AsciiKernel},
      {"chr", {kInt}, Text, ChrKernel},
      {"ceil", {TypeId::kNumeric}, Numeric0, CeilKernel},
      {"ceil", {TypeId::kDouble}, Double, CeilKernel},
      {"ceiling", {TypeId::kNumeric}, Numeric0, CeilKernel},
      {"ceiling", {TypeId::kDouble}, Double, CeilKernel},
      {"floor", {TypeId::kNumeric}, Numeric0, FloorKernel},
      {"floor", {TypeId::kDouble}, Double, FloorKernel},
      {"trunc", {TypeId::kNumeric}, Numeric0, TruncKernel},
      {"trunc", {TypeId::kNumeric, kInt}, SameAsFirst, TruncKernel},
      {"trunc", {TypeId::kDouble}, Double, TruncKernel},
      {"sign", {TypeId::kNumeric}, Numeric0, SignKernel},
      {"sign", {TypeId::kDouble}, Double, SignKernel},
      {"sqrt", {TypeId::kDouble}, Double, SqrtKernel},
      {"cbrt", {TypeId::kDouble}, Double, CbrtKernel},
      {"exp", {TypeId::kDouble}, Double, ExpKernel},
      {"ln", {TypeId::kDouble}, Double, LnKernel},
      {"log", {TypeId::kDouble}, Double, Log10Kernel},
      {"log10", {TypeId::kDouble}, Double, Log10Kernel},
      {"power", {TypeId::kDouble, TypeId::kDouble}, Double, PowerKernel},
      {"pow", {TypeId::kDouble, TypeId::kDouble}, Double, PowerKernel},
      {"mod", {TypeId::kSmallInt, TypeId::kSmallInt}, SameAsFirst, ModKernel},
      {"mod", {kInt, kInt}, SameAsFirst, ModKernel},
      {"mod", {TypeId::kBigInt, TypeId::kBigInt}, SameAsFirst, ModKernel},
      {"pi", {}, Double, PiKernel},
      {"degrees", {TypeId::kDouble}, Double, DegreesKernel},
      {"radians", {TypeId::kDouble}, Double, RadiansKernel},
      {"array_to_string", {kText, kText}, Text, ArrayToStringKernel},
      {"array_position", {kText, kText}, Int, ArrayPositionKernel},
      {"array_upper", {kText, kInt}, Int, ArrayUpperKernel},
      {"array_lower", {kText, kInt}, Int, ArrayLowerKernel},
      {"array_length", {kText, kInt}, Int, ArrayUpperKernel},
      {"cardinality", {kText}, Int, CardinalityKernel},
      {"array_element_text", {kText}, Text, ArrayElementTextKernel, false},
      {"regexp_like", {kText, kText}, Bool, RegexpLikeKernel},
      {"regexp_like", {kText, kText, kText}, Bool, RegexpLikeKernel},
      {"version", {}, Text, VersionKernel},
      {"format_type", {kInt, kInt}, Text, FormatTypeKernel, false},
      {"pg_encoding_to_char", {kInt}, Text, EncodingToCharKernel},
      {"pg_size_pretty", {TypeId::kBigInt}, Text, SizePrettyKernel},
      {"pg_get_expr", {kText, kInt}, Text, PgGetExprKernel},
      {"pg_get_expr", {kText, kInt, TypeId::kBoolean}, Text, PgGetExprKernel},
  };
  return kFunctions;
}

bool IsScalarFunctionName(const std::string& name) {
  for (const auto& f : BuiltinScalarFunctions()) {
    if (f.name == name) return true;
  }
  return false;
}

}  // namespace tributary::sql
