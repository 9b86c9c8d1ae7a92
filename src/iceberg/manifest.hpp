#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "iceberg/data_file.hpp"
#include "iceberg/manifest_list.hpp"
#include "iceberg/partition_spec.hpp"
#include "iceberg/schema.hpp"

namespace tributary::iceberg {

/// Writes a data manifest: an Avro file of manifest_entry records whose
/// partition record follows `spec`, with the spec's file metadata (schema,
/// schema-id, partition-spec, partition-spec-id, format-version, content).
/// Every entry's file must belong to `spec`. `snapshot_id` and
/// `sequence_number` describe the snapshot writing it. Returns the manifest
/// list entry describing the new file, partition summaries included.
Result<ManifestFile> WriteManifest(const std::string& path, const Schema& schema, const PartitionSpec& spec,
                                   int64_t snapshot_id, int64_t sequence_number,
                                   const std::vector<ManifestEntry>& entries);

/// Reads a manifest's entries. `schema` decodes bounds (fields it lacks are
/// skipped); `spec` must be the manifest's spec. Null sequence numbers of
/// added entries are inherited from `manifest` as the spec requires.
Result<std::vector<ManifestEntry>> ReadManifest(const ManifestFile& manifest, const Schema& schema,
                                                const PartitionSpec& spec);

/// The Avro schema JSON of manifest_entry records for a partition type.
Result<std::string> ManifestEntryAvroSchema(const Schema& schema, const PartitionSpec& spec);

}  // namespace tributary::iceberg
