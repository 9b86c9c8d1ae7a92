// Fuzz target: any bytes as a Parquet file. Opening, reading statistics,
// pruning and a full scan of every column must fail with a Status or
// succeed — never crash, hang, read out of bounds or allocate without bound.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "parquet/parquet_reader.hpp"

namespace {

/// The reader opens files by path, so each input goes through one scratch
/// file per process (tmpfs when available).
const std::string& ScratchPath() {
  static const std::string path = [] {
    std::filesystem::path dir = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    return (dir / ("tributary-parquet-fuzz-" + std::to_string(::getpid()) + ".parquet")).string();
  }();
  return path;
}

void Exercise(const std::string& path) {
  using namespace tributary;
  using namespace tributary::parquet;
  auto opened = FileReader::Open(path);
  if (!opened.ok()) return;
  const auto& reader = *opened;
  const auto& schema = reader->schema();
  for (int rg = 0; rg < reader->num_row_groups(); rg++) {
    (void)reader->row_group_rows(rg);
    for (size_t c = 0; c < schema.size(); c++) (void)reader->row_group_statistics(rg, static_cast<int>(c));
  }
  std::vector<ColumnPredicate> predicates;
  for (size_t c = 0; c < schema.size(); c++) {
    predicates.push_back({static_cast<int>(c), ColumnPredicate::Op::kIsNotNull, {}});
  }
  (void)reader->PruneRowGroups(predicates);
  ScanOptions options;
  options.batch_rows = 1000;
  auto scanner = reader->Scan(options);
  if (!scanner.ok()) return;
  ColumnBatch batch;
  // Each batch is touched so lazily decoded data is materialised.
  for (int guard = 0; guard < 1'000'000; guard++) {
    auto more = (*scanner)->Next(&batch);
    if (!more.ok() || !*more) break;
    for (size_t c = 0; c < batch.num_columns(); c++) {
      const Vector& v = batch.column(c);
      for (size_t r = 0; r < batch.num_rows(); r += 97) (void)v.GetValue(r);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = ScratchPath();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  const bool written = std::fwrite(data, 1, size, f) == size;
  std::fclose(f);
  if (written) Exercise(path);
  std::remove(path.c_str());
  return 0;
}
