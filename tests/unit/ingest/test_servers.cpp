#include "test_servers.hpp"

#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <mysql.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace tributary::test_servers {

namespace {

constexpr const char* kPgBin = "/usr/lib/postgresql/15/bin";
constexpr const char* kMariaDbd = "/usr/sbin/mariadbd";
constexpr const char* kMariaDbInstall = "/usr/bin/mariadb-install-db";
constexpr const char* kMariaDbClient = "/usr/bin/mariadb";
constexpr auto kStartTimeout = std::chrono::seconds(30);

std::vector<char*> Argv(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (const auto& a : argv) out.push_back(const_cast<char*>(a.c_str()));
  out.push_back(nullptr);
  return out;
}

/// In a forked child: become `as`, enter `cwd`, die with the parent when
/// `death_signal` is set, exec. Only async-signal-safe calls.
[[noreturn]] void ExecChild(char* const* argv, const RunAs& as, const char* cwd, int death_signal, pid_t parent) {
  if (as.set()) {
    if (setgroups(0, nullptr) != 0 || setgid(as.gid) != 0 || setuid(as.uid) != 0) _exit(126);
  }
  // Set after setuid, which clears it.
  if (death_signal != 0) {
    prctl(PR_SET_PDEATHSIG, death_signal);
    if (getppid() != parent) _exit(125);  // the parent died before prctl
  }
  if (cwd != nullptr && *cwd != '\0' && chdir(cwd) != 0) _exit(126);
  execv(argv[0], argv);
  _exit(127);
}

int ExitCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

/// Starts a long-running child with stdout and stderr appended to `log`.
/// It gets `death_signal` should this process die without stopping it.
Result<pid_t> StartDaemon(const std::vector<std::string>& argv, const std::string& log, const RunAs& as,
                          const std::string& cwd, int death_signal) {
  int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("cannot open {}: {}", log, std::strerror(errno));
  if (as.set() && fchown(fd, as.uid, as.gid) != 0) {
    ::close(fd);
    return Status::IOError("cannot chown {}: {}", log, std::strerror(errno));
  }
  auto args = Argv(argv);
  int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    ::close(fd);
    ::close(null_in);
    return Status::IOError("fork: {}", std::strerror(errno));
  }
  if (pid == 0) {
    dup2(null_in, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    ExecChild(args.data(), as, cwd.c_str(), death_signal, parent);
  }
  ::close(fd);
  ::close(null_in);
  return pid;
}

/// Signals `pid` and reaps it, escalating to SIGKILL after `grace`.
void StopChild(pid_t pid, int signal, std::chrono::milliseconds grace) {
  if (pid <= 0) return;
  kill(pid, signal);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid || (r < 0 && errno != EINTR)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

/// True when `pid` has exited (and reaps it).
bool Exited(pid_t pid, int* code) {
  int status = 0;
  if (waitpid(pid, &status, WNOHANG) != pid) return false;
  *code = ExitCode(status);
  return true;
}

/// Removes the directories of servers whose test process died without
/// stopping them (the servers died with it; their files did not).
void RemoveAbandoned(const std::string& prefix) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::temp_directory_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    std::ifstream owner(entry.path() / "owner.pid");
    pid_t pid = 0;
    if (!(owner >> pid) || pid <= 0) continue;  // being set up, or not ours
    if (kill(pid, 0) != 0 && errno == ESRCH) std::filesystem::remove_all(entry.path(), ec);
  }
}

/// A fresh directory `<tmp>/<prefix>XXXXXX` that names this process as its
/// owner.
Result<std::string> MakeTempDir(const std::string& prefix) {
  RemoveAbandoned(prefix);
  std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
  if (::mkdtemp(tmpl.data()) == nullptr) return Status::IOError("mkdtemp {}: {}", tmpl, std::strerror(errno));
  std::ofstream(tmpl + "/owner.pid") << getpid() << "\n";
  return tmpl;
}

std::string Trimmed(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

}  // namespace

