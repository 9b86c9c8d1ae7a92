#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "binder/access_control.hpp"
#include "binder/system_catalog.hpp"
#include "catalog/catalog.hpp"
#include "catalog/job_log.hpp"
#include "parser/ast.hpp"
#include "planner/logical_operator.hpp"
#include "types/datetime.hpp"

namespace tributary::sql {

/// A bound query: its plan and output column names.
struct BoundQuery {
  LogicalPtr plan;
  std::vector<std::string> names;
};

/// Unqualified table names live in this schema.
inline constexpr const char* kDefaultSchema = "public";

/// Resolves names against the catalog and types with PostgreSQL's rules,
/// turning a SELECT (or VALUES) into a logical plan. Throws SqlError with
/// the SQLSTATE and location of the first problem: 42P01 unknown table,
/// 42703 unknown column (with a "did you mean" hint), 42702 ambiguous
/// column, 42883 no such operator/function, 42804 type mismatch, 42803
/// misuse of grouping, 0A000 unsupported constructs.
/// Who a statement runs as: CURRENT_USER / CURRENT_ROLE (changed by SET
/// ROLE) and SESSION_USER (who connected).
/// The schema of Tributary's system tables (tributary.audit_log).
inline constexpr const char* kSystemSchema = "tributary";

/// The session's settings as current_setting() and set_config() reach them
/// (the connection's SET/SHOW); both throw as SHOW and SET do.
class SessionSettingsAccess {
 public:
  virtual ~SessionSettingsAccess() = default;
  /// SHOW name's value.
  virtual std::string Show(const std::string& name) const = 0;
  /// SET name = value.
  virtual void Set(const std::string& name, const std::string& value) = 0;
};

struct SessionIdentity {
  std::string session_user = "admin";
  std::string current_user = "admin";
  /// CURRENT_USER's rights, which every table read or written is checked
  /// against (a view's own query is checked as the view's owner).
  AccessRoles access;
  /// The session's settings; null where no session has them (then
  /// current_setting and set_config fail with 0A000).
  SessionSettingsAccess* settings = nullptr;
  /// The warehouse's job history, read as tributary.jobs; none outside a
  /// Database (the table is then empty).
  const catalog::JobLog* jobs = nullptr;
};

class Binder {
 public:
  explicit Binder(std::shared_ptr<catalog::Catalog> catalog, SessionIdentity identity = {})
      : catalog_(std::move(catalog)), identity_(std::move(identity)), access_(identity_.access) {}

  BoundQuery BindSelect(const SelectStatement& select);
  /// Loads `schema.name` (schema defaults to public); 42P01 when absent.
  std::shared_ptr<iceberg::Table> LoadTable(const std::string& schema, const std::string& name, int location);

  /// A FROM item visible to column references.
  struct ScopeTable {
    std::string name;  // alias or table name, for qualified references
    int table_index;
    std::vector<std::string> columns;
    std::vector<LogicalType> types;
    /// Per column, when set: the column's binding (the merged columns of
    /// JOIN ... USING, an entry with no name whose columns come from
    /// different tables); otherwise (table_index, position).
    std::vector<ColumnBinding> bindings;
    /// Per column, when set: 1 for a column merged into a USING column, which
    /// unqualified names and an unqualified * no longer see.
    std::vector<uint8_t> merged;

    ColumnBinding BindingOf(size_t column) const {
      return bindings.empty() ? ColumnBinding{table_index, static_cast<int>(column)} : bindings[column];
    }
    bool Merged(size_t column) const { return !merged.empty() && merged[column] != 0; }
  };
  using Scope = std::vector<ScopeTable>;

  /// Binds a subquery expression met in `scope`: EXISTS, `tested op
  /// ANY/ALL (...)` (IN and NOT IN) or a scalar subquery. The subquery's plan
  /// is queued as a join (see ApplySubqueries); the returned expression reads
  /// its result. Correlated subqueries are decorrelated: their WHERE
  /// conjuncts that refer to the enclosing query become the join condition
  /// (an aggregate subquery is grouped by the inner side of its correlation
  /// equalities); other correlated forms fail with 0A000.
  BoundExprPtr BindSubquery(const Expr& e, const Scope& scope, BoundExprPtr tested);
  /// Marks the subqueries queued since `first` as bound in an aggregate's
  /// argument, so they join the aggregate's input rather than its output.
  void MarkSubqueriesBelowAggregate(size_t first);
  size_t pending_subqueries() const { return pending_.size(); }
  /// Enclosing queries' FROM items, innermost last, for correlated references.
  const std::vector<const Scope*>& outer_scopes() const { return outer_scopes_; }
  /// now() and CURRENT_TIMESTAMP of the statement being bound: one instant
  /// (UTC microseconds) however often the statement names it.
  int64_t statement_time() const { return statement_time_; }
  const SessionIdentity& identity() const { return identity_; }
  /// Whether what was bound reads something that changes without a table
  /// commit (now(), the system tables): its result must not be reused.
  bool reads_volatile() const { return reads_volatile_; }
  void MarkVolatile() { reads_volatile_ = true; }
  /// 42501 unless the statement's role (the view owner's inside a view) may
  /// exercise `privilege` on table `schema.name`.
  void CheckTable(const std::string& schema, const std::string& name, Privilege privilege, int location);

