#include "ingest/source_common.hpp"

#include <strings.h>

#include <fmt/format.h>

namespace tributary::ingest {

Status SourceErrors::Fail(StatusCode code, std::string_view step, std::string_view message) const {
  std::string text = step.empty() ? std::string(message) : fmt::format("{}: {}", step, message);
  if (password.size() >= 4) {
    for (size_t at = text.find(password); at != std::string::npos; at = text.find(password, at)) {
      text.replace(at, password.size(), "***");
    }
  }
  return Status(code, fmt::format("region {}: {}: {}", region, source, text));
}

Result<std::vector<SourceColumn>> SelectColumns(const SourceErrors& errors, const std::vector<SourceColumn>& all,
                                                const ExtractRequest& request, const std::string& table,
                                                bool ignore_case) {
  auto find = [&](const std::string& name) -> const SourceColumn* {
    for (const auto& c : all) {
      if (ignore_case ? c.name.size() == name.size() && strncasecmp(c.name.c_str(), name.c_str(), name.size()) == 0
                      : c.name == name) {
        return &c;
      }
    }
    return nullptr;
  };
  if (!request.cursor.empty() && find(request.cursor) == nullptr) {
    return errors.Fail(StatusCode::kNotFound, "describe table",
                       fmt::format("cursor column \"{}\" is not a column of table \"{}\"", request.cursor, table));
  }
  if (request.columns.empty()) return all;
  std::vector<SourceColumn> picked;
  for (const auto& name : request.columns) {
    const SourceColumn* c = find(name);
    if (c == nullptr) {
      return errors.Fail(StatusCode::kNotFound, "describe table",
                         fmt::format("column \"{}\" is not a column of table \"{}\"", name, table));
    }
    picked.push_back(*c);
  }
  return picked;
}

}  // namespace tributary::ingest
