// Drives Tributary's Parquet writer and reader for the DuckDB interop test
// (tests/interop/duckdb_interop.mjs):
//
//   parquet_interop_tool write DIR [ROWS]
//                                    writes ours_*.parquet (ROWS rows, 3000 by
//                                    default) covering every SQL type x null
//                                    pattern x encoding choice x codec, each
//                                    with <name>.expected.json
//   parquet_interop_tool read FILE   prints the file's rows, canonically
//   parquet_interop_tool v2 IN OUT   rewrites every version-1 data page of a
//                                    flat file as DATA_PAGE_V2 (levels moved
//                                    out of the compressed section), so the
//                                    reader's v2 path meets files DuckDB can
//                                    check; no writer we test against emits them
//   parquet_interop_tool pages FILE  prints, per column, the codecs, the
//                                    footer's encodings and the page types and
//                                    encodings found by walking the pages
//
// Canonical values (shared by expected files and `read`) are JSON strings or
// null: booleans "true"/"false"; integers in decimal; DATE as days and
// TIMESTAMP[TZ] as microseconds since 1970-01-01; NUMERIC as its exact decimal
// text with `scale` digits; REAL/DOUBLE as the shortest text that parses back
// to the same double ("NaN", "Infinity", "-Infinity", "-0"); strings as is.
// Exit status is non-zero with a message on stderr on any failure.

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "parquet/codec.hpp"
#include "parquet/parquet_metadata.hpp"
#include "parquet/parquet_reader.hpp"
#include "parquet/parquet_writer.hpp"
#include "parquet/rle_bitpacking.hpp"
#include "types/datetime.hpp"
#include "types/decimal.hpp"
#include "vector/column_batch.hpp"

namespace tributary::parquet {
namespace {

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (u < 0x20) {
      *out += fmt::format("\\u{:04x}", u);
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

std::string FormatDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), d);
  return std::string(buf, res.ptr);
}

/// The canonical JSON token of one value (see the file comment).
std::string Canonical(const Value& v) {
  if (v.is_null()) return "null";
  std::string text;
  switch (v.type().id()) {
    case TypeId::kBoolean: text = v.GetBool() ? "true" : "false"; break;
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: text = std::to_string(v.GetInt64()); break;
    case TypeId::kReal:
    case TypeId::kDouble: text = FormatDouble(v.GetDouble()); break;
    case TypeId::kNumeric: text = decimal::ToString(v.GetInt128(), v.type().scale()); break;
    case TypeId::kVarchar: text = v.GetString(); break;
    case TypeId::kNull:
    case TypeId::kInterval: return "null";
  }
  std::string out;
  AppendJsonString(text, &out);
  return out;
}

/// splitmix64: deterministic across platforms and runs.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return Next() % n; }
  bool Chance(int percent) { return Below(100) < static_cast<uint64_t>(percent); }

 private:
  uint64_t state_;
};

struct TypeCase {
  const char* name;  // column name stem
  LogicalType type;
  const char* duckdb_type;  // what DuckDB's DESCRIBE must report
};

std::vector<TypeCase> TypeCases() {
  return {
      {"boolean", LogicalType::Boolean(), "BOOLEAN"},
      {"smallint", LogicalType::SmallInt(), "SMALLINT"},
      {"integer", LogicalType::Integer(), "INTEGER"},
      {"bigint", LogicalType::BigInt(), "BIGINT"},
      {"real", LogicalType::Real(), "FLOAT"},
      {"double", LogicalType::Double(), "DOUBLE"},
      {"numeric_9_2", LogicalType::NumericUnchecked(9, 2), "DECIMAL(9,2)"},
      {"numeric_18_4", LogicalType::NumericUnchecked(18, 4), "DECIMAL(18,4)"},
      {"numeric_38_10", LogicalType::NumericUnchecked(38, 10), "DECIMAL(38,10)"},
      {"text", LogicalType::Varchar(), "VARCHAR"},
      {"varchar_20", LogicalType::Varchar(20), "VARCHAR"},
      {"date", LogicalType::Date(), "DATE"},
      {"timestamp", LogicalType::Timestamp(), "TIMESTAMP"},
      {"timestamptz", LogicalType::TimestampTz(), "TIMESTAMP WITH TIME ZONE"},
  };
}