Result<ProcessOutput> RunProcess(const std::vector<std::string>& argv, const std::string& input, const RunAs& as,
                                 const std::string& cwd) {
  // A child that exits before reading its input must not kill the test.
  signal(SIGPIPE, SIG_IGN);
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
    return Status::IOError("pipe: {}", std::strerror(errno));
  }
  auto args = Argv(argv);
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) return Status::IOError("fork: {}", std::strerror(errno));
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    ExecChild(args.data(), as, cwd.c_str(), SIGKILL, parent);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  ProcessOutput result;
  size_t written = 0;
  int stdin_fd = in[1];
  if (input.empty()) {
    ::close(stdin_fd);
    stdin_fd = -1;
  }
  bool out_open = true, err_open = true;
  char buffer[65536];
  while (out_open || err_open) {
    pollfd fds[3];
    nfds_t n = 0;
    if (out_open) fds[n++] = {out[0], POLLIN, 0};
    if (err_open) fds[n++] = {err[0], POLLIN, 0};
    if (stdin_fd >= 0) fds[n++] = {stdin_fd, POLLOUT, 0};
    if (poll(fds, n, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (nfds_t i = 0; i < n; i++) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == stdin_fd) {
        ssize_t w = ::write(stdin_fd, input.data() + written, input.size() - written);
        if (w > 0) written += static_cast<size_t>(w);
        if (w < 0 || written == input.size()) {
          ::close(stdin_fd);
          stdin_fd = -1;
        }
        continue;
      }
      ssize_t r = ::read(fds[i].fd, buffer, sizeof buffer);
      if (r <= 0) {
        if (fds[i].fd == out[0])
          out_open = false;
        else
          err_open = false;
        continue;
      }
      (fds[i].fd == out[0] ? result.out : result.err).append(buffer, static_cast<size_t>(r));
    }
  }
  if (stdin_fd >= 0) ::close(stdin_fd);
  ::close(out[0]);
  ::close(err[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = ExitCode(status);
  if (result.exit_code == 127 && result.out.empty() && result.err.empty()) {
    return Status::NotFound("cannot run {}", argv[0]);
  }
  return result;
}

Result<int> FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::IOError("socket: {}", std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return Status::IOError("bind 127.0.0.1:0: {}", std::strerror(errno));
  }
  ::close(fd);
  return static_cast<int>(ntohs(addr.sin_port));
}

std::string FileTail(const std::string& path, int lines) {
  std::ifstream in(path);
  if (!in) return "";
  std::deque<std::string> last;
  std::string line;
  while (std::getline(in, line)) {
    last.push_back(line);
    if (static_cast<int>(last.size()) > lines) last.pop_front();
  }
  std::string out;
  for (const auto& l : last) out += l + "\n";
  return out;
}

// ---------------------------------------------------------------- PostgreSQL

Result<PostgresServer*> PostgresServer::Shared() {
  static std::mutex mutex;
  static std::unique_ptr<PostgresServer> server;
  static Status failure;
  static bool tried = false;
  std::lock_guard<std::mutex> lock(mutex);
  if (!tried) {
    tried = true;
    auto started = Start();
    if (started.ok())
      server = std::move(started).value();
    else
      failure = started.status();
  }
  if (server == nullptr) return failure;
  return server.get();
}

Result<std::unique_ptr<PostgresServer>> PostgresServer::Start() {
  std::unique_ptr<PostgresServer> server(new PostgresServer());
  TRIB_RETURN_NOT_OK(server->Boot());
  return server;
}

