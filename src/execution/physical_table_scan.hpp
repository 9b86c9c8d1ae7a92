#pragma once

#include "execution/physical_operator.hpp"

namespace tributary::sql {

/// Reads a table through TableReader: only `columns` are read, and
/// `predicates` (field ids) prune partitions, files and row groups. Rows are
/// not filtered here; a filter above re-checks them.
class PhysicalTableScan : public PhysicalOperator {
 public:
  PhysicalTableScan(ExecutionContext* context, std::shared_ptr<iceberg::Table> table, std::vector<std::string> columns,
                    std::vector<ColumnPredicate> predicates);
  bool Next(ColumnBatch* out) override;

 private:
  ExecutionContext* context_;
  std::shared_ptr<iceberg::Table> table_;
  TableReadOptions options_;
  std::unique_ptr<TableReader> reader_;
  bool count_only_;  // no column is needed, only the row count
};

}  // namespace tributary::sql
