#include "orchestrator/state_store.hpp"

#include <sqlite3.h>

#include <array>
#include <mutex>

#include "orchestrator/sqlite_statement.hpp"

namespace tributary::orchestrator {

namespace {

constexpr int kBusyTimeoutMs = 30'000;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  run_id INTEGER PRIMARY KEY AUTOINCREMENT,
  task TEXT NOT NULL,
  logical_date INTEGER NOT NULL,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  scheduled_at INTEGER NOT NULL,
  deadline INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  next_try_at INTEGER NOT NULL,
  sensor_started_at INTEGER NOT NULL,
  next_poke_at INTEGER NOT NULL,
  tries INTEGER NOT NULL,
  generation_tries INTEGER NOT NULL,
  generation INTEGER NOT NULL,
  partial INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  error TEXT NOT NULL,
  error_class TEXT NOT NULL,
  backfill_id INTEGER NOT NULL,
  inputs_landed_at INTEGER NOT NULL,
  inputs TEXT NOT NULL,
  UNIQUE (task, logical_date)
);
CREATE INDEX IF NOT EXISTS runs_by_state ON runs (state);
CREATE TABLE IF NOT EXISTS tries (
  run_id INTEGER NOT NULL,
  try_no INTEGER NOT NULL,
  generation INTEGER NOT NULL,
  state TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  pid INTEGER NOT NULL,
  exit_code INTEGER NOT NULL,
  error TEXT NOT NULL,
  error_class TEXT NOT NULL,
  log TEXT NOT NULL,
  rows INTEGER NOT NULL,
  PRIMARY KEY (run_id, try_no)
);
CREATE TABLE IF NOT EXISTS alerts (
  alert_id INTEGER PRIMARY KEY AUTOINCREMENT,
  task TEXT NOT NULL,
  logical_date INTEGER NOT NULL,
  kind TEXT NOT NULL,
  fired_at INTEGER NOT NULL,
  deadline INTEGER NOT NULL,
  message TEXT NOT NULL,
  UNIQUE (task, logical_date, kind)
);
CREATE TABLE IF NOT EXISTS deliveries (
  alert_id INTEGER NOT NULL,
  channel TEXT NOT NULL,
  delivered INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  error TEXT NOT NULL,
  PRIMARY KEY (alert_id, channel)
);
CREATE TABLE IF NOT EXISTS requests (
  request_id INTEGER PRIMARY KEY AUTOINCREMENT,
  action TEXT NOT NULL,
  task TEXT NOT NULL,
  args TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  taken INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS paused (
  task TEXT PRIMARY KEY,
  paused_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS backfills (
  backfill_id INTEGER PRIMARY KEY AUTOINCREMENT,
  task TEXT NOT NULL,
  date_from INTEGER NOT NULL,
  date_to INTEGER NOT NULL,
  reprocess TEXT NOT NULL,
  concurrency INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  done INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS schedule_cursors (
  task TEXT PRIMARY KEY,
  last_fire INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS watermarks (
  task TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (task, key)
);
)sql";

constexpr std::array<const char*, 8> kRunStateNames = {"waiting", "sensing", "queued",  "running",
                                                       "up_for_retry", "success", "failed", "skipped"};

ErrorClass ParseErrorClass(std::string_view s) {
  if (s == "transient") return ErrorClass::kTransient;
  if (s == "permanent") return ErrorClass::kPermanent;
  return ErrorClass::kNone;
}

RunKind ParseRunKind(std::string_view s) {
  if (s == "backfill") return RunKind::kBackfill;
  if (s == "manual") return RunKind::kManual;
  return RunKind::kScheduled;
}

TryState ParseTryState(std::string_view s) {
  if (s == "success") return TryState::kSuccess;
  if (s == "failed") return TryState::kFailed;
  if (s == "interrupted") return TryState::kInterrupted;
  return TryState::kRunning;
}

constexpr const char* kRunColumns =
    "run_id, task, logical_date, kind, state, created_at, scheduled_at, deadline, started_at, finished_at, "
    "next_try_at, sensor_started_at, next_poke_at, tries, generation_tries, generation, partial, rows, error, "
    "error_class, backfill_id, inputs_landed_at, inputs";

RunRecord ReadRun(const Statement& s) {
  RunRecord r;
  r.run_id = s.Int(0);
  r.task = s.Text(1);
  r.logical_date = static_cast<Days>(s.Int(2));
  r.kind = ParseRunKind(s.Text(3));
  r.state = ParseRunState(s.Text(4)).value_or(RunState::kFailed);
  r.created_at = s.Int(5);
  r.scheduled_at = s.Int(6);
  r.deadline = s.Int(7);
  r.started_at = s.Int(8);
  r.finished_at = s.Int(9);
  r.next_try_at = s.Int(10);
  r.sensor_started_at = s.Int(11);
  r.next_poke_at = s.Int(12);
  r.tries = static_cast<int>(s.Int(13));
  r.generation_tries = static_cast<int>(s.Int(14));
  r.generation = static_cast<int>(s.Int(15));
  r.partial = s.Int(16) != 0;
  r.rows = s.Int(17);
  r.error = s.Text(18);
  r.error_class = ParseErrorClass(s.Text(19));
  r.backfill_id = s.Int(20);
  r.inputs_landed_at = s.Int(21);
  r.inputs = s.Text(22);
  return r;
}

Result<std::vector<RunRecord>> ReadRuns(Statement& s, std::string_view what) {
  std::vector<RunRecord> runs;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) runs.push_back(ReadRun(s));
  if (rc != SQLITE_DONE) return s.Error(what);
  return runs;
}

constexpr const char* kTryColumns =
    "run_id, try_no, generation, state, started_at, finished_at, pid, exit_code, error, error_class, log, rows";

TryRecord ReadTry(const Statement& s) {
  TryRecord t;
  t.run_id = s.Int(0);
  t.try_no = static_cast<int>(s.Int(1));
  t.generation = static_cast<int>(s.Int(2));
  t.state = ParseTryState(s.Text(3));
  t.started_at = s.Int(4);
  t.finished_at = s.Int(5);
  t.pid = s.Int(6);
  t.exit_code = static_cast<int>(s.Int(7));
  t.error = s.Text(8);
  t.error_class = ParseErrorClass(s.Text(9));
  t.log = s.Text(10);
  t.rows = s.Int(11);
  return t;
}

Result<std::vector<AlertRecord>> ReadAlerts(Statement& s) {
  std::vector<AlertRecord> alerts;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    AlertRecord a;
    a.alert_id = s.Int(0);
    a.task = s.Text(1);
    a.logical_date = static_cast<Days>(s.Int(2));
    a.kind = s.Text(3);
    a.fired_at = s.Int(4);
    a.deadline = s.Int(5);
    a.message = s.Text(6);
    alerts.push_back(std::move(a));
  }
  if (rc != SQLITE_DONE) return s.Error("reading alerts");
  return alerts;
}

}  // namespace

const char* RunStateName(RunState state) { return kRunStateNames[static_cast<size_t>(state)]; }

std::optional<RunState> ParseRunState(std::string_view name) {
  for (size_t i = 0; i < kRunStateNames.size(); i++) {
    if (name == kRunStateNames[i]) return static_cast<RunState>(i);
  }
  return std::nullopt;
}

const char* RunKindName(RunKind kind) {
  switch (kind) {
    case RunKind::kScheduled:
      return "scheduled";
    case RunKind::kBackfill:
      return "backfill";
    case RunKind::kManual:
      return "manual";
  }
  return "scheduled";
}

const char* ErrorClassName(ErrorClass c) {
  switch (c) {
    case ErrorClass::kNone:
      return "";
    case ErrorClass::kTransient:
      return "transient";
    case ErrorClass::kPermanent:
      return "permanent";
  }
  return "";
}

const char* TryStateName(TryState state) {
  switch (state) {
    case TryState::kRunning:
      return "running";
    case TryState::kSuccess:
      return "success";
    case TryState::kFailed:
      return "failed";
    case TryState::kInterrupted:
      return "interrupted";
  }
  return "running";
}

Result<std::unique_ptr<StateStore>> StateStore::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    Status st = Status::IOError("cannot open orchestrator state '{}': {}", path, db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return st;
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  std::unique_ptr<StateStore> store(new StateStore(db, path));
  TRIB_RETURN_NOT_OK(store->Exec("PRAGMA journal_mode=WAL"));
  TRIB_RETURN_NOT_OK(store->Exec("PRAGMA synchronous=FULL"));
  TRIB_RETURN_NOT_OK(store->Exec(kSchema));
  return store;
}

StateStore::~StateStore() { sqlite3_close(db_); }

Status StateStore::Exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::OK();
  Status st = Status::IOError("orchestrator state '{}': {}", path_, err ? err : sqlite3_errstr(rc));
  sqlite3_free(err);
  return st;
}

