// Parquet write and full-scan throughput on one core, over the SSB-like
// lineorder table (src/workload). Driven by bench/run.sh, which measures
// DuckDB on the same data in the same run (bench/duckdb_parquet_bench.mjs).
//
//   parquet_bench write OUT.parquet CODEC ROWS
//       generates ROWS rows and writes them (122,880-row groups); the clock
//       covers only the writer's Write and Close calls, not data generation.
//   parquet_bench scan FILE
//       reads every column of every row group and folds every value into a
//       per-column aggregate, so nothing can be skipped or left lazy.
//
// Each prints one JSON object: seconds, rows, raw_bytes (the values' in-memory
// size: fixed-width values plus string bytes), file_bytes, peak_rss_kb and,
// for scan, the aggregates (in the same canonical text DuckDB's query
// prints, so run.sh can check both engines read the same values).

#include "common/allocator_tuning.hpp"
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "parquet/parquet_reader.hpp"
#include "parquet/parquet_writer.hpp"
#include "types/decimal.hpp"
#include "workload/ssb_lineorder.hpp"

namespace tributary {
namespace {

using Clock = std::chrono::steady_clock;

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/// Calls `f` with every non-null value of `v`'s first `n` rows, as T.
/// Handles flat, constant and dictionary vectors without flattening them.
template <typename T, typename F>
void ForEachValue(const Vector& v, size_t n, F&& f) {
  if (v.encoding() == VectorEncoding::kFlat) {
    const T* data = v.data<T>();
    if (v.validity().AllValid()) {
      for (size_t r = 0; r < n; r++) f(data[r]);
    } else {
      for (size_t r = 0; r < n; r++) {
        if (v.validity().IsValid(r)) f(data[r]);
      }
    }
    return;
  }
  for (size_t r = 0; r < n; r++) {
    if (v.IsNull(r)) continue;
    if (v.encoding() == VectorEncoding::kConstant) {
      f(v.data<T>()[0]);
    } else {
      f(v.dictionary().data<T>()[v.indices()[r]]);
    }
  }
}

/// One column's aggregate: integer and NUMERIC columns sum (NUMERIC as the
/// unscaled integer), DATE takes the max day, strings sum their byte lengths.
/// `raw` counts the values' in-memory bytes.
struct Aggregate {
  __int128 sum = 0;
  int64_t max_day = INT64_MIN;
  int64_t raw = 0;

  void Fold(const Vector& v, size_t n) {
    switch (v.type().id()) {
      case TypeId::kSmallInt: Sum<int16_t>(v, n); break;
      case TypeId::kInteger: Sum<int32_t>(v, n); break;
      case TypeId::kBigInt: Sum<int64_t>(v, n); break;
      case TypeId::kNumeric: Sum<__int128>(v, n); break;
      case TypeId::kDate: {
        int32_t m = INT32_MIN;
        ForEachValue<int32_t>(v, n, [&](int32_t d) { m = std::max(m, d); });
        max_day = std::max<int64_t>(max_day, m);
        raw += static_cast<int64_t>(4 * n);
        break;
      }
      case TypeId::kVarchar: {
        int64_t bytes = 0;
        ForEachValue<StringRef>(v, n, [&](StringRef s) { bytes += s.size; });
        sum += bytes;
        raw += bytes;
        break;
      }
      default: break;
    }
  }

  template <typename T>
  void Sum(const Vector& v, size_t n) {
    __int128 s = 0;
    ForEachValue<T>(v, n, [&](T x) { s += x; });
    sum += s;
    raw += static_cast<int64_t>(sizeof(T) * n);
  }

