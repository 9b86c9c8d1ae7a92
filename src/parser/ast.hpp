#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "types/value.hpp"

namespace tributary::sql {

/// Our own syntax tree: what the parser makes of libpg_query's parse tree.
/// Names are not resolved and types are not checked yet (the binder does
/// that). `location` is a 0-based byte offset into the statement text, or -1.
enum class ExprKind : uint8_t {
  kColumnRef,     // names = [table.]column
  kStar,          // names = [table] or empty
  kConstant,      // value; untyped string literals have `unknown_literal`
  kOperator,      // names[0] = operator ("+", "=", "||", "~~"...); 1 or 2 children
  kFunction,      // names = [schema.]name; children = args; star = count(*)
  kAnd,
  kOr,
  kNot,
  kIsNull,        // negated = IS NOT NULL
  kIsDistinctFrom,  // negated = IS NOT DISTINCT FROM
  kCast,          // children[0]; type_name
  kCase,          // children: [operand?] then pairs (when, then), else at the end
  kCoalesce,
  kBetween,       // children: value, low, high; negated
  kInList,        // children: value, items...; negated
  kLike,          // children: value, pattern; negated; case_insensitive
  kBooleanTest,   // IS [NOT] TRUE/FALSE: names[0] = "true"/"false"; negated
  kNullIf,
  kGreatestLeast,  // names[0] = "greatest" or "least"
  kSubquery,      // subquery; names[0] = "exists", "scalar", "any" or "all" (names[1] = operator,
                  // children[0] = the tested value for any/all)
  kGrouping,      // GROUPING(children...)
  kSubscript,     // children: array, subscript (array[n])
  kArrayCompare,  // value op ANY|ALL (array): names = {op, "any"|"all"}; children: value, array
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;
struct SelectStatement;

struct OrderItem;

/// One end of a window frame.
struct FrameBound {
  enum class Kind : uint8_t { kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing, kUnboundedFollowing };
  Kind kind = Kind::kUnboundedPreceding;
  int64_t offset = 0;  // kPreceding / kFollowing: a non-negative constant
};

/// OVER (PARTITION BY ... ORDER BY ... frame) of a window function call.
struct WindowSpec {
  /// OVER w (`bare_reference`) or OVER (w ...): the named window this one
  /// refers to, from the statement's WINDOW clause.
  std::string reference;
  bool bare_reference = false;
  bool has_frame = false;  // a frame clause was written
  int location = -1;
  std::vector<std::unique_ptr<Expr>> partition_by;
  std::vector<OrderItem> order_by;
  /// ROWS frame when true, RANGE otherwise. Without an explicit frame:
  /// RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW.
  bool rows = false;
  FrameBound start;
  FrameBound end{FrameBound::Kind::kCurrentRow, 0};
};

struct Expr {
  ExprKind kind = ExprKind::kConstant;
  int location = -1;
  std::vector<std::string> names;
  Value value;
  bool unknown_literal = false;  // a quoted literal whose type comes from context
  std::string type_name;         // kCast: as LogicalType::Parse accepts it
  std::vector<ExprPtr> children;
  bool negated = false;
  bool star = false;      // count(*)
  bool distinct = false;  // count(DISTINCT x)
  bool case_insensitive = false;
  bool has_case_operand = false;
  bool has_else = false;
  std::shared_ptr<SelectStatement> subquery;  // kSubquery
  std::shared_ptr<WindowSpec> window;          // kFunction called with OVER
  std::unique_ptr<Expr> filter;                // kFunction: FILTER (WHERE filter)
  std::vector<OrderItem> aggregate_order;      // kFunction: f(args ORDER BY ...)

