// Orchestrator config commands: `tributary validate-config FILE` (every
// problem, as file:line:col: message) and `tributary schedule FILE --date D`
// (the day's planned starts and deadlines in each zone and in UTC).

#include <cstdio>

#include "cli/commands.hpp"
#include "cli/table_argument.hpp"
#include "orchestrator/config.hpp"
#include "orchestrator/timeline.hpp"
#include "types/datetime.hpp"

namespace tributary::cli {

namespace {

/// Reads the config, printing its errors to stderr when there are any.
std::optional<orchestrator::OrchestratorConfig> ReadConfig(const std::string& path) {
  orchestrator::ConfigParseResult result = orchestrator::ReadOrchestratorConfig(path);
  if (!result.config) {
    std::fputs(orchestrator::FormatConfigErrors(result.errors).c_str(), stderr);
    return std::nullopt;
  }
  return std::move(result.config);
}

std::string Counted(size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

int RunValidateConfig(const std::string& path) {
  auto config = ReadConfig(path);
  if (!config) return 1;
  std::printf("%s: OK (%s, %s)\n", path.c_str(), Counted(config->regions.size(), "region", "regions").c_str(),
              Counted(config->refreshes.size(), "refresh", "refreshes").c_str());
  return 0;
}

int RunSchedule(const std::string& path, const std::string& date_text) {
  orchestrator::Days date = datetime::TimestampToDays(datetime::NowMicros());
  if (!date_text.empty()) {
    auto parsed = datetime::ParseDate(date_text);
    if (!parsed.ok() || datetime::FormatDate(*parsed) != date_text) {
      return ReportError(Status::Invalid("--date: expected a date as YYYY-MM-DD, got \"{}\"", date_text));
    }
    date = *parsed;
  }
  auto config = ReadConfig(path);
  if (!config) return 1;
  std::printf("Runs planned on %s (%s)\n\n", datetime::FormatDate(date).c_str(), path.c_str());
  std::fputs(orchestrator::FormatTimeline(orchestrator::PlanDay(*config, date)).c_str(), stdout);
  return 0;
}

}  // namespace

void RegisterConfigCommands(CLI::App& app, int* exit_code) {
  auto validate_path = std::make_shared<std::string>();
  CLI::App* validate =
      app.add_subcommand("validate-config", "Check an orchestrator config file and list every problem");
  validate->add_option("file", *validate_path, "Orchestrator config (YAML)")->required();
  validate->callback([validate_path, exit_code] { *exit_code = RunValidateConfig(*validate_path); });

  struct ScheduleArgs {
    std::string path;
    std::string date;
  };
  auto schedule_args = std::make_shared<ScheduleArgs>();
  CLI::App* schedule =
      app.add_subcommand("schedule", "Show a day's planned runs: starts and deadlines in local time and UTC");
  schedule->add_option("file", schedule_args->path, "Orchestrator config (YAML)")->required();
  schedule->add_option("--date", schedule_args->date, "Calendar date YYYY-MM-DD (default: today, UTC)");
  schedule->callback(
      [schedule_args, exit_code] { *exit_code = RunSchedule(schedule_args->path, schedule_args->date); });
}

}  // namespace tributary::cli