  // Data-modifying statements (dml_binder.cpp).
  /// The target of UPDATE/DELETE/MERGE: a scan of every column and, last,
  /// the row id (TableReadOptions::row_ids), which no name reaches. Adds
  /// the table to `scope`; `row_id` receives the id's binding.
  LogicalPtr BindModifyTarget(const ModifyStatement& statement, Scope* scope, ColumnBinding* row_id);
  /// `plan` cross-joined with each FROM item (UPDATE ... FROM, DELETE ...
  /// USING, MERGE ... USING), which join `scope`; with a null `plan`, the
  /// items alone.
  LogicalPtr BindModifyFrom(LogicalPtr plan, const std::vector<TableRefPtr>& from, Scope* scope);
  /// `plan` filtered by `condition` (subqueries allowed) bound in `scope`.
  LogicalPtr BindModifyFilter(LogicalPtr plan, const Expr& condition, const Scope& scope, const std::string& clause);
  /// Joins the subqueries of expressions bound since the last call onto `plan`.
  LogicalPtr AttachSubqueries(LogicalPtr plan) { return ApplySubqueries(std::move(plan)); }
  /// A fresh table index for a projection the caller builds.
  int NewTableIndex() { return next_table_index_++; }
  const std::shared_ptr<catalog::Catalog>& catalog() const { return catalog_; }
  /// The pg_catalog / information_schema emulation, read once per statement.
  SystemCatalog& system_catalog();

  // Row-level security (row_security.cpp).
  /// The policies of table `id` that apply to the statement's user (the
  /// querying user, also inside views); nullopt when row security does not
  /// apply: disabled on the table, a superuser or BYPASSRLS user, or the
  /// owner of a table without FORCE ROW LEVEL SECURITY.
  std::optional<std::vector<catalog::PolicyRecord>> RowSecurityPolicies(const catalog::TableIdentifier& id);
  /// `plan`, producing rows `command` writes to table `id` whose columns
  /// `entry` reaches, under a check that each passes the policies' WITH
  /// CHECK (42501 otherwise); `plan` itself when row security does not
  /// apply. The result has `plan`'s columns in the same positions.
  /// `guards` pairs each command with the rows it writes (a boolean over
  /// `plan`'s columns, null for every row): MERGE writes rows of several.
  LogicalPtr ApplyRowSecurityCheck(LogicalPtr plan, const catalog::TableIdentifier& id, const ScopeTable& entry,
                                   std::vector<std::pair<Privilege, BoundExprPtr>> guards);
  /// Binds `policy`'s USING and WITH CHECK over its table's columns, so a
  /// policy that cannot be applied is refused when it is created or altered.
  void CheckPolicyExpressions(const catalog::PolicyRecord& policy);

 private:
  /// tributary.audit_log: the catalog's audit entries as rows, superusers only.
  LogicalPtr BindAuditLog(const TableRef& ref, Scope* scope);
  /// tributary.jobs: the job history as rows, a user's own jobs only
  /// unless a superuser reads it (jobs_table.cpp).
  LogicalPtr BindJobs(const TableRef& ref, Scope* scope);
  /// A pg_catalog or information_schema relation as literal rows (system_catalog.cpp).
  LogicalPtr BindSystemRelation(const TableRef& ref, Scope* scope);
  int64_t statement_time_ = datetime::NowMicros();
  /// A subquery bound in an expression, waiting to be joined to the plan of
  /// the query that contains the expression.
  struct PendingSubquery {
    LogicalPtr plan;  // the right input
    LogicalJoinKind join = LogicalJoinKind::kMark;
    BoundExprPtr condition;              // may be null
    std::vector<BoundExprPtr> in_keys;   // kMark: [tested value, subquery value] or empty
    int mark_index = -1;                 // kMark: owns the mark column
    int location = -1;
    /// A correlated subquery decorrelated over the distinct values of the
    /// outer columns it uses: the DISTINCT node inside `plan` that waits for
    /// its input, a copy of the plan the subquery is joined to.
    LogicalOperator* domain = nullptr;
    /// Bound in an aggregate's argument: joined below the aggregate.
    bool below_aggregate = false;
  };
  /// `tested op ANY/ALL (query)` for op in < <= > >= (uncorrelated): a
  /// comparison with the subquery's min or max, PostgreSQL's NULL rules.
  BoundExprPtr BindOrderedQuantifier(const Expr& e, BoundQuery query, BoundExprPtr tested, int first_inner);
  /// Joins the queued subqueries bound in aggregate arguments (when
  /// `below_aggregate`) or the others onto `plan` (left-deep, in binding
  /// order). 0A000 when a correlated subquery needs columns `plan` does not
  /// produce.
  LogicalPtr ApplySubqueries(LogicalPtr plan, bool below_aggregate = false);
  /// Builds the input of `domain`: a copy of `plan` (before any subquery
  /// is joined to it) under fresh table indexes.
  void FillDomain(LogicalOperator* domain, const LogicalOperator& plan, int location);
  /// 0A000 naming `clause` when subqueries were bound where none can run.
  void RejectSubqueries(size_t before, const char* clause);

