#include "parser/role_transform.hpp"

#include <cctype>

#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

[[noreturn]] void Unsupported(const std::string& what, int location = -1) {
  throw SqlError(what + " is not supported", "0A000", location);
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
    for (size_t j = 0; j < i; j++) {
      if (name == options[j]->def_elem->defname) throw SqlError("conflicting or redundant options", "42601", d->location);
    }
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

std::string RoleName(const PgQuery__Node* node) {
  if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_ROLE_SPEC) Unsupported("this role form");
  const PgQuery__RoleSpec* r = node->role_spec;
  switch (r->roletype) {
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING: return r->rolename;
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC: return "public";
    default: Unsupported("CURRENT_USER, CURRENT_ROLE and SESSION_USER as role names", r->location);
  }
}


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
    case PG_QUERY__NODE__NODE_ALTER_ROLE_SET_STMT: {
      const PgQuery__AlterRoleSetStmt* a = node->alter_role_set_stmt;
      if (a->role == nullptr) Unsupported("ALTER ROLE ALL SET");
      if (a->database != nullptr && *a->database != '\0') Unsupported("ALTER ROLE ... IN DATABASE");
      out->kind = Statement::Kind::kAlterRole;
      PgQuery__Node spec = PG_QUERY__NODE__INIT;
      spec.node_case = PG_QUERY__NODE__NODE_ROLE_SPEC;
      spec.role_spec = a->role;
      role->names.push_back(RoleName(&spec));
      role->set_setting = true;
      TransformVariableSet(a->setstmt, out);
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
    case PG_QUERY__NODE__NODE_GRANT_STMT: {
      const PgQuery__GrantStmt* g = node->grant_stmt;
      if (g->grant_option) Unsupported("WITH GRANT OPTION");
      if (g->grantor != nullptr) Unsupported("GRANTED BY");
      if (g->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) Unsupported("REVOKE ... CASCADE");
      out->kind = g->is_grant ? Statement::Kind::kGrant : Statement::Kind::kRevoke;
      const bool schema = g->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA;
      if (!schema && g->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
        Unsupported("GRANT and REVOKE on this kind of object (tables and schemas are)");
      }
      if (g->targtype == PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_ALL_IN_SCHEMA) {
        role->all_tables_in_schema = true;
        for (size_t i = 0; i < g->n_objects; i++) {
          if (g->objects[i]->node_case != PG_QUERY__NODE__NODE_STRING) Unsupported("this schema name form");
          role->objects.emplace_back(g->objects[i]->string->sval, "");
        }
      } else if (g->targtype != PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_OBJECT) {
        Unsupported("ALTER DEFAULT PRIVILEGES");
      } else if (schema) {
        role->on_schema = true;
        for (size_t i = 0; i < g->n_objects; i++) {
          if (g->objects[i]->node_case != PG_QUERY__NODE__NODE_STRING) Unsupported("this schema name form");
          role->objects.emplace_back(g->objects[i]->string->sval, "");
        }
      } else {
        for (size_t i = 0; i < g->n_objects; i++) {
          if (g->objects[i]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR) Unsupported("this table name form");
          const PgQuery__RangeVar* r = g->objects[i]->range_var;
          if (r->catalogname != nullptr && *r->catalogname) Unsupported("cross-database references");
          role->objects.emplace_back(r->schemaname ? r->schemaname : "", r->relname);
          if (role->location < 0) role->location = r->location;
        }
      }
      if (g->n_privileges == 0) role->names.push_back("ALL");  // ALL [PRIVILEGES]
      for (size_t i = 0; i < g->n_privileges; i++) {
        const PgQuery__AccessPriv* a = g->privileges[i]->access_priv;
        if (a->n_cols > 0) Unsupported("column privileges");
        std::string word = a->priv_name;
        for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        role->names.push_back(word);
      }
      for (size_t i = 0; i < g->n_grantees; i++) role->grantees.push_back(RoleName(g->grantees[i]));
      break;
    }
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
      const PgQuery__AlterTableStmt* a = node->alter_table_stmt;
      if (a->n_cmds != 1 || a->cmds[0]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD ||
          a->cmds[0]->alter_table_cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner) {
        return false;
      }
      out->kind = Statement::Kind::kAlterOwner;
      role->objects.emplace_back(a->relation->schemaname ? a->relation->schemaname : "", a->relation->relname);
      role->location = a->relation->location;
      PgQuery__Node spec{};
      spec.node_case = PG_QUERY__NODE__NODE_ROLE_SPEC;
      spec.role_spec = a->cmds[0]->alter_table_cmd->newowner;
      role->new_name = RoleName(&spec);
      out->if_exists = a->missing_ok;
      break;
    }
    case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT: {
      const PgQuery__AlterOwnerStmt* a = node->alter_owner_stmt;
      if (a->object_type != PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA || a->object == nullptr ||
          a->object->node_case != PG_QUERY__NODE__NODE_STRING) {
        Unsupported("ALTER ... OWNER TO for this kind of object (tables, views and schemas are)");
      }
      out->kind = Statement::Kind::kAlterOwner;
      role->on_schema = true;
      role->objects.emplace_back(a->object->string->sval, "");
      PgQuery__Node spec{};
      spec.node_case = PG_QUERY__NODE__NODE_ROLE_SPEC;
      spec.role_spec = a->newowner;
      role->new_name = RoleName(&spec);
      break;
    }
    default: return false;
  }
  out->role = std::move(role);
  return true;
}

}  // namespace tributary::sql
