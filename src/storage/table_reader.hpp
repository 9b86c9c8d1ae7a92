#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "iceberg/table.hpp"
#include "parquet/parquet_reader.hpp"
#include "storage/column_predicate.hpp"
#include "vector/column_batch.hpp"

namespace tributary {

/// What a table scan reads.
struct TableReadOptions {
  /// Column names of the table's current schema; empty reads every column.
  std::vector<std::string> columns;
  /// Conjunctive predicates for pruning; ColumnPredicate::column is a schema
  /// field id. They prune files and row groups; they do not filter rows.
  std::vector<ColumnPredicate> predicates;
  /// Time travel: a snapshot id, or the snapshot current at a time.
  std::optional<int64_t> snapshot_id;
  std::optional<int64_t> as_of_ms;
  size_t batch_rows = kBatchSize;
  /// When set, every batch ends with one more column, BIGINT, after the
  /// projected fields: each row's id, RowIdOf(file ordinal in files(), row
  /// position in that file). UPDATE/DELETE/MERGE name the rows they change
  /// by it. Row groups are then pruned by file only (positions count every
  /// row of a file).
  bool row_ids = false;
};

/// A row id as TableReadOptions::row_ids produces it.
inline int64_t RowIdOf(size_t file_ordinal, int64_t position) {
  return static_cast<int64_t>(file_ordinal) << 40 | position;
}
inline size_t FileOrdinalOf(int64_t row_id) { return static_cast<size_t>(row_id >> 40); }
inline int64_t PositionOf(int64_t row_id) { return row_id & ((int64_t{1} << 40) - 1); }
/// The Iceberg field id reserved for the row position metadata column
/// (`_pos`); a logical scan column with this id is the row id.
inline constexpr int32_t kRowIdFieldId = 2147483645;

/// What a scan cost: the basis of the per-query "bytes scanned".
struct TableScanMetrics {
  int64_t files_total = 0;     // live files of the snapshot
  int64_t files_pruned = 0;    // skipped by partition or file statistics
  int64_t files_read = 0;
  int64_t row_groups_total = 0;  // of the files read
  int64_t row_groups_read = 0;
  int64_t bytes_scanned = 0;  // compressed column-chunk bytes actually read
  int64_t rows_read = 0;
  int64_t partitions_read = 0;  // distinct partitions of the files left after pruning
};

/// Equal for the files of one partition (the same spec and partition
/// values), different otherwise.
std::string PartitionKey(const iceberg::DataFile& file);

/// The snapshot `options` asks for: its snapshot id, the one current at
/// as_of_ms, or none (the table's current snapshot).
Result<std::optional<int64_t>> SnapshotToRead(const iceberg::Table& table, const TableReadOptions& options);

/// The predicates among `predicates` (on table field ids) that row-group
/// pruning can use in a file with `file_schema`, re-targeted at the file's
/// column indices. A field the file lacks, or stores with another physical
/// type (a widened column), is left to file-level pruning.
std::vector<ColumnPredicate> FilePredicates(const iceberg::Schema& schema,
                                            const std::vector<parquet::ColumnSpec>& file_schema,
                                            const std::vector<ColumnPredicate>& predicates);

/// Reads a table snapshot's rows as column batches. Files are planned with
/// pruning (manifests, partitions, file bounds), then each file's row groups
/// are pruned by their statistics and only the projected column chunks are
/// read. Columns are matched by field id, so renamed columns read correctly,
/// columns added after a file was written read as NULL, and widened types
/// (integer→bigint, real→double, numeric precision) are widened on read.
///
/// The unit of work is one row group of one file (a morsel). Next() reads
/// them in file order; for a parallel scan each thread takes a Cursor, and
/// the cursors claim morsels one at a time under the reader's lock and
/// decode them without it.
class TableReader {
 public:
  class Cursor;

