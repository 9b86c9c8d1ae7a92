#pragma once

#include <string>
#include <vector>

#include "common/status.hpp"
#include "iceberg/table_metadata.hpp"
#include "types/logical_type.hpp"

namespace tributary::iceberg {

/// One schema change, addressed by column name in the current schema and
/// applied by field id, so data files written before it stay readable.
struct SchemaChange {
  enum class Kind : uint8_t { kAddColumn, kRenameColumn, kDropColumn, kWidenColumn };

  /// A new optional column with a fresh field id (old files read it as NULL).
  static SchemaChange AddColumn(std::string name, LogicalType type, std::string doc = "");
  static SchemaChange RenameColumn(std::string name, std::string new_name);
  /// Fails for a column a partition field or the sort order uses.
  static SchemaChange DropColumn(std::string name);
  /// Allowed: smallint→integer→bigint, real→double, numeric(p,s)→numeric(p',s)
  /// with p' > p, varchar(n)→varchar(m>n)/text. Anything else fails.
  static SchemaChange WidenColumn(std::string name, LogicalType new_type);

  Kind kind = Kind::kAddColumn;
  std::string name;
  std::string new_name;
  LogicalType type;
  std::string doc;
};

/// Applies `changes` in order to `base`'s current schema, producing metadata
/// with a new current schema (reusing an identical earlier schema's id), an
/// updated last-column-id and SQL type properties. Fails naming the first
/// change that does not apply.
Result<TableMetadata> ApplySchemaChanges(const TableMetadata& base, const std::vector<SchemaChange>& changes);

}  // namespace tributary::iceberg
