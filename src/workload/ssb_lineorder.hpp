#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "vector/column_batch.hpp"

namespace tributary {

/// A deterministic generator of an SSB-like `lineorder` fact table: the Star
/// Schema Benchmark's line items, denormalised with the customer's region so
/// a warehouse can be partitioned by order date and clustered by region.
/// The same (seed, rows, days) always produces the same rows, in order-date
/// order, so a demo or benchmark is reproducible and another engine can be
/// fed the very same data.
class LineorderGenerator {
 public:
  struct Options {
    int64_t rows = 10'000'000;
    int32_t first_date = 0;  // days since 1970-01-01 of the first order date
    int32_t days = 90;       // order dates spread evenly over this many days
    uint64_t seed = 42;
  };

  explicit LineorderGenerator(Options options);

  struct Column {
    const char* name;
    LogicalType type;
    bool nullable;
  };
  /// lo_orderkey, lo_linenumber, lo_custkey, lo_partkey, lo_suppkey,
  /// lo_orderdate, lo_region, lo_orderpriority, lo_shippriority, lo_quantity,
  /// lo_extendedprice, lo_ordtotalprice, lo_discount, lo_revenue,
  /// lo_supplycost, lo_tax, lo_commitdate, lo_shipmode.
  static const std::vector<Column>& Schema();
  static std::vector<LogicalType> Types();

  /// Fills `out` (built from Types()) with up to `max_rows` next rows;
  /// returns false once every row has been produced.
  bool Next(ColumnBatch* out, size_t max_rows = kBatchSize);
  int64_t rows_produced() const { return next_row_; }

 private:
  uint64_t Random();

  Options options_;
  int64_t next_row_ = 0;
  int64_t order_key_ = 0;
  int32_t lines_left_ = 0;
  int32_t order_date_ = 0;
  int32_t cust_key_ = 0;
  int32_t region_ = 0;
  int32_t priority_ = 0;
  int64_t order_total_ = 0;
  uint64_t state_;
};

}  // namespace tributary
