// Functions PostgreSQL clients call on the system catalogs: version(),
// format_type(type oid, typmod), pg_encoding_to_char(encoding),
// pg_get_expr(expression, relation [, pretty]).
#include <iterator>

#include "function/builtin_kernels.hpp"

namespace tributary::sql {

namespace {

/// PostgreSQL's format_type for the types Tributary has (and the catalogs' own).
std::string FormatType(int64_t oid, int64_t typmod) {
  auto with_length = [&](const char* name) {
    return typmod >= 4 ? std::string(name) + "(" + std::to_string(typmod - 4) + ")" : std::string(name);
  };
  switch (oid) {
    case 16: return "boolean";
    case 18: return "\"char\"";
    case 19: return "name";
    case 20: return "bigint";
    case 21: return "smallint";
    case 23: return "integer";
    case 25: return "text";
    case 26: return "oid";
    case 700: return "real";
    case 701: return "double precision";
    case 1043: return with_length("character varying");
    case 1082: return "date";
    case 1114: return "timestamp without time zone";
    case 1184: return "timestamp with time zone";
    case 1186: return "interval";
    case 1700:
      if (typmod < 4) return "numeric";
      return "numeric(" + std::to_string(((typmod - 4) >> 16) & 0xffff) + "," + std::to_string((typmod - 4) & 0xffff) + ")";
    default: return "???";
  }
}

}  // namespace

void VersionKernel(const std::vector<Vector>&, size_t count, Vector* out) {
  for (size_t i = 0; i < count; i++) out->SetString(i, kServerVersionString);
}

void FormatTypeKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  for (size_t i = 0; i < count; i++) {
    if (args[0].IsNull(i)) {
      out->SetNull(i);
      continue;
    }
    out->SetNull(i, false);
    int64_t typmod = args[1].IsNull(i) ? -1 : args[1].GetValue(i).GetInt64();
    out->SetString(i, FormatType(args[0].GetValue(i).GetInt64(), typmod));
  }
}

void SizePrettyKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  // PostgreSQL's pg_size_pretty(bigint): bytes below 10 kB, then each unit
  // while the value stays below 20 of it, rounded half away from zero.
  const int64_t* sizes = args[0].data<int64_t>();
  constexpr int64_t kLimit = 10 * 1024;
  constexpr int64_t kLimit2 = kLimit * 2 - 1;
  auto half_rounded = [](int64_t x) { return (x + (x < 0 ? -1 : 1)) / 2; };
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    int64_t size = sizes[i];
    if ((size < 0 ? -size : size) < kLimit) {
      out->SetString(i, std::to_string(size) + " bytes");
      continue;
    }
    size >>= 9;  // half-kB: one extra bit for rounding
    const char* units[] = {"kB", "MB", "GB", "TB", "PB"};
    size_t unit = 0;
    while (unit + 1 < std::size(units) && (size < 0 ? -size : size) >= kLimit2) {
      size >>= 10;
      unit++;
    }
    out->SetString(i, std::to_string(half_rounded(size)) + " " + units[unit]);
  }
}

void EncodingToCharKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const int32_t* encodings = args[0].data<int32_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    out->SetString(i, encodings[i] == 6 ? "UTF8" : encodings[i] == 0 ? "SQL_ASCII" : "");
  }
}

void PgGetExprKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  // The catalogs keep expressions as their SQL text, which is what pg_get_expr shows.
  const StringRef* text = args[0].data<StringRef>();
  for (size_t i = 0; i < count; i++) {
    if (!out->IsNull(i)) out->SetString(i, text[i].view());
  }
}

}  // namespace tributary::sql
