#include "workload/ssb_files.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "common/file_io.hpp"
#include "parquet/parquet_writer.hpp"
#include "types/datetime.hpp"
#include "workload/ssb_generator.hpp"

namespace tributary {

namespace {

void AppendText(fmt::memory_buffer& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(s);
    return;
  }
  out.push_back('"');
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void AppendDate(fmt::memory_buffer& out, int32_t days) {
  const datetime::CivilDate d = datetime::CivilFromDays(days);
  fmt::format_to(std::back_inserter(out), "{:04d}-{:02d}-{:02d}", d.year, d.month, d.day);
}

Status AppendCsvRows(const ColumnBatch& batch, fmt::memory_buffer& out) {
  for (size_t row = 0; row < batch.num_rows(); row++) {
    for (size_t c = 0; c < batch.num_columns(); c++) {
      if (c > 0) out.push_back(',');
      const Vector& v = batch.column(c);
      switch (v.type().id()) {
        case TypeId::kInteger: fmt::format_to(std::back_inserter(out), "{}", v.data<int32_t>()[row]); break;
        case TypeId::kBigInt: fmt::format_to(std::back_inserter(out), "{}", v.data<int64_t>()[row]); break;
        case TypeId::kDate: AppendDate(out, v.data<int32_t>()[row]); break;
        case TypeId::kVarchar: AppendText(out, v.data<StringRef>()[row].view()); break;
        default: return Status::NotSupported("SSB CSV: no text form for column type {}", v.type().ToString());
      }
    }
    out.push_back('\n');
  }
  return Status::OK();
}

Result<int64_t> WriteCsv(const std::string& path, SsbTable table, const SsbFilesOptions& options) {
  TRIB_ASSIGN_OR_RETURN(auto file, WritableFile::Create(path));
  fmt::memory_buffer out;
  const auto& columns = SsbColumns(table);
  for (size_t c = 0; c < columns.size(); c++) {
    if (c > 0) out.push_back(',');
    out.append(std::string_view(columns[c].name));
  }
  out.push_back('\n');
  SsbGenerator gen(table, options.scale, options.seed);
  ColumnBatch batch(SsbTypes(table), kBatchSize);
  while (gen.Next(&batch)) {
    TRIB_RETURN_NOT_OK(AppendCsvRows(batch, out));
    if (out.size() >= (1 << 20)) {
      TRIB_RETURN_NOT_OK(file.Append(std::string_view(out.data(), out.size())));
      out.clear();
    }
  }
  TRIB_RETURN_NOT_OK(file.Append(std::string_view(out.data(), out.size())));
  TRIB_RETURN_NOT_OK(file.Close());
  return gen.rows_produced();
}

Result<int64_t> WriteParquet(const std::string& path, SsbTable table, const SsbFilesOptions& options) {
  std::vector<parquet::ColumnSpec> schema;
  int32_t field_id = 1;
  for (const auto& c : SsbColumns(table)) {
    schema.push_back({.name = c.name, .type = c.type, .nullable = false, .field_id = field_id++});
  }
  TRIB_ASSIGN_OR_RETURN(auto writer, parquet::FileWriter::Open(path, std::move(schema)));
  SsbGenerator gen(table, options.scale, options.seed);
  ColumnBatch batch(SsbTypes(table), kBatchSize);
  while (gen.Next(&batch)) TRIB_RETURN_NOT_OK(writer->Write(batch));
  TRIB_RETURN_NOT_OK(writer->Close().status());
  return gen.rows_produced();
}

}  // namespace

Result<int64_t> WriteSsbFile(const std::string& directory, SsbTable table, const SsbFilesOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) return Status::IOError("cannot create directory {}: {}", directory, ec.message());
  const bool csv = options.format == SsbFileFormat::kCsv;
  const std::string path = fmt::format("{}/{}.{}", directory, SsbTableName(table), csv ? "csv" : "parquet");
  auto written = csv ? WriteCsv(path, table, options) : WriteParquet(path, table, options);
  if (!written.ok()) return written.status().WithContext(path);
  return written;
}

}  // namespace tributary
