// `tributary gen ssb --scale SF --out DIR [--format csv|parquet] [--warehouse
// DIR] [--seed N]`: the five Star Schema Benchmark tables as files, and/or
// created and loaded as ssb.* tables of a warehouse.

#include <chrono>
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/table_argument.hpp"
#include "workload/ssb_files.hpp"
#include "workload/ssb_warehouse.hpp"

namespace tributary::cli {

namespace {

struct GenSsbArgs {
  double scale = 1;
  std::string out;
  std::string format = "csv";
  std::string warehouse;
  uint64_t seed = 1;
};

double Seconds(std::chrono::steady_clock::time_point begin) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
}

int Run(const GenSsbArgs& args) {
  if (!(args.scale > 0)) return ReportError(Status::Invalid("--scale must be positive, got {}", args.scale));
  if (args.out.empty() && args.warehouse.empty()) {
    return ReportError(Status::Invalid("give --out DIR, --warehouse DIR or both"));
  }
  SsbFilesOptions files;
  files.scale = args.scale;
  files.seed = args.seed;
  if (args.format == "csv") {
    files.format = SsbFileFormat::kCsv;
  } else if (args.format == "parquet") {
    files.format = SsbFileFormat::kParquet;
  } else {
    return ReportError(Status::Invalid("--format must be csv or parquet, got '{}'", args.format));
  }
  std::shared_ptr<catalog::Catalog> catalog;
  if (!args.warehouse.empty()) {
    auto opened = catalog::Catalog::Open(args.warehouse);
    if (!opened.ok()) return ReportError(opened.status());
    catalog = *opened;
  }
  for (SsbTable table : kSsbTables) {
    const std::string name(SsbTableName(table));
    if (!args.out.empty()) {
      auto begin = std::chrono::steady_clock::now();
      auto rows = WriteSsbFile(args.out, table, files);
      if (!rows.ok()) return ReportError(rows.status());
      double s = Seconds(begin);
      std::printf("%s: %lld rows to %s/%s.%s in %.2f s (%.0f rows/s)\n", name.c_str(), static_cast<long long>(*rows),
                  args.out.c_str(), name.c_str(), args.format.c_str(), s, s > 0 ? static_cast<double>(*rows) / s : 0.0);
    }
    if (catalog) {
      auto begin = std::chrono::steady_clock::now();
      catalog::TableIdentifier id{kSsbNamespace, name};
      auto exists = catalog->TableExists(id);
      if (!exists.ok()) return ReportError(exists.status());
      auto created = *exists ? catalog->LoadTable(id) : CreateSsbTable(*catalog, table);
      if (!created.ok()) return ReportError(created.status());
      auto loaded = LoadSsbTable(*created, table, args.scale, args.seed);
      if (!loaded.ok()) return ReportError(loaded.status().WithContext(id.ToString()));
      if (loaded->already_committed) {
        std::printf("%s: already loaded at this scale and seed; nothing committed\n", id.ToString().c_str());
      } else {
        std::printf("%s: %lld rows in %lld files, %.2f s\n", id.ToString().c_str(),
                    static_cast<long long>(loaded->rows), static_cast<long long>(loaded->files), Seconds(begin));
      }
    }
  }
  return 0;
}

}  // namespace

void RegisterGenCommand(CLI::App& app, int* exit_code) {
  CLI::App* gen = app.add_subcommand("gen", "Generate benchmark data sets");
  gen->require_subcommand(1);
  auto args = std::make_shared<GenSsbArgs>();
  CLI::App* cmd = gen->add_subcommand("ssb", "The Star Schema Benchmark's five tables (lineorder, customer, supplier, part, date)");
  cmd->add_option("--scale", args->scale, "Scale factor (lineorder has about 6,000,000 x SF rows)")->capture_default_str();
  cmd->add_option("--out", args->out, "Directory for one file per table");
  cmd->add_option("--format", args->format, "File format: csv (with a header line) or parquet")->capture_default_str();
  cmd->add_option("--warehouse", args->warehouse, "Also create and load ssb.<table> in this warehouse");
  cmd->add_option("--seed", args->seed, "Random seed")->capture_default_str();
  cmd->callback([args, exit_code] { *exit_code = Run(*args); });
}

}  // namespace tributary::cli
