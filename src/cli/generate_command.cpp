// `tributary generate lineorder --warehouse DIR`: loads a deterministic
// SSB-like lineorder table, partitioned by day and clustered by region — the
// demo's data and a ready-made table to try queries and layouts on.

#include <chrono>
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/table_argument.hpp"
#include "cli/text_table.hpp"
#include "types/datetime.hpp"
#include "workload/lineorder_table.hpp"

namespace tributary::cli {

namespace {

struct GenerateArgs {
  std::string warehouse;
  std::string table = "ssb.lineorder";
  int64_t rows = 10'000'000;
  int32_t days = 90;
  std::string start = "2026-08-01";
  uint64_t seed = 42;
  std::string codec = "zstd";
  int64_t row_group_rows = 122'880;
};

int Run(const GenerateArgs& args) {
  if (args.rows < 0) return ReportError(Status::Invalid("--rows must not be negative, got {}", args.rows));
  if (args.days < 1) return ReportError(Status::Invalid("--days must be at least 1, got {}", args.days));
  auto start = datetime::ParseDate(args.start);
  if (!start.ok()) return ReportError(start.status().WithContext("--start"));
  auto codec = parquet::ParseCodec(args.codec);
  if (!codec.ok()) return ReportError(codec.status());
  auto id = ParseTableArgument(args.table);
  if (!id.ok()) return ReportError(id.status());
  auto catalog = catalog::Catalog::Open(args.warehouse);
  if (!catalog.ok()) return ReportError(catalog.status());
  auto exists = (*catalog)->TableExists(*id);
  if (!exists.ok()) return ReportError(exists.status());
  auto table = *exists ? (*catalog)->LoadTable(*id) : CreateLineorderTable(**catalog, *id);
  if (!table.ok()) return ReportError(table.status());

  LineorderGenerator::Options options;
  options.rows = args.rows;
  options.days = args.days;
  options.first_date = *start;
  options.seed = args.seed;
  TableWriterOptions writer;
  writer.parquet.codec = *codec;
  writer.parquet.row_group_rows = args.row_group_rows;
  auto begin = std::chrono::steady_clock::now();
  auto loaded = LoadLineorder(*table, options, writer);
  if (!loaded.ok()) return ReportError(loaded.status());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  if (loaded->already_committed) {
    std::printf("%s: these %lld rows were already committed in snapshot %lld; nothing written\n",
                id->ToString().c_str(), static_cast<long long>(args.rows),
                static_cast<long long>(loaded->snapshot_id));
    return 0;
  }
  std::printf("%s: %lld rows in %lld files over %d days, snapshot %lld, %.1f s (%.0f rows/s)\n",
              id->ToString().c_str(), static_cast<long long>(loaded->rows), static_cast<long long>(loaded->files),
              args.days, static_cast<long long>(loaded->snapshot_id), seconds,
              seconds > 0 ? static_cast<double>(loaded->rows) / seconds : 0.0);
  return 0;
}

}  // namespace

void RegisterGenerateCommand(CLI::App& app, int* exit_code) {
  CLI::App* gen = app.add_subcommand("generate", "Load deterministic sample data into a warehouse");
  gen->require_subcommand(1);
  auto args = std::make_shared<GenerateArgs>();
  CLI::App* cmd = gen->add_subcommand("lineorder", "An SSB-like lineorder table, partitioned by day, clustered by region");
  cmd->add_option("--warehouse", args->warehouse, "Warehouse directory (created if missing)")->required();
  cmd->add_option("--table", args->table, "Table to create or append to")->capture_default_str();
  cmd->add_option("--rows", args->rows, "Rows to generate")->capture_default_str();
  cmd->add_option("--days", args->days, "Order dates spread over this many days")->capture_default_str();
  cmd->add_option("--start", args->start, "First order date (YYYY-MM-DD)")->capture_default_str();
  cmd->add_option("--seed", args->seed, "Random seed")->capture_default_str();
  cmd->add_option("--codec", args->codec, "Parquet codec: zstd, snappy, lz4_raw, gzip, none")->capture_default_str();
  cmd->add_option("--row-group-rows", args->row_group_rows, "Rows per Parquet row group")->capture_default_str();
  cmd->callback([args, exit_code] { *exit_code = Run(*args); });
}

}  // namespace tributary::cli
