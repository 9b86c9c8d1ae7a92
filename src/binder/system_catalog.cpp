#include "binder/system_catalog.hpp"

#include <algorithm>
#include <set>

#include "binder/binder.hpp"
#include "function/builtin_kernels.hpp"
#include "parser/parser.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

constexpr const char* kCatalogSchema = "pg_catalog";
constexpr const char* kInfoSchema = "information_schema";
constexpr int32_t kBootstrapRoleOid = 10;
constexpr const char* kBootstrapRole = "admin";
constexpr int32_t kHeapAmOid = 2;
constexpr int32_t kDatabaseOid = 16384;

LogicalType Oid() { return LogicalType::Integer(); }
LogicalType Text() { return LogicalType::Varchar(); }
LogicalType Bool() { return LogicalType::Boolean(); }
LogicalType Int2() { return LogicalType::SmallInt(); }
LogicalType Int4() { return LogicalType::Integer(); }
LogicalType Real() { return LogicalType::Real(); }

/// A system relation: where it lives, PostgreSQL's oid for it, its kind and columns.
struct SystemRelationDef {
  const char* schema;
  const char* name;
  int32_t oid;
  char kind;
  std::vector<std::pair<const char*, LogicalType>> columns;
};

const std::vector<SystemRelationDef>& SystemRelations() {
  static const std::vector<SystemRelationDef> kDefs = {
      {kCatalogSchema, "pg_namespace", 2615, 'r', {{"oid", Oid()}, {"nspname", Text()}, {"nspowner", Oid()}, {"nspacl", Text()}}},
      {kCatalogSchema, "pg_class", 1259, 'r',
       {{"oid", Oid()}, {"relname", Text()}, {"relnamespace", Oid()}, {"reltype", Oid()}, {"reloftype", Oid()},
        {"relowner", Oid()}, {"relam", Oid()}, {"relfilenode", Oid()}, {"reltablespace", Oid()}, {"relpages", Int4()},
        {"reltuples", Real()}, {"relallvisible", Int4()}, {"reltoastrelid", Oid()}, {"relhasindex", Bool()},
        {"relisshared", Bool()}, {"relpersistence", Text()}, {"relkind", Text()}, {"relnatts", Int2()},
        {"relchecks", Int2()}, {"relhasrules", Bool()}, {"relhastriggers", Bool()}, {"relhassubclass", Bool()},
        {"relrowsecurity", Bool()}, {"relforcerowsecurity", Bool()}, {"relispopulated", Bool()},
        {"relreplident", Text()}, {"relispartition", Bool()}, {"relrewrite", Oid()}, {"relacl", Text()},
        {"reloptions", Text()}, {"relpartbound", Text()}}},
      {kCatalogSchema, "pg_attribute", 1249, 'r',
       {{"attrelid", Oid()}, {"attname", Text()}, {"atttypid", Oid()}, {"attstattarget", Int4()}, {"attlen", Int2()},
        {"attnum", Int2()}, {"attndims", Int4()}, {"atttypmod", Int4()}, {"attbyval", Bool()}, {"attalign", Text()},
        {"attstorage", Text()}, {"attnotnull", Bool()}, {"atthasdef", Bool()}, {"atthasmissing", Bool()},
        {"attidentity", Text()}, {"attgenerated", Text()}, {"attisdropped", Bool()}, {"attislocal", Bool()},
        {"attinhcount", Int4()}, {"attcollation", Oid()}, {"attacl", Text()}, {"attoptions", Text()}}},
      {kCatalogSchema, "pg_type", 1247, 'r',
       {{"oid", Oid()}, {"typname", Text()}, {"typnamespace", Oid()}, {"typowner", Oid()}, {"typlen", Int2()},
        {"typbyval", Bool()}, {"typtype", Text()}, {"typcategory", Text()}, {"typispreferred", Bool()},
        {"typisdefined", Bool()}, {"typdelim", Text()}, {"typrelid", Oid()}, {"typelem", Oid()}, {"typarray", Oid()},
        {"typnotnull", Bool()}, {"typbasetype", Oid()}, {"typtypmod", Int4()}, {"typndims", Int4()},
        {"typcollation", Oid()}, {"typdefault", Text()}}},
      {kCatalogSchema, "pg_roles", 1260 + 100000, 'v',
       {{"rolname", Text()}, {"rolsuper", Bool()}, {"rolinherit", Bool()}, {"rolcreaterole", Bool()},
        {"rolcreatedb", Bool()}, {"rolcanlogin", Bool()}, {"rolreplication", Bool()}, {"rolconnlimit", Int4()},
        {"rolpassword", Text()}, {"rolvaliduntil", LogicalType::TimestampTz()}, {"rolbypassrls", Bool()},
        {"rolconfig", Text()}, {"oid", Oid()}}},
      {kCatalogSchema, "pg_authid", 1260, 'r',
       {{"oid", Oid()}, {"rolname", Text()}, {"rolsuper", Bool()}, {"rolinherit", Bool()}, {"rolcreaterole", Bool()},
        {"rolcreatedb", Bool()}, {"rolcanlogin", Bool()}, {"rolreplication", Bool()}, {"rolbypassrls", Bool()},
        {"rolconnlimit", Int4()}, {"rolpassword", Text()}, {"rolvaliduntil", LogicalType::TimestampTz()}}},
      {kCatalogSchema, "pg_user", 1260 + 100001, 'v',
       {{"usename", Text()}, {"usesysid", Oid()}, {"usecreatedb", Bool()}, {"usesuper", Bool()}, {"userepl", Bool()},
        {"usebypassrls", Bool()}, {"passwd", Text()}, {"valuntil", LogicalType::TimestampTz()}, {"useconfig", Text()}}},
      {kCatalogSchema, "pg_auth_members", 1261, 'r',
       {{"roleid", Oid()}, {"member", Oid()}, {"grantor", Oid()}, {"admin_option", Bool()}}},
      {kCatalogSchema, "pg_database", 1262, 'r',
       {{"oid", Oid()}, {"datname", Text()}, {"datdba", Oid()}, {"encoding", Int4()}, {"datlocprovider", Text()},
        {"datistemplate", Bool()}, {"datallowconn", Bool()}, {"datconnlimit", Int4()}, {"datcollate", Text()},
        {"datctype", Text()}, {"daticulocale", Text()}, {"datcollversion", Text()}, {"datacl", Text()}}},
      {kCatalogSchema, "pg_am", 2601, 'r', {{"oid", Oid()}, {"amname", Text()}, {"amhandler", Text()}, {"amtype", Text()}}},
      {kCatalogSchema, "pg_index", 2610, 'r',
       {{"indexrelid", Oid()}, {"indrelid", Oid()}, {"indnatts", Int2()}, {"indnkeyatts", Int2()},
        {"indisunique", Bool()}, {"indisprimary", Bool()}, {"indisexclusion", Bool()}, {"indimmediate", Bool()},
        {"indisclustered", Bool()}, {"indisvalid", Bool()}, {"indisready", Bool()}, {"indislive", Bool()},
        {"indisreplident", Bool()}, {"indkey", Text()}}},
      {kCatalogSchema, "pg_description", 2609, 'r',
       {{"objoid", Oid()}, {"classoid", Oid()}, {"objsubid", Int4()}, {"description", Text()}}},
      {kCatalogSchema, "pg_constraint", 2606, 'r',
       {{"oid", Oid()}, {"conname", Text()}, {"connamespace", Oid()}, {"contype", Text()}, {"condeferrable", Bool()},
        {"condeferred", Bool()}, {"convalidated", Bool()}, {"conrelid", Oid()}, {"contypid", Oid()},
        {"conindid", Oid()}, {"confrelid", Oid()}, {"conkey", Text()}, {"confkey", Text()}, {"conbin", Text()}}},
      {kCatalogSchema, "pg_attrdef", 2604, 'r', {{"oid", Oid()}, {"adrelid", Oid()}, {"adnum", Int2()}, {"adbin", Text()}}},
      {kCatalogSchema, "pg_inherits", 2611, 'r',
       {{"inhrelid", Oid()}, {"inhparent", Oid()}, {"inhseqno", Int4()}, {"inhdetachpending", Bool()}}},
      {kCatalogSchema, "pg_collation", 3456, 'r',
       {{"oid", Oid()}, {"collname", Text()}, {"collnamespace", Oid()}, {"collowner", Oid()}, {"collprovider", Text()},
        {"collisdeterministic", Bool()}, {"collencoding", Int4()}, {"collcollate", Text()}, {"collctype", Text()}}},
      {kCatalogSchema, "pg_policy", 3256, 'r',
       {{"oid", Oid()}, {"polname", Text()}, {"polrelid", Oid()}, {"polcmd", Text()}, {"polpermissive", Bool()},
        {"polroles", Text()}, {"polqual", Text()}, {"polwithcheck", Text()}}},
      {kCatalogSchema, "pg_policies", 3256 + 100000, 'v',
       {{"schemaname", Text()}, {"tablename", Text()}, {"policyname", Text()}, {"permissive", Text()},
        {"roles", Text()}, {"cmd", Text()}, {"qual", Text()}, {"with_check", Text()}}},
      // Tributary has no logical replication: the publication catalogs are empty.
      {kCatalogSchema, "pg_publication", 6104, 'r',
       {{"oid", Oid()}, {"pubname", Text()}, {"pubowner", Oid()}, {"puballtables", Bool()}, {"pubinsert", Bool()},
        {"pubupdate", Bool()}, {"pubdelete", Bool()}, {"pubtruncate", Bool()}, {"pubviaroot", Bool()}}},
      {kCatalogSchema, "pg_publication_namespace", 6237, 'r', {{"oid", Oid()}, {"pnpubid", Oid()}, {"pnnspid", Oid()}}},
      {kCatalogSchema, "pg_publication_rel", 6106, 'r',
       {{"oid", Oid()}, {"prpubid", Oid()}, {"prrelid", Oid()}, {"prqual", Text()}, {"prattrs", Text()}}},
      {kCatalogSchema, "pg_statistic_ext", 3381, 'r',
       {{"oid", Oid()}, {"stxrelid", Oid()}, {"stxname", Text()}, {"stxnamespace", Oid()}, {"stxowner", Oid()},
        {"stxstattarget", Int4()}, {"stxkeys", Text()}, {"stxkind", Text()}, {"stxexprs", Text()}}},
      {kCatalogSchema, "pg_tables", 1259 + 100000, 'v',
       {{"schemaname", Text()}, {"tablename", Text()}, {"tableowner", Text()}, {"tablespace", Text()},
        {"hasindexes", Bool()}, {"hasrules", Bool()}, {"hastriggers", Bool()}, {"rowsecurity", Bool()}}},
      {kCatalogSchema, "pg_views", 1259 + 100001, 'v',
       {{"schemaname", Text()}, {"viewname", Text()}, {"viewowner", Text()}, {"definition", Text()}}},
      {kInfoSchema, "schemata", 13000 + 1, 'v',
       {{"catalog_name", Text()}, {"schema_name", Text()}, {"schema_owner", Text()},
        {"default_character_set_catalog", Text()}, {"default_character_set_schema", Text()},
        {"default_character_set_name", Text()}, {"sql_path", Text()}}},
      {kInfoSchema, "tables", 13000 + 2, 'v',
       {{"table_catalog", Text()}, {"table_schema", Text()}, {"table_name", Text()}, {"table_type", Text()},
        {"self_referencing_column_name", Text()}, {"reference_generation", Text()},
        {"user_defined_type_catalog", Text()}, {"user_defined_type_schema", Text()},
        {"user_defined_type_name", Text()}, {"is_insertable_into", Text()}, {"is_typed", Text()},
        {"commit_action", Text()}}},
      {kInfoSchema, "columns", 13000 + 3, 'v',
       {{"table_catalog", Text()}, {"table_schema", Text()}, {"table_name", Text()}, {"column_name", Text()},
        {"ordinal_position", Int4()}, {"column_default", Text()}, {"is_nullable", Text()}, {"data_type", Text()},
        {"character_maximum_length", Int4()}, {"character_octet_length", Int4()}, {"numeric_precision", Int4()},
        {"numeric_precision_radix", Int4()}, {"numeric_scale", Int4()}, {"datetime_precision", Int4()},
        {"interval_type", Text()}, {"interval_precision", Int4()}, {"udt_catalog", Text()}, {"udt_schema", Text()},
        {"udt_name", Text()}, {"dtd_identifier", Text()}, {"is_identity", Text()}, {"is_generated", Text()},
        {"is_updatable", Text()}}},
      {kInfoSchema, "views", 13000 + 4, 'v',
       {{"table_catalog", Text()}, {"table_schema", Text()}, {"table_name", Text()}, {"view_definition", Text()},
        {"check_option", Text()}, {"is_updatable", Text()}, {"is_insertable_into", Text()},
        {"is_trigger_updatable", Text()}, {"is_trigger_deletable", Text()}, {"is_trigger_insertable_into", Text()}}},
  };
  return kDefs;
}

