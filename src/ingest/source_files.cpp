// File-drop sources: CSV, NDJSON and Parquet files that land in a directory.
//
// Settings: `directory` (required) and `kind` (csv, ndjson, parquet). CSV:
// `delimiter` (","; "\t" or "tab" for a tab), `quote` ("\""), `header`
// ("true"), `null` (the NULL string, default empty), `encoding` ("utf-8";
// "latin1" / "iso-8859-1" are converted to UTF-8; NDJSON honours it too),
// `columns` ("a,b,c": the names when `header` is false; without it they are
// column1, column2, ...). Readiness: `ready_marker` (".done": a file is ready
// once "<file>.done" exists; "_SUCCESS": once its folder holds that file) or
// else `stable_seconds` (5). `read_chunk_bytes` (1 MiB) is how much of a CSV
// file is read at a time.
//
// The columns of an extract are those of the first of its files that
// declares any (a file of 0 bytes or a header only declares none when it is
// the first). Every later file's columns are matched to them by name: a
// missing one reads as NULL, an extra one is an error. Cursors do not apply:
// the pipeline tracks file drops by content hash.
#include <fcntl.h>
#include <glob.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <thread>
#include <unordered_map>

#include "common/error.hpp"
#include "function/cast.hpp"
#include "ingest/csv_reader.hpp"
#include "ingest/source_kinds.hpp"
#include "parquet/parquet_reader.hpp"

namespace tributary::ingest {
namespace {

enum class FileKind : uint8_t { kCsv, kNdjson, kParquet };

/// NDJSON columns are the keys of this many objects of the first file.
constexpr int kNdjsonInferenceObjects = 1000;
/// ListReady may wait this long for a young file; more is a config mistake.
constexpr int64_t kMaxStableSeconds = 3600;

struct Options {
  FileKind kind = FileKind::kCsv;
  std::string kind_name;
  std::string directory;  // absolute, without a trailing slash
  CsvDialect csv;
  bool header = true;
  std::vector<std::string> columns;  // CSV without a header
  std::string ready_marker;
  int64_t stable_seconds = 5;
  std::string where;  // "region EMEA: csv /data/emea", how every message starts
};

// ---------------------------------------------------------------------------
// Small helpers

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using NameIndex = std::unordered_map<std::string, size_t, StringHash, std::equal_to<>>;

/// How messages name a file: its path below the directory.
std::string DisplayName(const Options& o, const std::string& path) {
  if (path.size() > o.directory.size() + 1 && path.starts_with(o.directory) && path[o.directory.size()] == '/') {
    return path.substr(o.directory.size() + 1);
  }
  return path;
}

std::string FileContext(const Options& o, const std::string& path) {
  return fmt::format("{}: file {}", o.where, DisplayName(o, path));
}

/// The start of `text` for a message, cut at a character boundary.
std::string Snippet(std::string_view text) {
  constexpr size_t kMax = 80;
  if (text.size() <= kMax) return std::string(text);
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) cut--;
  return std::string(text.substr(0, cut)) + "...";
}

int64_t MtimeMs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1'000'000;
}

