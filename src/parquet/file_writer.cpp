#include <unordered_set>

#include "common/file_io.hpp"
#include "parquet/column_writer.hpp"
#include "parquet/parquet_metadata.hpp"
#include "parquet/parquet_writer.hpp"
#include "parquet/schema_mapping.hpp"
#include "parquet/statistics.hpp"

namespace tributary::parquet {

namespace {

constexpr std::string_view kMagic = "PAR1";
constexpr std::string_view kCreatedBy = "tributary version 0.1.0";

class FileWriterImpl final : public FileWriter {
 public:
  FileWriterImpl(WritableFile file, std::vector<ColumnSpec> schema, WriterOptions options,
                 std::vector<std::unique_ptr<ColumnWriter>> columns)
      : file_(std::move(file)),
        schema_(std::move(schema)),
        options_(std::move(options)),
        columns_(std::move(columns)) {}

  Status Write(const ColumnBatch& batch) override {
    if (closed_) return Status::Invalid("'{}': write after close", file_.path());
    if (batch.num_columns() != schema_.size()) {
      return Status::Invalid("'{}': batch has {} columns but the file has {}", file_.path(), batch.num_columns(),
                             schema_.size());
    }
    for (size_t c = 0; c < schema_.size(); c++) {
      if (batch.column(c).type().physical() != schema_[c].type.physical()) {
        return Status::Invalid("'{}': column '{}' is {} but the batch holds {}", file_.path(), schema_[c].name,
                               schema_[c].type.ToString(), batch.column(c).type().ToString());
      }
    }
    const uint32_t* sel = batch.selection() ? batch.selection()->data() : nullptr;
    const size_t live = batch.live_rows();
    size_t begin = 0;
    while (begin < live) {
      size_t room = static_cast<size_t>(options_.row_group_rows - group_rows_);
      size_t end = std::min(live, begin + room);
      for (size_t c = 0; c < columns_.size(); c++) {
        Status st = columns_[c]->Append(batch.column(c), sel, begin, end);
        if (!st.ok()) return st.WithContext(fmt::format("'{}'", file_.path()));
      }
      group_rows_ += static_cast<int64_t>(end - begin);
      num_rows_ += static_cast<int64_t>(end - begin);
      begin = end;
      if (group_rows_ >= options_.row_group_rows) TRIB_RETURN_NOT_OK(FlushRowGroup());
    }
    return Status::OK();
  }

  Result<WrittenFile> Close() override {
    if (closed_) return Status::Invalid("'{}': closed twice", file_.path());
    closed_ = true;
    if (group_rows_ > 0) TRIB_RETURN_NOT_OK(FlushRowGroup());

    FileMetadata md;
    md.version = 2;
    SchemaElement root;
    root.name = "schema";
    root.num_children = static_cast<int32_t>(schema_.size());
    md.schema.push_back(root);
    for (const auto& spec : schema_) {
      TRIB_ASSIGN_OR_RETURN(SchemaElement e, ToSchemaElement(spec));
      md.schema.push_back(std::move(e));
    }
    md.num_rows = num_rows_;
    md.row_groups = std::move(row_groups_);
    for (const auto& [k, v] : options_.key_value_metadata) md.key_value_metadata.push_back({k, v});
    md.created_by = std::string(kCreatedBy);
    md.column_orders.assign(schema_.size(), ColumnOrder{});
    std::string footer;
    SerializeFileMetadata(md, &footer);
    uint32_t length = static_cast<uint32_t>(footer.size());
    footer.append(reinterpret_cast<const char*>(&length), sizeof(length));
    footer.append(kMagic);
    TRIB_RETURN_NOT_OK(file_.Append(footer));
    WrittenFile out;
    out.path = file_.path();
    out.file_bytes = static_cast<int64_t>(file_.position());
    TRIB_RETURN_NOT_OK(file_.Close());
    out.num_rows = num_rows_;
    out.row_group_offsets = std::move(row_group_offsets_);
    for (size_t c = 0; c < schema_.size(); c++) {
      const ColumnWriter& w = *columns_[c];
      WrittenColumn col;
      col.value_count = w.total_values();
      col.null_count = w.total_nulls();
      col.compressed_bytes = column_bytes_[c];
      TRIB_ASSIGN_OR_RETURN(SchemaElement e, ToSchemaElement(schema_[c]));
      TRIB_ASSIGN_OR_RETURN(LeafColumn leaf, FromSchemaElement(e));
      if (w.total_min()) col.min = DecodeStatisticsValue(leaf, *w.total_min());
      if (w.total_max()) col.max = DecodeStatisticsValue(leaf, *w.total_max());
      out.columns.push_back(std::move(col));
    }
    return out;
  }

