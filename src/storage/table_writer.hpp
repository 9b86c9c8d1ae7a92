#pragma once

#include <cstdint>
#include <deque>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "iceberg/data_file.hpp"
#include "iceberg/table.hpp"
#include "parquet/parquet_writer.hpp"
#include "storage/cluster_sort.hpp"
#include "vector/column_batch.hpp"

namespace tributary {

struct TableWriterOptions {
  parquet::WriterOptions parquet;
  /// A file is closed once it holds this many rows or its estimated size
  /// reaches target_file_bytes, whichever comes first.
  int64_t target_file_rows = 4'000'000;
  int64_t target_file_bytes = 256ll << 20;
  /// Rows buffered across all partitions before the largest partition is
  /// sorted and written out; bounds memory at roughly this many rows.
  int64_t max_buffered_rows = 4'000'000;
  /// The same bound in bytes (the buffers' vectors and string heaps), so
  /// wide rows with long strings do not hold gigabytes before a flush.
  int64_t max_buffered_bytes = int64_t{512} << 20;
  /// When the leading cluster key has at most this many distinct values in a
  /// partition, no file holds two of them (so pruning on it is exact).
  size_t low_cardinality_limit = 256;
  /// Partitions sorted, encoded and written at once on threads of their own
  /// while the caller goes on handing over rows; 1 does it on the caller's
  /// thread. Files come back in the order their flushes began whatever the
  /// threads, so the same input writes the same files in the same order.
  /// Each flush in progress holds its partition's rows beside the buffers.
  int flush_threads = 1;
};

/// Turns column batches into a table's data files, laid out for the common
/// query: one set of files per partition of the table's default spec, rows
/// sorted by the table's cluster keys (its default sort order), and a file
/// boundary at every change of a low-cardinality leading cluster key.
///
/// The caller commits the returned files (Table::Append, OverwritePartitions,
/// ReplaceFiles); until then they are invisible orphans.
/// Extra memory: up to max_buffered_rows rows (max_buffered_bytes), plus
/// for each flush in progress (flush_threads) its partition's rows and one
/// file's encoded pages.
class TableWriter {
 public:
  /// Writes with the table's current schema, default spec and sort order.
  /// Fails when a sort field uses a non-identity transform.
  static Result<std::unique_ptr<TableWriter>> Make(std::shared_ptr<iceberg::Table> table,
                                                   TableWriterOptions options = {});

  /// Accepts the live rows of `batch`, whose columns are the schema's fields
  /// in order. A NULL in a required field fails naming the field.
  Status Write(const ColumnBatch& batch);
  /// Writes every buffered row and returns all files written, in order.
  Result<std::vector<iceberg::DataFile>> Finish();

  int64_t rows_written() const { return rows_written_; }
  const std::vector<LogicalType>& types() const { return types_; }

 private:
  struct PartitionBuffer {
    iceberg::PartitionValues values;
    std::string path;
    ColumnBatch rows;
    bool directory_created = false;
    int64_t bytes = 0;  // estimated: capacity x row width + string heap bytes
  };
  /// One partition's rows on their way to files.
  struct Flush {
    iceberg::PartitionValues values;
    std::string path;
    ColumnBatch rows;
  };
  struct Flushed {
    std::vector<iceberg::DataFile> files;
    int64_t rows = 0;
  };

  TableWriter(std::shared_ptr<iceberg::Table> table, TableWriterOptions options)
      : table_(std::move(table)), options_(std::move(options)) {}
  Status Init();
  /// Partition tuple of each live row, as an index into buffers_.
  Status AssignPartitions(const ColumnBatch& batch, std::vector<uint32_t>* partition_of_row);
  /// Hands the buffer's rows to a flush (on this thread or another) and
  /// empties it.
  Status FlushPartition(PartitionBuffer* buffer);
  /// Sorts a flush's rows by the cluster keys and writes them as files.
  /// Reads only what Init set: safe on any thread.
  Result<Flushed> WriteFlush(Flush flush) const;
  Status WriteRun(Flush* flush, const std::vector<uint32_t>& order, size_t begin, size_t end, Flushed* out) const;
  /// Waits for the oldest flush in progress and takes its files.
  Status CollectOldest();

  std::shared_ptr<iceberg::Table> table_;
  TableWriterOptions options_;
  std::shared_ptr<const iceberg::TableMetadata> metadata_;
  std::shared_ptr<const iceberg::Schema> schema_;
  std::shared_ptr<const iceberg::PartitionSpec> spec_;
  std::vector<parquet::ColumnSpec> columns_;
  std::vector<LogicalType> types_;
  std::vector<SortKey> cluster_keys_;
  std::optional<int32_t> sort_order_id_;
  std::vector<int> partition_source_columns_;  // schema positions feeding the spec

  std::map<std::string, size_t> buffer_index_;  // partition key → buffers_ index
  std::vector<std::unique_ptr<PartitionBuffer>> buffers_;
  int64_t buffered_rows_ = 0;
  int64_t buffered_bytes_ = 0;
  /// Bytes one buffered row takes in the column vectors, strings aside.
  int64_t row_width_ = 0;
  int64_t rows_written_ = 0;
  std::vector<iceberg::DataFile> files_;
  std::deque<std::future<Result<Flushed>>> in_flight_;  // oldest first
};

}  // namespace tributary
