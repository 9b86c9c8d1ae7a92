#include "cli/commands.hpp"

namespace tributary::cli {

void RegisterCommands(CLI::App& app, int* exit_code) {
  (void)app;
  (void)exit_code;
}

}  // namespace tributary::cli
