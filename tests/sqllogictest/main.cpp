// sqllogictest [--vector-size N] [--no-optimizer] FILE.test...
// Runs each file on a fresh warehouse; exits non-zero when any record fails.

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "runner.hpp"

int main(int argc, char** argv) {
  tributary::DatabaseOptions options;
  std::vector<std::string> files;
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "--vector-size") == 0 && i + 1 < argc) {
      options.vector_size = static_cast<size_t>(std::strtoul(argv[++i], nullptr, 10));
    } else if (std::strcmp(argv[i], "--no-optimizer") == 0) {
      options.enable_optimizer = false;
    } else if (argv[i][0] == '-') {
      std::fprintf(stderr, "usage: %s [--vector-size N] [--no-optimizer] FILE.test...\n", argv[0]);
      return 2;
    } else {
      files.emplace_back(argv[i]);
    }
  }
  if (files.empty() || options.vector_size == 0) {
    std::fprintf(stderr, "usage: %s [--vector-size N] [--no-optimizer] FILE.test...\n", argv[0]);
    return 2;
  }
  tributary::sqllogictest::RunCounts total;
  for (const auto& file : files) {
    auto counts = tributary::sqllogictest::RunTestFile(file, options);
    total.statements_passed += counts.statements_passed;
    total.queries_passed += counts.queries_passed;
    total.skipped += counts.skipped;
    total.failed += counts.failed;
  }
  std::printf("%d queries passed, %d statements passed, %d skipped, %d failed\n", total.queries_passed,
              total.statements_passed, total.skipped, total.failed);
  return total.failed == 0 ? 0 : 1;
}
