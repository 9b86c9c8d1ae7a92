#pragma once
// A streaming CSV reader for file-drop sources: PostgreSQL's CSV rules
// (COPY ... CSV) over a file read in fixed-size chunks, so a multi-gigabyte
// file never sits in memory whole. Also the text-encoding helpers the
// file-drop readers share.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace tributary::ingest {

enum class TextEncoding : uint8_t {
  kUtf8,    // validated; the first invalid byte is an error naming its offset
  kLatin1,  // ISO-8859-1, converted to UTF-8 as it is read
};

/// Appends ISO-8859-1 `in` to `out` as UTF-8 (bytes >= 0x80 become two bytes).
void AppendLatin1AsUtf8(std::string_view in, std::string* out);

/// The offset of the first byte of `text` that does not start a valid UTF-8
/// sequence (overlong forms, surrogates, code points past U+10FFFF and
/// sequences cut off by the end count as invalid); npos when all is valid.
size_t FindInvalidUtf8(std::string_view text);

struct CsvDialect {
  char delimiter = ',';
  char quote = '"';
  /// An unquoted field equal to this is NULL; a quoted one never is.
  std::string null_string;
  TextEncoding encoding = TextEncoding::kUtf8;
  /// Bytes read from the file at a time; records and quoted fields may span
  /// any number of chunks.
  size_t chunk_bytes = 1 << 20;
};

/// One record: its fields' bytes back to back, and where each one is.
struct CsvRecord {
  struct Field {
    uint32_t begin = 0;
    uint32_t size = 0;
    bool null = false;
    bool quoted = false;
  };
  int64_t line = 0;  // the 1-based physical line the record starts on
  std::string text;
  std::vector<Field> fields;

  std::string_view field(size_t i) const { return std::string_view(text).substr(fields[i].begin, fields[i].size); }
  bool is_null(size_t i) const { return fields[i].null; }
  /// An empty line: one unquoted, empty field.
  bool blank() const { return fields.size() == 1 && !fields[0].quoted && fields[0].size == 0; }
};

/// Reads records from one CSV file. The rules are PostgreSQL's: a field that
/// starts with the quote character is quoted and may hold delimiters,
/// newlines and doubled quotes; after its closing quote, bytes up to the next
/// delimiter are kept as they are. Outside quotes a record ends at '\n' and
/// '\r' is dropped, so CRLF files read like LF ones. A UTF-8 byte order mark
/// at the start is skipped. Extra memory: one chunk plus the current record.
class CsvReader {
 public:
  /// `context` starts every error message ("region EMEA: csv /data/emea:
  /// file deals.csv"); errors then add "line N: what".
  static Result<std::unique_ptr<CsvReader>> Open(const std::string& path, CsvDialect dialect, std::string context);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  /// The next record; false at the end of the file. Fails on an unterminated
  /// quoted field, invalid UTF-8 (kUtf8) or a read error.
  Result<bool> Next(CsvRecord* record);
  /// Bytes read from the file so far.
  int64_t bytes_read() const { return bytes_read_; }

 private:
  CsvReader(int fd, CsvDialect dialect, std::string context);
  /// Replaces the consumed buffer with the next decoded bytes; leaves it
  /// empty only at the end of the file.
  Status Fill();

  int fd_ = -1;
  CsvDialect dialect_;
  std::string context_;
  std::string buffer_;  // decoded UTF-8 being parsed
  size_t pos_ = 0;
  std::string raw_;          // bytes read but not yet decoded (a split UTF-8 sequence)
  int64_t raw_offset_ = 0;   // file offset of raw_[0]
  int64_t decoded_lines_ = 1;  // 1 + newlines handed to buffer_, for encoding errors
  bool bom_checked_ = false;
  bool eof_ = false;
  int64_t line_ = 1;
  int64_t bytes_read_ = 0;
};

}  // namespace tributary::ingest
