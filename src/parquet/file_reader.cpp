#include <algorithm>
#include <cstring>

#include "common/file_io.hpp"
#include "common/lru_cache.hpp"
#include "parquet/codec.hpp"
#include "parquet/column_reader.hpp"
#include "parquet/parquet_metadata.hpp"
#include "parquet/parquet_reader.hpp"
#include "parquet/schema_mapping.hpp"
#include "parquet/statistics.hpp"

namespace tributary::parquet {

namespace {

constexpr size_t kMaxFooterBytes = size_t{256} << 20;

struct ChunkRange {
  uint64_t offset = 0;
  uint64_t length = 0;
};

bool CodecSupported(Codec c) {
  switch (c) {
    case Codec::kUncompressed:
    case Codec::kSnappy:
    case Codec::kGzip:
    case Codec::kZstd:
    case Codec::kLz4Raw: return true;
  }
  return false;
}

/// What a file's footer says, parsed and checked once and shared by every
/// reader of the file (FooterCache).
struct ParsedFooter {
  FileMetadata metadata;
  std::vector<LeafColumn> leaves;
  std::vector<std::vector<ChunkRange>> ranges;  // [row group][column]
  std::vector<ColumnSpec> schema;
  std::vector<bool> type_defined_order;  // per column
};

/// Footers of files opened before, keyed by path, size and modification
/// time: a data file is written once and never changed in place, and one
/// that is (a test truncating it, a restore) has another size or time and is
/// parsed again.
SharedLruCache<ParsedFooter>& FooterCache() {
  static auto* cache = new SharedLruCache<ParsedFooter>(int64_t{64} << 20);  // never freed: used until exit
  return *cache;
}

class FileReaderImpl;

class FileScannerImpl final : public FileScanner {
 public:
  FileScannerImpl(std::shared_ptr<const FileReaderImpl> reader, std::vector<int> columns, std::vector<int> row_groups,
                  size_t batch_rows);
  Result<bool> Next(ColumnBatch* out) override;
  const ScanMetrics& metrics() const override { return metrics_; }

 private:
  Status OpenRowGroup(int row_group);

  std::shared_ptr<const FileReaderImpl> reader_;
  std::vector<int> columns_;
  std::vector<LogicalType> types_;
  std::vector<int> row_groups_;
  size_t next_group_ = 0;
  size_t batch_rows_;
  int64_t rows_left_ = 0;
  std::vector<std::unique_ptr<ColumnChunkReader>> readers_;
  ScanMetrics metrics_;
};

class FileReaderImpl final : public FileReader, public std::enable_shared_from_this<FileReaderImpl> {
 public:
  FileReaderImpl(RandomAccessFile file, std::shared_ptr<const ParsedFooter> footer)
      : file_(std::move(file)),
        footer_(std::move(footer)),
        metadata_(footer_->metadata),
        leaves_(footer_->leaves),
        schema_(footer_->schema),
        type_defined_order_(footer_->type_defined_order),
        ranges_(footer_->ranges) {}

  const std::string& path() const override { return file_.path(); }
  const std::vector<ColumnSpec>& schema() const override { return schema_; }
  const FileMetadata& metadata() const override { return metadata_; }
  int num_row_groups() const override { return static_cast<int>(metadata_.row_groups.size()); }
  int64_t num_rows() const override { return metadata_.num_rows; }
  int64_t row_group_rows(int row_group) const override { return metadata_.row_groups.at(static_cast<size_t>(row_group)).num_rows; }
  int64_t column_chunk_bytes(int row_group, int column) const override {
    return static_cast<int64_t>(range(row_group, column).length);
  }

  ColumnStatistics row_group_statistics(int row_group, int column) const override {
    const auto& meta = *metadata_.row_groups.at(static_cast<size_t>(row_group)).columns.at(static_cast<size_t>(column)).meta_data;
    const Statistics* stats = meta.statistics ? &*meta.statistics : nullptr;
    auto c = static_cast<size_t>(column);
    return DecodeStatistics(leaves_[c], stats, meta.num_values, type_defined_order_[c]);
  }

