// One region's load: extract -> stage -> drift -> map -> check -> publish.
// See region_load.hpp and docs/ingest.md.
#include "ingest/region_load.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <xxhash.h>

#include "catalog/catalog.hpp"
#include "common/crash_point.hpp"
#include "iceberg/snapshot.hpp"
#include "ingest/schema_drift.hpp"
#include "ingest/source.hpp"
#include "main/connection.hpp"
#include "orchestrator/task_runner.hpp"
#include "storage/table_writer.hpp"
#include "types/datetime.hpp"

namespace tributary::ingest {

namespace {

using orchestrator::CheckConfig;
using orchestrator::RegionConfig;
using orchestrator::TableConfig;

constexpr const char* kStagingSchema = "_ingest";
constexpr const char* kQuarantineSchema = "quarantine";
constexpr int kExitData = 65;
constexpr int kExitSoftware = 70;
constexpr int kExitUnavailable = 69;
constexpr int kExitTempFail = 75;
constexpr int kExitConfig = 78;
constexpr int kMergeAttempts = 8;
const std::set<std::string> kLineage = {"_region", "_source", "_run_id", "_ingested_at"};

/// A load step failed: the message and the exit code it maps to.
struct LoadError {
  std::string message;
  int exit_code = kExitSoftware;
};

std::string Ident(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Literal(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

/// "sales.deals" -> "sales"."deals".
std::string QualifiedName(const std::string& dotted) {
  size_t dot = dotted.find('.');
  if (dot == std::string::npos) return Ident(dotted);
  return Ident(dotted.substr(0, dot)) + "." + Ident(dotted.substr(dot + 1));
}

/// Lowercase letters, digits and '_' only: a table-name-safe form.
std::string Slug(const std::string& text) {
  std::string out;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    out += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
  }
  return out;
}

std::string HumanBytes(int64_t bytes) {
  if (bytes >= (int64_t{1} << 30)) return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (1 << 30));
  if (bytes >= (int64_t{1} << 20)) return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1 << 20));
  if (bytes >= 1024) return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024);
  return fmt::format("{} B", bytes);
}

/// The region's exclusive lock file, held for the whole load (the scheduler's
/// ingest tasks run this same code, so a hand-run load and a scheduled one
/// of one region never overlap).
class RegionLock {
 public:
  static Result<RegionLock> Take(const std::string& warehouse, const std::string& region) {
    std::filesystem::path dir = std::filesystem::path(warehouse) / "_ingest";
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    std::string path = (dir / (Slug(region) + ".lock")).string();
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return Status::IOError("cannot open lock file {}: {}", path, std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      char buf[32] = {};
      ssize_t n = ::pread(fd, buf, sizeof(buf) - 1, 0);
      ::close(fd);
      return Status::Conflict("region {} is being loaded by another process (pid {}; lock {})", region,
                              n > 0 ? std::string(buf, static_cast<size_t>(n)) : "?", path);
    }
    std::string pid = std::to_string(::getpid());
    if (::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, pid.data(), pid.size(), 0);
    return RegionLock(fd);
  }
  RegionLock(RegionLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  RegionLock& operator=(RegionLock&&) = delete;
  ~RegionLock() {
    if (fd_ >= 0) ::close(fd_);
  }

 private:
  explicit RegionLock(int fd) : fd_(fd) {}
  int fd_;
};

/// Statements on the warehouse; a QueryError becomes a Status naming the step.
class Warehouse {
 public:
  explicit Warehouse(std::shared_ptr<Database> db) : db_(std::move(db)), conn_(db_) {}

  Result<QueryResult> Run(const std::string& sql, const std::string& step) {
    QueryResult r = conn_.Query(sql);
    if (!r.ok()) {
      return Status::Invalid("{}: {} ({}){}", step, r.error().message, r.error().sqlstate,
                             r.error().hint.empty() ? "" : ": " + r.error().hint);
    }
    return r;
  }
  /// The first cell of the first row as text; nullopt for NULL or no row.
  Result<std::optional<std::string>> Scalar(const std::string& sql, const std::string& step) {
    TRIB_ASSIGN_OR_RETURN(QueryResult r, Run(sql, step));
    if (r.row_count() == 0) return std::optional<std::string>();
    return r.GetText(0, 0);
  }
  Connection& connection() { return conn_; }
  const std::shared_ptr<Database>& database() const { return db_; }

 private:
  std::shared_ptr<Database> db_;
  Connection conn_;
};

/// A target table's columns (name, type) as the warehouse has them.
struct TargetColumn {
  std::string name;
  LogicalType type;
};

Result<std::vector<TargetColumn>> DescribeQuery(Warehouse& wh, const std::string& sql) {
  QueryResult r = wh.connection().Describe(sql);
  if (!r.ok()) return Status::Invalid("{} ({})", r.error().message, r.error().sqlstate);
  std::vector<TargetColumn> out;
  for (size_t i = 0; i < r.column_names().size(); i++) out.push_back({r.column_names()[i], r.column_types()[i]});
  return out;
}

/// The newest value of `key` in the summaries of the table's current
/// snapshot and its ancestors, and whether `idempotency_key` is among them.
struct History {
  std::optional<std::string> watermark;
  bool key_committed = false;
};

History ReadHistory(const iceberg::TableMetadata& metadata, const std::string& watermark_key,
                    const std::string& idempotency_key) {
  History h;
  auto snapshot = metadata.current_snapshot();
  while (snapshot) {
    if (!h.watermark) {
      if (auto it = snapshot->summary.find(watermark_key); it != snapshot->summary.end()) h.watermark = it->second;
    }
    if (!idempotency_key.empty()) {
      auto it = snapshot->summary.find(iceberg::summary::kIdempotencyKey);
      if (it != snapshot->summary.end() && it->second == idempotency_key) h.key_committed = true;
    }
    if (!snapshot->parent_snapshot_id) break;
    snapshot = metadata.SnapshotById(*snapshot->parent_snapshot_id);
  }
  return h;
}

/// A check compiled to SQL over the mapped batch `b`.
struct CompiledCheck {
  const CheckConfig* config = nullptr;
  std::string row_predicate;  // empty for batch-level checks
  std::string window;         // a window column the predicate needs ("count(*) OVER (...) AS _dup_0")
};

class TableLoad {
 public:
  TableLoad(const RegionLoadOptions& options, const RegionConfig& region, const TableConfig& table,
            std::string source_name, Source* source, Warehouse* wh, std::shared_ptr<catalog::Catalog> catalog,
            Ledger* ledger, std::string run_id, std::string ds)
      : options_(options),
        region_(region),
        table_(table),
        source_name_(std::move(source_name)),
        source_(source),
        wh_(*wh),
        catalog_(std::move(catalog)),
        ledger_(*ledger),
        run_id_(std::move(run_id)),
        ds_(std::move(ds)) {
    result_.record.run_id = run_id_;
    result_.record.region = region_.name;
    result_.record.source_table = table_.name;
    result_.record.target = table_.target;
    result_.record.logical_date = ds_;
    result_.record.started_at_us = datetime::NowMicros();
    staging_ = fmt::format("{}__{}__{}", Slug(region_.name), Slug(table_.name), Slug(run_id_));
    watermark_key_ = fmt::format("tributary.ingest.watermark.{}.{}", region_.name, table_.name);
  }

