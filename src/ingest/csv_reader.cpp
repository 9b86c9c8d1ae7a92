#include "ingest/csv_reader.hpp"

#include <fcntl.h>
#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace tributary::ingest {

void AppendLatin1AsUtf8(std::string_view in, std::string* out) {
  out->reserve(out->size() + in.size());
  for (char ch : in) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out->push_back(ch);
    } else {
      out->push_back(static_cast<char>(0xC0 | (c >> 6)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
}

size_t FindInvalidUtf8(std::string_view text) {
  if (simdjson::validate_utf8(text.data(), text.size())) return std::string_view::npos;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0;
    uint32_t min = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

namespace {

/// A record longer than this is an error rather than a memory exhaustion:
/// usually a stray quote that swallowed the rest of the file.
constexpr size_t kMaxRecordBytes = size_t{1} << 30;

/// The length of the prefix of `bytes` that does not end inside a UTF-8
/// sequence, so the rest can wait for the next chunk.
size_t CompleteUtf8Prefix(std::string_view bytes) {
  const size_t n = bytes.size();
  for (size_t back = 1; back <= std::min<size_t>(4, n); back++) {
    const auto c = static_cast<unsigned char>(bytes[n - back]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    size_t len = 1;
    if ((c & 0xE0) == 0xC0) len = 2;
    else if ((c & 0xF0) == 0xE0) len = 3;
    else if ((c & 0xF8) == 0xF0) len = 4;
    return len > back ? n - back : n;
  }
  return n;  // no lead byte close to the end: invalid, which validation reports
}

}  // namespace

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path, CsvDialect dialect, std::string context) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("{}: cannot open: {}", context, std::strerror(errno));
  if (dialect.chunk_bytes == 0) dialect.chunk_bytes = 1 << 20;
  return std::unique_ptr<CsvReader>(new CsvReader(fd, std::move(dialect), std::move(context)));
}

CsvReader::CsvReader(int fd, CsvDialect dialect, std::string context)
    : fd_(fd), dialect_(std::move(dialect)), context_(std::move(context)) {}

CsvReader::~CsvReader() {
  if (fd_ >= 0) ::close(fd_);
}

Status CsvReader::Fill() {
  buffer_.clear();
  pos_ = 0;
  while (buffer_.empty() && !eof_) {
    const size_t held = raw_.size();
    raw_.resize(held + dialect_.chunk_bytes);
    ssize_t got = 0;
    do {
      got = ::read(fd_, raw_.data() + held, dialect_.chunk_bytes);
    } while (got < 0 && errno == EINTR);
    if (got < 0) return Status::IOError("{}: read failed: {}", context_, std::strerror(errno));
    raw_.resize(held + static_cast<size_t>(got));
    bytes_read_ += got;
    if (got == 0) eof_ = true;
    if (!bom_checked_) {
      if (raw_.size() < 3 && !eof_) continue;
      bom_checked_ = true;
      if (dialect_.encoding == TextEncoding::kUtf8 && raw_.starts_with("\xEF\xBB\xBF")) {
        raw_.erase(0, 3);
        raw_offset_ = 3;
      }
    }
    if (dialect_.encoding == TextEncoding::kLatin1) {
      AppendLatin1AsUtf8(raw_, &buffer_);
      raw_offset_ += static_cast<int64_t>(raw_.size());
      raw_.clear();
      continue;
    }
    const size_t complete = eof_ ? raw_.size() : CompleteUtf8Prefix(raw_);
    const std::string_view ready(raw_.data(), complete);
    if (size_t bad = FindInvalidUtf8(ready); bad != std::string_view::npos) {
      const int64_t line = decoded_lines_ + std::count(ready.begin(), ready.begin() + static_cast<ptrdiff_t>(bad), '\n');
      return Status::Invalid(
          "{} line {}: invalid UTF-8 at byte offset {} (0x{:02X}); the file is not UTF-8 (encoding: latin1 reads "
          "Latin-1 files)",
          context_, line, raw_offset_ + static_cast<int64_t>(bad), static_cast<unsigned char>(ready[bad]));
    }
    decoded_lines_ += std::count(ready.begin(), ready.end(), '\n');
    buffer_.append(ready);
    raw_.erase(0, complete);
    raw_offset_ += static_cast<int64_t>(complete);
  }
  return Status::OK();
}

Result<bool> CsvReader::Next(CsvRecord* record) {
  record->text.clear();
  record->fields.clear();
  if (pos_ == buffer_.size()) {
    TRIB_RETURN_NOT_OK(Fill());
    if (buffer_.empty()) return false;
  }
  record->line = line_;

  enum class State : uint8_t { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };
  State state = State::kFieldStart;
  uint32_t begin = 0;
  bool quoted = false;
  const char delimiter = dialect_.delimiter;
  const char quote = dialect_.quote;
  auto end_field = [&] {
    CsvRecord::Field f;
    f.begin = begin;
    f.size = static_cast<uint32_t>(record->text.size() - begin);
    f.quoted = quoted;
    f.null = !quoted && std::string_view(record->text).substr(begin) == dialect_.null_string;
    record->fields.push_back(f);
  };

  while (true) {
    if (pos_ == buffer_.size()) {
      TRIB_RETURN_NOT_OK(Fill());
      if (buffer_.empty()) {  // the end of the file ends the record
        if (state == State::kQuoted) {
          return Status::Invalid("{} line {}: unterminated quoted field", context_, record->line);
        }
        end_field();
        return true;
      }
    }
    if (record->text.size() > kMaxRecordBytes) {
      return Status::Invalid("{} line {}: record longer than {} bytes{}", context_, record->line, kMaxRecordBytes,
                             state == State::kQuoted ? " (a quoted field is not terminated)" : "");
    }
    const char* data = buffer_.data();
    const size_t n = buffer_.size();
    switch (state) {
      case State::kFieldStart:
        quoted = data[pos_] == quote;
        if (quoted) pos_++;
        state = quoted ? State::kQuoted : State::kUnquoted;
        break;
      case State::kUnquoted: {
        size_t p = pos_;
        while (p < n && data[p] != delimiter && data[p] != '\n' && data[p] != '\r') p++;
        record->text.append(data + pos_, p - pos_);
        pos_ = p;
        if (p == n) break;  // the field goes on in the next chunk
        const char c = data[pos_++];
        if (c == '\r') break;
        end_field();
        if (c == '\n') {
          line_++;
          return true;
        }
        begin = static_cast<uint32_t>(record->text.size());
        quoted = false;
        state = State::kFieldStart;
        break;
      }
      case State::kQuoted: {
        const void* found = std::memchr(data + pos_, quote, n - pos_);
        const size_t p = found ? static_cast<size_t>(static_cast<const char*>(found) - data) : n;
        line_ += std::count(data + pos_, data + p, '\n');
        record->text.append(data + pos_, p - pos_);
        pos_ = p;
        if (p < n) {
          pos_++;
          state = State::kQuoteInQuoted;
        }
        break;
      }
      case State::kQuoteInQuoted:
        if (data[pos_] == quote) {  // a doubled quote is one quote character
          record->text.push_back(quote);
          pos_++;
          state = State::kQuoted;
        } else {
          state = State::kUnquoted;
        }
        break;
    }
  }
}

}  // namespace tributary::ingest
