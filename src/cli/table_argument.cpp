#include "cli/table_argument.hpp"

#include <cstdio>
#include <filesystem>

namespace tributary::cli {

Result<catalog::TableIdentifier> ParseTableArgument(const std::string& text) {
  if (text.empty()) return Status::Invalid("table name is empty");
  size_t dot = text.rfind('.');
  if (dot == std::string::npos) return catalog::TableIdentifier{"default", text};
  if (dot == 0 || dot + 1 == text.size()) return Status::Invalid("malformed table name '{}': expected NAMESPACE.TABLE", text);
  return catalog::TableIdentifier{text.substr(0, dot), text.substr(dot + 1)};
}

Result<std::shared_ptr<catalog::Catalog>> OpenExistingWarehouse(const std::string& warehouse) {
  if (!std::filesystem::exists(std::filesystem::path(warehouse) / "catalog.db")) {
    return Status::NotFound("'{}' is not a Tributary warehouse (no catalog.db)", warehouse);
  }
  return catalog::Catalog::Open(warehouse);
}

int ReportError(const Status& status) {
  std::fprintf(stderr, "error: %s\n", status.message().c_str());
  return 1;
}

}  // namespace tributary::cli