bool SameVersion(const struct stat& a, const struct stat& b) {
  return a.st_size == b.st_size && a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec;
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::vector<SourceColumn> VarcharColumns(const std::vector<std::string>& names) {
  std::vector<SourceColumn> out;
  for (const auto& name : names) out.push_back({name, LogicalType::Varchar(), "csv", true});
  return out;
}

// ---------------------------------------------------------------------------
// Readiness and content hashes

/// `directory` with glob(3)'s special characters escaped, so only the
/// pattern below it is a pattern.
std::string EscapeGlob(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '*' || c == '?' || c == '[' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

bool IsMarker(const Options& o, const std::string& path) {
  if (o.ready_marker.empty()) return false;
  if (o.ready_marker[0] == '.') return path.ends_with(o.ready_marker);
  return std::filesystem::path(path).filename() == o.ready_marker;
}

bool HasMarker(const Options& o, const std::string& path) {
  struct stat st;
  if (o.ready_marker[0] == '.') return ::stat((path + o.ready_marker).c_str(), &st) == 0;
  auto marker = std::filesystem::path(path).parent_path() / o.ready_marker;
  return ::stat(marker.c_str(), &st) == 0;
}

/// XXH3-64 of the whole file with the size and mtime it had while hashed;
/// nullopt when the file vanished or changed during the read.
Result<std::optional<SourceFile>> HashFile(const Options& o, const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::optional<SourceFile>();
    return Status::IOError("{}: cannot open: {}", FileContext(o, path), std::strerror(errno));
  }
  struct stat before, after;
  if (::fstat(fd.get(), &before) != 0) {
    return Status::IOError("{}: cannot stat: {}", FileContext(o, path), std::strerror(errno));
  }
  std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state(XXH3_createState(), &XXH3_freeState);
  XXH3_64bits_reset(state.get());
  std::string buffer(1 << 20, '\0');
  int64_t total = 0;
  while (true) {
    ssize_t got = ::read(fd.get(), buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Status::IOError("{}: read failed: {}", FileContext(o, path), std::strerror(errno));
    if (got == 0) break;
    XXH3_64bits_update(state.get(), buffer.data(), static_cast<size_t>(got));
    total += got;
  }
  if (::fstat(fd.get(), &after) != 0) {
    return Status::IOError("{}: cannot stat: {}", FileContext(o, path), std::strerror(errno));
  }
  if (!SameVersion(before, after) || total != before.st_size) return std::optional<SourceFile>();
  SourceFile file;
  file.path = path;
  file.size = total;
  file.mtime_ms = MtimeMs(before);
  file.content_hash = fmt::format("{:016x}", XXH3_64bits_digest(state.get()));
  return std::optional<SourceFile>(std::move(file));
}

// ---------------------------------------------------------------------------
// NDJSON lines

/// Reads one JSON object per line; blank lines are skipped.
class NdjsonReader {
 public:
  static Result<std::unique_ptr<NdjsonReader>> Open(const std::string& path, TextEncoding encoding,
                                                    std::string context) {
    FILE* file = std::fopen(path.c_str(), "rbe");
    if (file == nullptr) return Status::IOError("{}: cannot open: {}", context, std::strerror(errno));
    return std::unique_ptr<NdjsonReader>(new NdjsonReader(file, encoding, std::move(context)));
  }
  ~NdjsonReader() {
    std::fclose(file_);
    std::free(line_);
  }
  NdjsonReader(const NdjsonReader&) = delete;
  NdjsonReader& operator=(const NdjsonReader&) = delete;

  /// The next object, valid until the next call; false at the end.
  Result<bool> Next(simdjson::dom::object* object) {
    while (true) {
      ssize_t length = ::getline(&line_, &capacity_, file_);
      if (length < 0) {
        if (std::ferror(file_)) return Status::IOError("{}: read failed: {}", context_, std::strerror(errno));
        return false;
      }
      line_number_++;
      const int64_t offset = bytes_read_;
      bytes_read_ += length;
      std::string_view text(line_, static_cast<size_t>(length));
      size_t skipped = 0;
      if (line_number_ == 1 && encoding_ == TextEncoding::kUtf8 && text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3);
        skipped = 3;
      }
      while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
      if (text.find_first_not_of(" \t") == std::string_view::npos) continue;
      if (encoding_ == TextEncoding::kLatin1) {
        converted_.clear();
        AppendLatin1AsUtf8(text, &converted_);
        text = converted_;
      }
      simdjson::dom::element document;
      auto error = parser_.parse(text.data(), text.size()).get(document);
      if (error == simdjson::UTF8_ERROR) {
        const size_t bad = FindInvalidUtf8(text);
        if (bad != std::string_view::npos) {
          return Status::Invalid("{} line {}: invalid UTF-8 at byte offset {} (0x{:02X}); the file is not UTF-8",
                                 context_, line_number_, offset + static_cast<int64_t>(skipped + bad),
                                 static_cast<unsigned char>(text[bad]));
        }
      }
      if (error) {
        return Status::Invalid("{} line {}: not a JSON object: {}: {}", context_, line_number_,
                               simdjson::error_message(error), Snippet(text));
      }
      if (document.get_object().get(*object)) {
        return Status::Invalid("{} line {}: not a JSON object: {}", context_, line_number_, Snippet(text));
      }
      return true;
    }
  }
  int64_t line() const { return line_number_; }
  int64_t bytes_read() const { return bytes_read_; }
  const std::string& context() const { return context_; }

 private:
  NdjsonReader(FILE* file, TextEncoding encoding, std::string context)
      : file_(file), encoding_(encoding), context_(std::move(context)) {}

  FILE* file_;
  TextEncoding encoding_;
  std::string context_;
  char* line_ = nullptr;
  size_t capacity_ = 0;
  std::string converted_;
  simdjson::dom::parser parser_;
  int64_t line_number_ = 0;
  int64_t bytes_read_ = 0;
};

/// The JSON kinds one key has held, for type inference.
struct KeyKinds {
  bool integer = false;  // fits int64
  bool number = false;   // any other number
  bool boolean = false;
  bool string = false;
  bool object = false;
  bool array = false;
};

void Observe(simdjson::dom::element value, KeyKinds* kinds) {
  using simdjson::dom::element_type;
  switch (value.type()) {
    case element_type::INT64: kinds->integer = true; break;
    case element_type::UINT64:  // past int64: only a double holds it
    case element_type::DOUBLE: kinds->number = true; break;
    case element_type::BOOL: kinds->boolean = true; break;
    case element_type::STRING: kinds->string = true; break;
    case element_type::OBJECT: kinds->object = true; break;
    case element_type::ARRAY: kinds->array = true; break;
    case element_type::NULL_VALUE: break;
  }
}

/// All integers: bigint; numbers with any non-integer: double; all
/// booleans: boolean; anything else (strings, nested values, mixtures,
/// only nulls): text.
SourceColumn InferColumn(const std::string& name, const KeyKinds& k) {
  const int kinds = k.integer + k.number + k.boolean + k.string + k.object + k.array;
  if (kinds == 0) return {name, LogicalType::Varchar(), "json null", true};
  if (!k.boolean && !k.string && !k.object && !k.array) {
    return k.number ? SourceColumn{name, LogicalType::Double(), "json number", true}
                    : SourceColumn{name, LogicalType::BigInt(), "json integer", true};
  }
  if (kinds == 1 && k.boolean) return {name, LogicalType::Boolean(), "json boolean", true};
  const char* source_type = kinds > 1 ? "json mixed" : k.string ? "json string" : k.object ? "json object" : "json array";
  return {name, LogicalType::Varchar(), source_type, true};
}

/// A JSON value as text: a string's contents, anything else as JSON.
std::string JsonText(simdjson::dom::element value) {
  std::string_view s;
  if (!value.get_string().get(s)) return std::string(s);
  return simdjson::minify(value);
}

// ---------------------------------------------------------------------------
// The columns a file declares

/// Checks header names: present and distinct.
Status CheckHeader(const std::string& context, int64_t line, const std::vector<std::string>& names) {
  NameIndex seen;
  for (size_t i = 0; i < names.size(); i++) {
    if (names[i].empty()) return Status::Invalid("{} line {}: the header gives column {} no name", context, line, i + 1);
    if (!seen.emplace(names[i], i).second) {
      return Status::Invalid("{} line {}: the header names column \"{}\" twice", context, line, names[i]);
    }
  }
  return Status::OK();
}

/// Reads a CSV file's header (the first non-blank record): nullopt when the
/// file has none.
Result<std::optional<std::vector<std::string>>> ReadCsvHeader(CsvReader* reader, const std::string& context,
                                                              bool validate) {
  CsvRecord record;
  while (true) {
    TRIB_ASSIGN_OR_RETURN(bool more, reader->Next(&record));
    if (!more) return std::optional<std::vector<std::string>>();
    if (!record.blank()) break;
  }
  std::vector<std::string> names;
  for (size_t i = 0; i < record.fields.size(); i++) names.emplace_back(record.field(i));
  if (validate) TRIB_RETURN_NOT_OK(CheckHeader(context, record.line, names));
  return std::optional<std::vector<std::string>>(std::move(names));
}

/// The columns one file declares; nullopt when it declares none (0 bytes, no
/// header line, no JSON object).
Result<std::optional<std::vector<SourceColumn>>> FileColumns(const Options& o, const std::string& path) {
  using Columns = std::optional<std::vector<SourceColumn>>;
  const std::string context = FileContext(o, path);
  switch (o.kind) {
    case FileKind::kCsv: {
      if (!o.header && !o.columns.empty()) return Columns(VarcharColumns(o.columns));
      TRIB_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path, o.csv, context));
      TRIB_ASSIGN_OR_RETURN(auto first, ReadCsvHeader(reader.get(), context, o.header));
      if (!first) return Columns();
      if (o.header) return Columns(VarcharColumns(*first));
      std::vector<std::string> names;
      for (size_t i = 0; i < first->size(); i++) names.push_back(fmt::format("column{}", i + 1));
      return Columns(VarcharColumns(names));
    }
    case FileKind::kNdjson: {
      TRIB_ASSIGN_OR_RETURN(auto reader, NdjsonReader::Open(path, o.csv.encoding, context));
      std::vector<std::string> order;
      std::vector<KeyKinds> kinds;
      NameIndex index;
      simdjson::dom::object object;
      for (int seen = 0; seen < kNdjsonInferenceObjects; seen++) {
        TRIB_ASSIGN_OR_RETURN(bool more, reader->Next(&object));
        if (!more) break;
        for (auto field : object) {
          auto it = index.find(field.key);
          if (it == index.end()) {
            it = index.emplace(std::string(field.key), order.size()).first;
            order.emplace_back(field.key);
            kinds.emplace_back();
          }
          Observe(field.value, &kinds[it->second]);
        }
      }
      if (order.empty()) return Columns();
      std::vector<SourceColumn> out;
      for (size_t i = 0; i < order.size(); i++) out.push_back(InferColumn(order[i], kinds[i]));
      return Columns(std::move(out));
    }
    case FileKind::kParquet: {
      auto reader = parquet::FileReader::Open(path);
      if (!reader.ok()) return reader.status().WithContext(o.where);
      std::vector<SourceColumn> out;
      for (const auto& spec : (*reader)->schema()) {
        out.push_back({spec.name, spec.type, spec.type.ToString(), spec.nullable});
      }
      return Columns(std::move(out));
    }
  }
  return Status::Internal("unknown file kind");
}

