#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "orchestrator/config.hpp"
#include "orchestrator/state_store.hpp"

namespace tributary::orchestrator {

/// What one SQL text did on the warehouse.
struct SqlOutcome {
  bool ok = false;
  std::string sqlstate;  // on error
  std::string message;   // on error
  int64_t rows = 0;      // rows written or returned, over every statement
  /// The last statement's first row's first column, when it returned rows
  /// (NULL reads as nullopt).
  std::optional<std::string> first_value;
};
/// Runs SQL on the warehouse, with a statement timeout in milliseconds (0:
/// none). The orchestrator links no SQL engine: `tributary` hands it one.
using SqlRunner = std::function<SqlOutcome(const std::string& sql, int64_t timeout_ms)>;

/// Everything a try or a poke is told about itself.
struct TaskContext {
  std::string task;
  std::string region;  // empty for refreshes
  Days logical_date = 0;
  int64_t run_id = 0;
  int try_no = 0;
  /// Real time the try may take; past it the try is stopped and fails
  /// transiently.
  Micros timeout = 0;
  /// Set by the scheduler to stop the try (shutdown).
  const std::atomic<bool>* cancel = nullptr;
  /// Told the process group of a command try as soon as it exists, so the
  /// state can name it and a restart can stop what a crash left behind.
  std::function<void(int64_t pid)> on_process;
};

struct TryOutcome {
  bool ok = false;
  ErrorClass error_class = ErrorClass::kNone;
  std::string error;
  std::string log;  // the output's last 64 KiB
  int exit_code = 0;
  int64_t rows = 0;
};

struct PokeOutcome {
  bool ready = false;
  /// Why the poke could not tell (a failing query, a bad glob): logged with
  /// the run; the sensor goes on poking until its timeout.
  std::string error;
};

/// `{{ ds }}`, `{{ ds_nodash }}`, `{{ region }}`, `{{ task }}`, `{{ run_id }}`
/// and `{{ try }}` replaced by the context's values (spaces inside the braces
/// optional); anything else is left as written.
std::string SubstituteVariables(std::string_view text, const TaskContext& context);

/// PostgreSQL error classes that another try cannot fix: 28 (authentication),
/// 42 (syntax, missing or changed objects: a schema break), 23 (integrity: a
/// contract violation), 22 (bad data), 0A (not supported), 53400 (over the
/// byte limit). Everything else (57014 timeouts, 08 connection, 40 conflicts,
/// 53 resources, XX) is transient.
ErrorClass ClassifySqlState(std::string_view sqlstate);

/// Runs task actions and sensor pokes: commands as `/bin/sh -c` in a process
/// group of their own that dies with the orchestrator (PR_SET_PDEATHSIG), SQL
/// through the SqlRunner, SQLite readiness queries directly. Thread-safe:
/// each call is independent.
class TaskRunner {
 public:
  explicit TaskRunner(SqlRunner sql) : sql_(std::move(sql)) {}

  TryOutcome Run(const TaskAction& action, const TaskContext& context) const;
  PokeOutcome Poke(const SensorConfig& sensor, const TaskContext& context) const;

 private:
  TryOutcome RunCommand(const TaskAction& action, const TaskContext& context) const;
  TryOutcome RunSql(const TaskAction& action, const TaskContext& context) const;
  SqlRunner sql_;
};

}  // namespace tributary::orchestrator
