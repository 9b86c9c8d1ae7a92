#include "cli/orchestrator_host.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>

#include <cstring>

namespace tributary::cli {

using namespace orchestrator;

namespace {

/// Rows a command tag reports: "INSERT 0 5" -> 5, "UPDATE 3" -> 3.
int64_t TagRows(const std::string& tag) {
  size_t space = tag.rfind(' ');
  if (space == std::string::npos) return 0;
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(tag.data() + space + 1, tag.data() + tag.size(), n);
  return ec == std::errc() && ptr == tag.data() + tag.size() ? n : 0;
}

}  // namespace

SqlRunner WarehouseSqlRunner(std::shared_ptr<Database> database) {
  return [database](const std::string& sql, int64_t timeout_ms) {
    SqlOutcome out;
    Connection connection(database);
    if (timeout_ms > 0) {
      QueryResult set = connection.Query(fmt::format("SET statement_timeout = {}", timeout_ms));
      (void)set;
    }
    QueryResult result = connection.Query(sql);
    if (!result.ok()) {
      out.sqlstate = result.error().sqlstate;
      out.message = result.error().message;
      return out;
    }
    out.ok = true;
    out.rows = result.column_names().empty() ? TagRows(result.command_tag())
                                             : static_cast<int64_t>(result.row_count());
    if (!result.column_names().empty() && result.row_count() > 0) out.first_value = result.GetText(0, 0);
    return out;
  };
}

Result<std::unique_ptr<StateLock>> StateLock::Acquire(const std::string& state_path) {
  std::string path = state_path + ".lock";
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("cannot open the state lock '{}': {}", path, std::strerror(errno));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char buffer[32] = {};
    ssize_t n = pread(fd, buffer, sizeof(buffer) - 1, 0);
    close(fd);
    return Status::Conflict("orchestrator state '{}' is in use by another process (pid {})", state_path,
                            n > 0 ? std::string(buffer, static_cast<size_t>(n)) : "unknown");
  }
  std::string pid = std::to_string(getpid());
  if (ftruncate(fd, 0) != 0 || pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // The lock holds regardless; the pid is only for the message above.
  }
  return std::unique_ptr<StateLock>(new StateLock(fd));
}

StateLock::~StateLock() { close(fd_); }

Result<std::pair<std::string, int>> ParseListenAddress(const std::string& text) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos) return Status::Invalid("bad listen address \"{}\" (expected host:port)", text);
  std::string host = colon == 0 ? "127.0.0.1" : text.substr(0, colon);
  int port = 0;
  auto [ptr, ec] = std::from_chars(text.data() + colon + 1, text.data() + text.size(), port);
  if (ec != std::errc() || ptr != text.data() + text.size() || port < 0 || port > 65535) {
    return Status::Invalid("bad port in listen address \"{}\"", text);
  }
  return std::make_pair(host, port);
}

Result<std::unique_ptr<OrchestratorHost>> OrchestratorHost::Open(const OrchestratorConfig& config, Options options) {
  std::unique_ptr<OrchestratorHost> host(new OrchestratorHost());
  host->config_ = config;
  host->options_ = options;
  TRIB_ASSIGN_OR_RETURN(host->lock_, StateLock::Acquire(config.state_path));
  TRIB_ASSIGN_OR_RETURN(host->store_, StateStore::Open(config.state_path));
  std::shared_ptr<Database> database = options.database;
  if (!database && !config.warehouse.empty()) {
    TRIB_ASSIGN_OR_RETURN(database, Database::Open(config.warehouse, DatabaseOptions{}));
  }
  host->runner_ = std::make_unique<TaskRunner>(database ? WarehouseSqlRunner(database) : SqlRunner{});
  host->alerts_ = std::make_unique<AlertDispatcher>(config.channels, host->store_.get());
  SchedulerOptions scheduler_options;
  scheduler_options.run_schedules = options.run_schedules;
  host->scheduler_ = std::make_unique<Scheduler>(host->config_, host->store_.get(), host->runner_.get(),
                                                 host->alerts_.get(), &host->clock_, scheduler_options);
  return host;
}

OrchestratorHost::~OrchestratorHost() { Stop(); }

Status OrchestratorHost::Start() {
  alerts_->Start();
  TRIB_RETURN_NOT_OK(scheduler_->Start());
  std::string listen = options_.http_listen.empty() ? config_.http_listen : options_.http_listen;
  if (!listen.empty() && listen != "off") {
    TRIB_ASSIGN_OR_RETURN(auto address, ParseListenAddress(listen));
    http_ = std::make_unique<HttpApi>(scheduler_.get(), store_.get());
    TRIB_RETURN_NOT_OK(http_->Start(address.first, address.second));
  }
  return Status::OK();
}

void OrchestratorHost::Stop() {
  if (http_) http_->Stop();
  if (scheduler_) scheduler_->Stop();
  if (alerts_) alerts_->Stop();
}

}  // namespace tributary::cli
