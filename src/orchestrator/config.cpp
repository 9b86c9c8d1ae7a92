// The orchestrator's YAML config file (docs/orchestrator.md) read into
// config.hpp's structs. Reading never stops at the first problem: every key
// is checked, cross-references are resolved once everything is read, and all
// errors come back sorted by position.
#include "orchestrator/config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <set>

#include "common/file_io.hpp"

namespace tributary::orchestrator {

namespace {

/// Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); i++) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); j++) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); i++) {
    for (size_t j = 1; j <= b.size(); j++) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

/// The candidate closest to `word` when it is close enough to be a typo (at
/// most 2 edits, and at most a third of the longer word), else empty.
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::numeric_limits<size_t>::max();
  for (const std::string& candidate : candidates) {
    size_t d = EditDistance(word, candidate);
    if (d < best_distance && d <= 2 && d * 3 <= std::max(word.size(), candidate.size())) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string Quoted(std::string_view s) { return fmt::format("\"{}\"", s); }

/// How a value looks, for "expected X, got Y".
std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar: return Quoted(node.Scalar());
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    default: return "nothing";
  }
}

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

/// One value in the file and how messages name it:
/// `region "EMEA": retries.attempts: must be at least 1, got 0`.
struct Field {
  std::string owner;  // `region "EMEA"`; empty at the top level
  std::string label;  // `retries.attempts`; empty for an owner's own mapping
  YAML::Node value;
  SourcePosition position;

  std::string Message(std::string_view problem) const {
    std::string out = owner;
    if (!label.empty()) out += out.empty() ? label : ": " + label;
    if (!out.empty()) out += ": ";
    out += problem;
    return out;
  }
  std::string Child(std::string_view key) const {
    return label.empty() ? std::string(key) : label + "." + std::string(key);
  }
};

/// A mapping's entries, duplicates and unknown keys already reported.
struct Mapping {
  Field self;
  std::vector<std::pair<std::string, Field>> entries;

  const Field* Get(std::string_view key) const {
    for (const auto& [name, field] : entries) {
      if (name == key) return &field;
    }
    return nullptr;
  }
  bool Has(std::string_view key) const { return Get(key) != nullptr; }
};

struct Defaults {
  RetryPolicy retries;
  Micros timeout = 30 * kMicrosPerMinute;
  std::optional<Micros> expected_duration;
};

/// A name defined in the file, for duplicate and reference checks.
struct Definition {
  std::string kind;  // "region", "refresh", "pool", "alert channel"
  std::string name;
  SourcePosition position;
};

/// A name used in the file that must be defined.
struct Reference {
  Field field;
  std::string name;
};

const std::vector<std::string> kTopKeys = {"state",   "warehouse", "workers", "reserved_for_scheduled",
                                           "http",    "defaults",  "pools",   "alerts",
                                           "regions", "refresh"};
const std::vector<std::string> kDefaultsKeys = {"retries", "timeout", "expected_duration"};
const std::vector<std::string> kRetryKeys = {"attempts", "backoff", "multiplier", "max_delay", "jitter"};
const std::vector<std::string> kPoolKeys = {"name", "slots"};
const std::vector<std::string> kAlertsKeys = {"channels"};
const std::vector<std::string> kChannelKeys = {"name", "type", "url", "attempts", "backoff"};
const std::vector<std::string> kRegionKeys = {
    "name",   "time_zone", "source",  "schedule", "deadline", "logical_date", "expected_duration",
    "sensor", "retries",   "timeout", "pool",     "task",     "tables",       "checks"};
const std::vector<std::string> kSensorKeys = {"type",     "query",         "path",    "command",
                                              "database", "poke_interval", "timeout", "soft_fail"};
const std::vector<std::string> kTaskKeys = {"type", "command", "sql", "permanent_exit_codes"};
const std::vector<std::string> kTableKeys = {"name",         "target",      "primary_key",           "cursor",
                                             "lookback",     "columns",     "delete_column",         "partition_by", "reconcile_every",
                                             "partition_granularity",     "cluster_by"};
const std::vector<std::string> kCheckKeys = {"name", "type", "table", "columns", "severity"};
const std::vector<std::string> kRefreshKeys = {"name",     "depends_on",        "policy",  "quorum",  "time_zone",
                                               "deadline", "expected_duration", "retries", "timeout", "pool",
                                               "task"};

/// The keys each check type takes beyond kCheckKeys, and how many columns.
struct CheckKind {
  std::string name;
  std::vector<std::string> options;
  std::vector<std::string> required_options;  // at least one of these (all when `all_required`)
  bool all_required = true;
  int min_columns = 1;
  int max_columns = 1;  // -1: any number
};
const std::vector<CheckKind>& CheckKinds() {
  static const std::vector<CheckKind> kinds = {
      {"not_null", {}, {}, true, 1, -1},
      {"unique", {}, {}, true, 1, -1},
      {"accepted_values", {"values"}, {"values"}, true, 1, 1},
      {"relationships", {"to"}, {"to"}, true, 1, 1},
      {"range", {"min", "max"}, {"min", "max"}, false, 1, 1},
      {"row_count", {"min", "max", "tolerance"}, {"min", "max", "tolerance"}, false, 0, 0},
      {"freshness", {"max_age"}, {"max_age"}, true, 1, 1},
  };
  return kinds;
}

/// A refresh's dependencies, for the cycle check.
struct RefreshDependencies {
  std::string name;
  Field field;  // depends_on
  std::vector<std::string> depends_on;
};

class ConfigReader {
 public:
  explicit ConfigReader(std::string file) : file_(std::move(file)) {}

  ConfigParseResult Read(const std::string& text) {
    ConfigParseResult result;
    std::vector<YAML::Node> documents;
    try {
      documents = YAML::LoadAll(text);
    } catch (const YAML::ParserException& e) {
      Error(At(e.mark), "YAML syntax error: " + e.msg);
      return Finish(std::nullopt);
    } catch (const YAML::Exception& e) {
      Error(At(e.mark), "YAML error: " + e.msg);
      return Finish(std::nullopt);
    }
    if (documents.empty() || documents[0].IsNull()) {
      Error(SourcePosition{file_, 1, 1}, "the file is empty: expected a mapping with at least \"regions\"");
      return Finish(std::nullopt);
    }
    if (documents.size() > 1) {
      Error(At(documents[1].Mark()), "expected one YAML document, found a second one here");
    }
    Field root{"", "", documents[0], At(documents[0].Mark())};
    OrchestratorConfig config = ReadTop(root);
    return Finish(std::move(config));
  }

