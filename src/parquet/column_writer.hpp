#pragma once

#include <memory>
#include <optional>
#include <string>

#include "common/status.hpp"
#include "parquet/parquet_metadata.hpp"
#include "parquet/parquet_writer.hpp"
#include "vector/vector.hpp"

namespace tributary::parquet {

/// One column chunk, encoded and compressed, ready to be appended to a file.
struct EncodedChunk {
  std::string bytes;    // the dictionary page (if any) followed by the data pages
  ColumnMetaData meta;  // page offsets relative to the start of `bytes`
};

/// Encodes one column of one row group at a time: values are buffered per
/// page, pages are compressed as they fill. RLE_DICTIONARY while the
/// dictionary pays and stays under WriterOptions::dictionary_page_bytes,
/// PLAIN for the rest of the chunk after that.
/// Extra memory: the chunk's compressed pages, one uncompressed page, the
/// dictionary.
class ColumnWriter {
 public:
  static Result<std::unique_ptr<ColumnWriter>> Make(const ColumnSpec& spec, const WriterOptions& options);
  virtual ~ColumnWriter() = default;

  /// Appends live rows [begin, end) of `vector`: row `sel[i]` when `sel` is
  /// set, else row i. Any vector encoding is accepted.
  virtual Status Append(const Vector& vector, const uint32_t* sel, size_t begin, size_t end) = 0;
  /// Completes the current chunk into `out` and starts a new one.
  virtual Status Finish(EncodedChunk* out) = 0;
  /// Bytes buffered for the current chunk (compressed pages plus the open page).
  virtual int64_t buffered_bytes() const = 0;

  /// Totals over every chunk finished so far.
  virtual int64_t total_nulls() const = 0;
  virtual int64_t total_values() const = 0;
  /// Statistics-encoded min and max over every chunk finished so far.
  virtual const std::optional<std::string>& total_min() const = 0;
  virtual const std::optional<std::string>& total_max() const = 0;
};

}  // namespace tributary::parquet
