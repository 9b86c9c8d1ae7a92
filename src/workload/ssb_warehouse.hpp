#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "catalog/catalog.hpp"
#include "common/status.hpp"
#include "storage/table_writer.hpp"
#include "workload/ssb_schema.hpp"

namespace tributary {

/// The namespace the SSB tables live in: ssb.lineorder, ssb.customer, …
constexpr const char* kSsbNamespace = "ssb";

/// Creates ssb.<table> (and the namespace) laid out for the SSB queries:
///  - lineorder: partitioned by year(lo_orderdate), clustered by
///    lo_orderdate. Every query restricts the date dimension, mostly by year;
///    year partitions keep files large even at small scale factors, and the
///    date order inside a partition gives each file and row group a narrow
///    lo_orderdate range, so month and week filters (Q1.2, Q1.3, Q3.4) prune
///    row groups from statistics.
///  - customer, supplier: unpartitioned, clustered by region then nation
///    (one file per region, so a region filter reads one file).
///  - part: unpartitioned, clustered by p_mfgr, p_category, p_brand1.
///  - date: unpartitioned, clustered by d_datekey.
/// AlreadyExists when the table is there.
Result<std::shared_ptr<iceberg::Table>> CreateSsbTable(catalog::Catalog& catalog, SsbTable table);

struct SsbLoadResult {
  int64_t rows = 0;
  int64_t files = 0;
  bool already_committed = false;
};

/// Generates the table's rows at `scale` / `seed` into `table` in one atomic
/// append whose idempotency key names the table, scale and seed: loading the
/// same data twice is a no-op the second time. Lineorder files are never
/// split per order date: each partition gets as few files as the size
/// targets allow.
Result<SsbLoadResult> LoadSsbTable(const std::shared_ptr<iceberg::Table>& table, SsbTable which, double scale,
                                   uint64_t seed, const TableWriterOptions& writer_options = {});

}  // namespace tributary