/// The extract's columns and the file they came from.
struct DeclaredColumns {
  std::vector<SourceColumn> columns;
  size_t file = 0;  // index into the request's files
};

Result<DeclaredColumns> DiscoverColumns(const Options& o, const std::vector<SourceFile>& files) {
  for (size_t i = 0; i < files.size(); i++) {
    TRIB_ASSIGN_OR_RETURN(auto columns, FileColumns(o, files[i].path));
    if (columns) return DeclaredColumns{std::move(*columns), i};
  }
  return DeclaredColumns{};
}

// ---------------------------------------------------------------------------
// Reading one file

/// The extract's columns and how a file's columns map onto them.
struct Layout {
  const Options* options = nullptr;
  std::vector<SourceColumn> all;  // the first file's columns
  std::string first_name;         // how messages name that file
  std::string first_path;
  std::vector<SourceColumn> output;  // schema(): `all`, or the requested ones
  std::vector<size_t> output_columns;  // per output column: its index in `all`
  std::vector<int> output_of;          // per `all` column: its output column or -1
  NameIndex index;                     // name -> index in `all`
  std::vector<LogicalType> types;      // of `output`

  /// For each output column, the position in `file_columns` it comes from
  /// (-1: the file lacks it). A file column the first file lacks is an error.
  Result<std::vector<int>> Map(const std::string& path, const std::vector<std::string>& file_columns) const {
    std::vector<int> source(output.size(), -1);
    for (size_t i = 0; i < file_columns.size(); i++) {
      auto it = index.find(file_columns[i]);
      if (it == index.end()) return ExtraColumn(path, file_columns[i]);
      if (int out = output_of[it->second]; out >= 0) source[static_cast<size_t>(out)] = static_cast<int>(i);
    }
    return source;
  }