enum class NullPattern { kRequired, kNone, kSome, kMost, kAll };
struct NullCase {
  const char* name;
  NullPattern pattern;
};
const NullCase kNullCases[] = {{"req", NullPattern::kRequired},
                               {"none", NullPattern::kNone},
                               {"some", NullPattern::kSome},
                               {"most", NullPattern::kMost},
                               {"all", NullPattern::kAll}};

/// UTF-8 pieces strings are built from: multi-byte characters, quoting and
/// control characters, so any byte-level mistake shows.
const char* const kPieces[] = {"a", "b", "c", "x", "y", "z", "0", "9", " ", "é", "ß", "中", "文", "😀", "\"",
                               "\\", "'", "\n", "\t", ",", "%", "_"};

std::string RandomString(Rng& rng, size_t max_pieces) {
  std::string s;
  const size_t n = rng.Below(max_pieces + 1);
  for (size_t i = 0; i < n; i++) s += kPieces[rng.Below(std::size(kPieces))];
  return s;
}

int128_t RandomUnscaled(Rng& rng, int precision) {
  const int128_t limit = decimal::PowerOfTen(precision);  // |v| < limit
  switch (rng.Below(8)) {
    case 0: return limit - 1;
    case 1: return -(limit - 1);
    case 2: return 0;
    case 3: return static_cast<int128_t>(rng.Below(1000)) - 500;
    default: {
      const auto wide = (static_cast<unsigned __int128>(rng.Next()) << 64) | rng.Next();
      int128_t v = static_cast<int128_t>(wide % static_cast<unsigned __int128>(limit));
      return rng.Chance(50) ? -v : v;
    }
  }
}

double RandomDouble(Rng& rng, bool single) {
  switch (rng.Below(12)) {
    case 0: return std::numeric_limits<double>::quiet_NaN();
    case 1: return rng.Chance(50) ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    case 2: return rng.Chance(50) ? 0.0 : -0.0;
    case 3:
      return single ? static_cast<double>(std::numeric_limits<float>::denorm_min())
                    : std::numeric_limits<double>::denorm_min();
    case 4: return single ? static_cast<double>(std::numeric_limits<float>::max()) : std::numeric_limits<double>::max();
    case 5: return static_cast<double>(static_cast<int64_t>(rng.Below(2000)) - 1000) / 8;
    default: {
      if (single) {
        uint32_t bits = static_cast<uint32_t>(rng.Next());
        float f;
        std::memcpy(&f, &bits, 4);
        if (std::isnan(f)) f = 1.5f;
        return static_cast<double>(f);
      }
      uint64_t bits = rng.Next();
      double d;
      std::memcpy(&d, &bits, 8);
      return std::isnan(d) ? 2.5 : d;
    }
  }
}

const int32_t kMinDay = datetime::DaysFromCivil(1, 1, 1);
const int32_t kMaxDay = datetime::DaysFromCivil(9999, 12, 31);