  int64_t num_rows() const override { return num_rows_; }

  int64_t estimated_bytes() const override {
    int64_t bytes = static_cast<int64_t>(file_.position());
    for (const auto& c : columns_) bytes += c->buffered_bytes();
    return bytes;
  }

 private:
  Status FlushRowGroup() {
    RowGroup rg;
    rg.num_rows = group_rows_;
    rg.ordinal = static_cast<int16_t>(std::min<size_t>(row_groups_.size(), INT16_MAX));
    int64_t compressed = 0;
    for (size_t c = 0; c < columns_.size(); c++) {
      Status st = columns_[c]->Finish(&chunk_);
      if (!st.ok()) return st.WithContext(fmt::format("'{}'", file_.path()));
      auto offset = static_cast<int64_t>(file_.position());
      if (c == 0) rg.file_offset = offset;
      ColumnChunk cc;
      cc.file_offset = offset;
      ColumnMetaData meta = std::move(chunk_.meta);
      meta.data_page_offset += offset;
      if (meta.dictionary_page_offset) *meta.dictionary_page_offset += offset;
      TRIB_RETURN_NOT_OK(file_.Append(chunk_.bytes));
      rg.total_byte_size += meta.total_uncompressed_size;
      compressed += meta.total_compressed_size;
      column_bytes_[c] += meta.total_compressed_size;
      cc.meta_data = std::move(meta);
      rg.columns.push_back(std::move(cc));
    }
    rg.total_compressed_size = compressed;
    row_group_offsets_.push_back(*rg.file_offset);
    row_groups_.push_back(std::move(rg));
    group_rows_ = 0;
    return Status::OK();
  }

  WritableFile file_;
  std::vector<ColumnSpec> schema_;
  WriterOptions options_;
  std::vector<std::unique_ptr<ColumnWriter>> columns_;
  std::vector<int64_t> column_bytes_ = std::vector<int64_t>(schema_.size(), 0);
  EncodedChunk chunk_;
  std::vector<RowGroup> row_groups_;
  std::vector<int64_t> row_group_offsets_;
  int64_t group_rows_ = 0;
  int64_t num_rows_ = 0;
  bool closed_ = false;
};

}  // namespace

Result<std::unique_ptr<FileWriter>> FileWriter::Open(const std::string& path, std::vector<ColumnSpec> schema,
                                                     WriterOptions options) {
  if (schema.empty()) return Status::Invalid("'{}': a Parquet file needs at least one column", path);
  if (options.row_group_rows < 1) return Status::Invalid("'{}': row_group_rows must be positive", path);
  if (options.page_bytes < 1) return Status::Invalid("'{}': page_bytes must be positive", path);
  switch (options.codec) {
    case Codec::kUncompressed:
    case Codec::kSnappy:
    case Codec::kGzip:
    case Codec::kZstd:
    case Codec::kLz4Raw: break;
    default: return Status::NotSupported("'{}': codec {} cannot be written", path, static_cast<int>(options.codec));
  }
  std::unordered_set<std::string> names;
  std::vector<std::unique_ptr<ColumnWriter>> columns;
  for (const auto& spec : schema) {
    if (spec.name.empty()) return Status::Invalid("'{}': column names must not be empty", path);
    if (!names.insert(spec.name).second) return Status::Invalid("'{}': column '{}' appears twice", path, spec.name);
    auto writer = ColumnWriter::Make(spec, options);
    if (!writer.ok()) return writer.status().WithContext(fmt::format("'{}'", path));
    columns.push_back(std::move(writer).value());
  }
  TRIB_ASSIGN_OR_RETURN(WritableFile file, WritableFile::Create(path));
  TRIB_RETURN_NOT_OK(file.Append(kMagic));
  return std::unique_ptr<FileWriter>(
      std::make_unique<FileWriterImpl>(std::move(file), std::move(schema), std::move(options), std::move(columns)));
}

}  // namespace tributary::parquet
