#pragma once

#include <cstdint>
#include <string>

#include "common/status.hpp"
#include "workload/ssb_schema.hpp"

namespace tributary {

enum class SsbFileFormat { kCsv, kParquet };

struct SsbFilesOptions {
  double scale = 1;
  uint64_t seed = 1;
  SsbFileFormat format = SsbFileFormat::kCsv;
};

/// Writes `<directory>/<table>.csv` (a header line of column names, then one
/// line per row: dates as YYYY-MM-DD, text quoted only when it holds a comma,
/// a quote or a line break) or `<directory>/<table>.parquet` (our FileWriter,
/// ZSTD) for one SSB table; the directory is created when missing. Returns
/// the rows written.
Result<int64_t> WriteSsbFile(const std::string& directory, SsbTable table, const SsbFilesOptions& options);

}  // namespace tributary
