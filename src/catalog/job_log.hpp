#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.hpp"

namespace tributary::catalog {

/// One statement a warehouse ran, with what it cost: a row of
/// tributary.jobs.
struct JobRecord {
  int64_t job_id = 0;            // assigned by JobLog::Append, increasing
  std::string user_name;         // CURRENT_USER when the statement ran
  std::string session_user;      // who connected
  std::string session_id;        // the Connection (one wire session) it ran in
  std::string statement;         // its text
  std::string statement_type;    // SELECT, INSERT, CREATE TABLE, ...
  int64_t start_time_us = 0;     // UTC microseconds since the epoch
  int64_t end_time_us = 0;
  int64_t rows = 0;              // returned (SELECT) or changed
  int64_t bytes_scanned = 0;
  int64_t bytes_billed = 0;      // bytes_scanned, but 0 for a cache hit or a refusal
  int64_t partitions_total = 0;
  int64_t partitions_scanned = 0;
  int64_t files_total = 0;
  int64_t files_scanned = 0;
  bool cache_hit = false;
  std::string status;            // DONE, ERROR or CANCELLED
  std::string error;             // "SQLSTATE: message"; empty when DONE
};

/// The warehouse's job history, shared by every connection of a Database:
/// the last `capacity` jobs in memory, and every job appended to a file
/// (`<warehouse>/jobs.log`, one line a job) so the history survives a
/// restart. It lives outside the catalog's SQLite database on purpose: a
/// write there would change the catalog's change stamp and drop every
/// session's cached identity.
///
/// Append costs a lock and a copy of the record; the file is written in
/// batches (when 64 KiB are pending or a second has passed, and at
/// destruction), so a crash loses at most the last second of history. A
/// file grown past 64 MiB is rewritten with the jobs in memory. Thread-safe.
class JobLog {
 public:
  /// An in-memory history only (no file).
  explicit JobLog(size_t capacity = kDefaultCapacity);
  /// Loads the last `capacity` jobs of the file at `path` (creating it when
  /// absent; a torn last line is skipped) and appends after them. A file
  /// grown past four times `capacity` is rewritten with its last `capacity`
  /// jobs.
  static Result<std::unique_ptr<JobLog>> Open(const std::string& path, size_t capacity = kDefaultCapacity);
  ~JobLog();
  JobLog(const JobLog&) = delete;
  JobLog& operator=(const JobLog&) = delete;

  static constexpr size_t kDefaultCapacity = 10000;

  /// A new session id, unique across restarts of this warehouse: PostgreSQL's
  /// log form "<start time hex>.<process id hex>", then ".<counter hex>".
  std::string NewSessionId();
  /// Records a finished job; sets its job_id.
  void Append(JobRecord* record);
  /// The jobs in memory for which `visible` holds, oldest first.
  std::vector<JobRecord> List(const std::function<bool(const JobRecord&)>& visible) const;
  /// Writes pending lines to the file now.
  Status Flush();

 private:
  Status FlushLocked();
  /// (Re)opens path_ for appending and learns its size.
  Status OpenForAppend();

  const size_t capacity_;
  std::string path_;  // empty: memory only
  int fd_ = -1;                 // guarded by mu_ once opened
  int64_t file_bytes_ = 0;      // guarded by mu_
  const int64_t start_seconds_;
  mutable std::mutex mu_;
  std::deque<JobRecord> jobs_;  // guarded by mu_
  int64_t next_job_id_ = 1;     // guarded by mu_
  int64_t next_session_ = 1;    // guarded by mu_
  std::string pending_;         // guarded by mu_: lines not yet written
  int64_t last_flush_us_ = 0;   // guarded by mu_
};

}  // namespace tributary::catalog