  std::string ToString(const LogicalType& type) const {
    if (type.id() == TypeId::kDate) return std::to_string(max_day);
    if (type.id() == TypeId::kNumeric) return decimal::ToString(sum, type.scale());
    return decimal::ToString(sum, 0);
  }
};

int Write(const std::string& path, const std::string& codec_name, int64_t rows) {
  auto codec = parquet::ParseCodec(codec_name);
  if (!codec.ok()) {
    std::fprintf(stderr, "%s\n", codec.status().ToString().c_str());
    return 1;
  }
  std::vector<parquet::ColumnSpec> schema;
  for (const auto& c : LineorderGenerator::Schema()) schema.push_back({c.name, c.type, c.nullable, -1});
  parquet::WriterOptions options;
  options.codec = *codec;
  options.row_group_rows = 122'880;
  auto writer = parquet::FileWriter::Open(path, schema, options);
  if (!writer.ok()) {
    std::fprintf(stderr, "%s\n", writer.status().ToString().c_str());
    return 1;
  }
  LineorderGenerator::Options gen_options;
  gen_options.rows = rows;
  LineorderGenerator gen(gen_options);
  ColumnBatch batch(LineorderGenerator::Types(), kBatchSize);
  Clock::duration spent{};
  std::vector<Aggregate> aggs(schema.size());  // for raw_bytes
  while (gen.Next(&batch)) {
    for (size_t c = 0; c < batch.num_columns(); c++) aggs[c].Fold(batch.column(c), batch.num_rows());
    const auto t0 = Clock::now();
    Status st = (*writer)->Write(batch);
    spent += Clock::now() - t0;
    if (!st.ok()) {
      std::fprintf(stderr, "%s\n", st.ToString().c_str());
      return 1;
    }
  }
  const auto t0 = Clock::now();
  auto file = (*writer)->Close();
  spent += Clock::now() - t0;
  if (!file.ok()) {
    std::fprintf(stderr, "%s\n", file.status().ToString().c_str());
    return 1;
  }
  int64_t raw = 0;
  for (const auto& a : aggs) raw += a.raw;
  std::printf(
      "{\"seconds\":%.6f,\"rows\":%lld,\"raw_bytes\":%lld,\"file_bytes\":%lld,\"peak_rss_kb\":%ld}\n",
      std::chrono::duration<double>(spent).count(), static_cast<long long>(file->num_rows),
      static_cast<long long>(raw), static_cast<long long>(file->file_bytes), PeakRssKb());
  return 0;
}

int Scan(const std::string& path) {
  const auto t0 = Clock::now();
  auto reader = parquet::FileReader::Open(path);
  if (!reader.ok()) {
    std::fprintf(stderr, "%s\n", reader.status().ToString().c_str());
    return 1;
  }
  auto scanner = (*reader)->Scan(parquet::ScanOptions{});
  if (!scanner.ok()) {
    std::fprintf(stderr, "%s\n", scanner.status().ToString().c_str());
    return 1;
  }
  const auto& schema = (*reader)->schema();
  std::vector<Aggregate> aggs(schema.size());
  ColumnBatch batch;
  int64_t rows = 0;
  while (true) {
    auto more = (*scanner)->Next(&batch);
    if (!more.ok()) {
      std::fprintf(stderr, "%s\n", more.status().ToString().c_str());
      return 1;
    }
    if (!*more) break;
    for (size_t c = 0; c < batch.num_columns(); c++) aggs[c].Fold(batch.column(c), batch.num_rows());
    rows += static_cast<int64_t>(batch.num_rows());
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  int64_t raw = 0;
  std::string out = "{\"aggregates\":{";
  for (size_t c = 0; c < schema.size(); c++) {
    raw += aggs[c].raw;
    out += (c ? ",\"" : "\"") + schema[c].name + "\":\"" + aggs[c].ToString(schema[c].type) + "\"";
  }
  std::printf("%s},\"seconds\":%.6f,\"rows\":%lld,\"raw_bytes\":%lld,\"file_bytes\":%lld,\"peak_rss_kb\":%ld}\n",
              out.c_str(), seconds, static_cast<long long>(rows), static_cast<long long>(raw),
              static_cast<long long>(std::filesystem::file_size(path)), PeakRssKb());
  return 0;
}

}  // namespace
}  // namespace tributary

int main(int argc, char** argv) {
  tributary::TuneAllocatorForLargeBuffers();  // as the tributary binary runs
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "write" && argc == 5) return tributary::Write(argv[2], argv[3], std::stoll(argv[4]));
  if (mode == "scan" && argc == 3) return tributary::Scan(argv[2]);
  std::fprintf(stderr, "usage: parquet_bench write OUT.parquet CODEC ROWS | scan FILE\n");
  return 2;
}
