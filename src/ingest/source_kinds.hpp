#pragma once
// The connectors behind OpenSource, one file each.

#include "ingest/source.hpp"

namespace tributary::ingest {

Result<std::unique_ptr<Source>> OpenPostgresSource(const SourceSettings& settings);  // source_postgres.cpp
Result<std::unique_ptr<Source>> OpenMariaDbSource(const SourceSettings& settings);   // source_mariadb.cpp
Result<std::unique_ptr<Source>> OpenSqliteSource(const SourceSettings& settings);    // source_sqlite.cpp
/// csv, ndjson, parquet (source_files.cpp).
Result<std::unique_ptr<Source>> OpenFileSource(const SourceSettings& settings);

}  // namespace tributary::ingest
