#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "types/logical_type.hpp"

namespace tributary::parquet {

/// Compression codecs, numbered as in parquet.thrift's CompressionCodec.
enum class Codec : int32_t {
  kUncompressed = 0,
  kSnappy = 1,
  kGzip = 2,
  kZstd = 6,
  kLz4Raw = 7,
};
std::string_view CodecName(Codec codec);
/// "zstd", "snappy", "lz4_raw" (or "lz4"), "gzip", "none"/"uncompressed".
Result<Codec> ParseCodec(std::string_view name);

/// One top-level column of a flat Parquet file: Tributary tables are flat.
struct ColumnSpec {
  std::string name;
  LogicalType type;
  bool nullable = true;
  /// Iceberg field id written into the Parquet schema (field_id), or -1.
  int32_t field_id = -1;
};

}  // namespace tributary::parquet
