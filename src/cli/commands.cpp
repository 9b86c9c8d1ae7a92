#include "cli/commands.hpp"

namespace tributary::cli {

// One line per subcommand; each is defined in its own *_command.cpp.
void RegisterParquetDumpCommand(CLI::App& app, int* exit_code);
void RegisterInspectCommand(CLI::App& app, int* exit_code);
void RegisterGenerateCommand(CLI::App& app, int* exit_code);
void RegisterMaintenanceCommands(CLI::App& app, int* exit_code);
void RegisterSqlCommand(CLI::App& app, int* exit_code);
void RegisterGenCommand(CLI::App& app, int* exit_code);
void RegisterServeCommand(CLI::App& app, int* exit_code);
void RegisterOrchestrateCommands(CLI::App& app, int* exit_code);
void RegisterConfigCommands(CLI::App& app, int* exit_code);
void RegisterIngestCommand(CLI::App& app, int* exit_code);
void RegisterDemoCommand(CLI::App& app, int* exit_code);

void RegisterCommands(CLI::App& app, int* exit_code) {
  RegisterParquetDumpCommand(app, exit_code);
  RegisterInspectCommand(app, exit_code);
  RegisterGenerateCommand(app, exit_code);
  RegisterMaintenanceCommands(app, exit_code);
  RegisterSqlCommand(app, exit_code);
  RegisterGenCommand(app, exit_code);
  RegisterServeCommand(app, exit_code);
  RegisterOrchestrateCommands(app, exit_code);
  RegisterConfigCommands(app, exit_code);
  RegisterIngestCommand(app, exit_code);
  RegisterDemoCommand(app, exit_code);
}

}  // namespace tributary::cli
