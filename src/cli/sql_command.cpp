// `tributary sql --warehouse DIR [-c "SQL; SQL"] [-f FILE] [--format table|csv|json]
// [--threads N] [--timing]`: runs SQL on a warehouse embedded, without a
// server. Without -c or -f it reads statements interactively (line editing
// and history through readline; a statement ends with ';' and may span
// lines). --timing prints each statement's time and bytes scanned to stderr,
// as psql's \timing does, so result output stays clean.

#include <readline/history.h>
#include <readline/readline.h>

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/describe.hpp"
#include "cli/table_argument.hpp"
#include "cli/text_table.hpp"
#include "common/json_writer.hpp"
#include "main/connection.hpp"

namespace tributary::cli {

namespace {

struct SqlArgs {
  std::string warehouse;
  std::string command;
  std::string file;
  std::string format = "table";
  int threads = DatabaseOptions{}.threads;
  bool timing = false;
};

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos && !s.empty()) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void PrintError(const QueryError& error, std::string_view sql) {
  std::fprintf(stderr, "ERROR:  %s: %s\n", error.sqlstate.c_str(), error.message.c_str());
  if (error.position > 0) {
    // The line holding the position, with a caret under it, as psql shows.
    size_t chars = 0, line_start = 0, i = 0, line_no = 1;
    for (; i < sql.size() && chars + 1 < static_cast<size_t>(error.position); i++) {
      if ((static_cast<unsigned char>(sql[i]) & 0xC0) != 0x80) chars++;
      if (sql[i] == '\n') {
        line_start = i + 1;
        line_no++;
      }
    }
    size_t line_end = sql.find('\n', line_start);
    std::string line(sql.substr(line_start, line_end == std::string_view::npos ? sql.size() - line_start : line_end - line_start));
    std::string prefix = "LINE " + std::to_string(line_no) + ": ";
    std::fprintf(stderr, "%s%s\n%s^\n", prefix.c_str(), line.c_str(),
                 std::string(prefix.size() + (i - line_start), ' ').c_str());
  }
  if (!error.hint.empty()) std::fprintf(stderr, "HINT:  %s\n", error.hint.c_str());
}

/// "Time: 12.345 ms, bytes scanned: 1234567 (files 3/10, row groups 5/40)".
void PrintTiming(const QueryResult& result) {
  const QueryMetrics& m = result.metrics();
  std::fprintf(stderr, "Time: %.3f ms, bytes scanned: %lld (files %lld/%lld, row groups %lld/%lld)\n",
               static_cast<double>(m.duration.count()) / 1000.0, static_cast<long long>(m.bytes_scanned),
               static_cast<long long>(m.files_read), static_cast<long long>(m.files_total),
               static_cast<long long>(m.row_groups_read), static_cast<long long>(m.row_groups_total));
}

void PrintResult(const QueryResult& result, const std::string& format) {
  if (result.column_names().empty() && result.batches().empty()) {
    if (!result.command_tag().empty() && format == "table") std::printf("%s\n", result.command_tag().c_str());
    return;
  }
  size_t rows = result.row_count(), columns = result.column_names().size();
  if (format == "csv") {
    for (size_t c = 0; c < columns; c++) std::printf("%s%s", c ? "," : "", CsvField(result.column_names()[c]).c_str());
    std::printf("\n");
    for (size_t r = 0; r < rows; r++) {
      for (size_t c = 0; c < columns; c++) {
        auto text = result.GetText(r, c);
        std::printf("%s%s", c ? "," : "", text ? CsvField(*text).c_str() : "");
      }
      std::printf("\n");
    }
  } else if (format == "json") {
    JsonWriter json;
    json.BeginArray();
    for (size_t r = 0; r < rows; r++) {
      json.BeginObject();
      for (size_t c = 0; c < columns; c++) {
        json.Key(result.column_names()[c]);
        auto text = result.GetText(r, c);
        const LogicalType& t = result.column_types()[c];
        if (!text) {
          json.Null();
        } else if (t.id() == TypeId::kBoolean) {
          json.Bool(*text == "t");
        } else if (t.is_numeric() && text->find_first_of("NI") == std::string::npos) {
          json.Raw(*text);
        } else {
          json.String(*text);
        }
      }
      json.EndObject();
    }
    json.EndArray();
    std::printf("%s\n", json.Take().c_str());
  } else {
    TextTable table(result.column_names());
    for (size_t r = 0; r < rows; r++) {
      std::vector<std::string> row;
      for (size_t c = 0; c < columns; c++) row.push_back(result.GetText(r, c).value_or(""));
      table.AddRow(std::move(row));
    }
    std::printf("%s\n", table.Render().c_str());
  }
}

/// Runs every statement of `sql`; false after the first error.
bool RunSql(Connection& connection, const std::string& sql, const SqlArgs& args) {
  if (IsMetaCommand(sql)) return RunMetaCommand(args.warehouse, sql);
  for (const QueryResult& result : connection.QueryAll(sql)) {
    if (!result.ok()) {
      std::fflush(stdout);
      PrintError(result.error(), sql);
      return false;
    }
    PrintResult(result, args.format);
    if (args.timing) {
      std::fflush(stdout);
      PrintTiming(result);
    }
  }
  std::fflush(stdout);
  return true;
}

/// True when `text` ends a statement: its last non-blank character is ';'.
bool EndsStatement(const std::string& text) {
  size_t end = text.find_last_not_of(" \t\r\n");
  return end != std::string::npos && text[end] == ';';
}

/// The connection whose statement Ctrl-C cancels; null at the prompt.
std::atomic<Connection*> running_connection{nullptr};

/// SIGINT while a statement runs cancels it (57014) and the prompt comes
/// back; at the prompt it is ignored rather than ending the session.
extern "C" void CancelRunningStatement(int) {
  if (Connection* c = running_connection.load()) c->Cancel();
}

int Interactive(Connection& connection, const SqlArgs& args) {
  struct sigaction action {};
  action.sa_handler = CancelRunningStatement;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  auto run = [&](const std::string& sql) {
    running_connection.store(&connection);
    bool done = RunSql(connection, sql, args);
    running_connection.store(nullptr);
    return done;
  };
  std::string buffer;
  bool ok = true;
  while (true) {
    char* line = readline(buffer.empty() ? "tributary=> " : "tributary-> ");
    if (line == nullptr) break;  // end of input
    std::string text(line);
    std::free(line);
    if (buffer.empty() && (text == "\\q" || text == "quit" || text == "exit")) break;
    if (text.find_first_not_of(" \t") == std::string::npos && buffer.empty()) continue;
    if (buffer.empty() && IsMetaCommand(text)) {
      add_history(text.c_str());
      ok = RunMetaCommand(args.warehouse, text) && ok;
      continue;
    }
    buffer += buffer.empty() ? text : "\n" + text;
    if (!EndsStatement(buffer)) continue;
    add_history(buffer.c_str());
    ok = run(buffer) && ok;
    buffer.clear();
  }
  if (!buffer.empty()) ok = run(buffer) && ok;
  return ok ? 0 : 1;
}

int Run(const SqlArgs& args) {
  if (args.format != "table" && args.format != "csv" && args.format != "json") {
    return ReportError(Status::Invalid("--format must be table, csv or json, got '{}'", args.format));
  }
  if (args.threads < 1) return ReportError(Status::Invalid("--threads must be at least 1, got {}", args.threads));
  DatabaseOptions options;
  options.threads = args.threads;
  auto database = Database::Open(args.warehouse, options);
  if (!database.ok()) return ReportError(database.status());
  Connection connection(*database);
  if (!args.command.empty()) return RunSql(connection, args.command, args) ? 0 : 1;
  if (!args.file.empty()) {
    std::ifstream in(args.file);
    if (!in) return ReportError(Status::NotFound("cannot open SQL file {}", args.file));
    std::stringstream sql;
    sql << in.rdbuf();
    return RunSql(connection, sql.str(), args) ? 0 : 1;
  }
  if (!isatty(STDIN_FILENO)) {
    // Piped input is a script, as with -f.
    std::stringstream sql;
    sql << std::cin.rdbuf();
    return RunSql(connection, sql.str(), args) ? 0 : 1;
  }
  return Interactive(connection, args);
}

}  // namespace

void RegisterSqlCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<SqlArgs>();
  CLI::App* cmd = app.add_subcommand("sql", "Run SQL (PostgreSQL dialect) on a warehouse, embedded");
  cmd->add_option("--warehouse", args->warehouse, "Warehouse directory (created if missing)")->required();
  cmd->add_option("-c,--command", args->command, "Statements to run, separated by ';'");
  cmd->add_option("-f,--file", args->file, "File of statements to run");
  cmd->add_option("--format", args->format, "Result format: table, csv or json");
  cmd->add_option("--threads", args->threads, "Threads per query (default 2)");
  cmd->add_flag("--timing", args->timing, "Print each statement's time and bytes scanned to stderr");
  cmd->callback([args, exit_code]() { *exit_code = Run(*args); });
}

}  // namespace tributary::cli