  LogicalPtr BindTableRef(const TableRef& ref, Scope* scope);
  /// generate_series in FROM (table_functions.cpp), joined to `input` (the
  /// FROM items to its left, or null): run once per row of `input` when its
  /// arguments use their columns, cross joined otherwise.
  LogicalPtr BindSeries(const TableRef& ref, Scope* scope, LogicalPtr input);
  /// 42712 when `scope` already has a FROM item called `name`.
  static void CheckUniqueName(const Scope& scope, const std::string& name, int location);
  /// `plan` (the scan of table `id`, columns as in `entry`) under the
  /// security-barrier filter of the USING expressions of the policies for
  /// `commands`; `plan` itself when row security does not apply.
  LogicalPtr ApplyRowSecurity(LogicalPtr plan, const catalog::TableIdentifier& id, const ScopeTable& entry,
                              const std::vector<Privilege>& commands);
  /// The permissive policies' expressions ORed (FALSE when there is none),
  /// ANDed with each restrictive policy's, for `command`.
  BoundExprPtr PolicyPredicate(const std::vector<catalog::PolicyRecord>& policies, Privilege command,
                               bool with_check, const ScopeTable& entry);
  /// One policy expression bound over `entry` alone.
  BoundExprPtr BindPolicyExpression(const catalog::PolicyRecord& policy, const std::string& text,
                                    const ScopeTable& entry);
  /// Binds `query` as a FROM item named `name`: a projection owning a new
  /// table index over the query's plan, added to `scope`.
  LogicalPtr BindDerivedTable(const SelectStatement& query, const std::string& name,
                              const std::vector<std::string>& column_aliases, int location, Scope* scope);
  /// Binds the view `ref` names as a derived table; null when there is no
  /// such view (dml_binder.cpp).
  LogicalPtr BindView(const TableRef& ref, Scope* scope);
  /// The snapshot id `snapshot_of(table, snapshot)` names: an integer is a
  /// snapshot id, a timestamp the snapshot current at that time.
  int64_t BindSnapshot(const iceberg::Table& table, const Expr& snapshot, int location);
  /// The WITH query `name` visible here, or null.
  const CommonTableExpr* FindCte(const std::string& name, size_t* depth) const;
  LogicalPtr BindFrom(const std::vector<TableRefPtr>& from, Scope* scope);
  BoundQuery BindValues(const SelectStatement& select);
  /// Adds LIMIT/OFFSET (constant expressions) above `plan`, if the statement has them.
  LogicalPtr BindLimit(const SelectStatement& select, LogicalPtr plan);
  /// A UNION/INTERSECT/EXCEPT statement.
  BoundQuery BindSetOperation(const SelectStatement& select);
  /// BindSelect once the statement's WITH items are in scope.
  BoundQuery BindSelectBody(const SelectStatement& select);

  std::shared_ptr<catalog::Catalog> catalog_;
  SessionIdentity identity_;
  AccessRoles access_;  // whose rights apply now: the session's, or a view owner's
  /// Set by BindModifyTarget: the rights its table needs instead of SELECT.
  std::vector<Privilege> target_privileges_;
  int next_table_index_ = 0;
  /// WITH queries in scope, innermost last.
  std::vector<const CommonTableExpr*> ctes_;
  std::vector<const Scope*> outer_scopes_;
  std::vector<PendingSubquery> pending_;
  /// Views met while binding, parsed from their definitions; bound plans
  /// and WITH scopes may point into them.
  std::vector<std::unique_ptr<Statement>> views_;
  int view_depth_ = 0;
  bool reads_volatile_ = false;
  std::unique_ptr<SystemCatalog> system_catalog_;
  /// Tables whose policies are being bound (a policy reading its own table
  /// would recurse).
  std::vector<std::string> securing_;
  /// The parsed policy expressions bound plans point into.
  std::vector<std::shared_ptr<const Statement>> policy_expressions_;
};

}  // namespace tributary::sql
