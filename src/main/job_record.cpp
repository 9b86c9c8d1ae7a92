#include "main/job_record.hpp"

#include <charconv>

namespace tributary {

std::string StatementType(const sql::Statement& statement) {
  using Kind = sql::Statement::Kind;
  switch (statement.kind) {
    case Kind::kSelect: return "SELECT";
    case Kind::kInsert: return "INSERT";
    case Kind::kCreateTable: return "CREATE TABLE";
    case Kind::kCreateSchema: return "CREATE SCHEMA";
    case Kind::kDropTable: return "DROP TABLE";
    case Kind::kDropSchema: return "DROP SCHEMA";
    case Kind::kExplain: return "EXPLAIN";
    case Kind::kDelete: return "DELETE";
    case Kind::kUpdate: return "UPDATE";
    case Kind::kMerge: return "MERGE";
    case Kind::kTruncate: return "TRUNCATE";
    case Kind::kCreateView: return "CREATE VIEW";
    case Kind::kDropView: return "DROP VIEW";
    case Kind::kCreateTableAs: return "CREATE TABLE AS";
    case Kind::kAlterTable: return "ALTER TABLE";
    case Kind::kCopy: return "COPY";
    case Kind::kSet: return "SET";
    case Kind::kShow: return "SHOW";
    case Kind::kTransaction: return statement.name == "begin" ? "BEGIN" : statement.name == "commit" ? "COMMIT" : "ROLLBACK";
    case Kind::kCreateRole: return "CREATE ROLE";
    case Kind::kAlterRole: return "ALTER ROLE";
    case Kind::kDropRole: return "DROP ROLE";
    case Kind::kGrantRole:
    case Kind::kGrant: return "GRANT";
    case Kind::kRevokeRole:
    case Kind::kRevoke: return "REVOKE";
    case Kind::kSetRole: return "SET ROLE";
    case Kind::kAlterOwner: return "ALTER OWNER";
    case Kind::kCreatePolicy: return "CREATE POLICY";
    case Kind::kAlterPolicy: return "ALTER POLICY";
    case Kind::kDropPolicy: return "DROP POLICY";
  }
  return "UNKNOWN";
}

namespace {

/// The row count a command tag ends with ("INSERT 0 5", "UPDATE 3"); 0 when
/// it has none.
int64_t TagRows(const std::string& tag) {
  size_t space = tag.rfind(' ');
  if (space == std::string::npos) return 0;
  int64_t n = 0;
  auto [p, ec] = std::from_chars(tag.data() + space + 1, tag.data() + tag.size(), n);
  return ec == std::errc() && p == tag.data() + tag.size() ? n : 0;
}

}  // namespace

catalog::JobRecord MakeJobRecord(std::string_view text, std::string statement_type, const QueryResult& result,
                                 int64_t start_us) {
  const QueryMetrics& m = result.metrics();
  catalog::JobRecord job;
  job.statement = std::string(text);
  job.statement_type = std::move(statement_type);
  job.start_time_us = start_us;
  job.end_time_us = start_us + m.duration.count();
  job.bytes_scanned = m.bytes_scanned;
  job.partitions_total = m.partitions_total;
  job.partitions_scanned = m.partitions_read;
  job.files_total = m.files_total;
  job.files_scanned = m.files_read;
  job.cache_hit = m.cache_hit;
  if (result.ok()) {
    job.status = "DONE";
    job.rows = m.rows_returned > 0 ? m.rows_returned : TagRows(result.command_tag());
    job.bytes_billed = m.cache_hit ? 0 : m.bytes_scanned;
  } else {
    job.status = result.error().sqlstate == "57014" ? "CANCELLED" : "ERROR";
    job.error = result.error().sqlstate + ": " + result.error().message;
  }
  return job;
}

}  // namespace tributary