  /// Runs the load; the result says how it ended.
  TableLoadResult Run() {
    auto outcome = Load();
    if (outcome.ok()) outcome = ReconcileKeys();
    if (!outcome.ok()) {
      result_.record.status = result_.record.status.empty() ? "failed" : result_.record.status;
      result_.record.message = outcome.error().message;
      exit_code_ = outcome.error().exit_code;
    }
    (void)wh_.Run(fmt::format("DROP TABLE IF EXISTS {}.{}", kStagingSchema, Ident(staging_)), "dropping staging");
    result_.record.finished_at_us = datetime::NowMicros();
    Status st = ledger_.RecordLoad(result_.record, result_.checks);
    if (!st.ok() && exit_code_ == 0) {
      exit_code_ = kExitSoftware;
      result_.record.message = st.ToString();
    }
    return result_;
  }
  int exit_code() const { return exit_code_; }

 private:
  /// A step's outcome: ok, or why the load stopped and its exit code.
  struct Expected {
    bool ok() const { return error_.message.empty(); }
    const LoadError& error() const { return error_; }
    LoadError error_;
  };

  static Expected Fail(std::string message, int exit_code) {
    return Expected{LoadError{std::move(message), exit_code}};
  }
  static Expected Fail(const Status& status, int exit_code) { return Fail(status.message(), exit_code); }

  void Progress(const std::string& line) {
    if (options_.progress) options_.progress(fmt::format("{} {}: {}", region_.name, source_name_, line));
  }

  Expected Load() {
    ExtractRequest request;
    request.table = source_name_;
    request.cursor = table_.cursor;

    // 1. Where the last load stopped: the watermark committed with the rows.
    auto target_table = LoadTarget();
    std::optional<std::string> watermark;
    if (target_table) watermark = ReadHistory(*(*target_table)->metadata(), watermark_key_, "").watermark;
    if (!watermark) {
      auto stored = ledger_.Watermark(region_.name, table_.name);
      if (!stored.ok()) return Fail(stored.status(), kExitSoftware);
      watermark = *stored;
    }
    result_.record.watermark_from = watermark.value_or("");

    // 2. What is new: ready files not taken yet, or rows past the watermark.
    auto ready = source_->ListReady(request);
    if (!ready.ok()) return Fail(ready.status(), kExitUnavailable);
    const bool file_drop = !ready->empty();
    for (const SourceFile& f : *ready) {
      bool resent = false;
      auto taken = ledger_.FileTaken(region_.name, table_.name, f, &resent);
      if (!taken.ok()) return Fail(taken.status(), kExitSoftware);
      if (*taken) {
        result_.files_skipped++;
        continue;
      }
      if (resent) {
        result_.files_resent++;
        Progress(fmt::format("{} was taken before with other content: loading it again", f.path));
      }
      request.files.push_back(f);
    }
    result_.files_taken = static_cast<int>(request.files.size());
    multi_file_ = request.files.size() > 1;
    if (file_drop && request.files.empty()) {
      result_.record.status = "no_new_data";
      result_.record.message = fmt::format("{} ready file(s), all taken already", ready->size());
      return {};
    }
    if (!file_drop && IsFileSource()) {
      result_.record.status = "no_new_data";
      result_.record.message = "no ready file matches " + source_name_;
      return {};
    }

    auto columns = source_->Columns(request);
    if (!columns.ok()) return Fail(columns.status(), kExitUnavailable);
    cursor_type_ = CursorType(*columns);
    if (!table_.cursor.empty() && !cursor_type_) {
      return Fail(fmt::format("region {}: the cursor column {} is not a column of {}", region_.name, table_.cursor,
                              table_.name),
                  kExitConfig);
    }
    if (!file_drop && watermark && !table_.cursor.empty()) {
      auto lower = LowerBound(*watermark);
      if (!lower.ok()) return Fail(lower.status(), kExitSoftware);
      request.lower_bound = *lower;
    }

    // 3. Schema drift against the contract.
    auto contract = ledger_.Contract(region_.name, table_.name);
    if (!contract.ok()) return Fail(contract.status(), kExitSoftware);
    SchemaDrift drift;
    if (*contract) drift = CompareColumns(**contract, *columns);
    result_.schema_changes = drift.Describe();
    if (drift.breaking()) {
      result_.record.status = "schema_drift";
      return Fail(fmt::format("region {}: schema drift in {} ({}): {}; the load is stopped until the contract is "
                              "updated (the other regions carry on)",
                              region_.name, table_.name, source_->Describe(), result_.schema_changes),
                  kExitData);
    }
    if (drift.any()) Progress("schema change accepted: " + result_.schema_changes);

    // 4. Extract into the staging table (Parquet, in the warehouse).
    if (auto st = Stage(request, *columns); !st.ok()) return st;
    CrashPoint("ingest.after-stage");
    if (result_.record.rows_read == 0) {
      result_.record.status = "no_new_data";
      result_.record.watermark_to = result_.record.watermark_from;
      result_.record.message =
          request.lower_bound ? "no row at or past " + *request.lower_bound : "the source is empty";
      return RecordTaken(request);
    }

    // 5. The target, evolved for added columns; the mapping onto it.
    if (auto st = PrepareTarget(*columns, drift); !st.ok()) return st;
    auto mapped = MappedSelect(*columns);
    if (!mapped.ok()) return Fail(mapped.status(), kExitConfig);
    mapped_ = *mapped;

    auto high = wh_.Scalar(
        fmt::format("SELECT max({})::text FROM {}.{}", Ident(table_.cursor.empty() ? "_source" : table_.cursor),
                    kStagingSchema, Ident(staging_)),
        "reading the new watermark");
    if (!high.ok()) return Fail(high.status(), kExitSoftware);
    std::string new_watermark = table_.cursor.empty() ? "" : high->value_or("");
    if (!watermark || (!new_watermark.empty() && CursorLess(*watermark, new_watermark))) {
      result_.record.watermark_to = new_watermark;
    } else {
      result_.record.watermark_to = *watermark;
    }

    // 6. Write-audit-publish: the checks decide.
    if (auto st = RunChecks(); !st.ok()) return st;
    CrashPoint("ingest.after-checks");
    if (quarantine_) return Quarantine();

    // 7. Publish exactly once.
    std::string key;
    if (file_drop) {
      std::string files;
      for (const auto& f : request.files) files += f.path + "@" + f.content_hash + ";";
      key =
          fmt::format("ingest:{}:{}:files:{:016x}", region_.name, table_.name, XXH3_64bits(files.data(), files.size()));
    } else {
      key = fmt::format("ingest:{}:{}:{}..{}:{}", region_.name, table_.name, request.lower_bound.value_or("start"),
                        result_.record.watermark_to, result_.record.rows_read);
    }
    if (auto st = Publish(key); !st.ok()) return st;
    CrashPoint("ingest.after-publish");
    if (!result_.record.watermark_to.empty()) {
      if (Status st = ledger_.SetWatermark(region_.name, table_.name, result_.record.watermark_to); !st.ok()) {
        return Fail(st, kExitSoftware);
      }
    }
    if (Status st = ledger_.SetContract(region_.name, table_.name, *columns); !st.ok()) return Fail(st, kExitSoftware);
    return RecordTaken(request);
  }

