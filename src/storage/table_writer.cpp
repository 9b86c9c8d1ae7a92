#include "storage/table_writer.hpp"

#include <algorithm>
#include <cstdlib>
#include <unordered_map>

#include "common/file_io.hpp"

namespace tributary {

namespace {

// An injective text key for a partition tuple (NULL differs from "null").
std::string PartitionKey(const iceberg::PartitionValues& values) {
  std::string key;
  for (const Value& v : values) {
    if (v.is_null()) {
      key += '\x01';
    } else {
      std::string s = v.ToString();
      key += '\x02';
      key += std::to_string(s.size());
      key += ':';
      key += s;
    }
  }
  return key;
}

}  // namespace

Result<std::unique_ptr<TableWriter>> TableWriter::Make(std::shared_ptr<iceberg::Table> table,
                                                       TableWriterOptions options) {
  std::unique_ptr<TableWriter> writer(new TableWriter(std::move(table), std::move(options)));
  TRIB_RETURN_NOT_OK(writer->Init());
  return writer;
}

Status TableWriter::Init() {
  metadata_ = table_->metadata();
  // The table's own compression settings, when it has any.
  const auto& properties = metadata_->properties;
  if (auto it = properties.find(std::string(iceberg::kParquetCodecProperty)); it != properties.end()) {
    auto codec = parquet::ParseCodec(it->second);
    if (!codec.ok()) {
      return Status::NotSupported("table {}: {} '{}' is not supported (zstd, lz4, snappy, gzip or uncompressed)",
                                  table_->name(), iceberg::kParquetCodecProperty, it->second);
    }
    options_.parquet.codec = *codec;
  }
  if (auto it = properties.find(std::string(iceberg::kParquetCodecLevelProperty)); it != properties.end()) {
    char* end = nullptr;
    const long level = std::strtol(it->second.c_str(), &end, 10);
    if (end == it->second.c_str() || *end != '\0') {
      return Status::Invalid("table {}: {} '{}' is not an integer", table_->name(), iceberg::kParquetCodecLevelProperty,
                             it->second);
    }
    options_.parquet.compression_level = static_cast<int>(level);
  }
  schema_ = metadata_->current_schema();
  spec_ = metadata_->default_spec();
  columns_ = schema_->ToColumnSpecs();
  for (const auto& f : schema_->fields()) types_.push_back(f.type);
  for (const auto& pf : spec_->fields()) {
    int idx = schema_->IndexOf(pf.source_id);
    if (idx < 0) {
      return Status::Invalid("table {}: partition field '{}' refers to missing column id {}", table_->name(), pf.name,
                             pf.source_id);
    }
    if (std::find(partition_source_columns_.begin(), partition_source_columns_.end(), idx) ==
        partition_source_columns_.end()) {
      partition_source_columns_.push_back(idx);
    }
  }
  auto order = metadata_->default_sort_order();
  if (order && !order->is_unsorted()) {
    sort_order_id_ = order->order_id();
    for (const auto& sf : order->fields()) {
      if (sf.transform.kind() != iceberg::TransformKind::kIdentity) {
        return Status::NotSupported("table {}: cluster key on column id {} uses transform {}; only identity is supported",
                                    table_->name(), sf.source_id, sf.transform.ToString());
      }
      int idx = schema_->IndexOf(sf.source_id);
      if (idx < 0) {
        return Status::Invalid("table {}: sort order refers to missing column id {}", table_->name(), sf.source_id);
      }
      cluster_keys_.push_back({idx, sf.direction == iceberg::SortDirection::kAsc,
                               sf.null_order == iceberg::NullOrder::kNullsFirst});
    }
  }
  return Status::OK();
}

Status TableWriter::AssignPartitions(const ColumnBatch& batch, std::vector<uint32_t>* partition_of_row) {
  const size_t live = batch.live_rows();
  partition_of_row->assign(live, 0);
  const uint32_t* sel = batch.selection() ? batch.selection()->data() : nullptr;
  auto physical = [&](size_t i) { return sel ? sel[i] : static_cast<uint32_t>(i); };

  auto buffer_for = [&](iceberg::PartitionValues values) -> Result<uint32_t> {
    std::string key = PartitionKey(values);
    auto it = buffer_index_.find(key);
    if (it != buffer_index_.end()) return static_cast<uint32_t>(it->second);
    auto buf = std::make_unique<PartitionBuffer>();
    buf->path = spec_->PartitionPath(values);
    buf->values = std::move(values);
    buf->rows = ColumnBatch(types_, kBatchSize);
    buffers_.push_back(std::move(buf));
    buffer_index_.emplace(std::move(key), buffers_.size() - 1);
    return static_cast<uint32_t>(buffers_.size() - 1);
  };

  if (spec_->is_unpartitioned()) {
    TRIB_ASSIGN_OR_RETURN(uint32_t b, buffer_for({}));
    std::fill(partition_of_row->begin(), partition_of_row->end(), b);
    return Status::OK();
  }
  // Rows that agree on every partition source column share a tuple, so the
  // transforms run once per distinct source tuple, not once per row. Ranks
  // cover the physical rows; the selection picks the live ones.
  std::vector<SortKey> keys;
  for (int c : partition_source_columns_) keys.push_back({c, true, true});
  NormalizedKeys ranks(batch, batch.num_rows(), keys);
  std::unordered_map<std::string, uint32_t> by_rank;  // rank tuple → buffer
  std::string rank_key;
  std::vector<Value> row(schema_->fields().size());
  for (size_t i = 0; i < live; i++) {
    uint32_t r = physical(i);
    rank_key.clear();
    for (size_t k = 0; k < keys.size(); k++) {
      uint64_t rank = ranks.rank(k, r);
      rank_key.append(reinterpret_cast<const char*>(&rank), sizeof(rank));
      rank_key.push_back(static_cast<char>(ranks.null_class(k, r)));
    }
    auto it = by_rank.find(rank_key);
    if (it == by_rank.end()) {
      for (int c : partition_source_columns_) {
        row[static_cast<size_t>(c)] = batch.column(static_cast<size_t>(c)).GetValue(r);
      }
      TRIB_ASSIGN_OR_RETURN(iceberg::PartitionValues values, spec_->PartitionFor(*schema_, row));
      TRIB_ASSIGN_OR_RETURN(uint32_t b, buffer_for(std::move(values)));
      it = by_rank.emplace(rank_key, b).first;
    }
    (*partition_of_row)[i] = it->second;
  }
  return Status::OK();
}

namespace {

/// Bytes the string heaps of `rows`' columns hold.
int64_t StringBytes(const ColumnBatch& rows) {
  int64_t bytes = 0;
  for (size_t c = 0; c < rows.num_columns(); c++) {
    const auto& heap = rows.column(c).shared_heap();
    if (heap) bytes += static_cast<int64_t>(heap->bytes_allocated());
  }
  return bytes;
}

}  // namespace

Status TableWriter::Write(const ColumnBatch& batch) {
  if (batch.num_columns() != types_.size()) {
    return Status::Invalid("table {}: batch has {} columns but the table has {}", table_->name(),
                           batch.num_columns(), types_.size());
  }
  for (size_t c = 0; c < types_.size(); c++) {
    const auto& field = schema_->fields()[c];
    if (batch.column(c).type().physical() != types_[c].physical()) {
      return Status::Invalid("table {}: column '{}' is {} but the batch holds {}", table_->name(), field.name,
                             types_[c].ToString(), batch.column(c).type().ToString());
    }
  }
  const size_t live = batch.live_rows();
  if (live == 0) return Status::OK();
  std::vector<uint32_t> partition_of_row;
  TRIB_RETURN_NOT_OK(AssignPartitions(batch, &partition_of_row));

  // Scatter the rows to their partitions' buffers through selection vectors.
  const uint32_t* sel = batch.selection() ? batch.selection()->data() : nullptr;
  std::vector<SelectionVector> per_buffer(buffers_.size());
  for (size_t i = 0; i < live; i++) {
    per_buffer[partition_of_row[i]].Append(sel ? sel[i] : static_cast<uint32_t>(i));
  }
  if (row_width_ == 0) {
    for (const LogicalType& type : types_) row_width_ += static_cast<int64_t>(type.value_size()) + 1;
  }
  for (size_t b = 0; b < per_buffer.size(); b++) {
    if (per_buffer[b].size() == 0) continue;
    PartitionBuffer& buffer = *buffers_[b];
    // Strings are copied: a batch's rows go to many partitions, and sharing
    // its heaps (and the Parquet pages they may point into) would keep every
    // input batch alive until the last partition holding one of its rows
    // is flushed, outside max_buffered_bytes' count.
    buffer.rows.AppendRows(batch, per_buffer[b].data(), per_buffer[b].size(), ColumnBatch::Strings::kCopy);
    // What the buffer holds: its vectors' capacity (they grow by doubling)
    // and its strings.
    const int64_t bytes = static_cast<int64_t>(buffer.rows.capacity()) * row_width_ + StringBytes(buffer.rows);
    buffered_bytes_ += bytes - buffer.bytes;
    buffer.bytes = bytes;
    buffered_rows_ += static_cast<int64_t>(per_buffer[b].size());
  }

  while (buffered_rows_ > options_.max_buffered_rows || buffered_bytes_ > options_.max_buffered_bytes) {
    auto largest = std::max_element(buffers_.begin(), buffers_.end(), [](const auto& a, const auto& b) {
      return a->rows.num_rows() < b->rows.num_rows();
    });
    TRIB_RETURN_NOT_OK(FlushPartition(largest->get()));
  }
  return Status::OK();
}

Status TableWriter::FlushPartition(PartitionBuffer* buffer) {
  ColumnBatch& rows = buffer->rows;
  const size_t n = rows.num_rows();
  if (n == 0) return Status::OK();
  for (size_t c = 0; c < types_.size(); c++) {
    const auto& field = schema_->fields()[c];
    if (field.required && rows.column(c).validity().CountInvalid(n) > 0) {
      return Status::Invalid("table {}: column '{}' is NOT NULL but {} rows hold NULL", table_->name(), field.name,
                             rows.column(c).validity().CountInvalid(n));
    }
  }
  if (!buffer->directory_created) {
    TRIB_RETURN_NOT_OK(CreateDirectories(table_->PartitionDirectory(buffer->path)));
    buffer->directory_created = true;
  }
  Flush flush{buffer->values, buffer->path, std::move(rows)};
  buffered_rows_ -= static_cast<int64_t>(n);
  buffered_bytes_ -= buffer->bytes;
  buffer->bytes = 0;
  rows = ColumnBatch(types_, kBatchSize);
  if (options_.flush_threads <= 1) {
    TRIB_ASSIGN_OR_RETURN(Flushed done, WriteFlush(std::move(flush)));
    rows_written_ += done.rows;
    for (auto& f : done.files) files_.push_back(std::move(f));
    return Status::OK();
  }
  while (in_flight_.size() >= static_cast<size_t>(options_.flush_threads)) TRIB_RETURN_NOT_OK(CollectOldest());
  in_flight_.push_back(std::async(std::launch::async, [this, flush = std::move(flush)]() mutable {
    return WriteFlush(std::move(flush));
  }));
  return Status::OK();
}

Status TableWriter::CollectOldest() {
  Result<Flushed> done = in_flight_.front().get();
  in_flight_.pop_front();
  if (!done.ok()) return done.status();
  rows_written_ += done->rows;
  for (auto& f : done->files) files_.push_back(std::move(f));
  return Status::OK();
}

Result<TableWriter::Flushed> TableWriter::WriteFlush(Flush flush) const {
  const ColumnBatch& rows = flush.rows;
  const size_t n = rows.num_rows();
  std::vector<uint32_t> order;
  bool split_on_leading = false;
  std::optional<NormalizedKeys> keys;
  if (!cluster_keys_.empty()) {
    keys.emplace(rows, n, cluster_keys_);
    order = keys->SortedOrder();
    split_on_leading = keys->distinct_count(0) <= options_.low_cardinality_limit;
  } else {
    order.resize(n);
    for (size_t i = 0; i < n; i++) order[i] = static_cast<uint32_t>(i);
  }
  Flushed out;
  size_t begin = 0;
  while (begin < n) {
    size_t end = n;
    if (split_on_leading) {
      end = begin + 1;
      while (end < n && keys->SamePrefix(order[begin], order[end], 1)) end++;
    }
    TRIB_RETURN_NOT_OK(WriteRun(&flush, order, begin, end, &out));
    begin = end;
  }
  return out;
}

Status TableWriter::WriteRun(Flush* flush, const std::vector<uint32_t>& order, size_t begin, size_t end,
                             Flushed* out) const {
  ColumnBatch& rows = flush->rows;
  constexpr size_t kChunk = 64 * 1024;  // rows handed to the Parquet writer at once
  while (begin < end) {
    std::string path = table_->NewDataFilePath(flush->path);
    TRIB_ASSIGN_OR_RETURN(auto writer, parquet::FileWriter::Open(path, columns_, options_.parquet));
    while (begin < end && writer->num_rows() < options_.target_file_rows &&
           writer->estimated_bytes() < options_.target_file_bytes) {
      size_t take = std::min({end - begin, kChunk,
                              static_cast<size_t>(options_.target_file_rows - writer->num_rows())});
      SelectionVector sel;
      sel.resize(take);
      std::copy(order.begin() + static_cast<std::ptrdiff_t>(begin),
                order.begin() + static_cast<std::ptrdiff_t>(begin + take), sel.data());
      rows.set_selection(std::move(sel));
      TRIB_RETURN_NOT_OK(writer->Write(rows));
      begin += take;
    }
    rows.clear_selection();
    TRIB_ASSIGN_OR_RETURN(parquet::WrittenFile written, writer->Close());
    out->rows += written.num_rows;
    TRIB_ASSIGN_OR_RETURN(iceberg::DataFile file,
                          iceberg::DataFileFromParquet(written, columns_, *spec_, flush->values, sort_order_id_));
    out->files.push_back(std::move(file));
  }
  return Status::OK();
}

Result<std::vector<iceberg::DataFile>> TableWriter::Finish() {
  for (auto& buffer : buffers_) TRIB_RETURN_NOT_OK(FlushPartition(buffer.get()));
  while (!in_flight_.empty()) TRIB_RETURN_NOT_OK(CollectOldest());
  buffers_.clear();
  buffer_index_.clear();
  return std::move(files_);
}

}  // namespace tributary
