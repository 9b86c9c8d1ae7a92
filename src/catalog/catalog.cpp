#include "catalog/catalog.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include <unistd.h>

#include "common/crash_point.hpp"
#include "common/file_io.hpp"
#include "iceberg/manifest.hpp"
#include "iceberg/manifest_list.hpp"
#include "iceberg/table_metadata.hpp"

namespace tributary::catalog {

namespace {

constexpr int kBusyTimeoutMs = 30'000;

/// One prepared statement; finalised on destruction.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Status status() const {
    if (rc_ == SQLITE_OK) return Status::OK();
    return Status::IOError("catalog statement failed to prepare: {}", sqlite3_errmsg(db_));
  }
  Statement& Bind(std::initializer_list<std::string_view> values) {
    int i = 1;
    for (std::string_view v : values) {
      sqlite3_bind_text(stmt_, i++, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    return *this;
  }
  /// SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(stmt_); }
  std::string Text(int column) const {
    const unsigned char* t = sqlite3_column_text(stmt_, column);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  /// Binds parameter `index` (1-based) to an integer, or NULL when absent.
  Statement& BindInt(int index, std::optional<int64_t> value) {
    if (value) {
      sqlite3_bind_int64(stmt_, index, *value);
    } else {
      sqlite3_bind_null(stmt_, index);
    }
    return *this;
  }
  Statement& BindText(int index, const std::optional<std::string>& value) {
    if (value) {
      sqlite3_bind_text(stmt_, index, value->data(), static_cast<int>(value->size()), SQLITE_TRANSIENT);
    } else {
      sqlite3_bind_null(stmt_, index);
    }
    return *this;
  }
  Status Error(std::string_view what) const {
    return Status::IOError("catalog {} failed: {}", what, sqlite3_errmsg(db_));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

class CatalogTablePointer : public iceberg::TablePointer {
 public:
  CatalogTablePointer(std::shared_ptr<Catalog> catalog, TableIdentifier id)
      : catalog_(std::move(catalog)), id_(std::move(id)) {}
  Result<std::string> Load() override { return catalog_->LoadMetadataLocation(id_); }
  Status CompareAndSwap(const std::string& expected, const std::string& desired) override {
    return catalog_->SwapMetadataLocation(id_, expected, desired);
  }

 private:
  std::shared_ptr<Catalog> catalog_;
  TableIdentifier id_;
};

Status ValidateName(std::string_view what, std::string_view name) {
  if (name.empty()) return Status::Invalid("{} name must not be empty", what);
  for (char c : name) {
    if (c == '/' || c == '\0' || c == '\\') return Status::Invalid("{} name '{}' must not contain '/'", what, name);
  }
  if (name == "." || name == "..") return Status::Invalid("{} name '{}' is reserved", what, name);
  return Status::OK();
}

/// Every file the table's retained snapshots reference, metadata included.
std::set<std::string> TableFiles(const iceberg::TableMetadata& m, const std::string& current_location) {
  std::set<std::string> files{current_location};
  for (const auto& e : m.metadata_log) files.insert(e.metadata_file);
  for (const auto& s : m.snapshots) {
    files.insert(s->manifest_list);
    auto list = iceberg::ReadManifestList(s->manifest_list);
    if (!list.ok()) continue;
    for (const auto& mf : *list) {
      files.insert(mf.manifest_path);
      auto spec = m.SpecById(mf.partition_spec_id);
      if (!spec) continue;
      auto entries = iceberg::ReadManifest(mf, *m.current_schema(), *spec);
      if (!entries.ok()) continue;
      for (const auto& e : *entries) files.insert(e.file.path);
    }
  }
  return files;
}

}  // namespace

Result<std::shared_ptr<Catalog>> Catalog::Open(const std::string& warehouse, std::string catalog_name) {
  std::error_code ec;
  std::string root = std::filesystem::absolute(warehouse, ec).lexically_normal().string();
  if (ec) return Status::IOError("cannot resolve warehouse '{}': {}", warehouse, ec.message());
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  TRIB_RETURN_NOT_OK(CreateDirectories(root));
  const std::string path = root + "/catalog.db";
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status st = Status::IOError("cannot open catalog '{}': {}", path, db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return st;
  }
  std::shared_ptr<Catalog> c(new Catalog(root, std::move(catalog_name), db));
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  // Switching to WAL takes an exclusive lock without waiting on the busy
  // handler, so processes opening one warehouse at once (regions loading in
  // parallel) could fail here: switch only when not in WAL yet, and retry.
  TRIB_RETURN_NOT_OK(c->EnableWal());
  TRIB_RETURN_NOT_OK(c->Exec("PRAGMA synchronous=FULL"));
  TRIB_RETURN_NOT_OK(c->Exec(
      "CREATE TABLE IF NOT EXISTS iceberg_tables ("
      "catalog_name VARCHAR(255) NOT NULL, table_namespace VARCHAR(255) NOT NULL, "
      "table_name VARCHAR(255) NOT NULL, metadata_location VARCHAR(1000), "
      "previous_metadata_location VARCHAR(1000), "
      "PRIMARY KEY (catalog_name, table_namespace, table_name))"));
  TRIB_RETURN_NOT_OK(c->Exec(
      "CREATE TABLE IF NOT EXISTS iceberg_namespace_properties ("
      "catalog_name VARCHAR(255) NOT NULL, namespace VARCHAR(255) NOT NULL, "
      "property_key VARCHAR(255), property_value VARCHAR(1000), "
      "PRIMARY KEY (catalog_name, namespace, property_key))"));
  TRIB_RETURN_NOT_OK(c->Exec(
      "CREATE TABLE IF NOT EXISTS tributary_views ("
      "catalog_name VARCHAR(255) NOT NULL, view_namespace VARCHAR(255) NOT NULL, "
      "view_name VARCHAR(255) NOT NULL, definition TEXT NOT NULL, "
      "PRIMARY KEY (catalog_name, view_namespace, view_name))"));
  TRIB_RETURN_NOT_OK(c->Exec(
      "CREATE TABLE IF NOT EXISTS tributary_roles ("
      "catalog_name VARCHAR(255) NOT NULL, role_name VARCHAR(255) NOT NULL, "
      "can_login INTEGER NOT NULL, superuser INTEGER NOT NULL, bypass_rls INTEGER NOT NULL, "
      "inherit INTEGER NOT NULL, create_role INTEGER NOT NULL, scram_secret TEXT, valid_until_ms INTEGER, "
      "PRIMARY KEY (catalog_name, role_name))"));
  TRIB_RETURN_NOT_OK(c->Exec(
      "CREATE TABLE IF NOT EXISTS tributary_role_members ("
      "catalog_name VARCHAR(255) NOT NULL, role_name VARCHAR(255) NOT NULL, "
      "member_name VARCHAR(255) NOT NULL, admin_option INTEGER NOT NULL, "
      "PRIMARY KEY (catalog_name, role_name, member_name))"));
  TRIB_RETURN_NOT_OK(c->Exec(
      "CREATE TABLE IF NOT EXISTS tributary_owners ("
      "catalog_name VARCHAR(255) NOT NULL, object_kind VARCHAR(16) NOT NULL, object_namespace VARCHAR(255) NOT NULL, "
      "object_name VARCHAR(255) NOT NULL, owner VARCHAR(255) NOT NULL, "
      "PRIMARY KEY (catalog_name, object_kind, object_namespace, object_name))"));
  TRIB_RETURN_NOT_OK(c->Exec(
      "CREATE TABLE IF NOT EXISTS tributary_grants ("
      "catalog_name VARCHAR(255) NOT NULL, object_kind VARCHAR(16) NOT NULL, object_namespace VARCHAR(255) NOT NULL, "
      "object_name VARCHAR(255) NOT NULL, grantee VARCHAR(255) NOT NULL, privilege VARCHAR(16) NOT NULL, "
      "PRIMARY KEY (catalog_name, object_kind, object_namespace, object_name, grantee, privilege))"));
  TRIB_RETURN_NOT_OK(c->Exec(
      "CREATE TABLE IF NOT EXISTS tributary_row_security ("
      "catalog_name VARCHAR(255) NOT NULL, table_namespace VARCHAR(255) NOT NULL, table_name VARCHAR(255) NOT NULL, "
      "enabled INTEGER NOT NULL, forced INTEGER NOT NULL, "
      "PRIMARY KEY (catalog_name, table_namespace, table_name))"));
  // roles: the role names joined by a unit separator (0x1F), empty for PUBLIC.
  TRIB_RETURN_NOT_OK(c->Exec(
      "CREATE TABLE IF NOT EXISTS tributary_policies ("
      "catalog_name VARCHAR(255) NOT NULL, table_namespace VARCHAR(255) NOT NULL, table_name VARCHAR(255) NOT NULL, "
      "policy_name VARCHAR(255) NOT NULL, permissive INTEGER NOT NULL, command VARCHAR(16) NOT NULL, "
      "roles TEXT NOT NULL, using_expr TEXT, check_expr TEXT, "
      "PRIMARY KEY (catalog_name, table_namespace, table_name, policy_name))"));
  TRIB_RETURN_NOT_OK(c->Exec(
      "CREATE TABLE IF NOT EXISTS tributary_audit_log ("
      "catalog_name VARCHAR(255) NOT NULL, event_time_ms INTEGER NOT NULL, user_name VARCHAR(255) NOT NULL, "
      "event VARCHAR(255) NOT NULL, detail TEXT NOT NULL)"));
  TRIB_RETURN_NOT_OK(c->Exec(
      "CREATE TABLE IF NOT EXISTS tributary_role_settings ("
      "catalog_name VARCHAR(255) NOT NULL, role_name VARCHAR(255) NOT NULL, "
      "setting_name VARCHAR(255) NOT NULL, setting_value TEXT NOT NULL, "
      "PRIMARY KEY (catalog_name, role_name, setting_name))"));
  return c;
}

Catalog::~Catalog() { sqlite3_close(db_); }

Status Catalog::EnableWal() {
  Status st;
  for (int attempt = 0; attempt < 200; attempt++) {
    {
      Statement mode(db_, "PRAGMA journal_mode");
      if (mode.status().ok() && mode.Step() == SQLITE_ROW && mode.Text(0) == "wal") return Status::OK();
    }
    st = Exec("PRAGMA journal_mode=WAL");
    if (st.ok()) return st;
    std::this_thread::sleep_for(std::chrono::milliseconds(10 + attempt % 20));
  }
  return st;
}

Status Catalog::Exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::OK();
  Status st = Status::IOError("catalog statement '{}' failed: {}", sql, err ? err : sqlite3_errstr(rc));
  sqlite3_free(err);
  return st;
}

Result<std::pair<int64_t, int64_t>> Catalog::ChangeStamp() {
  std::lock_guard<std::mutex> lock(mu_);
  Statement version(db_, "PRAGMA data_version");
  TRIB_RETURN_NOT_OK(version.status());
  if (version.Step() != SQLITE_ROW) return Status::IOError("catalog: cannot read data_version: {}", sqlite3_errmsg(db_));
  return std::make_pair(static_cast<int64_t>(sqlite3_total_changes64(db_)), version.Int(0));
}

std::string Catalog::DefaultTableLocation(const TableIdentifier& id) const {
  std::string ns = id.ns;
  std::replace(ns.begin(), ns.end(), '.', '/');
  return warehouse_ + "/" + ns + "/" + id.name;
}

Status Catalog::CreateNamespace(const std::string& ns, const std::map<std::string, std::string>& properties) {
  TRIB_RETURN_NOT_OK(ValidateName("namespace", ns));
  TRIB_ASSIGN_OR_RETURN(bool exists, NamespaceExists(ns));
  if (exists) return Status::AlreadyExists("namespace '{}' already exists", ns);
  std::lock_guard lock(mu_);
  TRIB_RETURN_NOT_OK(Exec("BEGIN IMMEDIATE"));
  auto insert = [&](const std::string& k, const std::string& v) -> Status {
    Statement st(db_,
                 "INSERT OR REPLACE INTO iceberg_namespace_properties (catalog_name, namespace, property_key, "
                 "property_value) VALUES (?, ?, ?, ?)");
    TRIB_RETURN_NOT_OK(st.status());
    if (st.Bind({name_, ns, k, v}).Step() != SQLITE_DONE) return st.Error("namespace creation");
    return Status::OK();
  };
  Status s = insert("exists", "true");
  for (auto it = properties.begin(); s.ok() && it != properties.end(); ++it) s = insert(it->first, it->second);
  if (!s.ok()) {
    (void)Exec("ROLLBACK");
    return s;
  }
  return Exec("COMMIT");
}

Result<std::vector<std::string>> Catalog::ListNamespaces() {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "SELECT namespace FROM iceberg_namespace_properties WHERE catalog_name = ? "
               "UNION SELECT table_namespace FROM iceberg_tables WHERE catalog_name = ? ORDER BY 1");
  TRIB_RETURN_NOT_OK(st.status());
  st.Bind({name_, name_});
  std::vector<std::string> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out.push_back(st.Text(0));
  if (rc != SQLITE_DONE) return st.Error("namespace listing");
  return out;
}

Result<bool> Catalog::NamespaceExists(const std::string& ns) {
  TRIB_ASSIGN_OR_RETURN(auto all, ListNamespaces());
  return std::find(all.begin(), all.end(), ns) != all.end();
}

Result<std::map<std::string, std::string>> Catalog::LoadNamespaceProperties(const std::string& ns) {
  TRIB_ASSIGN_OR_RETURN(bool exists, NamespaceExists(ns));
  if (!exists) return Status::NotFound("namespace '{}' does not exist", ns);
  std::lock_guard lock(mu_);
  Statement st(db_,
               "SELECT property_key, property_value FROM iceberg_namespace_properties "
               "WHERE catalog_name = ? AND namespace = ?");
  TRIB_RETURN_NOT_OK(st.status());
  st.Bind({name_, ns});
  std::map<std::string, std::string> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out[st.Text(0)] = st.Text(1);
  if (rc != SQLITE_DONE) return st.Error("namespace properties read");
  return out;
}

Status Catalog::UpdateNamespaceProperties(const std::string& ns, const std::map<std::string, std::string>& set) {
  TRIB_ASSIGN_OR_RETURN(bool exists, NamespaceExists(ns));
  if (!exists) return Status::NotFound("namespace '{}' does not exist", ns);
  std::lock_guard lock(mu_);
  for (const auto& [k, v] : set) {
    Statement st(db_,
                 "INSERT OR REPLACE INTO iceberg_namespace_properties (catalog_name, namespace, property_key, "
                 "property_value) VALUES (?, ?, ?, ?)");
    TRIB_RETURN_NOT_OK(st.status());
    if (st.Bind({name_, ns, k, v}).Step() != SQLITE_DONE) return st.Error("namespace property update");
  }
  return Status::OK();
}

Status Catalog::DropNamespace(const std::string& ns) {
  TRIB_ASSIGN_OR_RETURN(bool exists, NamespaceExists(ns));
  if (!exists) return Status::NotFound("namespace '{}' does not exist", ns);
  TRIB_ASSIGN_OR_RETURN(auto tables, ListTables(ns));
  if (!tables.empty()) {
    return Status::Invalid("namespace '{}' still holds {} table(s), e.g. '{}'", ns, tables.size(), tables[0].name);
  }
  TRIB_ASSIGN_OR_RETURN(auto views, ListViews(ns));
  if (!views.empty()) {
    return Status::Invalid("namespace '{}' still holds {} view(s), e.g. '{}'", ns, views.size(), views[0].name);
  }
  std::lock_guard lock(mu_);
  Statement st(db_, "DELETE FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ?");
  TRIB_RETURN_NOT_OK(st.status());
  if (st.Bind({name_, ns}).Step() != SQLITE_DONE) return st.Error("namespace drop");
  return Status::OK();
}

Result<std::shared_ptr<iceberg::Table>> Catalog::CreateTable(const TableIdentifier& id,
                                                             std::shared_ptr<const iceberg::Schema> schema,
                                                             std::shared_ptr<const iceberg::PartitionSpec> spec,
                                                             std::shared_ptr<const iceberg::SortOrder> sort_order,
                                                             std::map<std::string, std::string> properties) {
  TRIB_RETURN_NOT_OK(ValidateName("table", id.name));
  TRIB_ASSIGN_OR_RETURN(bool ns_exists, NamespaceExists(id.ns));
  if (!ns_exists) return Status::NotFound("namespace '{}' does not exist", id.ns);
  TRIB_ASSIGN_OR_RETURN(bool exists, TableExists(id));
  if (exists) return Status::AlreadyExists("table {} already exists", id.ToString());
  const std::string location = DefaultTableLocation(id);
  TRIB_ASSIGN_OR_RETURN(auto metadata, iceberg::TableMetadata::Create(location, std::move(schema), std::move(spec),
                                                                      std::move(sort_order), std::move(properties)));
  TRIB_RETURN_NOT_OK(CreateDirectories(location + "/metadata"));
  TRIB_RETURN_NOT_OK(CreateDirectories(location + "/data"));
  const std::string path = iceberg::NewMetadataPath(location, 1);
  TRIB_RETURN_NOT_OK(WriteFileAtomic(path, metadata.ToJson()));
  CrashPoint("create.after-metadata");
  {
    std::lock_guard lock(mu_);
    Statement st(db_,
                 "INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location, "
                 "previous_metadata_location) VALUES (?, ?, ?, ?, NULL)");
    TRIB_RETURN_NOT_OK(st.status());
    int rc = st.Bind({name_, id.ns, id.name, path}).Step();
    if (rc != SQLITE_DONE) {
      ::unlink(path.c_str());
      if (rc == SQLITE_CONSTRAINT) return Status::AlreadyExists("table {} already exists", id.ToString());
      return st.Error("table creation");
    }
  }
  return LoadTable(id);
}

Result<std::shared_ptr<iceberg::Table>> Catalog::LoadTable(const TableIdentifier& id) {
  return iceberg::Table::Load(id.ToString(), std::make_shared<CatalogTablePointer>(shared_from_this(), id));
}

Result<bool> Catalog::TableExists(const TableIdentifier& id) {
  auto loc = LoadMetadataLocation(id);
  if (loc.ok()) return true;
  if (loc.status().IsNotFound()) return false;
  return loc.status();
}

Result<std::vector<TableIdentifier>> Catalog::ListTables(const std::string& ns) {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "SELECT table_name FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? ORDER BY 1");
  TRIB_RETURN_NOT_OK(st.status());
  st.Bind({name_, ns});
  std::vector<TableIdentifier> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out.push_back(TableIdentifier{ns, st.Text(0)});
  if (rc != SQLITE_DONE) return st.Error("table listing");
  return out;
}

Status Catalog::DropTable(const TableIdentifier& id, bool purge) {
  TRIB_ASSIGN_OR_RETURN(std::string location, LoadMetadataLocation(id));
  std::shared_ptr<const iceberg::TableMetadata> metadata;
  if (purge) {
    TRIB_ASSIGN_OR_RETURN(metadata, iceberg::ReadTableMetadata(location));
  }
  {
    std::lock_guard lock(mu_);
    Statement st(db_,
                 "DELETE FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? "
                 "AND metadata_location = ?");
    TRIB_RETURN_NOT_OK(st.status());
    if (st.Bind({name_, id.ns, id.name, location}).Step() != SQLITE_DONE) return st.Error("table drop");
    if (sqlite3_changes(db_) != 1) {
      return Status::Conflict("table {} changed while being dropped; retry", id.ToString());
    }
  }
  if (!purge) return Status::OK();
  // Unregistered first: a crash from here on leaves unreferenced files only.
  for (const std::string& f : TableFiles(*metadata, location)) ::unlink(f.c_str());
  std::error_code ec;
  std::filesystem::remove_all(metadata->location, ec);
  if (ec) return Status::IOError("cannot remove table directory '{}': {}", metadata->location, ec.message());
  return Status::OK();
}

Status Catalog::RenameTable(const TableIdentifier& from, const TableIdentifier& to) {
  TRIB_RETURN_NOT_OK(ValidateName("table", to.name));
  TRIB_ASSIGN_OR_RETURN(bool ns_exists, NamespaceExists(to.ns));
  if (!ns_exists) return Status::NotFound("namespace '{}' does not exist", to.ns);
  std::lock_guard lock(mu_);
  Statement st(db_,
               "UPDATE iceberg_tables SET table_namespace = ?, table_name = ? "
               "WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?");
  TRIB_RETURN_NOT_OK(st.status());
  int rc = st.Bind({to.ns, to.name, name_, from.ns, from.name}).Step();
  if (rc == SQLITE_CONSTRAINT) return Status::AlreadyExists("table {} already exists", to.ToString());
  if (rc != SQLITE_DONE) return st.Error("table rename");
  if (sqlite3_changes(db_) != 1) return Status::NotFound("table {} does not exist", from.ToString());
  return Status::OK();
}

Result<std::string> Catalog::LoadMetadataLocation(const TableIdentifier& id) {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "SELECT metadata_location FROM iceberg_tables "
               "WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?");
  TRIB_RETURN_NOT_OK(st.status());
  int rc = st.Bind({name_, id.ns, id.name}).Step();
  if (rc == SQLITE_DONE) return Status::NotFound("table {} does not exist", id.ToString());
  if (rc != SQLITE_ROW) return st.Error("table lookup");
  if (st.IsNull(0)) return Status::Corruption("table {} has no metadata location", id.ToString());
  return st.Text(0);
}