/// One random non-null value of `type`.
Value RandomValue(Rng& rng, const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kBoolean: return Value::Boolean(rng.Chance(50));
    case TypeId::kSmallInt: {
      switch (rng.Below(6)) {
        case 0: return Value::SmallInt(std::numeric_limits<int16_t>::min());
        case 1: return Value::SmallInt(std::numeric_limits<int16_t>::max());
        default: return Value::SmallInt(static_cast<int16_t>(rng.Next()));
      }
    }
    case TypeId::kInteger: {
      switch (rng.Below(6)) {
        case 0: return Value::Integer(std::numeric_limits<int32_t>::min());
        case 1: return Value::Integer(std::numeric_limits<int32_t>::max());
        case 2: return Value::Integer(static_cast<int32_t>(rng.Below(100)) - 50);
        default: return Value::Integer(static_cast<int32_t>(rng.Next()));
      }
    }
    case TypeId::kBigInt: {
      switch (rng.Below(6)) {
        case 0: return Value::BigInt(std::numeric_limits<int64_t>::min());
        case 1: return Value::BigInt(std::numeric_limits<int64_t>::max());
        case 2: return Value::BigInt(static_cast<int64_t>(rng.Below(100)) - 50);
        default: return Value::BigInt(static_cast<int64_t>(rng.Next()));
      }
    }
    case TypeId::kReal: return Value::Real(static_cast<float>(RandomDouble(rng, true)));
    case TypeId::kDouble: return Value::Double(RandomDouble(rng, false));
    case TypeId::kNumeric:
      return Value::Numeric(RandomUnscaled(rng, type.precision()), type.precision(), type.scale());
    case TypeId::kVarchar: {
      if (type.max_length() >= 0) return Value::Varchar(RandomString(rng, static_cast<size_t>(type.max_length())));
      // Occasionally long, so pages and dictionaries overflow.
      return Value::Varchar(RandomString(rng, rng.Chance(2) ? 3000 : 30));
    }
    case TypeId::kDate: {
      switch (rng.Below(6)) {
        case 0: return Value::Date(kMinDay);
        case 1: return Value::Date(kMaxDay);
        case 2: return Value::Date(static_cast<int32_t>(rng.Below(3)) - 1);
        default: return Value::Date(kMinDay + static_cast<int32_t>(rng.Below(static_cast<uint64_t>(kMaxDay - kMinDay))));
      }
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      const int64_t lo = int64_t{kMinDay} * datetime::kMicrosPerDay;
      const int64_t hi = (int64_t{kMaxDay} + 1) * datetime::kMicrosPerDay - 1;
      int64_t micros;
      switch (rng.Below(6)) {
        case 0: micros = lo; break;
        case 1: micros = hi; break;
        case 2: micros = static_cast<int64_t>(rng.Below(3)) - 1; break;
        default: micros = lo + static_cast<int64_t>(rng.Below(static_cast<uint64_t>(hi - lo)));
      }
      return type.id() == TypeId::kTimestamp ? Value::Timestamp(micros) : Value::TimestampTz(micros);
    }
    case TypeId::kNull:
    case TypeId::kInterval: break;
  }
  return Value::Null(type);
}

struct GeneratedColumn {
  ColumnSpec spec;
  const char* duckdb_type;
  NullPattern nulls;
  std::vector<Value> pool;  // dictionary-friendly values, when used
};

enum class EncodingChoice { kPlain, kDictionary, kFallback };

struct FileCase {
  std::string name;
  EncodingChoice encoding;
  Codec codec;
  int64_t rows;
};