  Status ExtraColumn(const std::string& path, const std::string& column) const {
    return Status::Invalid("{}: file {} has column \"{}\" that the first file ({}) does not", options->where,
                           DisplayName(*options, path), column, first_name);
  }
};

/// Batches of one file, in the extract's output columns.
class FileBatches {
 public:
  virtual ~FileBatches() = default;
  /// Up to kBatchSize rows; false at the end of the file (never an empty
  /// batch with true).
  virtual Result<bool> Next(ColumnBatch* batch) = 0;
  virtual int64_t bytes_read() const = 0;
};

class CsvBatches final : public FileBatches {
 public:
  static Result<std::unique_ptr<FileBatches>> Open(const Layout& layout, const std::string& path) {
    const Options& o = *layout.options;
    auto self = std::unique_ptr<CsvBatches>(new CsvBatches(layout));
    self->context_ = FileContext(o, path);
    TRIB_ASSIGN_OR_RETURN(self->reader_, CsvReader::Open(path, o.csv, self->context_));
    if (o.header) {
      TRIB_ASSIGN_OR_RETURN(auto header, ReadCsvHeader(self->reader_.get(), self->context_, true));
      if (!header) {
        self->done_ = true;
        return std::unique_ptr<FileBatches>(std::move(self));
      }
      self->names_ = std::move(*header);
      TRIB_ASSIGN_OR_RETURN(self->source_, layout.Map(path, self->names_));
    } else {
      for (const auto& c : layout.all) self->names_.push_back(c.name);
      for (size_t index : layout.output_columns) self->source_.push_back(static_cast<int>(index));
    }
    return std::unique_ptr<FileBatches>(std::move(self));
  }

  Result<bool> Next(ColumnBatch* batch) override {
    if (done_) return false;
    *batch = ColumnBatch(layout_.types, kBatchSize);
    const size_t width = names_.size();
    size_t rows = 0;
    while (rows < kBatchSize) {
      TRIB_ASSIGN_OR_RETURN(bool more, reader_->Next(&record_));
      if (!more) {
        done_ = true;
        break;
      }
      if (record_.blank() && width > 1) continue;
      if (record_.fields.size() < width) {
        return Status::Invalid("{} line {}: missing data for column \"{}\"", context_, record_.line,
                               names_[record_.fields.size()]);
      }
      if (record_.fields.size() > width) {
        return Status::Invalid("{} line {}: extra data after last expected column ({} fields, {} columns)", context_,
                               record_.line, record_.fields.size(), width);
      }
      for (size_t c = 0; c < source_.size(); c++) {
        const int s = source_[c];
        if (s < 0 || record_.is_null(static_cast<size_t>(s))) {
          batch->column(c).SetNull(rows);
        } else {
          batch->column(c).SetString(rows, record_.field(static_cast<size_t>(s)));
        }
      }
      rows++;
    }
    batch->set_num_rows(rows);
    return rows > 0;
  }

  int64_t bytes_read() const override { return reader_ ? reader_->bytes_read() : 0; }

 private:
  explicit CsvBatches(const Layout& layout) : layout_(layout) {}

  const Layout& layout_;
  std::string context_;
  std::unique_ptr<CsvReader> reader_;
  std::vector<std::string> names_;  // the file's columns
  std::vector<int> source_;         // per output column: its field, or -1
  CsvRecord record_;
  bool done_ = false;
};

/// Stores one JSON value in `out` (of the column's type) at `row`. Values of
/// another JSON kind go through the SQL text cast ("12" into a bigint works,
/// "twelve" is an error naming the column and the value).
Status PutJson(simdjson::dom::element value, const SourceColumn& column, Vector* out, size_t row,
               const std::string& context, int64_t line) {
  using simdjson::dom::element_type;
  const element_type kind = value.type();
  if (kind == element_type::NULL_VALUE) {
    out->SetNull(row);
    return Status::OK();
  }
  switch (column.type.id()) {
    case TypeId::kBigInt:
      if (kind == element_type::INT64) {
        out->data<int64_t>()[row] = value.get_int64().value_unsafe();
        return Status::OK();
      }
      break;
    case TypeId::kDouble:
      if (kind == element_type::INT64 || kind == element_type::UINT64 || kind == element_type::DOUBLE) {
        out->data<double>()[row] = value.get_double().value_unsafe();
        return Status::OK();
      }
      break;
    case TypeId::kBoolean:
      if (kind == element_type::BOOL) {
        out->data<uint8_t>()[row] = value.get_bool().value_unsafe() ? 1 : 0;
        return Status::OK();
      }
      break;
    case TypeId::kVarchar: out->SetString(row, JsonText(value)); return Status::OK();
    default: break;
  }
  try {
    out->SetValue(row, sql::CastValue(Value::Varchar(JsonText(value)), column.type, /*explicit_cast=*/false));
    return Status::OK();
  } catch (const Error& e) {
    return Status::Invalid("{} line {}: column \"{}\": value {} is not a {}: {}", context, line, column.name,
                           Snippet(simdjson::minify(value)), column.type.ToString(), e.what());
  }
}

