#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "iceberg/partition_spec.hpp"
#include "iceberg/schema.hpp"
#include "iceberg/sort_order.hpp"
#include "iceberg/table.hpp"

struct sqlite3;

namespace tributary::catalog {

struct TableIdentifier {
  std::string ns;  // namespace; dots separate levels ("sales.emea")
  std::string name;

  std::string ToString() const { return ns + "." + name; }
  friend bool operator==(const TableIdentifier&, const TableIdentifier&) = default;
  friend auto operator<=>(const TableIdentifier&, const TableIdentifier&) = default;
};

/// A role (PostgreSQL's pg_authid row): who may log in and with what rights.
struct RoleRecord {
  std::string name;
  bool can_login = false;
  bool superuser = false;
  bool bypass_rls = false;
  bool inherit = true;
  bool create_role = false;
  /// PostgreSQL's SCRAM-SHA-256 secret text; never a password.
  std::optional<std::string> scram_secret;
  /// VALID UNTIL, UTC milliseconds since the epoch; none for no limit.
  std::optional<int64_t> valid_until_ms;
};

/// `member` belongs to `role` (GRANT role TO member).
struct RoleMembership {
  std::string role;
  std::string member;
  bool admin_option = false;
};

/// A row-level security policy on a table (PostgreSQL's pg_policy row).
struct PolicyRecord {
  std::string ns, table;  // the table the policy is on
  std::string name;
  bool permissive = true;          // AS PERMISSIVE (default) | AS RESTRICTIVE
  std::string command = "ALL";     // "ALL", "SELECT", "INSERT", "UPDATE", "DELETE"
  std::vector<std::string> roles;  // TO roles; empty means PUBLIC
  std::optional<std::string> using_expr;  // SQL text of USING (...)
  std::optional<std::string> check_expr;  // SQL text of WITH CHECK (...)
};

/// ALTER TABLE ... ENABLE / FORCE ROW LEVEL SECURITY.
struct RowSecurity {
  bool enabled = false;
  bool forced = false;  // the owner is subject to the policies too
};

/// An Iceberg catalog in SQLite, in the shape of Iceberg's JDBC/SQL catalog:
/// tables iceberg_tables(catalog_name, table_namespace, table_name,
/// metadata_location, previous_metadata_location) and
/// iceberg_namespace_properties(catalog_name, namespace, property_key,
/// property_value), in "<warehouse>/catalog.db". Table data lives in
/// "<warehouse>/<namespace>/<table>/{data,metadata}".
///
/// One SQLite connection per Catalog (WAL mode, busy timeout); open one
/// Catalog per thread for parallel commits. Calls on one Catalog are
/// serialised by an internal mutex. Tables keep the Catalog alive.
class Catalog : public std::enable_shared_from_this<Catalog> {
 public:
  static constexpr const char* kDefaultName = "tributary";

  /// Opens (creating if needed) the catalog of `warehouse`, an absolute or
  /// relative directory, created if missing.
  static Result<std::shared_ptr<Catalog>> Open(const std::string& warehouse,
                                               std::string catalog_name = kDefaultName);
  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  const std::string& warehouse() const { return warehouse_; }
  const std::string& name() const { return name_; }

  /// AlreadyExists when present.
  Status CreateNamespace(const std::string& ns, const std::map<std::string, std::string>& properties = {});
  Result<std::vector<std::string>> ListNamespaces();
  Result<bool> NamespaceExists(const std::string& ns);
  Result<std::map<std::string, std::string>> LoadNamespaceProperties(const std::string& ns);
  Status UpdateNamespaceProperties(const std::string& ns, const std::map<std::string, std::string>& set);
  /// NotFound when absent; Invalid when it still holds tables.
  Status DropNamespace(const std::string& ns);