Status StateStore::InsertRun(RunRecord* run) {
  Statement s(db_,
              "INSERT INTO runs (task, logical_date, kind, state, created_at, scheduled_at, deadline, started_at, "
              "finished_at, next_try_at, sensor_started_at, next_poke_at, tries, generation_tries, generation, "
              "partial, rows, error, error_class, backfill_id, inputs_landed_at, inputs) "
              "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  s.Bind(run->task, int64_t{run->logical_date}, RunKindName(run->kind), RunStateName(run->state), run->created_at,
         run->scheduled_at, run->deadline, run->started_at, run->finished_at, run->next_try_at,
         run->sensor_started_at, run->next_poke_at, run->tries, run->generation_tries, run->generation, run->partial,
         run->rows, run->error, ErrorClassName(run->error_class), run->backfill_id, run->inputs_landed_at,
         run->inputs);
  int rc = s.Step();
  if (rc == SQLITE_CONSTRAINT) {
    return Status::AlreadyExists("a run of {} for {} exists", run->task, run->logical_date);
  }
  if (rc != SQLITE_DONE) return s.Error("inserting a run");
  run->run_id = sqlite3_last_insert_rowid(db_);
  return Status::OK();
}

Status StateStore::UpdateRun(const RunRecord& run) {
  Statement s(db_,
              "UPDATE runs SET kind = ?, state = ?, scheduled_at = ?, deadline = ?, started_at = ?, finished_at = ?, "
              "next_try_at = ?, sensor_started_at = ?, next_poke_at = ?, tries = ?, generation_tries = ?, "
              "generation = ?, partial = ?, rows = ?, error = ?, error_class = ?, backfill_id = ?, "
              "inputs_landed_at = ?, inputs = ? WHERE run_id = ?");
  s.Bind(RunKindName(run.kind), RunStateName(run.state), run.scheduled_at, run.deadline, run.started_at,
         run.finished_at, run.next_try_at, run.sensor_started_at, run.next_poke_at, run.tries, run.generation_tries,
         run.generation, run.partial, run.rows, run.error, ErrorClassName(run.error_class), run.backfill_id,
         run.inputs_landed_at, run.inputs, run.run_id);
  return s.Run("updating a run");
}

