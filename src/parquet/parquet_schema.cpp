#include "parquet/parquet_schema.hpp"

#include <algorithm>
#include <cctype>

namespace tributary::parquet {

std::string_view CodecName(Codec codec) {
  switch (codec) {
    case Codec::kUncompressed: return "UNCOMPRESSED";
    case Codec::kSnappy: return "SNAPPY";
    case Codec::kGzip: return "GZIP";
    case Codec::kZstd: return "ZSTD";
    case Codec::kLz4Raw: return "LZ4_RAW";
  }
  return "UNKNOWN";
}

Result<Codec> ParseCodec(std::string_view name) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return std::tolower(c); });
  if (n == "zstd") return Codec::kZstd;
  if (n == "snappy") return Codec::kSnappy;
  if (n == "gzip") return Codec::kGzip;
  if (n == "lz4_raw" || n == "lz4") return Codec::kLz4Raw;
  if (n == "none" || n == "uncompressed") return Codec::kUncompressed;
  return Status::Invalid("unknown compression codec '{}' (expected zstd, snappy, lz4_raw, gzip or none)", name);
}

}  // namespace tributary::parquet
