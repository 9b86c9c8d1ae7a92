#include "ingest/source.hpp"

#include <cstdlib>

#include "ingest/source_kinds.hpp"

namespace tributary::ingest {

std::string SourceSettings::Get(const std::string& key, const std::string& fallback) const {
  auto it = values.find(key);
  return it == values.end() ? fallback : it->second;
}

Result<std::string> SourceSettings::Password() const {
  if (auto it = values.find("password"); it != values.end()) return it->second;
  auto it = values.find("password_env");
  if (it == values.end()) return std::string();
  const char* value = std::getenv(it->second.c_str());
  if (value == nullptr) {
    return Status::Invalid("region {}: source password_env names {}, which is not set", region, it->second);
  }
  return std::string(value);
}

Result<std::unique_ptr<Source>> OpenSource(const SourceSettings& settings) {
  const std::string kind = settings.Get("kind");
  if (kind == "postgres" || kind == "postgresql") return OpenPostgresSource(settings);
  if (kind == "mariadb" || kind == "mysql") return OpenMariaDbSource(settings);
  if (kind == "sqlite") return OpenSqliteSource(settings);
  if (kind == "csv" || kind == "ndjson" || kind == "parquet") return OpenFileSource(settings);
  if (kind.empty()) return Status::Invalid("region {}: the source has no kind", settings.region);
  return Status::Invalid(
      "region {}: unknown source kind \"{}\" (postgres, mariadb, mysql, sqlite, csv, ndjson, parquet)", settings.region,
      kind);
}

}  // namespace tributary::ingest
