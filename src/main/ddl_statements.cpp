// CREATE/DROP SCHEMA and TABLE against the Iceberg catalog.
//
// Table layout in standard syntax (docs/sql.md):
//   CREATE TABLE s.t (...) PARTITION BY RANGE (col)
//     WITH (partition_granularity = 'day', cluster_by = 'a, b')
// maps PARTITION BY to the Iceberg partition spec (day/month/year/hour of a
// date or timestamp column, or identity) and cluster_by to the table's sort
// order (up to four identity keys).
#include <set>
#include <sstream>

#include "binder/binder.hpp"
#include "main/statements.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

std::string SchemaOf(const std::string& schema) { return schema.empty() ? kDefaultSchema : schema; }

[[noreturn]] void StorageError(const Status& status) {
  throw UserError(status.ToString(), "58030");
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\n");
  size_t e = s.find_last_not_of(" \t\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

bool ViewExists(const StatementContext& context, const catalog::TableIdentifier& id) {
  auto view = context.catalog->LoadView(id);
  if (view.ok()) return true;
  if (!view.status().IsNotFound()) StorageError(view.status());
  return false;
}

/// A table or a view of that name exists.
bool RelationExists(const StatementContext& context, const catalog::TableIdentifier& id) {
  auto exists = context.catalog->TableExists(id);
  if (!exists.ok()) StorageError(exists.status());
  return *exists || ViewExists(context, id);
}

/// Creates the table `ct` names with `fields`; `partition_column` and the
/// layout options come from PARTITION BY and WITH (...). False when it
/// existed and IF NOT EXISTS was given.
bool CreateTableWithFields(const StatementContext& context, const CreateTableStatement& ct,
                           std::vector<iceberg::SchemaField> fields, std::vector<int32_t> identifier,
                           std::string partition_column, std::vector<std::pair<std::string, std::string>> options);

QueryResult CreateTable(const StatementContext& context, const CreateTableStatement& ct) {
  std::string schema = SchemaOf(ct.schema);
  auto ns_exists = context.catalog->NamespaceExists(schema);
  if (!ns_exists.ok()) StorageError(ns_exists.status());
  if (!*ns_exists) throw SqlError("schema \"" + schema + "\" does not exist", "3F000");
  catalog::TableIdentifier id{schema, ct.name};
  if (RelationExists(context, id)) {
    if (ct.if_not_exists) return QueryResult::Command("CREATE TABLE");
    throw SqlError("relation \"" + ct.name + "\" already exists", "42P07");
  }
  if (ct.columns.empty()) throw SqlError("a table must have at least one column", "0A000");
  std::vector<iceberg::SchemaField> fields;
  std::set<std::string> names;
  for (size_t i = 0; i < ct.columns.size(); i++) {
    const ColumnDefinition& c = ct.columns[i];
    if (!names.insert(c.name).second) {
      throw SqlError("column \"" + c.name + "\" specified more than once", "42701", c.location);
    }
    auto type = LogicalType::Parse(c.type_name);
    if (!type.ok()) throw SqlError("type \"" + c.type_name + "\" does not exist", "42704", c.location);
    if (type->id() == TypeId::kInterval) throw SqlError("columns of type interval are not supported", "0A000", c.location);
    iceberg::SchemaField f;
    f.id = static_cast<int32_t>(i + 1);
    f.name = c.name;
    f.type = *type;
    f.required = c.not_null;
    fields.push_back(std::move(f));
  }
  std::vector<int32_t> identifier;
  for (const std::string& pk : ct.primary_key) {
    auto it = std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.name == pk; });
    if (it == fields.end()) throw SqlError("column \"" + pk + "\" named in key does not exist", "42703");
    identifier.push_back(it->id);
  }
  CreateTableWithFields(context, ct, std::move(fields), std::move(identifier), ct.partition_column, ct.options);
  return QueryResult::Command("CREATE TABLE");
}

