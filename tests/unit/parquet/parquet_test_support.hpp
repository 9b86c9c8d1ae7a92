#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "common/file_io.hpp"
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

}  // namespace tributary::parquet::testing
