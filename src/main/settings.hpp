#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "main/connection.hpp"

namespace tributary {

/// The values a session's statements run with.
struct SessionSettings {
  int64_t statement_timeout_ms = 0;  // 0: no timeout
  int64_t memory_limit_bytes = 0;    // per query; 0: no limit
  int threads = 2;
  size_t vector_size = kBatchSize;
  /// Schemas an unqualified table name is looked up in; only public so far.
  std::vector<std::string> search_path = {"public"};
  std::string search_path_text = "\"$user\", public";
  std::string application_name;
  int extra_float_digits = 1;
  /// A query estimated to scan more bytes is refused before it runs; 0: no limit.
  int64_t max_bytes_billed = 0;
  /// Whether SELECTs may reuse, and fill, the database's result cache.
  bool use_result_cache = true;
};

/// A session's settings as SET / RESET / SHOW see them. Starts from the
/// database's options; names are case-insensitive. Errors are SqlErrors with
/// PostgreSQL's SQLSTATEs: 42704 for a name that does not exist, 22023 for
/// a value the setting does not take.
class Settings {
 public:
  explicit Settings(const DatabaseOptions& defaults);

  /// SET name = value (the value as text, list items joined by ", ").
  void Set(const std::string& name, const std::string& value);
  /// RESET name / SET name TO DEFAULT; "all" resets every setting. RESET
  /// returns to the role's default when the role has one.
  void Reset(const std::string& name);
  /// Makes `settings` (name, value: ALTER ROLE ... SET) the defaults on top
  /// of the database's, replacing earlier role defaults; settings this
  /// session SET keep their values. A stored value no longer accepted is
  /// skipped.
  void ApplyRoleDefaults(const std::vector<std::pair<std::string, std::string>>& settings);
  /// The canonical name of `name` after checking that `value` is one it
  /// accepts (the errors of Set), for ALTER ROLE ... SET.
  static std::string Validate(const std::string& name, const std::string& value);
  /// The canonical name of setting `name`; 42704 when there is none.
  static std::string CanonicalName(const std::string& name);
  /// SHOW name: the setting's canonical name and its value as text.
  std::pair<std::string, std::string> Show(const std::string& name) const;
  /// SHOW ALL: (name, setting, description) rows by name.
  std::vector<std::array<std::string, 3>> ShowAll() const;

  const SessionSettings& values() const { return current_; }

 private:
  SessionSettings base_;      // the database's options
  SessionSettings defaults_;  // base_ and the role's settings
  SessionSettings current_;
  std::vector<std::string> explicit_;  // canonical names SET in this session
};

/// Parses "512MB", "1GB", "64kB", "1048576" (kB when no unit, as PostgreSQL's
/// memory settings) into bytes; false when malformed.
bool ParseMemorySize(std::string_view text, int64_t* bytes);

}  // namespace tributary