class NdjsonBatches final : public FileBatches {
 public:
  static Result<std::unique_ptr<FileBatches>> Open(const Layout& layout, const std::string& path) {
    const Options& o = *layout.options;
    auto self = std::unique_ptr<NdjsonBatches>(new NdjsonBatches(layout));
    self->path_ = path;
    TRIB_ASSIGN_OR_RETURN(self->reader_, NdjsonReader::Open(path, o.csv.encoding, FileContext(o, path)));
    return std::unique_ptr<FileBatches>(std::move(self));
  }

  Result<bool> Next(ColumnBatch* batch) override {
    *batch = ColumnBatch(layout_.types, kBatchSize);
    const size_t width = layout_.output.size();
    std::vector<size_t> written(width, 0);  // the row + 1 a column was last set for
    size_t rows = 0;
    simdjson::dom::object object;
    while (rows < kBatchSize) {
      TRIB_ASSIGN_OR_RETURN(bool more, reader_->Next(&object));
      if (!more) break;
      for (auto field : object) {
        auto it = layout_.index.find(field.key);
        if (it == layout_.index.end()) return UnknownKey(std::string(field.key));
        const int out = layout_.output_of[it->second];
        if (out < 0) continue;
        const auto c = static_cast<size_t>(out);
        TRIB_RETURN_NOT_OK(PutJson(field.value, layout_.output[c], &batch->column(c), rows, reader_->context(),
                                   reader_->line()));
        written[c] = rows + 1;
      }
      for (size_t c = 0; c < width; c++) {
        if (written[c] != rows + 1) batch->column(c).SetNull(rows);
      }
      rows++;
    }
    batch->set_num_rows(rows);
    return rows > 0;
  }

  int64_t bytes_read() const override { return reader_->bytes_read(); }

 private:
  explicit NdjsonBatches(const Layout& layout) : layout_(layout) {}

  Status UnknownKey(const std::string& key) const {
    if (path_ == layout_.first_path) {
      return Status::Invalid("{} line {}: key \"{}\" is not among the columns inferred from the first {} objects",
                             reader_->context(), reader_->line(), key, kNdjsonInferenceObjects);
    }
    return layout_.ExtraColumn(path_, key);
  }

  const Layout& layout_;
  std::string path_;
  std::unique_ptr<NdjsonReader> reader_;
};

class ParquetBatches final : public FileBatches {
 public:
  static Result<std::unique_ptr<FileBatches>> Open(const Layout& layout, const std::string& path) {
    const Options& o = *layout.options;
    auto self = std::unique_ptr<ParquetBatches>(new ParquetBatches(layout));
    self->context_ = FileContext(o, path);
    auto reader = parquet::FileReader::Open(path);
    if (!reader.ok()) return reader.status().WithContext(o.where);
    const auto& schema = (*reader)->schema();
    std::vector<std::string> names;
    for (const auto& spec : schema) names.push_back(spec.name);
    TRIB_ASSIGN_OR_RETURN(std::vector<int> source, layout.Map(path, names));
    parquet::ScanOptions scan;
    self->scan_position_.assign(source.size(), -1);
    for (size_t c = 0; c < source.size(); c++) {
      if (source[c] < 0) continue;
      const LogicalType& from = schema[static_cast<size_t>(source[c])].type;
      const LogicalType& to = layout.output[c].type;
      if (!(from == to) && !sql::CastExists(from, to)) {
        return Status::Invalid("{}: column \"{}\" is {} but the first file ({}) has {}", self->context_,
                               layout.output[c].name, from.ToString(), layout.first_name, to.ToString());
      }
      self->scan_position_[c] = static_cast<int>(scan.columns.size());
      scan.columns.push_back(source[c]);
    }
    // No requested column in this file: scan one anyway, for the row count
    // (an empty list would mean every column).
    if (scan.columns.empty()) scan.columns.push_back(0);
    auto scanner = (*reader)->Scan(std::move(scan));
    if (!scanner.ok()) return scanner.status().WithContext(o.where);
    self->reader_ = std::move(reader).value();
    self->scanner_ = std::move(scanner).value();
    return std::unique_ptr<FileBatches>(std::move(self));
  }

