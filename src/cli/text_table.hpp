#pragma once

#include <string>
#include <vector>

namespace tributary::cli {

/// Rows of text laid out in aligned columns, psql-style:
///
///  id | name
/// ----+------
///  1  | EMEA
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  size_t num_rows() const { return rows_.size(); }
  std::string Render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

/// "1.5 MiB", "812 B".
std::string HumanBytes(int64_t bytes);

}  // namespace tributary::cli
