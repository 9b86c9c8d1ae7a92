#include "test_file.hpp"

#include <sstream>

namespace tributary::sqllogictest {

namespace {

std::vector<std::string> SplitWords(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  std::string w;
  while (in >> w) words.push_back(w);
  return words;
}

bool IsBlank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

struct Parser {
  std::vector<std::string> lines;
  size_t pos = 0;

  /// Lines up to a blank line or `----`; `pos` ends on the terminator.
  std::vector<std::string> Block(bool stop_at_dashes) {
    std::vector<std::string> block;
    while (pos < lines.size() && !IsBlank(lines[pos]) && !(stop_at_dashes && lines[pos] == "----")) {
      block.push_back(lines[pos++]);
    }
    return block;
  }

  static std::string Join(const std::vector<std::string>& block) {
    std::string out;
    for (const auto& l : block) {
      if (!out.empty()) out += '\n';
      out += l;
    }
    return out;
  }

  Status ParseUntil(std::vector<Record>* out, bool in_loop) {
    bool skip_next = false;
    while (pos < lines.size()) {
      std::string line = lines[pos];
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (IsBlank(line) || line[0] == '#') {
        pos++;
        continue;
      }
      const int line_no = static_cast<int>(pos) + 1;
      auto words = SplitWords(line);
      const std::string& head = words[0];
      if (head == "skipif" || head == "onlyif") {
        if (words.size() < 2) return Status::Invalid("line {}: {} needs an engine name", line_no, head);
        const bool match = words[1] == kEngineName;
        if ((head == "skipif") == match) skip_next = true;
        pos++;
        continue;
      }
      if (head == "endloop") {
        if (!in_loop) return Status::Invalid("line {}: endloop without loop", line_no);
        pos++;
        return Status::OK();
      }
      if (head == "loop") {
        if (words.size() != 4) return Status::Invalid("line {}: expected 'loop <var> <from> <to>'", line_no);
        pos++;
        std::vector<Record> body;
        Status body_status = ParseUntil(&body, true);
        if (!body_status.ok()) return body_status.WithContext(fmt::format("loop at line {}", line_no));
        const int from = std::stoi(words[2]);
        const int to = std::stoi(words[3]);
        const std::string var = "${" + words[1] + "}";
        for (int i = from; i < to; i++) {
          for (Record r : body) {
            r.sql = ReplaceAll(r.sql, var, std::to_string(i));
            for (auto& e : r.expected) e = ReplaceAll(e, var, std::to_string(i));
            out->push_back(std::move(r));
          }
        }
        continue;
      }
      Record record;
      record.line = line_no;
      record.skipped = skip_next;
      skip_next = false;
      pos++;
      if (head == "halt") {
        record.kind = RecordKind::kHalt;
      } else if (head == "mode") {
        if (words.size() == 2 && words[1] == "skip") {
          record.kind = RecordKind::kModeSkip;
        } else if (words.size() == 2 && words[1] == "unskip") {
          record.kind = RecordKind::kModeUnskip;
        } else {
          return Status::Invalid("line {}: unknown mode '{}'", line_no, line);
        }
      } else if (head == "statement") {
        if (words.size() < 2 || (words[1] != "ok" && words[1] != "error")) {
          return Status::Invalid("line {}: expected 'statement ok' or 'statement error'", line_no);
        }
        record.kind = words[1] == "ok" ? RecordKind::kStatementOk : RecordKind::kStatementError;
        record.sql = Join(Block(true));
        if (pos < lines.size() && lines[pos] == "----") {
          pos++;
          record.expected = Block(false);
        }
      } else if (head == "query") {
        if (words.size() < 2) return Status::Invalid("line {}: query needs column types", line_no);
        record.kind = RecordKind::kQuery;
        record.column_types = words[1];
        if (words.size() >= 3) {
          if (words[2] == "rowsort") {
            record.sort = SortMode::kRowSort;
          } else if (words[2] == "valuesort") {
            record.sort = SortMode::kValueSort;
          } else if (words[2] != "nosort") {
            return Status::Invalid("line {}: unknown sort mode '{}'", line_no, words[2]);
          }
        }
        record.sql = Join(Block(true));
        if (pos < lines.size() && lines[pos] == "----") {
          pos++;
          record.expected = Block(false);
        }
      } else {
        return Status::Invalid("line {}: unknown directive '{}'", line_no, head);
      }
      if (record.kind != RecordKind::kHalt && record.kind != RecordKind::kModeSkip &&
          record.kind != RecordKind::kModeUnskip && record.sql.empty()) {
        return Status::Invalid("line {}: record without SQL", line_no);
      }
      out->push_back(std::move(record));
    }
    if (in_loop) return Status::Invalid("loop without endloop");
    return Status::OK();
  }
};

}  // namespace

Result<std::vector<Record>> ParseTestFile(const std::string& text) {
  Parser parser;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    parser.lines.push_back(line);
  }
  std::vector<Record> records;
  TRIB_RETURN_NOT_OK(parser.ParseUntil(&records, false));
  return records;
}

}  // namespace tributary::sqllogictest
