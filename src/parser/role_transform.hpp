#pragma once

#include <pg_query/pg_query.pb-c.h>

#include "parser/ast.hpp"

namespace tributary::sql {

/// Fills `out` from a role statement's parse tree: CREATE/ALTER/DROP ROLE
/// (and USER), ALTER ROLE ... RENAME TO, GRANT/REVOKE role membership, and
/// SET ROLE / RESET ROLE. Returns false for any other node. Options and forms
/// Tributary does not keep fail with 0A000 naming them.
bool TransformRoleStatement(const PgQuery__Node* node, Statement* out);

/// A role named in a statement: its name, or "public" for PUBLIC; 0A000 for
/// CURRENT_USER, CURRENT_ROLE and SESSION_USER.
std::string RoleName(const PgQuery__Node* node);

/// Fills `out`'s name, setting_value and setting_reset from SET name = value,
/// SET name TO DEFAULT, RESET name or RESET ALL (parser.cpp).
void TransformVariableSet(const PgQuery__VariableSetStmt* v, Statement* out);

}  // namespace tributary::sql