  Result<bool> Next(ColumnBatch* batch) override {
    auto more = scanner_->Next(&scanned_);
    if (!more.ok()) return more.status().WithContext(layout_.options->where);
    if (!*more) return false;
    const size_t rows = scanned_.num_rows();
    *batch = ColumnBatch(layout_.types, rows);
    for (size_t c = 0; c < scan_position_.size(); c++) {
      Vector& out = batch->column(c);
      if (scan_position_[c] < 0) {
        for (size_t r = 0; r < rows; r++) out.SetNull(r);
        continue;
      }
      Vector& in = scanned_.column(static_cast<size_t>(scan_position_[c]));
      if (in.encoding() != VectorEncoding::kFlat) in.Flatten(rows);
      if (in.type() == out.type()) {
        out = std::move(in);
        continue;
      }
      try {
        sql::CastVector(in, rows, &out, /*explicit_cast=*/false);
      } catch (const Error& e) {
        return Status::Invalid("{}: column \"{}\": {}", context_, layout_.output[c].name, e.what());
      }
    }
    batch->set_num_rows(rows);
    // Columns were moved out: the scanner must not reuse this batch.
    scanned_ = ColumnBatch();
    return true;
  }

  int64_t bytes_read() const override { return scanner_->metrics().bytes_read; }

 private:
  explicit ParquetBatches(const Layout& layout) : layout_(layout) {}

  const Layout& layout_;
  std::string context_;
  std::shared_ptr<parquet::FileReader> reader_;
  std::unique_ptr<parquet::FileScanner> scanner_;
  std::vector<int> scan_position_;  // per output column: its position in the scan, or -1
  ColumnBatch scanned_;
};

Result<std::unique_ptr<FileBatches>> OpenBatches(const Layout& layout, const std::string& path) {
  switch (layout.options->kind) {
    case FileKind::kCsv: return CsvBatches::Open(layout, path);
    case FileKind::kNdjson: return NdjsonBatches::Open(layout, path);
    case FileKind::kParquet: return ParquetBatches::Open(layout, path);
  }
  return Status::Internal("unknown file kind");
}

// ---------------------------------------------------------------------------
// The extract and the source

class FileExtract final : public Extract {
 public:
  FileExtract(std::shared_ptr<const Options> options, std::unique_ptr<Layout> layout, std::vector<SourceFile> files)
      : options_(std::move(options)), layout_(std::move(layout)), files_(std::move(files)) {}

  const std::vector<SourceColumn>& schema() const override { return layout_->output; }

  Result<bool> Next(ColumnBatch* batch) override {
    while (true) {
      if (!current_) {
        if (next_file_ >= files_.size()) return false;
        const SourceFile& file = files_[next_file_++];
        TRIB_RETURN_NOT_OK(CheckUnchanged(file));
        TRIB_ASSIGN_OR_RETURN(current_, OpenBatches(*layout_, file.path));
        current_path_ = file.path;
      }
      TRIB_ASSIGN_OR_RETURN(bool more, current_->Next(batch));
      stats_.bytes = finished_bytes_ + current_->bytes_read();
      if (more) {
        origin_ = current_path_;
        stats_.rows += static_cast<int64_t>(batch->num_rows());
        return true;
      }
      finished_bytes_ += current_->bytes_read();
      current_.reset();
    }
  }

  const std::string& current_origin() const override { return origin_; }
  const ExtractStats& stats() const override { return stats_; }

 private:
  /// A file listed by ListReady (it has a hash) must still be the version
  /// listed, or what is read would not be what the hash records.
  Status CheckUnchanged(const SourceFile& file) const {
    if (file.content_hash.empty()) return Status::OK();
    struct stat st;
    if (::stat(file.path.c_str(), &st) != 0) {
      return Status::IOError("{}: cannot stat: {}", FileContext(*options_, file.path), std::strerror(errno));
    }
    if (st.st_size != file.size || MtimeMs(st) != file.mtime_ms) {
      return Status::Conflict("{}: changed since it was listed (size {} then, {} now)",
                              FileContext(*options_, file.path), file.size, static_cast<int64_t>(st.st_size));
    }
    return Status::OK();
  }

  std::shared_ptr<const Options> options_;
  std::unique_ptr<Layout> layout_;  // FileBatches hold a reference: keep its address
  std::vector<SourceFile> files_;
  size_t next_file_ = 0;
  std::unique_ptr<FileBatches> current_;
  std::string current_path_;
  std::string origin_;
  ExtractStats stats_;
  int64_t finished_bytes_ = 0;
};

class FileSource final : public Source {
 public:
  explicit FileSource(std::shared_ptr<const Options> options) : o_(std::move(options)) {}

  std::string Describe() const override { return o_->kind_name + " " + o_->directory; }

  Result<std::vector<SourceColumn>> Columns(const ExtractRequest& request) override {
    if (request.files.empty()) return Status::Invalid("{}: no files to read the columns of", o_->where);
    TRIB_ASSIGN_OR_RETURN(DeclaredColumns declared, DiscoverColumns(*o_, request.files));
    return std::move(declared.columns);
  }

  Result<std::vector<SourceFile>> ListReady(const ExtractRequest& request) override;