Result<std::optional<RunRecord>> StateStore::FindRun(const std::string& task, Days logical_date) {
  std::string sql = fmt::format("SELECT {} FROM runs WHERE task = ? AND logical_date = ?", kRunColumns);
  Statement s(db_, sql.c_str());
  s.Bind(task, int64_t{logical_date});
  int rc = s.Step();
  if (rc == SQLITE_ROW) return std::optional<RunRecord>(ReadRun(s));
  if (rc != SQLITE_DONE) return s.Error("finding a run");
  return std::optional<RunRecord>();
}

Result<std::optional<RunRecord>> StateStore::FindRunById(int64_t run_id) {
  std::string sql = fmt::format("SELECT {} FROM runs WHERE run_id = ?", kRunColumns);
  Statement s(db_, sql.c_str());
  s.Bind(run_id);
  TRIB_ASSIGN_OR_RETURN(std::vector<RunRecord> runs, ReadRuns(s, "finding a run"));
  if (runs.empty()) return std::optional<RunRecord>();
  return std::optional<RunRecord>(runs.front());
}

Result<std::vector<RunRecord>> StateStore::ActiveRuns() {
  std::string sql = fmt::format(
      "SELECT {} FROM runs WHERE state NOT IN ('success', 'failed', 'skipped') ORDER BY run_id", kRunColumns);
  Statement s(db_, sql.c_str());
  return ReadRuns(s, "listing active runs");
}

Result<std::vector<RunRecord>> StateStore::ListRuns(const std::string& task, std::optional<RunState> state,
                                                    int limit) {
  std::string sql = fmt::format(
      "SELECT {} FROM runs WHERE (?1 = '' OR task = ?1) AND (?2 = '' OR state = ?2) "
      "ORDER BY logical_date DESC, task LIMIT ?3",
      kRunColumns);
  Statement s(db_, sql.c_str());
  s.Bind(task, state ? RunStateName(*state) : "", limit);
  return ReadRuns(s, "listing runs");
}

