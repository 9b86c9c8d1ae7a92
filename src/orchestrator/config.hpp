#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "orchestrator/cron.hpp"
#include "orchestrator/time_zone.hpp"

namespace tributary::orchestrator {

/// Where a config value came from, for messages: `sales.yaml:12:5`.
struct SourcePosition {
  std::string file;
  int line = 0;    // 1-based
  int column = 0;  // 1-based
};

/// One problem found in a config file.
struct ConfigError {
  SourcePosition position;
  std::string message;  // names the key and the bad value
};

/// Retries of a failed try: the n-th retry waits
/// min(backoff * multiplier^(n-1), max_delay), +/- jitter (a fraction).
/// `attempts` counts every try, the first included (1 = no retry).
struct RetryPolicy {
  int attempts = 3;
  Micros backoff = kMicrosPerMinute;
  double multiplier = 2.0;
  Micros max_delay = 30 * kMicrosPerMinute;
  double jitter = 0.1;
};

/// What a task runs.
struct TaskAction {
  enum class Kind : uint8_t {
    kCommand,  // a shell command (`/bin/sh -c`)
    kSql,      // SQL statements on the warehouse
    // (`type: ingest` is read as a command running `tributary ingest` for
    // the region and the logical date.)
  };
  Kind kind = Kind::kCommand;
  /// kCommand: the command line; kSql: the statements. `{{ ds }}` (the logical
  /// date, YYYY-MM-DD), `{{ region }}`, `{{ task }}` and `{{ run_id }}` are
  /// substituted; commands also get them as TRIBUTARY_* environment variables.
  std::string text;
  /// kCommand: exit codes that mean a permanent failure (never retried);
  /// others, timeouts and signals are transient.
  std::vector<int> permanent_exit_codes = {64, 65, 66, 67, 68, 77, 78};
  SourcePosition position;
};

/// Gates a task's run until its data is there. A waiting sensor holds no
/// worker slot: it is poked every `poke_interval` until it succeeds or
/// `timeout` passes (then the run fails, or is skipped when `soft_fail`).
struct SensorConfig {
  enum class Kind : uint8_t {
    kSql,      // ready when the query's first row's first column is true / non-zero
    kFile,     // ready when `path` exists (globs allowed)
    kCommand,  // ready when the command exits 0
  };
  Kind kind = Kind::kFile;
  std::string text;  // query, path or command; `{{ ds }}` etc. substituted
  /// kSql: "warehouse" (default) or a SQLite file path.
  std::string database = "warehouse";
  Micros poke_interval = 5 * kMicrosPerMinute;
  Micros timeout = 6 * kMicrosPerHour;
  bool soft_fail = false;
  SourcePosition position;
};

/// A table a region loads (the ingestion contract; used by the ingest task,
/// docs/ingest.md).
struct TableConfig {
  std::string name;    // source table or file pattern
  std::string target;  // warehouse table, schema.table
  std::vector<std::string> primary_key;  // target columns
  std::string cursor;  // incremental cursor column; empty = full load
  /// Re-read this much before the watermark to catch late corrections: a
  /// duration ("2d") for a date/time cursor, a count for an integer one.
  std::string lookback;
  /// Target column -> SQL expression over the source's columns, in order
  /// ("amount: amount_cents / 100.0"). Target columns not listed take the
  /// source column of the same name.
  std::vector<std::pair<std::string, std::string>> columns;
  /// Source column that marks a row deleted (soft delete): such a row
  /// removes its key from the target.
  std::string delete_column;
  /// Hard deletes: at most this often (0: never), a load also reads every
  /// key of the source and deletes the region's target rows whose key is
  /// gone. Database sources only.
  Micros reconcile_every = 0;
  /// Layout when the ingest creates the target: partition column and
  /// granularity, cluster columns.
  std::string partition_by;
  std::string partition_granularity;
  std::vector<std::string> cluster_by;
  SourcePosition position;
};

/// A data check on a region's loaded tables.
struct CheckConfig {
  std::string name;
  std::string kind;  // not_null, unique, accepted_values, relationships, range, row_count, freshness
  std::string table;
  std::vector<std::string> columns;
  std::map<std::string, std::string> options;  // kind-specific (values, min, max, to, …)
  std::string severity = "error";  // error | warn
  SourcePosition position;
};

/// One region: its own task on its own clock.
struct RegionConfig {
  std::string name;
  std::string time_zone_name;
  TimeZone time_zone;
  /// The source's settings as given (kind, host, path, …), for the ingest task.
  std::map<std::string, std::string> source;
  CronSchedule schedule;
  /// Wall-clock deadline (seconds after local midnight) of each run; when it
  /// is not after the scheduled time of day it falls on the next local day.
  int32_t deadline = 0;
  /// The logical date is the scheduled local date plus this many days
  /// (default -1: a morning run loads the day before).
  int32_t logical_date_offset = -1;
  /// Used for "at risk" until there are enough successful runs to take p90 of.
  std::optional<Micros> expected_duration;
  std::optional<SensorConfig> sensor;
  RetryPolicy retries;
  Micros timeout = 30 * kMicrosPerMinute;  // per try
  std::string pool;                          // named pool, empty = none
  TaskAction action;
  std::vector<TableConfig> tables;
  std::vector<CheckConfig> checks;
  SourcePosition position;
};

/// A fan-in job that runs once the regions it depends on have landed for a
/// logical date, and again when a late load re-lands that date.
struct RefreshConfig {
  enum class Policy : uint8_t {
    kAll,         // every dependency landed
    kQuorum,      // at least `quorum` landed
    kAtDeadline,  // all landed, or at `deadline` with what landed (marked partial)
  };
  std::string name;
  std::vector<std::string> depends_on;  // region (or refresh) names
  Policy policy = Policy::kAll;
  int quorum = 0;
  std::string time_zone_name = "UTC";
  TimeZone time_zone;
  /// Wall-clock deadline on the day after the logical date, in `time_zone`.
  int32_t deadline = 0;
  std::optional<Micros> expected_duration;
  RetryPolicy retries;
  Micros timeout = 30 * kMicrosPerMinute;
  std::string pool;
  TaskAction action;
  SourcePosition position;
};

/// Where alerts go.
struct AlertChannelConfig {
  enum class Kind : uint8_t {
    kWebhook,  // JSON POST, retried
    kLog,      // one line on stderr
  };
  std::string name;
  Kind kind = Kind::kLog;
  std::string url;     // kWebhook
  int attempts = 5;    // kWebhook: POSTs before giving up
  Micros backoff = kMicrosPerSecond;
  SourcePosition position;
};

struct PoolConfig {
  std::string name;
  int slots = 1;
  SourcePosition position;
};

/// The whole orchestrator config file (docs/orchestrator.md).
struct OrchestratorConfig {
  std::string path;        // the file read
  std::string state_path;  // SQLite state database (relative paths are to the file's folder)
  std::string warehouse;   // warehouse directory for SQL tasks and sensors, may be empty
  int workers = 4;
  /// Worker slots backfills may never take: kept for scheduled runs.
  int reserved_for_scheduled = 1;
  std::string http_listen;  // "127.0.0.1:8080" or empty for none
  std::vector<PoolConfig> pools;
  std::vector<AlertChannelConfig> channels;
  std::vector<RegionConfig> regions;
  std::vector<RefreshConfig> refreshes;
};

/// Parses and validates a config. Every problem is reported, each with its
/// file, line and column; the result is an error only when there are any.
struct ConfigParseResult {
  std::optional<OrchestratorConfig> config;
  std::vector<ConfigError> errors;
};
ConfigParseResult ParseOrchestratorConfig(const std::string& path, const std::string& text);
ConfigParseResult ReadOrchestratorConfig(const std::string& path);
/// "file:line:col: message" lines, one per error.
std::string FormatConfigErrors(const std::vector<ConfigError>& errors);

/// Parses "90s", "45m", "2h", "1h30m", "1d", "250ms" into microseconds.
Result<Micros> ParseDuration(std::string_view text);
/// "1h30m" back from microseconds.
std::string FormatDuration(Micros duration);

}  // namespace tributary::orchestrator
