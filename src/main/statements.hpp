#pragma once

#include <functional>
#include <memory>

#include "binder/binder.hpp"
#include "catalog/catalog.hpp"
#include "execution/physical_planner.hpp"
#include "execution/query_interrupt.hpp"
#include "main/connection.hpp"
#include "main/result_cache.hpp"
#include "parser/ast.hpp"
#include "storage/table_writer.hpp"

namespace tributary::sql {

/// What a statement runs against.
struct StatementContext {
  std::shared_ptr<catalog::Catalog> catalog;
  /// The session's settings (threads, vector_size, memory_limit, ...).
  DatabaseOptions options;
  /// The session's stop requests, polled by the operators.
  const QueryInterrupt* interrupt = nullptr;
  /// Who runs the statement (SESSION_USER, CURRENT_USER after SET ROLE).
  SessionIdentity identity;
  /// Whether CURRENT_USER is a superuser (as of the statement's start).
  bool superuser = true;
  /// COPY ... FROM STDIN / TO STDOUT's client; null without one.
  CopyChannel* copy_channel = nullptr;
  /// The database's result cache, for a SELECT that may use it (null
  /// otherwise), and what besides the statement text and the snapshots read
  /// tells this session's results apart (settings, identity, catalog stamp,
  /// parameters); the scope is built only for a query that reads a table,
  /// and an empty one means "do not cache".
  ResultCache* result_cache = nullptr;
  /// Tags for this statement's commit (Connection::SetNextCommitTags); null
  /// when none. A write that finds the key committed sets
  /// *commit_already_committed.
  const CommitTags* commit_tags = nullptr;
  bool* commit_already_committed = nullptr;
  std::function<std::string()> result_cache_scope;
};

/// Optimizes `plan` (with the optimizer off, only prunes scan columns) and
/// resolves its column references: every statement that runs a query plans
/// it this way.
void PreparePlan(const StatementContext& context, LogicalPtr* plan);
/// The physical plan of a prepared `plan`, with the session's vector size,
/// threads, stop flag (statement_timeout, cancellation) and memory_limit.
/// Every statement that reads tables comes here first, so a plan whose
/// scans are estimated to read more than max_bytes_billed fails here with
/// 53400, before anything is read.
PhysicalPlan MakePhysicalPlan(const StatementContext& context, const LogicalOperator& plan);

/// Adds what the scans of a finished `physical` plan (of `plan`) read to
/// `metrics`: bytes, files, row groups and partitions, read and in the
/// snapshots read. Under row-level security the totals are what was read.
/// SELECT and the statements that read tables to write one (INSERT ...
/// SELECT, CREATE TABLE AS, UPDATE, DELETE, MERGE) are billed this way.
void AddScanMetrics(const PhysicalPlan& physical, const LogicalOperator& plan, QueryMetrics* metrics);

/// The value of the table parameter `compression` as Iceberg's
/// write.parquet.compression-codec names it; 22023 for a codec Tributary
/// cannot write.
std::string CompressionOption(const std::string& value);

/// How a statement writes table files: partitions flushed on the session's
/// threads.
TableWriterOptions WriterOptions(const StatementContext& context);

/// SELECT / VALUES: rows with their names and types, and the scan metrics.
QueryResult ExecuteSelect(const StatementContext& context, const Statement& statement);
/// The columns a SELECT would return (names and types, no rows), bound but
/// not run: the extended protocol's Describe.
QueryResult DescribeSelect(const StatementContext& context, const SelectStatement& select);
/// ExecuteSelect's body, for a query inside another statement (COPY).
QueryResult ExecuteQuery(const StatementContext& context, const SelectStatement& select);
/// COPY t [(cols)] FROM 'file' / COPY t | (query) TO 'file', CSV.
QueryResult ExecuteCopy(const StatementContext& context, const Statement& statement);
/// EXPLAIN: the optimized plan, one line per row, with each scan's files
/// total vs after pruning.
QueryResult ExecuteExplain(const StatementContext& context, const Statement& statement);
/// CREATE SCHEMA / DROP SCHEMA / CREATE TABLE [AS] / DROP TABLE / CREATE
/// [OR REPLACE] VIEW / DROP VIEW.
QueryResult ExecuteDdl(const StatementContext& context, const Statement& statement);
/// INSERT ... VALUES / INSERT ... SELECT: one atomic append commit.
QueryResult ExecuteInsert(const StatementContext& context, const Statement& statement);
/// INSERT INTO schema.name [(columns)] source; ExecuteInsert's body.
QueryResult InsertInto(const StatementContext& context, const std::string& schema, const std::string& name,
                       int name_location, const std::vector<std::string>& columns, const SelectStatement& source);
/// ALTER TABLE ADD/DROP/RENAME COLUMN, ALTER COLUMN TYPE (widening), RENAME TO.
QueryResult ExecuteAlterTable(const StatementContext& context, const Statement& statement);
/// DELETE / UPDATE / MERGE: copy-on-write, one atomic ReplaceFiles commit
/// (modify_statements.cpp). TRUNCATE removes every file of each table.
QueryResult ExecuteDelete(const StatementContext& context, const Statement& statement);
QueryResult ExecuteUpdate(const StatementContext& context, const Statement& statement);
QueryResult ExecuteMerge(const StatementContext& context, const Statement& statement);
QueryResult ExecuteTruncate(const StatementContext& context, const Statement& statement);
/// CREATE/ALTER/DROP ROLE, GRANT/REVOKE role membership (role_statements.cpp).
QueryResult ExecuteRoleStatement(const StatementContext& context, const Statement& statement);
/// GRANT/REVOKE privileges ON tables, ALL TABLES IN SCHEMA, SCHEMA
/// (access_statements.cpp); only owners and superusers grant.
QueryResult ExecuteGrant(const StatementContext& context, const Statement& statement);
/// ALTER TABLE/VIEW/SCHEMA ... OWNER TO role.
QueryResult ExecuteAlterOwner(const StatementContext& context, const Statement& statement);
/// CREATE / ALTER / DROP POLICY (policy_statements.cpp): table owners only.
QueryResult ExecutePolicyStatement(const StatementContext& context, const Statement& statement);
/// ALTER TABLE's [NO] FORCE / ENABLE / DISABLE ROW LEVEL SECURITY actions;
/// whether there were any.
bool ApplyRowSecurityCommands(const StatementContext& context, const catalog::TableIdentifier& id,
                              const std::vector<AlterCommand>& commands);
/// CURRENT_USER becomes the owner of the relation or schema it just made.
void RecordOwner(const StatementContext& context, const std::string& kind, const std::string& ns,
                 const std::string& name);
/// Forgets the owner and grants of a dropped relation or schema.
void ForgetObject(const StatementContext& context, const std::string& kind, const std::string& ns,
                  const std::string& name);
/// The statement's commit tags (Connection::SetNextCommitTags) as Iceberg
/// commit options; empty ones when it has none.
iceberg::CommitOptions CommitOptionsOf(const StatementContext& context);
/// Reports to the tagging caller whether `commit` found its key committed.
void NoteAlreadyCommitted(const StatementContext& context, const std::optional<iceberg::CommitResult>& commit);
/// Whether `member` is `role` or belongs to it, directly or through others.
bool IsMemberOf(catalog::Catalog& catalog, const std::string& member, const std::string& role);

}  // namespace tributary::sql