bool CreateTableWithFields(const StatementContext& context, const CreateTableStatement& ct,
                           std::vector<iceberg::SchemaField> fields, std::vector<int32_t> identifier,
                           std::string partition_column, std::vector<std::pair<std::string, std::string>> options) {
  catalog::TableIdentifier id{SchemaOf(ct.schema), ct.name};
  CheckSchemaAccess(*context.catalog, context.identity.access, id.ns, Privilege::kCreate, -1);
  auto iceberg_schema = iceberg::Schema::Make(0, fields, identifier);
  if (!iceberg_schema.ok()) throw SqlError(iceberg_schema.status().message(), "42P16");

  std::string granularity, cluster_by;
  std::map<std::string, std::string> properties;
  for (const auto& [key, value] : options) {
    std::string k = Lower(key);
    if (k == "partition_granularity") {
      granularity = Lower(Trim(value));
    } else if (k == "cluster_by") {
      cluster_by = value;
    } else if (k == "compression") {
      properties[std::string(iceberg::kParquetCodecProperty)] = CompressionOption(value);
    } else {
      throw SqlError("unrecognized parameter \"" + key + "\"", "22023");
    }
  }
  std::shared_ptr<const iceberg::PartitionSpec> spec;
  if (!partition_column.empty()) {
    const iceberg::SchemaField* f = (*iceberg_schema)->FindField(partition_column);
    if (f == nullptr) {
      throw SqlError("column \"" + partition_column + "\" named in partition key does not exist", "42703");
    }
    if (granularity.empty()) granularity = f->type.is_temporal() ? "day" : "identity";
    iceberg::PartitionSpec::Builder builder(*iceberg_schema);
    if (granularity == "day") builder.Day(f->name);
    else if (granularity == "month") builder.Month(f->name);
    else if (granularity == "year") builder.Year(f->name);
    else if (granularity == "hour") builder.Hour(f->name);
    else if (granularity == "identity") builder.Identity(f->name);
    else {
      throw SqlError("invalid value for parameter \"partition_granularity\": \"" + granularity + "\"", "22023", -1,
                     "Valid values are \"day\", \"month\", \"year\", \"hour\" and \"identity\".");
    }
    auto built = builder.Build();
    if (!built.ok()) throw SqlError(built.status().message(), "22023");
    spec = *built;
  } else if (!granularity.empty()) {
    throw SqlError("partition_granularity requires PARTITION BY", "22023");
  }
  std::shared_ptr<const iceberg::SortOrder> order;
  if (!cluster_by.empty()) {
    std::vector<iceberg::SortField> keys;
    std::stringstream in(cluster_by);
    std::string column;
    while (std::getline(in, column, ',')) {
      column = Trim(column);
      const iceberg::SchemaField* f = (*iceberg_schema)->FindField(column);
      if (f == nullptr) throw SqlError("column \"" + column + "\" named in cluster_by does not exist", "42703");
      iceberg::SortField key;
      key.source_id = f->id;
      keys.push_back(key);
    }
    if (keys.size() > 4) throw SqlError("cluster_by takes at most four columns", "22023");
    auto made = iceberg::SortOrder::Make(**iceberg_schema, 1, keys);
    if (!made.ok()) throw SqlError(made.status().message(), "22023");
    order = *made;
  }
  auto table = context.catalog->CreateTable(id, *iceberg_schema, spec, order, std::move(properties));
  // Another session created it since the check above (two loaders racing to
  // create their common target): IF NOT EXISTS holds.
  if (!table.ok() && table.status().code() == StatusCode::kAlreadyExists && ct.if_not_exists) return false;
  if (!table.ok()) StorageError(table.status());
  RecordOwner(context, "relation", id.ns, id.name);
  return true;
}

