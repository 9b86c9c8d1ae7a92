#pragma once

#include <avro.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/file_io.hpp"
#include "common/status.hpp"

namespace tributary::iceberg {

/// Writes an Avro object container file (uncompressed, "null" codec) with
/// arbitrary file metadata, which libavro's own file writer cannot do.
/// libavro parses the schema and encodes each datum; this class writes the
/// framing: magic, metadata map, sync marker, blocks. The schema JSON is
/// stored verbatim, so attributes libavro ignores ("field-id") survive.
class AvroContainerWriter {
 public:
  /// `metadata` must not contain "avro.schema" or "avro.codec".
  static Result<std::unique_ptr<AvroContainerWriter>> Open(const std::string& path, const std::string& schema_json,
                                                           const std::vector<std::pair<std::string, std::string>>& metadata);
  ~AvroContainerWriter();
  AvroContainerWriter(const AvroContainerWriter&) = delete;
  AvroContainerWriter& operator=(const AvroContainerWriter&) = delete;

  /// A datum of the file's schema, reset for each record: fill it, then Append().
  avro_value_t* NewRecord();
  /// Encodes the datum returned by NewRecord().
  Status Append();
  /// Writes the last block, fsyncs and closes. Returns the file length.
  Result<int64_t> Close();

 private:
  AvroContainerWriter(WritableFile file, avro_schema_t schema, avro_value_iface_t* iface);
  Status FlushBlock();

  WritableFile file_;
  avro_schema_t schema_ = nullptr;
  avro_value_iface_t* iface_ = nullptr;
  avro_value_t record_{};
  bool record_valid_ = false;
  std::string sync_;
  std::string block_;
  int64_t block_count_ = 0;
  std::string scratch_;
};

/// Reads every record of an Avro container file ("null" or "deflate" codec):
/// our framing parser, libavro for the datums. `visit` is
/// called with each decoded datum and may fail to stop the read.
Status ReadAvroRecords(const std::string& path, const std::function<Status(avro_value_t&)>& visit);

/// The key/value metadata of an Avro container file's header (including
/// "avro.schema"), read without libavro, which does not expose it.
Result<std::map<std::string, std::string>> ReadAvroFileMetadata(const std::string& path);

}  // namespace tributary::iceberg