  Result<std::unique_ptr<Extract>> Open(const ExtractRequest& request) override {
    TRIB_ASSIGN_OR_RETURN(DeclaredColumns declared, DiscoverColumns(*o_, request.files));
    auto layout = std::make_unique<Layout>();
    layout->options = o_.get();
    layout->all = std::move(declared.columns);
    if (!request.files.empty()) {
      layout->first_path = request.files[declared.file].path;
      layout->first_name = DisplayName(*o_, layout->first_path);
    }
    for (size_t i = 0; i < layout->all.size(); i++) layout->index.emplace(layout->all[i].name, i);
    layout->output_of.assign(layout->all.size(), -1);
    if (request.columns.empty()) {
      for (size_t i = 0; i < layout->all.size(); i++) layout->output_columns.push_back(i);
    } else {
      for (const auto& name : request.columns) {
        auto it = layout->index.find(name);
        if (it == layout->index.end()) {
          return Status::Invalid("{}: column \"{}\" is not in the files (the first file, {}, has {})", o_->where,
                                 name, layout->first_name.empty() ? "-" : layout->first_name, ColumnList(*layout));
        }
        layout->output_columns.push_back(it->second);
      }
    }
    for (size_t out = 0; out < layout->output_columns.size(); out++) {
      const size_t index = layout->output_columns[out];
      if (layout->output_of[index] >= 0) {
        return Status::Invalid("{}: column \"{}\" is requested twice", o_->where, layout->all[index].name);
      }
      layout->output_of[index] = static_cast<int>(out);
      layout->output.push_back(layout->all[index]);
      layout->types.push_back(layout->all[index].type);
    }
    return std::unique_ptr<Extract>(std::make_unique<FileExtract>(o_, std::move(layout), request.files));
  }

 private:
  static std::string ColumnList(const Layout& layout) {
    std::string out;
    for (const auto& c : layout.all) out += (out.empty() ? "" : ", ") + c.name;
    return out.empty() ? "no columns" : out;
  }

  std::shared_ptr<const Options> o_;
};