/// Writes one file and its expected rows; returns an error message or "".
Status WriteCase(const std::filesystem::path& dir, const FileCase& fc, uint64_t seed) {
  Rng rng(seed);
  std::vector<GeneratedColumn> columns;
  int32_t field_id = 1;
  for (const TypeCase& tc : TypeCases()) {
    for (const NullCase& nc : kNullCases) {
      GeneratedColumn col;
      col.spec.name = fmt::format("{}_{}", tc.name, nc.name);
      col.spec.type = tc.type;
      col.spec.nullable = nc.pattern != NullPattern::kRequired;
      col.spec.field_id = field_id++;
      col.duckdb_type = tc.duckdb_type;
      col.nulls = nc.pattern;
      if (fc.encoding == EncodingChoice::kDictionary) {
        for (int i = 0; i < 37; i++) col.pool.push_back(RandomValue(rng, tc.type));
      }
      columns.push_back(std::move(col));
    }
  }
  std::vector<ColumnSpec> schema;
  std::vector<LogicalType> types;
  for (const auto& c : columns) {
    schema.push_back(c.spec);
    types.push_back(c.spec.type);
  }

  WriterOptions options;
  options.codec = fc.codec;
  options.row_group_rows = 1200;
  options.page_bytes = 4096;
  options.enable_dictionary = fc.encoding != EncodingChoice::kPlain;
  if (fc.encoding == EncodingChoice::kFallback) options.dictionary_page_bytes = 600;
  options.key_value_metadata = {{"tributary.interop", fc.name}};
  const std::string path = (dir / (fc.name + ".parquet")).string();
  TRIB_ASSIGN_OR_RETURN(auto writer, FileWriter::Open(path, schema, options));

  std::string expected = "{\"file\":";
  AppendJsonString(fc.name + ".parquet", &expected);
  expected += ",\"columns\":[";
  for (size_t c = 0; c < columns.size(); c++) {
    if (c) expected += ",";
    expected += "{\"name\":";
    AppendJsonString(columns[c].spec.name, &expected);
    expected += ",\"type\":";
    AppendJsonString(columns[c].spec.type.ToString(), &expected);
    expected += ",\"duckdb_type\":";
    AppendJsonString(columns[c].duckdb_type, &expected);
    expected += "}";
  }
  expected += "],\"rows\":[\n";

  // Batches of uneven sizes; every third batch carries a selection of its odd
  // rows, which the writer must honour.
  int64_t written = 0;
  size_t batch_no = 0;
  bool first_row = true;
  while (written < fc.rows) {
    const size_t cap = std::min<int64_t>(fc.rows - written, static_cast<int64_t>(1 + rng.Below(700)));
    const bool select = batch_no++ % 3 == 2 && cap > 1;
    ColumnBatch batch(types, cap);
    batch.set_num_rows(cap);
    for (size_t c = 0; c < columns.size(); c++) {
      const GeneratedColumn& col = columns[c];
      for (size_t r = 0; r < cap; r++) {
        bool is_null = false;
        switch (col.nulls) {
          case NullPattern::kRequired:
          case NullPattern::kNone: break;
          case NullPattern::kSome: is_null = rng.Chance(15); break;
          case NullPattern::kMost: is_null = rng.Chance(85); break;
          case NullPattern::kAll: is_null = true; break;
        }
        Value v = is_null ? Value::Null(col.spec.type)
                          : (col.pool.empty() ? RandomValue(rng, col.spec.type) : col.pool[rng.Below(col.pool.size())]);
        batch.column(c).SetValue(r, v);
      }
    }
    std::vector<size_t> live;
    if (select) {
      SelectionVector sel;
      for (size_t r = 1; r < cap; r += 2) {
        sel.Append(static_cast<uint32_t>(r));
        live.push_back(r);
      }
      batch.set_selection(std::move(sel));
    } else {
      for (size_t r = 0; r < cap; r++) live.push_back(r);
    }
    for (size_t r : live) {
      expected += first_row ? "[" : ",\n[";
      first_row = false;
      for (size_t c = 0; c < columns.size(); c++) {
        if (c) expected += ",";
        expected += Canonical(batch.column(c).GetValue(r));
      }
      expected += "]";
    }
    TRIB_RETURN_NOT_OK(writer->Write(batch).WithContext(path));
    written += static_cast<int64_t>(cap);
  }
  TRIB_ASSIGN_OR_RETURN(WrittenFile file, writer->Close());
  expected += "\n]}\n";
  std::ofstream(dir / (fc.name + ".expected.json"), std::ios::binary) << expected;
  std::cout << fmt::format("{} rows={} bytes={}\n", path, file.num_rows, file.file_bytes);
  return Status::OK();
}

Status WriteAll(const std::string& dir_name, int64_t rows) {
  const std::filesystem::path dir(dir_name);
  std::filesystem::create_directories(dir);
  const std::pair<const char*, EncodingChoice> encodings[] = {{"plain", EncodingChoice::kPlain},
                                                              {"dict", EncodingChoice::kDictionary},
                                                              {"fallback", EncodingChoice::kFallback}};
  const Codec codecs[] = {Codec::kUncompressed, Codec::kSnappy, Codec::kGzip, Codec::kZstd, Codec::kLz4Raw};
  uint64_t seed = 1;
  std::vector<FileCase> cases;
  for (const auto& [ename, enc] : encodings) {
    for (Codec codec : codecs) {
      cases.push_back({fmt::format("ours_{}_{}", ename, CodecName(codec)), enc, codec, rows});
    }
  }
  cases.push_back({"ours_empty", EncodingChoice::kDictionary, Codec::kZstd, 0});
  cases.push_back({"ours_single_row", EncodingChoice::kDictionary, Codec::kSnappy, 1});
  for (const auto& fc : cases) TRIB_RETURN_NOT_OK(WriteCase(dir, fc, seed++));
  return Status::OK();
}

