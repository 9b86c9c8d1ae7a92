#include "cli/commands.hpp"

namespace tributary::cli {

void RegisterParquetDumpCommand(CLI::App& app, int* exit_code);  // parquet_dump_command.cpp

void RegisterCommands(CLI::App& app, int* exit_code) {
  RegisterParquetDumpCommand(app, exit_code);
}

}  // namespace tributary::cli