const SystemRelationDef* FindSystemRelation(const std::string& schema, const std::string& name) {
  const std::string& s = schema.empty() ? std::string(kCatalogSchema) : schema;
  for (const auto& d : SystemRelations()) {
    if (s == d.schema && name == d.name) return &d;
  }
  return nullptr;
}

/// PostgreSQL's description of one of our column types in pg_type terms.
struct PgType {
  int32_t oid;
  const char* name;
  int16_t len;
  bool byval;
  char category;
};

const std::vector<PgType>& PgTypes() {
  static const std::vector<PgType> kTypes = {
      {16, "bool", 1, true, 'B'},          {18, "char", 1, true, 'Z'},
      {19, "name", 64, false, 'S'},        {20, "int8", 8, true, 'N'},
      {21, "int2", 2, true, 'N'},          {23, "int4", 4, true, 'N'},
      {25, "text", -1, false, 'S'},        {26, "oid", 4, true, 'N'},
      {700, "float4", 4, true, 'N'},       {701, "float8", 8, true, 'N'},
      {1043, "varchar", -1, false, 'S'},   {1082, "date", 4, true, 'D'},
      {1114, "timestamp", 8, true, 'D'},   {1184, "timestamptz", 8, true, 'D'},
      {1186, "interval", 16, false, 'T'},  {1700, "numeric", -1, false, 'N'},
  };
  return kTypes;
}

