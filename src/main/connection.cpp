#include "main/connection.hpp"

#include "main/database_impl.hpp"
#include "main/statements.hpp"
#include "parser/parser.hpp"
#include "parser/sql_error.hpp"

namespace tributary {

struct Connection::State {
  std::shared_ptr<Database> database;
};

Connection::Connection(std::shared_ptr<Database> database) : state_(std::make_unique<State>()) {
  state_->database = std::move(database);
}

Connection::~Connection() = default;

namespace {

/// PostgreSQL positions count characters, 1-based.
int PositionOf(std::string_view sql, int byte_offset) {
  if (byte_offset < 0) return 0;
  int chars = 0;
  for (int i = 0; i < byte_offset && i < static_cast<int>(sql.size()); i++) {
    if ((static_cast<unsigned char>(sql[i]) & 0xC0) != 0x80) chars++;
  }
  return chars + 1;
}

QueryResult ErrorResult(std::string_view sql, const std::exception& e) {
  QueryError error;
  error.message = e.what();
  if (const auto* s = dynamic_cast<const sql::SqlError*>(&e)) {
    error.sqlstate = s->sqlstate();
    error.position = PositionOf(sql, s->location());
    error.hint = s->hint();
  } else if (const auto* t = dynamic_cast<const Error*>(&e)) {
    error.sqlstate = t->sqlstate();
  } else if (dynamic_cast<const std::bad_alloc*>(&e) != nullptr) {
    error.sqlstate = "53200";
    error.message = "out of memory";
  } else {
    error.sqlstate = "XX000";
  }
  return QueryResult::Error(std::move(error));
}

}  // namespace

std::vector<QueryResult> Connection::QueryAll(std::string_view sql) {
  std::vector<QueryResult> results;
  std::vector<sql::Statement> statements;
  try {
    statements = sql::Parse(sql);
  } catch (const std::exception& e) {
    results.push_back(ErrorResult(sql, e));
    return results;
  }
  sql::StatementContext context;
  context.catalog = state_->database->impl_->catalog;
  context.options = state_->database->options();
  for (const auto& statement : statements) {
    auto start = std::chrono::steady_clock::now();
    QueryResult result = QueryResult::Command("");
    try {
      switch (statement.kind) {
        case sql::Statement::Kind::kSelect: result = sql::ExecuteSelect(context, statement); break;
        case sql::Statement::Kind::kExplain: result = sql::ExecuteExplain(context, statement); break;
        case sql::Statement::Kind::kInsert: result = sql::ExecuteInsert(context, statement); break;
        case sql::Statement::Kind::kDelete: result = sql::ExecuteDelete(context, statement); break;
        case sql::Statement::Kind::kUpdate: result = sql::ExecuteUpdate(context, statement); break;
        case sql::Statement::Kind::kMerge: result = sql::ExecuteMerge(context, statement); break;
        case sql::Statement::Kind::kTruncate: result = sql::ExecuteTruncate(context, statement); break;
        case sql::Statement::Kind::kAlterTable: result = sql::ExecuteAlterTable(context, statement); break;
        case sql::Statement::Kind::kCopy: result = sql::ExecuteCopy(context, statement); break;
        default: result = sql::ExecuteDdl(context, statement); break;
      }
    } catch (const std::exception& e) {
      result = ErrorResult(sql, e);
    }
    result.metrics().duration =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
    bool failed = !result.ok();
    results.push_back(std::move(result));
    if (failed) break;
  }
  if (results.empty()) results.push_back(QueryResult::Command(""));  // an empty query
  return results;
}

QueryResult Connection::Query(std::string_view sql) {
  std::vector<QueryResult> results = QueryAll(sql);
  return std::move(results.back());
}

}  // namespace tributary
