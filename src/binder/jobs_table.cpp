// tributary.jobs: one row per statement the warehouse ran, with its cost.

#include "binder/binder.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

struct JobColumn {
  const char* name;
  LogicalType type;
};

const std::vector<JobColumn>& JobColumns() {
  static const std::vector<JobColumn> kColumns = {
      {"job_id", LogicalType::BigInt()},
      {"user_name", LogicalType::Varchar()},
      {"session_id", LogicalType::Varchar()},
      {"statement", LogicalType::Varchar()},
      {"statement_type", LogicalType::Varchar()},
      {"start_time", LogicalType::TimestampTz()},
      {"end_time", LogicalType::TimestampTz()},
      {"duration_ms", LogicalType::Double()},
      {"rows", LogicalType::BigInt()},
      {"bytes_scanned", LogicalType::BigInt()},
      {"bytes_billed", LogicalType::BigInt()},
      {"partitions_total", LogicalType::BigInt()},
      {"partitions_scanned", LogicalType::BigInt()},
      {"files_total", LogicalType::BigInt()},
      {"files_scanned", LogicalType::BigInt()},
      {"cache_hit", LogicalType::Boolean()},
      {"status", LogicalType::Varchar()},
      {"error", LogicalType::Varchar()},
  };
  return kColumns;
}

std::vector<BoundExprPtr> JobRow(const catalog::JobRecord& j) {
  std::vector<BoundExprPtr> row;
  auto add = [&](Value v) { row.push_back(BoundExpr::Constant(std::move(v))); };
  add(Value::BigInt(j.job_id));
  add(Value::Varchar(j.user_name));
  add(Value::Varchar(j.session_id));
  add(Value::Varchar(j.statement));
  add(Value::Varchar(j.statement_type));
  add(Value::TimestampTz(j.start_time_us));
  add(Value::TimestampTz(j.end_time_us));
  add(Value::Double(static_cast<double>(j.end_time_us - j.start_time_us) / 1000.0));
  add(Value::BigInt(j.rows));
  add(Value::BigInt(j.bytes_scanned));
  add(Value::BigInt(j.bytes_billed));
  add(Value::BigInt(j.partitions_total));
  add(Value::BigInt(j.partitions_scanned));
  add(Value::BigInt(j.files_total));
  add(Value::BigInt(j.files_scanned));
  add(Value::Boolean(j.cache_hit));
  add(Value::Varchar(j.status));
  add(j.error.empty() ? Value::Null(LogicalType::Varchar()) : Value::Varchar(j.error));
  return row;
}

}  // namespace

LogicalPtr Binder::BindJobs(const TableRef& ref, Scope* scope) {
  if (!target_privileges_.empty()) throw SqlError("cannot change system table \"jobs\"", "42809", ref.location);
  if (!ref.column_aliases.empty()) throw SqlError("column aliases on tables are not supported", "0A000", ref.location);
  MarkVolatile();
  auto op = std::make_unique<LogicalOperator>();
  op->kind = LogicalKind::kValues;
  op->table_index = next_table_index_++;
  ScopeTable entry;
  entry.name = ref.alias.empty() ? ref.name : ref.alias;
  entry.table_index = op->table_index;
  for (const JobColumn& c : JobColumns()) {
    op->value_types.push_back(c.type);
    entry.columns.push_back(c.name);
    entry.types.push_back(c.type);
  }
  if (identity_.jobs != nullptr) {
    // A superuser sees every job; anyone else the jobs run as, or by, them.
    const bool all = access_.superuser;
    const std::string& user = identity_.current_user;
    const std::string& session_user = identity_.session_user;
    auto visible = [&](const catalog::JobRecord& j) {
      return all || j.user_name == user || j.session_user == session_user;
    };
    for (const catalog::JobRecord& j : identity_.jobs->List(visible)) op->rows.push_back(JobRow(j));
  }
  scope->push_back(std::move(entry));
  return op;
}

}  // namespace tributary::sql
