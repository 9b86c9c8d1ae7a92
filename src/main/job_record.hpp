#pragma once

#include <string>
#include <string_view>

#include "catalog/job_log.hpp"
#include "main/connection.hpp"
#include "parser/ast.hpp"

namespace tributary {

/// SELECT, INSERT, CREATE TABLE, ... : the kind of statement, as the jobs
/// table names it.
std::string StatementType(const sql::Statement& statement);

/// The job row of a finished statement: who ran it, what it cost (from the
/// result's metrics; nothing is billed for a cache hit or an error), and
/// whether it succeeded (DONE), failed (ERROR, with "SQLSTATE: message") or
/// was cancelled (CANCELLED). `start_us` is UTC microseconds.
catalog::JobRecord MakeJobRecord(std::string_view text, std::string statement_type, const QueryResult& result,
                                 int64_t start_us);

}  // namespace tributary