Status Catalog::SwapMetadataLocation(const TableIdentifier& id, const std::string& expected,
                                     const std::string& desired) {
  {
    std::lock_guard lock(mu_);
    Statement st(db_,
                 "UPDATE iceberg_tables SET metadata_location = ?, previous_metadata_location = ? "
                 "WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND metadata_location = ?");
    TRIB_RETURN_NOT_OK(st.status());
    if (st.Bind({desired, expected, name_, id.ns, id.name, expected}).Step() != SQLITE_DONE) {
      return st.Error("commit of table " + id.ToString());
    }
    if (sqlite3_changes(db_) == 1) return Status::OK();
  }
  TRIB_ASSIGN_OR_RETURN(std::string current, LoadMetadataLocation(id));
  return Status::Conflict("table {} was changed by a concurrent commit (now at '{}', expected '{}')", id.ToString(),
                          current, expected);
}

Status Catalog::CreateView(const TableIdentifier& id, const std::string& definition, bool replace) {
  TRIB_RETURN_NOT_OK(ValidateName("view", id.name));
  TRIB_ASSIGN_OR_RETURN(bool ns_exists, NamespaceExists(id.ns));
  if (!ns_exists) return Status::NotFound("namespace '{}' does not exist", id.ns);
  TRIB_ASSIGN_OR_RETURN(bool table_exists, TableExists(id));
  if (table_exists) return Status::AlreadyExists("{} is a table", id.ToString());
  std::lock_guard lock(mu_);
  Statement st(db_, replace ? "INSERT OR REPLACE INTO tributary_views (catalog_name, view_namespace, view_name, "
                              "definition) VALUES (?, ?, ?, ?)"
                            : "INSERT INTO tributary_views (catalog_name, view_namespace, view_name, definition) "
                              "VALUES (?, ?, ?, ?)");
  TRIB_RETURN_NOT_OK(st.status());
  int rc = st.Bind({name_, id.ns, id.name, definition}).Step();
  if (rc == SQLITE_CONSTRAINT) return Status::AlreadyExists("view {} already exists", id.ToString());
  if (rc != SQLITE_DONE) return st.Error("view creation");
  return Status::OK();
}

