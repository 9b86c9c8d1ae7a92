#include "storage/compaction.hpp"

#include <algorithm>
#include <map>

#include "storage/table_reader.hpp"

namespace tributary {

Result<CompactionResult> CompactTable(const std::shared_ptr<iceberg::Table>& table, const CompactionOptions& options) {
  TRIB_RETURN_NOT_OK(table->Refresh());
  auto metadata = table->metadata();
  CompactionResult result;
  auto snapshot = metadata->current_snapshot();
  if (!snapshot) return result;
  TRIB_ASSIGN_OR_RETURN(iceberg::ScanPlan plan, table->PlanFiles({}));

  const int32_t current_order = metadata->default_sort_order_id;
  // Files that each hold one value of the leading cluster key can only merge
  // with files of the same value.
  std::optional<int32_t> leading_key;
  if (auto order = metadata->default_sort_order(); order && !order->is_unsorted()) {
    leading_key = order->fields()[0].source_id;
  }
  auto cluster_bucket = [&](const iceberg::DataFile& f) -> std::string {
    if (!leading_key) return "";
    auto lo = f.lower_bounds.find(*leading_key), hi = f.upper_bounds.find(*leading_key);
    if (lo == f.lower_bounds.end() || hi == f.upper_bounds.end() || !(lo->second == hi->second)) return "\x02mixed";
    return lo->second.ToString();
  };
  // Partition (spec id + tuple) → candidate files.
  std::map<std::string, std::vector<iceberg::DataFile>> groups;
  for (auto& planned : plan.files) {
    const iceberg::DataFile& f = *planned.file;
    bool small = f.file_size_in_bytes < options.small_file_bytes;
    bool misclustered = options.recluster && current_order != 0 && f.sort_order_id.value_or(0) != current_order;
    if (!small && !misclustered) continue;
    std::string key = std::to_string(f.spec_id);
    for (const Value& v : f.partition) key += "/" + (v.is_null() ? std::string("\x01") : v.ToString());
    groups[key].push_back(f);
  }

  std::vector<iceberg::DataFile> inputs;
  for (auto& [key, files] : groups) {
    bool any_misclustered = false;
    std::map<std::string, int> per_bucket;
    int largest_bucket = 0;
    for (const auto& f : files) {
      any_misclustered |= current_order != 0 && f.sort_order_id.value_or(0) != current_order;
      largest_bucket = std::max(largest_bucket, ++per_bucket[cluster_bucket(f)]);
    }
    if (largest_bucket < options.min_input_files && !(options.recluster && any_misclustered)) continue;
    result.partitions_rewritten++;
    for (auto& f : files) inputs.push_back(std::move(f));
  }
  if (inputs.empty()) return result;

  std::vector<std::string> remove;
  for (const auto& f : inputs) {
    remove.push_back(f.path);
    result.rows_rewritten += f.record_count;
  }
  result.files_removed = static_cast<int64_t>(inputs.size());

  TRIB_ASSIGN_OR_RETURN(auto reader, TableReader::ForFiles(metadata->current_schema(), std::move(inputs)));
  TRIB_ASSIGN_OR_RETURN(auto writer, TableWriter::Make(table, options.writer));
  ColumnBatch batch;
  while (true) {
    TRIB_ASSIGN_OR_RETURN(bool more, reader->Next(&batch));
    if (!more) break;
    TRIB_RETURN_NOT_OK(writer->Write(batch));
  }
  TRIB_ASSIGN_OR_RETURN(std::vector<iceberg::DataFile> added, writer->Finish());
  if (writer->rows_written() != result.rows_rewritten) {
    return Status::Internal("compaction of {} read {} rows but the manifests list {}", table->name(),
                            writer->rows_written(), result.rows_rewritten);
  }
  result.files_added = static_cast<int64_t>(added.size());
  if (options.before_commit) options.before_commit();
  iceberg::ReplaceOptions replace;
  replace.base_snapshot_id = snapshot->snapshot_id;
  replace.isolation = iceberg::IsolationLevel::kSnapshot;
  replace.operation = iceberg::operation::kReplace;
  TRIB_ASSIGN_OR_RETURN(iceberg::CommitResult commit, table->ReplaceFiles(remove, std::move(added), replace));
  result.commit = commit;
  return result;
}

}  // namespace tributary