  bool IsFileSource() const {
    auto it = region_.source.find("kind");
    if (it == region_.source.end()) return false;
    return it->second == "csv" || it->second == "ndjson" || it->second == "parquet";
  }

  Expected RecordTaken(const ExtractRequest& request) {
    if (request.files.empty()) return {};
    Status st = ledger_.RecordFiles(region_.name, table_.name, run_id_, request.files);
    if (!st.ok()) return Fail(st, kExitSoftware);
    return {};
  }

  std::optional<std::shared_ptr<iceberg::Table>> LoadTarget() {
    size_t dot = table_.target.find('.');
    auto table = catalog_->LoadTable({table_.target.substr(0, dot), table_.target.substr(dot + 1)});
    if (!table.ok()) return std::nullopt;
    return *table;
  }

  std::optional<LogicalType> CursorType(const std::vector<SourceColumn>& columns) const {
    for (const auto& c : columns) {
      if (c.name == table_.cursor) return c.type;
    }
    return std::nullopt;
  }

  bool CursorIsTime() const {
    return cursor_type_ && (cursor_type_->id() == TypeId::kDate || cursor_type_->id() == TypeId::kTimestamp ||
                            cursor_type_->id() == TypeId::kTimestampTz);
  }

  /// Whether cursor value `a` < `b`, compared in the cursor's type.
  bool CursorLess(const std::string& a, const std::string& b) {
    if (!cursor_type_) return a < b;
    auto r = wh_.Scalar(fmt::format("SELECT CAST({} AS {}) < CAST({} AS {})", Literal(a), cursor_type_->ToString(),
                                    Literal(b), cursor_type_->ToString()),
                        "comparing watermarks");
    return r.ok() && r->value_or("f") == "t";
  }

  /// The watermark less the lookback, in the cursor's type.
  Result<std::string> LowerBound(const std::string& watermark) {
    if (table_.lookback.empty()) return watermark;
    const std::string type = cursor_type_->ToString();
    std::string sql;
    if (CursorIsTime()) {
      TRIB_ASSIGN_OR_RETURN(orchestrator::Micros lookback, orchestrator::ParseDuration(table_.lookback));
      sql = fmt::format("SELECT (CAST({} AS {}) - INTERVAL '{} seconds')::text", Literal(watermark),
                        cursor_type_->id() == TypeId::kDate ? "timestamp" : type, lookback / 1'000'000);
    } else {
      sql = fmt::format("SELECT (CAST({} AS {}) - {})::text", Literal(watermark), type, table_.lookback);
    }
    TRIB_ASSIGN_OR_RETURN(auto lower, wh_.Scalar(sql, "computing the lookback bound"));
    if (!lower) return Status::Invalid("the lookback bound of {} is NULL", watermark);
    return *lower;
  }

  Expected Stage(const ExtractRequest& request, const std::vector<SourceColumn>& columns) {
    if (auto st = StageInto(staging_, request, columns, &result_.record.rows_read, &result_.record.bytes_read);
        !st.ok()) {
      return st;
    }
    Progress(fmt::format("extracted {} rows ({}) from {}", result_.record.rows_read,
                         HumanBytes(result_.record.bytes_read), source_->Describe()));
    return {};
  }

  /// Streams the extract of `request` into the new staging table `name`
  /// (the source's `columns` plus `_source`), counting rows and bytes read.
  Expected StageInto(const std::string& name, const ExtractRequest& request, const std::vector<SourceColumn>& columns,
                     int64_t* rows, int64_t* bytes) {
    std::vector<std::string> defs;
    for (const auto& c : columns) defs.push_back(Ident(c.name) + " " + c.type.ToString());
    defs.push_back("\"_source\" text");
    auto created = wh_.Run(fmt::format("CREATE SCHEMA IF NOT EXISTS {0}; CREATE TABLE {0}.{1} ({2})", kStagingSchema,
                                       Ident(name), fmt::join(defs, ", ")),
                           "creating the staging table");
    if (!created.ok()) return Fail(created.status(), kExitSoftware);
    auto staging = catalog_->LoadTable({kStagingSchema, name});
    if (!staging.ok()) return Fail(staging.status(), kExitSoftware);
    // A staging batch is read once or twice and dropped: fast compression,
    // and files flushed often so the extract holds little in memory.
    TableWriterOptions staging_options;
    staging_options.parquet.codec = parquet::Codec::kLz4Raw;
    staging_options.max_buffered_rows = 262'144;
    staging_options.target_file_rows = 262'144;
    // Batches are encoded and written while the next ones are extracted.
    staging_options.flush_threads = std::max(1, DatabaseOptions{}.threads);
    auto writer = TableWriter::Make(*staging, staging_options);
    if (!writer.ok()) return Fail(writer.status(), kExitSoftware);

    auto extract = source_->Open(request);
    if (!extract.ok()) return Fail(extract.status(), kExitUnavailable);
    ColumnBatch batch;
    int64_t next_report = 100'000;
    while (true) {
      auto more = (*extract)->Next(&batch);
      if (!more.ok())
        return Fail(more.status(), more.status().code() == StatusCode::kIOError ? kExitUnavailable : kExitData);
      if (!*more) break;
      const size_t n = batch.num_rows();
      // One copy of the origin, referenced by every row of the batch.
      Vector origin(LogicalType::Varchar(), n);
      const StringRef from = origin.heap().Add((*extract)->current_origin());
      std::fill_n(origin.data<StringRef>(), n, from);
      batch.AddColumn(std::move(origin));
      if (Status st = (*writer)->Write(batch); !st.ok()) return Fail(st, kExitSoftware);
      *rows += static_cast<int64_t>(n);
      if (*rows >= next_report) {
        Progress(fmt::format("{} rows read ({})", *rows, HumanBytes((*extract)->stats().bytes)));
        next_report += 1'000'000;
      }
    }
    *bytes += (*extract)->stats().bytes;
    auto files = (*writer)->Finish();
    if (!files.ok()) return Fail(files.status(), kExitSoftware);
    if (!files->empty()) {
      auto commit = (*staging)->Append(std::move(*files));
      if (!commit.ok()) return Fail(commit.status(), kExitSoftware);
    }
    return {};
  }