Result<std::vector<Micros>> StateStore::RecentDurations(const std::string& task, int limit) {
  Statement s(db_,
              "SELECT finished_at - started_at FROM runs WHERE task = ? AND state = 'success' AND started_at > 0 "
              "ORDER BY finished_at DESC LIMIT ?");
  s.Bind(task, limit);
  std::vector<Micros> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(s.Int(0));
  if (rc != SQLITE_DONE) return s.Error("reading durations");
  return out;
}

Result<std::optional<RunRecord>> StateStore::LastSuccess(const std::string& task) {
  std::string sql = fmt::format(
      "SELECT {} FROM runs WHERE task = ? AND state = 'success' ORDER BY logical_date DESC LIMIT 1", kRunColumns);
  Statement s(db_, sql.c_str());
  s.Bind(task);
  int rc = s.Step();
  if (rc == SQLITE_ROW) return std::optional<RunRecord>(ReadRun(s));
  if (rc != SQLITE_DONE) return s.Error("finding the last success");
  return std::optional<RunRecord>();
}

Status StateStore::InsertTry(const TryRecord& t) {
  std::string sql = fmt::format("INSERT INTO tries ({}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", kTryColumns);
  Statement s(db_, sql.c_str());
  s.Bind(t.run_id, t.try_no, t.generation, TryStateName(t.state), t.started_at, t.finished_at, t.pid, t.exit_code,
         t.error, ErrorClassName(t.error_class), t.log, t.rows);
  return s.Run("recording a try");
}

Status StateStore::UpdateTry(const TryRecord& t) {
  Statement s(db_,
              "UPDATE tries SET state = ?, finished_at = ?, pid = ?, exit_code = ?, error = ?, error_class = ?, "
              "log = ?, rows = ? WHERE run_id = ? AND try_no = ?");
  s.Bind(TryStateName(t.state), t.finished_at, t.pid, t.exit_code, t.error, ErrorClassName(t.error_class), t.log,
         t.rows, t.run_id, t.try_no);
  return s.Run("updating a try");
}

Status StateStore::SetTryPid(int64_t run_id, int try_no, int64_t pid) {
  Statement s(db_, "UPDATE tries SET pid = ? WHERE run_id = ? AND try_no = ?");
  s.Bind(pid, run_id, try_no);
  return s.Run("recording a try's process");
}

Result<std::vector<StateStore::CountRow>> StateStore::Counts(std::string_view what) {
  const char* sql = nullptr;
  if (what == "runs") sql = "SELECT task, state, count(*) FROM runs GROUP BY 1, 2 ORDER BY 1, 2";
  if (what == "tries") {
    sql = "SELECT r.task, t.state, count(*) FROM tries t JOIN runs r USING (run_id) GROUP BY 1, 2 ORDER BY 1, 2";
  }
  if (what == "alerts") sql = "SELECT task, kind, count(*) FROM alerts GROUP BY 1, 2 ORDER BY 1, 2";
  if (sql == nullptr) return Status::Invalid("no counts of \"{}\"", what);
  Statement s(db_, sql);
  std::vector<CountRow> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back({s.Text(0), s.Text(1), s.Int(2)});
  if (rc != SQLITE_DONE) return s.Error("counting");
  return out;
}

Result<std::vector<TryRecord>> StateStore::ListTries(int64_t run_id) {
  std::string sql = fmt::format("SELECT {} FROM tries WHERE run_id = ? ORDER BY try_no", kTryColumns);
  Statement s(db_, sql.c_str());
  s.Bind(run_id);
  std::vector<TryRecord> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadTry(s));
  if (rc != SQLITE_DONE) return s.Error("listing tries");
  return out;
}

Result<std::vector<TryRecord>> StateStore::RunningTries() {
  std::string sql = fmt::format("SELECT {} FROM tries WHERE state = 'running' ORDER BY run_id, try_no", kTryColumns);
  Statement s(db_, sql.c_str());
  std::vector<TryRecord> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadTry(s));
  if (rc != SQLITE_DONE) return s.Error("listing running tries");
  return out;
}