  std::vector<int> PruneRowGroups(const std::vector<ColumnPredicate>& predicates) const override {
    std::vector<int> out;
    for (int g = 0; g < num_row_groups(); g++) {
      bool keep = true;
      for (const auto& p : predicates) {
        if (p.column < 0 || static_cast<size_t>(p.column) >= leaves_.size()) continue;
        if (!MayMatch(p, row_group_statistics(g, p.column))) {
          keep = false;
          break;
        }
      }
      if (keep) out.push_back(g);
    }
    return out;
  }

  Result<std::unique_ptr<FileScanner>> Scan(ScanOptions options) const override {
    std::vector<int> columns = options.columns;
    if (columns.empty()) {
      for (size_t c = 0; c < leaves_.size(); c++) columns.push_back(static_cast<int>(c));
    }
    for (int c : columns) {
      if (c < 0 || static_cast<size_t>(c) >= leaves_.size()) {
        return Status::Invalid("'{}': column index {} is out of range (the file has {} columns)", path(), c,
                               leaves_.size());
      }
    }
    std::vector<int> row_groups;
    if (options.row_groups) {
      row_groups = std::move(*options.row_groups);
      for (int g : row_groups) {
        if (g < 0 || g >= num_row_groups()) {
          return Status::Invalid("'{}': row group {} is out of range (the file has {})", path(), g, num_row_groups());
        }
      }
    } else {
      row_groups = PruneRowGroups(options.predicates);
    }
    size_t batch_rows = options.batch_rows == 0 ? kBatchSize : options.batch_rows;
    return std::unique_ptr<FileScanner>(std::make_unique<FileScannerImpl>(shared_from_this(), std::move(columns),
                                                                          std::move(row_groups), batch_rows));
  }

  const RandomAccessFile& file() const { return file_; }
  const LeafColumn& leaf(int c) const { return leaves_[static_cast<size_t>(c)]; }
  const ChunkRange& range(int g, int c) const { return ranges_[static_cast<size_t>(g)][static_cast<size_t>(c)]; }

