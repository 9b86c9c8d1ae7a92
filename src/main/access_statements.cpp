// GRANT/REVOKE of privileges on tables and schemas, ALTER ... OWNER TO, and
// the ownership bookkeeping of the statements that create and drop objects.

#include <algorithm>
#include <span>

#include "binder/access_control.hpp"
#include "main/statements.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

template <typename T>
T Check(Result<T> result) {
  if (!result.ok()) throw UserError("catalog update failed: " + result.status().ToString(), "58030");
  return std::move(result).value();
}

void Check(const Status& status) {
  if (!status.ok()) throw UserError("catalog update failed: " + status.ToString(), "58030");
}

std::string SchemaOf(const std::string& schema) { return schema.empty() ? kDefaultSchema : schema; }

bool SchemaExists(catalog::Catalog& catalog, const std::string& schema) {
  return Check(catalog.NamespaceExists(schema));
}

/// Whether `schema.name` is a table or a view; 42P01 when neither.
bool IsView(catalog::Catalog& catalog, const std::string& schema, const std::string& name, int location) {
  catalog::TableIdentifier id{schema, name};
  if (Check(catalog.TableExists(id))) return false;
  if (catalog.LoadView(id).ok()) return true;
  throw SqlError("relation \"" + name + "\" does not exist", "42P01", location);
}

/// The privileges a GRANT names, expanded and checked against the object kind.
std::vector<Privilege> PrivilegesOf(const RoleStatement& r) {
  std::vector<Privilege> out;
  for (const std::string& word : r.names) {
    if (word == "ALL") {
      if (r.on_schema) {
        out = {Privilege::kUsage, Privilege::kCreate};
      } else {
        out = {Privilege::kSelect, Privilege::kInsert, Privilege::kUpdate, Privilege::kDelete, Privilege::kTruncate};
      }
      return out;
    }
    static const std::pair<const char*, Privilege> kTable[] = {{"SELECT", Privilege::kSelect},
                                                               {"INSERT", Privilege::kInsert},
                                                               {"UPDATE", Privilege::kUpdate},
                                                               {"DELETE", Privilege::kDelete},
                                                               {"TRUNCATE", Privilege::kTruncate}};
    static const std::pair<const char*, Privilege> kSchema[] = {{"USAGE", Privilege::kUsage},
                                                                {"CREATE", Privilege::kCreate}};
    bool found = false;
    using Entries = std::span<const std::pair<const char*, Privilege>>;
    for (const auto& [name, p] : r.on_schema ? Entries(kSchema) : Entries(kTable)) {
      if (word == name) {
        out.push_back(p);
        found = true;
      }
    }
    if (!found) {
      if (word == "REFERENCES" || word == "TRIGGER") throw SqlError("privilege " + word + " is not supported", "0A000");
      throw SqlError(std::string("invalid privilege type ") + word + " for " + (r.on_schema ? "schema" : "relation"),
                     "0LP01");
    }
  }
  return out;
}

}  // namespace

void RecordOwner(const StatementContext& context, const std::string& kind, const std::string& ns,
                 const std::string& name) {
  Check(context.catalog->SetObjectOwner(kind, ns, name, context.identity.current_user));
}

void ForgetObject(const StatementContext& context, const std::string& kind, const std::string& ns,
                  const std::string& name) {
  Check(context.catalog->DropObjectAcl(kind, ns, name));
  if (kind == "relation") Check(context.catalog->DropRowSecurity({ns, name}));
}

QueryResult ExecuteGrant(const StatementContext& context, const Statement& statement) {
  catalog::Catalog& catalog = *context.catalog;
  const RoleStatement& r = *statement.role;
  const bool grant = statement.kind == Statement::Kind::kGrant;
  const AccessRoles& me = context.identity.access;
  std::vector<Privilege> privileges = PrivilegesOf(r);
  for (const std::string& grantee : r.grantees) {
    if (grantee != "public" && !Check(catalog.LoadRole(grantee))) {
      throw SqlError("role \"" + grantee + "\" does not exist", "42704");
    }
  }
  // (kind, ns, name, shown name, is_view) of every object named.
  struct Target {
    std::string kind, ns, name;
    bool is_view;
  };
  std::vector<Target> targets;
  for (const auto& [schema, name] : r.objects) {
    if (r.on_schema || r.all_tables_in_schema) {
      if (!SchemaExists(catalog, schema)) throw SqlError("schema \"" + schema + "\" does not exist", "3F000");
      if (r.on_schema) {
        targets.push_back({"schema", "", schema, false});
        continue;
      }
      for (const auto& t : Check(catalog.ListTables(schema))) targets.push_back({"relation", schema, t.name, false});
      for (const auto& v : Check(catalog.ListViews(schema))) targets.push_back({"relation", schema, v.name, true});
      continue;
    }
    const std::string ns = SchemaOf(schema);
    targets.push_back({"relation", ns, name, IsView(catalog, ns, name, r.location)});
  }
  for (const Target& t : targets) {
    // Without grant options only the owner (or a superuser) grants.
    if (!me.superuser &&
        std::find(me.roles.begin(), me.roles.end(), ObjectOwner(catalog, t.kind, t.ns, t.name)) == me.roles.end()) {
      throw SqlError(std::string("permission denied for ") + (t.kind == "schema" ? "schema " : t.is_view ? "view " : "table ") +
                         t.name,
                     "42501", r.location);
    }
    for (const std::string& grantee : r.grantees) {
      for (Privilege p : privileges) {
        if (grant) {
          Check(catalog.GrantPrivilege(t.kind, t.ns, t.name, grantee, PrivilegeName(p)));
        } else {
          Check(catalog.RevokePrivilege(t.kind, t.ns, t.name, grantee, PrivilegeName(p)));
        }
      }
    }
  }
  return QueryResult::Command(grant ? "GRANT" : "REVOKE");
}

QueryResult ExecuteAlterOwner(const StatementContext& context, const Statement& statement) {
  catalog::Catalog& catalog = *context.catalog;
  const RoleStatement& r = *statement.role;
  const AccessRoles& me = context.identity.access;
  std::string kind = "relation", ns, name, word;
  if (r.on_schema) {
    kind = "schema";
    name = r.objects[0].first;
    word = "schema";
    if (!SchemaExists(catalog, name)) throw SqlError("schema \"" + name + "\" does not exist", "3F000");
  } else {
    ns = SchemaOf(r.objects[0].first);
    name = r.objects[0].second;
    catalog::TableIdentifier id{ns, name};
    if (!Check(catalog.TableExists(id)) && !catalog.LoadView(id).ok()) {
      if (statement.if_exists) return QueryResult::Command("ALTER TABLE");
      throw SqlError("relation \"" + name + "\" does not exist", "42P01", r.location);
    }
    word = IsView(catalog, ns, name, r.location) ? "view" : "table";
  }
  if (r.new_name == "public" || !Check(catalog.LoadRole(r.new_name))) {
    throw SqlError("role \"" + r.new_name + "\" does not exist", "42704");
  }
  CheckOwner(catalog, me, kind, ns, name, word, r.location);
  // A non-superuser may give an object only to a role it belongs to.
  if (!me.superuser && !IsMemberOf(catalog, me.role, r.new_name)) {
    throw SqlError("must be able to SET ROLE \"" + r.new_name + "\"", "42501");
  }
  Check(catalog.SetObjectOwner(kind, ns, name, r.new_name));
  return QueryResult::Command(r.on_schema ? "ALTER SCHEMA" : "ALTER TABLE");
}

}  // namespace tributary::sql