Result<std::string> Catalog::LoadView(const TableIdentifier& id) {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "SELECT definition FROM tributary_views WHERE catalog_name = ? AND view_namespace = ? AND view_name = ?");
  TRIB_RETURN_NOT_OK(st.status());
  int rc = st.Bind({name_, id.ns, id.name}).Step();
  if (rc == SQLITE_ROW) return st.Text(0);
  if (rc == SQLITE_DONE) return Status::NotFound("view {} does not exist", id.ToString());
  return st.Error("view lookup");
}

Status Catalog::DropView(const TableIdentifier& id) {
  std::lock_guard lock(mu_);
  Statement st(db_, "DELETE FROM tributary_views WHERE catalog_name = ? AND view_namespace = ? AND view_name = ?");
  TRIB_RETURN_NOT_OK(st.status());
  if (st.Bind({name_, id.ns, id.name}).Step() != SQLITE_DONE) return st.Error("view drop");
  if (sqlite3_changes(db_) == 0) return Status::NotFound("view {} does not exist", id.ToString());
  return Status::OK();
}

Result<std::vector<TableIdentifier>> Catalog::ListViews(const std::string& ns) {
  std::lock_guard lock(mu_);
  Statement st(db_, "SELECT view_name FROM tributary_views WHERE catalog_name = ? AND view_namespace = ? ORDER BY 1");
  TRIB_RETURN_NOT_OK(st.status());
  st.Bind({name_, ns});
  std::vector<TableIdentifier> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out.push_back(TableIdentifier{ns, st.Text(0)});
  if (rc != SQLITE_DONE) return st.Error("view listing");
  return out;
}

