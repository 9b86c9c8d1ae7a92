#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace tributary {

/// Reads a whole file. The error names the path.
Result<std::string> ReadFile(const std::string& path);

/// Writes `data` to `path` durably: a temporary file beside it is written,
/// fsync'd and renamed over `path`, then the directory is fsync'd. A reader
/// sees the old contents or the new, never a prefix.
Status WriteFileAtomic(const std::string& path, std::string_view data);

/// Creates `path` and its parents; not an error if it exists.
Status CreateDirectories(const std::string& path);

/// Random-access reader over a file, for formats read from the end (Parquet).
class RandomAccessFile {
 public:
  static Result<RandomAccessFile> Open(const std::string& path);
  RandomAccessFile(RandomAccessFile&& other) noexcept;
  RandomAccessFile& operator=(RandomAccessFile&& other) noexcept;
  RandomAccessFile(const RandomAccessFile&) = delete;
  RandomAccessFile& operator=(const RandomAccessFile&) = delete;
  ~RandomAccessFile();

  const std::string& path() const { return path_; }
  uint64_t size() const { return size_; }
  /// Last modification, nanoseconds since the epoch, as of opening.
  int64_t mtime_ns() const { return mtime_ns_; }
  /// Reads exactly `length` bytes at `offset` into `out`, or fails naming the
  /// range when the file is shorter.
  Status ReadAt(uint64_t offset, uint64_t length, uint8_t* out) const;

 private:
  RandomAccessFile(std::string path, int fd, uint64_t size, int64_t mtime_ns)
      : path_(std::move(path)), fd_(fd), size_(size), mtime_ns_(mtime_ns) {}
  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;
  int64_t mtime_ns_ = 0;
};

/// Sequential writer that tracks its position; Close() fsyncs.
class WritableFile {
 public:
  static Result<WritableFile> Create(const std::string& path);
  WritableFile(WritableFile&& other) noexcept;
  WritableFile& operator=(WritableFile&& other) noexcept;
  WritableFile(const WritableFile&) = delete;
  WritableFile& operator=(const WritableFile&) = delete;
  ~WritableFile();

  Status Append(std::string_view data);
  Status Append(const uint8_t* data, size_t size) {
    return Append(std::string_view(reinterpret_cast<const char*>(data), size));
  }
  uint64_t position() const { return position_; }
  const std::string& path() const { return path_; }
  /// Flushes, fsyncs and closes. Required for durability.
  Status Close();

 private:
  WritableFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  Status FlushBuffer();
  std::string path_;
  int fd_ = -1;
  uint64_t position_ = 0;
  std::string buffer_;
};

/// fsyncs a directory so a rename or create inside it is durable.
Status SyncDirectory(const std::string& dir);

}  // namespace tributary