Status ReadFile(const std::string& path) {
  TRIB_ASSIGN_OR_RETURN(auto reader, FileReader::Open(path));
  std::string out = "{\"columns\":[";
  const auto& schema = reader->schema();
  for (size_t c = 0; c < schema.size(); c++) {
    if (c) out += ",";
    out += "{\"name\":";
    AppendJsonString(schema[c].name, &out);
    out += ",\"type\":";
    AppendJsonString(schema[c].type.ToString(), &out);
    out += fmt::format(",\"nullable\":{}}}", schema[c].nullable ? "true" : "false");
  }
  out += fmt::format("],\"num_rows\":{},\"row_groups\":{}}}\n", reader->num_rows(), reader->num_row_groups());
  std::fwrite(out.data(), 1, out.size(), stdout);
  TRIB_ASSIGN_OR_RETURN(auto scanner, reader->Scan(ScanOptions{}));
  ColumnBatch batch;
  int64_t rows = 0;
  while (true) {
    TRIB_ASSIGN_OR_RETURN(bool more, scanner->Next(&batch));
    if (!more) break;
    if (batch.num_columns() != schema.size()) {
      return Status::Internal("{}: batch has {} columns, schema {}", path, batch.num_columns(), schema.size());
    }
    const size_t live = batch.live_rows();
    out.clear();
    for (size_t i = 0; i < live; i++) {
      const size_t r = batch.selection() ? (*batch.selection())[i] : i;
      out += "[";
      for (size_t c = 0; c < batch.num_columns(); c++) {
        if (c) out += ",";
        out += Canonical(batch.column(c).GetValue(r));
      }
      out += "]\n";
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    rows += static_cast<int64_t>(live);
  }
  if (rows != reader->num_rows()) {
    return Status::Corruption("{}: scan returned {} rows, footer says {}", path, rows, reader->num_rows());
  }
  return Status::OK();
}

/// Rewrites IN's version-1 data pages as DATA_PAGE_V2 pages in OUT; every
/// other page is copied. Flat schemas only (definition level 0 or 1, no
/// repetition). Offsets and sizes in the footer are recomputed; page indexes,
/// which would point into the old layout, are not carried over.
Status RewriteAsV2(const std::string& in_path, const std::string& out_path) {
  TRIB_ASSIGN_OR_RETURN(auto reader, FileReader::Open(in_path));
  std::ifstream in(in_path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto* base = reinterpret_cast<const uint8_t*>(bytes.data());
  FileMetadata meta = reader->metadata();
  // Leaf i of the flat schema is element i + 1.
  std::string out = "PAR1";
  for (RowGroup& rg : meta.row_groups) {
    const int64_t rg_start = static_cast<int64_t>(out.size());
    for (size_t c = 0; c < rg.columns.size(); c++) {
      ColumnChunk& chunk = rg.columns[c];
      ColumnMetaData& md = *chunk.meta_data;
      const SchemaElement& element = meta.schema.at(c + 1);
      const bool optional = element.repetition == Repetition::kOptional;
      int64_t pos = md.dictionary_page_offset && *md.dictionary_page_offset > 0 ? *md.dictionary_page_offset
                                                                                  : md.data_page_offset;
      const int64_t end = pos + md.total_compressed_size;
      const int64_t chunk_start = static_cast<int64_t>(out.size());
      int64_t uncompressed_total = 0;
      bool first_data = true;
      md.dictionary_page_offset.reset();
      while (pos < end) {
        PageHeader header;
        size_t consumed = 0;
        TRIB_RETURN_NOT_OK(ParsePageHeader(base + pos, static_cast<size_t>(end - pos), &header, &consumed));
        const uint8_t* body = base + pos + consumed;
        const size_t body_size = static_cast<size_t>(header.compressed_page_size);
        pos += static_cast<int64_t>(consumed + body_size);
        std::string new_header;
        std::string new_body;
        if (header.type == PageType::kDataPage) {
          std::string raw(static_cast<size_t>(header.uncompressed_page_size), '\0');
          TRIB_RETURN_NOT_OK(Decompress(md.codec, body, body_size, reinterpret_cast<uint8_t*>(raw.data()), raw.size()));
          const DataPageHeader& v1 = *header.data_page_header;
          std::string levels;
          size_t values_at = 0;
          int32_t nulls = 0;
          if (optional) {
            uint32_t len = 0;
            if (raw.size() < 4) return Status::Corruption("{}: v1 page too short for levels", in_path);
            std::memcpy(&len, raw.data(), 4);
            if (len > raw.size() - 4) return Status::Corruption("{}: levels overrun the page", in_path);
            levels = raw.substr(4, len);
            values_at = 4 + len;
            std::vector<uint32_t> defs(static_cast<size_t>(v1.num_values));
            RleBitPackedDecoder dec(reinterpret_cast<const uint8_t*>(levels.data()), levels.size(), 1);
            TRIB_RETURN_NOT_OK(dec.Decode(defs.data(), defs.size()));
            for (uint32_t d : defs) nulls += d == 0 ? 1 : 0;
          }
          std::string values;
          if (md.codec == Codec::kUncompressed) {
            values = raw.substr(values_at);
          } else {
            TRIB_RETURN_NOT_OK(Compress(md.codec, 3, reinterpret_cast<const uint8_t*>(raw.data()) + values_at,
                                        raw.size() - values_at, &values));
          }
          PageHeader v2;
          v2.type = PageType::kDataPageV2;
          v2.uncompressed_page_size = static_cast<int32_t>(levels.size() + raw.size() - values_at);
          v2.compressed_page_size = static_cast<int32_t>(levels.size() + values.size());
          DataPageHeaderV2 dp;
          dp.num_values = v1.num_values;
          dp.num_nulls = nulls;
          dp.num_rows = v1.num_values;
          dp.encoding = v1.encoding;
          dp.definition_levels_byte_length = static_cast<int32_t>(levels.size());
          dp.repetition_levels_byte_length = 0;
          dp.is_compressed = md.codec != Codec::kUncompressed;
          dp.statistics = v1.statistics;
          v2.data_page_header_v2 = dp;
          SerializePageHeader(v2, &new_header);
          new_body = levels + values;
          uncompressed_total += static_cast<int64_t>(new_header.size()) + v2.uncompressed_page_size;
        } else {
          header.crc.reset();
          SerializePageHeader(header, &new_header);
          new_body.assign(reinterpret_cast<const char*>(body), body_size);
          uncompressed_total += static_cast<int64_t>(new_header.size()) + header.uncompressed_page_size;
        }
        const int64_t page_at = static_cast<int64_t>(out.size());
        if (header.type == PageType::kDictionaryPage) {
          md.dictionary_page_offset = page_at;
        } else if (first_data) {
          md.data_page_offset = page_at;
          first_data = false;
        }
        out += new_header;
        out += new_body;
      }
      md.total_compressed_size = static_cast<int64_t>(out.size()) - chunk_start;
      md.total_uncompressed_size = uncompressed_total;
      md.index_page_offset.reset();
      chunk.file_offset = chunk_start;
    }
    rg.file_offset = rg_start;
    rg.total_compressed_size = static_cast<int64_t>(out.size()) - rg_start;
  }
  std::string footer;
  SerializeFileMetadata(meta, &footer);
  const auto len = static_cast<uint32_t>(footer.size());
  out += footer;
  out.append(reinterpret_cast<const char*>(&len), 4);
  out += "PAR1";
  std::ofstream(out_path, std::ios::binary) << out;
  return Status::OK();
}

/// Walks every page header of every column chunk: the ground truth of which
/// encodings and page kinds a file really uses.
Status DumpPages(const std::string& path) {
  TRIB_ASSIGN_OR_RETURN(auto reader, FileReader::Open(path));
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const FileMetadata& meta = reader->metadata();
  struct Summary {
    std::set<std::string> codecs, footer_encodings, page_encodings, physical;
    std::map<std::string, int64_t> page_types;
  };
  std::vector<std::string> names;
  std::map<std::string, Summary> by_column;
  for (const RowGroup& rg : meta.row_groups) {
    for (const ColumnChunk& chunk : rg.columns) {
      if (!chunk.meta_data) return Status::Corruption("{}: column chunk without metadata", path);
      const ColumnMetaData& md = *chunk.meta_data;
      std::string name;
      for (const auto& part : md.path_in_schema) name += (name.empty() ? "" : ".") + part;
      if (!by_column.count(name)) names.push_back(name);
      Summary& s = by_column[name];
      s.physical.insert(std::string(TypeName(md.type)));
      s.codecs.insert(std::string(CodecNumberName(md.codec)));
      for (Encoding e : md.encodings) s.footer_encodings.insert(std::string(EncodingName(e)));
      int64_t pos = md.dictionary_page_offset && *md.dictionary_page_offset > 0 ? *md.dictionary_page_offset
                                                                                  : md.data_page_offset;
      const int64_t end = pos + md.total_compressed_size;
      if (pos < 0 || end > static_cast<int64_t>(bytes.size()) || end < pos) {
        return Status::Corruption("{}: column {} chunk [{}, {}) outside the file", path, name, pos, end);
      }
      while (pos < end) {
        PageHeader header;
        size_t consumed = 0;
        TRIB_RETURN_NOT_OK(ParsePageHeader(reinterpret_cast<const uint8_t*>(bytes.data()) + pos,
                                           static_cast<size_t>(end - pos), &header, &consumed));
        s.page_types[std::string(PageTypeName(header.type))]++;
        if (header.data_page_header) s.page_encodings.insert(std::string(EncodingName(header.data_page_header->encoding)));
        if (header.data_page_header_v2) {
          s.page_encodings.insert(std::string(EncodingName(header.data_page_header_v2->encoding)));
        }
        if (header.dictionary_page_header) {
          s.page_encodings.insert("dictionary:" + std::string(EncodingName(header.dictionary_page_header->encoding)));
        }
        if (header.compressed_page_size < 0) return Status::Corruption("{}: negative page size", path);
        pos += static_cast<int64_t>(consumed) + header.compressed_page_size;
      }
    }
  }
  auto list = [](const std::set<std::string>& set) {
    std::string out = "[";
    for (const auto& s : set) {
      if (out.size() > 1) out += ",";
      AppendJsonString(s, &out);
    }
    return out + "]";
  };
  std::string out = "{\"created_by\":";
  AppendJsonString(meta.created_by.value_or(""), &out);
  out += fmt::format(",\"row_groups\":{},\"columns\":[", meta.row_groups.size());
  for (size_t i = 0; i < names.size(); i++) {
    const Summary& s = by_column[names[i]];
    if (i) out += ",";
    out += "\n{\"name\":";
    AppendJsonString(names[i], &out);
    out += ",\"physical\":" + list(s.physical) + ",\"codecs\":" + list(s.codecs) +
           ",\"footer_encodings\":" + list(s.footer_encodings) + ",\"page_encodings\":" + list(s.page_encodings) +
           ",\"page_types\":{";
    bool first = true;
    for (const auto& [type, n] : s.page_types) {
      if (!first) out += ",";
      first = false;
      AppendJsonString(type, &out);
      out += fmt::format(":{}", n);
    }
    out += "}}";
  }
  out += "\n]}\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  return Status::OK();
}

}  // namespace
}  // namespace tributary::parquet

