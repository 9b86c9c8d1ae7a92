#pragma once

#include <stdexcept>
#include <string>

namespace tributary {

/// Query-terminating errors. A UserError is the caller's mistake and carries
/// the PostgreSQL SQLSTATE a client will see; an InternalError is a broken
/// invariant inside Tributary (SQLSTATE XX000).
class Error : public std::runtime_error {
 public:
  Error(std::string sqlstate, const std::string& message)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

class UserError : public Error {
 public:
  explicit UserError(const std::string& message, std::string sqlstate = "22023")
      : Error(std::move(sqlstate), message) {}
};

class InternalError : public Error {
 public:
  explicit InternalError(const std::string& message) : Error("XX000", message) {}
};

}  // namespace tributary

/// Checks an internal invariant; a failure is a bug in Tributary, not bad input.
#define TRIB_CHECK(cond, msg)                                                            \
  do {                                                                                   \
    if (!(cond)) throw ::tributary::InternalError(std::string("check failed: " #cond ": ") + (msg)); \
  } while (false)