  /// PostgreSQL's default output column name for this expression.
  std::string DefaultName() const;
};

struct TableRef;
using TableRefPtr = std::unique_ptr<TableRef>;

enum class JoinKind : uint8_t { kInner, kLeft, kRight, kFull, kCross };

struct TableRef {
  enum class Kind : uint8_t { kBase, kJoin, kSubquery, kFunction } kind = Kind::kBase;
  // kBase (a table or a WITH query); kSubquery has only alias and location.
  std::string schema;
  std::string name;
  std::string alias;
  std::vector<std::string> column_aliases;  // AS alias (a, b, ...)
  int location = -1;
  /// kBase read from `snapshot_of('schema.table', snapshot)`: the snapshot
  /// id (an integer) or the time (a timestamp) to read the table as of.
  ExprPtr snapshot;
  // kSubquery: a derived table.
  std::unique_ptr<SelectStatement> subquery;
  // kFunction: a set-returning function `name(function_args)` (generate_series).
  std::vector<ExprPtr> function_args;
  // kJoin
  JoinKind join = JoinKind::kInner;
  TableRefPtr left;
  TableRefPtr right;
  ExprPtr condition;  // null for CROSS JOIN, USING and NATURAL
  std::vector<std::string> using_columns;  // JOIN ... USING (a, b)
  bool natural = false;                    // NATURAL JOIN: USING the common column names
};

struct OrderItem {
  ExprPtr expr;
  bool descending = false;
  std::optional<bool> nulls_first;  // default: NULLS LAST for ASC, FIRST for DESC
};

struct SelectTarget {
  ExprPtr expr;
  std::string alias;  // empty: default name
};

/// WITH name [(columns)] AS (query): visible to later WITH items and to the
/// statement's body; shadows tables of the same unqualified name.
struct CommonTableExpr {
  std::string name;
  std::vector<std::string> column_aliases;
  std::unique_ptr<SelectStatement> query;
  int location = -1;
};

/// One item of a GROUP BY list that uses grouping sets.
struct GroupByItem {
  enum class Kind : uint8_t {
    kExpr,    // expr
    kList,    // (a, b) inside ROLLUP, CUBE or GROUPING SETS: children are kExpr
    kEmpty,   // ()
    kRollup,  // ROLLUP (children): children are kExpr or kList
    kCube,    // CUBE (children)
    kSets,    // GROUPING SETS (children): any kind
  } kind = Kind::kExpr;
  ExprPtr expr;
  std::vector<GroupByItem> children;
  int location = -1;
};

/// WINDOW name AS (spec).
struct NamedWindow {
  std::string name;
  std::shared_ptr<WindowSpec> spec;
  int location = -1;
};

enum class SetOperation : uint8_t { kNone, kUnion, kIntersect, kExcept };

struct SelectStatement {
  std::vector<CommonTableExpr> ctes;
  /// left UNION|INTERSECT|EXCEPT [ALL] right: when set, the statement has no
  /// select list or FROM of its own, only WITH, ORDER BY and LIMIT/OFFSET.
  SetOperation set_operation = SetOperation::kNone;
  bool set_all = false;
  std::unique_ptr<SelectStatement> left;
  std::unique_ptr<SelectStatement> right;
  bool distinct = false;
  std::vector<ExprPtr> distinct_on;  // DISTINCT ON (...)
  std::vector<SelectTarget> targets;
  std::vector<TableRefPtr> from;
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  /// GROUP BY with ROLLUP, CUBE, GROUPING SETS or (): the whole list, and
  /// group_by is empty. group_distinct: GROUP BY DISTINCT.
  std::vector<GroupByItem> grouping_sets;
  bool group_distinct = false;
  ExprPtr having;
  std::vector<NamedWindow> windows;  // WINDOW clause
  std::vector<OrderItem> order_by;
  ExprPtr limit;
  ExprPtr offset;
  /// VALUES (...), (...): when non-empty, the statement is a VALUES list.
  std::vector<std::vector<ExprPtr>> values;
};

struct ColumnDefinition {
  std::string name;
  std::string type_name;
  bool not_null = false;
  int location = -1;
};

struct CreateTableStatement {
  std::string schema;
  std::string name;
  bool if_not_exists = false;
  std::vector<ColumnDefinition> columns;
  std::vector<std::string> primary_key;
  /// PARTITION BY RANGE|LIST (col): the partition source column.
  std::string partition_column;
  /// WITH (key = 'value', ...).
  std::vector<std::pair<std::string, std::string>> options;
};

/// `column = value` of UPDATE SET and MERGE ... UPDATE SET; a null value is
/// DEFAULT.
struct SetClause {
  std::string column;
  ExprPtr value;
  int location = -1;
};

/// One WHEN clause of MERGE, in statement order.
struct MergeClause {
  enum class Action : uint8_t { kUpdate, kDelete, kInsert, kNothing };
  bool matched = false;  // WHEN MATCHED; otherwise WHEN NOT MATCHED
  Action action = Action::kNothing;
  ExprPtr condition;                   // WHEN ... AND condition; may be null
  std::vector<SetClause> set;          // kUpdate
  std::vector<std::string> columns;    // kInsert: target columns, empty = all
  std::vector<ExprPtr> values;         // kInsert: null entries are DEFAULT; empty = DEFAULT VALUES
  int location = -1;
};

/// DELETE, UPDATE, MERGE and TRUNCATE: statements that change a table's rows.
struct ModifyStatement {
  std::string schema;
  std::string name;
  std::string alias;
  int location = -1;
  /// DELETE ... USING / UPDATE ... FROM items; MERGE: its one USING source.
  std::vector<TableRefPtr> from;
  /// WHERE; MERGE: the ON condition.
  ExprPtr where;
  std::vector<SetClause> set;         // UPDATE
  std::vector<MergeClause> clauses;   // MERGE
  std::vector<std::pair<std::string, std::string>> truncate_targets;  // TRUNCATE (schema, name)
};

/// One action of ALTER TABLE (or ALTER TABLE ... RENAME).
struct AlterCommand {
  enum class Kind : uint8_t {
    kAddColumn,
    kDropColumn,
    kAlterType,
    kRenameColumn,
    kRenameTable,
    kEnableRowSecurity,   // ENABLE ROW LEVEL SECURITY
    kDisableRowSecurity,  // DISABLE ROW LEVEL SECURITY
    kForceRowSecurity,    // FORCE ROW LEVEL SECURITY
    kNoForceRowSecurity,  // NO FORCE ROW LEVEL SECURITY
    kSetOptions,          // SET (name = value, ...)
    kResetOptions,        // RESET (name, ...)
  };
  Kind kind = Kind::kAddColumn;
  std::string column;     // the column added, dropped, retyped or renamed
  std::string new_name;   // kRenameColumn / kRenameTable
  std::string type_name;  // kAddColumn / kAlterType
  bool missing_ok = false;  // ADD COLUMN IF NOT EXISTS / DROP COLUMN IF EXISTS
  int location = -1;
  /// kSetOptions / kResetOptions: name and value (empty for RESET).
  std::vector<std::pair<std::string, std::string>> options;
};

/// CREATE/ALTER/DROP ROLE (and USER), GRANT/REVOKE role membership, SET ROLE.
struct RoleStatement {
  /// CREATE/ALTER: names[0]; DROP: every target; GRANT/REVOKE: the roles
  /// granted; SET ROLE: the role, or "none".
  std::vector<std::string> names;
  std::vector<std::string> grantees;  // GRANT ... TO / REVOKE ... FROM
  bool is_user = false;               // CREATE USER: LOGIN unless NOLOGIN
  std::optional<bool> login, superuser, bypass_rls, inherit, create_role;
  bool password_given = false;          // PASSWORD 'x' or PASSWORD NULL
  std::optional<std::string> password;  // empty with password_given: PASSWORD NULL
  std::optional<std::string> valid_until;
  std::string new_name;       // ALTER ROLE ... RENAME TO
  bool admin_option = false;  // WITH ADMIN OPTION / REVOKE ADMIN OPTION FOR
  bool reset = false;         // RESET ROLE
  /// ALTER ROLE r SET name = value / RESET name: the statement's name,
  /// setting_value and setting_reset say which setting and how.
  bool set_setting = false;
  int location = -1;
  // GRANT/REVOKE privileges: `names` holds the privileges ("SELECT", ...;
  // "ALL" for ALL [PRIVILEGES]), `objects` the (schema, name) targets: tables,
  // or with on_schema the schemas (schema in .first), or with
  // all_tables_in_schema every table of each schema (in .first).
  // ALTER TABLE/SCHEMA ... OWNER TO: objects[0] and new_name (the new owner).
  std::vector<std::pair<std::string, std::string>> objects;
  bool on_schema = false;
  bool all_tables_in_schema = false;
};

/// CREATE / ALTER / DROP POLICY name ON table (row-level security).
struct PolicyStatement {
  std::string name;
  std::string schema, table;  // schema empty when not written
  int table_location = -1;
  bool permissive = true;         // CREATE: AS PERMISSIVE | RESTRICTIVE
  std::string command = "ALL";    // CREATE: FOR ALL | SELECT | INSERT | UPDATE | DELETE
  std::vector<std::string> roles;  // TO roles ("public" for PUBLIC); ALTER: empty when not given
  /// The expressions' SQL text as written, and parsed (a SELECT of one target).
  std::optional<std::string> using_text, check_text;
  std::string new_name;   // ALTER POLICY ... RENAME TO
  bool if_exists = false;  // DROP POLICY IF EXISTS
};

struct Statement {
  enum class Kind : uint8_t {
    kSelect,
    kInsert,
    kCreateTable,
    kCreateSchema,
    kDropTable,
    kDropSchema,
    kExplain,
    kDelete,
    kUpdate,
    kMerge,
    kTruncate,
    kCreateView,     // schema, name, select, column_names, or_replace
    kDropView,       // drop_targets, if_exists
    kCreateTableAs,  // create_table (name, options, if_not_exists), column_names, select; with_data
    kAlterTable,     // schema, name, alter; if_exists
    kCopy,           // schema, name, insert_columns or select; copy_from, copy_file, copy_options
    kSet,   // SET name = value, SET name TO DEFAULT, RESET name, RESET ALL
    kShow,  // SHOW name, SHOW ALL
    kTransaction,  // BEGIN / START TRANSACTION, COMMIT / END, ROLLBACK / ABORT: `name` is "begin", "commit" or "rollback"
    kCreateRole,   // role: CREATE ROLE / CREATE USER
    kAlterRole,    // role: ALTER ROLE / ALTER USER, options or RENAME TO
    kDropRole,     // role: DROP ROLE / DROP USER [IF EXISTS]; if_exists
    kGrantRole,    // role: GRANT r TO m [WITH ADMIN OPTION]
    kRevokeRole,   // role: REVOKE [ADMIN OPTION FOR] r FROM m
    kSetRole,      // role: SET ROLE r / SET ROLE NONE / RESET ROLE
    kGrant,        // role: GRANT privileges ON objects TO roles
    kRevoke,       // role: REVOKE privileges ON objects FROM roles
    kAlterOwner,   // role: ALTER TABLE/VIEW/SCHEMA ... OWNER TO role
    kCreatePolicy,  // policy
    kAlterPolicy,   // policy: TO / USING / WITH CHECK, or RENAME TO
    kDropPolicy,    // policy
  } kind = Kind::kSelect;
  std::string text;  // the statement's own text
  int offset = 0;    // where `text` starts in the query string

