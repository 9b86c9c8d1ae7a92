#pragma once

#include <string_view>
#include <vector>

#include "parser/ast.hpp"

namespace tributary::sql {

/// Parses one or more ';'-separated PostgreSQL statements with libpg_query
/// and transforms its parse tree into our AST. Throws SqlError 42601 with
/// the position libpg_query reports on a syntax error, and 0A000 naming the
/// construct for syntax PostgreSQL accepts but Tributary does not support.
std::vector<Statement> Parse(std::string_view sql);

}  // namespace tributary::sql
