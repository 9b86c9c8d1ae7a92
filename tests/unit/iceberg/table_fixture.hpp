#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "iceberg/data_file.hpp"
#include "iceberg/table.hpp"
#include "parquet/parquet_writer.hpp"
#include "common/file_io.hpp"
#include "iceberg/table_scan.hpp"
#include "test_util.hpp"
#include "types/datetime.hpp"
#include "vector/column_batch.hpp"

namespace tributary::iceberg::testing {

/// sales(id bigint, order_date date, region varchar(8), amount numeric(12,2)),
/// partitioned by day(order_date), identity(region).
inline std::shared_ptr<const Schema> SalesSchema() {
  return Schema::FromColumns({{"id", LogicalType::BigInt()},
                              {"order_date", LogicalType::Date()},
                              {"region", LogicalType::Varchar(8)},
                              {"amount", LogicalType::NumericUnchecked(12, 2)}})
      .ValueOrDie();
}

inline std::shared_ptr<const PartitionSpec> SalesSpec(const std::shared_ptr<const Schema>& schema) {
  return PartitionSpec::Builder(schema).Day("order_date").Identity("region").Build().ValueOrDie();
}

inline int32_t Day(const char* text) { return datetime::ParseDate(text).ValueOrDie(); }

/// Writes rows ids [first, first + count) of one partition as a real Parquet
/// file in the table's data directory and describes it as a DataFile.
inline Result<DataFile> WriteSalesFile(const Table& table, int64_t first, int64_t count, const char* date,
                                       const std::string& region) {
  auto metadata = table.metadata();
  const Schema& schema = *metadata->current_schema();
  const PartitionSpec& spec = *metadata->default_spec();
  std::vector<Value> row = {Value::BigInt(first), Value::Date(Day(date)), Value::Varchar(region),
                            Value::Numeric(0, 12, 2)};
  TRIB_ASSIGN_OR_RETURN(PartitionValues partition, spec.PartitionFor(schema, row));
  const std::string path = table.NewDataFilePath(spec.PartitionPath(partition));
  TRIB_RETURN_NOT_OK(CreateDirectories(path.substr(0, path.rfind('/'))));
  auto columns = schema.ToColumnSpecs();
  std::vector<LogicalType> types;
  for (const auto& c : columns) types.push_back(c.type);
  ColumnBatch batch(types, static_cast<size_t>(count));
  for (int64_t i = 0; i < count; i++) {
    const size_t r = static_cast<size_t>(i);
    batch.column(0).SetValue(r, Value::BigInt(first + i));
    batch.column(1).SetValue(r, Value::Date(Day(date)));
    batch.column(2).SetValue(r, Value::Varchar(region));
    if (i % 3 == 2) {
      batch.column(3).SetValue(r, Value::Null(LogicalType::NumericUnchecked(12, 2)));
    } else {
      batch.column(3).SetValue(r, Value::Numeric(100 * (first + i), 12, 2));
    }
  }
  batch.set_num_rows(static_cast<size_t>(count));
  TRIB_ASSIGN_OR_RETURN(auto writer, parquet::FileWriter::Open(path, columns));
  TRIB_RETURN_NOT_OK(writer->Write(batch));
  TRIB_ASSIGN_OR_RETURN(parquet::WrittenFile written, writer->Close());
  return DataFileFromParquet(written, columns, spec, std::move(partition));
}

/// Sum of live record counts of a snapshot (default current).
inline int64_t LiveRecords(const TableMetadata& m, std::optional<int64_t> snapshot_id = std::nullopt) {
  ScanRequest req;
  req.snapshot_id = snapshot_id;
  auto plan = PlanFiles(m, req).ValueOrDie();
  int64_t n = 0;
  for (const auto& f : plan.files) n += f.file->record_count;
  return n;
}

}  // namespace tributary::iceberg::testing
