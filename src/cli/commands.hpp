#pragma once

#include <CLI/CLI.hpp>

namespace tributary::cli {

/// Each subcommand lives in its own file and registers itself here. A
/// command's callback sets the process exit code through `exit_code`.
void RegisterCommands(CLI::App& app, int* exit_code);

}  // namespace tributary::cli