namespace {

constexpr const char* kRoleColumns =
    "role_name, can_login, superuser, bypass_rls, inherit, create_role, scram_secret, valid_until_ms";

/// Binds a role's columns to parameters `first`.. (in kRoleColumns order, name excluded).
void BindRoleAttributes(Statement& st, int first, const RoleRecord& role) {
  st.BindInt(first, role.can_login)
      .BindInt(first + 1, role.superuser)
      .BindInt(first + 2, role.bypass_rls)
      .BindInt(first + 3, role.inherit)
      .BindInt(first + 4, role.create_role)
      .BindText(first + 5, role.scram_secret)
      .BindInt(first + 6, role.valid_until_ms);
}

RoleRecord ReadRole(const Statement& st) {
  RoleRecord role;
  role.name = st.Text(0);
  role.can_login = st.Int(1) != 0;
  role.superuser = st.Int(2) != 0;
  role.bypass_rls = st.Int(3) != 0;
  role.inherit = st.Int(4) != 0;
  role.create_role = st.Int(5) != 0;
  if (!st.IsNull(6)) role.scram_secret = st.Text(6);
  if (!st.IsNull(7)) role.valid_until_ms = st.Int(7);
  return role;
}

}  // namespace

Status Catalog::CreateRole(const RoleRecord& role) {
  if (role.name.empty()) return Status::Invalid("role name must not be empty");
  std::lock_guard lock(mu_);
  std::string sql = fmt::format("INSERT INTO tributary_roles (catalog_name, {}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                kRoleColumns);
  Statement st(db_, sql.c_str());
  TRIB_RETURN_NOT_OK(st.status());
  st.Bind({name_, role.name});
  BindRoleAttributes(st, 3, role);
  int rc = st.Step();
  if (rc == SQLITE_CONSTRAINT) return Status::AlreadyExists("role \"{}\" already exists", role.name);
  if (rc != SQLITE_DONE) return st.Error("role creation");
  return Status::OK();
}

Result<std::optional<RoleRecord>> Catalog::LoadRole(const std::string& name) {
  std::lock_guard lock(mu_);
  std::string sql =
      fmt::format("SELECT {} FROM tributary_roles WHERE catalog_name = ? AND role_name = ?", kRoleColumns);
  Statement st(db_, sql.c_str());
  TRIB_RETURN_NOT_OK(st.status());
  int rc = st.Bind({name_, name}).Step();
  if (rc == SQLITE_ROW) return std::optional<RoleRecord>(ReadRole(st));
  if (rc == SQLITE_DONE) return std::optional<RoleRecord>();
  return st.Error("role lookup");
}

Status Catalog::UpdateRole(const RoleRecord& role) {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "UPDATE tributary_roles SET can_login = ?, superuser = ?, bypass_rls = ?, inherit = ?, "
               "create_role = ?, scram_secret = ?, valid_until_ms = ? WHERE catalog_name = ? AND role_name = ?");
  TRIB_RETURN_NOT_OK(st.status());
  BindRoleAttributes(st, 1, role);
  st.BindText(8, name_).BindText(9, role.name);
  if (st.Step() != SQLITE_DONE) return st.Error("role update");
  if (sqlite3_changes(db_) == 0) return Status::NotFound("role \"{}\" does not exist", role.name);
  return Status::OK();
}