 private:
  SourcePosition At(const YAML::Mark& mark) const {
    if (mark.is_null()) return SourcePosition{file_, 1, 1};
    return SourcePosition{file_, mark.line + 1, mark.column + 1};
  }
  void Error(const SourcePosition& at, std::string message) { errors_.push_back({at, std::move(message)}); }
  void Error(const Field& field, std::string_view problem) { Error(field.position, field.Message(problem)); }

  ConfigParseResult Finish(std::optional<OrchestratorConfig> config) {
    std::stable_sort(errors_.begin(), errors_.end(), [](const ConfigError& a, const ConfigError& b) {
      return std::tie(a.position.line, a.position.column) < std::tie(b.position.line, b.position.column);
    });
    ConfigParseResult result;
    if (errors_.empty()) result.config = std::move(config);
    result.errors = std::move(errors_);
    return result;
  }

  // ---- Shapes ----

  /// Opens `field` as a mapping whose keys must be among `known` (or accepted
  /// by `also_known`). Reports a non-mapping, duplicate keys and unknown keys.
  /// YAML merge keys (`<<: *anchor`, or a list of anchors) add the merged
  /// mappings' keys that the mapping does not give itself.
  std::optional<Mapping> OpenMapping(const Field& field, const std::vector<std::string>& known,
                                     const std::function<bool(std::string_view)>& also_known = nullptr) {
    if (!field.value.IsMap()) {
      Error(field, "expected a mapping, got " + Describe(field.value));
      return std::nullopt;
    }
    Mapping mapping{field, {}};
    std::map<std::string, int> first_line;
    std::vector<YAML::Node> merges;
    auto add = [&](const YAML::Node& key, const YAML::Node& value, bool merged) {
      SourcePosition key_position = At(key.Mark());
      if (!key.IsScalar()) {
        Error(key_position, field.Message("expected a key name, got " + Describe(key)));
        return;
      }
      const std::string& name = key.Scalar();
      if (name == "<<" && key.Tag() == "?" && !merged) {
        merges.push_back(value);
        return;
      }
      if (auto [seen, inserted] = first_line.emplace(name, key_position.line); !inserted) {
        if (!merged) {
          Error(key_position,
                field.Message(fmt::format("duplicate key {} (first given at line {})", Quoted(name), seen->second)));
        }
        return;
      }
      if (std::find(known.begin(), known.end(), name) == known.end() && !(also_known && also_known(name))) {
        std::string message = "unknown key " + Quoted(name);
        if (std::string near = ClosestMatch(name, known); !near.empty()) {
          message += " (did you mean " + Quoted(near) + "?)";
        } else {
          message += " (expected one of: " + Join(known, ", ") + ")";
        }
        Error(key_position, field.Message(message));
        return;
      }
      SourcePosition value_position = value.IsNull() ? key_position : At(value.Mark());
      mapping.entries.emplace_back(name, Field{field.owner, field.Child(name), value, value_position});
    };
    for (auto it = field.value.begin(); it != field.value.end(); ++it) add(it->first, it->second, false);
    for (const YAML::Node& merge : merges) {
      std::vector<YAML::Node> sources;
      if (merge.IsSequence()) {
        for (const YAML::Node& source : merge) sources.push_back(source);
      } else {
        sources.push_back(merge);
      }
      for (const YAML::Node& source : sources) {
        if (!source.IsMap()) {
          SourcePosition at = source.IsNull() ? field.position : At(source.Mark());
          Error(at, field.Message("<<: expected a mapping (or a list of them) to merge, got " + Describe(source)));
          continue;
        }
        for (auto it = source.begin(); it != source.end(); ++it) add(it->first, it->second, true);
      }
    }
    return mapping;
  }

  /// Reports a missing required key at the enclosing mapping.
  const Field* Require(const Mapping& mapping, std::string_view key) {
    const Field* field = mapping.Get(key);
    if (field == nullptr) Error(mapping.self, "missing required key " + Quoted(key));
    return field;
  }

  /// Calls `each` for every item of a list.
  void ForEachItem(const Field& field, const std::function<void(const Field& item, size_t index)>& each) {
    if (!field.value.IsSequence()) {
      Error(field, "expected a list, got " + Describe(field.value));
      return;
    }
    size_t index = 0;
    for (const YAML::Node& item : field.value) {
      each(Field{field.owner, fmt::format("{}[{}]", field.label, index), item, At(item.Mark())}, index);
      index++;
    }
  }

  // ---- Scalars ----

  std::optional<std::string> String(const Field& field, bool allow_empty = false) {
    if (!field.value.IsScalar()) {
      Error(field, "expected a string, got " + Describe(field.value));
      return std::nullopt;
    }
    if (!allow_empty && field.value.Scalar().empty()) {
      Error(field, "expected a non-empty string");
      return std::nullopt;
    }
    return field.value.Scalar();
  }

  /// A string or a list of strings.
  std::optional<std::vector<std::string>> StringList(const Field& field) {
    if (field.value.IsScalar()) {
      auto one = String(field);
      if (!one) return std::nullopt;
      return std::vector<std::string>{*one};
    }
    if (!field.value.IsSequence()) {
      Error(field, "expected a string or a list of strings, got " + Describe(field.value));
      return std::nullopt;
    }
    std::vector<std::string> out;
    bool ok = true;
    ForEachItem(field, [&](const Field& item, size_t) {
      auto text = String(item);
      if (text) {
        out.push_back(*text);
      } else {
        ok = false;
      }
    });
    if (!ok) return std::nullopt;
    return out;
  }

  /// A name others refer to: letters, digits, '_', '-', '.'.
  std::optional<std::string> Name(const Field& field) {
    auto text = String(field);
    if (!text) return std::nullopt;
    bool valid = std::all_of(text->begin(), text->end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
    });
    if (!valid) {
      Error(field, "a name may hold only letters, digits, '_', '-' and '.', got " + Quoted(*text));
      return std::nullopt;
    }
    return text;
  }

