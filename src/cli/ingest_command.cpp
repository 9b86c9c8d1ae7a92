// `tributary ingest --config FILE --region R [--date D]`: one region's load
// in the foreground, with progress on stderr and a summary on stdout; the
// orchestrator's `type: ingest` tasks run this same command.

#include <cstdio>

#include "cli/commands.hpp"
#include "cli/table_argument.hpp"
#include "cli/text_table.hpp"
#include "ingest/region_load.hpp"
#include "orchestrator/config.hpp"
#include "types/datetime.hpp"

namespace tributary::cli {

namespace {

struct IngestArgs {
  std::string config;
  std::string region;
  std::string date;
  std::string warehouse;
  std::string run_id;
};

std::string Megabytes(int64_t bytes) { return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6); }

int RunIngest(const IngestArgs& args) {
  orchestrator::ConfigParseResult parsed = orchestrator::ReadOrchestratorConfig(args.config);
  if (!parsed.config) {
    std::fputs(orchestrator::FormatConfigErrors(parsed.errors).c_str(), stderr);
    return 78;
  }
  ingest::RegionLoadOptions options;
  options.config = &*parsed.config;
  options.region = args.region;
  options.run_id = args.run_id;
  options.warehouse = args.warehouse.empty() ? parsed.config->warehouse : args.warehouse;
  if (options.warehouse.empty()) {
    std::fprintf(stderr, "ERROR: %s names no warehouse; pass --warehouse DIR\n", args.config.c_str());
    return 78;
  }
  if (!args.date.empty()) {
    auto date = datetime::ParseDate(args.date);
    if (!date.ok() || datetime::FormatDate(*date) != args.date) {
      std::fprintf(stderr, "ERROR: --date: expected a date as YYYY-MM-DD, got \"%s\"\n", args.date.c_str());
      return 64;
    }
    options.logical_date = *date;
  }
  options.progress = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  ingest::RegionLoadResult result = ingest::LoadRegion(options);

  TextTable table({"table", "target", "status", "rows read", "merged", "quarantined", "read", "written", "watermark",
                   "files"});
  for (const auto& t : result.tables) {
    const auto& r = t.record;
    std::string files = t.files_taken + t.files_skipped == 0
                            ? ""
                            : fmt::format("{} new, {} taken before{}", t.files_taken, t.files_skipped,
                                          t.files_resent ? fmt::format(", {} re-sent", t.files_resent) : "");
    table.AddRow({r.source_table, r.target, r.status, std::to_string(r.rows_read), std::to_string(r.rows_merged),
                  std::to_string(r.rows_quarantined), Megabytes(r.bytes_read), Megabytes(r.bytes_written),
                  r.watermark_to.empty() ? "-" : r.watermark_to, files});
  }
  std::printf("Region %s, run %s\n%s\n", result.region.c_str(), result.run_id.c_str(), table.Render().c_str());
  for (const auto& t : result.tables) {
    if (!t.schema_changes.empty()) std::printf("schema changes in %s: %s\n", t.record.source_table.c_str(), t.schema_changes.c_str());
    for (const auto& c : t.checks) {
      if (!c.passed) {
        std::printf("check %s (%s%s) failed: %s\n", c.name.c_str(), c.severity.c_str(), c.escalated ? ", escalated" : "",
                    c.detail.c_str());
      }
    }
    if (!t.quarantine_table.empty()) std::printf("quarantined rows: SELECT * FROM %s\n", t.quarantine_table.c_str());
  }
  if (result.exit_code != 0) std::fprintf(stderr, "ERROR: %s\n", result.error.c_str());
  return result.exit_code;
}

}  // namespace

void RegisterIngestCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* ingest = app.add_subcommand("ingest", "Load one region now: extract, check and merge into the warehouse");
  ingest->add_option("--config", args->config, "Orchestrator config (YAML) that describes the region")->required();
  ingest->add_option("--region", args->region, "Region to load")->required();
  ingest->add_option("--date", args->date, "Logical date YYYY-MM-DD (default: yesterday in the region's zone)");
  ingest->add_option("--warehouse", args->warehouse, "Warehouse directory (default: the config's warehouse)");
  ingest->add_option("--run-id", args->run_id, "Run id recorded in _run_id (default: region-date-time)");
  ingest->callback([args, exit_code] { *exit_code = RunIngest(*args); });
}

}  // namespace tributary::cli