Status Catalog::RenameRole(const std::string& from, const std::string& to) {
  if (to.empty()) return Status::Invalid("role name must not be empty");
  std::lock_guard lock(mu_);
  TRIB_RETURN_NOT_OK(Exec("BEGIN IMMEDIATE"));
  auto run = [&]() -> Status {
    Statement st(db_, "UPDATE tributary_roles SET role_name = ? WHERE catalog_name = ? AND role_name = ?");
    TRIB_RETURN_NOT_OK(st.status());
    int rc = st.Bind({to, name_, from}).Step();
    if (rc == SQLITE_CONSTRAINT) return Status::AlreadyExists("role \"{}\" already exists", to);
    if (rc != SQLITE_DONE) return st.Error("role rename");
    if (sqlite3_changes(db_) == 0) return Status::NotFound("role \"{}\" does not exist", from);
    for (const char* sql : {"UPDATE tributary_role_members SET role_name = ? WHERE catalog_name = ? AND role_name = ?",
                            "UPDATE tributary_role_members SET member_name = ? WHERE catalog_name = ? AND "
                            "member_name = ?",
                            "UPDATE tributary_owners SET owner = ? WHERE catalog_name = ? AND owner = ?",
                            "UPDATE tributary_grants SET grantee = ? WHERE catalog_name = ? AND grantee = ?",
                            "UPDATE tributary_role_settings SET role_name = ? WHERE catalog_name = ? AND role_name = ?"}) {
      Statement m(db_, sql);
      TRIB_RETURN_NOT_OK(m.status());
      if (m.Bind({to, name_, from}).Step() != SQLITE_DONE) return m.Error("role rename");
    }
    return Status::OK();
  };
  Status st = run();
  Status end = Exec(st.ok() ? "COMMIT" : "ROLLBACK");
  return st.ok() ? end : st;
}

Status Catalog::DropRole(const std::string& name) {
  std::lock_guard lock(mu_);
  TRIB_RETURN_NOT_OK(Exec("BEGIN IMMEDIATE"));
  auto run = [&]() -> Status {
    Statement st(db_, "DELETE FROM tributary_roles WHERE catalog_name = ? AND role_name = ?");
    TRIB_RETURN_NOT_OK(st.status());
    if (st.Bind({name_, name}).Step() != SQLITE_DONE) return st.Error("role drop");
    if (sqlite3_changes(db_) == 0) return Status::NotFound("role \"{}\" does not exist", name);
    Statement m(db_, "DELETE FROM tributary_role_members WHERE catalog_name = ? AND (role_name = ? OR member_name = ?)");
    TRIB_RETURN_NOT_OK(m.status());
    if (m.Bind({name_, name, name}).Step() != SQLITE_DONE) return m.Error("role drop");
    Statement g(db_, "DELETE FROM tributary_grants WHERE catalog_name = ? AND grantee = ?");
    TRIB_RETURN_NOT_OK(g.status());
    if (g.Bind({name_, name}).Step() != SQLITE_DONE) return g.Error("role drop");
    Statement r(db_, "DELETE FROM tributary_role_settings WHERE catalog_name = ? AND role_name = ?");
    TRIB_RETURN_NOT_OK(r.status());
    if (r.Bind({name_, name}).Step() != SQLITE_DONE) return r.Error("role drop");
    return Status::OK();
  };
  Status st = run();
  Status end = Exec(st.ok() ? "COMMIT" : "ROLLBACK");
  return st.ok() ? end : st;
}