  /// Hard deletes: when `reconcile_every` has passed since the last time,
  /// reads every key the source has now and deletes the region's target
  /// rows whose key is gone.
  Expected ReconcileKeys() {
    if (table_.reconcile_every <= 0 || IsFileSource()) return {};
    if (!LoadTarget()) return {};
    const int64_t now = datetime::NowMicros();
    auto last = ledger_.LastReconciled(region_.name, table_.name);
    if (!last.ok()) return Fail(last.status(), kExitSoftware);
    if (*last && now - **last < table_.reconcile_every) return {};

    // The source column each key column comes from: by name, or a mapping
    // that is a bare column name.
    std::map<std::string, std::string> mapping(table_.columns.begin(), table_.columns.end());
    ExtractRequest request;
    request.table = source_name_;
    for (const auto& key : table_.primary_key) {
      std::string from = key;
      if (auto it = mapping.find(key); it != mapping.end()) from = it->second;
      if (from.empty() || !std::all_of(from.begin(), from.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
          })) {
        return Fail(fmt::format("region {}: reconcile_every on {} needs each primary key column to come from a source "
                                "column by name; {} is mapped from {}",
                                region_.name, table_.name, key, from),
                    kExitConfig);
      }
      request.columns.push_back(from);
    }
    auto all = source_->Columns(request);
    if (!all.ok()) return Fail(all.status(), kExitUnavailable);
    std::vector<SourceColumn> key_columns;
    for (const auto& name : request.columns) {
      auto it = std::find_if(all->begin(), all->end(), [&](const SourceColumn& c) { return c.name == name; });
      if (it == all->end()) {
        return Fail(fmt::format("region {}: key column {} is not a column of {}", region_.name, name, table_.name),
                    kExitData);
      }
      key_columns.push_back(*it);
    }
    const std::string keys = staging_ + "__keys";
    int64_t rows = 0, bytes = 0;
    Expected staged = StageInto(keys, request, key_columns, &rows, &bytes);
    if (staged.ok()) {
      auto target = DescribeQuery(wh_, "SELECT * FROM " + QualifiedName(table_.target));
      if (!target.ok()) return Fail(target.status(), kExitSoftware);
      std::vector<std::string> match;
      bool has_region = false;
      for (size_t i = 0; i < table_.primary_key.size(); i++) {
        auto it = std::find_if(target->begin(), target->end(),
                               [&](const TargetColumn& c) { return c.name == table_.primary_key[i]; });
        if (it == target->end()) continue;
        match.push_back(fmt::format("CAST(k.{} AS {}) = t.{}", Ident(request.columns[i]), it->type.ToString(),
                                    Ident(table_.primary_key[i])));
      }
      for (const auto& c : *target) has_region |= c.name == "_region";
      auto deleted = wh_.Run(fmt::format("DELETE FROM {} AS t WHERE {}NOT EXISTS (SELECT 1 FROM {}.{} AS k WHERE {})",
                                         QualifiedName(table_.target),
                                         has_region ? "t.\"_region\" = " + Literal(region_.name) + " AND " : "",
                                         kStagingSchema, Ident(keys), fmt::join(match, " AND ")),
                             "deleting keys the source no longer has");
      if (!deleted.ok()) {
        staged = Fail(deleted.status(), kExitSoftware);
      } else {
        const std::string& tag = deleted->command_tag();
        result_.record.rows_deleted = std::stoll(tag.substr(tag.rfind(' ') + 1));
        Progress(fmt::format("reconciled {} source keys: deleted {} rows of {} whose key is gone", rows,
                             result_.record.rows_deleted, table_.target));
        if (Status st = ledger_.SetReconciled(region_.name, table_.name, now); !st.ok())
          staged = Fail(st, kExitSoftware);
      }
    }
    (void)wh_.Run(fmt::format("DROP TABLE IF EXISTS {}.{}", kStagingSchema, Ident(keys)), "dropping staging");
    return staged;
  }

