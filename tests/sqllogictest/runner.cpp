#include "runner.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tributary::sqllogictest {

namespace {

class TempWarehouse {
 public:
  TempWarehouse() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "trib-slt-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempWarehouse() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string Cell(const std::optional<std::string>& text) {
  if (!text) return "NULL";
  if (text->empty()) return "(empty)";
  return *text;
}

std::vector<std::vector<std::string>> ActualRows(const QueryResult& result) {
  std::vector<std::vector<std::string>> rows(result.row_count());
  for (size_t r = 0; r < rows.size(); r++) {
    for (size_t c = 0; c < result.column_types().size(); c++) rows[r].push_back(Cell(result.GetText(r, c)));
  }
  return rows;
}

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    cells.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return cells;
}

std::string Render(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); c++) {
      if (c > 0) out += '\t';
      out += row[c];
    }
    out += '\n';
  }
  return out.empty() ? "(no rows)\n" : out;
}

class FileRun {
 public:
  FileRun(std::string path, Connection* connection) : path_(std::move(path)), connection_(connection) {}

  void Fail(const Record& record, const std::string& what) {
    counts_.failed++;
    std::fprintf(stderr, "%s:%d: %s\n%s\n", path_.c_str(), record.line, what.c_str(), record.sql.c_str());
  }

  static std::string ErrorText(const QueryResult& result) {
    const QueryError& e = result.error();
    return "ERROR " + e.sqlstate + ": " + e.message;
  }

  void RunStatement(const Record& record) {
    QueryResult result = connection_->Query(record.sql);
    if (record.kind == RecordKind::kStatementOk) {
      if (!result.ok()) return Fail(record, "statement ok failed: " + ErrorText(result));
      counts_.statements_passed++;
      return;
    }
    if (result.ok()) return Fail(record, "statement error succeeded (tag '" + result.command_tag() + "')");
    if (!record.expected.empty()) {
      std::string expected;
      for (const auto& l : record.expected) expected += (expected.empty() ? "" : "\n") + l;
      const QueryError& e = result.error();
      if (e.message.find(expected) == std::string::npos && e.sqlstate != expected) {
        return Fail(record, "wrong error\n---- expected (substring or SQLSTATE)\n" + expected +
                                "\n---- actual\n" + ErrorText(result));
      }
    }
    counts_.statements_passed++;
  }

  void RunQuery(const Record& record) {
    QueryResult result = connection_->Query(record.sql);
    if (!result.ok()) return Fail(record, "query failed: " + ErrorText(result));
    const size_t columns = record.column_types.size();
    if (result.column_types().size() != columns) {
      return Fail(record, "expected " + std::to_string(columns) + " columns ('" + record.column_types + "'), got " +
                              std::to_string(result.column_types().size()));
    }
    auto actual = ActualRows(result);
    std::vector<std::vector<std::string>> expected;
    const bool one_value_per_line = columns > 1 && !record.expected.empty() &&
                                    record.expected[0].find('\t') == std::string::npos &&
                                    record.expected.size() % columns == 0;
    if (one_value_per_line) {
      for (size_t i = 0; i < record.expected.size(); i += columns) {
        expected.emplace_back(record.expected.begin() + static_cast<std::ptrdiff_t>(i),
                              record.expected.begin() + static_cast<std::ptrdiff_t>(i + columns));
      }
    } else {
      for (const auto& line : record.expected) expected.push_back(SplitTabs(line));
    }
    if (record.sort == SortMode::kRowSort) {
      std::sort(actual.begin(), actual.end());
      std::sort(expected.begin(), expected.end());
    } else if (record.sort == SortMode::kValueSort) {
      auto flatten = [](std::vector<std::vector<std::string>>& rows) {
        std::vector<std::string> values;
        for (auto& r : rows) values.insert(values.end(), r.begin(), r.end());
        std::sort(values.begin(), values.end());
        rows.clear();
        for (auto& v : values) rows.push_back({v});
      };
      flatten(actual);
      flatten(expected);
    }
    if (actual != expected) {
      return Fail(record, "wrong result\n---- expected\n" + Render(expected) + "---- actual\n" + Render(actual));
    }
    counts_.queries_passed++;
  }

  RunCounts Run(const std::vector<Record>& records) {
    bool skipping = false;
    for (const Record& record : records) {
      switch (record.kind) {
        case RecordKind::kHalt:
          if (record.skipped) continue;
          return counts_;
        case RecordKind::kModeSkip: skipping = !record.skipped || skipping; continue;
        case RecordKind::kModeUnskip: skipping = false; continue;
        default: break;
      }
      if (skipping || record.skipped) {
        counts_.skipped++;
        continue;
      }
      if (record.kind == RecordKind::kQuery) {
        RunQuery(record);
      } else {
        RunStatement(record);
      }
    }
    return counts_;
  }

 private:
  std::string path_;
  Connection* connection_;
  RunCounts counts_;
};

}  // namespace

RunCounts RunTestFile(const std::string& path, const DatabaseOptions& options) {
  RunCounts failed_to_start;
  failed_to_start.failed = 1;
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "%s: cannot open\n", path.c_str());
    return failed_to_start;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto records = ParseTestFile(text.str());
  if (!records.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), records.status().ToString().c_str());
    return failed_to_start;
  }
  TempWarehouse warehouse;
  if (warehouse.path().empty()) {
    std::fprintf(stderr, "%s: cannot create a temporary warehouse\n", path.c_str());
    return failed_to_start;
  }
  auto database = Database::Open(warehouse.path(), options);
  if (!database.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), database.status().ToString().c_str());
    return failed_to_start;
  }
  Connection connection(*database);
  return FileRun(path, &connection).Run(*records);
}

}  // namespace tributary::sqllogictest