Result<std::vector<RoleRecord>> Catalog::ListRoles() {
  std::lock_guard lock(mu_);
  std::string sql = fmt::format("SELECT {} FROM tributary_roles WHERE catalog_name = ? ORDER BY 1", kRoleColumns);
  Statement st(db_, sql.c_str());
  TRIB_RETURN_NOT_OK(st.status());
  st.Bind({name_});
  std::vector<RoleRecord> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out.push_back(ReadRole(st));
  if (rc != SQLITE_DONE) return st.Error("role listing");
  return out;
}

Status Catalog::GrantRoleMembership(const RoleMembership& membership) {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "INSERT OR REPLACE INTO tributary_role_members (catalog_name, role_name, member_name, admin_option) "
               "VALUES (?, ?, ?, ?)");
  TRIB_RETURN_NOT_OK(st.status());
  st.Bind({name_, membership.role, membership.member}).BindInt(4, membership.admin_option);
  if (st.Step() != SQLITE_DONE) return st.Error("role grant");
  return Status::OK();
}

Status Catalog::RevokeRoleMembership(const std::string& role, const std::string& member) {
  std::lock_guard lock(mu_);
  Statement st(db_, "DELETE FROM tributary_role_members WHERE catalog_name = ? AND role_name = ? AND member_name = ?");
  TRIB_RETURN_NOT_OK(st.status());
  if (st.Bind({name_, role, member}).Step() != SQLITE_DONE) return st.Error("role revoke");
  if (sqlite3_changes(db_) == 0) return Status::NotFound("role \"{}\" is not a member of role \"{}\"", member, role);
  return Status::OK();
}

Result<std::vector<RoleMembership>> Catalog::ListRoleMemberships() {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "SELECT role_name, member_name, admin_option FROM tributary_role_members WHERE catalog_name = ? "
               "ORDER BY 1, 2");
  TRIB_RETURN_NOT_OK(st.status());
  st.Bind({name_});
  std::vector<RoleMembership> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out.push_back(RoleMembership{st.Text(0), st.Text(1), st.Int(2) != 0});
  if (rc != SQLITE_DONE) return st.Error("membership listing");
  return out;
}

Status Catalog::SetObjectOwner(const std::string& kind, const std::string& ns, const std::string& name,
                               const std::string& owner) {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "INSERT OR REPLACE INTO tributary_owners (catalog_name, object_kind, object_namespace, object_name, "
               "owner) VALUES (?, ?, ?, ?, ?)");
  TRIB_RETURN_NOT_OK(st.status());
  if (st.Bind({name_, kind, ns, name, owner}).Step() != SQLITE_DONE) return st.Error("owner update");
  return Status::OK();
}

Result<std::optional<std::string>> Catalog::LoadObjectOwner(const std::string& kind, const std::string& ns,
                                                            const std::string& name) {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "SELECT owner FROM tributary_owners WHERE catalog_name = ? AND object_kind = ? AND "
               "object_namespace = ? AND object_name = ?");
  TRIB_RETURN_NOT_OK(st.status());
  int rc = st.Bind({name_, kind, ns, name}).Step();
  if (rc == SQLITE_ROW) return std::optional<std::string>(st.Text(0));
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  return st.Error("owner lookup");
}

Status Catalog::GrantPrivilege(const std::string& kind, const std::string& ns, const std::string& name,
                               const std::string& grantee, const std::string& privilege) {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "INSERT OR IGNORE INTO tributary_grants (catalog_name, object_kind, object_namespace, object_name, "
               "grantee, privilege) VALUES (?, ?, ?, ?, ?, ?)");
  TRIB_RETURN_NOT_OK(st.status());
  if (st.Bind({name_, kind, ns, name, grantee, privilege}).Step() != SQLITE_DONE) return st.Error("grant");
  return Status::OK();
}

Status Catalog::RevokePrivilege(const std::string& kind, const std::string& ns, const std::string& name,
                                const std::string& grantee, const std::string& privilege) {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "DELETE FROM tributary_grants WHERE catalog_name = ? AND object_kind = ? AND object_namespace = ? "
               "AND object_name = ? AND grantee = ? AND privilege = ?");
  TRIB_RETURN_NOT_OK(st.status());
  if (st.Bind({name_, kind, ns, name, grantee, privilege}).Step() != SQLITE_DONE) return st.Error("revoke");
  return Status::OK();
}

Result<bool> Catalog::HasPrivilege(const std::string& kind, const std::string& ns, const std::string& name,
                                   const std::vector<std::string>& grantees, const std::string& privilege) {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "SELECT grantee FROM tributary_grants WHERE catalog_name = ? AND object_kind = ? AND "
               "object_namespace = ? AND object_name = ? AND privilege = ?");
  TRIB_RETURN_NOT_OK(st.status());
  st.Bind({name_, kind, ns, name, privilege});
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    if (std::find(grantees.begin(), grantees.end(), st.Text(0)) != grantees.end()) return true;
  }
  if (rc != SQLITE_DONE) return st.Error("privilege lookup");
  return false;
}

Status Catalog::DropObjectAcl(const std::string& kind, const std::string& ns, const std::string& name) {
  std::lock_guard lock(mu_);
  for (const char* sql : {"DELETE FROM tributary_owners WHERE catalog_name = ? AND object_kind = ? AND "
                          "object_namespace = ? AND object_name = ?",
                          "DELETE FROM tributary_grants WHERE catalog_name = ? AND object_kind = ? AND "
                          "object_namespace = ? AND object_name = ?"}) {
    Statement st(db_, sql);
    TRIB_RETURN_NOT_OK(st.status());
    if (st.Bind({name_, kind, ns, name}).Step() != SQLITE_DONE) return st.Error("privilege cleanup");
  }
  return Status::OK();
}

