// ALTER TABLE: Iceberg schema evolution by field id. ADD COLUMN gives a new
// nullable field (older files read it as NULL), DROP COLUMN removes the
// field (its data stays in older files, unread), RENAME COLUMN renames the
// field, ALTER COLUMN TYPE widens it (integer -> bigint, real -> double
// precision, numeric precision, varchar length); all actions of one
// statement are one metadata commit. No data file is rewritten.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "binder/binder.hpp"
#include "main/statements.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

[[noreturn]] void StorageError(const Status& status) {
  throw UserError(status.ToString(), status.code() == StatusCode::kConflict ? "40001" : "58030");
}

/// The widenings Iceberg allows and the reader applies.
bool IsWidening(const LogicalType& from, const LogicalType& to) {
  switch (from.id()) {
    case TypeId::kSmallInt: return to.id() == TypeId::kInteger || to.id() == TypeId::kBigInt;
    case TypeId::kInteger: return to.id() == TypeId::kBigInt;
    case TypeId::kReal: return to.id() == TypeId::kDouble;
    case TypeId::kNumeric:
      return to.id() == TypeId::kNumeric && to.scale() == from.scale() && to.precision() >= from.precision();
    case TypeId::kVarchar:
      return to.id() == TypeId::kVarchar &&
             (to.max_length() < 0 || (from.max_length() >= 0 && to.max_length() >= from.max_length()));
    default: return false;
  }
}

}  // namespace

