#pragma once

#include <string>

namespace tributary::cli {

/// psql-style meta-commands of `tributary sql`, answered from the catalog:
///   \d          every table (schema, name, rows, files)
///   \dn         every schema
///   \d NAME     one table: columns with types and NOT NULL, its primary
///               key, and its layout in the syntax CREATE TABLE declares it
///               with (PARTITION BY ... WITH (partition_granularity, cluster_by))
/// A bare NAME is looked up in schema "public". Prints to stdout; an error
/// (unknown command or table) goes to stderr and returns false.
bool RunMetaCommand(const std::string& warehouse, const std::string& line);

/// True when `text` (leading blanks ignored) is a meta-command.
bool IsMetaCommand(const std::string& text);

}  // namespace tributary::cli
