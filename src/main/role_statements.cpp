// CREATE/ALTER/DROP ROLE and GRANT/REVOKE role membership, with PostgreSQL
// 15's rules for who may do what and its messages.

#include <algorithm>
#include <limits>
#include <set>

#include "auth/scram.hpp"
#include "main/settings.hpp"
#include "main/statements.hpp"
#include "parser/sql_error.hpp"
#include "types/datetime.hpp"

namespace tributary::sql {

namespace {

[[noreturn]] void Fail(const Status& status) {
  throw SqlError(status.message(), status.code() == StatusCode::kNotFound ? "42704" : "XX000");
}

template <typename T>
T Check(Result<T> result) {
  if (!result.ok()) Fail(result.status());
  return std::move(result).value();
}

void Check(const Status& status) {
  if (!status.ok()) Fail(status);
}

[[noreturn]] void Denied(const std::string& message) { throw SqlError(message, "42501"); }

catalog::RoleRecord RequireRole(catalog::Catalog& catalog, const std::string& name) {
  auto role = Check(catalog.LoadRole(name));
  if (!role) throw SqlError("role \"" + name + "\" does not exist", "42704");
  return *role;
}

/// PostgreSQL reserves "public" and "none" and every name starting "pg_".
void CheckNotReserved(const std::string& name) {
  if (name == "public" || name == "none") throw SqlError("role name \"" + name + "\" is reserved", "42939");
  if (name.starts_with("pg_")) throw SqlError("role name \"" + name + "\" is reserved", "42939");
}

/// The text form of PASSWORD 'x': a SCRAM secret given as such is kept as it
/// is (as PostgreSQL does); anything else is a password, stored only as the
/// secret derived from it. An empty password clears it, as in PostgreSQL.
std::optional<std::string> SecretFor(const RoleStatement& role) {
  if (!role.password || role.password->empty()) return std::nullopt;
  if (role.password->starts_with("SCRAM-SHA-256$") && auth::ParseScramSecret(*role.password).ok()) {
    return *role.password;
  }
  if (role.password->size() == 35 && role.password->starts_with("md5")) {
    throw SqlError("MD5 password hashes are not supported: give the password or its SCRAM-SHA-256 secret", "0A000");
  }
  return Check(auth::MakeScramSecret(*role.password));
}

std::optional<int64_t> ValidUntil(const std::string& text) {
  if (text == "infinity") return std::nullopt;
  if (text == "-infinity") return std::numeric_limits<int64_t>::min();
  auto micros = datetime::ParseTimestamp(text);
  if (!micros.ok()) {
    throw SqlError("invalid input syntax for type timestamp with time zone: \"" + text + "\"", "22007");
  }
  int64_t v = *micros;
  return v >= 0 ? v / 1000 : -((-v + 999) / 1000);  // floor to milliseconds
}

void ApplyOptions(const RoleStatement& statement, catalog::RoleRecord* role) {
  if (statement.login) role->can_login = *statement.login;
  if (statement.superuser) role->superuser = *statement.superuser;
  if (statement.bypass_rls) role->bypass_rls = *statement.bypass_rls;
  if (statement.inherit) role->inherit = *statement.inherit;
  if (statement.create_role) role->create_role = *statement.create_role;
  if (statement.password_given) role->scram_secret = SecretFor(statement);
  if (statement.valid_until) role->valid_until_ms = ValidUntil(*statement.valid_until);
}

QueryResult CreateRole(const StatementContext& context, const RoleStatement& statement) {
  catalog::Catalog& catalog = *context.catalog;
  const catalog::RoleRecord me = RequireRole(catalog, context.identity.current_user);
  if (statement.superuser.value_or(false) && !me.superuser) Denied("must be superuser to create superusers");
  if (statement.bypass_rls.value_or(false) && !me.superuser) Denied("must be superuser to create bypassrls users");
  if (!me.superuser && !me.create_role) Denied("permission denied to create role");
  const std::string& name = statement.names[0];
  CheckNotReserved(name);
  catalog::RoleRecord role;
  role.name = name;
  role.can_login = statement.is_user;
  ApplyOptions(statement, &role);
  Status st = catalog.CreateRole(role);
  if (st.code() == StatusCode::kAlreadyExists) throw SqlError("role \"" + name + "\" already exists", "42710");
  Check(st);
  return QueryResult::Command("CREATE ROLE");
}

QueryResult RenameRole(const StatementContext& context, const RoleStatement& statement) {
  catalog::Catalog& catalog = *context.catalog;
  const std::string& from = statement.names[0];
  const std::string& to = statement.new_name;
  const catalog::RoleRecord role = RequireRole(catalog, from);
  if (from == context.identity.session_user) throw SqlError("session user cannot be renamed", "0A000");
  if (from == context.identity.current_user) throw SqlError("current user cannot be renamed", "0A000");
  if (from == Database::kBootstrapRole) throw SqlError("the bootstrap superuser cannot be renamed", "0A000");
  if (Check(catalog.LoadRole(to))) throw SqlError("role \"" + to + "\" already exists", "42710");
  CheckNotReserved(to);
  const catalog::RoleRecord me = RequireRole(catalog, context.identity.current_user);
  if (role.superuser && !me.superuser) Denied("must be superuser to rename superusers");
  if (!me.superuser && !me.create_role) Denied("permission denied to rename role");
  Check(catalog.RenameRole(from, to));
  return QueryResult::Command("ALTER ROLE");
}

/// ALTER ROLE r SET name = value / RESET name / RESET ALL: the role's
/// defaults for session settings, which its sessions take at start and at
/// SET ROLE.
QueryResult AlterRoleSetting(const StatementContext& context, const Statement& statement) {
  catalog::Catalog& catalog = *context.catalog;
  catalog::RoleRecord role = RequireRole(catalog, statement.role->names[0]);
  const catalog::RoleRecord me = RequireRole(catalog, context.identity.current_user);
  if (role.superuser ? !me.superuser : !me.superuser && !me.create_role) Denied("permission denied");
  if (statement.setting_reset && statement.name == "all") {
    Check(catalog.SetRoleSetting(role.name, "", std::nullopt));
  } else if (statement.setting_reset) {
    Check(catalog.SetRoleSetting(role.name, Settings::CanonicalName(statement.name), std::nullopt));
  } else {
    Check(catalog.SetRoleSetting(role.name, Settings::Validate(statement.name, statement.setting_value),
                                 statement.setting_value));
  }
  return QueryResult::Command("ALTER ROLE");
}

QueryResult AlterRole(const StatementContext& context, const RoleStatement& statement) {
  if (!statement.new_name.empty()) return RenameRole(context, statement);
  catalog::Catalog& catalog = *context.catalog;
  catalog::RoleRecord role = RequireRole(catalog, statement.names[0]);
  const catalog::RoleRecord me = RequireRole(catalog, context.identity.current_user);
  if (role.superuser || statement.superuser) {
    if (!me.superuser) Denied("must be superuser to alter superuser roles or change superuser attribute");
  } else if (statement.bypass_rls) {
    if (!me.superuser) Denied("must be superuser to change bypassrls attribute");
  } else if (!me.superuser && !me.create_role) {
    // A role may change its own password and nothing else.
    const bool own_password_only = role.name == me.name && statement.password_given && !statement.login &&
                                   !statement.inherit && !statement.create_role && !statement.valid_until;
    if (!own_password_only) Denied("permission denied");
  }
  if (role.name == Database::kBootstrapRole && statement.superuser && !*statement.superuser) {
    Denied("permission denied: bootstrap user must be superuser");
  }
  ApplyOptions(statement, &role);
  Check(catalog.UpdateRole(role));
  return QueryResult::Command("ALTER ROLE");
}

QueryResult DropRoles(const StatementContext& context, const Statement& statement) {
  catalog::Catalog& catalog = *context.catalog;
  const catalog::RoleRecord me = RequireRole(catalog, context.identity.current_user);
  if (!me.superuser && !me.create_role) Denied("permission denied to drop role");
  for (const std::string& name : statement.role->names) {
    auto role = Check(catalog.LoadRole(name));
    if (!role) {
      if (statement.if_exists) continue;  // PostgreSQL notices and skips it
      throw SqlError("role \"" + name + "\" does not exist", "42704");
    }
    if (name == context.identity.current_user) throw SqlError("current user cannot be dropped", "55006");
    if (name == context.identity.session_user) throw SqlError("session user cannot be dropped", "55006");
    if (name == Database::kBootstrapRole) {
      throw SqlError("cannot drop role " + name + " because it is required by the database system", "2BP01");
    }
    if (role->superuser && !me.superuser) Denied("must be superuser to drop superusers");
    auto owned = Check(catalog.ObjectsOwnedBy(name));
    if (!owned.empty()) {
      std::string detail;
      for (const auto& o : owned) detail += (detail.empty() ? "owner of " : ", owner of ") + o;
      throw SqlError("role \"" + name + "\" cannot be dropped because some objects depend on it", "2BP01", -1,
                     "Objects owned: " + detail + ". Change their owner with ALTER ... OWNER TO first.");
    }
    Check(catalog.DropRole(name));
  }
  return QueryResult::Command("DROP ROLE");
}

/// Every role `member` belongs to, directly or through other roles.
std::set<std::string> RolesOf(const std::vector<catalog::RoleMembership>& memberships, const std::string& member) {
  std::set<std::string> out;
  std::vector<std::string> pending{member};
  while (!pending.empty()) {
    std::string m = std::move(pending.back());
    pending.pop_back();
    for (const auto& g : memberships) {
      if (g.member == m && out.insert(g.role).second) pending.push_back(g.role);
    }
  }
  return out;
}

/// GRANT/REVOKE needs superuser for a superuser role; otherwise CREATEROLE or
/// the admin option on the role.
void CheckMayAdminister(const catalog::RoleRecord& me, const catalog::RoleRecord& role,
                        const std::vector<catalog::RoleMembership>& memberships) {
  if (me.superuser) return;
  if (role.superuser) Denied("must be superuser to alter superusers");
  if (me.create_role) return;
  for (const auto& g : memberships) {
    if (g.role == role.name && g.member == me.name && g.admin_option) return;
  }
  Denied("must have admin option on role \"" + role.name + "\"");
}

QueryResult GrantOrRevokeRoles(const StatementContext& context, const Statement& statement) {
  catalog::Catalog& catalog = *context.catalog;
  const RoleStatement& r = *statement.role;
  const bool grant = statement.kind == Statement::Kind::kGrantRole;
  const catalog::RoleRecord me = RequireRole(catalog, context.identity.current_user);
  for (const std::string& granted : r.names) {
    const catalog::RoleRecord role = RequireRole(catalog, granted);
    for (const std::string& member : r.grantees) {
      RequireRole(catalog, member);
      auto memberships = Check(catalog.ListRoleMemberships());
      CheckMayAdminister(me, role, memberships);
      if (grant) {
        if (granted == member || RolesOf(memberships, granted).count(member) > 0) {
          throw SqlError("role \"" + granted + "\" is a member of role \"" + member + "\"", "0LP01");
        }
        bool admin = r.admin_option;
        for (const auto& g : memberships) {
          if (g.role == granted && g.member == member) admin = admin || g.admin_option;
        }
        Check(catalog.GrantRoleMembership({granted, member, admin}));
      } else {
        auto it = std::find_if(memberships.begin(), memberships.end(),
                               [&](const auto& g) { return g.role == granted && g.member == member; });
        if (it == memberships.end()) continue;  // PostgreSQL warns and goes on
        if (r.admin_option) {
          Check(catalog.GrantRoleMembership({granted, member, false}));
        } else {
          Check(catalog.RevokeRoleMembership(granted, member));
        }
      }
    }
  }
  return QueryResult::Command(grant ? "GRANT ROLE" : "REVOKE ROLE");
}

}  // namespace

QueryResult ExecuteRoleStatement(const StatementContext& context, const Statement& statement) {
  switch (statement.kind) {
    case Statement::Kind::kCreateRole: return CreateRole(context, *statement.role);
    case Statement::Kind::kAlterRole:
      return statement.role->set_setting ? AlterRoleSetting(context, statement) : AlterRole(context, *statement.role);
    case Statement::Kind::kDropRole: return DropRoles(context, statement);
    case Statement::Kind::kGrantRole:
    case Statement::Kind::kRevokeRole: return GrantOrRevokeRoles(context, statement);
    default: throw InternalError("not a role statement");
  }
}

bool IsMemberOf(catalog::Catalog& catalog, const std::string& member, const std::string& role) {
  if (member == role) return true;
  return RolesOf(Check(catalog.ListRoleMemberships()), member).count(role) > 0;
}

}  // namespace tributary::sql
