#pragma once

#include <pg_query/pg_query.pb-c.h>

#include "parser/ast.hpp"

namespace tributary::sql {

/// Fills `out` from a row-level security statement's parse tree: CREATE
/// POLICY, ALTER POLICY (TO / USING / WITH CHECK, RENAME TO) and DROP
/// POLICY. `out->text` must hold the statement's text: the USING and WITH
/// CHECK expressions are kept as the SQL written there. Returns false for
/// any other node.
bool TransformPolicyStatement(const PgQuery__Node* node, Statement* out);

}  // namespace tributary::sql