/// (type oid, typmod) of a column type, as PostgreSQL's pg_attribute has them.
std::pair<int32_t, int32_t> TypeOidOf(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kBoolean: return {16, -1};
    case TypeId::kSmallInt: return {21, -1};
    case TypeId::kInteger: return {23, -1};
    case TypeId::kBigInt: return {20, -1};
    case TypeId::kReal: return {700, -1};
    case TypeId::kDouble: return {701, -1};
    case TypeId::kNumeric: return {1700, ((type.precision() << 16) | type.scale()) + 4};
    case TypeId::kVarchar: return type.max_length() >= 0 ? std::pair{1043, type.max_length() + 4} : std::pair{25, -1};
    case TypeId::kDate: return {1082, -1};
    case TypeId::kTimestamp: return {1114, -1};
    case TypeId::kTimestampTz: return {1184, -1};
    case TypeId::kInterval: return {1186, -1};
    case TypeId::kNull: return {25, -1};
  }
  return {25, -1};
}

const PgType& PgTypeById(int32_t oid) {
  for (const auto& t : PgTypes()) {
    if (t.oid == oid) return t;
  }
  return PgTypes()[6];  // text
}

/// FNV-1a over "kind:name", folded into the range PostgreSQL gives user objects.
int32_t HashOid(const std::string& kind, const std::string& name) {
  uint32_t h = 2166136261u;
  for (char c : kind + ":" + name) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return static_cast<int32_t>(16384u + h % (0x7fffffffu - 16384u));
}

Value Str(const std::string& s) { return Value::Varchar(s); }
Value NullText() { return Value::Null(LogicalType::Varchar()); }
Value OidValue(int32_t oid) { return Value::Integer(oid); }

/// Set while a view's columns are being found, so that a view over the
/// system catalogs does not bind every view again.
thread_local bool binding_view_columns = false;

}  // namespace

int32_t SystemCatalog::NamespaceOid(const std::string& ns) {
  if (ns == kCatalogSchema) return 11;
  if (ns == "public") return 2200;
  if (ns == kInfoSchema) return 13000;
  return HashOid("namespace", ns);
}

int32_t SystemCatalog::RelationOid(const std::string& ns, const std::string& name) {
  if (const SystemRelationDef* d = FindSystemRelation(ns, name); d != nullptr && !ns.empty()) return d->oid;
  return HashOid("relation", ns + "." + name);
}

int32_t SystemCatalog::RoleOid(const std::string& role) {
  return role == kBootstrapRole ? kBootstrapRoleOid : HashOid("role", role);
}

bool SystemCatalog::IsSystemRelation(const std::string& schema, const std::string& name) {
  return FindSystemRelation(schema, name) != nullptr;
}

const SystemCatalog::Snapshot& SystemCatalog::Load() {
  if (snapshot_) return *snapshot_;
  auto check = [](const Status& st, const char* what) {
    if (!st.ok()) throw UserError(std::string("could not read the catalog's ") + what + ": " + st.ToString(), "58030");
  };
  auto snap = std::make_unique<Snapshot>();
  auto acls = catalog_->ListObjectAcls();
  check(acls.status(), "privileges");
  snap->acls = std::move(*acls);
  std::map<std::string, std::string> owners;  // "kind ns.name" -> owner
  for (const auto& a : snap->acls) {
    if (a.privilege.empty()) owners[a.kind + " " + a.ns + "." + a.name] = a.role;
  }
  auto owner_of = [&](const std::string& kind, const std::string& ns, const std::string& name) {
    auto it = owners.find(kind + " " + ns + "." + name);
    return it == owners.end() ? std::string(kBootstrapRole) : it->second;
  };
  snap->namespaces = {kCatalogSchema, kInfoSchema};
  auto namespaces = catalog_->ListNamespaces();
  check(namespaces.status(), "schemas");
  for (const std::string& ns : *namespaces) {
    snap->namespaces.push_back(ns);
    snap->namespace_owner[ns] = owner_of("schema", "", ns);
  }
  snap->namespace_owner[kCatalogSchema] = kBootstrapRole;
  snap->namespace_owner[kInfoSchema] = kBootstrapRole;
  for (const auto& d : SystemRelations()) {
    RelationInfo r;
    r.ns = d.schema;
    r.name = d.name;
    r.kind = d.kind;
    r.owner = kBootstrapRole;
    for (const auto& [name, type] : d.columns) r.columns.push_back({name, type, false});
    snap->relations.push_back(std::move(r));
  }
  for (const std::string& ns : *namespaces) {
    auto tables = catalog_->ListTables(ns);
    check(tables.status(), "tables");
    for (const auto& id : *tables) {
      auto table = catalog_->LoadTable(id);
      if (!table.ok()) continue;  // dropped since it was listed
      RelationInfo r;
      r.ns = id.ns;
      r.name = id.name;
      r.kind = 'r';
      r.owner = owner_of("relation", id.ns, id.name);
      auto security = catalog_->LoadRowSecurity(id);
      check(security.status(), "row security");
      r.row_security = *security;
      if (auto snapshot = (*table)->metadata()->current_snapshot()) {
        r.data_bytes = snapshot->SummaryInt(iceberg::summary::kTotalFilesSize);
      }
      const auto& schema = *(*table)->metadata()->current_schema();
      for (size_t i = 0; i < schema.fields().size(); i++) {
        const auto& f = schema.fields()[i];
        r.columns.push_back({f.name, f.type, f.required});
        for (int32_t key : schema.identifier_field_ids()) {
          if (key == f.id) r.primary_key.push_back(static_cast<int>(i + 1));
        }
      }
      snap->relations.push_back(std::move(r));
    }
    auto views = catalog_->ListViews(ns);
    check(views.status(), "views");
    for (const auto& id : *views) {
      auto text = catalog_->LoadView(id);
      if (!text.ok()) continue;
      RelationInfo r;
      r.ns = id.ns;
      r.name = id.name;
      r.kind = 'v';
      r.owner = owner_of("relation", id.ns, id.name);
      r.view_definition = *text;
      if (!binding_view_columns) ViewColumns(*text, r.owner, &r.columns);
      snap->relations.push_back(std::move(r));
    }
  }
  auto roles = catalog_->ListRoles();
  check(roles.status(), "roles");
  snap->roles = std::move(*roles);
  auto policies = catalog_->ListPolicies();
  check(policies.status(), "policies");
  snap->policies = std::move(*policies);
  auto members = catalog_->ListRoleMemberships();
  check(members.status(), "role memberships");
  snap->memberships = std::move(*members);
  snapshot_ = std::move(snap);
  return *snapshot_;
}

