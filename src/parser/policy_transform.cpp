#include "parser/policy_transform.hpp"

#include <pg_query.h>

#include "parser/role_transform.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

[[noreturn]] void Unsupported(const std::string& what, int location = -1) {
  throw SqlError(what + " is not supported", "0A000", location);
}

std::vector<std::string> RoleNames(size_t n, PgQuery__Node** roles) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; i++) out.push_back(RoleName(roles[i]));
  // TO PUBLIC, alone or among others, is every role.
  for (const auto& r : out) {
    if (r == "public") return {"public"};
  }
  return out;
}

/// The text inside the parentheses after USING (or WITH CHECK) at the top
/// level of a policy statement, found with PostgreSQL's own lexer so quotes,
/// comments and nested parentheses are handled as the parser handled them.
std::optional<std::string> ClauseText(const std::string& text, bool with_check) {
  PgQueryScanResult result = pg_query_scan(text.c_str());
  struct Free {
    PgQueryScanResult* r;
    ~Free() { pg_query_free_scan_result(*r); }
  } free_result{&result};
  if (result.error != nullptr) throw SqlError(result.error->message, "42601");
  PgQuery__ScanResult* scan =
      pg_query__scan_result__unpack(nullptr, result.pbuf.len, reinterpret_cast<const uint8_t*>(result.pbuf.data));
  if (scan == nullptr) throw InternalError("could not decode the token list of a policy statement");
  struct FreeScan {
    PgQuery__ScanResult* s;
    ~FreeScan() { pg_query__scan_result__free_unpacked(s, nullptr); }
  } free_scan{scan};
  auto token = [&](size_t i) { return i < scan->n_tokens ? scan->tokens[i]->token : PG_QUERY__TOKEN__NUL; };
  int depth = 0;
  for (size_t i = 0; i < scan->n_tokens; i++) {
    PgQuery__Token t = token(i);
    if (t == PG_QUERY__TOKEN__ASCII_40) depth++;
    if (t == PG_QUERY__TOKEN__ASCII_41) depth--;
    if (depth != 0) continue;
    size_t open = 0;
    if (!with_check && t == PG_QUERY__TOKEN__USING) open = i + 1;
    if (with_check && (t == PG_QUERY__TOKEN__WITH || t == PG_QUERY__TOKEN__WITH_LA) &&
        token(i + 1) == PG_QUERY__TOKEN__CHECK) {
      open = i + 2;
    }
    if (open == 0 || token(open) != PG_QUERY__TOKEN__ASCII_40) continue;
    int nested = 0;
    for (size_t j = open; j < scan->n_tokens; j++) {
      if (token(j) == PG_QUERY__TOKEN__ASCII_40) nested++;
      if (token(j) == PG_QUERY__TOKEN__ASCII_41 && --nested == 0) {
        size_t begin = static_cast<size_t>(scan->tokens[open]->end);
        size_t end = static_cast<size_t>(scan->tokens[j]->start);
        return text.substr(begin, end - begin);
      }
    }
  }
  throw InternalError(std::string("could not find the ") + (with_check ? "WITH CHECK" : "USING") +
                      " expression of a policy statement");
}

void SetTable(const PgQuery__RangeVar* r, PolicyStatement* p) {
  if (r->catalogname != nullptr && *r->catalogname != '\0') Unsupported("cross-database references", r->location);
  p->schema = r->schemaname;
  p->table = r->relname;
  p->table_location = r->location;
}

}  // namespace

bool TransformPolicyStatement(const PgQuery__Node* node, Statement* out) {
  auto p = std::make_unique<PolicyStatement>();
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT: {
      const PgQuery__CreatePolicyStmt* c = node->create_policy_stmt;
      out->kind = Statement::Kind::kCreatePolicy;
      p->name = c->policy_name;
      SetTable(c->table, p.get());
      p->permissive = c->permissive;
      std::string cmd = c->cmd_name;
      p->command = cmd == "all" ? "ALL" : cmd == "select" ? "SELECT" : cmd == "insert" ? "INSERT"
                   : cmd == "update" ? "UPDATE" : cmd == "delete" ? "DELETE" : "";
      if (p->command.empty()) Unsupported("FOR " + cmd + " policies");
      p->roles = RoleNames(c->n_roles, c->roles);
      if (c->qual != nullptr) p->using_text = ClauseText(out->text, false);
      if (c->with_check != nullptr) p->check_text = ClauseText(out->text, true);
      // PostgreSQL's own checks on which clauses fit which command.
      if (p->command == "SELECT" && p->check_text) {
        throw SqlError("WITH CHECK cannot be applied to SELECT or DELETE", "42601");
      }
      if (p->command == "DELETE" && p->check_text) {
        throw SqlError("WITH CHECK cannot be applied to SELECT or DELETE", "42601");
      }
      if (p->command == "INSERT" && p->using_text) {
        throw SqlError("only WITH CHECK expression allowed for INSERT", "42601");
      }
      break;
    }
    case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT: {
      const PgQuery__AlterPolicyStmt* a = node->alter_policy_stmt;
      out->kind = Statement::Kind::kAlterPolicy;
      p->name = a->policy_name;
      SetTable(a->table, p.get());
      p->roles = RoleNames(a->n_roles, a->roles);
      if (a->qual != nullptr) p->using_text = ClauseText(out->text, false);
      if (a->with_check != nullptr) p->check_text = ClauseText(out->text, true);
      break;
    }
    case PG_QUERY__NODE__NODE_RENAME_STMT: {
      const PgQuery__RenameStmt* r = node->rename_stmt;
      if (r->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_POLICY) return false;
      out->kind = Statement::Kind::kAlterPolicy;
      p->name = r->subname;
      SetTable(r->relation, p.get());
      p->new_name = r->newname;
      p->if_exists = r->missing_ok;
      break;
    }
    case PG_QUERY__NODE__NODE_DROP_STMT: {
      const PgQuery__DropStmt* d = node->drop_stmt;
      if (d->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_POLICY) return false;
      if (d->n_objects != 1) Unsupported("dropping several policies in one statement");
      const PgQuery__List* names = d->objects[0]->list;
      // [schema,] table, policy
      if (names->n_items < 2 || names->n_items > 3) Unsupported("this DROP POLICY target");
      auto str = [&](size_t i) { return std::string(names->items[i]->string->sval); };
      p->name = str(names->n_items - 1);
      p->table = str(names->n_items - 2);
      if (names->n_items == 3) p->schema = str(0);
      p->if_exists = d->missing_ok;
      out->kind = Statement::Kind::kDropPolicy;
      break;
    }
    default: return false;
  }
  out->policy = std::move(p);
  return true;
}

}  // namespace tributary::sql
