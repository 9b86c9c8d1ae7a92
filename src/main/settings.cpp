#include "main/settings.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>

#include "execution/memory_tracker.hpp"
#include "parser/sql_error.hpp"

namespace tributary {

namespace {

using sql::SqlError;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

/// A number followed by an optional unit from `units` (name, multiplier);
/// without a unit the multiplier is `bare`.
bool ParseWithUnits(std::string_view text, const std::vector<std::pair<std::string, int64_t>>& units, int64_t bare,
                    int64_t* out) {
  text = Trim(text);
  int64_t n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || p == text.data()) return false;
  std::string unit = Lower(Trim(std::string_view(p, static_cast<size_t>(text.data() + text.size() - p))));
  int64_t multiplier = bare;
  if (!unit.empty()) {
    auto it = std::find_if(units.begin(), units.end(), [&](const auto& u) { return Lower(u.first) == unit; });
    if (it == units.end()) return false;
    multiplier = it->second;
  }
  return !__builtin_mul_overflow(n, multiplier, out);
}

[[noreturn]] void InvalidValue(const std::string& name, const std::string& value, const std::string& hint = "") {
  throw SqlError("invalid value for parameter \"" + name + "\": \"" + value + "\"", "22023", -1, hint);
}

[[noreturn]] void OutOfRange(const std::string& name, const std::string& value, int64_t lo, int64_t hi) {
  throw SqlError(value + " is outside the valid range for parameter \"" + name + "\" (" + std::to_string(lo) +
                     " .. " + std::to_string(hi) + ")",
                 "22023");
}

int64_t ParseInteger(const std::string& name, const std::string& value, int64_t lo, int64_t hi) {
  int64_t n;
  if (!ParseWithUnits(value, {}, 1, &n)) InvalidValue(name, value);
  if (n < lo || n > hi) OutOfRange(name, value, lo, hi);
  return n;
}

std::string FormatDuration(int64_t ms) {
  if (ms == 0) return "0";
  static constexpr std::pair<const char*, int64_t> kUnits[] = {
      {"d", 86'400'000}, {"h", 3'600'000}, {"min", 60'000}, {"s", 1000}};
  for (const auto& [unit, size] : kUnits) {
    if (ms % size == 0) return std::to_string(ms / size) + unit;
  }
  return std::to_string(ms) + "ms";
}

std::vector<std::string> SplitSearchPath(const std::string& text) {
  std::vector<std::string> out;
  size_t begin = 0;
  while (begin <= text.size()) {
    size_t comma = text.find(',', begin);
    if (comma == std::string::npos) comma = text.size();
    std::string item(Trim(std::string_view(text).substr(begin, comma - begin)));
    if (item.size() >= 2 && item.front() == '"' && item.back() == '"') {
      item = item.substr(1, item.size() - 2);
    } else {
      item = Lower(item);
    }
    // "$user" names a schema per role; Tributary has no roles yet.
    if (!item.empty() && item != "$user") out.push_back(item);
    begin = comma + 1;
  }
  return out;
}

struct Setting {
  const char* name;  // canonical spelling
  const char* description;
  std::function<void(SessionSettings*, const std::string&)> set;
  std::function<std::string(const SessionSettings&)> show;
  std::function<void(SessionSettings*, const SessionSettings&)> reset;
};

/// A setting drivers send that Tributary has one value of: SET to an
/// accepted spelling is a no-op, anything else fails naming the value.
Setting Fixed(const char* name, const char* description, const char* shown, std::vector<std::string> accepted) {
  return {name, description,
          [name, accepted](SessionSettings*, const std::string& v) {
            std::string value = Lower(Trim(v));
            value.erase(std::remove(value.begin(), value.end(), ' '), value.end());
            if (std::find(accepted.begin(), accepted.end(), value) == accepted.end()) {
              throw SqlError(std::string(name) + " = '" + v + "' is not supported", "0A000", -1,
                             "Tributary supports only the value shown by SHOW " + std::string(name) + ".");
            }
          },
          [shown](const SessionSettings&) { return std::string(shown); }, [](SessionSettings*, const SessionSettings&) {}};
}

/// A setting clients read but no session changes (PostgreSQL's "internal"
/// parameters): SET fails with 55P02.
Setting ReadOnly(const char* name, const char* description, const char* shown) {
  return {name, description,
          [name](SessionSettings*, const std::string&) {
            throw SqlError("parameter \"" + std::string(name) + "\" cannot be changed", "55P02");
          },
          [shown](const SessionSettings&) { return std::string(shown); }, [](SessionSettings*, const SessionSettings&) {}};
}

const std::vector<Setting>& AllSettings() {
  static const std::vector<Setting> kSettings = {
      {"application_name", "Sets the application name to be reported in statistics and logs.",
       [](SessionSettings* s, const std::string& v) { s->application_name = v; },
       [](const SessionSettings& s) { return s.application_name; },
       [](SessionSettings* s, const SessionSettings& d) { s->application_name = d.application_name; }},
      Fixed("client_encoding", "Sets the client's character set encoding.", "UTF8", {"utf8", "utf-8", "unicode"}),
      Fixed("DateStyle", "Sets the display format for date and time values.", "ISO, MDY", {"iso", "iso,mdy", "mdy,iso"}),
      {"extra_float_digits", "Sets the number of digits displayed for floating-point values.",
       [](SessionSettings* s, const std::string& v) {
         const int64_t n = ParseInteger("extra_float_digits", v, -15, 3);
         // Floats always print as the shortest text that reads back exactly,
         // which is what PostgreSQL prints for any value above 0.
         if (n < 1) {
           throw SqlError("extra_float_digits below 1 is not supported", "0A000", -1,
                          "Floating-point values always print in their shortest exact form.");
         }
         s->extra_float_digits = static_cast<int>(n);
       },
       [](const SessionSettings& s) { return std::to_string(s.extra_float_digits); },
       [](SessionSettings* s, const SessionSettings& d) { s->extra_float_digits = d.extra_float_digits; }},
      Fixed("IntervalStyle", "Sets the display format for interval values.", "postgres", {"postgres"}),
      {"max_bytes_billed",
       "Sets the most bytes a query may be estimated to scan; a query over it is refused before it runs.",
       [](SessionSettings* s, const std::string& v) {
         int64_t bytes;
         if (!ParseWithUnits(v,
                             {{"B", 1}, {"kB", int64_t{1} << 10}, {"MB", int64_t{1} << 20}, {"GB", int64_t{1} << 30},
                              {"TB", int64_t{1} << 40}},
                             1, &bytes)) {
           InvalidValue("max_bytes_billed", v,
                        "Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\".");
         }
         if (bytes < 0) OutOfRange("max_bytes_billed", v, 0, INT64_MAX);
         s->max_bytes_billed = bytes;
       },
       [](const SessionSettings& s) { return sql::FormatMemorySize(s.max_bytes_billed); },
       [](SessionSettings* s, const SessionSettings& d) { s->max_bytes_billed = d.max_bytes_billed; }},
      {"memory_limit", "Sets the most memory one query's aggregates, joins and sorts may hold.",
       [](SessionSettings* s, const std::string& v) {
         int64_t bytes;
         if (!ParseMemorySize(v, &bytes)) {
           InvalidValue("memory_limit", v, "Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\".");
         }
         if (bytes < 0) OutOfRange("memory_limit", v, 0, INT64_MAX);
         s->memory_limit_bytes = bytes;
       },
       [](const SessionSettings& s) { return sql::FormatMemorySize(s.memory_limit_bytes); },
       [](SessionSettings* s, const SessionSettings& d) { s->memory_limit_bytes = d.memory_limit_bytes; }},
      {"search_path", "Sets the schema search order for names that are not schema-qualified.",
       [](SessionSettings* s, const std::string& v) {
         std::vector<std::string> path = SplitSearchPath(v);
         // Unqualified names resolve in public; other paths are not wired
         // through the binder and DDL yet.
         if (path != std::vector<std::string>{"public"}) {
           throw SqlError("search_path other than public is not supported", "0A000", -1,
                          "Qualify table names with their schema instead.");
         }
         s->search_path = std::move(path);
         s->search_path_text = v;
       },
       [](const SessionSettings& s) { return s.search_path_text; },
       [](SessionSettings* s, const SessionSettings& d) {
         s->search_path = d.search_path;
         s->search_path_text = d.search_path_text;
       }},
      ReadOnly("server_encoding", "Shows the server (database) character set encoding.", "UTF8"),
      ReadOnly("server_version", "Shows the PostgreSQL version Tributary's dialect and protocol follow.", "15.0"),
      ReadOnly("server_version_num", "Shows that version as an integer.", "150000"),
      Fixed("standard_conforming_strings", "Causes '...' strings to treat backslashes literally.", "on", {"on", "true"}),
      {"statement_timeout", "Sets the maximum allowed duration of any statement.",
       [](SessionSettings* s, const std::string& v) {
         int64_t ms;
         if (!ParseWithUnits(v, {{"us", -1}, {"ms", 1}, {"s", 1000}, {"min", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}},
                             1, &ms)) {
           InvalidValue("statement_timeout", v,
                        "Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".");
         }
         if (Lower(Trim(v)).ends_with("us")) {
           // Microseconds round to milliseconds, as PostgreSQL does.
           int64_t us = -ms;
           ms = (us + 500) / 1000;
         }
         if (ms < 0 || ms > INT32_MAX) OutOfRange("statement_timeout", v, 0, INT32_MAX);
         s->statement_timeout_ms = ms;
       },
       [](const SessionSettings& s) { return FormatDuration(s.statement_timeout_ms); },
       [](SessionSettings* s, const SessionSettings& d) { s->statement_timeout_ms = d.statement_timeout_ms; }},
      {"threads", "Sets the number of threads one query uses.",
       [](SessionSettings* s, const std::string& v) { s->threads = static_cast<int>(ParseInteger("threads", v, 1, 256)); },
       [](const SessionSettings& s) { return std::to_string(s.threads); },
       [](SessionSettings* s, const SessionSettings& d) { s->threads = d.threads; }},
      {"TimeZone", "Sets the time zone for displaying and interpreting time stamps; Tributary's is always UTC.",
       [](SessionSettings*, const std::string& v) {
         std::string z = Lower(Trim(v));
         if (z != "utc" && z != "etc/utc" && z != "gmt" && z != "etc/gmt" && z != "z" && z != "zulu" && z != "uct") {
           InvalidValue("TimeZone", v, "Tributary runs every session in UTC.");
         }
       },
       [](const SessionSettings&) { return std::string("UTC"); }, [](SessionSettings*, const SessionSettings&) {}},
      {"use_result_cache", "Allows queries to reuse the results of identical earlier queries.",
       [](SessionSettings* s, const std::string& v) {
         std::string b = Lower(Trim(v));
         if (b == "on" || b == "true" || b == "yes" || b == "1") {
           s->use_result_cache = true;
         } else if (b == "off" || b == "false" || b == "no" || b == "0") {
           s->use_result_cache = false;
         } else {
           throw SqlError("parameter \"use_result_cache\" requires a Boolean value", "22023");
         }
       },
       [](const SessionSettings& s) { return std::string(s.use_result_cache ? "on" : "off"); },
       [](SessionSettings* s, const SessionSettings& d) { s->use_result_cache = d.use_result_cache; }},
      {"vector_size", "Sets the number of rows operators pass at a time.",
       [](SessionSettings* s, const std::string& v) {
         s->vector_size = static_cast<size_t>(ParseInteger("vector_size", v, 1, 65536));
       },
       [](const SessionSettings& s) { return std::to_string(s.vector_size); },
       [](SessionSettings* s, const SessionSettings& d) { s->vector_size = d.vector_size; }},
  };
  return kSettings;
}

const Setting& Find(const std::string& name) {
  std::string key = Lower(name);
  for (const auto& s : AllSettings()) {
    if (Lower(s.name) == key) return s;
  }
  throw SqlError("unrecognized configuration parameter \"" + name + "\"", "42704");
}

}  // namespace

bool ParseMemorySize(std::string_view text, int64_t* bytes) {
  return ParseWithUnits(text,
                        {{"b", 1}, {"kb", int64_t{1} << 10}, {"mb", int64_t{1} << 20}, {"gb", int64_t{1} << 30},
                         {"tb", int64_t{1} << 40}},
                        1024, bytes);
}

Settings::Settings(const DatabaseOptions& defaults) {
  base_.threads = defaults.threads;
  base_.vector_size = defaults.vector_size;
  base_.memory_limit_bytes = defaults.memory_limit;
  base_.statement_timeout_ms = defaults.statement_timeout_ms;
  base_.max_bytes_billed = defaults.max_bytes_billed;
  defaults_ = base_;
  current_ = defaults_;
}

void Settings::Set(const std::string& name, const std::string& value) {
  const Setting& s = Find(name);
  s.set(&current_, value);
  if (std::find(explicit_.begin(), explicit_.end(), s.name) == explicit_.end()) explicit_.push_back(s.name);
}

void Settings::Reset(const std::string& name) {
  if (Lower(name) == "all") {
    current_ = defaults_;
    explicit_.clear();
    return;
  }
  const Setting& s = Find(name);
  s.reset(&current_, defaults_);
  explicit_.erase(std::remove(explicit_.begin(), explicit_.end(), s.name), explicit_.end());
}

void Settings::ApplyRoleDefaults(const std::vector<std::pair<std::string, std::string>>& settings) {
  defaults_ = base_;
  for (const auto& [name, value] : settings) {
    try {
      Find(name).set(&defaults_, value);
    } catch (const SqlError&) {
      // Checked when stored; a value a later version no longer takes is skipped.
    }
  }
  for (const Setting& s : AllSettings()) {
    if (std::find(explicit_.begin(), explicit_.end(), s.name) == explicit_.end()) s.reset(&current_, defaults_);
  }
}

std::string Settings::CanonicalName(const std::string& name) { return Find(name).name; }

std::string Settings::Validate(const std::string& name, const std::string& value) {
  const Setting& s = Find(name);
  SessionSettings scratch;
  s.set(&scratch, value);
  return s.name;
}

std::pair<std::string, std::string> Settings::Show(const std::string& name) const {
  const Setting& s = Find(name);
  return {s.name, s.show(current_)};
}

std::vector<std::array<std::string, 3>> Settings::ShowAll() const {
  std::vector<std::array<std::string, 3>> rows;
  for (const auto& s : AllSettings()) rows.push_back({s.name, s.show(current_), s.description});
  return rows;
}

}  // namespace tributary