  /// Writes v1 metadata at "<warehouse>/<ns>/<name>" and registers it.
  /// AlreadyExists when the name is taken; NotFound when the namespace is
  /// missing. `spec` and `sort_order` default to unpartitioned / unsorted.
  Result<std::shared_ptr<iceberg::Table>> CreateTable(const TableIdentifier& id,
                                                      std::shared_ptr<const iceberg::Schema> schema,
                                                      std::shared_ptr<const iceberg::PartitionSpec> spec = nullptr,
                                                      std::shared_ptr<const iceberg::SortOrder> sort_order = nullptr,
                                                      std::map<std::string, std::string> properties = {});
  /// NotFound when absent.
  Result<std::shared_ptr<iceberg::Table>> LoadTable(const TableIdentifier& id);
  Result<bool> TableExists(const TableIdentifier& id);
  Result<std::vector<TableIdentifier>> ListTables(const std::string& ns);
  /// Unregisters the table; with `purge`, also deletes every file of every
  /// retained snapshot and the table's metadata files.
  Status DropTable(const TableIdentifier& id, bool purge);
  /// The table keeps its location; only its name changes.
  Status RenameTable(const TableIdentifier& from, const TableIdentifier& to);

  /// Views: a name and the text of the CREATE VIEW statement that defined
  /// it, parsed and bound again at each use. CreateView fails with
  /// AlreadyExists when the name is taken (by a view, unless `replace`, or
  /// by a table); LoadView and DropView with NotFound when absent.
  Status CreateView(const TableIdentifier& id, const std::string& definition, bool replace);
  Result<std::string> LoadView(const TableIdentifier& id);
  Status DropView(const TableIdentifier& id);
  Result<std::vector<TableIdentifier>> ListViews(const std::string& ns);

  /// Roles live in tributary_roles (name, flags, SCRAM secret, expiry) and
  /// their memberships in tributary_role_members, both per catalog.
  /// CreateRole: AlreadyExists when the name is taken. UpdateRole and
  /// DropRole: NotFound when absent. RenameRole carries the memberships
  /// along; DropRole removes them. Names are compared exactly.
  Status CreateRole(const RoleRecord& role);
  Result<std::optional<RoleRecord>> LoadRole(const std::string& name);
  Status UpdateRole(const RoleRecord& role);
  Status RenameRole(const std::string& from, const std::string& to);
  Status DropRole(const std::string& name);
  Result<std::vector<RoleRecord>> ListRoles();
  /// Adds (or updates the admin option of) a membership.
  Status GrantRoleMembership(const RoleMembership& membership);
  /// NotFound when `member` is not a member of `role`.
  Status RevokeRoleMembership(const std::string& role, const std::string& member);
  Result<std::vector<RoleMembership>> ListRoleMemberships();
  /// A role's own defaults for session settings (ALTER ROLE r SET name =
  /// value), in tributary_role_settings; a value of none removes the
  /// setting, and an empty `name` with none removes them all (RESET ALL).
  Status SetRoleSetting(const std::string& role, const std::string& name, const std::optional<std::string>& value);
  /// (setting name, value) pairs of `role`, by name.
  Result<std::vector<std::pair<std::string, std::string>>> ListRoleSettings(const std::string& role);

  /// Ownership and granted privileges of relations (tables and views:
  /// kind "relation", ns and name) and schemas (kind "schema", ns empty),
  /// in tributary_owners and tributary_grants. An object without an owner
  /// row belongs to the bootstrap superuser. Privileges are words
  /// ("SELECT", "USAGE", ...); grantee "public" is every role.
  Status SetObjectOwner(const std::string& kind, const std::string& ns, const std::string& name,
                        const std::string& owner);
  Result<std::optional<std::string>> LoadObjectOwner(const std::string& kind, const std::string& ns,
                                                     const std::string& name);
  Status GrantPrivilege(const std::string& kind, const std::string& ns, const std::string& name,
                        const std::string& grantee, const std::string& privilege);
  /// Not an error when the privilege was never granted.
  Status RevokePrivilege(const std::string& kind, const std::string& ns, const std::string& name,
                         const std::string& grantee, const std::string& privilege);
  /// Whether any of `grantees` holds `privilege` on the object.
  Result<bool> HasPrivilege(const std::string& kind, const std::string& ns, const std::string& name,
                            const std::vector<std::string>& grantees, const std::string& privilege);
  /// Forgets the object's owner and grants (it was dropped) or moves them
  /// to its new name.
  Status DropObjectAcl(const std::string& kind, const std::string& ns, const std::string& name);
  Status RenameObjectAcl(const std::string& kind, const std::string& ns, const std::string& name,
                         const std::string& new_ns, const std::string& new_name);
  /// "kind ns.name" of every object `role` owns.
  Result<std::vector<std::string>> ObjectsOwnedBy(const std::string& role);
  /// One row of tributary_owners or tributary_grants (owner/grantee in `role`,
  /// privilege empty for an owner row), for the pg_catalog views.
  struct ObjectAclEntry {
    std::string kind, ns, name, role, privilege;
  };
  /// Every owner row (privilege empty) ordered by object, then every grant
  /// in the order they were made.
  Result<std::vector<ObjectAclEntry>> ListObjectAcls();