  /// Creates the target when missing; adds the columns the source added.
  Expected PrepareTarget(const std::vector<SourceColumn>& columns, const SchemaDrift& drift) {
    auto existing = LoadTarget();
    if (!existing) {
      std::vector<std::string> defs;
      if (table_.columns.empty()) {
        for (const auto& c : columns) {
          if (!kLineage.contains(c.name) && c.name != table_.delete_column) {
            defs.push_back(Ident(c.name) + " " + c.type.ToString());
          }
        }
      } else {
        // The mapping's types: describe it over the staging table.
        std::vector<std::string> exprs;
        for (const auto& [name, expr] : table_.columns) exprs.push_back("(" + expr + ") AS " + Ident(name));
        auto described = DescribeQuery(
            wh_, fmt::format("SELECT {} FROM {}.{} AS r", fmt::join(exprs, ", "), kStagingSchema, Ident(staging_)));
        if (!described.ok()) {
          return Fail(fmt::format("region {}: the column mapping of {} does not bind: {}", region_.name, table_.name,
                                  described.status().message()),
                      kExitConfig);
        }
        for (const auto& c : *described) defs.push_back(Ident(c.name) + " " + c.type.ToString());
      }
      defs.insert(defs.end(),
                  {"\"_region\" text", "\"_source\" text", "\"_run_id\" text", "\"_ingested_at\" timestamptz"});
      if (!table_.primary_key.empty()) {
        std::vector<std::string> pk;
        for (const auto& k : table_.primary_key) pk.push_back(Ident(k));
        defs.push_back(fmt::format("PRIMARY KEY ({})", fmt::join(pk, ", ")));
      }
      std::string layout;
      if (!table_.partition_by.empty()) {
        layout += fmt::format(" PARTITION BY RANGE ({})", Ident(table_.partition_by));
      }
      std::vector<std::string> with;
      if (!table_.partition_granularity.empty()) {
        with.push_back("partition_granularity = " + Literal(table_.partition_granularity));
      }
      if (!table_.cluster_by.empty())
        with.push_back("cluster_by = " + Literal(fmt::format("{}", fmt::join(table_.cluster_by, ", "))));
      if (!with.empty()) layout += fmt::format(" WITH ({})", fmt::join(with, ", "));
      std::string schema = table_.target.substr(0, table_.target.find('.'));
      auto created = wh_.Run(fmt::format("CREATE SCHEMA IF NOT EXISTS {}; CREATE TABLE IF NOT EXISTS {} ({}){}",
                                         Ident(schema), QualifiedName(table_.target), fmt::join(defs, ", "), layout),
                             "creating " + table_.target);
      if (!created.ok()) return Fail(created.status(), kExitConfig);
      Progress("created " + table_.target);
    }
    auto target = DescribeQuery(wh_, "SELECT * FROM " + QualifiedName(table_.target));
    if (!target.ok()) return Fail(target.status(), kExitSoftware);
    std::set<std::string> have;
    for (const auto& c : *target) have.insert(c.name);
    for (const auto& c : drift.added) {
      if (have.contains(c.name)) continue;
      auto altered = wh_.Run(fmt::format("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {} {}", QualifiedName(table_.target),
                                         Ident(c.name), c.type.ToString()),
                             "evolving " + table_.target);
      if (!altered.ok()) return Fail(altered.status(), kExitData);
      Progress(fmt::format("added column {} {} to {}", c.name, c.type.ToString(), table_.target));
      target->push_back({c.name, c.type});  // ADD COLUMN appends, as the table will describe it
    }
    target_columns_ = std::move(*target);
    return {};
  }

  /// SELECT of the batch in the target's columns, from the staging table `r`.
  Result<std::string> MappedSelect(const std::vector<SourceColumn>& columns) {
    std::map<std::string, std::string> mapping(table_.columns.begin(), table_.columns.end());
    std::set<std::string> source_names;
    for (const auto& c : columns) source_names.insert(c.name);
    std::vector<std::string> exprs;
    const std::string ingested_at = datetime::FormatTimestamp(result_.record.started_at_us, true);
    for (const auto& c : target_columns_) {
      std::string expr;
      if (auto it = mapping.find(c.name); it != mapping.end()) {
        expr = "(" + it->second + ")";
      } else if (c.name == "_region") {
        expr = Literal(region_.name);
      } else if (c.name == "_source") {
        expr = "r.\"_source\"";
      } else if (c.name == "_run_id") {
        expr = Literal(run_id_);
      } else if (c.name == "_ingested_at") {
        expr = "TIMESTAMPTZ " + Literal(ingested_at);
      } else if (source_names.contains(c.name)) {
        expr = "r." + Ident(c.name);
      } else {
        expr = "NULL";
      }
      exprs.push_back(fmt::format("CAST({} AS {}) AS {}", expr, c.type.ToString(), Ident(c.name)));
    }
    if (!table_.delete_column.empty()) {
      if (!source_names.contains(table_.delete_column)) {
        return Status::Invalid("region {}: the delete_column {} is not a column of {}", region_.name,
                               table_.delete_column, table_.name);
      }
      exprs.push_back(fmt::format("CAST(r.{} AS boolean) AS \"_deleted\"", Ident(table_.delete_column)));
    }
    std::string sql = fmt::format("SELECT {} FROM {}.{} AS r", fmt::join(exprs, ", "), kStagingSchema, Ident(staging_));
    // A batch of several files (a catch-up after days without a load, or a
    // first load of a file drop's history) can carry several versions of a
    // key: a correction exported the day after the deal. Only the rows of
    // the file holding a key's newest version are published, as one load
    // per file would have left it. Versions within one file (or one
    // database extract) are left to the unique check: they are a defect of
    // that export, not history.
    if (multi_file_ && !table_.primary_key.empty() && !table_.cursor.empty()) {
      std::vector<std::string> keys, names;
      for (const auto& k : table_.primary_key) keys.push_back("v." + Ident(k));
      for (const auto& c : target_columns_) names.push_back("w." + Ident(c.name));
      if (!table_.delete_column.empty()) names.push_back("w.\"_deleted\"");
      std::string inner = fmt::format("SELECT {}, r.\"_source\" AS \"_ingest_origin\" FROM {}.{} AS r",
                                      fmt::join(exprs, ", "), kStagingSchema, Ident(staging_));
      sql = fmt::format(
          "SELECT {0} FROM (SELECT v.*, first_value(v.\"_ingest_origin\") OVER (PARTITION BY {1} ORDER BY v.{2} "
          "DESC NULLS LAST, v.\"_ingest_origin\" DESC) AS \"_ingest_newest\" FROM ({3}) AS v) AS w "
          "WHERE w.\"_ingest_origin\" = w.\"_ingest_newest\"",
          fmt::join(names, ", "), fmt::join(keys, ", "), Ident(table_.cursor), inner);
    }
    auto described = DescribeQuery(wh_, sql);
    if (!described.ok()) {
      return Status::Invalid("region {}: the column mapping of {} into {} does not bind: {}", region_.name, table_.name,
                             table_.target, described.status().message());
    }
    return sql;
  }

