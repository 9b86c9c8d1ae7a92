// One SSB query on a Tributary warehouse, timed inside the process through
// the embedding API (no process startup or CLI printing in the clock).
// Driven by bench/ssb_bench.mjs, which runs DuckDB on the same data.
//
//   ssb_bench WAREHOUSE SQL_FILE REPS THREADS [MEMORY_LIMIT_BYTES]
//
// Opens the warehouse with DatabaseOptions::threads = THREADS (and
// memory_limit, when given) and the result cache off — else every
// repetition after the warm-up would be answered from it — runs the
// statement in SQL_FILE once to warm up, then REPS more times, and prints one
// JSON object: the best wall time in seconds, every run's seconds, the
// QueryMetrics of the best run (bytes scanned, files and row groups read),
// the process's peak RSS and the result as PostgreSQL text cells (NULL as
// null), so the driver can compare it with DuckDB's.

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/allocator_tuning.hpp"
#include "common/json_writer.hpp"
#include "main/connection.hpp"

namespace tributary {
namespace {

using Clock = std::chrono::steady_clock;

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

int Main(int argc, char** argv) {
  if (argc != 5 && argc != 6) {
    std::fprintf(stderr, "usage: ssb_bench WAREHOUSE SQL_FILE REPS THREADS [MEMORY_LIMIT_BYTES]\n");
    return 2;
  }
  std::ifstream in(argv[2]);
  if (!in) {
    std::fprintf(stderr, "cannot open %s\n", argv[2]);
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  const std::string sql = text.str();
  const int reps = std::atoi(argv[3]);
  DatabaseOptions options;
  options.threads = std::atoi(argv[4]);
  if (argc == 6) options.memory_limit = std::atoll(argv[5]);
  options.result_cache_bytes = 0;
  auto database = Database::Open(argv[1], options);
  if (!database.ok()) {
    std::fprintf(stderr, "cannot open warehouse: %s\n", database.status().ToString().c_str());
    return 1;
  }
  Connection connection(*database);

  auto run = [&](double* seconds) {
    auto start = Clock::now();
    QueryResult result = connection.Query(sql);
    *seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (!result.ok()) {
      std::fprintf(stderr, "ERROR: %s: %s\n", result.error().sqlstate.c_str(), result.error().message.c_str());
      std::exit(1);
    }
    return result;
  };

  double seconds = 0;
  run(&seconds);  // warm-up: file metadata and the page cache
  std::vector<double> times;
  double best = 0;
  QueryResult best_result = QueryResult::Command("");
  for (int i = 0; i < reps; i++) {
    QueryResult result = run(&seconds);
    times.push_back(seconds);
    if (i == 0 || seconds < best) {
      best = seconds;
      best_result = std::move(result);
    }
  }

  const QueryMetrics& m = best_result.metrics();
  JsonWriter json;
  json.BeginObject();
  json.Key("seconds");
  json.Raw(std::to_string(best));
  json.Key("runs");
  json.BeginArray();
  for (double t : times) json.Raw(std::to_string(t));
  json.EndArray();
  json.Key("bytes_scanned");
  json.Raw(std::to_string(m.bytes_scanned));
  json.Key("files_read");
  json.Raw(std::to_string(m.files_read));
  json.Key("files_total");
  json.Raw(std::to_string(m.files_total));
  json.Key("row_groups_read");
  json.Raw(std::to_string(m.row_groups_read));
  json.Key("row_groups_total");
  json.Raw(std::to_string(m.row_groups_total));
  json.Key("peak_rss_kb");
  json.Raw(std::to_string(PeakRssKb()));
  json.Key("rows");
  json.BeginArray();
  for (size_t r = 0; r < best_result.row_count(); r++) {
    json.BeginArray();
    for (size_t c = 0; c < best_result.column_names().size(); c++) {
      auto cell = best_result.GetText(r, c);
      if (cell) {
        json.String(*cell);
      } else {
        json.Null();
      }
    }
    json.EndArray();
  }
  json.EndArray();
  json.EndObject();
  std::printf("%s\n", json.Take().c_str());
  return 0;
}

}  // namespace
}  // namespace tributary

int main(int argc, char** argv) {
  tributary::TuneAllocatorForLargeBuffers();
  return tributary::Main(argc, argv);
}
