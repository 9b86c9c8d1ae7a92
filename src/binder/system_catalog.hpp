#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "binder/access_control.hpp"
#include "catalog/catalog.hpp"
#include "planner/bound_expression.hpp"
#include "types/value.hpp"

namespace tributary::sql {

/// PostgreSQL's pg_catalog and information_schema relations, derived from
/// the warehouse's catalog (schemas, tables and their Iceberg schemas, views,
/// roles and memberships, owners and grants) when a statement names one. The
/// rows are read once per statement being bound, so every system relation a
/// statement reads sees the same catalog.
///
/// Object identifiers are stable: PostgreSQL's fixed ones for its built-in
/// objects (pg_catalog 11, public 2200, types, the catalog relations, the
/// bootstrap superuser 10) and, for the warehouse's own schemas, relations
/// and roles, a hash of the object's kind and name in [16384, 2^31), so the
/// same object has the same oid in every session and in pg_class.oid,
/// pg_attribute.attrelid and `'name'::regclass` alike. OIDs are `integer`.
///
/// PostgreSQL arrays (relacl, polroles, ...) are values of type text in
/// PostgreSQL's array text form (`{a,b}`); the array functions work on it.
class SystemCatalog {
 public:
  SystemCatalog(std::shared_ptr<catalog::Catalog> catalog, const AccessRoles& access, std::string database)
      : catalog_(std::move(catalog)), access_(access), database_(std::move(database)) {}

  /// current_database(): the catalog's name.
  const std::string& database() const { return database_; }

  /// One emulated relation's rows.
  struct Relation {
    std::vector<std::string> columns;
    std::vector<LogicalType> types;
    std::vector<std::vector<Value>> rows;
  };

  /// Whether `schema.name` is an emulated relation; an empty schema means
  /// pg_catalog (which PostgreSQL searches before any other schema).
  static bool IsSystemRelation(const std::string& schema, const std::string& name);
  /// The relation's rows. 42501 for pg_authid unless superuser.
  Relation Read(const std::string& schema, const std::string& name, int location);

  /// `'[schema.]name'::regclass`: the relation's oid (search path: pg_catalog,
  /// public); 42P01 when there is none.
  int32_t RegclassOid(const std::string& text, int location);
  /// pg_get_userbyid(oid): a CASE over the roles' oids ("unknown (OID=n)" otherwise).
  BoundExprPtr RoleNameOf(BoundExprPtr oid);
  /// What `oid::regclass`, `::regtype`, `::regnamespace` and `::regrole`
  /// print for a non-constant oid (`kind` "regclass", ...): the object's name
  /// (schema-qualified when not visible, for relations), or the number.
  BoundExprPtr NameOfOid(const std::string& kind, BoundExprPtr oid);
  /// `'name'::regtype`, `::regnamespace`, `::regrole`: the object's oid;
  /// 42704 when there is none.
  int32_t OidOfName(const std::string& kind, const std::string& name, int location);
  /// has_table_privilege / has_schema_privilege (`kind` "relation" or
  /// "schema") of `access` on the object `object` names (a constant name or
  /// an oid expression) for any of `privileges` ("SELECT, INSERT").
  BoundExprPtr HasPrivilege(const AccessRoles& access, const std::string& kind, BoundExprPtr object,
                            const std::string& privileges, int location);
  /// pg_table_size / pg_relation_size / pg_total_relation_size(oid): the bytes
  /// of a table's current data files (0 for views and catalog relations;
  /// NULL for an oid no relation has).
  BoundExprPtr RelationSize(BoundExprPtr oid);
  /// pg_get_constraintdef(oid): "PRIMARY KEY (a, b)" for a primary key, NULL otherwise.
  BoundExprPtr ConstraintDefinition(BoundExprPtr oid);
  /// pg_table_is_visible(oid): whether the relation is found by its bare
  /// name through the search path (pg_catalog, then public).
  BoundExprPtr TableIsVisible(BoundExprPtr oid);
  /// pg_relation_is_publishable(oid): whether it is one of the warehouse's tables.
  BoundExprPtr RelationIsPublishable(BoundExprPtr oid);

  static int32_t NamespaceOid(const std::string& ns);
  static int32_t RelationOid(const std::string& ns, const std::string& name);
  static int32_t RoleOid(const std::string& role);

 private:
  struct Column {
    std::string name;
    LogicalType type;
    bool not_null = false;
  };
  struct RelationInfo {
    std::string ns, name;
    char kind = 'r';  // 'r' table, 'v' view
    std::string owner;
    std::vector<Column> columns;
    std::vector<int> primary_key;  // 1-based attnums
    std::optional<std::string> view_definition;
    catalog::RowSecurity row_security;
    int64_t data_bytes = 0;  // the current snapshot's data files (Iceberg's total-files-size)
  };
  struct Snapshot {
    std::vector<std::string> namespaces;  // pg_catalog, information_schema, then the warehouse's
    std::map<std::string, std::string> namespace_owner;
    std::vector<RelationInfo> relations;  // system relations first
    std::vector<catalog::RoleRecord> roles;
    std::vector<catalog::RoleMembership> memberships;
    std::vector<catalog::Catalog::ObjectAclEntry> acls;
    std::vector<catalog::PolicyRecord> policies;
  };
  const Snapshot& Load();
  /// A view's output columns, from binding its definition as `owner`.
  void ViewColumns(const std::string& definition, const std::string& owner, std::vector<Column>* out);
  /// Whether `access` holds `privilege` ("SELECT", "USAGE", ...) on the object:
  /// superuser, member of the owner, or granted (to it, a role it inherits, PUBLIC).
  bool Holds(const AccessRoles& access, const std::string& kind, const std::string& ns, const std::string& name,
             const std::string& owner, const std::string& privilege) const;
  /// information_schema shows a relation to those with some right on it.
  bool Visible(const RelationInfo& r) const;
  /// PostgreSQL's aclitem[] text for an object, NULL when nothing was granted.
  Value AclOf(const std::string& kind, const std::string& ns, const std::string& name, const std::string& owner,
              const std::string& all_privileges) const;

  std::shared_ptr<catalog::Catalog> catalog_;
  AccessRoles access_;
  std::string database_;
  std::unique_ptr<Snapshot> snapshot_;
};

}  // namespace tributary::sql
