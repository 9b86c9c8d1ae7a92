#pragma once

#include <string>
#include <vector>

#include "common/status.hpp"

namespace tributary::sqllogictest {

enum class RecordKind { kStatementOk, kStatementError, kQuery, kHalt, kModeSkip, kModeUnskip };

enum class SortMode { kNoSort, kRowSort, kValueSort };

/// One record of a .test file, with its loops already unrolled.
struct Record {
  RecordKind kind = RecordKind::kStatementOk;
  int line = 0;                    // 1-based line of the record's first line
  std::string sql;                 // statement text, lines joined by '\n'
  std::string column_types;        // query: one letter per column (I, R, T, …)
  SortMode sort = SortMode::kNoSort;
  std::vector<std::string> expected;  // query: expected lines; statement error: the message lines
  bool skipped = false;            // a skipif/onlyif condition excluded it
};

/// The engine name `skipif` / `onlyif` conditions are evaluated against.
constexpr const char* kEngineName = "tributary";

/// Parses the sqllogictest dialect DuckDB uses: `statement ok`,
/// `statement error` [`----` expected message substring], `query <types>
/// [nosort|rowsort|valuesort]` `----` expected rows, `# comments`, `halt`,
/// `skipif <engine>` / `onlyif <engine>` before a record, `mode skip` /
/// `mode unskip`, and `loop <var> <from> <to>` … `endloop` (to exclusive;
/// `${var}` in the body is replaced). Records are separated by blank lines.
/// Invalid names the line of an unknown directive or an unterminated loop.
Result<std::vector<Record>> ParseTestFile(const std::string& text);

}  // namespace tributary::sqllogictest
