// Row-level security with PostgreSQL's semantics.
//
// A table with row security enabled is read through a security-barrier
// filter right above its scan: the OR of the USING expressions of the
// permissive policies that apply to the statement's user and command, AND
// each applicable restrictive policy's. With no applicable permissive
// policy the filter is FALSE: row security fails closed. Nothing of the
// query runs on a row the filter drops (the optimizer keeps the query's
// conjuncts above it; see PushFilters), so neither a function of the query
// nor an error it raises can reveal a hidden row. Rows a statement writes
// pass the WITH CHECK expressions (USING where a policy has none), or the
// statement fails with 42501 before anything is committed.
//
// Policies apply to the querying user wherever the table is read: in a
// view, a CTE, a subquery, a time-travel read of an old snapshot. Superusers,
// BYPASSRLS roles and the table's owner (unless FORCE ROW LEVEL SECURITY)
// are not subject to them.
#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "binder/binder.hpp"
#include "binder/expression_binder.hpp"
#include "parser/parser.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

const char* CommandName(Privilege command) {
  switch (command) {
    case Privilege::kInsert: return "INSERT";
    case Privilege::kUpdate: return "UPDATE";
    case Privilege::kDelete: return "DELETE";
    default: return "SELECT";
  }
}

BoundExprPtr Combine(BoundKind kind, std::vector<BoundExprPtr> children) {
  if (children.size() == 1) return std::move(children[0]);
  auto e = std::make_unique<BoundExpr>();
  e->kind = kind;
  e->type = LogicalType::Boolean();
  e->children = std::move(children);
  return e;
}

BoundExprPtr False() { return BoundExpr::Constant(Value::Boolean(false)); }

/// Sets a queue aside for the scope's lifetime (policy subqueries join the
/// table's scan, not the query around it) and puts it back.
template <typename T>
class SetAside {
 public:
  explicit SetAside(std::vector<T>* queue) : queue_(queue), saved_(std::move(*queue)) { queue_->clear(); }
  ~SetAside() { *queue_ = std::move(saved_); }

 private:
  std::vector<T>* queue_;
  std::vector<T> saved_;
};

/// A policy expression's text parsed as `SELECT (text)`. Parsing costs
/// more than binding, and the same few policies are applied to query after
/// query, so parsed expressions are kept (syntax trees are read-only once
/// built), up to a bound.
std::shared_ptr<const Statement> ParsePolicyExpression(const catalog::PolicyRecord& policy, const std::string& text) {
  static std::mutex mu;
  static std::unordered_map<std::string, std::shared_ptr<const Statement>> parsed_texts;
  {
    std::lock_guard lock(mu);
    auto it = parsed_texts.find(text);
    if (it != parsed_texts.end()) return it->second;
  }
  std::vector<Statement> parsed;
  try {
    parsed = Parse("SELECT (" + text + ")");
  } catch (const SqlError& e) {
    throw SqlError("policy \"" + policy.name + "\" on table \"" + policy.table + "\" cannot be parsed: " + e.what(),
                   "XX000");
  }
  if (parsed.size() != 1 || !parsed[0].select || parsed[0].select->targets.size() != 1) {
    throw InternalError("the expression of policy \"" + policy.name + "\" is not one expression");
  }
  auto statement = std::make_shared<const Statement>(std::move(parsed[0]));
  std::lock_guard lock(mu);
  if (parsed_texts.size() >= 4096) parsed_texts.clear();
  parsed_texts.emplace(text, statement);
  return statement;
}

}  // namespace

void Binder::CheckPolicyExpressions(const catalog::PolicyRecord& policy) {
  auto table = LoadTable(policy.ns, policy.table, -1);
  ScopeTable entry;
  entry.name = policy.table;
  entry.table_index = next_table_index_++;
  for (const auto& f : table->metadata()->current_schema()->fields()) {
    entry.columns.push_back(f.name);
    entry.types.push_back(f.type);
  }
  SetAside queued(&pending_);
  if (policy.using_expr) BindPolicyExpression(policy, *policy.using_expr, entry);
  if (policy.check_expr) BindPolicyExpression(policy, *policy.check_expr, entry);
}

std::optional<std::vector<catalog::PolicyRecord>> Binder::RowSecurityPolicies(const catalog::TableIdentifier& id) {
  const AccessRoles& user = identity_.access;
  if (user.superuser || user.bypass_rls) return std::nullopt;
  catalog::RowSecurity security = CatalogValue(catalog_->LoadRowSecurity(id));
  if (!security.enabled) return std::nullopt;
  if (!security.forced) {
    const std::string owner = ObjectOwner(*catalog_, "relation", id.ns, id.name);
    if (std::find(user.roles.begin(), user.roles.end(), owner) != user.roles.end()) return std::nullopt;
  }
  std::vector<catalog::PolicyRecord> applicable;
  for (auto& p : CatalogValue(catalog_->ListPolicies(id))) {
    bool to_user = p.roles.empty();
    for (const auto& r : p.roles) {
      to_user |= r == "public" || std::find(user.roles.begin(), user.roles.end(), r) != user.roles.end();
    }
    if (to_user) applicable.push_back(std::move(p));
  }
  return applicable;
}

