#pragma once
// A prepared SQLite statement with positional binding, shared by the
// orchestrator's state store and the ingestion ledger.

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace tributary::orchestrator {

/// One prepared statement, finalised on destruction; parameters bound by
/// position from the arguments of Bind.
class Statement {
 public:
  /// `owner` names the database in error messages ("orchestrator state").
  Statement(sqlite3* db, const char* sql, const char* owner = "orchestrator state") : db_(db), owner_(owner) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  template <typename... Args>
  Statement& Bind(const Args&... args) {
    int index = 1;
    (BindOne(index++, args), ...);
    return *this;
  }
  /// SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return rc_ == SQLITE_OK ? sqlite3_step(stmt_) : rc_; }
  Status Run(std::string_view what) {
    int rc = Step();
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return Status::OK();
    return Error(what);
  }
  Status Error(std::string_view what) const {
    return Status::IOError("{}: {} failed: {}", owner_, what, sqlite3_errmsg(db_));
  }
  std::string Text(int column) const {
    const unsigned char* t = sqlite3_column_text(stmt_, column);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

 private:
  void BindOne(int index, int64_t v) { sqlite3_bind_int64(stmt_, index, v); }
  void BindOne(int index, int v) { sqlite3_bind_int64(stmt_, index, v); }
  void BindOne(int index, bool v) { sqlite3_bind_int64(stmt_, index, v ? 1 : 0); }
  void BindOne(int index, std::string_view v) {
    sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void BindOne(int index, const std::string& v) { BindOne(index, std::string_view(v)); }
  void BindOne(int index, const char* v) { BindOne(index, std::string_view(v)); }

  sqlite3* db_;
  const char* owner_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

}  // namespace tributary::orchestrator
