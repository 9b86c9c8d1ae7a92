#include "parser/role_transform.hpp"

#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

[[noreturn]] void Unsupported(const std::string& what, int location = -1) {
  throw SqlError(what + " is not supported", "0A000", location);
}

/// A role named in a statement. CURRENT_USER, SESSION_USER and CURRENT_ROLE
/// are kept as those words, which the executor resolves; PUBLIC as "public".
std::string RoleName(const PgQuery__Node* node) {
  if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_ROLE_SPEC) Unsupported("this role form");
  const PgQuery__RoleSpec* r = node->role_spec;
  switch (r->roletype) {
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING: return r->rolename;
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC: return "public";
    default: Unsupported("CURRENT_USER, CURRENT_ROLE and SESSION_USER as role names", r->location);
  }
}

bool BoolOf(const PgQuery__DefElem* d) {
  if (d->arg != nullptr && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN) return d->arg->boolean->boolval;
  if (d->arg != nullptr && d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER) return d->arg->integer->ival != 0;
  return true;
}

void TransformRoleOptions(size_t n, PgQuery__Node** options, RoleStatement* role) {
  for (size_t i = 0; i < n; i++) {
    const PgQuery__DefElem* d = options[i]->def_elem;
    const std::string name = d->defname;
    if (name == "canlogin") {
      role->login = BoolOf(d);
    } else if (name == "superuser") {
      role->superuser = BoolOf(d);
    } else if (name == "bypassrls") {
      role->bypass_rls = BoolOf(d);
    } else if (name == "inherit") {
      role->inherit = BoolOf(d);
    } else if (name == "createrole") {
      role->create_role = BoolOf(d);
    } else if (name == "password") {
      role->password_given = true;
      if (d->arg != nullptr) {
        if (d->arg->node_case != PG_QUERY__NODE__NODE_STRING) Unsupported("this PASSWORD value", d->location);
        role->password = d->arg->string->sval;
      }
    } else if (name == "validUntil") {
      if (d->arg == nullptr || d->arg->node_case != PG_QUERY__NODE__NODE_STRING) {
        Unsupported("this VALID UNTIL value", d->location);
      }
      role->valid_until = d->arg->string->sval;
    } else {
      static const std::pair<const char*, const char*> kWords[] = {
          {"createdb", "CREATEDB"},         {"isreplication", "REPLICATION"}, {"connectionlimit", "CONNECTION LIMIT"},
          {"addroleto", "IN ROLE"},         {"rolemembers", "ROLE/USER"},     {"adminmembers", "ADMIN"},
          {"sysid", "SYSID"}};
      std::string word = name;
      for (const auto& [key, text] : kWords) {
        if (name == key) word = text;
      }
      Unsupported("role option " + word, d->location);
    }
  }
}

}  // namespace

bool TransformRoleStatement(const PgQuery__Node* node, Statement* out) {
  auto role = std::make_unique<RoleStatement>();
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT: {
      const PgQuery__CreateRoleStmt* c = node->create_role_stmt;
      if (c->stmt_type == PG_QUERY__ROLE_STMT_TYPE__ROLESTMT_GROUP) Unsupported("CREATE GROUP");
      out->kind = Statement::Kind::kCreateRole;
      role->names.push_back(c->role);
      role->is_user = c->stmt_type == PG_QUERY__ROLE_STMT_TYPE__ROLESTMT_USER;
      TransformRoleOptions(c->n_options, c->options, role.get());
      break;
    }
    case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT: {
      const PgQuery__AlterRoleStmt* a = node->alter_role_stmt;
      if (a->action != 1) Unsupported("ALTER GROUP");  // +1 adds members, -1 drops them
      out->kind = Statement::Kind::kAlterRole;
      PgQuery__Node spec{};
      spec.node_case = PG_QUERY__NODE__NODE_ROLE_SPEC;
      spec.role_spec = a->role;
      role->names.push_back(RoleName(&spec));
      TransformRoleOptions(a->n_options, a->options, role.get());
      break;
    }
    case PG_QUERY__NODE__NODE_DROP_ROLE_STMT: {
      const PgQuery__DropRoleStmt* d = node->drop_role_stmt;
      out->kind = Statement::Kind::kDropRole;
      for (size_t i = 0; i < d->n_roles; i++) role->names.push_back(RoleName(d->roles[i]));
      out->if_exists = d->missing_ok;
      break;
    }
    case PG_QUERY__NODE__NODE_RENAME_STMT: {
      const PgQuery__RenameStmt* r = node->rename_stmt;
      if (r->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_ROLE) return false;
      out->kind = Statement::Kind::kAlterRole;
      role->names.push_back(r->subname);
      role->new_name = r->newname;
      break;
    }
    case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT: {
      const PgQuery__GrantRoleStmt* g = node->grant_role_stmt;
      if (g->grantor != nullptr) Unsupported("GRANTED BY");
      if (g->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) Unsupported("REVOKE ... CASCADE");
      out->kind = g->is_grant ? Statement::Kind::kGrantRole : Statement::Kind::kRevokeRole;
      for (size_t i = 0; i < g->n_granted_roles; i++) {
        const PgQuery__Node* granted = g->granted_roles[i];
        if (granted->node_case != PG_QUERY__NODE__NODE_ACCESS_PRIV) Unsupported("this granted role form");
        role->names.push_back(granted->access_priv->priv_name);
      }
      for (size_t i = 0; i < g->n_grantee_roles; i++) role->grantees.push_back(RoleName(g->grantee_roles[i]));
      role->admin_option = g->admin_opt;
      break;
    }
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT: {
      const PgQuery__VariableSetStmt* v = node->variable_set_stmt;
      if (v->name == nullptr || std::string_view(v->name) != "role") return false;
      out->kind = Statement::Kind::kSetRole;
      if (v->is_local) Unsupported("SET LOCAL ROLE");
      if (v->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET) {
        role->reset = true;
      } else if (v->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT) {
        role->names.push_back("none");
      } else if (v->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE && v->n_args == 1 &&
                 v->args[0]->node_case == PG_QUERY__NODE__NODE_A_CONST &&
                 v->args[0]->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
        role->names.push_back(v->args[0]->a_const->sval->sval);
        role->location = v->args[0]->a_const->location;
      } else {
        Unsupported("this SET ROLE form");
      }
      break;
    }
    default: return false;
  }
  out->role = std::move(role);
  return true;
}

}  // namespace tributary::sql