BoundExprPtr Binder::BindPolicyExpression(const catalog::PolicyRecord& policy, const std::string& text,
                                          const ScopeTable& entry) {
  const std::string table = policy.ns + "." + policy.table;
  if (std::find(securing_.begin(), securing_.end(), table) != securing_.end()) {
    throw SqlError("infinite recursion detected in policy for relation \"" + policy.table + "\"", "42P17");
  }
  policy_expressions_.push_back(ParsePolicyExpression(policy, text));
  const Expr& expr = *policy_expressions_.back()->select->targets[0].expr;
  // The policy sees its table's columns only, and reads other tables (a
  // mapping table in a subquery) with the querying user's rights.
  std::vector<const CommonTableExpr*> saved_ctes = std::move(ctes_);
  std::vector<const Scope*> saved_outer = std::move(outer_scopes_);
  AccessRoles saved_access = access_;
  ctes_.clear();
  outer_scopes_.clear();
  access_ = identity_.access;
  securing_.push_back(table);
  BoundExprPtr bound;
  try {
    Scope scope{entry};
    ExpressionBinder binder(this, &scope, "POLICY");
    binder.ForbidAggregates();
    bound = binder.BindCondition(expr);
  } catch (...) {
    ctes_ = std::move(saved_ctes);
    outer_scopes_ = std::move(saved_outer);
    access_ = std::move(saved_access);
    securing_.pop_back();
    throw;
  }
  ctes_ = std::move(saved_ctes);
  outer_scopes_ = std::move(saved_outer);
  access_ = std::move(saved_access);
  securing_.pop_back();
  return bound;
}

BoundExprPtr Binder::PolicyPredicate(const std::vector<catalog::PolicyRecord>& policies, Privilege command,
                                     bool with_check, const ScopeTable& entry) {
  const std::string name = CommandName(command);
  std::vector<BoundExprPtr> permissive, restrictive;
  for (const auto& p : policies) {
    if (p.command != "ALL" && p.command != name) continue;
    // WITH CHECK falls back to USING when a policy has none.
    const std::optional<std::string>& text = with_check && p.check_expr ? p.check_expr : p.using_expr;
    if (!text) continue;
    (p.permissive ? permissive : restrictive).push_back(BindPolicyExpression(p, *text, entry));
  }
  if (permissive.empty()) return False();  // fail closed
  std::vector<BoundExprPtr> all;
  all.push_back(Combine(BoundKind::kOr, std::move(permissive)));
  for (auto& r : restrictive) all.push_back(std::move(r));
  return Combine(BoundKind::kAnd, std::move(all));
}

LogicalPtr Binder::ApplyRowSecurity(LogicalPtr plan, const catalog::TableIdentifier& id, const ScopeTable& entry,
                                    const std::vector<Privilege>& commands) {
  auto policies = RowSecurityPolicies(id);
  if (!policies) return plan;
  SetAside queued(&pending_);
  std::vector<BoundExprPtr> conjuncts;
  for (Privilege command : commands) {
    if (command == Privilege::kInsert) continue;  // INSERT policies only check new rows
    conjuncts.push_back(PolicyPredicate(*policies, command, false, entry));
  }
  if (conjuncts.empty()) conjuncts.push_back(PolicyPredicate(*policies, Privilege::kSelect, false, entry));
  auto filter = std::make_unique<LogicalOperator>();
  filter->kind = LogicalKind::kFilter;
  filter->security_barrier = true;
  filter->predicate = Combine(BoundKind::kAnd, std::move(conjuncts));
  filter->children.push_back(ApplySubqueries(std::move(plan)));
  return filter;
}

LogicalPtr Binder::ApplyRowSecurityCheck(LogicalPtr plan, const catalog::TableIdentifier& id,
                                         const ScopeTable& entry,
                                         std::vector<std::pair<Privilege, BoundExprPtr>> guards) {
  auto policies = RowSecurityPolicies(id);
  if (!policies || guards.empty()) return plan;
  SetAside queued(&pending_);
  const std::vector<ColumnBinding> bindings = plan->bindings();
  const std::vector<LogicalType> types = plan->types();
  auto filter = std::make_unique<LogicalOperator>();
  filter->kind = LogicalKind::kFilter;
  std::vector<BoundExprPtr> checks;
  for (auto& [command, rows] : guards) {
    BoundExprPtr check = PolicyPredicate(*policies, command, true, entry);
    if (rows) {
      // CASE WHEN <rows of this command> THEN <check> ELSE true END: the
      // check runs only on the rows it governs.
      auto e = std::make_unique<BoundExpr>();
      e->kind = BoundKind::kCase;
      e->type = LogicalType::Boolean();
      e->has_else = true;
      e->children.push_back(std::move(rows));
      e->children.push_back(std::move(check));
      e->children.push_back(BoundExpr::Constant(Value::Boolean(true)));
      check = std::move(e);
    }
    checks.push_back(std::move(check));
  }
  filter->predicate = Combine(BoundKind::kAnd, std::move(checks));
  filter->violation = "new row violates row-level security policy for table \"" + id.name + "\"";
  const bool subqueries = !pending_.empty();
  filter->children.push_back(ApplySubqueries(std::move(plan)));
  if (!subqueries) return filter;
  // A policy subquery's join added columns: the statement gets back exactly
  // the columns it had.
  auto project = std::make_unique<LogicalOperator>();
  project->kind = LogicalKind::kProjection;
  project->table_index = next_table_index_++;
  for (size_t i = 0; i < bindings.size(); i++) project->expressions.push_back(BoundExpr::Column(bindings[i], types[i], ""));
  project->children.push_back(std::move(filter));
  return project;
}

}  // namespace tributary::sql
