#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "parquet/parquet_metadata.hpp"
#include "parquet/rle_bitpacking.hpp"
#include "parquet/schema_mapping.hpp"
#include "vector/vector.hpp"

namespace tributary::parquet {

/// Decodes the pages of one column chunk straight into vectors, a batch at a
/// time. Handles data pages v1 and v2, dictionary pages (and chunks that fall
/// back from dictionary to PLAIN), and every encoding in docs/parquet.md.
/// Strings are not copied: they point into the (decompressed) page, which
/// the output vector's heap keeps alive; dictionary-encoded strings come out
/// as dictionary vectors over one shared dictionary per chunk.
/// Extra memory: one decompressed page, the chunk's dictionary.
class ColumnChunkReader {
 public:
  /// `chunk` holds the chunk's bytes (pages with headers); `context` prefixes
  /// every error ("'/path': column 'x' row group 2").
  ColumnChunkReader(const LeafColumn& column, Codec codec, std::unique_ptr<char[]> chunk, size_t chunk_size,
                    int64_t num_rows, std::string context);

  /// Decodes the next `count` rows into `out`, a fresh (Reset) vector of the
  /// column's type with capacity >= count.
  Status Read(size_t count, Vector* out);

 private:
  enum class Mode : uint8_t { kPlain, kDictionary, kRleBoolean, kStrings };

  Status NextDataPage();
  Status LoadDictionary(const PageHeader& header, const uint8_t* data, size_t size);
  Status StartValues(Encoding encoding, const uint8_t* data, size_t size, size_t page_rows, size_t non_null);
  Status CountNonNull(size_t rows, size_t* non_null) const;
  Status DecodePlain(size_t count, Vector* out, size_t at, const uint8_t** pos, const uint8_t* end,
                     const std::shared_ptr<StringHeap>& owner);
  Status DecodeValues(size_t count, Vector* out, size_t at, bool* as_dictionary);
  Status Decompress(const uint8_t* data, size_t size, size_t uncompressed, const uint8_t** out);
  Status Fail(std::string_view what) const;

  LeafColumn column_;
  Codec codec_;
  std::string context_;
  std::shared_ptr<StringHeap> chunk_heap_;  // owns the chunk bytes
  const uint8_t* chunk_ = nullptr;
  size_t chunk_size_ = 0;
  size_t pos_ = 0;
  int64_t rows_left_ = 0;  // rows of the chunk not yet covered by a data page
  bool seen_data_page_ = false;

  std::shared_ptr<const Vector> dictionary_;
  size_t dictionary_size_ = 0;

  // The current data page.
  std::shared_ptr<StringHeap> page_heap_;  // owns the decompressed page when strings point into it
  std::unique_ptr<uint8_t[]> page_buffer_;  // reused for non-string pages
  size_t page_buffer_size_ = 0;
  size_t page_rows_left_ = 0;
  bool has_levels_ = false;
  RleBitPackedDecoder levels_;
  Mode mode_ = Mode::kPlain;
  const uint8_t* values_ = nullptr;
  const uint8_t* values_end_ = nullptr;
  size_t bool_bit_ = 0;  // PLAIN booleans: next bit within values_
  RleBitPackedDecoder value_decoder_;  // dictionary indices or RLE booleans
  std::vector<uint8_t> decoded_;  // DELTA_BINARY_PACKED / BYTE_STREAM_SPLIT values in PLAIN layout
  std::vector<StringRef> decoded_strings_;
  size_t decoded_string_pos_ = 0;
  const std::shared_ptr<StringHeap>* values_owner_ = nullptr;  // heap that keeps values_ alive

  // Per-batch scratch.
  std::vector<uint8_t> level_scratch_;
  std::vector<uint32_t> index_scratch_;
};

}  // namespace tributary::parquet
