#include "common/file_io.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tributary {

namespace {

Status ErrnoStatus(std::string_view what, const std::string& path) {
  return Status::IOError("{} '{}': {}", what, path, std::strerror(errno));
}

std::string RandomSuffix() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{:016x}", rng());
}

}  // namespace

Result<std::string> ReadFile(const std::string& path) {
  TRIB_ASSIGN_OR_RETURN(auto file, RandomAccessFile::Open(path));
  std::string data(file.size(), '\0');
  TRIB_RETURN_NOT_OK(file.ReadAt(0, data.size(), reinterpret_cast<uint8_t*>(data.data())));
  return data;
}

Status SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot open directory", dir);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return ErrnoStatus("cannot fsync directory", dir);
  return Status::OK();
}

Status WriteFileAtomic(const std::string& path, std::string_view data) {
  std::string tmp = path + ".tmp-" + RandomSuffix();
  {
    TRIB_ASSIGN_OR_RETURN(auto file, WritableFile::Create(tmp));
    TRIB_RETURN_NOT_OK(file.Append(data));
    TRIB_RETURN_NOT_OK(file.Close());
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    Status st = ErrnoStatus("cannot rename into place", path);
    ::unlink(tmp.c_str());
    return st;
  }
  std::string dir = std::filesystem::path(path).parent_path().string();
  return SyncDirectory(dir.empty() ? "." : dir);
}

Status CreateDirectories(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) return Status::IOError("cannot create directory '{}': {}", path, ec.message());
  return Status::OK();
}

Result<RandomAccessFile> RandomAccessFile::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("file '{}' does not exist", path);
    return ErrnoStatus("cannot open", path);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    Status s = ErrnoStatus("cannot stat", path);
    ::close(fd);
    return s;
  }
  const int64_t mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  return RandomAccessFile(path, fd, static_cast<uint64_t>(st.st_size), mtime_ns);
}

RandomAccessFile::RandomAccessFile(RandomAccessFile&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)), size_(other.size_), mtime_ns_(other.mtime_ns_) {}

RandomAccessFile& RandomAccessFile::operator=(RandomAccessFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
    size_ = other.size_;
    mtime_ns_ = other.mtime_ns_;
  }
  return *this;
}

RandomAccessFile::~RandomAccessFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status RandomAccessFile::ReadAt(uint64_t offset, uint64_t length, uint8_t* out) const {
  if (offset > size_ || length > size_ - offset) {
    return Status::Corruption("'{}': read of {} bytes at offset {} is past the end of the {}-byte file", path_,
                              length, offset, size_);
  }
  uint64_t done = 0;
  while (done < length) {
    ssize_t n = ::pread(fd_, out + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("cannot read", path_);
    }
    if (n == 0) return Status::Corruption("'{}': unexpected end of file at offset {}", path_, offset + done);
    done += static_cast<uint64_t>(n);
  }
  return Status::OK();
}

Result<WritableFile> WritableFile::Create(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus("cannot create", path);
  return WritableFile(path, fd);
}

WritableFile::WritableFile(WritableFile&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      position_(other.position_),
      buffer_(std::move(other.buffer_)) {}

WritableFile& WritableFile::operator=(WritableFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
    position_ = other.position_;
    buffer_ = std::move(other.buffer_);
  }
  return *this;
}

WritableFile::~WritableFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status WritableFile::FlushBuffer() {
  size_t done = 0;
  while (done < buffer_.size()) {
    ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("cannot write", path_);
    }
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
  return Status::OK();
}

Status WritableFile::Append(std::string_view data) {
  constexpr size_t kBufferLimit = 1 << 20;
  position_ += data.size();
  if (buffer_.size() + data.size() > kBufferLimit) {
    TRIB_RETURN_NOT_OK(FlushBuffer());
    if (data.size() > kBufferLimit) {
      buffer_.assign(data);
      return FlushBuffer();
    }
  }
  buffer_.append(data);
  return Status::OK();
}

Status WritableFile::Close() {
  if (fd_ < 0) return Status::OK();
  TRIB_RETURN_NOT_OK(FlushBuffer());
  if (::fsync(fd_) != 0) return ErrnoStatus("cannot fsync", path_);
  if (::close(std::exchange(fd_, -1)) != 0) return ErrnoStatus("cannot close", path_);
  return Status::OK();
}

}  // namespace tributary
