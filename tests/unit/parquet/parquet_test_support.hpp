#pragma once

#include <fstream>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "common/file_io.hpp"
#include "parquet/codec.hpp"
#include "parquet/parquet_metadata.hpp"
#include "parquet/parquet_reader.hpp"
#include "parquet/parquet_writer.hpp"
#include "vector/column_batch.hpp"

namespace tributary::parquet::testing {

/// A fresh directory under the test temp dir, removed with the object.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = std::filesystem::path(::testing::TempDir()) /
            ("trib_parquet_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

/// Rows as Values, column-major: columns[c][r].
using Columns = std::vector<std::vector<Value>>;

/// Builds a flat batch holding `rows` [begin, end) of `columns`.
inline ColumnBatch MakeBatch(const std::vector<LogicalType>& types, const Columns& columns, size_t begin,
                             size_t end) {
  ColumnBatch batch(types, std::max<size_t>(end - begin, 1));
  for (size_t c = 0; c < types.size(); c++) {
    for (size_t r = begin; r < end; r++) batch.column(c).SetValue(r - begin, columns[c][r]);
  }
  batch.set_num_rows(end - begin);
  return batch;
}

/// Writes `columns` in batches of `batch_rows`.
inline WrittenFile WriteColumns(const std::string& path, const std::vector<ColumnSpec>& schema,
                                const Columns& columns, const WriterOptions& options, size_t batch_rows = 1000) {
  auto writer = FileWriter::Open(path, schema, options);
  EXPECT_TRUE(writer.ok()) << writer.status().ToString();
  std::vector<LogicalType> types;
  for (const auto& s : schema) types.push_back(s.type);
  size_t rows = columns.empty() ? 0 : columns[0].size();
  for (size_t b = 0; b < rows; b += batch_rows) {
    Status st = (*writer)->Write(MakeBatch(types, columns, b, std::min(rows, b + batch_rows)));
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  auto written = (*writer)->Close();
  EXPECT_TRUE(written.ok()) << written.status().ToString();
  return written.ok() ? std::move(written).value() : WrittenFile{};
}

/// Reads every row of the projected columns back as Values.
inline Result<Columns> ReadColumns(const std::string& path, ScanOptions options = {}, ScanMetrics* metrics = nullptr) {
  TRIB_ASSIGN_OR_RETURN(auto reader, FileReader::Open(path));
  size_t ncols = options.columns.empty() ? reader->schema().size() : options.columns.size();
  TRIB_ASSIGN_OR_RETURN(auto scanner, reader->Scan(options));
  Columns out(ncols);
  ColumnBatch batch;
  for (;;) {
    TRIB_ASSIGN_OR_RETURN(bool more, scanner->Next(&batch));
    if (!more) break;
    for (size_t c = 0; c < ncols; c++) {
      for (size_t r = 0; r < batch.num_rows(); r++) out[c].push_back(batch.column(c).GetValue(r));
    }
  }
  if (metrics) *metrics = scanner->metrics();
  return out;
}

/// Reads a whole file's bytes.
inline std::string Slurp(const std::string& path) { return ReadFile(path).ValueOrDie(); }

/// A page for BuildFile: `body` is uncompressed; sizes are filled in unless
/// `keep_sizes` is set (to forge headers).
struct RawPage {
  PageHeader header;
  std::string body;
  bool keep_sizes = false;
  /// DATA_PAGE_V2: bytes at the front of `body` left uncompressed (levels).
  size_t v2_levels = 0;
};

/// Builds a one-row-group file by hand, as another writer might lay it out:
/// one chunk of `pages` per leaf. Lets tests produce page kinds, encodings
/// and schema forms Tributary's writer never emits, and hostile headers.
inline std::string BuildFile(const std::vector<SchemaElement>& leaves, int64_t rows,
                             const std::vector<std::vector<RawPage>>& chunks, Codec codec = Codec::kUncompressed) {
  std::string out = "PAR1";
  FileMetadata md;
  SchemaElement root;
  root.name = "schema";
  root.num_children = static_cast<int32_t>(leaves.size());
  md.schema.push_back(root);
  md.schema.insert(md.schema.end(), leaves.begin(), leaves.end());
  md.num_rows = rows;
  RowGroup rg;
  rg.num_rows = rows;
  for (size_t c = 0; c < chunks.size(); c++) {
    ColumnMetaData m;
    m.type = leaves[c].type.value_or(Type::kInt32);
    m.path_in_schema = {leaves[c].name};
    m.codec = codec;
    m.num_values = rows;
    int64_t start = static_cast<int64_t>(out.size());
    m.data_page_offset = start;
    bool first_data = true;
    for (const RawPage& p : chunks[c]) {
      PageHeader h = p.header;
      std::string payload = p.body.substr(0, p.v2_levels);
      std::string values = p.body.substr(p.v2_levels);
      bool compress = !(h.data_page_header_v2 && !h.data_page_header_v2->is_compressed);
      if (compress) {
        Status st = Compress(codec, 3, reinterpret_cast<const uint8_t*>(values.data()), values.size(), &payload);
        EXPECT_TRUE(st.ok());
      } else {
        payload += values;
      }
      if (!p.keep_sizes) {
        h.uncompressed_page_size = static_cast<int32_t>(p.body.size());
        h.compressed_page_size = static_cast<int32_t>(payload.size());
      }
      if (h.type == PageType::kDictionaryPage) {
        m.dictionary_page_offset = static_cast<int64_t>(out.size());
      } else if (first_data) {
        m.data_page_offset = static_cast<int64_t>(out.size());
        first_data = false;
      }
      SerializePageHeader(h, &out);
      out += payload;
    }
    m.total_compressed_size = static_cast<int64_t>(out.size()) - start;
    m.total_uncompressed_size = m.total_compressed_size;
    m.encodings = {Encoding::kPlain};
    ColumnChunk cc;
    cc.file_offset = start;
    cc.meta_data = m;
    rg.columns.push_back(cc);
  }
  md.row_groups.push_back(rg);
  std::string footer;
  SerializeFileMetadata(md, &footer);
  out += footer;
  uint32_t len = static_cast<uint32_t>(footer.size());
  out.append(reinterpret_cast<const char*>(&len), 4);
  out += "PAR1";
  return out;
}

inline void AppendU32(uint32_t v, std::string* out) { out->append(reinterpret_cast<const char*>(&v), 4); }

/// A v1 data page of `num_values` rows holding `values` (already encoded)
/// after optional RLE definition levels.
inline RawPage DataPageV1(int32_t num_values, Encoding encoding, const std::string& levels, const std::string& values) {
  RawPage p;
  p.header.type = PageType::kDataPage;
  DataPageHeader d;
  d.num_values = num_values;
  d.encoding = encoding;
  p.header.data_page_header = d;
  if (!levels.empty()) {
    AppendU32(static_cast<uint32_t>(levels.size()), &p.body);
    p.body += levels;
  }
  p.body += values;
  return p;
}

/// Replaces the file at `path` with `bytes`.
inline void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace tributary::parquet::testing