  static Result<std::unique_ptr<TableReader>> Open(const iceberg::Table& table, TableReadOptions options = {});
  /// Reads exactly `files` (e.g. for compaction) with `schema`.
  static Result<std::unique_ptr<TableReader>> ForFiles(std::shared_ptr<const iceberg::Schema> schema,
                                                       std::vector<iceberg::DataFile> files,
                                                       TableReadOptions options = {});
  ~TableReader();

  /// The fields of the batches, in output order.
  const std::vector<iceberg::SchemaField>& fields() const { return fields_; }
  std::vector<LogicalType> types() const;
  /// Fills `out` with the next batch; false at the end. Alone, it returns
  /// the rows in file and row-group order; beside cursors on other threads,
  /// it is one more cursor.
  Result<bool> Next(ColumnBatch* out);
  /// A cursor of its own for one thread of a parallel scan. The reader's
  /// cursors (Next() included) return every row once between them, each
  /// morsel whole to one cursor, in no particular order across cursors. A
  /// cursor must not outlive its reader.
  std::unique_ptr<Cursor> NewCursor();
  /// Totals so far, the morsels being read included (a scan stopped early by
  /// a LIMIT is billed for what it read). Thread-safe.
  TableScanMetrics metrics() const;
  /// The snapshot being read; nullptr for an empty table.
  const std::shared_ptr<const iceberg::Snapshot>& snapshot() const { return snapshot_; }
  /// The files the scan reads, in order (after pruning).
  const std::vector<std::shared_ptr<const iceberg::DataFile>>& files() const { return files_; }
  const TableReadOptions& options() const { return options_; }
  /// The distinct partitions of the snapshot read, before pruning. When
  /// pruning skipped a file it costs one unpruned reading of the snapshot's
  /// manifests, once per snapshot in the process; otherwise it is
  /// metrics().partitions_read.
  Result<int64_t> PartitionsTotal() const;

 private:
  struct FilePlan;
  /// One row group of an opened file.
  struct Morsel {
    std::shared_ptr<const FilePlan> file;
    int row_group = 0;
  };

  TableReader();
  Status Init(std::shared_ptr<const iceberg::Schema> schema, TableReadOptions options);
  /// The next morsel no cursor has claimed, opening files as needed and
  /// billing its column chunks; nullopt at the end. Thread-safe.
  Result<std::optional<Morsel>> Claim();
  /// Opens files_[next_file_] and plans its projection and row groups. Call
  /// with mu_ held.
  Result<std::shared_ptr<const FilePlan>> OpenNextFileLocked();

  TableReadOptions options_;
  std::shared_ptr<const iceberg::Schema> schema_;
  std::shared_ptr<const iceberg::Snapshot> snapshot_;
  std::shared_ptr<const iceberg::TableMetadata> metadata_;  // Open's; null for ForFiles
  bool pruned_ = false;  // planning skipped a manifest or a file
  std::vector<iceberg::SchemaField> fields_;
  std::vector<std::shared_ptr<const iceberg::DataFile>> files_;

  mutable std::mutex mu_;
  size_t next_file_ = 0;                   // guarded by mu_
  std::shared_ptr<const FilePlan> open_;   // guarded by mu_; the file morsels are being claimed from
  size_t next_group_ = 0;                  // guarded by mu_; into open_->row_groups
  TableScanMetrics metrics_;               // guarded by mu_
  std::unique_ptr<Cursor> own_cursor_;     // Next()'s
};

/// One thread's share of a TableReader's rows (see TableReader::NewCursor).
class TableReader::Cursor {
 public:
  explicit Cursor(TableReader* reader) : reader_(reader) {}
  /// Fills `out` with the next batch of the morsels this cursor claims;
  /// false when no morsel is left.
  Result<bool> Next(ColumnBatch* out);

 private:
  Status Convert(ColumnBatch* in, ColumnBatch* out);

  TableReader* reader_;
  std::shared_ptr<const FilePlan> file_;
  std::unique_ptr<parquet::FileScanner> scanner_;  // of the morsel being read
  ColumnBatch file_batch_;
  int64_t position_ = 0;  // in its file, of the next row
};

}  // namespace tributary
