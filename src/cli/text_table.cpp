#include "cli/text_table.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace tributary::cli {

namespace {

// Display width of UTF-8 text: count code points, not bytes.
size_t Width(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

std::string TextTable::Render() const {
  std::vector<size_t> widths(headers_.size());
  for (size_t c = 0; c < headers_.size(); c++) widths[c] = Width(headers_[c]);
  for (const auto& row : rows_) {
    for (size_t c = 0; c < row.size() && c < widths.size(); c++) widths[c] = std::max(widths[c], Width(row[c]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (size_t c = 0; c < widths.size(); c++) {
      const std::string cell = c < cells.size() ? cells[c] : "";
      out += c ? " | " : " ";
      out += cell;
      if (c + 1 < widths.size()) out.append(widths[c] - Width(cell), ' ');
    }
    out += '\n';
    return out;
  };
  std::string out = line(headers_);
  for (size_t c = 0; c < widths.size(); c++) {
    out += c ? "-+-" : "-";
    out.append(widths[c], '-');
  }
  out += "-\n";
  for (const auto& row : rows_) out += line(row);
  out += fmt::format("({} row{})\n", rows_.size(), rows_.size() == 1 ? "" : "s");
  return out;
}

std::string HumanBytes(int64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    u++;
  }
  return u == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", v, units[u]);
}

}  // namespace tributary::cli
