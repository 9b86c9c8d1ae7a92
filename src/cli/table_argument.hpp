#pragma once

#include <memory>
#include <string>

#include "catalog/catalog.hpp"
#include "common/status.hpp"

namespace tributary::cli {

/// "ns.table" (the last dot separates the table name; namespaces may hold
/// dots). A bare name means namespace "default".
Result<catalog::TableIdentifier> ParseTableArgument(const std::string& text);

/// Opens the catalog of an existing warehouse directory; NotFound naming the
/// directory when it holds no catalog (commands that read never create one).
Result<std::shared_ptr<catalog::Catalog>> OpenExistingWarehouse(const std::string& warehouse);

/// Prints "error: <status message>" to stderr and returns 1.
int ReportError(const Status& status);

}  // namespace tributary::cli