Result<std::vector<SourceFile>> FileSource::ListReady(const ExtractRequest& request) {
  const Options& o = *o_;
  const std::string& pattern = request.table;
  if (pattern.empty()) return Status::Invalid("{}: no file pattern", o.where);
  if (pattern.starts_with('/')) {
    return Status::Invalid("{}: file pattern \"{}\" must be relative to the directory", o.where, pattern);
  }
  for (const auto& part : std::filesystem::path(pattern)) {
    if (part == "..") return Status::Invalid("{}: file pattern \"{}\" leaves the directory", o.where, pattern);
  }
  struct stat dir;
  if (::stat(o.directory.c_str(), &dir) != 0 || !S_ISDIR(dir.st_mode)) {
    return Status::NotFound("{}: the directory does not exist", o.where);
  }

  glob_t matches{};
  const std::string full = EscapeGlob(o.directory) + "/" + pattern;
  const int rc = ::glob(full.c_str(), GLOB_NOSORT, nullptr, &matches);
  std::vector<std::string> paths;
  if (rc == 0) {
    for (size_t i = 0; i < matches.gl_pathc; i++) paths.emplace_back(matches.gl_pathv[i]);
  }
  ::globfree(&matches);
  if (rc != 0 && rc != GLOB_NOMATCH) return Status::IOError("{}: cannot list \"{}\" (glob error {})", o.where, pattern, rc);
  std::sort(paths.begin(), paths.end());

  // Readiness. Without a marker a file is ready once it has not changed for
  // stable_seconds: one old enough by its mtime is ready now; the others are
  // looked at again after one shared wait, and are ready if their size and
  // mtime held still.
  struct Candidate {
    std::string path;
    struct stat st;
    bool ready = false;
  };
  std::vector<Candidate> candidates;
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now).count();
  const int64_t stable_ns = o.stable_seconds * 1'000'000'000;
  int64_t wait_ns = 0;
  for (auto& path : paths) {
    Candidate c;
    if (::stat(path.c_str(), &c.st) != 0 || !S_ISREG(c.st.st_mode) || IsMarker(o, path)) continue;
    c.path = std::move(path);
    if (!o.ready_marker.empty()) {
      if (!HasMarker(o, c.path)) continue;
      c.ready = true;
    } else {
      const int64_t mtime_ns = static_cast<int64_t>(c.st.st_mtim.tv_sec) * 1'000'000'000 + c.st.st_mtim.tv_nsec;
      const int64_t age_ns = now_ns - mtime_ns;
      c.ready = age_ns >= stable_ns;
      if (!c.ready) wait_ns = std::max(wait_ns, std::min(stable_ns, stable_ns - age_ns));
    }
    candidates.push_back(std::move(c));
  }
  if (wait_ns > 0) {
    std::this_thread::sleep_for(std::chrono::nanoseconds(wait_ns));
    for (auto& c : candidates) {
      struct stat again;
      if (!c.ready) c.ready = ::stat(c.path.c_str(), &again) == 0 && SameVersion(c.st, again);
    }
  }

  std::vector<SourceFile> out;
  for (const auto& c : candidates) {
    if (!c.ready) continue;
    TRIB_ASSIGN_OR_RETURN(auto file, HashFile(o, c.path));
    if (!file) continue;  // vanished or changing: not ready
    // Stability was judged on the version stat'ed above; a newer one waits.
    if (o.ready_marker.empty() && (file->size != c.st.st_size || file->mtime_ms != MtimeMs(c.st))) continue;
    out.push_back(std::move(*file));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Settings

Result<char> OneByte(const SourceSettings& settings, const std::string& key, const std::string& fallback) {
  const std::string value = settings.Get(key, fallback);
  if (value == "\\t" || value == "tab") return '\t';
  if (value.size() != 1 || value[0] == '\n' || value[0] == '\r') {
    return Status::Invalid("region {}: source {} must be one character other than a line break, not \"{}\"",
                           settings.region, key, value);
  }
  return value[0];
}

Result<int64_t> NonNegative(const SourceSettings& settings, const std::string& key, int64_t fallback) {
  const std::string value = settings.Get(key);
  if (value.empty()) return fallback;
  int64_t out = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (ec != std::errc() || end != value.data() + value.size() || out < 0) {
    return Status::Invalid("region {}: source {} must be a whole number >= 0, not \"{}\"", settings.region, key,
                           value);
  }
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Result<std::unique_ptr<Source>> OpenFileSource(const SourceSettings& settings) {
  auto o = std::make_shared<Options>();
  o->kind_name = settings.Get("kind");
  if (o->kind_name == "csv") {
    o->kind = FileKind::kCsv;
  } else if (o->kind_name == "ndjson") {
    o->kind = FileKind::kNdjson;
  } else if (o->kind_name == "parquet") {
    o->kind = FileKind::kParquet;
  } else {
    return Status::Invalid("region {}: \"{}\" is not a file source kind (csv, ndjson, parquet)", settings.region,
                           o->kind_name);
  }
  const std::string directory = settings.Get("directory");
  if (directory.empty()) return Status::Invalid("region {}: {} source has no directory", settings.region, o->kind_name);
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(directory, ec);
  if (ec) return Status::Invalid("region {}: source directory \"{}\": {}", settings.region, directory, ec.message());
  o->directory = absolute.lexically_normal().string();
  while (o->directory.size() > 1 && o->directory.back() == '/') o->directory.pop_back();
  o->where = fmt::format("region {}: {} {}", settings.region, o->kind_name, o->directory);

  TRIB_ASSIGN_OR_RETURN(o->csv.delimiter, OneByte(settings, "delimiter", ","));
  TRIB_ASSIGN_OR_RETURN(o->csv.quote, OneByte(settings, "quote", "\""));
  if (o->csv.delimiter == o->csv.quote) {
    return Status::Invalid("region {}: source delimiter and quote must differ", settings.region);
  }
  o->csv.null_string = settings.Get("null");
  const std::string header = Lower(settings.Get("header", "true"));
  if (header == "true") {
    o->header = true;
  } else if (header == "false") {
    o->header = false;
  } else {
    return Status::Invalid("region {}: source header must be true or false, not \"{}\"", settings.region, header);
  }
  const std::string encoding = Lower(settings.Get("encoding", "utf-8"));
  if (encoding == "utf-8" || encoding == "utf8") {
    o->csv.encoding = TextEncoding::kUtf8;
  } else if (encoding == "latin1" || encoding == "latin-1" || encoding == "iso-8859-1" || encoding == "iso8859-1") {
    o->csv.encoding = TextEncoding::kLatin1;
  } else {
    return Status::Invalid("region {}: source encoding \"{}\" is not supported (utf-8, latin1)", settings.region,
                           encoding);
  }
  if (std::string columns = settings.Get("columns"); !columns.empty()) {
    if (o->header) {
      return Status::Invalid("region {}: source columns names the columns of files without a header (header: false)",
                             settings.region);
    }
    size_t start = 0;
    while (start <= columns.size()) {
      size_t end = std::min(columns.find(',', start), columns.size());
      std::string name = columns.substr(start, end - start);
      name.erase(0, name.find_first_not_of(" \t"));
      name.erase(name.find_last_not_of(" \t") + 1);
      o->columns.push_back(std::move(name));
      start = end + 1;
    }
    if (!CheckHeader("", 0, o->columns).ok()) {
      return Status::Invalid("region {}: source columns \"{}\" must name each column once", settings.region, columns);
    }
  }
  o->ready_marker = settings.Get("ready_marker");
  if (!o->ready_marker.empty() &&
      (o->ready_marker == "." || o->ready_marker.find('/') != std::string::npos)) {
    return Status::Invalid("region {}: source ready_marker must be a suffix (\".done\") or a file name (\"_SUCCESS\"), "
                           "not \"{}\"",
                           settings.region, o->ready_marker);
  }
  TRIB_ASSIGN_OR_RETURN(o->stable_seconds, NonNegative(settings, "stable_seconds", 5));
  if (o->stable_seconds > kMaxStableSeconds) {
    return Status::Invalid("region {}: source stable_seconds is at most {} (ListReady waits that long)",
                           settings.region, kMaxStableSeconds);
  }
  TRIB_ASSIGN_OR_RETURN(int64_t chunk, NonNegative(settings, "read_chunk_bytes", 1 << 20));
  o->csv.chunk_bytes = chunk > 0 ? static_cast<size_t>(chunk) : size_t{1} << 20;
  return std::unique_ptr<Source>(std::make_unique<FileSource>(std::move(o)));
}

}  // namespace tributary::ingest
