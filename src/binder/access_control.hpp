#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

/// The value of a catalog lookup; a failed lookup is 58030 naming the cause.
template <typename T>
T CatalogValue(Result<T> result) {
  if (!result.ok()) throw UserError("catalog lookup failed: " + result.status().ToString(), "58030");
  return std::move(result).value();
}

/// The rights a statement needs on a relation or schema (PostgreSQL's ACL
/// letters r, a, w, d, D for relations; U, C for schemas).
enum class Privilege : uint8_t { kSelect, kInsert, kUpdate, kDelete, kTruncate, kUsage, kCreate };

/// "SELECT", "INSERT", ... as GRANT spells them and the catalog stores them.
const char* PrivilegeName(Privilege privilege);

/// Whose privileges a role exercises: the role itself, with INHERIT every
/// role it belongs to (through roles that also inherit), and PUBLIC. A
/// superuser passes every check.
struct AccessRoles {
  std::string role = "admin";
  bool superuser = true;
  bool bypass_rls = false;         // the role's own BYPASSRLS (not inherited, as in PostgreSQL)
  std::vector<std::string> roles;  // includes `role` and "public"
};

/// Resolves `role`'s AccessRoles from the catalog; 42704 when it is gone.
AccessRoles ResolveAccessRoles(catalog::Catalog& catalog, const std::string& role);

/// The owner of a relation or schema ("admin" when none was recorded).
std::string ObjectOwner(catalog::Catalog& catalog, const std::string& kind, const std::string& ns,
                        const std::string& name);

/// Whether `access` may exercise `privilege` on the object: superuser, a
/// member of the owner, or a holder of the grant (directly, through a role,
/// or as PUBLIC).
bool HasAccess(catalog::Catalog& catalog, const AccessRoles& access, const std::string& kind, const std::string& ns,
               const std::string& name, Privilege privilege);

/// Throws 42501 `permission denied for schema s` unless `access` has USAGE
/// (or CREATE, for `privilege` kCreate) on schema `ns`. Everyone has USAGE
/// on public, as in PostgreSQL 15.
void CheckSchemaAccess(catalog::Catalog& catalog, const AccessRoles& access, const std::string& ns,
                       Privilege privilege, int location);

/// USAGE on the schema, then `privilege` on the relation: 42501 `permission
/// denied for table t` (or `view v`).
void CheckRelationAccess(catalog::Catalog& catalog, const AccessRoles& access, const std::string& ns,
                         const std::string& name, bool is_view, Privilege privilege, int location);

/// Throws 42501 `must be owner of table t` (kind_word: table, view, schema)
/// unless `access` is a superuser or a member of the owner.
void CheckOwner(catalog::Catalog& catalog, const AccessRoles& access, const std::string& kind, const std::string& ns,
                const std::string& name, const std::string& kind_word, int location);

}  // namespace tributary::sql
