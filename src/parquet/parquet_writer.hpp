#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "parquet/parquet_schema.hpp"
#include "storage/column_predicate.hpp"
#include "vector/column_batch.hpp"

namespace tributary::parquet {

struct WriterOptions {
  Codec codec = Codec::kZstd;
  int compression_level = 3;  // for ZSTD and GZIP
  /// Rows per row group. DuckDB's default, so files compare like for like.
  int64_t row_group_rows = 122'880;
  /// Target uncompressed size of a data page.
  int64_t page_bytes = 1 << 20;
  /// Use RLE_DICTIONARY when it pays; a column falls back to PLAIN when its
  /// dictionary would exceed `dictionary_page_bytes`.
  bool enable_dictionary = true;
  int64_t dictionary_page_bytes = 1 << 20;
  /// Write page-level statistics (min/max/null count in every data page header).
  bool page_statistics = true;
  /// Key/value metadata for the footer (e.g. the Iceberg schema).
  std::vector<std::pair<std::string, std::string>> key_value_metadata;
};

/// What a finished file holds, aggregated over its row groups: exactly what
/// an Iceberg manifest entry needs.
struct WrittenColumn {
  int64_t value_count = 0;  // rows, nulls included
  int64_t null_count = 0;
  int64_t compressed_bytes = 0;  // sum of the column chunks' total_compressed_size
  std::optional<Value> min;  // absent when every value is null (or NaN only)
  std::optional<Value> max;
};

struct WrittenFile {
  std::string path;
  int64_t file_bytes = 0;
  int64_t num_rows = 0;
  std::vector<WrittenColumn> columns;  // same order as the writer's schema
  std::vector<int64_t> row_group_offsets;  // file offset of each row group (Iceberg split_offsets)
};

/// Writes one Parquet file. Not thread-safe; one writer per file.
/// Extra memory: one row group's encoded pages.
class FileWriter {
 public:
  static Result<std::unique_ptr<FileWriter>> Open(const std::string& path, std::vector<ColumnSpec> schema,
                                                  WriterOptions options = {});
  virtual ~FileWriter() = default;

  /// Appends the live rows of `batch`, whose columns match the schema in order
  /// and type. A NULL in a non-nullable column is an error naming the column.
  virtual Status Write(const ColumnBatch& batch) = 0;
  /// Flushes the last row group, writes the footer, fsyncs and closes.
  virtual Result<WrittenFile> Close() = 0;
  /// Rows accepted so far.
  virtual int64_t num_rows() const = 0;
  /// Bytes the file will take if closed now, roughly (for size-targeted rolling).
  virtual int64_t estimated_bytes() const = 0;
};

}  // namespace tributary::parquet