QueryResult ExecuteAlterTable(const StatementContext& context, const Statement& statement) {
  const std::string schema = statement.schema.empty() ? kDefaultSchema : statement.schema;
  catalog::TableIdentifier id{schema, statement.name};
  auto loaded = context.catalog->LoadTable(id);
  if (!loaded.ok()) {
    if (!loaded.status().IsNotFound()) StorageError(loaded.status());
    if (statement.if_exists) return QueryResult::Command("ALTER TABLE");
    throw SqlError("relation \"" + statement.name + "\" does not exist", "42P01", statement.name_location);
  }
  std::shared_ptr<iceberg::Table> table = *loaded;
  const std::string& relation = statement.name;
  CheckOwner(*context.catalog, context.identity.access, "relation", schema, statement.name, "table",
             statement.name_location);

  if (statement.alter.size() == 1 && statement.alter[0].kind == AlterCommand::Kind::kRenameTable) {
    catalog::TableIdentifier to{schema, statement.alter[0].new_name};
    auto taken = context.catalog->TableExists(to);
    if (!taken.ok()) StorageError(taken.status());
    if (*taken || context.catalog->LoadView(to).ok()) {
      throw SqlError("relation \"" + to.name + "\" already exists", "42P07");
    }
    Status st = context.catalog->RenameTable(id, to);
    if (!st.ok()) StorageError(st);
    st = context.catalog->RenameObjectAcl("relation", id.ns, id.name, to.ns, to.name);
    if (!st.ok()) StorageError(st);
    st = context.catalog->RenameRowSecurity(id, to);
    if (!st.ok()) StorageError(st);
    return QueryResult::Command("ALTER TABLE");
  }
  ApplyRowSecurityCommands(context, id, statement.alter);

  // The columns as each action sees them, to check the actions in order.
  std::vector<std::pair<std::string, LogicalType>> columns;
  for (const auto& f : table->metadata()->current_schema()->fields()) columns.emplace_back(f.name, f.type);
  auto find = [&](const std::string& name) {
    return std::find_if(columns.begin(), columns.end(), [&](const auto& c) { return c.first == name; });
  };
  std::vector<iceberg::SchemaChange> changes;
  std::map<std::string, std::string> set_properties;
  std::set<std::string> removed_properties;
  for (const AlterCommand& cmd : statement.alter) {
    auto it = find(cmd.column);
    switch (cmd.kind) {
      case AlterCommand::Kind::kAddColumn: {
        if (it != columns.end()) {
          if (cmd.missing_ok) continue;
          throw SqlError("column \"" + cmd.column + "\" of relation \"" + relation + "\" already exists", "42701");
        }
        auto type = LogicalType::Parse(cmd.type_name);
        if (!type.ok()) throw SqlError("type \"" + cmd.type_name + "\" does not exist", "42704", cmd.location);
        columns.emplace_back(cmd.column, *type);
        changes.push_back(iceberg::SchemaChange::AddColumn(cmd.column, *type));
        break;
      }
      case AlterCommand::Kind::kDropColumn: {
        if (it == columns.end()) {
          if (cmd.missing_ok) continue;
          throw SqlError("column \"" + cmd.column + "\" of relation \"" + relation + "\" does not exist", "42703");
        }
        if (columns.size() == 1) {
          throw SqlError("cannot drop column \"" + cmd.column + "\": a table must keep at least one column", "0A000");
        }
        columns.erase(it);
        changes.push_back(iceberg::SchemaChange::DropColumn(cmd.column));
        break;
      }
      case AlterCommand::Kind::kAlterType: {
        if (it == columns.end()) {
          throw SqlError("column \"" + cmd.column + "\" of relation \"" + relation + "\" does not exist", "42703");
        }
        auto type = LogicalType::Parse(cmd.type_name);
        if (!type.ok()) throw SqlError("type \"" + cmd.type_name + "\" does not exist", "42704", cmd.location);
        if (*type == it->second) continue;
        if (!IsWidening(it->second, *type)) {
          throw SqlError("cannot change column \"" + cmd.column + "\" from " + it->second.ToString() + " to " +
                             type->ToString(),
                         "0A000", cmd.location,
                         "Only widening changes are supported: smallint to integer or bigint, integer to bigint, "
                         "real to double precision, numeric to a larger precision with the same scale, and "
                         "varchar to a longer varchar or text.");
        }
        it->second = *type;
        changes.push_back(iceberg::SchemaChange::WidenColumn(cmd.column, *type));
        break;
      }
      case AlterCommand::Kind::kRenameColumn: {
        if (it == columns.end()) throw SqlError("column \"" + cmd.column + "\" does not exist", "42703");
        if (find(cmd.new_name) != columns.end()) {
          throw SqlError("column \"" + cmd.new_name + "\" of relation \"" + relation + "\" already exists", "42701");
        }
        it->first = cmd.new_name;
        changes.push_back(iceberg::SchemaChange::RenameColumn(cmd.column, cmd.new_name));
        break;
      }
      case AlterCommand::Kind::kRenameTable:
        throw SqlError("RENAME cannot be combined with other ALTER TABLE actions", "42601");
      case AlterCommand::Kind::kEnableRowSecurity:
      case AlterCommand::Kind::kDisableRowSecurity:
      case AlterCommand::Kind::kForceRowSecurity:
      case AlterCommand::Kind::kNoForceRowSecurity: break;  // applied above
      case AlterCommand::Kind::kSetOptions:
      case AlterCommand::Kind::kResetOptions:
        for (const auto& [key, value] : cmd.options) {
          std::string k = key;
          std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return std::tolower(c); });
          if (k == "partition_granularity" || k == "cluster_by") {
            throw SqlError("parameter \"" + key + "\" cannot be changed by ALTER TABLE", "0A000", -1,
                           "Create a new table with the layout and INSERT ... SELECT into it.");
          }
          if (k != "compression") throw SqlError("unrecognized parameter \"" + key + "\"", "22023");
          const std::string property(iceberg::kParquetCodecProperty);
          if (cmd.kind == AlterCommand::Kind::kResetOptions) {
            set_properties.erase(property);
            removed_properties.insert(property);
            continue;
          }
          removed_properties.erase(property);
          set_properties[property] = CompressionOption(value);
        }
        break;
    }
  }
  if (!set_properties.empty() || !removed_properties.empty()) {
    // Files written from now on follow it; existing files keep their codec.
    Status st = table->UpdateProperties(set_properties, removed_properties);
    if (!st.ok()) StorageError(st);
  }
  if (changes.empty()) return QueryResult::Command("ALTER TABLE");
  Status st = table->UpdateSchema(changes);
  if (st.code() == StatusCode::kInvalidArgument || st.code() == StatusCode::kNotSupported) {
    // e.g. dropping a partition source or cluster key column.
    throw SqlError(st.message(), "0A000");
  }
  if (!st.ok()) StorageError(st);
  return QueryResult::Command("ALTER TABLE");
}

}  // namespace tributary::sql