  /// The checks on this table, compiled against `b` (the mapped batch).
  std::vector<CompiledCheck> CompileChecks() {
    std::vector<CompiledCheck> out;
    for (const CheckConfig& check : region_.checks) {
      if (check.table != table_.target && check.table != table_.name) continue;
      CompiledCheck c;
      c.config = &check;
      std::vector<std::string> preds;
      auto option = [&](const std::string& key) {
        auto it = check.options.find(key);
        return it == check.options.end() ? std::string() : it->second;
      };
      if (check.kind == "not_null") {
        for (const auto& col : check.columns) preds.push_back("b." + Ident(col) + " IS NULL");
      } else if (check.kind == "unique") {
        std::vector<std::string> cols;
        for (const auto& col : check.columns) cols.push_back("m." + Ident(col));
        std::string name = fmt::format("_dup_{}", out.size());
        c.window = fmt::format("count(*) OVER (PARTITION BY {}) AS {}", fmt::join(cols, ", "), name);
        preds.push_back("b." + name + " > 1");
      } else if (check.kind == "accepted_values") {
        std::vector<std::string> values;
        std::string list = option("values");
        size_t start = 0;
        while (start <= list.size()) {
          size_t comma = list.find(',', start);
          values.push_back(Literal(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
        preds.push_back(fmt::format("b.{0} IS NOT NULL AND CAST(b.{0} AS text) NOT IN ({1})", Ident(check.columns[0]),
                                    fmt::join(values, ", ")));
      } else if (check.kind == "relationships") {
        std::string to = option("to");
        size_t dot = to.rfind('.');
        preds.push_back(fmt::format("b.{0} IS NOT NULL AND b.{0} NOT IN (SELECT {1} FROM {2} WHERE {1} IS NOT NULL)",
                                    Ident(check.columns[0]), Ident(to.substr(dot + 1)),
                                    QualifiedName(to.substr(0, dot))));
      } else if (check.kind == "range") {
        std::string col = "b." + Ident(check.columns[0]);
        if (!option("min").empty()) preds.push_back(fmt::format("{} < {}", col, option("min")));
        if (!option("max").empty()) preds.push_back(fmt::format("{} > {}", col, option("max")));
      }
      if (!preds.empty()) c.row_predicate = fmt::format("({})", fmt::join(preds, " OR "));
      out.push_back(std::move(c));
    }
    return out;
  }

  /// The mapped batch with the checks' window columns, as `b`.
  std::string CheckedBatch(const std::vector<CompiledCheck>& checks) const {
    std::vector<std::string> windows;
    for (const auto& c : checks) {
      if (!c.window.empty()) windows.push_back(c.window);
    }
    if (windows.empty()) return "(" + mapped_ + ") AS b";
    return fmt::format("(SELECT m.*, {} FROM ({}) AS m) AS b", fmt::join(windows, ", "), mapped_);
  }

  /// The end of the logical date in the region's zone: freshness's reference.
  std::string FreshnessReference() const {
    auto days = datetime::ParseDate(ds_);
    orchestrator::Micros end = datetime::NowMicros();
    if (days.ok()) {
      auto r = region_.time_zone.Resolve({*days + 1, 0});
      end = std::min(end, r.instant);
    }
    return datetime::FormatTimestamp(end, true);
  }

  Expected RunChecks() {
    checks_ = CompileChecks();
    std::vector<std::string> aggregates = {"count(*)"};
    for (const auto& c : checks_) {
      if (!c.row_predicate.empty()) {
        aggregates.push_back(fmt::format("sum(CASE WHEN {} THEN 1 ELSE 0 END)", c.row_predicate));
      } else if (c.config->kind == "freshness") {
        aggregates.push_back(fmt::format("max(b.{})::text", Ident(c.config->columns[0])));
      } else {
        aggregates.push_back("0");
      }
    }
    auto r = wh_.Run(fmt::format("SELECT {} FROM {}", fmt::join(aggregates, ", "), CheckedBatch(checks_)),
                     "running the checks");
    if (!r.ok()) return Fail(r.status(), kExitConfig);
    const int64_t rows = std::stoll(r->GetText(0, 0).value_or("0"));
    for (size_t i = 0; i < checks_.size(); i++) {
      const CheckConfig& config = *checks_[i].config;
      CheckRecord record;
      record.name = config.name;
      record.kind = config.kind;
      record.severity = config.severity;
      std::optional<std::string> cell = r->GetText(0, i + 1);
      auto option = [&](const std::string& key) {
        auto it = config.options.find(key);
        return it == config.options.end() ? std::string() : it->second;
      };
      if (!checks_[i].row_predicate.empty()) {
        record.failing_rows = std::stoll(cell.value_or("0"));
        record.passed = record.failing_rows == 0;
        if (!record.passed) {
          record.detail = fmt::format("{} of {} rows fail {} on {}", record.failing_rows, rows, config.kind,
                                      fmt::join(config.columns, ", "));
        }
      } else if (config.kind == "row_count") {
        auto status = RowCountCheck(config, rows, &record);
        if (!status.ok()) return Fail(status, kExitSoftware);
      } else if (config.kind == "freshness") {
        auto max_age = orchestrator::ParseDuration(option("max_age"));
        const std::string reference = FreshnessReference();
        auto stale = wh_.Scalar(
            fmt::format("SELECT CAST({} AS timestamptz) < TIMESTAMPTZ {} - INTERVAL '{} seconds'",
                        cell ? Literal(*cell) : "NULL", Literal(reference), max_age.ok() ? *max_age / 1'000'000 : 0),
            "checking freshness");
        if (!stale.ok()) return Fail(stale.status(), kExitConfig);
        record.passed = stale->value_or("t") != "t";
        if (!record.passed) {
          record.detail = fmt::format("newest {} is {}, older than {} before {}", config.columns[0],
                                      cell.value_or("(none)"), option("max_age"), reference);
        }
      }
      if (!record.passed && record.severity == "warn") {
        auto streak = ledger_.ConsecutiveWarnings(region_.name, table_.name, record.name);
        if (!streak.ok()) return Fail(streak.status(), kExitSoftware);
        if (*streak + 1 >= 3) {
          record.escalated = true;
          record.detail += fmt::format(" (warning {} loads in a row: escalated to an error)", *streak + 1);
        }
      }
      if (!record.passed) {
        Progress(fmt::format("check {} ({}) failed: {}", record.name, record.escalated ? "escalated" : record.severity,
                             record.detail));
        if (record.severity == "error" || record.escalated) {
          quarantine_ = true;
          failed_.push_back(record.name + ": " + record.detail);
        }
      }
      result_.checks.push_back(std::move(record));
    }
    return {};
  }

  Status RowCountCheck(const CheckConfig& config, int64_t rows, CheckRecord* record) {
    auto option = [&](const std::string& key) {
      auto it = config.options.find(key);
      return it == config.options.end() ? std::string() : it->second;
    };
    std::vector<std::string> problems;
    if (!option("min").empty() && rows < std::stoll(option("min"))) {
      problems.push_back(fmt::format("{} rows, fewer than min {}", rows, option("min")));
    }
    if (!option("max").empty() && rows > std::stoll(option("max"))) {
      problems.push_back(fmt::format("{} rows, more than max {}", rows, option("max")));
    }
    if (!option("tolerance").empty()) {
      TRIB_ASSIGN_OR_RETURN(std::vector<int64_t> recent, ledger_.RecentRowCounts(region_.name, table_.name, 7));
      if (recent.size() >= 3) {
        std::sort(recent.begin(), recent.end());
        const double median = static_cast<double>(recent[recent.size() / 2]);
        const double tolerance = std::stod(option("tolerance"));
        const double ratio = median > 0 ? static_cast<double>(rows) / median : 1.0;
        if (std::fabs(ratio - 1.0) > tolerance) {
          problems.push_back(
              fmt::format("{} rows vs a median of {:.0f} over the last {} loads ({:+.0f}%, tolerance "
                          "{:.0f}%)",
                          rows, median, recent.size(), (ratio - 1.0) * 100, tolerance * 100));
        }
      }
    }
    record->passed = problems.empty();
    record->detail = fmt::format("{}", fmt::join(problems, "; "));
    return Status::OK();
  }

  /// Keeps the batch in quarantine.<region>_<table>_<run> with each row's
  /// failed checks, records it in quarantine.batches, and stops.
  Expected Quarantine() {
    std::vector<std::string> flags;
    for (const auto& c : checks_) {
      if (c.row_predicate.empty()) continue;
      flags.push_back(fmt::format("CASE WHEN {} THEN {} END", c.row_predicate, Literal(c.config->name)));
    }
    std::vector<std::string> cols;
    for (const auto& c : target_columns_) cols.push_back("b." + Ident(c.name));
    const std::string reason = fmt::format("{}", fmt::join(failed_, "; "));
    result_.quarantine_table = fmt::format("{}.{}", kQuarantineSchema, staging_);
    auto created = wh_.Run(
        fmt::format("CREATE SCHEMA IF NOT EXISTS {0}; "
                    "CREATE TABLE {0}.{1} AS SELECT {2}, NULLIF(concat_ws(',', {3}), '') AS \"_failed_checks\", "
                    "{4} AS \"_reason\" FROM {5}",
                    kQuarantineSchema, Ident(staging_), fmt::join(cols, ", "),
                    flags.empty() ? "NULL" : fmt::format("{}", fmt::join(flags, ", ")), Literal(reason),
                    CheckedBatch(checks_)),
        "quarantining the batch");
    if (!created.ok()) return Fail(created.status(), kExitSoftware);
    auto failing = wh_.Scalar(fmt::format("SELECT count(*) FROM {}.{} WHERE \"_failed_checks\" IS NOT NULL",
                                          kQuarantineSchema, Ident(staging_)),
                              "counting failing rows");
    auto recorded = wh_.Run(
        fmt::format("CREATE TABLE IF NOT EXISTS {0}.batches (run_id text, region text, source_table text, target "
                    "text, logical_date text, quarantined_at timestamptz, reason text, rows bigint, failing_rows "
                    "bigint, table_name text); "
                    "INSERT INTO {0}.batches VALUES ({1}, {2}, {3}, {4}, {5}, now(), {6}, {7}, {8}, {9})",
                    kQuarantineSchema, Literal(run_id_), Literal(region_.name), Literal(table_.name),
                    Literal(table_.target), Literal(ds_), Literal(reason), result_.record.rows_read,
                    failing.ok() ? failing->value_or("0") : "0", Literal(result_.quarantine_table)),
        "recording the quarantined batch");
    if (!recorded.ok()) return Fail(recorded.status(), kExitSoftware);
    result_.record.rows_quarantined = result_.record.rows_read;
    result_.record.status = "quarantined";
    return Fail(
        fmt::format("region {}: the batch of {} ({} rows) is quarantined in {} and {} is unchanged: {}", region_.name,
                    table_.name, result_.record.rows_read, result_.quarantine_table, table_.target, reason),
        kExitData);
  }

  /// MERGE on the primary key, newer cursor wins, tagged with the watermark
  /// and the idempotency key; retried on a concurrent commit (40001).
  Expected Publish(const std::string& key) {
    if (table_.primary_key.empty()) {
      return Fail(fmt::format("region {}: {} has no primary_key to merge on", region_.name, table_.name), kExitConfig);
    }
    auto target = LoadTarget();
    if (target && ReadHistory(*(*target)->metadata(), watermark_key_, key).key_committed) {
      result_.record.status = "already_published";
      result_.record.message = "this batch was published by an earlier load (idempotency key " + key + ")";
      Progress(result_.record.message);
      return {};
    }
    std::set<std::string> pk(table_.primary_key.begin(), table_.primary_key.end());
    std::vector<std::string> on, set, changed, insert_cols, insert_vals;
    for (const auto& k : table_.primary_key) on.push_back(fmt::format("t.{0} = s.{0}", Ident(k)));
    for (const auto& c : target_columns_) {
      insert_cols.push_back(Ident(c.name));
      insert_vals.push_back("s." + Ident(c.name));
      if (pk.contains(c.name)) continue;
      set.push_back(fmt::format("{0} = s.{0}", Ident(c.name)));
      if (!kLineage.contains(c.name)) changed.push_back(fmt::format("t.{0} IS DISTINCT FROM s.{0}", Ident(c.name)));
    }
    std::string newer;
    if (!table_.cursor.empty()) {
      newer = fmt::format("s.{0} > t.{0}", Ident(table_.cursor));
    } else {
      newer = changed.empty() ? "false" : fmt::format("({})", fmt::join(changed, " OR "));
    }
    std::string clauses;
    const bool deletes = !table_.delete_column.empty();
    if (deletes) {
      std::string at_least = table_.cursor.empty() ? "true" : fmt::format("s.{0} >= t.{0}", Ident(table_.cursor));
      clauses += fmt::format(" WHEN MATCHED AND s.\"_deleted\" IS TRUE AND {} THEN DELETE", at_least);
    }
    clauses += fmt::format(" WHEN MATCHED AND {}{} THEN UPDATE SET {}", newer,
                           deletes ? " AND s.\"_deleted\" IS NOT TRUE" : "", fmt::join(set, ", "));
    clauses += fmt::format(" WHEN NOT MATCHED{} THEN INSERT ({}) VALUES ({})",
                           deletes ? " AND s.\"_deleted\" IS NOT TRUE" : "", fmt::join(insert_cols, ", "),
                           fmt::join(insert_vals, ", "));
    std::string merge = fmt::format("MERGE INTO {} AS t USING ({}) AS s ON {}{}", QualifiedName(table_.target), mapped_,
                                    fmt::join(on, " AND "), clauses);
    // Into an empty target (a first load) nothing can match: an INSERT does
    // the same without joining, with the same tags on its commit.
    if (target) {
      auto snapshot = (*target)->metadata()->current_snapshot();
      if (!snapshot || snapshot->SummaryInt(iceberg::summary::kTotalRecords) == 0) {
        merge = fmt::format("INSERT INTO {} ({}) SELECT {} FROM ({}) AS s{}", QualifiedName(table_.target),
                            fmt::join(insert_cols, ", "), fmt::join(insert_vals, ", "), mapped_,
                            deletes ? " WHERE s.\"_deleted\" IS NOT TRUE" : "");
      }
    }
    CommitTags tags;
    tags.idempotency_key = key;
    tags.summary[watermark_key_] = result_.record.watermark_to;
    tags.summary["tributary.ingest.run-id"] = run_id_;
    CrashPoint("ingest.before-publish");
    // Fault tests: a crash point of the commit itself (commit.after-manifest,
    // commit.after-metadata, commit.before-cas, commit.after-cas), armed for
    // the MERGE's commit only.
    if (const char* point = std::getenv("TRIBUTARY_CRASH_IN_PUBLISH"); point != nullptr && *point != '\0') {
      ArmCrashPoint(point);
    }
    for (int attempt = 1;; attempt++) {
      bool already = false;
      wh_.connection().SetNextCommitTags(tags, &already);
      QueryResult r = wh_.connection().Query(merge);
      if (r.ok()) {
        const std::string& tag = r.command_tag();  // "MERGE n" or "INSERT 0 n"
        result_.record.rows_merged = std::stoll(tag.substr(tag.rfind(' ') + 1));
        result_.record.status = already ? "already_published" : "published";
        break;
      }
      if (r.error().sqlstate == "40001" && attempt < kMergeAttempts) {
        Progress(fmt::format("a concurrent commit touched {}; merging again (attempt {})", table_.target, attempt + 1));
        continue;
      }
      return Fail(fmt::format("region {}: publishing into {} failed: {} ({})", region_.name, table_.target,
                              r.error().message, r.error().sqlstate),
                  r.error().sqlstate == "40001" ? kExitTempFail : kExitSoftware);
    }
    if (auto after = LoadTarget()) {
      if (auto snapshot = (*after)->metadata()->current_snapshot()) {
        result_.record.bytes_written = snapshot->SummaryInt(iceberg::summary::kAddedFilesSize);
      }
    }
    Progress(fmt::format("merged {} rows into {} ({} written), watermark {}", result_.record.rows_merged, table_.target,
                         HumanBytes(result_.record.bytes_written),
                         result_.record.watermark_to.empty() ? "(none)" : result_.record.watermark_to));
    return {};
  }

  const RegionLoadOptions& options_;
  const RegionConfig& region_;
  /// The config's table (its name keys the ledger and the watermark) and
  /// the source table or file pattern this load reads ({{ ds }} substituted).
  const TableConfig& table_;
  std::string source_name_;
  Source* source_;
  Warehouse& wh_;
  std::shared_ptr<catalog::Catalog> catalog_;
  Ledger& ledger_;
  std::string run_id_;
  std::string ds_;
  std::string staging_;
  std::string watermark_key_;
  std::optional<LogicalType> cursor_type_;
  std::vector<TargetColumn> target_columns_;
  std::string mapped_;
  std::vector<CompiledCheck> checks_;
  /// The batch holds several files, so possibly several versions of a key.
  bool multi_file_ = false;
  bool quarantine_ = false;
  std::vector<std::string> failed_;
  TableLoadResult result_;
  int exit_code_ = 0;
};

/// Drops staging tables a crashed load of the region left behind.
void DropLeftoverStaging(Warehouse& wh, catalog::Catalog& catalog, const std::string& region) {
  auto tables = catalog.ListTables(kStagingSchema);
  if (!tables.ok()) return;
  const std::string prefix = Slug(region) + "__";
  for (const auto& id : *tables) {
    if (id.name.starts_with(prefix)) {
      (void)wh.Run(fmt::format("DROP TABLE IF EXISTS {}.{}", kStagingSchema, Ident(id.name)), "dropping staging");
    }
  }
}

}  // namespace

RegionLoadResult LoadRegion(const RegionLoadOptions& options) {
  RegionLoadResult result;
  result.region = options.region;
  auto fail = [&](int code, std::string message) {
    result.exit_code = code;
    result.error = std::move(message);
    return result;
  };
  const RegionConfig* region = nullptr;
  for (const auto& r : options.config->regions) {
    if (r.name == options.region) region = &r;
  }
  if (region == nullptr) {
    std::vector<std::string> names;
    for (const auto& r : options.config->regions) names.push_back(r.name);
    return fail(kExitConfig, fmt::format("no region {} in {} (regions: {})", options.region, options.config->path,
                                         fmt::join(names, ", ")));
  }
  if (region->tables.empty()) return fail(kExitConfig, fmt::format("region {} lists no tables", region->name));
  const orchestrator::Micros start = datetime::NowMicros();
  const orchestrator::Days date =
      options.logical_date.value_or(region->time_zone.ToLocal(start).date + region->logical_date_offset);
  const std::string ds = datetime::FormatDate(date);
  result.run_id = options.run_id.empty()
                      ? fmt::format("{}-{}-{}", Slug(region->name), ds, datetime::FormatTimestamp(start).substr(11, 8))
                      : options.run_id;
  std::replace(result.run_id.begin(), result.run_id.end(), ':', '_');

  auto lock = RegionLock::Take(options.warehouse, region->name);
  if (!lock.ok()) return fail(kExitTempFail, lock.status().message());
  auto db = Database::Open(options.warehouse);
  if (!db.ok()) return fail(kExitSoftware, db.status().ToString());
  auto catalog = catalog::Catalog::Open(options.warehouse);
  if (!catalog.ok()) return fail(kExitSoftware, catalog.status().ToString());
  auto ledger = Ledger::Open(options.warehouse);
  if (!ledger.ok()) return fail(kExitSoftware, ledger.status().ToString());
  Warehouse wh(*db);
  DropLeftoverStaging(wh, **catalog, region->name);

  // {{ ds }} and friends in the source's settings and table names.
  orchestrator::TaskContext context;
  context.task = region->name;
  context.region = region->name;
  context.logical_date = date;
  SourceSettings settings;
  settings.region = region->name;
  for (const auto& [key, value] : region->source) {
    settings.values[key] = orchestrator::SubstituteVariables(value, context);
  }
  auto source = OpenSource(settings);
  if (!source.ok()) return fail(kExitConfig, source.status().message());

  for (const TableConfig& table : region->tables) {
    TableLoad load(options, *region, table, orchestrator::SubstituteVariables(table.name, context), source->get(), &wh,
                   *catalog, ledger->get(), result.run_id, ds);
    result.tables.push_back(load.Run());
    if (load.exit_code() != 0) {
      result.exit_code = load.exit_code();
      result.error = result.tables.back().record.message;
      break;
    }
  }
  return result;
}

}  // namespace tributary::ingest