  /// Row-level security: per-table flags in tributary_row_security and
  /// policies in tributary_policies. A table without a flags row has row
  /// security disabled. CreatePolicy: AlreadyExists when the table has a
  /// policy of that name; UpdatePolicy/DropPolicy: NotFound when absent.
  Result<RowSecurity> LoadRowSecurity(const TableIdentifier& id);
  Status SetRowSecurity(const TableIdentifier& id, const RowSecurity& security);
  Status CreatePolicy(const PolicyRecord& policy);
  Status UpdatePolicy(const PolicyRecord& policy);
  Status DropPolicy(const TableIdentifier& table, const std::string& name);
  /// AlreadyExists when `to` is taken, NotFound when `from` is absent.
  Status RenamePolicy(const TableIdentifier& table, const std::string& from, const std::string& to);
  /// Every policy of every table, by table then name.
  Result<std::vector<PolicyRecord>> ListPolicies();
  /// The policies of one table, by name.
  Result<std::vector<PolicyRecord>> ListPolicies(const TableIdentifier& table);
  /// Forgets the table's flags and policies (it was dropped) or moves them to
  /// its new name.
  Status DropRowSecurity(const TableIdentifier& id);
  Status RenameRowSecurity(const TableIdentifier& from, const TableIdentifier& to);

  /// The audit log (tributary_audit_log), oldest first: logins, failed
  /// logins, role changes, GRANT/REVOKE.
  struct AuditEntry {
    int64_t time_ms = 0;  // UTC milliseconds since the epoch
    std::string user;
    std::string event;
    std::string detail;
  };
  Status AppendAudit(const AuditEntry& entry);
  Result<std::vector<AuditEntry>> ListAudit();

  /// The catalog pointer itself (for tables and tests).
  Result<std::string> LoadMetadataLocation(const TableIdentifier& id);
  /// UPDATE … SET metadata_location = desired WHERE metadata_location =
  /// expected; Conflict when no row changed (a concurrent commit won),
  /// NotFound when the table is gone.
  Status SwapMetadataLocation(const TableIdentifier& id, const std::string& expected, const std::string& desired);

  /// "<warehouse>/<ns with dots as slashes>/<name>".
  std::string DefaultTableLocation(const TableIdentifier& id) const;

  /// A stamp that changes whenever the catalog database changes, through
  /// this Catalog (rows it changed) or another process's (SQLite's
  /// data_version): what is derived from roles and grants may be cached
  /// while it stays the same.
  Result<std::pair<int64_t, int64_t>> ChangeStamp();

 private:
  Catalog(std::string warehouse, std::string name, sqlite3* db) : warehouse_(std::move(warehouse)), name_(std::move(name)), db_(db) {}
  Status Exec(const std::string& sql);
  /// Puts the database in WAL mode unless it is already (retrying while
  /// another process holds the lock the switch needs).
  Status EnableWal();

  std::string warehouse_;
  std::string name_;
  std::mutex mu_;
  sqlite3* db_ = nullptr;  // guarded by mu_
};

}  // namespace tributary::catalog