 private:
  RandomAccessFile file_;
  std::shared_ptr<const ParsedFooter> footer_;
  // Parts of *footer_, named for brevity.
  const FileMetadata& metadata_;
  const std::vector<LeafColumn>& leaves_;
  const std::vector<ColumnSpec>& schema_;
  const std::vector<bool>& type_defined_order_;
  const std::vector<std::vector<ChunkRange>>& ranges_;
};

FileScannerImpl::FileScannerImpl(std::shared_ptr<const FileReaderImpl> reader, std::vector<int> columns,
                                 std::vector<int> row_groups, size_t batch_rows)
    : reader_(std::move(reader)), columns_(std::move(columns)), row_groups_(std::move(row_groups)), batch_rows_(batch_rows) {
  for (int c : columns_) types_.push_back(reader_->leaf(c).spec.type);
  metrics_.row_groups_total = reader_->num_row_groups();
}

Status FileScannerImpl::OpenRowGroup(int g) {
  readers_.clear();
  const auto& group = reader_->metadata().row_groups[static_cast<size_t>(g)];
  for (int c : columns_) {
    const LeafColumn& leaf = reader_->leaf(c);
    const ColumnMetaData& meta = *group.columns[static_cast<size_t>(c)].meta_data;
    std::string context = fmt::format("'{}': column '{}' row group {}", reader_->path(), leaf.spec.name, g);
    if (!CodecSupported(meta.codec)) {
      return Status::NotSupported("{}: compression codec {} is not supported", context, CodecNumberName(meta.codec));
    }
    const ChunkRange& r = reader_->range(g, c);
    auto buffer = std::make_unique_for_overwrite<char[]>(std::max<uint64_t>(r.length, 1));
    TRIB_RETURN_NOT_OK(reader_->file().ReadAt(r.offset, r.length, reinterpret_cast<uint8_t*>(buffer.get())));
    metrics_.bytes_read += static_cast<int64_t>(r.length);
    readers_.push_back(std::make_unique<ColumnChunkReader>(leaf, meta.codec, std::move(buffer), r.length,
                                                           group.num_rows, std::move(context)));
  }
  rows_left_ = group.num_rows;
  metrics_.row_groups_read++;
  return Status::OK();
}

Result<bool> FileScannerImpl::Next(ColumnBatch* out) {
  while (rows_left_ == 0) {
    if (next_group_ >= row_groups_.size()) return false;
    TRIB_RETURN_NOT_OK(OpenRowGroup(row_groups_[next_group_++]));
  }
  auto n = static_cast<size_t>(std::min<int64_t>(rows_left_, static_cast<int64_t>(batch_rows_)));
  bool reusable = out->num_columns() == types_.size() && out->capacity() >= n;
  for (size_t c = 0; reusable && c < types_.size(); c++) reusable = out->column(c).type() == types_[c];
  if (!reusable) {
    *out = ColumnBatch(types_, batch_rows_);
  } else {
    for (auto& v : out->columns()) v.Reset();
    out->clear_selection();
  }
  for (size_t c = 0; c < readers_.size(); c++) TRIB_RETURN_NOT_OK(readers_[c]->Read(n, &out->column(c)));
  out->set_num_rows(n);
  rows_left_ -= static_cast<int64_t>(n);
  metrics_.rows_read += static_cast<int64_t>(n);
  return true;
}

Status ValidateAndMap(const std::string& path, uint64_t file_size, uint64_t data_end, const FileMetadata& md,
                      std::vector<LeafColumn>* leaves, std::vector<std::vector<ChunkRange>>* ranges) {
  auto corrupt = [&](std::string_view what) { return Status::Corruption("'{}': {}", path, what); };
  if (md.encrypted) return Status::NotSupported("'{}': encrypted Parquet files are not supported", path);
  if (md.schema.empty()) return corrupt("schema is empty");
  const SchemaElement& root = md.schema[0];
  if (!root.num_children || *root.num_children < 0) return corrupt("schema root has no children count");
  for (size_t i = 1; i < md.schema.size(); i++) {
    const SchemaElement& e = md.schema[i];
    if (e.num_children && *e.num_children > 0) {
      return Status::NotSupported("'{}': column '{}': nested (group) columns are not supported", path, e.name);
    }
  }
  if (static_cast<size_t>(*root.num_children) != md.schema.size() - 1) {
    return corrupt(fmt::format("schema root claims {} columns but {} follow", *root.num_children, md.schema.size() - 1));
  }
  if (md.schema.size() < 2) return corrupt("schema has no columns");
  for (size_t i = 1; i < md.schema.size(); i++) {
    auto leaf = FromSchemaElement(md.schema[i]);
    if (!leaf.ok()) return leaf.status().WithContext(fmt::format("'{}'", path));
    leaves->push_back(std::move(leaf).value());
  }
  if (md.num_rows < 0) return corrupt(fmt::format("file claims {} rows", md.num_rows));
  int64_t total_rows = 0;
  for (size_t g = 0; g < md.row_groups.size(); g++) {
    const RowGroup& rg = md.row_groups[g];
    if (rg.num_rows < 0) return corrupt(fmt::format("row group {} claims {} rows", g, rg.num_rows));
    if (rg.columns.size() != leaves->size()) {
      return corrupt(fmt::format("row group {} has {} column chunks but the schema has {} columns", g,
                                 rg.columns.size(), leaves->size()));
    }
    total_rows += rg.num_rows;
    if (total_rows > md.num_rows) break;
    std::vector<ChunkRange> group_ranges;
    for (size_t c = 0; c < rg.columns.size(); c++) {
      const ColumnChunk& cc = rg.columns[c];
      const LeafColumn& leaf = (*leaves)[c];
      std::string where = fmt::format("'{}': column '{}' row group {}", path, leaf.spec.name, g);
      if (cc.encrypted) return Status::NotSupported("{}: encrypted column chunks are not supported", where);
      if (cc.file_path) return Status::NotSupported("{}: column chunks in other files are not supported", where);
      if (!cc.meta_data) return Status::Corruption("{}: column chunk has no metadata", where);
      const ColumnMetaData& m = *cc.meta_data;
      if (m.type != leaf.physical) {
        return Status::Corruption("{}: chunk type {} differs from the schema's {}", where, TypeName(m.type),
                                  TypeName(leaf.physical));
      }
      if (m.num_values != rg.num_rows) {
        return Status::Corruption("{}: chunk claims {} values but the row group has {} rows", where, m.num_values,
                                  rg.num_rows);
      }
      int64_t start = m.data_page_offset;
      if (m.dictionary_page_offset && *m.dictionary_page_offset > 0 && *m.dictionary_page_offset < start) {
        start = *m.dictionary_page_offset;
      }
      if (start < 4 || m.total_compressed_size < 0 || static_cast<uint64_t>(start) > data_end ||
          static_cast<uint64_t>(m.total_compressed_size) > data_end - static_cast<uint64_t>(start)) {
        return Status::Corruption("{}: chunk bytes [{}, {}+{}) lie outside the data region [4, {}) of a {}-byte file",
                                  where, start, start, m.total_compressed_size, data_end, file_size);
      }
      group_ranges.push_back({static_cast<uint64_t>(start), static_cast<uint64_t>(m.total_compressed_size)});
    }
    ranges->push_back(std::move(group_ranges));
  }
  if (total_rows != md.num_rows) {
    return corrupt(fmt::format("row groups hold {} rows but the footer claims {}", total_rows, md.num_rows));
  }
  return Status::OK();
}

}  // namespace

Result<std::shared_ptr<FileReader>> FileReader::Open(const std::string& path) {
  TRIB_ASSIGN_OR_RETURN(RandomAccessFile file, RandomAccessFile::Open(path));
  const uint64_t size = file.size();
  std::string key = fmt::format("{}\x1f{}\x1f{}", path, size, file.mtime_ns());
  if (auto footer = FooterCache().Find(key)) {
    return std::shared_ptr<FileReader>(std::make_shared<FileReaderImpl>(std::move(file), std::move(footer)));
  }
  if (size < 12) return Status::Corruption("'{}': file of {} bytes is too small to be Parquet", path, size);
  uint8_t head[4], tail[8];
  TRIB_RETURN_NOT_OK(file.ReadAt(0, 4, head));
  TRIB_RETURN_NOT_OK(file.ReadAt(size - 8, 8, tail));
  if (std::memcmp(tail + 4, "PARE", 4) == 0) {
    return Status::NotSupported("'{}': encrypted Parquet footers are not supported", path);
  }
  if (std::memcmp(head, "PAR1", 4) != 0) return Status::Corruption("'{}': does not start with the Parquet magic PAR1", path);
  if (std::memcmp(tail + 4, "PAR1", 4) != 0) {
    return Status::Corruption("'{}': does not end with the Parquet magic PAR1 (truncated?)", path);
  }
  uint32_t footer_len;
  std::memcpy(&footer_len, tail, 4);
  if (footer_len > size - 12 || footer_len > kMaxFooterBytes) {
    return Status::Corruption("'{}': footer length {} does not fit in a {}-byte file", path, footer_len, size);
  }
  uint64_t footer_start = size - 8 - footer_len;
  std::vector<uint8_t> footer(footer_len);
  TRIB_RETURN_NOT_OK(file.ReadAt(footer_start, footer_len, footer.data()));
  auto md = ParseFileMetadata(footer.data(), footer.size());
  if (!md.ok()) return md.status().WithContext(fmt::format("'{}'", path));
  auto parsed = std::make_shared<ParsedFooter>();
  TRIB_RETURN_NOT_OK(ValidateAndMap(path, size, footer_start, *md, &parsed->leaves, &parsed->ranges));
  parsed->metadata = std::move(md).value();
  for (const auto& l : parsed->leaves) parsed->schema.push_back(l.spec);
  const auto& orders = parsed->metadata.column_orders;
  for (size_t c = 0; c < parsed->leaves.size(); c++) {
    parsed->type_defined_order.push_back(orders.size() != parsed->leaves.size() || orders[c].type_defined_order);
  }
  // The parsed form takes a few times the Thrift bytes (vectors, optionals,
  // decoded names); a rough count keeps the budget honest enough.
  FooterCache().Insert(std::move(key), parsed, int64_t{4} * footer_len + 512);
  return std::shared_ptr<FileReader>(std::make_shared<FileReaderImpl>(std::move(file), std::move(parsed)));
}

void SetFooterCacheCapacity(int64_t bytes) { FooterCache().SetCapacity(bytes); }
CacheStats FooterCacheStats() { return FooterCache().stats(); }

}  // namespace tributary::parquet
