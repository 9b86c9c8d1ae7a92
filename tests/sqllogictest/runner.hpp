#pragma once

#include <string>
#include <vector>

#include "main/connection.hpp"
#include "test_file.hpp"

namespace tributary::sqllogictest {

struct RunCounts {
  int statements_passed = 0;
  int queries_passed = 0;
  int skipped = 0;
  int failed = 0;
};

/// Runs one .test file's records in order on a fresh warehouse in a new
/// temporary directory (removed afterwards), opened with `options`. Every
/// failure is printed to stderr as "file:line", the SQL, and expected vs
/// actual; a failed record does not stop the file. A query's cells compare as
/// PostgreSQL text, NULL as "NULL" and the empty string as "(empty)"; rows
/// are tab-separated, or one value per line when the expected lines number
/// rows × columns. `statement error`'s expected text must be a substring of
/// the error message or equal its SQLSTATE.
RunCounts RunTestFile(const std::string& path, const DatabaseOptions& options);

}  // namespace tributary::sqllogictest
