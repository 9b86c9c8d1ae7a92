#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "parser/ast.hpp"
#include "planner/logical_operator.hpp"

namespace tributary::sql {

/// A bound query: its plan and output column names.
struct BoundQuery {
  LogicalPtr plan;
  std::vector<std::string> names;
};

/// Unqualified table names live in this schema.
inline constexpr const char* kDefaultSchema = "public";

/// Resolves names against the catalog and types with PostgreSQL's rules,
/// turning a SELECT (or VALUES) into a logical plan. Throws SqlError with
/// the SQLSTATE and location of the first problem: 42P01 unknown table,
/// 42703 unknown column (with a "did you mean" hint), 42702 ambiguous
/// column, 42883 no such operator/function, 42804 type mismatch, 42803
/// misuse of grouping, 0A000 unsupported constructs.
class Binder {
 public:
  explicit Binder(std::shared_ptr<catalog::Catalog> catalog) : catalog_(std::move(catalog)) {}

  BoundQuery BindSelect(const SelectStatement& select);
  /// Loads `schema.name` (schema defaults to public); 42P01 when absent.
  std::shared_ptr<iceberg::Table> LoadTable(const std::string& schema, const std::string& name, int location);

  /// A FROM item visible to column references.
  struct ScopeTable {
    std::string name;  // alias or table name, for qualified references
    int table_index;
    std::vector<std::string> columns;
    std::vector<LogicalType> types;
  };
  using Scope = std::vector<ScopeTable>;

 private:

  LogicalPtr BindTableRef(const TableRef& ref, Scope* scope);
  LogicalPtr BindFrom(const std::vector<TableRefPtr>& from, Scope* scope);
  BoundQuery BindValues(const SelectStatement& select);

  std::shared_ptr<catalog::Catalog> catalog_;
  int next_table_index_ = 0;
};

}  // namespace tributary::sql
