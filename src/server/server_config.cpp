#include "server/server_config.hpp"

#include <cctype>
#include <charconv>
#include <set>

#include "common/file_io.hpp"
#include "main/settings.hpp"
#include "parser/sql_error.hpp"

namespace tributary::server {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool ParseInt(std::string_view text, int lo, int hi, int* out) {
  int n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || p != text.data() + text.size() || n < lo || n > hi) return false;
  *out = n;
  return true;
}

}  // namespace

Result<ServerConfig> ParseServerConfig(const std::string& path, const std::string& text) {
  ServerConfig config;
  std::set<std::string> seen;
  size_t begin = 0;
  int line_number = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string_view line = std::string_view(text).substr(begin, end - begin);
    begin = end + 1;
    line_number++;
    // A '#' starts a comment unless it is inside a quoted value.
    char quote = 0;
    for (size_t i = 0; i < line.size(); i++) {
      if (quote != 0) {
        if (line[i] == quote) quote = 0;
      } else if (line[i] == '\'' || line[i] == '"') {
        quote = line[i];
      } else if (line[i] == '#') {
        line = line.substr(0, i);
        break;
      }
    }
    line = Trim(line);
    if (line.empty()) continue;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      return Status::Invalid("{}:{}: expected key = value, got \"{}\"", path, line_number, line);
    }
    const std::string key(Trim(line.substr(0, eq)));
    std::string_view value = Trim(line.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    auto bad = [&](const char* expected) {
      return Status::Invalid("{}:{}: bad value for \"{}\": \"{}\" ({})", path, line_number, key, value, expected);
    };
    if (!seen.insert(key).second) return Status::Invalid("{}:{}: \"{}\" is given twice", path, line_number, key);
    int n = 0;
    if (key == "host") {
      if (value.empty()) return bad("an IPv4 address");
      config.host = std::string(value);
    } else if (key == "port") {
      if (!ParseInt(value, 0, 65535, &n)) return bad("an integer 0..65535");
      config.port = n;
    } else if (key == "max_connections") {
      if (!ParseInt(value, 1, 100000, &n)) return bad("an integer 1..100000");
      config.max_connections = n;
    } else if (key == "threads") {
      if (!ParseInt(value, 1, 256, &n)) return bad("an integer 1..256");
      config.threads = n;
    } else if (key == "tls_cert" || key == "tls_key" || key == "admin_password") {
      if (value.empty()) return bad("a non-empty value");
      (key == "tls_cert" ? config.tls_cert : key == "tls_key" ? config.tls_key : config.admin_password) =
          std::string(value);
    } else if (key == "max_bytes_billed" || key == "statement_timeout" || key == "memory_limit") {
      // The same values SET takes, units included.
      Settings settings{DatabaseOptions{}};
      try {
        settings.Set(key, std::string(value));
      } catch (const sql::SqlError& e) {
        return Status::Invalid("{}:{}: bad value for \"{}\": {}", path, line_number, key, e.what());
      }
      const SessionSettings& s = settings.values();
      if (key == "max_bytes_billed") config.max_bytes_billed = s.max_bytes_billed;
      if (key == "statement_timeout") config.statement_timeout_ms = s.statement_timeout_ms;
      if (key == "memory_limit") config.memory_limit = s.memory_limit_bytes;
    } else {
      return Status::Invalid(
          "{}:{}: unknown key \"{}\" (host, port, max_connections, threads, tls_cert, tls_key, admin_password, "
          "max_bytes_billed, statement_timeout, memory_limit)",
          path, line_number, key);
    }
  }
  return config;
}

Result<ServerConfig> ReadServerConfig(const std::string& path) {
  TRIB_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParseServerConfig(path, text);
}

}  // namespace tributary::server
