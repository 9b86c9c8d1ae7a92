#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/lru_cache.hpp"
#include "common/status.hpp"
#include "parquet/parquet_schema.hpp"
#include "storage/column_predicate.hpp"
#include "vector/column_batch.hpp"

namespace tributary::parquet {

struct FileMetadata;  // the decoded footer (parquet_metadata.hpp)

/// Which columns and row groups to read.
struct ScanOptions {
  /// Indices into FileReader::schema(); empty reads every column.
  std::vector<int> columns;
  /// Row groups whose statistics fail any of these are skipped. `column` is
  /// an index into FileReader::schema().
  std::vector<ColumnPredicate> predicates;
  /// When set, exactly these row groups are read, in this order, and
  /// `predicates` are not consulted (the caller pruned already).
  std::optional<std::vector<int>> row_groups;
  size_t batch_rows = kBatchSize;
};

/// Counters a scan accumulates: what the query was billed for.
struct ScanMetrics {
  int64_t row_groups_total = 0;
  int64_t row_groups_read = 0;  // after pruning
  int64_t bytes_read = 0;       // column-chunk bytes fetched from disk, compressed
  int64_t rows_read = 0;
};

class FileScanner;

/// Opens a Parquet file and reads its footer. Every failure (short file, bad
/// magic, corrupt footer or page, unsupported feature) is a Status naming the
/// file and what was wrong; no input crashes, hangs or allocates without bound.
class FileReader {
 public:
  static Result<std::shared_ptr<FileReader>> Open(const std::string& path);
  virtual ~FileReader() = default;

  virtual const std::string& path() const = 0;
  virtual const std::vector<ColumnSpec>& schema() const = 0;
  virtual const FileMetadata& metadata() const = 0;
  virtual int num_row_groups() const = 0;
  virtual int64_t num_rows() const = 0;
  virtual int64_t row_group_rows(int row_group) const = 0;
  /// The bytes a scan reads for one column chunk (dictionary and data
  /// pages, compressed): what ScanMetrics::bytes_read adds for it.
  virtual int64_t column_chunk_bytes(int row_group, int column) const = 0;
  /// Chunk statistics of one column in one row group, decoded to SQL values.
  virtual ColumnStatistics row_group_statistics(int row_group, int column) const = 0;
  /// Row groups that may satisfy every predicate.
  virtual std::vector<int> PruneRowGroups(const std::vector<ColumnPredicate>& predicates) const = 0;

  /// Starts a scan. Batches hold the projected columns in `options.columns`
  /// order. String columns read from dictionary pages come back as
  /// dictionary vectors (no expansion); consumers handle any VectorEncoding.
  virtual Result<std::unique_ptr<FileScanner>> Scan(ScanOptions options) const = 0;
};

/// Footers are parsed once per file version and shared by later opens (an
/// LRU of 64 MiB by default, for the whole process). 0 turns it off.
void SetFooterCacheCapacity(int64_t bytes);
CacheStats FooterCacheStats();

class FileScanner {
 public:
  virtual ~FileScanner() = default;
  /// Fills `out` with the next batch; returns false at the end. `out` is
  /// reset by the call (caller may reuse it).
  virtual Result<bool> Next(ColumnBatch* out) = 0;
  virtual const ScanMetrics& metrics() const = 0;
};

}  // namespace tributary::parquet