int main(int argc, char** argv) {
  using namespace tributary::parquet;
  if (argc != 3 && !(argc == 4 && (std::string(argv[1]) == "write" || std::string(argv[1]) == "v2"))) {
    std::cerr << "usage: parquet_interop_tool write DIR [ROWS] | read FILE | pages FILE | v2 IN OUT\n";
    return 2;
  }
  const std::string mode = argv[1];
  tributary::Status st;
  try {
    if (mode == "write") {
      st = WriteAll(argv[2], argc == 4 ? std::stoll(argv[3]) : 3000);
    } else if (mode == "read") {
      st = ReadFile(argv[2]);
    } else if (mode == "v2" && argc == 4) {
      st = RewriteAsV2(argv[2], argv[3]);
    } else if (mode == "pages") {
      st = DumpPages(argv[2]);
    } else {
      std::cerr << "unknown mode " << mode << "\n";
      return 2;
    }
  } catch (const std::exception& e) {
    std::cerr << "parquet_interop_tool " << mode << " " << argv[2] << ": exception: " << e.what() << "\n";
    return 1;
  }
  std::fflush(stdout);
  if (!st.ok()) {
    std::cerr << "parquet_interop_tool " << mode << " " << argv[2] << ": " << st.ToString() << "\n";
    return 1;
  }
  return 0;
}
