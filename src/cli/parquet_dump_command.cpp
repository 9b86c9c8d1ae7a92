// `tributary parquet-dump FILE [--format json|text]`: prints a Parquet file's
// schema, key/value metadata, row groups and column chunks.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "common/json_writer.hpp"
#include "common/file_io.hpp"
#include "parquet/parquet_metadata.hpp"
#include "parquet/parquet_reader.hpp"

namespace tributary::cli {

namespace {

using namespace tributary::parquet;

struct ChunkSummary {
  int pages = 0;
  std::string error;  // set when the page headers could not be walked
};

// Counts the pages of a column chunk by walking its page headers.
ChunkSummary SummarizeChunk(const RandomAccessFile& file, const ColumnMetaData& m) {
  ChunkSummary s;
  int64_t start = m.data_page_offset;
  if (m.dictionary_page_offset && *m.dictionary_page_offset > 0 && *m.dictionary_page_offset < start) {
    start = *m.dictionary_page_offset;
  }
  std::string bytes(static_cast<size_t>(m.total_compressed_size), '\0');
  Status st = file.ReadAt(static_cast<uint64_t>(start), bytes.size(), reinterpret_cast<uint8_t*>(bytes.data()));
  if (!st.ok()) {
    s.error = st.message();
    return s;
  }
  size_t pos = 0;
  while (pos < bytes.size()) {
    PageHeader h;
    size_t consumed = 0;
    st = ParsePageHeader(reinterpret_cast<const uint8_t*>(bytes.data()) + pos, bytes.size() - pos, &h, &consumed);
    if (!st.ok() || h.compressed_page_size < 0) {
      s.error = st.ok() ? "negative page size" : st.message();
      return s;
    }
    pos += consumed + static_cast<size_t>(h.compressed_page_size);
    s.pages++;
  }
  return s;
}


std::string Encodings(const ColumnMetaData& m) {
  std::string out;
  for (size_t i = 0; i < m.encodings.size(); i++) out += (i ? "," : "") + std::string(EncodingName(m.encodings[i]));
  return out;
}

struct ElementText {
  std::string physical, logical, converted, repetition;
};

ElementText Describe(const SchemaElement& e) {
  ElementText t;
  t.physical = e.type ? std::string(TypeName(*e.type)) : "";
  if (e.type == Type::kFixedLenByteArray && e.type_length) t.physical += fmt::format("({})", *e.type_length);
  t.logical = e.logical_type ? e.logical_type->ToString() : "";
  t.converted = e.converted_type ? std::string(ConvertedTypeName(*e.converted_type)) : "";
  t.repetition = e.repetition ? std::string(RepetitionName(*e.repetition)) : "";
  return t;
}

void PrintText(const FileReader& reader, const RandomAccessFile& file) {
  const FileMetadata& md = reader.metadata();
  std::printf("file: %s\n", reader.path().c_str());
  std::printf("size: %llu bytes, rows: %lld, row groups: %zu, version: %d\n",
              static_cast<unsigned long long>(file.size()), static_cast<long long>(md.num_rows), md.row_groups.size(),
              md.version);
  if (md.created_by) std::printf("created by: %s\n", md.created_by->c_str());
  std::printf("schema:\n");
  for (size_t i = 1; i < md.schema.size(); i++) {
    const SchemaElement& e = md.schema[i];
    ElementText t = Describe(e);
    std::string line = fmt::format("  {}: {} {}", e.name, t.physical, t.repetition);
    if (!t.logical.empty()) line += " logical=" + t.logical;
    if (!t.converted.empty()) line += " converted=" + t.converted;
    if (e.field_id) line += fmt::format(" field_id={}", *e.field_id);
    line += " -> " + reader.schema()[i - 1].type.ToString();
    std::printf("%s\n", line.c_str());
  }
  if (!md.key_value_metadata.empty()) {
    std::printf("key/value metadata:\n");
    for (const auto& kv : md.key_value_metadata) {
      std::printf("  %s = %s\n", kv.key.c_str(), kv.value ? kv.value->c_str() : "(null)");
    }
  }
  for (size_t g = 0; g < md.row_groups.size(); g++) {
    const RowGroup& rg = md.row_groups[g];
    std::printf("row group %zu: rows=%lld bytes=%lld compressed=%lld\n", g, static_cast<long long>(rg.num_rows),
                static_cast<long long>(rg.total_byte_size),
                static_cast<long long>(rg.total_compressed_size.value_or(-1)));
    for (size_t c = 0; c < rg.columns.size(); c++) {
      const ColumnMetaData& m = *rg.columns[c].meta_data;
      ChunkSummary s = SummarizeChunk(file, m);
      ColumnStatistics st = reader.row_group_statistics(static_cast<int>(g), static_cast<int>(c));
      std::printf("  %s: codec=%s encodings=%s compressed=%lld uncompressed=%lld pages=%d min=%s max=%s nulls=%s%s\n",
                  reader.schema()[c].name.c_str(), std::string(CodecNumberName(m.codec)).c_str(), Encodings(m).c_str(),
                  static_cast<long long>(m.total_compressed_size), static_cast<long long>(m.total_uncompressed_size),
                  s.pages, st.min ? st.min->ToString().c_str() : "-", st.max ? st.max->ToString().c_str() : "-",
                  st.null_count ? std::to_string(*st.null_count).c_str() : "-",
                  s.error.empty() ? "" : (" page error: " + s.error).c_str());
    }
  }
}

void PrintJson(const FileReader& reader, const RandomAccessFile& file) {
  const FileMetadata& md = reader.metadata();
  std::string out = "{";
  out += fmt::format("\"file\":{},\"size\":{},\"num_rows\":{},\"version\":{}", JsonQuoted(reader.path()), file.size(),
                     md.num_rows, md.version);
  if (md.created_by) out += ",\"created_by\":" + JsonQuoted(*md.created_by);
  out += ",\"schema\":[";
  for (size_t i = 1; i < md.schema.size(); i++) {
    const SchemaElement& e = md.schema[i];
    ElementText t = Describe(e);
    out += fmt::format("{}{{\"name\":{},\"physical_type\":{},\"repetition\":{},\"logical_type\":{},\"converted_type\":{},"
                       "\"field_id\":{},\"sql_type\":{}}}",
                       i > 1 ? "," : "", JsonQuoted(e.name), JsonQuoted(t.physical), JsonQuoted(t.repetition),
                       t.logical.empty() ? "null" : JsonQuoted(t.logical),
                       t.converted.empty() ? "null" : JsonQuoted(t.converted),
                       e.field_id ? std::to_string(*e.field_id) : "null", JsonQuoted(reader.schema()[i - 1].type.ToString()));
  }
  out += "],\"key_value_metadata\":{";
  for (size_t i = 0; i < md.key_value_metadata.size(); i++) {
    const auto& kv = md.key_value_metadata[i];
    out += fmt::format("{}{}:{}", i ? "," : "", JsonQuoted(kv.key), kv.value ? JsonQuoted(*kv.value) : "null");
  }
  out += "},\"row_groups\":[";
  for (size_t g = 0; g < md.row_groups.size(); g++) {
    const RowGroup& rg = md.row_groups[g];
    out += fmt::format("{}{{\"num_rows\":{},\"total_byte_size\":{},\"columns\":[", g ? "," : "", rg.num_rows,
                       rg.total_byte_size);
    for (size_t c = 0; c < rg.columns.size(); c++) {
      const ColumnMetaData& m = *rg.columns[c].meta_data;
      ChunkSummary s = SummarizeChunk(file, m);
      ColumnStatistics st = reader.row_group_statistics(static_cast<int>(g), static_cast<int>(c));
      std::string encodings;
      for (size_t i = 0; i < m.encodings.size(); i++) {
        encodings += (i ? "," : "") + JsonQuoted(EncodingName(m.encodings[i]));
      }
      out += fmt::format(
          "{}{{\"name\":{},\"codec\":{},\"encodings\":[{}],\"compressed_bytes\":{},\"uncompressed_bytes\":{},"
          "\"pages\":{},\"min\":{},\"max\":{},\"null_count\":{}{}}}",
          c ? "," : "", JsonQuoted(reader.schema()[c].name), JsonQuoted(CodecNumberName(m.codec)), encodings,
          m.total_compressed_size, m.total_uncompressed_size, s.pages, st.min ? JsonQuoted(st.min->ToString()) : "null",
          st.max ? JsonQuoted(st.max->ToString()) : "null", st.null_count ? std::to_string(*st.null_count) : "null",
          s.error.empty() ? "" : ",\"page_error\":" + JsonQuoted(s.error));
    }
    out += "]}";
  }
  out += "]}\n";
  std::fputs(out.c_str(), stdout);
}

int Run(const std::string& path, const std::string& format) {
  auto reader = FileReader::Open(path);
  if (!reader.ok()) {
    std::fprintf(stderr, "error: %s\n", reader.status().message().c_str());
    return 1;
  }
  auto file = RandomAccessFile::Open(path);
  if (!file.ok()) {
    std::fprintf(stderr, "error: %s\n", file.status().message().c_str());
    return 1;
  }
  if (format == "json") {
    PrintJson(**reader, *file);
  } else {
    PrintText(**reader, *file);
  }
  return 0;
}

}  // namespace

void RegisterParquetDumpCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("parquet-dump", "Print a Parquet file's schema, metadata, row groups and column chunks");
  auto path = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("text");
  cmd->add_option("file", *path, "Parquet file")->required();
  cmd->add_option("--format", *format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([path, format, exit_code] { *exit_code = Run(*path, *format); });
}

}  // namespace tributary::cli