Result<bool> StateStore::InsertAlert(AlertRecord* alert) {
  Statement s(db_,
              "INSERT OR IGNORE INTO alerts (task, logical_date, kind, fired_at, deadline, message) "
              "VALUES (?,?,?,?,?,?)");
  s.Bind(alert->task, int64_t{alert->logical_date}, alert->kind, alert->fired_at, alert->deadline, alert->message);
  TRIB_RETURN_NOT_OK(s.Run("recording an alert"));
  if (sqlite3_changes(db_) == 0) return false;
  alert->alert_id = sqlite3_last_insert_rowid(db_);
  return true;
}

Result<std::vector<AlertRecord>> StateStore::ListAlerts(const std::string& task, int limit) {
  Statement s(db_,
              "SELECT alert_id, task, logical_date, kind, fired_at, deadline, message FROM alerts "
              "WHERE (?1 = '' OR task = ?1) ORDER BY alert_id DESC LIMIT ?2");
  s.Bind(task, limit);
  return ReadAlerts(s);
}

Status StateStore::RecordDelivery(int64_t alert_id, const std::string& channel, bool delivered, int attempts,
                                  const std::string& error) {
  Statement s(db_,
              "INSERT INTO deliveries (alert_id, channel, delivered, attempts, error) VALUES (?,?,?,?,?) "
              "ON CONFLICT (alert_id, channel) DO UPDATE SET delivered = excluded.delivered, "
              "attempts = excluded.attempts, error = excluded.error");
  s.Bind(alert_id, channel, delivered, attempts, error);
  return s.Run("recording a delivery");
}

Result<std::vector<AlertRecord>> StateStore::UndeliveredAlerts(const std::string& channel) {
  Statement s(db_,
              "SELECT a.alert_id, a.task, a.logical_date, a.kind, a.fired_at, a.deadline, a.message FROM alerts a "
              "WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.alert_id = a.alert_id AND d.channel = ? "
              "AND d.delivered = 1) ORDER BY a.alert_id");
  s.Bind(channel);
  return ReadAlerts(s);
}

Result<int64_t> StateStore::InsertRequest(const ControlRequest& request) {
  Statement s(db_, "INSERT INTO requests (action, task, args, created_at) VALUES (?,?,?,?)");
  s.Bind(request.action, request.task, request.args, request.created_at);
  TRIB_RETURN_NOT_OK(s.Run("recording a request"));
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

Result<std::vector<ControlRequest>> StateStore::TakeRequests() {
  TRIB_RETURN_NOT_OK(Exec("BEGIN IMMEDIATE"));
  std::vector<ControlRequest> out;
  {
    Statement s(db_, "SELECT request_id, action, task, args, created_at FROM requests WHERE taken = 0 ORDER BY request_id");
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4)});
    }
    if (rc != SQLITE_DONE) {
      Status st = s.Error("reading requests");
      (void)Exec("ROLLBACK");
      return st;
    }
  }
  if (!out.empty()) {
    Statement s(db_, "UPDATE requests SET taken = 1 WHERE request_id <= ? AND taken = 0");
    s.Bind(out.back().request_id);
    Status st = s.Run("taking requests");
    if (!st.ok()) {
      (void)Exec("ROLLBACK");
      return st;
    }
  }
  TRIB_RETURN_NOT_OK(Exec("COMMIT"));
  return out;
}

Status StateStore::SetPaused(const std::string& task, bool paused, Micros at) {
  if (paused) {
    Statement s(db_, "INSERT OR IGNORE INTO paused (task, paused_at) VALUES (?, ?)");
    s.Bind(task, at);
    return s.Run("pausing");
  }
  Statement s(db_, "DELETE FROM paused WHERE task = ?");
  s.Bind(task);
  return s.Run("resuming");
}

Result<std::vector<std::string>> StateStore::PausedTasks() {
  Statement s(db_, "SELECT task FROM paused ORDER BY task");
  std::vector<std::string> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(s.Text(0));
  if (rc != SQLITE_DONE) return s.Error("listing paused tasks");
  return out;
}

