#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/status.hpp"

namespace tributary::server {

/// What `tributary serve --config FILE` reads: one `key = value` a line,
/// blank lines and `#` comments ignored, a value optionally in single or
/// double quotes. Keys: host, port, max_connections, threads, tls_cert,
/// tls_key, admin_password, max_bytes_billed, statement_timeout,
/// memory_limit; the last three take the values SET takes (units
/// included). Each field is set only when the file names it.
struct ServerConfig {
  std::optional<std::string> host;
  std::optional<int> port;
  std::optional<int> max_connections;
  std::optional<int> threads;
  std::optional<std::string> tls_cert;
  std::optional<std::string> tls_key;
  std::optional<std::string> admin_password;
  std::optional<int64_t> max_bytes_billed;    // bytes
  std::optional<int64_t> statement_timeout_ms;
  std::optional<int64_t> memory_limit;        // bytes
};

/// Parses `text`, the contents of the file at `path` (named in errors). An
/// unknown key, a key given twice, a line without `=` or a bad value fails
/// with Invalid naming the file, the line and the key:
/// `serve.conf:3: bad value for "port": "eighty" (an integer 0..65535)`.
Result<ServerConfig> ParseServerConfig(const std::string& path, const std::string& text);
/// Reads and parses the file at `path`.
Result<ServerConfig> ReadServerConfig(const std::string& path);

}  // namespace tributary::server