Status PostgresServer::Boot() {
  TRIB_ASSIGN_OR_RETURN(dir_, MakeTempDir("tributary-pg-"));
  if (geteuid() == 0) {
    // PostgreSQL refuses to run as root.
    passwd* pw = getpwnam("postgres");
    if (pw == nullptr) return Status::NotFound("PostgreSQL test server: there is no user postgres to run it as");
    as_.uid = pw->pw_uid;
    as_.gid = pw->pw_gid;
    if (chown(dir_.c_str(), as_.uid, as_.gid) != 0) {
      return Status::IOError("chown {}: {}", dir_, std::strerror(errno));
    }
  }
  const std::string bin = kPgBin;
  const std::string data = dir_ + "/data";
  TRIB_ASSIGN_OR_RETURN(ProcessOutput init,
                        RunProcess({bin + "/initdb", "-D", data, "-U", "postgres", "--auth-local=trust",
                                    "--auth-host=scram-sha-256", "--locale=C", "-E", "UTF8", "--no-sync"},
                                   "", as_, dir_));
  if (init.exit_code != 0) {
    return Status::IOError("PostgreSQL test server: initdb failed (exit {}):\n{}{}", init.exit_code, init.out,
                           init.err);
  }
  const std::string log = dir_ + "/server.log";
  for (int attempt = 0;; attempt++) {
    TRIB_ASSIGN_OR_RETURN(port_, FreePort());
    TRIB_ASSIGN_OR_RETURN(pid_, StartDaemon({bin + "/postgres",
                                             "-D",
                                             data,
                                             "-p",
                                             std::to_string(port_),
                                             "-k",
                                             dir_,
                                             "-c",
                                             "listen_addresses=127.0.0.1",
                                             "-c",
                                             "fsync=off",
                                             "-c",
                                             "synchronous_commit=off",
                                             "-c",
                                             "full_page_writes=off",
                                             "-c",
                                             "shared_buffers=32MB",
                                             "-c",
                                             "max_connections=50",
                                             "-c",
                                             "TimeZone=UTC"},
                                            log, as_, dir_, SIGQUIT));
    const std::string ping =
        "host=" + dir_ + " port=" + std::to_string(port_) + " dbname=postgres user=postgres connect_timeout=2";
    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    bool ready = false;
    int code = 0;
    bool exited = false;
    while (std::chrono::steady_clock::now() < deadline) {
      if (PQping(ping.c_str()) == PQPING_OK) {
        ready = true;
        break;
      }
      if ((exited = Exited(pid_, &code))) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (ready) break;
    if (exited) {
      pid_ = -1;
      const std::string tail = LogTail();
      // Someone took the port between FreePort and the bind: another.
      if (attempt < 3 && tail.find("could not bind") != std::string::npos) continue;
      return Status::IOError("PostgreSQL test server exited while starting (exit {}); server log:\n{}", code, tail);
    }
    return Status::IOError("PostgreSQL test server did not accept connections within {} s; server log:\n{}",
                           kStartTimeout.count(), LogTail());
  }
  auto setup =
      Run("CREATE ROLE " + user() + " LOGIN PASSWORD '" + password() + "';\nCREATE DATABASE " + database() + ";\n",
          "postgres");
  if (!setup.ok()) return setup.status();
  return CreateDatabase("");
}

Status PostgresServer::CreateDatabase(const std::string& name) const {
  if (!name.empty()) {
    auto created = Run("CREATE DATABASE \"" + name + "\"", "postgres");
    if (!created.ok()) return created.status();
  }
  // What the superuser creates from now on, user() may read.
  auto granted = Run("ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO " + user() +
                         ";\nALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO " + user() + ";\n",
                     name.empty() ? database() : name);
  return granted.ok() ? Status::OK() : granted.status();
}

std::map<std::string, std::string> PostgresServer::SourceValues(const std::string& database) const {
  return {{"kind", "postgres"},
          {"host", host()},
          {"port", std::to_string(port_)},
          {"database", database.empty() ? this->database() : database},
          {"user", user()},
          {"password", password()}};
}

Result<std::string> PostgresServer::Run(const std::string& sql, const std::string& database) const {
  TRIB_ASSIGN_OR_RETURN(ProcessOutput out,
                        RunProcess({std::string(kPgBin) + "/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                                    "-h", dir_, "-p", std::to_string(port_), "-U", "postgres", "-d",
                                    database.empty() ? this->database() : database, "-f", "-"},
                                   sql));
  if (out.exit_code != 0) {
    return Status::IOError("psql failed (exit {}): {}", out.exit_code, Trimmed(out.err));
  }
  return Trimmed(out.out);
}

std::string PostgresServer::Exec(const std::string& sql, const std::string& database) const {
  auto out = Run(sql, database);
  if (!out.ok()) throw std::runtime_error(out.status().message() + "\nSQL: " + sql.substr(0, 500));
  return *out;
}

std::string PostgresServer::LogTail(int lines) const { return FileTail(dir_ + "/server.log", lines); }

void PostgresServer::Stop() {
  // Immediate shutdown: the data is thrown away.
  StopChild(pid_, SIGQUIT, std::chrono::seconds(10));
  pid_ = -1;
}

PostgresServer::~PostgresServer() {
  Stop();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

// ------------------------------------------------------------------- MariaDB

Result<MariaDbServer*> MariaDbServer::Shared() {
  static std::mutex mutex;
  static std::unique_ptr<MariaDbServer> server;
  static Status failure;
  static bool tried = false;
  std::lock_guard<std::mutex> lock(mutex);
  if (!tried) {
    tried = true;
    auto started = Start();
    if (started.ok())
      server = std::move(started).value();
    else
      failure = started.status();
  }
  if (server == nullptr) return failure;
  return server.get();
}

Result<std::unique_ptr<MariaDbServer>> MariaDbServer::Start() {
  std::unique_ptr<MariaDbServer> server(new MariaDbServer());
  TRIB_RETURN_NOT_OK(server->Boot());
  return server;
}

Status MariaDbServer::Boot() {
  TRIB_ASSIGN_OR_RETURN(dir_, MakeTempDir("tributary-mariadb-"));
  const std::string data = dir_ + "/data";
  // The same InnoDB sizing for the install and the server: small and fast.
  const std::vector<std::string> innodb = {"--innodb-buffer-pool-size=32M", "--innodb-log-file-size=16M",
                                           "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0"};
  const bool root = geteuid() == 0;
  std::vector<std::string> install = {kMariaDbInstall, "--no-defaults", "--datadir=" + data,
                                      "--auth-root-authentication-method=normal", "--skip-test-db",
                                      // Bootstrap's temporary tables go to tmpdir under names that can
                                      // collide between installs running at once in a shared /tmp.
                                      "--tmpdir=" + dir_};
  if (root) install.push_back("--user=root");
  install.insert(install.end(), innodb.begin(), innodb.end());
  TRIB_ASSIGN_OR_RETURN(ProcessOutput init, RunProcess(install, "", {}, dir_));
  if (init.exit_code != 0) {
    return Status::IOError("MariaDB test server: mariadb-install-db failed (exit {}):\n{}{}", init.exit_code, init.out,
                           init.err);
  }
  const std::string log = dir_ + "/server.log";
  for (int attempt = 0;; attempt++) {
    TRIB_ASSIGN_OR_RETURN(port_, FreePort());
    std::vector<std::string> argv = {kMariaDbd,
                                     "--no-defaults",
                                     "--datadir=" + data,
                                     "--socket=" + socket(),
                                     "--port=" + std::to_string(port_),
                                     "--bind-address=127.0.0.1",
                                     "--pid-file=" + dir_ + "/mariadbd.pid",
                                     "--tmpdir=" + dir_,
                                     "--skip-log-bin",
                                     "--skip-name-resolve",
                                     "--character-set-server=utf8mb4",
                                     "--collation-server=utf8mb4_general_ci",
                                     "--max-connections=50"};
    if (root) argv.push_back("--user=root");
    argv.insert(argv.end(), innodb.begin(), innodb.end());
    TRIB_ASSIGN_OR_RETURN(pid_, StartDaemon(argv, log, {}, dir_, SIGKILL));
    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    bool ready = false;
    int code = 0;
    bool exited = false;
    while (std::chrono::steady_clock::now() < deadline) {
      MYSQL* probe = mysql_init(nullptr);
      unsigned int timeout = 2;
      mysql_options(probe, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
      ready = mysql_real_connect(probe, nullptr, "root", nullptr, nullptr, 0, socket().c_str(), 0) != nullptr;
      mysql_close(probe);
      if (ready) break;
      if ((exited = Exited(pid_, &code))) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (ready) break;
    if (exited) {
      pid_ = -1;
      const std::string tail = LogTail();
      if (attempt < 3 && tail.find("Bind on TCP/IP port") != std::string::npos) continue;
      return Status::IOError("MariaDB test server exited while starting (exit {}); server log:\n{}", code, tail);
    }
    return Status::IOError("MariaDB test server did not accept connections within {} s; server log:\n{}",
                           kStartTimeout.count(), LogTail());
  }
  auto setup = Run("CREATE USER '" + user() + "'@'%' IDENTIFIED BY '" + password() + "';\nGRANT SELECT ON *.* TO '" +
                       user() + "'@'%';\nCREATE DATABASE " + database() + ";\n",
                   "-");
  return setup.ok() ? Status::OK() : setup.status();
}

Status MariaDbServer::CreateDatabase(const std::string& name) const {
  auto created = Run("CREATE DATABASE `" + name + "`", "-");
  return created.ok() ? Status::OK() : created.status();
}

std::map<std::string, std::string> MariaDbServer::SourceValues(const std::string& database) const {
  return {{"kind", "mariadb"},
          {"host", host()},
          {"port", std::to_string(port_)},
          {"database", database.empty() ? this->database() : database},
          {"user", user()},
          {"password", password()}};
}

Result<std::string> MariaDbServer::Run(const std::string& sql, const std::string& database) const {
  std::vector<std::string> argv = {
      kMariaDbClient, "--no-defaults", "--default-character-set=utf8mb4", "-uroot", "--socket=" + socket(), "-N", "-B"};
  if (database != "-") argv.push_back(database.empty() ? this->database() : database);
  TRIB_ASSIGN_OR_RETURN(ProcessOutput out, RunProcess(argv, sql));
  if (out.exit_code != 0) {
    return Status::IOError("mariadb failed (exit {}): {}", out.exit_code, Trimmed(out.err));
  }
  return Trimmed(out.out);
}

std::string MariaDbServer::Exec(const std::string& sql, const std::string& database) const {
  auto out = Run(sql, database);
  if (!out.ok()) throw std::runtime_error(out.status().message() + "\nSQL: " + sql.substr(0, 500));
  return *out;
}

std::string MariaDbServer::LogTail(int lines) const { return FileTail(dir_ + "/server.log", lines); }

void MariaDbServer::Stop() {
  // The data is thrown away: no clean shutdown to wait for.
  StopChild(pid_, SIGKILL, std::chrono::seconds(10));
  pid_ = -1;
}

MariaDbServer::~MariaDbServer() {
  Stop();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

}  // namespace tributary::test_servers