Status Catalog::RenameObjectAcl(const std::string& kind, const std::string& ns, const std::string& name,
                                const std::string& new_ns, const std::string& new_name) {
  std::lock_guard lock(mu_);
  for (const char* sql : {"UPDATE tributary_owners SET object_namespace = ?, object_name = ? WHERE catalog_name = ? "
                          "AND object_kind = ? AND object_namespace = ? AND object_name = ?",
                          "UPDATE tributary_grants SET object_namespace = ?, object_name = ? WHERE catalog_name = ? "
                          "AND object_kind = ? AND object_namespace = ? AND object_name = ?"}) {
    Statement st(db_, sql);
    TRIB_RETURN_NOT_OK(st.status());
    if (st.Bind({new_ns, new_name, name_, kind, ns, name}).Step() != SQLITE_DONE) return st.Error("privilege rename");
  }
  return Status::OK();
}

Result<std::vector<std::string>> Catalog::ObjectsOwnedBy(const std::string& role) {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "SELECT object_kind, object_namespace, object_name FROM tributary_owners WHERE catalog_name = ? AND "
               "owner = ? ORDER BY 1, 2, 3");
  TRIB_RETURN_NOT_OK(st.status());
  st.Bind({name_, role});
  std::vector<std::string> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    out.push_back(st.Text(0) + " " + (st.Text(1).empty() ? st.Text(2) : st.Text(1) + "." + st.Text(2)));
  }
  if (rc != SQLITE_DONE) return st.Error("owner listing");
  return out;
}

Result<std::vector<Catalog::ObjectAclEntry>> Catalog::ListObjectAcls() {
  std::lock_guard lock(mu_);
  std::vector<ObjectAclEntry> out;
  for (const char* sql : {"SELECT object_kind, object_namespace, object_name, owner, '' FROM tributary_owners "
                          "WHERE catalog_name = ? ORDER BY 1, 2, 3",
                          "SELECT object_kind, object_namespace, object_name, grantee, privilege FROM tributary_grants "
                          "WHERE catalog_name = ? ORDER BY rowid"}) {
    Statement st(db_, sql);
    TRIB_RETURN_NOT_OK(st.status());
    st.Bind({name_});
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) out.push_back({st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4)});
    if (rc != SQLITE_DONE) return st.Error("privilege listing");
  }
  return out;
}

namespace {

constexpr char kRoleSeparator = '\x1f';

std::string JoinRoles(const std::vector<std::string>& roles) {
  std::string out;
  for (const auto& r : roles) {
    if (!out.empty()) out += kRoleSeparator;
    out += r;
  }
  return out;
}

std::vector<std::string> SplitRoles(const std::string& text) {
  std::vector<std::string> out;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find(kRoleSeparator, begin);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return out;
}

}  // namespace

Result<RowSecurity> Catalog::LoadRowSecurity(const TableIdentifier& id) {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "SELECT enabled, forced FROM tributary_row_security WHERE catalog_name = ? AND table_namespace = ? "
               "AND table_name = ?");
  TRIB_RETURN_NOT_OK(st.status());
  st.Bind({name_, id.ns, id.name});
  int rc = st.Step();
  if (rc == SQLITE_DONE) return RowSecurity{};
  if (rc != SQLITE_ROW) return st.Error("row security lookup");
  return RowSecurity{st.Int(0) != 0, st.Int(1) != 0};
}

Status Catalog::SetRowSecurity(const TableIdentifier& id, const RowSecurity& security) {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "INSERT OR REPLACE INTO tributary_row_security (catalog_name, table_namespace, table_name, enabled, "
               "forced) VALUES (?, ?, ?, ?, ?)");
  TRIB_RETURN_NOT_OK(st.status());
  st.Bind({name_, id.ns, id.name});
  st.BindInt(4, security.enabled ? 1 : 0).BindInt(5, security.forced ? 1 : 0);
  if (st.Step() != SQLITE_DONE) return st.Error("row security update");
  return Status::OK();
}

Status Catalog::CreatePolicy(const PolicyRecord& policy) {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "INSERT INTO tributary_policies (catalog_name, table_namespace, table_name, policy_name, permissive, "
               "command, roles, using_expr, check_expr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  TRIB_RETURN_NOT_OK(st.status());
  st.Bind({name_, policy.ns, policy.table, policy.name});
  st.BindInt(5, policy.permissive ? 1 : 0).BindText(6, policy.command).BindText(7, JoinRoles(policy.roles));
  st.BindText(8, policy.using_expr).BindText(9, policy.check_expr);
  int rc = st.Step();
  if (rc == SQLITE_CONSTRAINT) {
    return Status::AlreadyExists("policy \"{}\" for table \"{}\" already exists", policy.name, policy.table);
  }
  if (rc != SQLITE_DONE) return st.Error("policy creation");
  return Status::OK();
}

Status Catalog::UpdatePolicy(const PolicyRecord& policy) {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "UPDATE tributary_policies SET permissive = ?, command = ?, roles = ?, using_expr = ?, check_expr = ? "
               "WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND policy_name = ?");
  TRIB_RETURN_NOT_OK(st.status());
  st.BindInt(1, policy.permissive ? 1 : 0).BindText(2, policy.command).BindText(3, JoinRoles(policy.roles));
  st.BindText(4, policy.using_expr).BindText(5, policy.check_expr);
  st.BindText(6, name_).BindText(7, policy.ns).BindText(8, policy.table).BindText(9, policy.name);
  if (st.Step() != SQLITE_DONE) return st.Error("policy update");
  if (sqlite3_changes(db_) == 0) {
    return Status::NotFound("policy \"{}\" for table \"{}\" does not exist", policy.name, policy.table);
  }
  return Status::OK();
}

Status Catalog::DropPolicy(const TableIdentifier& table, const std::string& name) {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "DELETE FROM tributary_policies WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND "
               "policy_name = ?");
  TRIB_RETURN_NOT_OK(st.status());
  if (st.Bind({name_, table.ns, table.name, name}).Step() != SQLITE_DONE) return st.Error("policy removal");
  if (sqlite3_changes(db_) == 0) {
    return Status::NotFound("policy \"{}\" for table \"{}\" does not exist", name, table.name);
  }
  return Status::OK();
}

