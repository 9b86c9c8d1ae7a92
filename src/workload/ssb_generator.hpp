#pragma once

#include <array>
#include <cstdint>

#include "vector/column_batch.hpp"
#include "workload/ssb_schema.hpp"

namespace tributary {

/// Deterministic rows of one SSB table at a scale factor, following the
/// specification's value domains:
///  - keys are dense from 1; lo_orderkey uses the first 8 of every 32 keys;
///  - every lo_custkey / lo_partkey / lo_suppkey names an existing row, and
///    lo_orderdate / lo_commitdate fall inside the date dimension;
///  - order dates run evenly from 1992-01-01 to 1998-08-02 in order-key
///    order (so the fact table arrives date-ordered), commit dates 30..90 days
///    later; lo_quantity 1..50, lo_discount 0..10, lo_tax 0..8;
///  - p_retailprice (not a column) is TPC-H's 90000 + (key/10 mod 20001) +
///    100·(key mod 1000) hundredths; lo_extendedprice = quantity × retail
///    price, lo_revenue = extendedprice × (100 − discount) / 100,
///    lo_supplycost = 6 × retail price / 10, lo_ordtotalprice the order's sum
///    of extendedprice × (100 + tax)/100 × (100 − discount)/100;
///  - cities are the nation's name cut or padded to 9 characters plus a digit
///    ("UNITED KI1"), brands are the category plus 1..40 ("MFGR#2221").
/// Each value is a hash of (seed, table, row, column), so the output does not
/// depend on batch sizes and two runs with the same seed are identical.
class SsbGenerator {
 public:
  SsbGenerator(SsbTable table, double scale, uint64_t seed = 1);

  SsbTable table() const { return table_; }
  const SsbScale& scale() const { return scale_; }

  /// Fills `out` (built from SsbTypes(table())) with up to `max_rows` next
  /// rows; returns false once every row has been produced.
  bool Next(ColumnBatch* out, size_t max_rows = kBatchSize);
  int64_t rows_produced() const { return rows_produced_; }

 private:
  struct Line {
    int32_t partkey, suppkey, quantity, extendedprice, discount, revenue, supplycost, tax, commitdate, shipmode;
  };

  uint64_t Hash(int64_t row, uint32_t column) const;
  int64_t Uniform(int64_t row, uint32_t column, int64_t lo, int64_t hi) const;
  size_t FillLineorder(ColumnBatch* out, size_t max_rows);
  size_t FillCustomerOrSupplier(ColumnBatch* out, size_t max_rows, bool customer);
  size_t FillPart(ColumnBatch* out, size_t max_rows);
  size_t FillDate(ColumnBatch* out, size_t max_rows);
  void StartOrder();

  SsbTable table_;
  SsbScale scale_;
  uint64_t seed_;
  int64_t next_row_ = 0;  // dimension row, or order number for lineorder
  int64_t rows_produced_ = 0;
  // The order being emitted (lineorder only).
  std::array<Line, 7> lines_{};
  int32_t line_count_ = 0;
  int32_t next_line_ = 0;
  int32_t order_custkey_ = 0;
  int32_t order_date_ = 0;
  int32_t order_priority_ = 0;
  int32_t order_total_ = 0;
};

}  // namespace tributary
