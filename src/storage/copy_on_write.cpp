#include "storage/copy_on_write.hpp"

#include "iceberg/snapshot.hpp"
#include "storage/table_reader.hpp"

namespace tributary {

Result<std::unique_ptr<CopyOnWrite>> CopyOnWrite::Make(std::shared_ptr<iceberg::Table> table,
                                                       TableWriterOptions options) {
  TRIB_ASSIGN_OR_RETURN(auto writer, TableWriter::Make(table, std::move(options)));
  return std::unique_ptr<CopyOnWrite>(new CopyOnWrite(std::move(table), std::move(writer)));
}

bool CopyOnWrite::Remove(int64_t row_id) {
  const size_t file = FileOrdinalOf(row_id);
  const uint64_t position = static_cast<uint64_t>(PositionOf(row_id));
  if (file >= removed_.size()) {
    removed_.resize(file + 1);
    removed_count_.resize(file + 1, 0);
  }
  std::vector<uint64_t>& bits = removed_[file];
  const size_t word = position / 64;
  if (word >= bits.size()) bits.resize(std::max(word + 1, bits.size() * 2), 0);
  const uint64_t mask = uint64_t{1} << (position % 64);
  if (bits[word] & mask) return false;
  bits[word] |= mask;
  removed_count_[file]++;
  rows_removed_++;
  return true;
}

Status CopyOnWrite::Add(const ColumnBatch& batch) {
  rows_added_ += static_cast<int64_t>(batch.live_rows());
  return writer_->Write(batch);
}

Result<CopyOnWriteResult> CopyOnWrite::Commit(const std::vector<iceberg::DataFile>& files,
                                              std::optional<int64_t> base_snapshot_id,
                                              const iceberg::CommitOptions& tags) {
  CopyOnWriteResult result;
  result.rows_removed = rows_removed_;
  result.rows_added = rows_added_;
  std::vector<std::string> remove;
  std::vector<iceberg::DataFile> rewrite;
  std::vector<const std::vector<uint64_t>*> rewrite_bits;
  for (size_t f = 0; f < removed_.size(); f++) {
    if (removed_count_[f] == 0) continue;
    if (f >= files.size()) return Status::Internal("row id names file {} of a scan of {}", f, files.size());
    remove.push_back(files[f].path);
    if (removed_count_[f] == files[f].record_count) {
      result.files_dropped++;
    } else {
      rewrite.push_back(files[f]);
      rewrite_bits.push_back(&removed_[f]);
    }
  }
  auto schema = table_->metadata()->current_schema();
  for (size_t i = 0; i < rewrite.size(); i++) {
    const std::vector<uint64_t>& bits = *rewrite_bits[i];
    TRIB_ASSIGN_OR_RETURN(auto reader, TableReader::ForFiles(schema, {rewrite[i]}));
    int64_t position = 0;
    ColumnBatch batch;
    std::vector<uint32_t> keep;
    while (true) {
      TRIB_ASSIGN_OR_RETURN(bool more, reader->Next(&batch));
      if (!more) break;
      const size_t rows = batch.num_rows();
      keep.clear();
      for (size_t r = 0; r < rows; r++) {
        const uint64_t p = static_cast<uint64_t>(position) + r;
        const size_t word = p / 64;
        const bool removed = word < bits.size() && (bits[word] >> (p % 64) & 1);
        if (!removed) keep.push_back(static_cast<uint32_t>(r));
      }
      position += static_cast<int64_t>(rows);
      if (keep.empty()) continue;
      if (keep.size() < rows) {
        SelectionVector selection(keep.size());
        for (uint32_t r : keep) selection.Append(r);
        batch.set_selection(std::move(selection));
      }
      TRIB_RETURN_NOT_OK(writer_->Write(batch));
    }
    if (position != rewrite[i].record_count) {
      return Status::Internal("{} holds {} rows but its manifest lists {}", rewrite[i].path, position,
                              rewrite[i].record_count);
    }
    result.files_rewritten++;
  }
  TRIB_ASSIGN_OR_RETURN(std::vector<iceberg::DataFile> added, writer_->Finish());
  result.files_added = static_cast<int64_t>(added.size());
  const bool tagged = !tags.idempotency_key.empty() || !tags.summary.empty();
  if (remove.empty() && added.empty() && !tagged) return result;
  if (remove.empty()) {
    TRIB_ASSIGN_OR_RETURN(iceberg::CommitResult commit, table_->Append(std::move(added), tags));
    result.commit = commit;
    return result;
  }
  iceberg::ReplaceOptions options;
  static_cast<iceberg::CommitOptions&>(options) = tags;
  options.base_snapshot_id = base_snapshot_id;
  options.isolation = iceberg::IsolationLevel::kSerializable;
  // Never "replace": an UPDATE keeps the row count but not the data.
  options.operation = added.empty() ? iceberg::operation::kDelete : iceberg::operation::kOverwrite;
  TRIB_ASSIGN_OR_RETURN(iceberg::CommitResult commit, table_->ReplaceFiles(remove, std::move(added), options));
  result.commit = commit;
  return result;
}

}  // namespace tributary
