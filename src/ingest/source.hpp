#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "types/logical_type.hpp"
#include "vector/column_batch.hpp"

namespace tributary::ingest {

/// A region's `source:` settings from the orchestrator config (kind, host,
/// port, database, user, password / password_env, path, directory, pattern,
/// delimiter, ...), with `{{ ds }}` etc. already substituted. Passwords are
/// read here and never appear in a message, a log line or the jobs table.
struct SourceSettings {
  std::string region;
  std::map<std::string, std::string> values;

  /// The value of `key`, or `fallback` when absent.
  std::string Get(const std::string& key, const std::string& fallback = "") const;
  /// `password`, or the environment variable `password_env` names; empty
  /// when neither is set. An unset variable is an error naming it.
  Result<std::string> Password() const;
};

/// One column as the source declares it, with the Tributary type its values
/// arrive as (VARCHAR where the source has no types, e.g. CSV).
struct SourceColumn {
  std::string name;
  LogicalType type;
  std::string source_type;  // the source's own name: "numeric(12,2)", "int(11)", "csv"
  bool nullable = true;
};

/// A file of a file-drop source, with what identifies its content.
struct SourceFile {
  std::string path;  // absolute
  int64_t size = 0;
  int64_t mtime_ms = 0;
  std::string content_hash;  // 16 hex digits of XXH3-64 over the whole file
};

/// What one extract reads of one source table.
struct ExtractRequest {
  /// Databases: a table, `name` or `schema.name`. File drops: a glob
  /// relative to the source's `directory` (`{{ ds }}` substituted).
  std::string table;
  /// Incremental extracts: only rows whose `cursor` column is >=
  /// `lower_bound` (text, compared in the column's own type at the source).
  /// No cursor or no bound: every row.
  std::string cursor;
  std::optional<std::string> lower_bound;
  /// Only these columns, in this order (key reconciliation); empty = all.
  std::vector<std::string> columns;
  /// File drops: exactly these files (from ListReady, less those already
  /// taken), in this order. Ignored by databases.
  std::vector<SourceFile> files;
};

/// Counters of one extract, for progress and the run summary.
struct ExtractStats {
  int64_t rows = 0;
  int64_t bytes = 0;  // as received from the source (wire or file bytes)
};

/// A running extract. Databases read one consistent snapshot (PostgreSQL
/// REPEATABLE READ, MariaDB START TRANSACTION WITH CONSISTENT SNAPSHOT) and
/// stream it; nothing holds the whole result in memory.
class Extract {
 public:
  virtual ~Extract() = default;
  /// The columns of every batch, in order.
  virtual const std::vector<SourceColumn>& schema() const = 0;
  /// Fills `batch` (dense, schema() types) with up to kBatchSize rows; false
  /// at the end. A batch never holds rows of two files.
  virtual Result<bool> Next(ColumnBatch* batch) = 0;
  /// Where the last batch came from: the file path, or the table.
  virtual const std::string& current_origin() const = 0;
  virtual const ExtractStats& stats() const = 0;
};

/// A regional source system.
class Source {
 public:
  virtual ~Source() = default;
  /// "postgres 127.0.0.1:5432/sales", "csv /data/emea" (never credentials).
  virtual std::string Describe() const = 0;
  /// The table's columns as the source has them now (schema-drift checks).
  /// File drops: the columns of the first file in `request.files`.
  virtual Result<std::vector<SourceColumn>> Columns(const ExtractRequest& request) = 0;
  /// File drops: the files matching `request.table` that are ready (their
  /// ready marker exists, or their size has not changed for the source's
  /// `stable_seconds`), sorted by path, hashed. Databases: empty.
  virtual Result<std::vector<SourceFile>> ListReady(const ExtractRequest& request) = 0;
  virtual Result<std::unique_ptr<Extract>> Open(const ExtractRequest& request) = 0;
};

/// The source `settings.values["kind"]` names: postgres, mariadb (mysql),
/// sqlite, csv, ndjson, parquet. Errors name the region, the source and the
/// step that failed ("region EMEA: postgres 10.0.0.5:5432/sales: connect:
/// password authentication failed for user \"etl\"").
Result<std::unique_ptr<Source>> OpenSource(const SourceSettings& settings);

}  // namespace tributary::ingest