  std::unique_ptr<SelectStatement> select;  // kSelect, kInsert's source, kExplain's query
  bool explain_analyze = false;             // EXPLAIN ANALYZE: run the query, report what it cost
  std::unique_ptr<CreateTableStatement> create_table;
  std::unique_ptr<RoleStatement> role;  // the role statements
  std::unique_ptr<PolicyStatement> policy;  // the policy statements
  std::unique_ptr<ModifyStatement> modify;  // kDelete, kUpdate, kMerge, kTruncate
  std::vector<std::string> column_names;     // CREATE VIEW v (a, b) / CREATE TABLE t (a, b) AS
  bool or_replace = false;                   // CREATE OR REPLACE VIEW
  bool with_data = true;                     // CREATE TABLE AS ... WITH NO DATA clears it
  std::vector<AlterCommand> alter;           // kAlterTable, in order
  bool copy_from = false;                    // COPY ... FROM (else TO)
  std::string copy_file;  // empty for STDIN / STDOUT
  std::vector<std::pair<std::string, std::string>> copy_options;  // WITH (FORMAT csv, HEADER, ...)
  // kInsert
  std::string schema;
  std::string name;  // also kCreateSchema / kDrop*: the object
  std::vector<std::string> insert_columns;
  int name_location = -1;
  bool if_exists = false;  // DROP ... IF EXISTS; CREATE SCHEMA IF NOT EXISTS
  bool cascade = false;
  std::vector<std::pair<std::string, std::string>> drop_targets;  // (schema, name)
  // kSet / kShow: the setting is `name` ("all" for RESET ALL and SHOW ALL).
  std::string setting_value;
  bool setting_reset = false;
};

}  // namespace tributary::sql
