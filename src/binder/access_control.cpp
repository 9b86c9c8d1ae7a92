#include "binder/access_control.hpp"

#include <algorithm>

#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

bool Contains(const std::vector<std::string>& roles, const std::string& role) {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

}  // namespace

const char* PrivilegeName(Privilege privilege) {
  switch (privilege) {
    case Privilege::kSelect: return "SELECT";
    case Privilege::kInsert: return "INSERT";
    case Privilege::kUpdate: return "UPDATE";
    case Privilege::kDelete: return "DELETE";
    case Privilege::kTruncate: return "TRUNCATE";
    case Privilege::kUsage: return "USAGE";
    case Privilege::kCreate: return "CREATE";
  }
  return "?";
}

AccessRoles ResolveAccessRoles(catalog::Catalog& catalog, const std::string& role) {
  auto record = CatalogValue(catalog.LoadRole(role));
  if (!record) throw SqlError("role \"" + role + "\" does not exist", "42704");
  AccessRoles access;
  access.role = role;
  access.superuser = record->superuser;
  access.bypass_rls = record->bypass_rls;
  access.roles = {role};
  if (record->inherit) {
    auto memberships = CatalogValue(catalog.ListRoleMemberships());
    std::vector<std::string> pending{role};
    while (!pending.empty()) {
      std::string member = std::move(pending.back());
      pending.pop_back();
      for (const auto& m : memberships) {
        if (m.member != member || Contains(access.roles, m.role)) continue;
        access.roles.push_back(m.role);
        auto granted = CatalogValue(catalog.LoadRole(m.role));
        if (granted && granted->inherit) pending.push_back(m.role);
      }
    }
  }
  access.roles.push_back("public");
  return access;
}

std::string ObjectOwner(catalog::Catalog& catalog, const std::string& kind, const std::string& ns,
                        const std::string& name) {
  return CatalogValue(catalog.LoadObjectOwner(kind, ns, name)).value_or("admin");
}

bool HasAccess(catalog::Catalog& catalog, const AccessRoles& access, const std::string& kind, const std::string& ns,
               const std::string& name, Privilege privilege) {
  if (access.superuser) return true;
  if (Contains(access.roles, ObjectOwner(catalog, kind, ns, name))) return true;
  return CatalogValue(catalog.HasPrivilege(kind, ns, name, access.roles, PrivilegeName(privilege)));
}

void CheckSchemaAccess(catalog::Catalog& catalog, const AccessRoles& access, const std::string& ns,
                       Privilege privilege, int location) {
  if (access.superuser) return;
  if (privilege == Privilege::kUsage && ns == "public") return;
  if (!HasAccess(catalog, access, "schema", "", ns, privilege)) {
    throw SqlError("permission denied for schema " + ns, "42501", location);
  }
}

void CheckRelationAccess(catalog::Catalog& catalog, const AccessRoles& access, const std::string& ns,
                         const std::string& name, bool is_view, Privilege privilege, int location) {
  if (access.superuser) return;
  CheckSchemaAccess(catalog, access, ns, Privilege::kUsage, location);
  if (!HasAccess(catalog, access, "relation", ns, name, privilege)) {
    throw SqlError(std::string("permission denied for ") + (is_view ? "view " : "table ") + name, "42501", location);
  }
}

void CheckOwner(catalog::Catalog& catalog, const AccessRoles& access, const std::string& kind, const std::string& ns,
                const std::string& name, const std::string& kind_word, int location) {
  if (access.superuser) return;
  if (!Contains(access.roles, ObjectOwner(catalog, kind, ns, name))) {
    throw SqlError("must be owner of " + kind_word + " " + name, "42501", location);
  }
}

}  // namespace tributary::sql
