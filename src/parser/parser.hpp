#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/ast.hpp"

namespace tributary::sql {

/// Parses one or more ';'-separated PostgreSQL statements with libpg_query
/// and transforms its parse tree into our AST. A parameter ($1) fails with
/// 42P02 (there are no values for it). Throws SqlError 42601 with
/// the position libpg_query reports on a syntax error, and 0A000 naming the
/// construct for syntax PostgreSQL accepts but Tributary does not support.
std::vector<Statement> Parse(std::string_view sql);

/// Values for a statement's parameters $1, $2, ... (the extended protocol's
/// Bind): each is the parameter's text, or nullopt for NULL. A parameter
/// becomes a literal in the parse tree, never SQL text: untyped like a quoted
/// literal (its type comes from context, as PostgreSQL types an unspecified
/// parameter), or cast to `types[i]` when that is given (a SQL type name).
struct ParameterValues {
  std::vector<std::optional<std::string>> values;
  std::vector<std::string> types;  // per parameter, "" for unspecified; may be shorter than values
  /// Describing a statement before its values are known: every $n is a NULL
  /// of its declared type (untyped when undeclared), however many there are.
  bool placeholders = false;
};

/// Parse() for a statement with parameters. A $n beyond `params->values`
/// fails with 42P02; `*highest` (when given) is set to the largest n used.
std::vector<Statement> Parse(std::string_view sql, const ParameterValues& params, int* highest = nullptr);

}  // namespace tributary::sql
