#include "catalog/job_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "common/file_io.hpp"
#include "types/datetime.hpp"

namespace tributary::catalog {

namespace {

// One job a line: "j1" then the fields below, tab-separated, with
// backslash, tab, newline and carriage return escaped.
constexpr std::string_view kLineTag = "j1";
constexpr size_t kFields = 19;
constexpr size_t kFlushBytes = 64 << 10;
constexpr int64_t kFlushMicros = 1'000'000;
// Past this size the file is rewritten with the jobs held in memory.
constexpr int64_t kMaxFileBytes = int64_t{64} << 20;

void AppendEscaped(std::string* out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '\\': *out += "\\\\"; break;
      case '\t': *out += "\\t"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      default: *out += c;
    }
  }
}

std::string Unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    out += c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c;
  }
  return out;
}

void AppendLine(std::string* out, const JobRecord& r) {
  *out += kLineTag;
  auto text = [&](std::string_view s) {
    *out += '\t';
    AppendEscaped(out, s);
  };
  auto number = [&](int64_t n) { fmt::format_to(std::back_inserter(*out), "\t{}", n); };
  number(r.job_id);
  text(r.user_name);
  text(r.session_user);
  text(r.session_id);
  text(r.statement);
  text(r.statement_type);
  number(r.start_time_us);
  number(r.end_time_us);
  number(r.rows);
  number(r.bytes_scanned);
  number(r.bytes_billed);
  number(r.partitions_total);
  number(r.partitions_scanned);
  number(r.files_total);
  number(r.files_scanned);
  number(r.cache_hit ? 1 : 0);
  text(r.status);
  text(r.error);
  *out += '\n';
}

/// The job on `line`, or false for a line that is not one (torn, or from a
/// later format).
bool ParseLine(std::string_view line, JobRecord* r) {
  std::vector<std::string_view> f;
  size_t begin = 0;
  while (true) {
    size_t tab = line.find('\t', begin);
    f.push_back(line.substr(begin, tab == std::string_view::npos ? std::string_view::npos : tab - begin));
    if (tab == std::string_view::npos) break;
    begin = tab + 1;
  }
  if (f.size() != kFields || f[0] != kLineTag) return false;
  bool ok = true;
  auto number = [&](std::string_view s) {
    int64_t n = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || p != s.data() + s.size()) ok = false;
    return n;
  };
  r->job_id = number(f[1]);
  r->user_name = Unescape(f[2]);
  r->session_user = Unescape(f[3]);
  r->session_id = Unescape(f[4]);
  r->statement = Unescape(f[5]);
  r->statement_type = Unescape(f[6]);
  r->start_time_us = number(f[7]);
  r->end_time_us = number(f[8]);
  r->rows = number(f[9]);
  r->bytes_scanned = number(f[10]);
  r->bytes_billed = number(f[11]);
  r->partitions_total = number(f[12]);
  r->partitions_scanned = number(f[13]);
  r->files_total = number(f[14]);
  r->files_scanned = number(f[15]);
  r->cache_hit = number(f[16]) != 0;
  r->status = Unescape(f[17]);
  r->error = Unescape(f[18]);
  return ok;
}

}  // namespace

JobLog::JobLog(size_t capacity)
    : capacity_(std::max<size_t>(capacity, 1)), start_seconds_(datetime::NowMicros() / 1'000'000) {}

JobLog::~JobLog() {
  if (fd_ < 0) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    (void)FlushLocked();  // best effort: nothing is left to report the failure to
  }
  ::close(fd_);
}

Result<std::unique_ptr<JobLog>> JobLog::Open(const std::string& path, size_t capacity) {
  auto log = std::make_unique<JobLog>(capacity);
  log->path_ = path;
  size_t lines = 0;
  if (::access(path.c_str(), F_OK) == 0) {
    TRIB_ASSIGN_OR_RETURN(std::string content, ReadFile(path));
    size_t begin = 0;
    while (begin < content.size()) {
      size_t end = content.find('\n', begin);
      if (end == std::string::npos) break;  // a torn last line
      JobRecord r;
      if (ParseLine(std::string_view(content).substr(begin, end - begin), &r)) {
        log->next_job_id_ = std::max(log->next_job_id_, r.job_id + 1);
        log->jobs_.push_back(std::move(r));
        if (log->jobs_.size() > log->capacity_) log->jobs_.pop_front();
        lines++;
      }
      begin = end + 1;
    }
    if (lines > 4 * log->capacity_ || begin < content.size()) {
      // Keep the file to what memory holds (and drop a torn tail, so the
      // next line starts on a line of its own).
      std::string kept;
      for (const JobRecord& r : log->jobs_) AppendLine(&kept, r);
      TRIB_RETURN_NOT_OK(WriteFileAtomic(path, kept));
    }
  }
  TRIB_RETURN_NOT_OK(log->OpenForAppend());
  log->last_flush_us_ = datetime::NowMicros();
  return log;
}

Status JobLog::OpenForAppend() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd_ < 0) return Status::IOError("cannot open job log '{}': {}", path_, std::strerror(errno));
  // Statements carry their literals: the file is the server's alone, as the
  // table is superusers' (a rewrite makes a new file, hence every open).
  (void)::fchmod(fd_, 0600);
  off_t size = ::lseek(fd_, 0, SEEK_END);
  file_bytes_ = size < 0 ? 0 : static_cast<int64_t>(size);
  return Status::OK();
}

std::string JobLog::NewSessionId() {
  std::lock_guard<std::mutex> lock(mu_);
  return fmt::format("{:x}.{:x}.{:x}", start_seconds_, ::getpid(), next_session_++);
}

void JobLog::Append(JobRecord* record) {
  std::lock_guard<std::mutex> lock(mu_);
  record->job_id = next_job_id_++;
  jobs_.push_back(*record);
  if (jobs_.size() > capacity_) jobs_.pop_front();
  if (fd_ >= 0) {
    AppendLine(&pending_, *record);
    if (pending_.size() >= kFlushBytes || record->end_time_us - last_flush_us_ >= kFlushMicros) {
      (void)FlushLocked();  // a job that cannot be written stays in memory
    }
  }
}

std::vector<JobRecord> JobLog::List(const std::function<bool(const JobRecord&)>& visible) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<JobRecord> out;
  for (const JobRecord& r : jobs_) {
    if (visible(r)) out.push_back(r);
  }
  return out;
}

Status JobLog::Flush() {
  std::lock_guard<std::mutex> lock(mu_);
  return FlushLocked();
}

Status JobLog::FlushLocked() {
  last_flush_us_ = datetime::NowMicros();
  if (fd_ < 0 || pending_.empty()) return Status::OK();
  std::string_view data = pending_;
  while (!data.empty()) {
    ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      Status st = Status::IOError("cannot write job log '{}': {}", path_, std::strerror(errno));
      pending_.clear();
      return st;
    }
    data.remove_prefix(static_cast<size_t>(n));
    file_bytes_ += n;
  }
  pending_.clear();
  if (file_bytes_ > kMaxFileBytes) {
    // Older jobs than memory holds are dropped from the file too.
    std::string kept;
    for (const JobRecord& r : jobs_) AppendLine(&kept, r);
    TRIB_RETURN_NOT_OK(WriteFileAtomic(path_, kept));
    return OpenForAppend();
  }
  return Status::OK();
}

}  // namespace tributary::catalog