Status StateStore::InsertBackfill(BackfillRecord* b) {
  Statement s(db_,
              "INSERT INTO backfills (task, date_from, date_to, reprocess, concurrency, created_at, done) "
              "VALUES (?,?,?,?,?,?,?)");
  s.Bind(b->task, int64_t{b->from}, int64_t{b->to}, b->reprocess, b->concurrency, b->created_at, b->done);
  TRIB_RETURN_NOT_OK(s.Run("recording a backfill"));
  b->backfill_id = sqlite3_last_insert_rowid(db_);
  return Status::OK();
}

Status StateStore::MarkBackfillDone(int64_t backfill_id) {
  Statement s(db_, "UPDATE backfills SET done = 1 WHERE backfill_id = ?");
  s.Bind(backfill_id);
  return s.Run("finishing a backfill");
}

namespace {
Result<std::vector<BackfillRecord>> ReadBackfills(Statement& s) {
  std::vector<BackfillRecord> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    BackfillRecord b;
    b.backfill_id = s.Int(0);
    b.task = s.Text(1);
    b.from = static_cast<Days>(s.Int(2));
    b.to = static_cast<Days>(s.Int(3));
    b.reprocess = s.Text(4);
    b.concurrency = static_cast<int>(s.Int(5));
    b.created_at = s.Int(6);
    b.done = s.Int(7) != 0;
    out.push_back(std::move(b));
  }
  if (rc != SQLITE_DONE) return s.Error("listing backfills");
  return out;
}
}  // namespace

Result<std::vector<BackfillRecord>> StateStore::ActiveBackfills() {
  Statement s(db_,
              "SELECT backfill_id, task, date_from, date_to, reprocess, concurrency, created_at, done FROM backfills "
              "WHERE done = 0 ORDER BY backfill_id");
  return ReadBackfills(s);
}

Result<std::optional<BackfillRecord>> StateStore::FindBackfill(int64_t backfill_id) {
  Statement s(db_,
              "SELECT backfill_id, task, date_from, date_to, reprocess, concurrency, created_at, done FROM backfills "
              "WHERE backfill_id = ?");
  s.Bind(backfill_id);
  TRIB_ASSIGN_OR_RETURN(auto list, ReadBackfills(s));
  if (list.empty()) return std::optional<BackfillRecord>();
  return std::optional<BackfillRecord>(list.front());
}

Result<std::map<std::string, int>> StateStore::BackfillProgress(int64_t backfill_id) {
  Statement s(db_,
              "SELECT state, count(*) FROM runs WHERE backfill_id = ?1 "
              "AND task = (SELECT task FROM backfills WHERE backfill_id = ?1) GROUP BY 1");
  s.Bind(backfill_id);
  std::map<std::string, int> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out[s.Text(0)] = static_cast<int>(s.Int(1));
  if (rc != SQLITE_DONE) return s.Error("reading a backfill's progress");
  return out;
}

Result<std::optional<Micros>> StateStore::ScheduleCursor(const std::string& task) {
  Statement s(db_, "SELECT last_fire FROM schedule_cursors WHERE task = ?");
  s.Bind(task);
  int rc = s.Step();
  if (rc == SQLITE_ROW) return std::optional<Micros>(s.Int(0));
  if (rc != SQLITE_DONE) return s.Error("reading a schedule cursor");
  return std::optional<Micros>();
}

Status StateStore::SetScheduleCursor(const std::string& task, Micros fire) {
  Statement s(db_,
              "INSERT INTO schedule_cursors (task, last_fire) VALUES (?, ?) "
              "ON CONFLICT (task) DO UPDATE SET last_fire = excluded.last_fire");
  s.Bind(task, fire);
  return s.Run("moving a schedule cursor");
}

Status StateStore::SetWatermark(const std::string& task, const std::string& key, const std::string& value,
                                Micros at) {
  Statement s(db_,
              "INSERT INTO watermarks (task, key, value, updated_at) VALUES (?,?,?,?) "
              "ON CONFLICT (task, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at");
  s.Bind(task, key, value, at);
  return s.Run("setting a watermark");
}

Result<std::optional<std::string>> StateStore::Watermark(const std::string& task, const std::string& key) {
  Statement s(db_, "SELECT value FROM watermarks WHERE task = ? AND key = ?");
  s.Bind(task, key);
  int rc = s.Step();
  if (rc == SQLITE_ROW) return std::optional<std::string>(s.Text(0));
  if (rc != SQLITE_DONE) return s.Error("reading a watermark");
  return std::optional<std::string>();
}

}  // namespace tributary::orchestrator
