// COPY t [(cols)] FROM 'file' and COPY t | (query) TO 'file', CSV with
// PostgreSQL's options (HEADER, DELIMITER, NULL, QUOTE). A load is one
// append commit: a bad row fails naming the file, line and column, and
// nothing is committed.
#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include "binder/binder.hpp"
#include "common/error.hpp"
#include "function/cast.hpp"
#include "main/statements.hpp"
#include "parser/sql_error.hpp"
#include "storage/table_writer.hpp"

namespace tributary::sql {

namespace {

struct CsvOptions {
  bool header = false;
  char delimiter = ',';
  char quote = '"';
  std::string null_string;  // CSV's default: an unquoted empty field
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

CsvOptions ParseOptions(const Statement& statement) {
  CsvOptions o;
  std::string format = "csv";
  for (const auto& [key, value] : statement.copy_options) {
    std::string k = Lower(key);
    if (k == "format") {
      format = Lower(value);
    } else if (k == "header") {
      std::string v = Lower(value);
      if (v == "true" || v == "on" || v == "1") o.header = true;
      else if (v == "false" || v == "off" || v == "0") o.header = false;
      else throw SqlError("header requires a Boolean value", "22023");
    } else if (k == "delimiter") {
      if (value.size() != 1) throw SqlError("COPY delimiter must be a single one-byte character", "0A000");
      o.delimiter = value[0];
    } else if (k == "quote") {
      if (value.size() != 1) throw SqlError("COPY quote must be a single one-byte character", "0A000");
      o.quote = value[0];
    } else if (k == "null") {
      o.null_string = value;
    } else {
      throw SqlError("option \"" + key + "\" not recognized", "42601");
    }
  }
  if (format != "csv") throw SqlError("COPY format \"" + format + "\" is not supported (csv is)", "0A000");
  if (o.delimiter == o.quote) throw SqlError("COPY delimiter and quote must be different", "22023");
  return o;
}

/// One CSV record: its fields (nullopt for NULL) and the line it starts on.
struct Record {
  std::vector<std::optional<std::string>> fields;
  int64_t line = 0;
};

/// Splits CSV text into records; quoted fields may hold delimiters, quotes
/// (doubled) and newlines. An unquoted field equal to the NULL string is NULL.
class CsvReader {
 public:
  CsvReader(std::string text, const CsvOptions& options, std::string file)
      : text_(std::move(text)), o_(options), file_(std::move(file)) {}

  bool Next(Record* out) {
    if (pos_ >= text_.size()) return false;
    out->fields.clear();
    out->line = line_;
    while (true) {
      std::string field;
      bool quoted = false;
      if (pos_ < text_.size() && text_[pos_] == o_.quote) {
        quoted = true;
        pos_++;
        while (true) {
          if (pos_ >= text_.size()) {
            throw UserError("unterminated CSV quoted field in " + file_ + " at line " + std::to_string(out->line),
                            "22P04");
          }
          char c = text_[pos_++];
          if (c == o_.quote) {
            if (pos_ < text_.size() && text_[pos_] == o_.quote) {
              field += c;
              pos_++;
              continue;
            }
            break;
          }
          if (c == '\n') line_++;
          field += c;
        }
      }
      while (pos_ < text_.size() && text_[pos_] != o_.delimiter && text_[pos_] != '\n') {
        if (text_[pos_] != '\r') field += text_[pos_];
        pos_++;
      }
      if (!quoted && field == o_.null_string) out->fields.emplace_back(std::nullopt);
      else out->fields.emplace_back(std::move(field));
      if (pos_ >= text_.size() || text_[pos_] == '\n') {
        pos_++;
        line_++;
        return true;
      }
      pos_++;  // the delimiter
    }
  }

