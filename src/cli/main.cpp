#include <cstdio>

#include "cli/commands.hpp"
#include "common/allocator_tuning.hpp"
#include "common/error.hpp"

int main(int argc, char** argv) {
  tributary::TuneAllocatorForLargeBuffers();
  CLI::App app{"Tributary: a self-hosted analytics warehouse for sales data"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "tributary 0.1.0");
  int exit_code = 0;
  tributary::cli::RegisterCommands(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const tributary::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return exit_code;
}