/// CREATE TABLE t [(names)] [WITH (layout)] AS query [WITH [NO] DATA]: the
/// table takes the query's column names and types; `partition_by` in WITH
/// names the partition column. A failed load drops the table again.
QueryResult CreateTableAs(const StatementContext& context, const Statement& statement) {
  const CreateTableStatement& ct = *statement.create_table;
  catalog::TableIdentifier id{SchemaOf(ct.schema), ct.name};
  auto ns_exists = context.catalog->NamespaceExists(id.ns);
  if (!ns_exists.ok()) StorageError(ns_exists.status());
  if (!*ns_exists) throw SqlError("schema \"" + id.ns + "\" does not exist", "3F000");
  if (RelationExists(context, id)) {
    if (ct.if_not_exists) return QueryResult::Command("CREATE TABLE AS");
    throw SqlError("relation \"" + ct.name + "\" already exists", "42P07");
  }
  Binder binder(context.catalog, context.identity);
  BoundQuery query = binder.BindSelect(*statement.select);
  std::vector<LogicalType> types = query.plan->types();
  if (statement.column_names.size() > types.size()) {
    throw SqlError("too many column names were specified", "42601");
  }
  std::vector<iceberg::SchemaField> fields;
  std::set<std::string> names;
  for (size_t i = 0; i < types.size(); i++) {
    iceberg::SchemaField f;
    f.id = static_cast<int32_t>(i + 1);
    f.name = i < statement.column_names.size() ? statement.column_names[i] : query.names[i];
    f.type = types[i];
    if (!names.insert(f.name).second) throw SqlError("column \"" + f.name + "\" specified more than once", "42701");
    fields.push_back(std::move(f));
  }
  std::string partition_column;
  std::vector<std::pair<std::string, std::string>> options;
  for (const auto& [key, value] : ct.options) {
    if (Lower(key) == "partition_by") partition_column = Trim(value);
    else options.emplace_back(key, value);
  }
  if (!CreateTableWithFields(context, ct, std::move(fields), {}, partition_column, options) || !statement.with_data) {
    return QueryResult::Command("CREATE TABLE AS");
  }
  try {
    QueryResult inserted = InsertInto(context, ct.schema, ct.name, statement.name_location, {}, *statement.select);
    std::string tag = inserted.command_tag();  // "INSERT 0 n"
    QueryResult result = QueryResult::Command("SELECT " + tag.substr(tag.rfind(' ') + 1));
    result.metrics() = inserted.metrics();
    return result;
  } catch (...) {
    (void)context.catalog->DropTable(id, true);
    throw;
  }
}

QueryResult CreateView(const StatementContext& context, const Statement& statement) {
  catalog::TableIdentifier id{SchemaOf(statement.schema), statement.name};
  auto ns_exists = context.catalog->NamespaceExists(id.ns);
  if (!ns_exists.ok()) StorageError(ns_exists.status());
  if (!*ns_exists) throw SqlError("schema \"" + id.ns + "\" does not exist", "3F000");
  auto is_table = context.catalog->TableExists(id);
  if (!is_table.ok()) StorageError(is_table.status());
  if (*is_table) {
    throw SqlError(statement.or_replace ? "\"" + id.name + "\" is not a view" : "relation \"" + id.name + "\" already exists",
                   statement.or_replace ? "42809" : "42P07");
  }
  const bool replacing = ViewExists(context, id);
  if (!statement.or_replace && replacing) {
    throw SqlError("relation \"" + id.name + "\" already exists", "42P07");
  }
  CheckSchemaAccess(*context.catalog, context.identity.access, id.ns, Privilege::kCreate, -1);
  if (replacing) CheckOwner(*context.catalog, context.identity.access, "relation", id.ns, id.name, "view", -1);
  // The query must bind now; it is bound again at every use.
  Binder binder(context.catalog, context.identity);
  BoundQuery query = binder.BindSelect(*statement.select);
  if (statement.column_names.size() > query.names.size()) {
    throw SqlError("CREATE VIEW specifies more column names than columns", "42601");
  }
  std::set<std::string> names;
  for (size_t i = 0; i < query.names.size(); i++) {
    const std::string& name = i < statement.column_names.size() ? statement.column_names[i] : query.names[i];
    if (!names.insert(name).second) throw SqlError("column \"" + name + "\" specified more than once", "42701");
  }
  Status st = context.catalog->CreateView(id, statement.text, statement.or_replace);
  if (st.code() == StatusCode::kAlreadyExists) throw SqlError("relation \"" + id.name + "\" already exists", "42P07");
  if (!st.ok()) StorageError(st);
  if (!replacing) RecordOwner(context, "relation", id.ns, id.name);
  return QueryResult::Command("CREATE VIEW");
}

}  // namespace

std::string CompressionOption(const std::string& value) {
  auto codec = parquet::ParseCodec(Trim(value));
  if (!codec.ok()) {
    throw SqlError("invalid value for parameter \"compression\": \"" + value + "\"", "22023", -1,
                   "Valid values are \"zstd\", \"lz4\", \"snappy\", \"gzip\" and \"uncompressed\".");
  }
  return std::string(iceberg::IcebergCodecName(*codec));
}

