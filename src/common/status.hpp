#pragma once

#include <fmt/format.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace tributary {

/// What kind of failure a Status carries. Expected failures of I/O, storage
/// and ingestion travel as Status; query-terminating errors as exceptions
/// (see error.hpp).
enum class StatusCode : uint8_t {
  kOk = 0,
  kInvalidArgument,  // the caller passed something malformed
  kIOError,          // the operating system refused a read/write
  kCorruption,       // bytes on disk are not what the format promises
  kNotFound,
  kAlreadyExists,
  kConflict,  // a concurrent commit changed what this one depends on
  kNotSupported,
  kOutOfRange,
  kInternal,  // a broken invariant in Tributary itself
  kUnauthenticated,  // credentials did not prove who the caller claims to be
};

std::string_view StatusCodeName(StatusCode code);

/// The result of an operation that can fail in an expected way. Cheap to
/// return when OK (one null pointer).
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message);

  static Status OK() { return {}; }
  template <typename... Args>
  static Status Invalid(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kInvalidArgument, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status IOError(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kIOError, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status Corruption(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kCorruption, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status NotFound(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kNotFound, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status AlreadyExists(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kAlreadyExists, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status Conflict(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kConflict, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status NotSupported(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kNotSupported, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status OutOfRange(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kOutOfRange, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status Unauthenticated(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kUnauthenticated, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status Internal(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kInternal, fmt::format(f, std::forward<Args>(args)...)};
  }

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  const std::string& message() const;
  /// "Corruption: <message>", or "OK".
  std::string ToString() const;

  /// Returns a copy whose message is prefixed with `context: `, e.g. the file
  /// name, so an error names where it happened.
  Status WithContext(std::string_view context) const;

  bool IsNotFound() const { return code() == StatusCode::kNotFound; }
  bool IsConflict() const { return code() == StatusCode::kConflict; }
  bool IsCorruption() const { return code() == StatusCode::kCorruption; }
  bool IsUnauthenticated() const { return code() == StatusCode::kUnauthenticated; }

 private:
  struct State {
    StatusCode code;
    std::string message;
  };
  std::shared_ptr<const State> state_;
};

/// A value or the Status explaining why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (std::get<Status>(v_).ok()) v_ = Status::Internal("Result constructed from an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// Moves the value out, or throws InternalError carrying the status. For
  /// tests and callers that have already proven success.
  T ValueOrDie() &&;

 private:
  std::variant<Status, T> v_;
};

[[noreturn]] void DieWithStatus(const Status& status);

template <typename T>
T Result<T>::ValueOrDie() && {
  if (!ok()) DieWithStatus(status());
  return std::get<T>(std::move(v_));
}

}  // namespace tributary

#define TRIB_CONCAT_IMPL(a, b) a##b
#define TRIB_CONCAT(a, b) TRIB_CONCAT_IMPL(a, b)

/// Returns the Status from the enclosing function when `expr` failed.
#define TRIB_RETURN_NOT_OK(expr)                   \
  do {                                             \
    ::tributary::Status _trib_st = (expr);         \
    if (!_trib_st.ok()) return _trib_st;           \
  } while (false)

#define TRIB_ASSIGN_OR_RETURN_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                               \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()

/// `TRIB_ASSIGN_OR_RETURN(auto x, MakeX());` binds the value or returns the
/// failure.
#define TRIB_ASSIGN_OR_RETURN(lhs, rexpr) \
  TRIB_ASSIGN_OR_RETURN_IMPL(TRIB_CONCAT(_trib_result_, __LINE__), lhs, rexpr)