void SystemCatalog::ViewColumns(const std::string& definition, const std::string& owner, std::vector<Column>* out) {
  // The view's query bound as its owner, as every use of the view binds it;
  // a view whose tables are gone (or that fails otherwise) shows no columns.
  binding_view_columns = true;
  try {
    std::vector<Statement> parsed = Parse(definition);
    if (parsed.size() == 1 && parsed[0].kind == Statement::Kind::kCreateView) {
      SessionIdentity identity;
      identity.session_user = identity.current_user = owner;
      identity.access = ResolveAccessRoles(*catalog_, owner);
      Binder binder(catalog_, identity);
      BoundQuery query = binder.BindSelect(*parsed[0].select);
      auto types = query.plan->types();
      for (size_t i = 0; i < query.names.size(); i++) {
        std::string name = i < parsed[0].column_names.size() ? parsed[0].column_names[i] : query.names[i];
        out->push_back({name, types[i], false});
      }
    }
  } catch (const std::exception&) {
    out->clear();
  }
  binding_view_columns = false;
}

bool SystemCatalog::Holds(const AccessRoles& access, const std::string& kind, const std::string& ns,
                          const std::string& name, const std::string& owner, const std::string& privilege) const {
  auto member = [&](const std::string& role) {
    return std::find(access.roles.begin(), access.roles.end(), role) != access.roles.end();
  };
  if (access.superuser || member(owner)) return true;
  if (kind == "schema" && name == "public" && privilege == "USAGE") return true;
  if (kind == "relation" && (ns == kCatalogSchema || ns == kInfoSchema)) return privilege == "SELECT";
  if (kind == "schema" && (name == kCatalogSchema || name == kInfoSchema)) return privilege == "USAGE";
  for (const auto& a : snapshot_->acls) {
    if (a.privilege == privilege && a.kind == kind && a.ns == ns && a.name == name && member(a.role)) return true;
  }
  return false;
}

