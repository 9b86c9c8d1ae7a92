#pragma once

#include <string>

#include "common/error.hpp"

namespace tributary::sql {

/// A query-terminating user error that can point into the statement:
/// `location` is a 0-based byte offset into the statement text (-1 when
/// none); the connection turns it into PostgreSQL's 1-based position.
class SqlError : public UserError {
 public:
  SqlError(const std::string& message, std::string sqlstate, int location = -1, std::string hint = "")
      : UserError(message, std::move(sqlstate)), location_(location), hint_(std::move(hint)) {}
  int location() const { return location_; }
  const std::string& hint() const { return hint_; }

 private:
  int location_;
  std::string hint_;
};

}  // namespace tributary::sql