 private:
  std::string text_;
  CsvOptions o_;
  std::string file_;
  size_t pos_ = 0;
  int64_t line_ = 1;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError("could not open file \"" + path + "\" for reading: " + std::strerror(errno), "58P01");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

QueryResult CopyFrom(const StatementContext& context, const Statement& statement, const CsvOptions& o) {
  Binder binder(context.catalog, context.identity);
  auto table = binder.LoadTable(statement.schema, statement.name, statement.name_location);
  binder.CheckTable(statement.schema, statement.name, Privilege::kInsert, statement.name_location);
  if (binder.RowSecurityPolicies({statement.schema.empty() ? std::string(kDefaultSchema) : statement.schema,
                                  statement.name})) {
    throw SqlError("COPY FROM not supported with row-level security", "0A000", statement.name_location,
                   "Use INSERT statements instead.");
  }
  const auto& fields = table->metadata()->current_schema()->fields();
  std::vector<int> source_of(fields.size(), -1);
  std::vector<std::string> columns = statement.insert_columns;
  if (columns.empty()) {
    for (const auto& f : fields) columns.push_back(f.name);
  }
  std::vector<size_t> target_of;
  for (size_t i = 0; i < columns.size(); i++) {
    auto it = std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.name == columns[i]; });
    if (it == fields.end()) {
      throw SqlError("column \"" + columns[i] + "\" of relation \"" + statement.name + "\" does not exist", "42703");
    }
    size_t pos = static_cast<size_t>(it - fields.begin());
    if (source_of[pos] >= 0) throw SqlError("column \"" + columns[i] + "\" specified more than once", "42701");
    source_of[pos] = static_cast<int>(i);
    target_of.push_back(pos);
  }
  const bool stdin_data = statement.copy_file.empty();
  std::string data;
  if (stdin_data) {
    if (context.copy_channel == nullptr) {
      throw SqlError("COPY FROM STDIN needs a client that sends the rows (psql's \\copy, a driver's copy)", "0A000", -1,
                     "Here, COPY FROM a file path instead.");
    }
    Result<std::string> received = context.copy_channel->Receive(columns.size());
    if (!received.ok()) throw SqlError("COPY from stdin failed: " + received.status().message(), "57014");
    data = std::move(received).value();
  } else {
    data = ReadFile(statement.copy_file);
  }
  CsvReader reader(std::move(data), o, stdin_data ? "STDIN" : statement.copy_file);
  auto writer = TableWriter::Make(table, WriterOptions(context));
  if (!writer.ok()) throw UserError(writer.status().ToString(), "58030");
  const std::string file = stdin_data ? "STDIN" : statement.copy_file;
  auto context_of = [&](int64_t line, size_t column) {
    return " (COPY " + statement.name + ", file \"" + file + "\", line " + std::to_string(line) + ", column " +
           columns[column] + ")";
  };
  Record record;
  if (o.header) reader.Next(&record);
  int64_t rows = 0;
  bool more = true;
  while (more) {
    std::vector<Record> chunk;
    while (chunk.size() < kBatchSize && (more = reader.Next(&record))) {
      if (record.fields.size() == 1 && !record.fields[0] && columns.size() > 1) continue;  // a blank line
      if (record.fields.size() < columns.size()) {
        throw UserError("missing data for column \"" + columns[record.fields.size()] + "\"" +
                            context_of(record.line, record.fields.size()),
                        "22P04");
      }
      if (record.fields.size() > columns.size()) {
        throw UserError("extra data after last expected column" + context_of(record.line, columns.size() - 1),
                        "22P04");
      }
      chunk.push_back(std::move(record));
      record = Record();
    }
    if (chunk.empty()) break;
    const size_t n = chunk.size();
    ColumnBatch batch;
    for (size_t c = 0; c < fields.size(); c++) {
      Vector out(fields[c].type, n);
      if (source_of[c] < 0) {
        for (size_t r = 0; r < n; r++) out.SetNull(r);
        batch.AddColumn(std::move(out));
        continue;
      }
      const size_t s = static_cast<size_t>(source_of[c]);
      Vector text(LogicalType::Varchar(), n);
      for (size_t r = 0; r < n; r++) {
        const auto& v = chunk[r].fields[s];
        if (!v) {
          if (fields[c].required) {
            throw UserError("null value in column \"" + fields[c].name + "\" of relation \"" + statement.name +
                                "\" violates not-null constraint" + context_of(chunk[r].line, s),
                            "23502");
          }
          text.SetNull(r);
        } else {
          text.SetString(r, *v);
        }
      }
      try {
        CastVector(text, n, &out, /*explicit_cast=*/false);
      } catch (const Error& e) {
        // Find the row that failed, for the message.
        for (size_t r = 0; r < n; r++) {
          if (!chunk[r].fields[s]) continue;
          try {
            (void)CastValue(Value::Varchar(*chunk[r].fields[s]), fields[c].type, false);
          } catch (const Error& bad) {
            throw UserError(std::string(bad.what()) + context_of(chunk[r].line, s), bad.sqlstate());
          }
        }
        throw;
      }
      batch.AddColumn(std::move(out));
    }
    batch.set_num_rows(n);
    Status st = (*writer)->Write(batch);
    if (!st.ok()) throw UserError(st.ToString(), "58030");
    rows += static_cast<int64_t>(n);
  }
  auto files = (*writer)->Finish();
  if (!files.ok()) throw UserError(files.status().ToString(), "58030");
  if (!files->empty()) {
    auto commit = table->Append(std::move(*files));
    if (!commit.ok()) throw UserError(commit.status().ToString(), "40001");
  }
  return QueryResult::Command("COPY " + std::to_string(rows));
}

void WriteField(std::string* out, const std::optional<std::string>& v, const CsvOptions& o) {
  if (!v) {
    *out += o.null_string;
    return;
  }
  bool quote = v->empty() ? o.null_string.empty() : *v == o.null_string;
  for (char c : *v) {
    if (c == o.delimiter || c == o.quote || c == '\n' || c == '\r') quote = true;
  }
  if (!quote) {
    *out += *v;
    return;
  }
  *out += o.quote;
  for (char c : *v) {
    if (c == o.quote) *out += o.quote;
    *out += c;
  }
  *out += o.quote;
}

QueryResult CopyTo(const StatementContext& context, const Statement& statement, const CsvOptions& o) {
  std::unique_ptr<SelectStatement> owned;
  const SelectStatement* select = statement.select.get();
  if (!select) {
    owned = std::make_unique<SelectStatement>();
    auto ref = std::make_unique<TableRef>();
    ref->schema = statement.schema;
    ref->name = statement.name;
    ref->location = statement.name_location;
    owned->from.push_back(std::move(ref));
    if (statement.insert_columns.empty()) {
      SelectTarget star;
      star.expr = std::make_unique<Expr>();
      star.expr->kind = ExprKind::kStar;
      owned->targets.push_back(std::move(star));
    }
    for (const auto& column : statement.insert_columns) {
      SelectTarget t;
      t.expr = std::make_unique<Expr>();
      t.expr->kind = ExprKind::kColumnRef;
      t.expr->names = {column};
      owned->targets.push_back(std::move(t));
    }
    select = owned.get();
  }
  QueryResult result = ExecuteQuery(context, *select);
  std::string text;
  if (o.header) {
    for (size_t c = 0; c < result.column_names().size(); c++) {
      if (c > 0) text += o.delimiter;
      WriteField(&text, result.column_names()[c], o);
    }
    text += '\n';
  }
  const size_t rows = result.row_count();
  for (size_t r = 0; r < rows; r++) {
    for (size_t c = 0; c < result.column_names().size(); c++) {
      if (c > 0) text += o.delimiter;
      WriteField(&text, result.GetText(r, c), o);
    }
    text += '\n';
  }
  if (statement.copy_file.empty()) {
    if (context.copy_channel == nullptr) {
      throw SqlError("COPY TO STDOUT needs a client that takes the rows (psql's \\copy, a driver's copy)", "0A000", -1,
                     "Here, COPY TO a file path instead.");
    }
    Status sent = context.copy_channel->Send(text, result.column_names().size());
    if (!sent.ok()) throw UserError("COPY to stdout failed: " + sent.message(), "08006");
    return QueryResult::Command("COPY " + std::to_string(rows));
  }
  std::ofstream out(statement.copy_file, std::ios::binary | std::ios::trunc);
  if (!out) {
    throw UserError("could not open file \"" + statement.copy_file + "\" for writing: " + std::strerror(errno), "58P01");
  }
  out << text;
  out.close();
  if (!out) throw UserError("could not write file \"" + statement.copy_file + "\"", "58030");
  return QueryResult::Command("COPY " + std::to_string(rows));
}

}  // namespace

QueryResult ExecuteCopy(const StatementContext& context, const Statement& statement) {
  CsvOptions options = ParseOptions(statement);
  if (statement.copy_from) {
    if (statement.select) throw SqlError("COPY FROM needs a table, not a query", "42601");
    return CopyFrom(context, statement, options);
  }
  return CopyTo(context, statement, options);
}

}  // namespace tributary::sql
