#pragma once

#include <memory>
#include <string>

#include "catalog/catalog.hpp"
#include "common/status.hpp"
#include "storage/table_writer.hpp"
#include "workload/ssb_lineorder.hpp"

namespace tributary {

/// Creates the SSB-like lineorder table laid out for the common query:
/// partitioned by day(lo_orderdate), clustered (sort order) by lo_region then
/// lo_custkey. The namespace is created when missing.
Result<std::shared_ptr<iceberg::Table>> CreateLineorderTable(catalog::Catalog& catalog,
                                                             const catalog::TableIdentifier& id);

struct LineorderLoadResult {
  int64_t rows = 0;
  int64_t files = 0;
  int64_t snapshot_id = 0;
  bool already_committed = false;
};

/// Generates `options.rows` rows into `table` in one atomic append. The
/// commit's idempotency key is derived from the generator options, so loading
/// the same data twice is a no-op the second time.
Result<LineorderLoadResult> LoadLineorder(const std::shared_ptr<iceberg::Table>& table,
                                          const LineorderGenerator::Options& options,
                                          const TableWriterOptions& writer_options = {});

}  // namespace tributary