  std::optional<int64_t> Integer(const Field& field) {
    if (!field.value.IsScalar()) {
      Error(field, "expected an integer, got " + Describe(field.value));
      return std::nullopt;
    }
    const std::string& text = field.value.Scalar();
    int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size()) {
      Error(field, "expected an integer, got " + Quoted(text));
      return std::nullopt;
    }
    return n;
  }

  /// An integer in [lo, hi].
  std::optional<int> IntegerIn(const Field& field, int64_t lo, int64_t hi) {
    auto n = Integer(field);
    if (!n) return std::nullopt;
    if (*n < lo || *n > hi) {
      if (hi == std::numeric_limits<int>::max()) {
        Error(field, fmt::format("must be at least {}, got {}", lo, *n));
      } else {
        Error(field, fmt::format("must be between {} and {}, got {}", lo, hi, *n));
      }
      return std::nullopt;
    }
    return static_cast<int>(*n);
  }

  std::optional<double> Number(const Field& field) {
    if (!field.value.IsScalar()) {
      Error(field, "expected a number, got " + Describe(field.value));
      return std::nullopt;
    }
    const std::string& text = field.value.Scalar();
    double x = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(x)) {
      Error(field, "expected a number, got " + Quoted(text));
      return std::nullopt;
    }
    return x;
  }

  std::optional<bool> Bool(const Field& field) {
    if (field.value.IsScalar()) {
      std::string text = field.value.Scalar();
      std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
      if (text == "true" || text == "yes" || text == "on") return true;
      if (text == "false" || text == "no" || text == "off") return false;
    }
    Error(field, "expected true or false, got " + Describe(field.value));
    return std::nullopt;
  }

  /// A duration of at least `min`.
  std::optional<Micros> Duration(const Field& field, Micros min = 1) {
    auto text = String(field);
    if (!text) return std::nullopt;
    auto duration = ParseDuration(*text);
    if (!duration.ok()) {
      Error(field, duration.status().message());
      return std::nullopt;
    }
    if (*duration < min) {
      Error(field, min == 1 ? "must be longer than 0" : fmt::format("must be at least {}", FormatDuration(min)));
      return std::nullopt;
    }
    return *duration;
  }

  std::optional<int32_t> TimeOfDay(const Field& field) {
    auto text = String(field);
    if (!text) return std::nullopt;
    auto seconds = ParseTimeOfDay(*text);
    if (!seconds.ok()) {
      Error(field, seconds.status().message());
      return std::nullopt;
    }
    return *seconds;
  }

  std::optional<TimeZone> Zone(const Field& field) {
    auto text = String(field);
    if (!text) return std::nullopt;
    auto zone = TimeZone::Find(*text);
    if (!zone.ok()) {
      Error(field, zone.status().message());
      return std::nullopt;
    }
    return *zone;
  }

  /// One of `choices`, or nothing (reported).
  std::optional<std::string> Choice(const Field& field, const std::vector<std::string>& choices) {
    auto text = String(field);
    if (!text) return std::nullopt;
    if (std::find(choices.begin(), choices.end(), *text) != choices.end()) return text;
    std::string message = fmt::format("expected {}, got {}", Join(choices, " | "), Quoted(*text));
    if (std::string near = ClosestMatch(*text, choices); !near.empty())
      message += " (did you mean " + Quoted(near) + "?)";
    Error(field, message);
    return std::nullopt;
  }

  /// A path as written, relative ones taken from the config file's folder.
  std::string ResolvePath(const std::string& path) const {
    std::filesystem::path p(path);
    if (p.is_absolute()) return path;
    std::filesystem::path dir = std::filesystem::path(file_).parent_path();
    return (dir / p).lexically_normal().string();
  }

  // ---- Sections ----

  OrchestratorConfig ReadTop(const Field& root) {
    OrchestratorConfig config;
    config.path = file_;
    config.state_path = ResolvePath("orchestrator.db");
    if (!root.value.IsMap()) {
      Error(root, "expected a mapping at the top level, got " + Describe(root.value));
      return config;
    }
    // `x-` keys are free, a place for anchors that regions merge.
    auto top = OpenMapping(root, kTopKeys, [](std::string_view key) { return key.starts_with("x-"); });
    if (!top) return config;

    if (const Field* f = top->Get("state")) {
      if (auto path = String(*f)) config.state_path = ResolvePath(*path);
    }
    if (const Field* f = top->Get("warehouse")) {
      if (auto path = String(*f)) config.warehouse = ResolvePath(*path);
    }
    if (const Field* f = top->Get("workers")) {
      if (auto n = IntegerIn(*f, 1, std::numeric_limits<int>::max())) config.workers = *n;
    }
    if (const Field* f = top->Get("reserved_for_scheduled")) {
      if (auto n = Integer(*f)) {
        if (*n < 0 || *n > config.workers - 1) {
          Error(*f, fmt::format("must be between 0 and workers - 1 ({}), got {}", config.workers - 1, *n));
        } else {
          config.reserved_for_scheduled = static_cast<int>(*n);
        }
      }
    } else if (config.reserved_for_scheduled > config.workers - 1) {
      config.reserved_for_scheduled = config.workers - 1;
    }
    if (const Field* f = top->Get("http")) {
      if (auto listen = String(*f)) {
        if (ValidListenAddress(*f, *listen)) config.http_listen = *listen;
      }
    }

    Defaults defaults;
    if (const Field* f = top->Get("defaults")) defaults = ReadDefaults(*f);

    if (const Field* f = top->Get("pools")) {
      ForEachItem(*f, [&](const Field& item, size_t index) {
        if (auto pool = ReadPool(item, index)) config.pools.push_back(std::move(*pool));
      });
    }
    if (const Field* f = top->Get("alerts")) {
      if (auto alerts = OpenMapping(*f, kAlertsKeys)) {
        if (const Field* channels = alerts->Get("channels")) {
          ForEachItem(*channels, [&](const Field& item, size_t index) {
            if (auto channel = ReadChannel(item, index)) config.channels.push_back(std::move(*channel));
          });
        }
      }
    }
    if (const Field* f = Require(*top, "regions")) {
      ForEachItem(*f, [&](const Field& item, size_t index) {
        if (auto region = ReadRegion(item, index, defaults)) config.regions.push_back(std::move(*region));
      });
      if (f->value.IsSequence() && f->value.size() == 0) Error(*f, "expected at least one region");
    }
    if (const Field* f = top->Get("refresh")) {
      ForEachItem(*f, [&](const Field& item, size_t index) {
        if (auto refresh = ReadRefresh(item, index, defaults)) config.refreshes.push_back(std::move(*refresh));
      });
    }
    CheckNames();
    CheckReferences();
    CheckRefreshCycles();
    return config;
  }

  bool ValidListenAddress(const Field& field, const std::string& listen) {
    size_t colon = listen.rfind(':');
    int port = 0;
    if (colon == std::string::npos || colon == 0) {
      Error(field, "expected host:port, got " + Quoted(listen));
      return false;
    }
    std::string_view port_text = std::string_view(listen).substr(colon + 1);
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535) {
      Error(field, fmt::format("expected host:port with a port 0..65535 (0: any free port), got {}", Quoted(listen)));
      return false;
    }
    return true;
  }

  Defaults ReadDefaults(const Field& field) {
    Defaults defaults;
    auto mapping = OpenMapping(field, kDefaultsKeys);
    if (!mapping) return defaults;
    if (const Field* f = mapping->Get("retries")) defaults.retries = ReadRetries(*f, defaults.retries);
    if (const Field* f = mapping->Get("timeout")) {
      if (auto d = Duration(*f)) defaults.timeout = *d;
    }
    if (const Field* f = mapping->Get("expected_duration")) defaults.expected_duration = Duration(*f);
    return defaults;
  }

  /// `retries: 5` (attempts) or a mapping overriding `base`'s fields.
  RetryPolicy ReadRetries(const Field& field, RetryPolicy base) {
    if (field.value.IsScalar()) {
      if (auto n = IntegerIn(field, 1, std::numeric_limits<int>::max())) base.attempts = *n;
      return base;
    }
    auto mapping = OpenMapping(field, kRetryKeys);
    if (!mapping) return base;
    if (const Field* f = mapping->Get("attempts")) {
      if (auto n = IntegerIn(*f, 1, std::numeric_limits<int>::max())) base.attempts = *n;
    }
    if (const Field* f = mapping->Get("backoff")) {
      if (auto d = Duration(*f, 0)) base.backoff = *d;
    }
    if (const Field* f = mapping->Get("multiplier")) {
      if (auto x = Number(*f)) {
        if (*x < 1) {
          Error(*f, fmt::format("must be at least 1, got {}", f->value.Scalar()));
        } else {
          base.multiplier = *x;
        }
      }
    }
    if (const Field* f = mapping->Get("max_delay")) {
      if (auto d = Duration(*f, 0)) base.max_delay = *d;
    }
    if (const Field* f = mapping->Get("jitter")) {
      if (auto x = Number(*f)) {
        if (*x < 0 || *x > 1) {
          Error(*f, fmt::format("must be between 0 and 1, got {}", f->value.Scalar()));
        } else {
          base.jitter = *x;
        }
      }
    }
    if (base.max_delay < base.backoff) {
      const Field* at = mapping->Get("max_delay") ? mapping->Get("max_delay") : mapping->Get("backoff");
      if (at != nullptr) {
        Error(*at, fmt::format("max_delay ({}) is shorter than backoff ({})", FormatDuration(base.max_delay),
                               FormatDuration(base.backoff)));
      }
    }
    return base;
  }

  /// The owner label of a list item: `region "EMEA"`, or `regions[2]` when
  /// it has no readable name.
  static std::string ItemOwner(const Field& item, std::string_view kind, std::string_view list, size_t index) {
    if (item.value.IsMap()) {
      const YAML::Node name = item.value["name"];
      if (name.IsDefined() && name.IsScalar() && !name.Scalar().empty()) {
        return fmt::format("{} {}", kind, Quoted(name.Scalar()));
      }
    }
    return fmt::format("{}[{}]", list, index);
  }

  /// The item's `name`, recorded as a definition of `kind`.
  std::optional<std::string> DefineName(const Mapping& mapping, std::string_view kind) {
    const Field* f = Require(mapping, "name");
    if (f == nullptr) return std::nullopt;
    auto name = Name(*f);
    if (name) definitions_.push_back({std::string(kind), *name, f->position});
    return name;
  }

  std::optional<PoolConfig> ReadPool(const Field& item, size_t index) {
    Field self{ItemOwner(item, "pool", "pools", index), "", item.value, item.position};
    auto mapping = OpenMapping(self, kPoolKeys);
    if (!mapping) return std::nullopt;
    PoolConfig pool;
    pool.position = self.position;
    if (auto name = DefineName(*mapping, "pool")) pool.name = *name;
    if (const Field* f = Require(*mapping, "slots")) {
      if (auto n = IntegerIn(*f, 1, std::numeric_limits<int>::max())) pool.slots = *n;
    }
    return pool;
  }

  std::optional<AlertChannelConfig> ReadChannel(const Field& item, size_t index) {
    Field self{ItemOwner(item, "alert channel", "alerts.channels", index), "", item.value, item.position};
    auto mapping = OpenMapping(self, kChannelKeys);
    if (!mapping) return std::nullopt;
    AlertChannelConfig channel;
    channel.position = self.position;
    if (auto name = DefineName(*mapping, "alert channel")) channel.name = *name;
    const Field* type = Require(*mapping, "type");
    std::optional<std::string> kind;
    if (type != nullptr) kind = Choice(*type, {"webhook", "log"});
    if (kind == "webhook") {
      channel.kind = AlertChannelConfig::Kind::kWebhook;
      if (const Field* f = Require(*mapping, "url")) {
        if (auto url = String(*f)) {
          if (url->rfind("http://", 0) != 0) {
            Error(*f, "expected a URL starting with http://, got " + Quoted(*url));
          } else if (url->size() == 7) {
            Error(*f, "the URL names no host");
          } else {
            channel.url = *url;
          }
        }
      }
      if (const Field* f = mapping->Get("attempts")) {
        if (auto n = IntegerIn(*f, 1, std::numeric_limits<int>::max())) channel.attempts = *n;
      }
      if (const Field* f = mapping->Get("backoff")) {
        if (auto d = Duration(*f, 0)) channel.backoff = *d;
      }
    } else if (kind == "log") {
      channel.kind = AlertChannelConfig::Kind::kLog;
      for (const char* key : {"url", "attempts", "backoff"}) {
        if (const Field* f = mapping->Get(key)) Error(*f, "applies only to webhook channels");
      }
    }
    return channel;
  }

  std::optional<RegionConfig> ReadRegion(const Field& item, size_t index, const Defaults& defaults) {
    Field self{ItemOwner(item, "region", "regions", index), "", item.value, item.position};
    auto mapping = OpenMapping(self, kRegionKeys);
    if (!mapping) return std::nullopt;
    RegionConfig region;
    region.position = self.position;
    region.retries = defaults.retries;
    region.timeout = defaults.timeout;
    region.expected_duration = defaults.expected_duration;
    if (auto name = DefineName(*mapping, "region")) region.name = *name;
    if (const Field* f = Require(*mapping, "time_zone")) {
      if (auto zone = Zone(*f)) {
        region.time_zone_name = zone->name();
        region.time_zone = *zone;
      }
    }
    if (const Field* f = mapping->Get("source")) {
      if (auto source = OpenMapping(*f, {}, [](std::string_view) { return true; })) {
        for (const auto& [key, value] : source->entries) {
          if (auto text = String(value, /*allow_empty=*/true)) region.source[key] = *text;
        }
      }
    }
    if (const Field* f = Require(*mapping, "schedule")) {
      if (auto text = String(*f)) {
        auto schedule = CronSchedule::Parse(*text);
        if (schedule.ok()) {
          region.schedule = std::move(*schedule);
        } else {
          Error(*f, schedule.status().message());
        }
      }
    }
    if (const Field* f = Require(*mapping, "deadline")) {
      if (auto seconds = TimeOfDay(*f)) region.deadline = *seconds;
    }
    if (const Field* f = mapping->Get("logical_date")) ReadLogicalDate(*f, &region.logical_date_offset);
    if (const Field* f = mapping->Get("expected_duration")) region.expected_duration = Duration(*f);
    if (const Field* f = mapping->Get("sensor")) region.sensor = ReadSensor(*f);
    if (const Field* f = mapping->Get("retries")) region.retries = ReadRetries(*f, defaults.retries);
    if (const Field* f = mapping->Get("timeout")) {
      if (auto d = Duration(*f)) region.timeout = *d;
    }
    if (const Field* f = mapping->Get("pool")) {
      if (auto pool = String(*f)) {
        region.pool = *pool;
        pool_references_.push_back({*f, *pool});
      }
    }
    if (const Field* f = Require(*mapping, "task")) region.action = ReadTask(*f);
    if (const Field* f = mapping->Get("tables")) {
      ForEachItem(*f, [&](const Field& table_item, size_t) {
        if (auto table = ReadTable(table_item)) region.tables.push_back(std::move(*table));
      });
    }
    if (const Field* f = mapping->Get("checks")) {
      std::map<std::string, int> check_lines;
      ForEachItem(*f, [&](const Field& check_item, size_t) {
        auto check = ReadCheck(check_item);
        if (!check) return;
        if (!check->name.empty()) {
          auto [seen, inserted] = check_lines.emplace(check->name, check->position.line);
          if (!inserted) {
            Error(check->position, check_item.Message(fmt::format("duplicate check name {} (first defined at line {})",
                                                                  Quoted(check->name), seen->second)));
          }
        }
        region.checks.push_back(std::move(*check));
      });
    }
    return region;
  }

  void ReadLogicalDate(const Field& field, int32_t* offset) {
    if (field.value.IsScalar()) {
      const std::string& text = field.value.Scalar();
      if (text == "previous_day") {
        *offset = -1;
        return;
      }
      if (text == "same_day") {
        *offset = 0;
        return;
      }
      int n = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (ec == std::errc() && end == text.data() + text.size()) {
        if (n < -31 || n > 31) {
          Error(field, fmt::format("a day offset must be between -31 and 31, got {}", n));
        } else {
          *offset = n;
        }
        return;
      }
    }
    Error(field, "expected previous_day, same_day or a day offset (an integer), got " + Describe(field.value));
  }

  std::optional<SensorConfig> ReadSensor(const Field& field) {
    auto mapping = OpenMapping(field, kSensorKeys);
    if (!mapping) return std::nullopt;
    SensorConfig sensor;
    sensor.position = field.position;
    const Field* type = Require(*mapping, "type");
    std::optional<std::string> kind;
    if (type != nullptr) kind = Choice(*type, {"sql", "file", "command"});
    if (kind) {
      const std::map<std::string, std::string> text_key = {{"sql", "query"}, {"file", "path"}, {"command", "command"}};
      std::string wanted = text_key.at(*kind);
      sensor.kind = *kind == "sql"    ? SensorConfig::Kind::kSql
                    : *kind == "file" ? SensorConfig::Kind::kFile
                                      : SensorConfig::Kind::kCommand;
      for (const auto& [other_kind, other_key] : text_key) {
        if (other_key == wanted) continue;
        if (const Field* f = mapping->Get(other_key)) {
          Error(*f, fmt::format("applies only to {} sensors; a {} sensor takes {}", other_kind, *kind, Quoted(wanted)));
        }
      }
      if (const Field* f = mapping->Get(wanted)) {
        if (auto text = String(*f)) sensor.text = *text;
      } else {
        Error(mapping->self, fmt::format("a {} sensor needs {}", *kind, Quoted(wanted)));
      }
      if (const Field* f = mapping->Get("database")) {
        if (*kind != "sql") {
          Error(*f, "applies only to sql sensors");
        } else if (auto database = String(*f)) {
          sensor.database = *database == "warehouse" ? *database : ResolvePath(*database);
        }
      }
    }
    if (const Field* f = mapping->Get("poke_interval")) {
      if (auto d = Duration(*f)) sensor.poke_interval = *d;
    }
    if (const Field* f = mapping->Get("timeout")) {
      if (auto d = Duration(*f)) sensor.timeout = *d;
    }
    if (sensor.poke_interval > sensor.timeout) {
      const Field* at = mapping->Get("poke_interval") ? mapping->Get("poke_interval") : mapping->Get("timeout");
      if (at != nullptr) {
        Error(*at, fmt::format("poke_interval ({}) is longer than the sensor's timeout ({})",
                               FormatDuration(sensor.poke_interval), FormatDuration(sensor.timeout)));
      }
    }
    if (const Field* f = mapping->Get("soft_fail")) {
      if (auto b = Bool(*f)) sensor.soft_fail = *b;
    }
    return sensor;
  }

  TaskAction ReadTask(const Field& field) {
    TaskAction action;
    action.position = field.position;
    auto mapping = OpenMapping(field, kTaskKeys);
    if (!mapping) return action;
    const Field* type = Require(*mapping, "type");
    std::optional<std::string> kind;
    if (type != nullptr) kind = Choice(*type, {"command", "sql", "ingest"});
    if (!kind) return action;
    if (*kind == "ingest") return IngestTask(*mapping);
    action.kind = *kind == "sql" ? TaskAction::Kind::kSql : TaskAction::Kind::kCommand;
    std::string other = *kind == "sql" ? "command" : "sql";
    if (const Field* f = mapping->Get(other)) {
      Error(*f, fmt::format("applies only to {} tasks; a {} task takes {}", other, *kind, Quoted(*kind)));
    }
    if (const Field* f = mapping->Get(*kind)) {
      if (auto text = String(*f)) action.text = *text;
    } else {
      Error(mapping->self, fmt::format("a {} task needs {}", *kind, Quoted(*kind)));
    }
    if (const Field* f = mapping->Get("permanent_exit_codes")) {
      if (*kind != "command") {
        Error(*f, "applies only to command tasks");
      } else {
        std::vector<int> codes;
        ForEachItem(*f, [&](const Field& code_item, size_t) {
          if (auto code = IntegerIn(code_item, 1, 255)) codes.push_back(*code);
        });
        action.permanent_exit_codes = std::move(codes);
      }
    }
    return action;
  }

  /// `type: ingest`: this binary's `ingest` for the task's region and logical
  /// date, with this config; exit codes as `tributary ingest` documents
  /// (65 data or schema problems and 78 config are permanent, the rest is
  /// retried).
  TaskAction IngestTask(const Mapping& mapping) {
    TaskAction action;
    action.position = mapping.self.position;
    for (const char* key : {"command", "sql", "permanent_exit_codes"}) {
      if (const Field* f = mapping.Get(key)) Error(*f, "an ingest task takes no " + Quoted(key));
    }
    std::error_code error;
    std::string self = std::filesystem::read_symlink("/proc/self/exe", error).string();
    if (error) self = "tributary";
    std::string config = std::filesystem::absolute(file_, error).string();
    action.kind = TaskAction::Kind::kCommand;
    action.text = fmt::format("{} ingest --config {} --region '{{{{ region }}}}' --date {{{{ ds }}}}", ShellQuote(self),
                              ShellQuote(config));
    return action;
  }

  static std::string ShellQuote(const std::string& s) {
    std::string out = "'";
    for (char ch : s) {
      if (ch == '\'') out += "'\\''";
      else out += ch;
    }
    return out + "'";
  }

  std::optional<TableConfig> ReadTable(const Field& item) {
    auto mapping = OpenMapping(item, kTableKeys);
    if (!mapping) return std::nullopt;
    TableConfig table;
    table.position = item.position;
    if (const Field* f = Require(*mapping, "name")) {
      if (auto name = String(*f)) table.name = *name;
    }
    if (const Field* f = Require(*mapping, "target")) {
      if (auto target = String(*f)) {
        size_t dot = target->find('.');
        if (dot == std::string::npos || dot == 0 || dot + 1 == target->size()) {
          Error(*f, "expected a warehouse table as schema.table, got " + Quoted(*target));
        } else {
          table.target = *target;
        }
      }
    }
    if (const Field* f = mapping->Get("primary_key")) {
      if (auto columns = StringList(*f)) table.primary_key = std::move(*columns);
    }
    if (const Field* f = mapping->Get("cursor")) {
      if (auto cursor = String(*f)) table.cursor = *cursor;
    }
    if (const Field* f = mapping->Get("lookback")) {
      if (auto lookback = String(*f)) {
        bool count = !lookback->empty() && std::all_of(lookback->begin(), lookback->end(), ::isdigit);
        if (count || Duration(*f, 0)) table.lookback = *lookback;
      }
      if (table.cursor.empty()) Error(*f, "applies only with a cursor");
    }
    if (const Field* f = mapping->Get("columns")) {
      if (!f->value.IsMap()) {
        Error(*f, "expected a mapping of target column to source expression");
      } else {
        for (const auto& entry : f->value) {
          std::string target = entry.first.Scalar();
          if (!entry.second.IsScalar() || entry.second.Scalar().empty()) {
            Error(*f, "column " + Quoted(target) + " needs a source expression");
            continue;
          }
          table.columns.emplace_back(target, entry.second.Scalar());
        }
      }
    }
    if (const Field* f = mapping->Get("delete_column")) {
      if (auto column = String(*f)) table.delete_column = *column;
    }
    if (const Field* f = mapping->Get("reconcile_every")) {
      if (auto every = Duration(*f)) table.reconcile_every = *every;
      if (table.primary_key.empty()) Error(*f, "needs a primary_key");
    }
    if (const Field* f = mapping->Get("partition_by")) {
      if (auto column = String(*f)) table.partition_by = *column;
    }
    if (const Field* f = mapping->Get("partition_granularity")) {
      if (auto g = Choice(*f, {"day", "month", "year", "hour", "identity"})) table.partition_granularity = *g;
    }
    if (const Field* f = mapping->Get("cluster_by")) {
      if (auto columns = StringList(*f)) table.cluster_by = std::move(*columns);
    }
    return table;
  }

  std::optional<CheckConfig> ReadCheck(const Field& item) {
    // The type decides which extra keys are options; find it before checking keys.
    const CheckKind* kind = nullptr;
    if (item.value.IsMap()) {
      const YAML::Node type = item.value["type"];
      if (type.IsDefined() && type.IsScalar()) {
        for (const CheckKind& k : CheckKinds()) {
          if (k.name == type.Scalar()) kind = &k;
        }
      }
    }
    std::vector<std::string> known = kCheckKeys;
    if (kind != nullptr) known.insert(known.end(), kind->options.begin(), kind->options.end());
    // With an unknown type, option keys are not reported: the type is.
    auto any_option = [&](std::string_view key) {
      if (kind != nullptr) return false;
      for (const CheckKind& k : CheckKinds()) {
        if (std::find(k.options.begin(), k.options.end(), key) != k.options.end()) return true;
      }
      return false;
    };
    auto mapping = OpenMapping(item, known, any_option);
    if (!mapping) return std::nullopt;
    CheckConfig check;
    check.position = item.position;
    if (const Field* f = Require(*mapping, "name")) {
      if (auto name = Name(*f)) check.name = *name;
    }
    std::vector<std::string> kind_names;
    for (const CheckKind& k : CheckKinds()) kind_names.push_back(k.name);
    if (const Field* f = Require(*mapping, "type")) {
      if (auto name = Choice(*f, kind_names)) check.kind = *name;
    }
    if (const Field* f = Require(*mapping, "table")) {
      if (auto table = String(*f)) check.table = *table;
    }
    if (const Field* f = mapping->Get("columns")) {
      if (auto columns = StringList(*f)) check.columns = std::move(*columns);
    }
    if (const Field* f = mapping->Get("severity")) {
      if (auto severity = Choice(*f, {"error", "warn"})) check.severity = *severity;
    }
    if (kind == nullptr) return check;

    const Field* columns = mapping->Get("columns");
    int count = static_cast<int>(check.columns.size());
    if (kind->max_columns == 0 && columns != nullptr) {
      Error(*columns, fmt::format("a {} check takes no columns", kind->name));
    } else if (kind->min_columns > 0 && columns == nullptr) {
      Error(mapping->self, fmt::format("a {} check needs {}", kind->name, Quoted("columns")));
    } else if (columns != nullptr && kind->max_columns == 1 && count > 1) {
      Error(*columns, fmt::format("a {} check takes one column, got {}", kind->name, count));
    }
    std::vector<std::string> present;
    for (const std::string& option : kind->options) {
      const Field* f = mapping->Get(option);
      if (f == nullptr) continue;
      present.push_back(option);
      if (auto value = CheckOption(*kind, option, *f)) check.options[option] = *value;
    }
    if (!kind->required_options.empty()) {
      if (kind->all_required) {
        for (const std::string& option : kind->required_options) {
          if (!mapping->Has(option)) {
            Error(mapping->self, fmt::format("a {} check needs {}", kind->name, Quoted(option)));
          }
        }
      } else if (present.empty()) {
        std::vector<std::string> quoted;
        for (const std::string& option : kind->required_options) quoted.push_back(Quoted(option));
        Error(mapping->self, fmt::format("a {} check needs {}", kind->name, Join(quoted, " or ")));
      }
    }
    return check;
  }

  /// An option's value as kept in CheckConfig::options (lists joined by ",").
  std::optional<std::string> CheckOption(const CheckKind& kind, const std::string& option, const Field& field) {
    if (option == "values") {
      auto values = StringList(field);
      if (!values) return std::nullopt;
      return Join(*values, ",");
    }
    auto text = String(field);
    if (!text) return std::nullopt;
    if (option == "max_age") {
      if (!Duration(field)) return std::nullopt;
    } else if (option == "to") {
      if (std::count(text->begin(), text->end(), '.') < 1 || text->front() == '.' || text->back() == '.') {
        Error(field, "expected the referenced column as table.column, got " + Quoted(*text));
        return std::nullopt;
      }
    } else if (kind.name == "row_count" && option == "tolerance") {
      if (!Number(field)) return std::nullopt;
    } else if (kind.name == "row_count") {
      if (!IntegerIn(field, 0, std::numeric_limits<int>::max())) return std::nullopt;
    } else if (kind.name == "range") {
      if (!Number(field)) return std::nullopt;
    }
    return text;
  }

  std::optional<RefreshConfig> ReadRefresh(const Field& item, size_t index, const Defaults& defaults) {
    Field self{ItemOwner(item, "refresh", "refresh", index), "", item.value, item.position};
    auto mapping = OpenMapping(self, kRefreshKeys);
    if (!mapping) return std::nullopt;
    RefreshConfig refresh;
    refresh.position = self.position;
    refresh.retries = defaults.retries;
    refresh.timeout = defaults.timeout;
    refresh.expected_duration = defaults.expected_duration;
    if (auto name = DefineName(*mapping, "refresh")) refresh.name = *name;
    size_t refresh_index = refresh_dependencies_.size();
    refresh_dependencies_.emplace_back();
    if (const Field* f = Require(*mapping, "depends_on")) {
      if (auto names = StringList(*f)) {
        std::map<std::string, int> seen;
        if (names->empty()) Error(*f, "expected at least one dependency");
        size_t i = 0;
        for (const std::string& name : *names) {
          Field dependency = *f;
          if (f->value.IsSequence()) {
            dependency.label = fmt::format("{}[{}]", f->label, i);
            dependency.position = At(f->value[i].Mark());
          }
          i++;
          if (!seen.emplace(name, dependency.position.line).second) {
            Error(dependency, "depends on " + Quoted(name) + " twice");
            continue;
          }
          if (name == refresh.name) {
            Error(dependency, "a refresh cannot depend on itself");
            continue;
          }
          refresh.depends_on.push_back(name);
          dependency_references_.push_back({dependency, name});
        }
        refresh_dependencies_[refresh_index] = {refresh.name, *f, refresh.depends_on};
      }
    }
    bool policy_known = true;
    if (const Field* policy = mapping->Get("policy")) {
      auto name = Choice(*policy, {"all", "quorum", "at_deadline"});
      policy_known = name.has_value();
      if (name) {
        refresh.policy = *name == "all"      ? RefreshConfig::Policy::kAll
                         : *name == "quorum" ? RefreshConfig::Policy::kQuorum
                                             : RefreshConfig::Policy::kAtDeadline;
      }
    }
    const Field* quorum = mapping->Get("quorum");
    if (quorum != nullptr) {
      if (refresh.policy != RefreshConfig::Policy::kQuorum) {
        // A misspelt policy is reported already.
        if (policy_known) Error(*quorum, "applies only with policy: quorum");
      } else if (auto n = Integer(*quorum)) {
        int deps = static_cast<int>(refresh.depends_on.size());
        if (*n < 1 || *n > deps) {
          Error(*quorum, fmt::format("must be between 1 and the number of dependencies ({}), got {}", deps, *n));
        } else {
          refresh.quorum = static_cast<int>(*n);
        }
      }
    } else if (refresh.policy == RefreshConfig::Policy::kQuorum) {
      Error(mapping->self, "policy quorum needs \"quorum\" (how many dependencies must land)");
    }
    refresh.time_zone = *TimeZone::Find(refresh.time_zone_name);
    if (const Field* f = mapping->Get("time_zone")) {
      if (auto zone = Zone(*f)) {
        refresh.time_zone_name = zone->name();
        refresh.time_zone = *zone;
      }
    }
    if (const Field* f = Require(*mapping, "deadline")) {
      if (auto seconds = TimeOfDay(*f)) refresh.deadline = *seconds;
    }
    if (const Field* f = mapping->Get("expected_duration")) refresh.expected_duration = Duration(*f);
    if (const Field* f = mapping->Get("retries")) refresh.retries = ReadRetries(*f, defaults.retries);
    if (const Field* f = mapping->Get("timeout")) {
      if (auto d = Duration(*f)) refresh.timeout = *d;
    }
    if (const Field* f = mapping->Get("pool")) {
      if (auto pool = String(*f)) {
        refresh.pool = *pool;
        pool_references_.push_back({*f, *pool});
      }
    }
    if (const Field* f = Require(*mapping, "task")) refresh.action = ReadTask(*f);
    return refresh;
  }

  // ---- Across sections ----

  /// Region and refresh names share one namespace (depends_on names either);
  /// pools and channels each have their own.
  void CheckNames() {
    auto name_space = [](const std::string& kind) {
      return kind == "region" || kind == "refresh" ? std::string("task") : kind;
    };
    std::map<std::pair<std::string, std::string>, const Definition*> first;
    for (const Definition& d : definitions_) {
      auto [it, inserted] = first.emplace(std::make_pair(name_space(d.kind), d.name), &d);
      if (inserted) continue;
      const Definition& earlier = *it->second;
      if (earlier.kind == d.kind) {
        Error(d.position, fmt::format("duplicate {} name {} (first defined at line {})", d.kind, Quoted(d.name),
                                      earlier.position.line));
      } else {
        Error(d.position, fmt::format("{} name {} is already the name of the {} at line {}", d.kind, Quoted(d.name),
                                      earlier.kind, earlier.position.line));
      }
    }
  }

  std::vector<std::string> NamesOf(std::initializer_list<std::string_view> kinds) const {
    std::vector<std::string> names;
    for (const Definition& d : definitions_) {
      if (std::find(kinds.begin(), kinds.end(), d.kind) != kinds.end()) names.push_back(d.name);
    }
    return names;
  }

  void CheckReferences() {
    std::vector<std::string> pools = NamesOf({"pool"});
    for (const Reference& ref : pool_references_) {
      if (std::find(pools.begin(), pools.end(), ref.name) != pools.end()) continue;
      std::string message = "unknown pool " + Quoted(ref.name);
      if (pools.empty()) {
        message += " (no pools are defined)";
      } else if (std::string near = ClosestMatch(ref.name, pools); !near.empty()) {
        message += " (did you mean " + Quoted(near) + "?)";
      } else {
        message += " (defined: " + Join(pools, ", ") + ")";
      }
      Error(ref.field, message);
    }
    std::vector<std::string> tasks = NamesOf({"region", "refresh"});
    for (const Reference& ref : dependency_references_) {
      if (std::find(tasks.begin(), tasks.end(), ref.name) != tasks.end()) continue;
      std::string message = "unknown region or refresh " + Quoted(ref.name);
      if (std::string near = ClosestMatch(ref.name, tasks); !near.empty()) {
        message += " (did you mean " + Quoted(near) + "?)";
      }
      Error(ref.field, message);
    }
  }

  /// Refreshes may depend on refreshes; a cycle would never run. Each cycle
  /// is reported once, at the first of its refreshes in the file.
  void CheckRefreshCycles() {
    std::map<std::string, const RefreshDependencies*> by_name;
    for (const RefreshDependencies& r : refresh_dependencies_) {
      if (!r.name.empty()) by_name.emplace(r.name, &r);
    }
    enum class Mark { kUnvisited, kActive, kDone };
    std::map<std::string, Mark> marks;
    std::vector<std::string> stack;
    std::function<void(const RefreshDependencies&)> visit = [&](const RefreshDependencies& r) {
      marks[r.name] = Mark::kActive;
      stack.push_back(r.name);
      for (const std::string& dep : r.depends_on) {
        auto it = by_name.find(dep);
        if (it == by_name.end() || dep == r.name) continue;
        Mark mark = marks[dep];
        if (mark == Mark::kActive) {
          auto start = std::find(stack.begin(), stack.end(), dep);
          std::vector<std::string> cycle(start, stack.end());
          cycle.push_back(dep);
          const RefreshDependencies& first = *by_name.at(dep);
          Error(first.field, "dependency cycle: " + Join(cycle, " -> "));
        } else if (mark == Mark::kUnvisited) {
          visit(*it->second);
        }
      }
      stack.pop_back();
      marks[r.name] = Mark::kDone;
    };
    for (const RefreshDependencies& r : refresh_dependencies_) {
      if (!r.name.empty() && marks[r.name] == Mark::kUnvisited) visit(r);
    }
  }

  std::string file_;
  std::vector<ConfigError> errors_;
  std::vector<Definition> definitions_;
  std::vector<Reference> pool_references_;
  std::vector<Reference> dependency_references_;
  std::vector<RefreshDependencies> refresh_dependencies_;
};

}  // namespace

