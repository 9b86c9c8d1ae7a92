#pragma once
// What the database connectors (source_postgres, source_mariadb,
// source_sqlite) share: how their errors read, and picking the requested
// columns of a table.

#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "ingest/source.hpp"

namespace tributary::ingest {

/// Whom a connector's errors name, and the password they must never show.
struct SourceErrors {
  std::string region;
  std::string source;    // "postgres 127.0.0.1:5432/sales"
  std::string password;  // masked as *** should a server echo it (4+ characters)

  /// "region EMEA: postgres 127.0.0.1:5432/sales: <step>: <message>" (no
  /// step when empty).
  Status Fail(StatusCode code, std::string_view step, std::string_view message) const;
};

/// The requested columns of `all` in the requested order (all of them when
/// none are named); the cursor and every named column must exist, else
/// NotFound at step "describe table". With `ignore_case` names compare
/// without regard to ASCII case (MariaDB, SQLite).
Result<std::vector<SourceColumn>> SelectColumns(const SourceErrors& errors, const std::vector<SourceColumn>& all,
                                                const ExtractRequest& request, const std::string& table,
                                                bool ignore_case);

}  // namespace tributary::ingest