Status Catalog::RenamePolicy(const TableIdentifier& table, const std::string& from, const std::string& to) {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "UPDATE tributary_policies SET policy_name = ? WHERE catalog_name = ? AND table_namespace = ? AND "
               "table_name = ? AND policy_name = ?");
  TRIB_RETURN_NOT_OK(st.status());
  int rc = st.Bind({to, name_, table.ns, table.name, from}).Step();
  if (rc == SQLITE_CONSTRAINT) {
    return Status::AlreadyExists("policy \"{}\" for table \"{}\" already exists", to, table.name);
  }
  if (rc != SQLITE_DONE) return st.Error("policy rename");
  if (sqlite3_changes(db_) == 0) {
    return Status::NotFound("policy \"{}\" for table \"{}\" does not exist", from, table.name);
  }
  return Status::OK();
}

Result<std::vector<PolicyRecord>> Catalog::ListPolicies() {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "SELECT table_namespace, table_name, policy_name, permissive, command, roles, using_expr, check_expr "
               "FROM tributary_policies WHERE catalog_name = ? ORDER BY 1, 2, 3");
  TRIB_RETURN_NOT_OK(st.status());
  st.Bind({name_});
  std::vector<PolicyRecord> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    PolicyRecord p;
    p.ns = st.Text(0);
    p.table = st.Text(1);
    p.name = st.Text(2);
    p.permissive = st.Int(3) != 0;
    p.command = st.Text(4);
    p.roles = SplitRoles(st.Text(5));
    if (!st.IsNull(6)) p.using_expr = st.Text(6);
    if (!st.IsNull(7)) p.check_expr = st.Text(7);
    out.push_back(std::move(p));
  }
  if (rc != SQLITE_DONE) return st.Error("policy listing");
  return out;
}

Result<std::vector<PolicyRecord>> Catalog::ListPolicies(const TableIdentifier& table) {
  TRIB_ASSIGN_OR_RETURN(auto all, ListPolicies());
  std::vector<PolicyRecord> out;
  for (auto& p : all) {
    if (p.ns == table.ns && p.table == table.name) out.push_back(std::move(p));
  }
  return out;
}

Status Catalog::DropRowSecurity(const TableIdentifier& id) {
  std::lock_guard lock(mu_);
  for (const char* sql : {"DELETE FROM tributary_row_security WHERE catalog_name = ? AND table_namespace = ? AND "
                          "table_name = ?",
                          "DELETE FROM tributary_policies WHERE catalog_name = ? AND table_namespace = ? AND "
                          "table_name = ?"}) {
    Statement st(db_, sql);
    TRIB_RETURN_NOT_OK(st.status());
    if (st.Bind({name_, id.ns, id.name}).Step() != SQLITE_DONE) return st.Error("row security cleanup");
  }
  return Status::OK();
}

Status Catalog::RenameRowSecurity(const TableIdentifier& from, const TableIdentifier& to) {
  std::lock_guard lock(mu_);
  for (const char* sql : {"UPDATE tributary_row_security SET table_namespace = ?, table_name = ? WHERE catalog_name = ? "
                          "AND table_namespace = ? AND table_name = ?",
                          "UPDATE tributary_policies SET table_namespace = ?, table_name = ? WHERE catalog_name = ? "
                          "AND table_namespace = ? AND table_name = ?"}) {
    Statement st(db_, sql);
    TRIB_RETURN_NOT_OK(st.status());
    if (st.Bind({to.ns, to.name, name_, from.ns, from.name}).Step() != SQLITE_DONE) return st.Error("row security rename");
  }
  return Status::OK();
}

Status Catalog::AppendAudit(const AuditEntry& entry) {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "INSERT INTO tributary_audit_log (catalog_name, event_time_ms, user_name, event, detail) "
               "VALUES (?, ?, ?, ?, ?)");
  TRIB_RETURN_NOT_OK(st.status());
  st.BindText(1, name_).BindInt(2, entry.time_ms).BindText(3, entry.user).BindText(4, entry.event).BindText(5, entry.detail);
  if (st.Step() != SQLITE_DONE) return st.Error("audit append");
  return Status::OK();
}

Result<std::vector<Catalog::AuditEntry>> Catalog::ListAudit() {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "SELECT event_time_ms, user_name, event, detail FROM tributary_audit_log WHERE catalog_name = ? "
               "ORDER BY rowid");
  TRIB_RETURN_NOT_OK(st.status());
  st.Bind({name_});
  std::vector<AuditEntry> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out.push_back(AuditEntry{st.Int(0), st.Text(1), st.Text(2), st.Text(3)});
  if (rc != SQLITE_DONE) return st.Error("audit listing");
  return out;
}

Status Catalog::SetRoleSetting(const std::string& role, const std::string& name,
                               const std::optional<std::string>& value) {
  std::lock_guard lock(mu_);
  if (value) {
    Statement st(db_,
                 "INSERT OR REPLACE INTO tributary_role_settings (catalog_name, role_name, setting_name, setting_value) "
                 "VALUES (?, ?, ?, ?)");
    TRIB_RETURN_NOT_OK(st.status());
    if (st.Bind({name_, role, name, *value}).Step() != SQLITE_DONE) return st.Error("role setting");
    return Status::OK();
  }
  Statement st(db_, name.empty() ? "DELETE FROM tributary_role_settings WHERE catalog_name = ? AND role_name = ?"
                                 : "DELETE FROM tributary_role_settings WHERE catalog_name = ? AND role_name = ? AND "
                                   "setting_name = ?");
  TRIB_RETURN_NOT_OK(st.status());
  if (name.empty()) {
    st.Bind({name_, role});
  } else {
    st.Bind({name_, role, name});
  }
  if (st.Step() != SQLITE_DONE) return st.Error("role setting");
  return Status::OK();
}

Result<std::vector<std::pair<std::string, std::string>>> Catalog::ListRoleSettings(const std::string& role) {
  std::lock_guard lock(mu_);
  Statement st(db_,
               "SELECT setting_name, setting_value FROM tributary_role_settings WHERE catalog_name = ? AND "
               "role_name = ? ORDER BY 1");
  TRIB_RETURN_NOT_OK(st.status());
  st.Bind({name_, role});
  std::vector<std::pair<std::string, std::string>> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out.emplace_back(st.Text(0), st.Text(1));
  if (rc != SQLITE_DONE) return st.Error("role settings listing");
  return out;
}

}  // namespace tributary::catalog
