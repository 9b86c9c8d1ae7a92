#include "orchestrator/task_runner.hpp"

#include <fcntl.h>
#include <glob.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "types/datetime.hpp"

extern char** environ;

namespace tributary::orchestrator {

namespace {

constexpr size_t kLogTailBytes = 64 * 1024;

/// Keeps the last kLogTailBytes of what it is given.
class LogTail {
 public:
  void Append(const char* data, size_t n) {
    text_.append(data, n);
    if (text_.size() > 2 * kLogTailBytes) text_.erase(0, text_.size() - kLogTailBytes);
  }
  std::string Take() {
    if (text_.size() > kLogTailBytes) text_.erase(0, text_.size() - kLogTailBytes);
    return std::move(text_);
  }

 private:
  std::string text_;
};

std::string Variable(std::string_view name, const TaskContext& c) {
  if (name == "ds") return datetime::FormatDate(c.logical_date);
  if (name == "ds_nodash") {
    std::string ds = datetime::FormatDate(c.logical_date);
    ds.erase(std::remove(ds.begin(), ds.end(), '-'), ds.end());
    return ds;
  }
  if (name == "region") return c.region;
  if (name == "task") return c.task;
  if (name == "run_id") return std::to_string(c.run_id);
  if (name == "try") return std::to_string(c.try_no);
  return {};
}

bool KnownVariable(std::string_view name) {
  return name == "ds" || name == "ds_nodash" || name == "region" || name == "task" || name == "run_id" ||
         name == "try";
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

/// A child process's end as text: "exit code 3", "killed by signal 9".
std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return fmt::format("exit code {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return fmt::format("killed by signal {} ({})", WTERMSIG(status), strsignal(WTERMSIG(status)));
  return fmt::format("wait status {}", status);
}

struct ProcessResult {
  bool started = false;
  std::string start_error;
  int wait_status = 0;
  bool timed_out = false;
  bool cancelled = false;
  std::string log;
};

/// Runs `/bin/sh -c command` with `extra_env` added, in its own process
/// group, collecting its output, until it ends, `timeout` (real time) passes
/// or `cancel` is set (then the whole group is killed).
ProcessResult RunProcess(const std::string& command, const std::vector<std::string>& extra_env, Micros timeout,
                         const std::atomic<bool>* cancel, const std::function<void(int64_t)>& on_process) {
  ProcessResult result;
  // Everything the child needs is built before fork: after it, only
  // async-signal-safe calls.
  std::vector<std::string> env_storage;
  for (char** e = environ; *e != nullptr; e++) {
    std::string_view entry(*e);
    bool overridden = false;
    for (const std::string& x : extra_env) {
      size_t eq = x.find('=');
      if (entry.substr(0, eq + 1) == std::string_view(x).substr(0, eq + 1)) overridden = true;
    }
    if (!overridden) env_storage.emplace_back(entry);
  }
  for (const std::string& x : extra_env) env_storage.push_back(x);
  std::vector<char*> envp;
  for (std::string& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::string shell = "/bin/sh", dash_c = "-c", cmd = command;
  char* argv[] = {shell.data(), dash_c.data(), cmd.data(), nullptr};

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    result.start_error = fmt::format("cannot create a pipe: {}", std::strerror(errno));
    return result;
  }
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    result.start_error = fmt::format("cannot fork: {}", std::strerror(errno));
    close(fds[0]);
    close(fds[1]);
    return result;
  }
  if (pid == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(125);  // the orchestrator died before prctl
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    execve(argv[0], argv, envp.data());
    _exit(127);
  }
  setpgid(pid, pid);  // also from the parent, so the group exists before we report it
  close(fds[1]);
  result.started = true;
  if (on_process) on_process(pid);

  auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(timeout > 0 ? timeout : INT64_MAX / 4);
  LogTail log;
  char buffer[8192];
  bool open = true;
  while (open) {
    if ((cancel != nullptr && cancel->load()) || std::chrono::steady_clock::now() >= deadline) {
      (cancel != nullptr && cancel->load() ? result.cancelled : result.timed_out) = true;
      kill(-pid, SIGKILL);
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    int ready = poll(&p, 1, 100);
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    ssize_t n = read(fds[0], buffer, sizeof(buffer));
    if (n > 0) {
      log.Append(buffer, static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      open = false;
    }
  }
  // Drain what is left without blocking, then reap.
  fcntl(fds[0], F_SETFL, O_NONBLOCK);
  ssize_t n;
  while ((n = read(fds[0], buffer, sizeof(buffer))) > 0) log.Append(buffer, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  // Children of the shell that outlived it (a backgrounded process) go too.
  kill(-pid, SIGKILL);
  result.wait_status = status;
  result.log = log.Take();
  return result;
}

std::vector<std::string> ContextEnvironment(const TaskContext& c) {
  return {
      "TRIBUTARY_TASK=" + c.task,
      "TRIBUTARY_REGION=" + c.region,
      "TRIBUTARY_LOGICAL_DATE=" + datetime::FormatDate(c.logical_date),
      "TRIBUTARY_RUN_ID=" + std::to_string(c.run_id),
      "TRIBUTARY_TRY=" + std::to_string(c.try_no),
  };
}

/// Whether a SQLite readiness query says ready.
PokeOutcome PokeSqlite(const std::string& path, const std::string& query) {
  PokeOutcome out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    out.error = fmt::format("cannot open SQLite source '{}': {}", path, db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return out;
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, query.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    out.error = fmt::format("readiness query on '{}' failed: {}", path, sqlite3_errmsg(db));
  } else {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
      out.ready = sqlite3_column_type(stmt, 0) != SQLITE_NULL && sqlite3_column_int64(stmt, 0) != 0;
    } else if (rc != SQLITE_DONE) {
      out.error = fmt::format("readiness query on '{}' failed: {}", path, sqlite3_errmsg(db));
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

bool TruthyValue(const std::optional<std::string>& v) {
  if (!v) return false;
  return !(v->empty() || *v == "f" || *v == "false" || *v == "0");
}

}  // namespace

std::string SubstituteVariables(std::string_view text, const TaskContext& context) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find("{{", i);
    if (open == std::string_view::npos) break;
    size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    std::string_view name = Trim(text.substr(open + 2, close - open - 2));
    out.append(text.substr(i, open - i));
    if (KnownVariable(name)) {
      out += Variable(name, context);
    } else {
      out.append(text.substr(open, close + 2 - open));
    }
    i = close + 2;
  }
  out.append(text.substr(i));
  return out;
}

ErrorClass ClassifySqlState(std::string_view sqlstate) {
  if (sqlstate.size() != 5) return ErrorClass::kTransient;
  std::string_view cls = sqlstate.substr(0, 2);
  if (cls == "28" || cls == "42" || cls == "23" || cls == "22" || cls == "0A" || cls == "3F" ||
      sqlstate == "53400") {
    return ErrorClass::kPermanent;
  }
  return ErrorClass::kTransient;
}

TryOutcome TaskRunner::Run(const TaskAction& action, const TaskContext& context) const {
  return action.kind == TaskAction::Kind::kCommand ? RunCommand(action, context) : RunSql(action, context);
}

TryOutcome TaskRunner::RunCommand(const TaskAction& action, const TaskContext& context) const {
  TryOutcome out;
  ProcessResult p = RunProcess(SubstituteVariables(action.text, context), ContextEnvironment(context),
                               context.timeout, context.cancel, context.on_process);
  out.log = std::move(p.log);
  if (!p.started) {
    out.error_class = ErrorClass::kTransient;
    out.error = p.start_error;
    return out;
  }
  if (p.cancelled) {
    out.error_class = ErrorClass::kTransient;
    out.error = "stopped: the orchestrator is shutting down";
    return out;
  }
  if (p.timed_out) {
    out.error_class = ErrorClass::kTransient;
    out.error = fmt::format("timed out after {}", FormatDuration(context.timeout));
    return out;
  }
  if (WIFEXITED(p.wait_status)) {
    out.exit_code = WEXITSTATUS(p.wait_status);
    if (out.exit_code == 0) {
      out.ok = true;
      return out;
    }
    bool permanent = out.exit_code == 126 || out.exit_code == 127 ||
                     std::find(action.permanent_exit_codes.begin(), action.permanent_exit_codes.end(),
                               out.exit_code) != action.permanent_exit_codes.end();
    out.error_class = permanent ? ErrorClass::kPermanent : ErrorClass::kTransient;
  } else {
    out.exit_code = -1;
    out.error_class = ErrorClass::kTransient;
  }
  // The error names the command's end and its last line of output.
  std::string last_line;
  std::string_view log = out.log;
  while (!log.empty() && (log.back() == '\n' || log.back() == '\r')) log.remove_suffix(1);
  size_t nl = log.rfind('\n');
  last_line = std::string(nl == std::string_view::npos ? log : log.substr(nl + 1));
  out.error = fmt::format("command failed with {}{}{}", DescribeWaitStatus(p.wait_status),
                          last_line.empty() ? "" : ": ", last_line);
  return out;
}

TryOutcome TaskRunner::RunSql(const TaskAction& action, const TaskContext& context) const {
  TryOutcome out;
  if (!sql_) {
    out.error_class = ErrorClass::kPermanent;
    out.error = "SQL tasks need a warehouse (set `warehouse` in the config)";
    return out;
  }
  SqlOutcome r = sql_(SubstituteVariables(action.text, context), context.timeout / 1000);
  out.rows = r.rows;
  if (r.ok) {
    out.ok = true;
    out.log = fmt::format("{} rows\n", r.rows);
    return out;
  }
  out.error_class = ClassifySqlState(r.sqlstate);
  out.error = fmt::format("SQL failed: {} (SQLSTATE {})", r.message, r.sqlstate);
  out.log = out.error + "\n";
  return out;
}

PokeOutcome TaskRunner::Poke(const SensorConfig& sensor, const TaskContext& context) const {
  std::string text = SubstituteVariables(sensor.text, context);
  PokeOutcome out;
  switch (sensor.kind) {
    case SensorConfig::Kind::kFile: {
      glob_t g{};
      int rc = glob(text.c_str(), GLOB_NOSORT, nullptr, &g);
      out.ready = rc == 0 && g.gl_pathc > 0;
      if (rc != 0 && rc != GLOB_NOMATCH) out.error = fmt::format("cannot read the pattern '{}'", text);
      globfree(&g);
      return out;
    }
    case SensorConfig::Kind::kCommand: {
      Micros limit = std::min<Micros>(sensor.poke_interval, 5 * kMicrosPerMinute);
      ProcessResult p = RunProcess(text, ContextEnvironment(context), limit, context.cancel, nullptr);
      if (!p.started) {
        out.error = p.start_error;
      } else if (p.timed_out) {
        out.error = fmt::format("sensor command timed out after {}", FormatDuration(limit));
      } else {
        out.ready = WIFEXITED(p.wait_status) && WEXITSTATUS(p.wait_status) == 0;
      }
      return out;
    }
    case SensorConfig::Kind::kSql: {
      if (sensor.database != "warehouse") return PokeSqlite(sensor.database, text);
      if (!sql_) {
        out.error = "SQL sensors on the warehouse need `warehouse` in the config";
        return out;
      }
      SqlOutcome r = sql_(text, 60'000);
      if (!r.ok) {
        out.error = fmt::format("readiness query failed: {} (SQLSTATE {})", r.message, r.sqlstate);
        return out;
      }
      out.ready = TruthyValue(r.first_value);
      return out;
    }
  }
  return out;
}

}  // namespace tributary::orchestrator
