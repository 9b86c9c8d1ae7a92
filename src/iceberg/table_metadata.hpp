#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "iceberg/partition_spec.hpp"
#include "iceberg/schema.hpp"
#include "iceberg/snapshot.hpp"
#include "iceberg/sort_order.hpp"
#include "parquet/parquet_schema.hpp"

namespace tributary::iceberg {

/// Iceberg's table properties for how Parquet data files are compressed
/// (values as Iceberg names them: zstd, lz4, snappy, gzip, uncompressed;
/// the level applies to zstd and gzip).
inline constexpr std::string_view kParquetCodecProperty = "write.parquet.compression-codec";
inline constexpr std::string_view kParquetCodecLevelProperty = "write.parquet.compression-level";
/// `codec` as kParquetCodecProperty's value names it.
std::string_view IcebergCodecName(parquet::Codec codec);

struct SnapshotLogEntry {
  int64_t snapshot_id = 0;
  int64_t timestamp_ms = 0;
};

struct MetadataLogEntry {
  std::string metadata_file;
  int64_t timestamp_ms = 0;
};

struct SnapshotRef {
  int64_t snapshot_id = 0;
  std::string type = "branch";  // "branch" or "tag"
};

/// The content of one v2 `metadata.json`. A value type: every change makes a
/// new TableMetadata (copy, modify, write), shared as
/// shared_ptr<const TableMetadata> once written.
struct TableMetadata {
  int format_version = 2;
  std::string table_uuid;
  std::string location;  // absolute table directory
  int64_t last_sequence_number = 0;
  int64_t last_updated_ms = 0;
  int32_t last_column_id = 0;
  std::vector<std::shared_ptr<const Schema>> schemas;
  int32_t current_schema_id = 0;
  std::vector<std::shared_ptr<const PartitionSpec>> specs;
  int32_t default_spec_id = 0;
  int32_t last_partition_id = kFirstPartitionFieldId - 1;
  std::vector<std::shared_ptr<const SortOrder>> sort_orders;
  int32_t default_sort_order_id = 0;
  std::map<std::string, std::string> properties;
  std::optional<int64_t> current_snapshot_id;
  std::vector<std::shared_ptr<const Snapshot>> snapshots;
  std::vector<SnapshotLogEntry> snapshot_log;
  std::vector<MetadataLogEntry> metadata_log;
  std::map<std::string, SnapshotRef> refs;

  /// A fresh table: one schema (id 0), spec (id 0), sort order, no snapshot.
  /// Records every field's exact SQL type in the properties.
  static Result<TableMetadata> Create(std::string location, std::shared_ptr<const Schema> schema,
                                      std::shared_ptr<const PartitionSpec> spec,
                                      std::shared_ptr<const SortOrder> sort_order,
                                      std::map<std::string, std::string> properties);

  /// The metadata JSON document.
  std::string ToJson() const;
  /// Parses and validates a v2 document; fields' SQL types are restored from
  /// "tributary.sql-type.<id>" properties where they match the Iceberg type.
  static Result<TableMetadata> FromJson(std::string_view json);

  const std::shared_ptr<const Schema>& current_schema() const;
  std::shared_ptr<const Schema> SchemaById(int32_t schema_id) const;  // nullptr if absent
  const std::shared_ptr<const PartitionSpec>& default_spec() const;
  std::shared_ptr<const PartitionSpec> SpecById(int32_t spec_id) const;
  std::shared_ptr<const SortOrder> default_sort_order() const;
  std::shared_ptr<const Snapshot> current_snapshot() const;  // nullptr for an empty table
  std::shared_ptr<const Snapshot> SnapshotById(int64_t snapshot_id) const;
  /// The snapshot that was current at `timestamp_ms`: the newest entry of the
  /// snapshot log at or before it. NotFound when the table was empty then.
  Result<std::shared_ptr<const Snapshot>> SnapshotAsOf(int64_t timestamp_ms) const;
  /// `snapshot_id` and its parents, newest first, as far as they are retained.
  std::vector<std::shared_ptr<const Snapshot>> Ancestors(int64_t snapshot_id) const;
  /// The current snapshot's ancestry (empty for an empty table).
  std::vector<std::shared_ptr<const Snapshot>> History() const;
};

/// Reads and parses a metadata file, naming the path on failure.
Result<std::shared_ptr<const TableMetadata>> ReadTableMetadata(const std::string& path);

/// "<location>/metadata/v<N>-<uuid>.metadata.json"; N from 1.
std::string NewMetadataPath(const std::string& location, int64_t version);
/// The N of a metadata file name, or 0 when it does not follow the pattern.
int64_t MetadataVersionOf(std::string_view path);

}  // namespace tributary::iceberg