ConfigParseResult ParseOrchestratorConfig(const std::string& path, const std::string& text) {
  return ConfigReader(path).Read(text);
}

ConfigParseResult ReadOrchestratorConfig(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) {
    ConfigParseResult result;
    std::string message = text.status().IsNotFound() ? "file does not exist" : text.status().message();
    result.errors.push_back({SourcePosition{path, 0, 0}, std::move(message)});
    return result;
  }
  return ParseOrchestratorConfig(path, *text);
}

std::string FormatConfigErrors(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const ConfigError& e : errors) {
    if (e.position.line > 0) {
      out += fmt::format("{}:{}:{}: {}\n", e.position.file, e.position.line, e.position.column, e.message);
    } else {
      out += fmt::format("{}: {}\n", e.position.file, e.message);
    }
  }
  return out;
}

namespace {

struct DurationUnit {
  std::string_view suffix;
  Micros micros;
};
// Largest first: a duration lists its parts in this order, each at most once.
constexpr DurationUnit kDurationUnits[] = {
    {"d", kMicrosPerDay},    {"h", kMicrosPerHour}, {"m", kMicrosPerMinute},
    {"s", kMicrosPerSecond}, {"ms", 1000},          {"us", 1},
};

}  // namespace

Result<Micros> ParseDuration(std::string_view text) {
  auto bad = [&](std::string_view why) { return Status::Invalid("bad duration \"{}\": {}", text, why); };
  constexpr std::string_view kExpected = "expected a number and a unit (d, h, m, s, ms), e.g. \"90s\" or \"1h30m\"";
  if (text.empty()) return bad(kExpected);
  Micros total = 0;
  size_t previous_unit = 0;  // index into kDurationUnits + 1
  size_t i = 0;
  while (i < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return bad(kExpected);
    int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data() + i, text.data() + text.size(), n);
    if (ec != std::errc()) return bad("the number is too large");
    i = static_cast<size_t>(end - text.data());
    size_t unit_begin = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) i++;
    std::string_view suffix = text.substr(unit_begin, i - unit_begin);
    if (suffix.empty()) return bad("a number needs a unit (d, h, m, s, ms)");
    size_t unit = 0;
    while (unit < std::size(kDurationUnits) && kDurationUnits[unit].suffix != suffix) unit++;
    if (unit == std::size(kDurationUnits)) {
      return bad(fmt::format("unknown unit \"{}\" (expected d, h, m, s or ms)", suffix));
    }
    if (unit + 1 <= previous_unit) return bad("units must go from largest to smallest, each at most once");
    previous_unit = unit + 1;
    Micros per = kDurationUnits[unit].micros;
    if (n > (std::numeric_limits<Micros>::max() - total) / per) return bad("the duration is too long");
    total += n * per;
  }
  return total;
}

std::string FormatDuration(Micros duration) {
  if (duration == 0) return "0s";
  std::string out;
  uint64_t rest = static_cast<uint64_t>(duration);
  if (duration < 0) {
    out = "-";
    rest = 0 - rest;
  }
  for (const DurationUnit& unit : kDurationUnits) {
    uint64_t per = static_cast<uint64_t>(unit.micros);
    if (rest >= per) {
      out += fmt::format("{}{}", rest / per, unit.suffix);
      rest %= per;
    }
  }
  return out;
}

}  // namespace tributary::orchestrator
