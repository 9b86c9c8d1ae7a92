// CREATE / ALTER / DROP POLICY and ALTER TABLE ... ROW LEVEL SECURITY: the
// catalog side of row-level security (the binder applies the policies; see
// src/binder/row_security.cpp). Only the table's owner (or a superuser)
// changes its policies; every change goes to the audit log.
#include <algorithm>

#include "binder/binder.hpp"
#include "main/statements.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

void Check(const Status& status) {
  if (status.ok()) return;
  if (status.code() == StatusCode::kAlreadyExists) throw SqlError(status.message(), "42710");
  if (status.code() == StatusCode::kNotFound) throw SqlError(status.message(), "42704");
  throw UserError("catalog update failed: " + status.ToString(), "58030");
}

catalog::TableIdentifier TableOf(const StatementContext& context, const PolicyStatement& p) {
  catalog::TableIdentifier id{p.schema.empty() ? std::string(kDefaultSchema) : p.schema, p.table};
  if (!CatalogValue(context.catalog->TableExists(id))) {
    throw SqlError("relation \"" + (p.schema.empty() ? p.table : p.schema + "." + p.table) + "\" does not exist",
                   "42P01", p.table_location);
  }
  CheckOwner(*context.catalog, context.identity.access, "relation", id.ns, id.name, "table", p.table_location);
  return id;
}

void CheckRoles(const StatementContext& context, const std::vector<std::string>& roles) {
  for (const auto& r : roles) {
    if (r != "public" && !CatalogValue(context.catalog->LoadRole(r))) {
      throw SqlError("role \"" + r + "\" does not exist", "42704");
    }
  }
}

/// TO PUBLIC is stored as no roles.
std::vector<std::string> StoredRoles(const std::vector<std::string>& roles) {
  if (roles.size() == 1 && roles[0] == "public") return {};
  return roles;
}

std::optional<catalog::PolicyRecord> FindPolicy(const StatementContext& context, const catalog::TableIdentifier& id,
                                                const std::string& name) {
  for (auto& p : CatalogValue(context.catalog->ListPolicies(id))) {
    if (p.name == name) return std::move(p);
  }
  return std::nullopt;
}

}  // namespace

QueryResult ExecutePolicyStatement(const StatementContext& context, const Statement& statement) {
  const PolicyStatement& s = *statement.policy;
  if (statement.kind == Statement::Kind::kDropPolicy) {
    catalog::TableIdentifier id{s.schema.empty() ? std::string(kDefaultSchema) : s.schema, s.table};
    if (!CatalogValue(context.catalog->TableExists(id))) {
      if (s.if_exists) return QueryResult::Command("DROP POLICY");
      throw SqlError("relation \"" + s.table + "\" does not exist", "42P01");
    }
    CheckOwner(*context.catalog, context.identity.access, "relation", id.ns, id.name, "table", -1);
    if (!FindPolicy(context, id, s.name)) {
      if (s.if_exists) return QueryResult::Command("DROP POLICY");
      throw SqlError("policy \"" + s.name + "\" for table \"" + s.table + "\" does not exist", "42704");
    }
    Check(context.catalog->DropPolicy(id, s.name));
    return QueryResult::Command("DROP POLICY");
  }

  catalog::TableIdentifier id = TableOf(context, s);
  CheckRoles(context, s.roles);
  Binder binder(context.catalog, context.identity);
  if (statement.kind == Statement::Kind::kCreatePolicy) {
    catalog::PolicyRecord p;
    p.ns = id.ns;
    p.table = id.name;
    p.name = s.name;
    p.permissive = s.permissive;
    p.command = s.command;
    p.roles = StoredRoles(s.roles);
    p.using_expr = s.using_text;
    p.check_expr = s.check_text;
    binder.CheckPolicyExpressions(p);
    Check(context.catalog->CreatePolicy(p));
    return QueryResult::Command("CREATE POLICY");
  }

  // ALTER POLICY
  std::optional<catalog::PolicyRecord> p = FindPolicy(context, id, s.name);
  if (!p) throw SqlError("policy \"" + s.name + "\" for table \"" + s.table + "\" does not exist", "42704");
  if (!s.new_name.empty()) {
    Check(context.catalog->RenamePolicy(id, s.name, s.new_name));
    return QueryResult::Command("ALTER POLICY");
  }
  if (!s.roles.empty()) p->roles = StoredRoles(s.roles);
  if (s.using_text) {
    if (p->command == "INSERT") throw SqlError("only WITH CHECK expression allowed for INSERT", "42601");
    p->using_expr = s.using_text;
  }
  if (s.check_text) {
    if (p->command == "SELECT" || p->command == "DELETE") {
      throw SqlError("WITH CHECK cannot be applied to SELECT or DELETE", "42601");
    }
    p->check_expr = s.check_text;
  }
  binder.CheckPolicyExpressions(*p);
  Check(context.catalog->UpdatePolicy(*p));
  return QueryResult::Command("ALTER POLICY");
}

bool ApplyRowSecurityCommands(const StatementContext& context, const catalog::TableIdentifier& id,
                              const std::vector<AlterCommand>& commands) {
  auto security = context.catalog->LoadRowSecurity(id);
  if (!security.ok()) throw UserError("catalog lookup failed: " + security.status().ToString(), "58030");
  catalog::RowSecurity updated = *security;
  bool any = false;
  for (const AlterCommand& c : commands) {
    switch (c.kind) {
      case AlterCommand::Kind::kEnableRowSecurity: updated.enabled = true; break;
      case AlterCommand::Kind::kDisableRowSecurity: updated.enabled = false; break;
      case AlterCommand::Kind::kForceRowSecurity: updated.forced = true; break;
      case AlterCommand::Kind::kNoForceRowSecurity: updated.forced = false; break;
      default: continue;
    }
    any = true;
  }
  if (any) Check(context.catalog->SetRowSecurity(id, updated));
  return any;
}

}  // namespace tributary::sql