QueryResult ExecuteDdl(const StatementContext& context, const Statement& statement) {
  auto& catalog = context.catalog;
  switch (statement.kind) {
    case Statement::Kind::kCreateSchema: {
      // PostgreSQL asks for CREATE on the database, which only its owner has.
      if (!context.identity.access.superuser) {
        throw SqlError(std::string("permission denied for database ") + catalog->name(), "42501");
      }
      Status st = catalog->CreateNamespace(statement.name);
      if (st.code() == StatusCode::kAlreadyExists) {
        if (statement.if_exists) return QueryResult::Command("CREATE SCHEMA");
        throw SqlError("schema \"" + statement.name + "\" already exists", "42P06");
      }
      if (!st.ok()) StorageError(st);
      RecordOwner(context, "schema", "", statement.name);
      return QueryResult::Command("CREATE SCHEMA");
    }
    case Statement::Kind::kDropSchema: {
      for (const auto& [schema, unused] : statement.drop_targets) {
        auto exists = catalog->NamespaceExists(schema);
        if (!exists.ok()) StorageError(exists.status());
        if (!*exists) {
          if (statement.if_exists) continue;
          throw SqlError("schema \"" + schema + "\" does not exist", "3F000");
        }
        CheckOwner(*catalog, context.identity.access, "schema", "", schema, "schema", -1);
        auto tables = catalog->ListTables(schema);
        if (!tables.ok()) StorageError(tables.status());
        auto views = catalog->ListViews(schema);
        if (!views.ok()) StorageError(views.status());
        for (const auto& t : *tables) ForgetObject(context, "relation", schema, t.name);
        for (const auto& v : *views) ForgetObject(context, "relation", schema, v.name);
        if (!views->empty()) {
          if (!statement.cascade) {
            throw SqlError("cannot drop schema " + schema + " because other objects depend on it", "2BP01", -1,
                           "Use DROP ... CASCADE to drop the dependent objects too.");
          }
          for (const auto& v : *views) {
            Status st = catalog->DropView(v);
            if (!st.ok()) StorageError(st);
          }
        }
        if (!tables->empty()) {
          if (!statement.cascade) {
            throw SqlError("cannot drop schema " + schema + " because other objects depend on it", "2BP01", -1,
                           "Use DROP ... CASCADE to drop the dependent objects too.");
          }
          for (const auto& t : *tables) {
            Status st = catalog->DropTable(t, true);
            if (!st.ok()) StorageError(st);
          }
        }
        Status st = catalog->DropNamespace(schema);
        if (!st.ok()) StorageError(st);
        ForgetObject(context, "schema", "", schema);
      }
      return QueryResult::Command("DROP SCHEMA");
    }
    case Statement::Kind::kCreateTable: return CreateTable(context, *statement.create_table);
    case Statement::Kind::kCreateTableAs: return CreateTableAs(context, statement);
    case Statement::Kind::kCreateView: return CreateView(context, statement);
    case Statement::Kind::kDropView: {
      for (const auto& [schema, name] : statement.drop_targets) {
        catalog::TableIdentifier id{SchemaOf(schema), name};
        if (ViewExists(context, id)) CheckOwner(*catalog, context.identity.access, "relation", id.ns, id.name, "view", -1);
        Status st = catalog->DropView(id);
        if (st.IsNotFound()) {
          auto is_table = catalog->TableExists(id);
          if (is_table.ok() && *is_table) {
            throw SqlError("\"" + name + "\" is not a view", "42809", -1, "Use DROP TABLE to remove a table.");
          }
          if (statement.if_exists) continue;
          throw SqlError("view \"" + name + "\" does not exist", "42P01");
        }
        if (!st.ok()) StorageError(st);
        ForgetObject(context, "relation", id.ns, id.name);
      }
      return QueryResult::Command("DROP VIEW");
    }
    case Statement::Kind::kDropTable: {
      for (const auto& [schema, name] : statement.drop_targets) {
        catalog::TableIdentifier id{SchemaOf(schema), name};
        auto exists = catalog->TableExists(id);
        if (exists.ok() && *exists) {
          CheckOwner(*catalog, context.identity.access, "relation", id.ns, id.name, "table", -1);
        }
        Status st = catalog->DropTable(id, true);
        if (st.IsNotFound()) {
          if (ViewExists(context, id)) {
            throw SqlError("\"" + name + "\" is not a table", "42809", -1, "Use DROP VIEW to remove a view.");
          }
          if (statement.if_exists) continue;
          throw SqlError("table \"" + name + "\" does not exist", "42P01");
        }
        if (!st.ok()) StorageError(st);
        ForgetObject(context, "relation", id.ns, id.name);
      }
      return QueryResult::Command("DROP TABLE");
    }
    default: throw SqlError("statement is not supported", "0A000");
  }
}

}  // namespace tributary::sql