bool SystemCatalog::Visible(const RelationInfo& r) const {
  for (const char* p : {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"}) {
    if (Holds(access_, "relation", r.ns, r.name, r.owner, p)) return true;
  }
  return false;
}

BoundExprPtr SystemCatalog::HasPrivilege(const AccessRoles& access, const std::string& kind, BoundExprPtr object,
                                         const std::string& privileges, int location) {
  const Snapshot& snap = Load();
  static const std::vector<std::string> kRelation = {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE",
                                                     "REFERENCES", "TRIGGER"};
  static const std::vector<std::string> kSchema = {"USAGE", "CREATE"};
  const auto& known = kind == "relation" ? kRelation : kSchema;
  std::vector<std::string> wanted;
  std::string word;
  for (size_t i = 0; i <= privileges.size(); i++) {
    char c = i < privileges.size() ? privileges[i] : ',';
    if (c != ',') {
      word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      continue;
    }
    while (!word.empty() && word.front() == ' ') word.erase(word.begin());
    while (!word.empty() && word.back() == ' ') word.pop_back();
    if (std::find(known.begin(), known.end(), word) == known.end()) {
      throw SqlError("unrecognized privilege type: \"" + word + "\"", "22023", location);
    }
    wanted.push_back(word);
    word.clear();
  }
  auto holds_any = [&](const std::string& ns, const std::string& name, const std::string& owner) {
    for (const auto& w : wanted) {
      // REFERENCES and TRIGGER cannot be granted here: only owners (and superusers) have them.
      if (w == "REFERENCES" || w == "TRIGGER") {
        if (access.superuser || std::find(access.roles.begin(), access.roles.end(), owner) != access.roles.end()) {
          return true;
        }
      } else if (Holds(access, kind, ns, name, owner, w)) {
        return true;
      }
    }
    return false;
  };
  // A constant name: the answer is a constant.
  if (object->kind == BoundKind::kConstant && object->type.id() == TypeId::kVarchar && !object->value.is_null()) {
    const std::string text = object->value.GetString();
    if (kind == "schema") {
      for (const auto& ns : snap.namespaces) {
        if (ns == text) return BoundExpr::Constant(Value::Boolean(holds_any("", ns, snap.namespace_owner.at(ns))));
      }
      throw SqlError("schema \"" + text + "\" does not exist", "3F000", location);
    }
    int32_t oid = RegclassOid(text, location);
    for (const auto& r : snap.relations) {
      if (RelationOid(r.ns, r.name) == oid) return BoundExpr::Constant(Value::Boolean(holds_any(r.ns, r.name, r.owner)));
    }
  }
  if (!object->type.is_integral()) {
    throw SqlError("function has_" + std::string(kind == "schema" ? "schema" : "table") + "_privilege(" +
                       object->type.ToString() + ", text) does not exist",
                   "42883", location);
  }
  auto out = std::make_unique<BoundExpr>();
  out->kind = BoundKind::kInList;
  out->type = LogicalType::Boolean();
  out->children.push_back(std::move(object));
  if (kind == "schema") {
    for (const auto& ns : snap.namespaces) {
      if (holds_any("", ns, snap.namespace_owner.at(ns))) out->children.push_back(BoundExpr::Constant(Value::Integer(NamespaceOid(ns))));
    }
  } else {
    for (const auto& r : snap.relations) {
      if (holds_any(r.ns, r.name, r.owner)) out->children.push_back(BoundExpr::Constant(Value::Integer(RelationOid(r.ns, r.name))));
    }
  }
  if (out->children.size() == 1) return BoundExpr::Constant(Value::Boolean(false));
  return out;
}

Value SystemCatalog::AclOf(const std::string& kind, const std::string& ns, const std::string& name,
                           const std::string& owner, const std::string& all_privileges) const {
  static const std::vector<std::pair<std::string, char>> kLetters = {
      {"INSERT", 'a'}, {"SELECT", 'r'}, {"UPDATE", 'w'}, {"DELETE", 'd'}, {"TRUNCATE", 'D'},
      {"CREATE", 'C'}, {"USAGE", 'U'}};
  // Grantees in the order of their first grant, as PostgreSQL appends them.
  std::vector<std::pair<std::string, std::string>> by_grantee;
  auto add = [&](const std::string& grantee, char letter) {
    auto it = std::find_if(by_grantee.begin(), by_grantee.end(), [&](const auto& g) { return g.first == grantee; });
    if (it == by_grantee.end()) it = by_grantee.insert(by_grantee.end(), {grantee, ""});
    it->second += letter;
  };
  // Everyone may use public (PostgreSQL 15 grants USAGE on it to PUBLIC).
  if (kind == "schema" && name == "public") add("", 'U');
  for (const auto& a : snapshot_->acls) {
    if (a.privilege.empty() || a.kind != kind || a.ns != ns || a.name != name) continue;
    for (const auto& [word, letter] : kLetters) {
      if (word == a.privilege) add(a.role == "public" ? "" : a.role, letter);
    }
  }
  if (by_grantee.empty()) return NullText();
  // PostgreSQL lists the owner's implicit rights first once anything is granted.
  std::string out = "{" + ArrayElementText(owner + "=" + all_privileges + "/" + owner);
  for (auto& [grantee, letters] : by_grantee) {
    if (grantee == owner) continue;
    std::string ordered;
    for (char c : all_privileges) {
      if (letters.find(c) != std::string::npos) ordered += c;
    }
    out += "," + ArrayElementText(grantee + "=" + ordered + "/" + owner);
  }
  return Str(out + "}");
}

SystemCatalog::Relation SystemCatalog::Read(const std::string& schema, const std::string& name, int location) {
  const SystemRelationDef* def = FindSystemRelation(schema, name);
  if (def == nullptr) throw SqlError("relation \"" + name + "\" does not exist", "42P01", location);
  if (std::string(def->name) == "pg_authid" && !access_.superuser) {
    throw SqlError("permission denied for table pg_authid", "42501", location);
  }
  const Snapshot& snap = Load();
  Relation out;
  for (const auto& [column, type] : def->columns) {
    out.columns.push_back(column);
    out.types.push_back(type);
  }
  auto& rows = out.rows;
  const std::string table(def->name);
  const bool info = std::string(def->schema) == kInfoSchema;
  auto yes_no = [](bool b) { return Str(b ? "YES" : "NO"); };
  if (!info && table == "pg_namespace") {
    for (const auto& ns : snap.namespaces) {
      const std::string& owner = snap.namespace_owner.at(ns);
      rows.push_back({OidValue(NamespaceOid(ns)), Str(ns), OidValue(RoleOid(owner)),
                      AclOf("schema", "", ns, owner, "UC")});
    }
  } else if (!info && table == "pg_class") {
    for (const auto& r : snap.relations) {
      const bool system = r.ns == kCatalogSchema || r.ns == kInfoSchema;
      rows.push_back({OidValue(RelationOid(r.ns, r.name)), Str(r.name), OidValue(NamespaceOid(r.ns)), OidValue(0),
                      OidValue(0), OidValue(RoleOid(r.owner)), OidValue(r.kind == 'r' ? kHeapAmOid : 0), OidValue(0),
                      OidValue(0), Value::Integer(0), Value::Real(-1), Value::Integer(0), OidValue(0),
                      Value::Boolean(false), Value::Boolean(false), Str("p"), Str(std::string(1, r.kind)),
                      Value::SmallInt(static_cast<int16_t>(r.columns.size())), Value::SmallInt(0),
                      Value::Boolean(r.kind == 'v'), Value::Boolean(false), Value::Boolean(false),
                      Value::Boolean(r.row_security.enabled), Value::Boolean(r.row_security.forced),
                      Value::Boolean(true), Str(r.kind == 'r' ? "d" : "n"),
                      Value::Boolean(false), OidValue(0),
                      system ? NullText() : AclOf("relation", r.ns, r.name, r.owner, "arwdDxt"), NullText(),
                      NullText()});
    }
  } else if (!info && table == "pg_attribute") {
    for (const auto& r : snap.relations) {
      for (size_t i = 0; i < r.columns.size(); i++) {
        const Column& c = r.columns[i];
        auto [type_oid, typmod] = TypeOidOf(c.type);
        const PgType& t = PgTypeById(type_oid);
        const bool collatable = t.category == 'S';
        rows.push_back({OidValue(RelationOid(r.ns, r.name)), Str(c.name), OidValue(type_oid), Value::Integer(-1),
                        Value::SmallInt(t.len), Value::SmallInt(static_cast<int16_t>(i + 1)), Value::Integer(0),
                        Value::Integer(typmod), Value::Boolean(t.byval), Str(t.len == 8 ? "d" : t.len == 2 ? "s" : t.len == 1 ? "c" : "i"),
                        Str(t.len == -1 ? "x" : "p"), Value::Boolean(c.not_null), Value::Boolean(false),
                        Value::Boolean(false), Str(""), Str(""), Value::Boolean(false), Value::Boolean(true),
                        Value::Integer(0), OidValue(collatable ? 100 : 0), NullText(), NullText()});
      }
    }
  } else if (!info && table == "pg_type") {
    for (const auto& t : PgTypes()) {
      rows.push_back({OidValue(t.oid), Str(t.name), OidValue(11), OidValue(kBootstrapRoleOid), Value::SmallInt(t.len),
                      Value::Boolean(t.byval), Str("b"), Str(std::string(1, t.category)), Value::Boolean(false),
                      Value::Boolean(true), Str(","), OidValue(0), OidValue(0), OidValue(0), Value::Boolean(false),
                      OidValue(0), Value::Integer(-1), Value::Integer(0), OidValue(t.category == 'S' ? 100 : 0),
                      NullText()});
    }
  } else if (!info && (table == "pg_roles" || table == "pg_authid" || table == "pg_user")) {
    for (const auto& r : snap.roles) {
      if (table == "pg_user" && !r.can_login) continue;
      // A SCRAM secret is never shown, not even to superusers; '********' says one is set.
      Value password = r.scram_secret ? Str("********") : NullText();
      Value valid = r.valid_until_ms ? Value::TimestampTz(*r.valid_until_ms * 1000)
                                     : Value::Null(LogicalType::TimestampTz());
      if (table == "pg_roles") {
        rows.push_back({Str(r.name), Value::Boolean(r.superuser), Value::Boolean(r.inherit),
                        Value::Boolean(r.create_role), Value::Boolean(false), Value::Boolean(r.can_login),
                        Value::Boolean(false), Value::Integer(-1), Str("********"), valid, Value::Boolean(r.bypass_rls),
                        NullText(), OidValue(RoleOid(r.name))});
      } else if (table == "pg_authid") {
        rows.push_back({OidValue(RoleOid(r.name)), Str(r.name), Value::Boolean(r.superuser), Value::Boolean(r.inherit),
                        Value::Boolean(r.create_role), Value::Boolean(false), Value::Boolean(r.can_login),
                        Value::Boolean(false), Value::Boolean(r.bypass_rls), Value::Integer(-1), password, valid});
      } else {
        rows.push_back({Str(r.name), OidValue(RoleOid(r.name)), Value::Boolean(false), Value::Boolean(r.superuser),
                        Value::Boolean(false), Value::Boolean(r.bypass_rls), Str("********"), valid, NullText()});
      }
    }
  } else if (!info && table == "pg_auth_members") {
    for (const auto& m : snap.memberships) {
      rows.push_back({OidValue(RoleOid(m.role)), OidValue(RoleOid(m.member)), OidValue(kBootstrapRoleOid),
                      Value::Boolean(m.admin_option)});
    }
  } else if (!info && table == "pg_database") {
    rows.push_back({OidValue(kDatabaseOid), Str(database_), OidValue(kBootstrapRoleOid), Value::Integer(6), Str("c"),
                    Value::Boolean(false), Value::Boolean(true), Value::Integer(-1), Str("C"), Str("C"), NullText(),
                    NullText(), NullText()});
  } else if (!info && table == "pg_am") {
    rows.push_back({OidValue(kHeapAmOid), Str("heap"), Str("heap_tableam_handler"), Str("t")});
  } else if (!info && table == "pg_constraint") {
    for (const auto& r : snap.relations) {
      if (r.primary_key.empty()) continue;
      std::string keys = "{";
      for (size_t i = 0; i < r.primary_key.size(); i++) keys += (i ? "," : "") + std::to_string(r.primary_key[i]);
      rows.push_back({OidValue(HashOid("constraint", r.ns + "." + r.name + "_pkey")), Str(r.name + "_pkey"),
                      OidValue(NamespaceOid(r.ns)), Str("p"), Value::Boolean(false), Value::Boolean(false),
                      Value::Boolean(true), OidValue(RelationOid(r.ns, r.name)), OidValue(0), OidValue(0), OidValue(0),
                      Str(keys + "}"), NullText(), NullText()});
    }
  } else if (!info && (table == "pg_policy" || table == "pg_policies")) {
    auto text_or_null = [](const std::optional<std::string>& t) { return t ? Str(*t) : NullText(); };
    for (const auto& p : snap.policies) {
      std::string roles = "{";
      for (size_t i = 0; i < p.roles.size(); i++) {
        if (i > 0) roles += ",";
        roles += table == "pg_policy" ? std::to_string(RoleOid(p.roles[i])) : ArrayElementText(p.roles[i]);
      }
      if (p.roles.empty()) roles += table == "pg_policy" ? "0" : "public";  // PUBLIC
      roles += "}";
      if (table == "pg_policies") {
        rows.push_back({Str(p.ns), Str(p.table), Str(p.name), Str(p.permissive ? "PERMISSIVE" : "RESTRICTIVE"),
                        Str(roles), Str(p.command), text_or_null(p.using_expr), text_or_null(p.check_expr)});
        continue;
      }
      const char* command = p.command == "SELECT"   ? "r"
                            : p.command == "INSERT" ? "a"
                            : p.command == "UPDATE" ? "w"
                            : p.command == "DELETE" ? "d"
                                                    : "*";
      rows.push_back({OidValue(HashOid("policy", p.ns + "." + p.table + "." + p.name)), Str(p.name),
                      OidValue(RelationOid(p.ns, p.table)), Str(command), Value::Boolean(p.permissive), Str(roles),
                      text_or_null(p.using_expr), text_or_null(p.check_expr)});
    }
  } else if (!info && table == "pg_collation") {
    rows.push_back({OidValue(100), Str("default"), OidValue(11), OidValue(kBootstrapRoleOid), Str("d"),
                    Value::Boolean(true), Value::Integer(-1), NullText(), NullText()});
    rows.push_back({OidValue(950), Str("C"), OidValue(11), OidValue(kBootstrapRoleOid), Str("c"), Value::Boolean(true),
                    Value::Integer(-1), Str("C"), Str("C")});
  } else if (!info && table == "pg_tables") {
    for (const auto& r : snap.relations) {
      if (r.kind != 'r') continue;
      rows.push_back({Str(r.ns), Str(r.name), Str(r.owner), NullText(), Value::Boolean(false), Value::Boolean(false),
                      Value::Boolean(false), Value::Boolean(r.row_security.enabled)});
    }
  } else if (!info && table == "pg_views") {
    for (const auto& r : snap.relations) {
      if (r.kind != 'v') continue;
      rows.push_back({Str(r.ns), Str(r.name), Str(r.owner), r.view_definition ? Str(*r.view_definition) : NullText()});
    }
  } else if (info && table == "schemata") {
    for (const auto& ns : snap.namespaces) {
      // Only the schemas the reader owns (through a role) or may use, as in PostgreSQL.
      const std::string& owner = snap.namespace_owner.at(ns);
      if (!Holds(access_, "schema", "", ns, owner, "USAGE") && !Holds(access_, "schema", "", ns, owner, "CREATE")) {
        continue;
      }
      rows.push_back({Str(database_), Str(ns), Str(snap.namespace_owner.at(ns)), NullText(), NullText(), NullText(),
                      NullText()});
    }
  } else if (info && table == "tables") {
    for (const auto& r : snap.relations) {
      if (!Visible(r)) continue;
      rows.push_back({Str(database_), Str(r.ns), Str(r.name), Str(r.kind == 'r' ? "BASE TABLE" : "VIEW"), NullText(),
                      NullText(), NullText(), NullText(), NullText(), yes_no(r.kind == 'r'), Str("NO"), NullText()});
    }
  } else if (info && table == "columns") {
    for (const auto& r : snap.relations) {
      if (!Visible(r)) continue;
      for (size_t i = 0; i < r.columns.size(); i++) {
        const Column& c = r.columns[i];
        auto [type_oid, typmod] = TypeOidOf(c.type);
        Value null_int = Value::Null(LogicalType::Integer());
        Value char_max = null_int, octet = null_int, precision = null_int, radix = null_int, scale = null_int,
              datetime_precision = null_int;
        std::string data_type = c.type.ToString();
        switch (c.type.id()) {
          case TypeId::kVarchar:
            data_type = c.type.max_length() >= 0 ? "character varying" : "text";
            if (c.type.max_length() >= 0) {
              char_max = Value::Integer(c.type.max_length());
              octet = Value::Integer(c.type.max_length() * 4);
            } else {
              octet = Value::Integer(1073741824);
            }
            break;
          case TypeId::kSmallInt: precision = Value::Integer(16), radix = Value::Integer(2), scale = Value::Integer(0); break;
          case TypeId::kInteger: precision = Value::Integer(32), radix = Value::Integer(2), scale = Value::Integer(0); break;
          case TypeId::kBigInt: precision = Value::Integer(64), radix = Value::Integer(2), scale = Value::Integer(0); break;
          case TypeId::kReal: precision = Value::Integer(24), radix = Value::Integer(2); break;
          case TypeId::kDouble: precision = Value::Integer(53), radix = Value::Integer(2); break;
          case TypeId::kNumeric:
            data_type = "numeric";
            precision = Value::Integer(c.type.precision());
            radix = Value::Integer(10);
            scale = Value::Integer(c.type.scale());
            break;
          case TypeId::kDate: datetime_precision = Value::Integer(0); break;
          case TypeId::kTimestamp:
          case TypeId::kTimestampTz:
          case TypeId::kInterval: datetime_precision = Value::Integer(6); break;
          default: break;
        }
        rows.push_back({Str(database_), Str(r.ns), Str(r.name), Str(c.name), Value::Integer(static_cast<int32_t>(i + 1)),
                        NullText(), yes_no(!c.not_null), Str(data_type), char_max, octet, precision, radix, scale,
                        datetime_precision, NullText(), null_int, Str(database_), Str(kCatalogSchema),
                        Str(PgTypeById(type_oid).name), Str(std::to_string(i + 1)), Str("NO"), Str("NEVER"),
                        yes_no(r.kind == 'r')});
      }
    }
  } else if (info && table == "views") {
    for (const auto& r : snap.relations) {
      if (r.kind != 'v' || r.ns == kCatalogSchema || r.ns == kInfoSchema || !Visible(r)) continue;
      rows.push_back({Str(database_), Str(r.ns), Str(r.name), r.view_definition ? Str(*r.view_definition) : NullText(),
                      Str("NONE"), Str("NO"), Str("NO"), Str("NO"), Str("NO"), Str("NO")});
    }
  }
  // pg_index, pg_description, pg_attrdef, pg_inherits, pg_statistic_ext:
  // Tributary has no indexes, comments, column defaults, inheritance or
  // extended statistics, so they are empty.
  return out;
}

int32_t SystemCatalog::RegclassOid(const std::string& text, int location) {
  std::string ns, name = text;
  if (size_t dot = text.find('.'); dot != std::string::npos) {
    ns = text.substr(0, dot);
    name = text.substr(dot + 1);
  }
  auto strip = [](std::string s) {
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  ns = strip(ns);
  name = strip(name);
  const Snapshot& snap = Load();
  for (const std::string& candidate : ns.empty() ? std::vector<std::string>{kCatalogSchema, "public"}
                                                 : std::vector<std::string>{ns}) {
    for (const auto& r : snap.relations) {
      if (r.ns == candidate && r.name == name) return RelationOid(r.ns, r.name);
    }
  }
  throw SqlError("relation \"" + text + "\" does not exist", "42P01", location);
}

BoundExprPtr SystemCatalog::RoleNameOf(BoundExprPtr oid) {
  const Snapshot& snap = Load();
  auto out = std::make_unique<BoundExpr>();
  out->kind = BoundKind::kCase;
  out->type = LogicalType::Varchar();
  for (const auto& r : snap.roles) {
    auto cmp = std::make_unique<BoundExpr>();
    cmp->kind = BoundKind::kCompare;
    cmp->op = "=";
    cmp->type = LogicalType::Boolean();
    cmp->children.push_back(oid->Copy());
    cmp->children.push_back(BoundExpr::Constant(Value::Integer(RoleOid(r.name))));
    out->children.push_back(std::move(cmp));
    out->children.push_back(BoundExpr::Constant(Value::Varchar(r.name)));
  }
  // PostgreSQL: "unknown (OID=n)" for an oid no role has.
  auto text = std::make_unique<BoundExpr>();
  text->kind = BoundKind::kCast;
  text->type = LogicalType::Varchar();
  text->children.push_back(std::move(oid));
  auto concat = [](BoundExprPtr a, BoundExprPtr b) {
    auto c = std::make_unique<BoundExpr>();
    c->kind = BoundKind::kConcat;
    c->type = LogicalType::Varchar();
    c->children.push_back(std::move(a));
    c->children.push_back(std::move(b));
    return c;
  };
  out->children.push_back(concat(concat(BoundExpr::Constant(Value::Varchar("unknown (OID=")), std::move(text)),
                                 BoundExpr::Constant(Value::Varchar(")"))));
  out->has_else = true;
  return out;
}

namespace {

/// CASE oid WHEN k THEN name ... ELSE `otherwise` END.
BoundExprPtr CaseOfOids(const BoundExprPtr& oid, const std::vector<std::pair<int32_t, std::string>>& names,
                        BoundExprPtr otherwise) {
  auto out = std::make_unique<BoundExpr>();
  out->kind = BoundKind::kCase;
  out->type = LogicalType::Varchar();
  for (const auto& [key, name] : names) {
    auto cmp = std::make_unique<BoundExpr>();
    cmp->kind = BoundKind::kCompare;
    cmp->op = "=";
    cmp->type = LogicalType::Boolean();
    cmp->children.push_back(oid->Copy());
    cmp->children.push_back(BoundExpr::Constant(Value::Integer(key)));
    out->children.push_back(std::move(cmp));
    out->children.push_back(BoundExpr::Constant(Value::Varchar(name)));
  }
  out->children.push_back(std::move(otherwise));
  out->has_else = true;
  return out;
}

BoundExprPtr AsText(BoundExprPtr e) {
  auto text = std::make_unique<BoundExpr>();
  text->kind = BoundKind::kCast;
  text->type = LogicalType::Varchar();
  text->children.push_back(std::move(e));
  return text;
}

}  // namespace

BoundExprPtr SystemCatalog::NameOfOid(const std::string& kind, BoundExprPtr oid) {
  const Snapshot& snap = Load();
  std::vector<std::pair<int32_t, std::string>> names;
  if (kind == "regclass") {
    std::set<std::string> visible;
    for (const char* ns : {kCatalogSchema, "public"}) {
      for (const auto& r : snap.relations) {
        if (r.ns == ns && visible.insert(r.name).second) names.emplace_back(RelationOid(r.ns, r.name), r.name);
      }
    }
    for (const auto& r : snap.relations) {
      int32_t key = RelationOid(r.ns, r.name);
      if (std::none_of(names.begin(), names.end(), [&](const auto& n) { return n.first == key; })) {
        names.emplace_back(key, r.ns + "." + r.name);
      }
    }
  } else if (kind == "regtype") {
    for (const auto& t : PgTypes()) {
      std::string name = t.name;
      if (auto parsed = LogicalType::Parse(name); parsed.ok() && t.oid != 1043) name = parsed->ToString();
      if (t.oid == 1043) name = "character varying";
      if (t.oid == 18) name = "\"char\"";
      names.emplace_back(t.oid, name);
    }
  } else if (kind == "regnamespace") {
    for (const auto& ns : snap.namespaces) names.emplace_back(NamespaceOid(ns), ns);
  } else {
    for (const auto& r : snap.roles) names.emplace_back(RoleOid(r.name), r.name);
  }
  BoundExprPtr number = AsText(oid->Copy());
  return CaseOfOids(oid, names, std::move(number));
}

int32_t SystemCatalog::OidOfName(const std::string& kind, const std::string& name, int location) {
  const Snapshot& snap = Load();
  if (kind == "regtype") {
    auto parsed = LogicalType::Parse(name);
    for (const auto& t : PgTypes()) {
      if (t.name == name) return t.oid;
    }
    if (parsed.ok()) return TypeOidOf(*parsed).first;
    throw SqlError("type \"" + name + "\" does not exist", "42704", location);
  }
  if (kind == "regnamespace") {
    for (const auto& ns : snap.namespaces) {
      if (ns == name) return NamespaceOid(ns);
    }
    throw SqlError("schema \"" + name + "\" does not exist", "3F000", location);
  }
  for (const auto& r : snap.roles) {
    if (r.name == name) return RoleOid(r.name);
  }
  throw SqlError("role \"" + name + "\" does not exist", "42704", location);
}

BoundExprPtr SystemCatalog::RelationSize(BoundExprPtr oid) {
  const Snapshot& snap = Load();
  auto out = std::make_unique<BoundExpr>();
  out->kind = BoundKind::kCase;
  out->type = LogicalType::BigInt();
  for (const auto& r : snap.relations) {
    auto cmp = std::make_unique<BoundExpr>();
    cmp->kind = BoundKind::kCompare;
    cmp->op = "=";
    cmp->type = LogicalType::Boolean();
    cmp->children.push_back(oid->Copy());
    cmp->children.push_back(BoundExpr::Constant(Value::Integer(RelationOid(r.ns, r.name))));
    out->children.push_back(std::move(cmp));
    out->children.push_back(BoundExpr::Constant(Value::BigInt(r.data_bytes)));
  }
  out->children.push_back(BoundExpr::Constant(Value::Null(LogicalType::BigInt())));
  out->has_else = true;
  return out;
}

BoundExprPtr SystemCatalog::ConstraintDefinition(BoundExprPtr oid) {
  const Snapshot& snap = Load();
  std::vector<std::pair<int32_t, std::string>> definitions;
  for (const auto& r : snap.relations) {
    if (r.primary_key.empty()) continue;
    std::string columns;
    for (int key : r.primary_key) columns += (columns.empty() ? "" : ", ") + r.columns[static_cast<size_t>(key - 1)].name;
    definitions.emplace_back(HashOid("constraint", r.ns + "." + r.name + "_pkey"), "PRIMARY KEY (" + columns + ")");
  }
  return CaseOfOids(oid, definitions, BoundExpr::Constant(Value::Null(LogicalType::Varchar())));
}

BoundExprPtr SystemCatalog::RelationIsPublishable(BoundExprPtr oid) {
  const Snapshot& snap = Load();
  auto out = std::make_unique<BoundExpr>();
  out->kind = BoundKind::kInList;
  out->type = LogicalType::Boolean();
  out->children.push_back(std::move(oid));
  for (const auto& r : snap.relations) {
    if (r.kind != 'r' || r.ns == kCatalogSchema || r.ns == kInfoSchema) continue;
    out->children.push_back(BoundExpr::Constant(Value::Integer(RelationOid(r.ns, r.name))));
  }
  if (out->children.size() == 1) return BoundExpr::Constant(Value::Boolean(false));
  return out;
}

BoundExprPtr SystemCatalog::TableIsVisible(BoundExprPtr oid) {
  const Snapshot& snap = Load();
  auto out = std::make_unique<BoundExpr>();
  out->kind = BoundKind::kInList;
  out->type = LogicalType::Boolean();
  out->children.push_back(std::move(oid));
  std::set<std::string> seen;
  for (const char* ns : {kCatalogSchema, "public"}) {
    for (const auto& r : snap.relations) {
      if (r.ns != ns || !seen.insert(r.name).second) continue;
      out->children.push_back(BoundExpr::Constant(Value::Integer(RelationOid(r.ns, r.name))));
    }
  }
  return out;
}

}  // namespace tributary::sql

namespace tributary::sql {

SystemCatalog& Binder::system_catalog() {
  if (!system_catalog_) system_catalog_ = std::make_unique<SystemCatalog>(catalog_, identity_.access, catalog_->name());
  return *system_catalog_;
}

LogicalPtr Binder::BindSystemRelation(const TableRef& ref, Scope* scope) {
  if (!target_privileges_.empty()) {
    throw SqlError("cannot change system table \"" + ref.name + "\"", "42809", ref.location);
  }
  if (!ref.column_aliases.empty()) throw SqlError("column aliases on tables are not supported", "0A000", ref.location);
  SystemCatalog::Relation relation = system_catalog().Read(ref.schema, ref.name, ref.location);
  auto op = std::make_unique<LogicalOperator>();
  op->kind = LogicalKind::kValues;
  op->table_index = next_table_index_++;
  op->value_types = relation.types;
  for (auto& values : relation.rows) {
    std::vector<BoundExprPtr> row;
    row.reserve(values.size());
    for (auto& v : values) row.push_back(BoundExpr::Constant(std::move(v)));
    op->rows.push_back(std::move(row));
  }
  ScopeTable entry;
  entry.name = ref.alias.empty() ? ref.name : ref.alias;
  CheckUniqueName(*scope, entry.name, ref.location);
  entry.table_index = op->table_index;
  entry.columns = std::move(relation.columns);
  entry.types = std::move(relation.types);
  scope->push_back(std::move(entry));
  return op;
}

}  // namespace tributary::sql
