#include "iceberg/data_file.hpp"

namespace tributary::iceberg {

ColumnStatistics DataFile::Statistics(int32_t field_id) const {
  ColumnStatistics s;
  if (auto it = lower_bounds.find(field_id); it != lower_bounds.end()) s.min = it->second;
  if (auto it = upper_bounds.find(field_id); it != upper_bounds.end()) s.max = it->second;
  if (auto it = null_value_counts.find(field_id); it != null_value_counts.end()) s.null_count = it->second;
  if (auto it = value_counts.find(field_id); it != value_counts.end()) s.value_count = it->second;
  return s;
}

Result<DataFile> DataFileFromParquet(const parquet::WrittenFile& written,
                                     const std::vector<parquet::ColumnSpec>& columns, const PartitionSpec& spec,
                                     PartitionValues partition, std::optional<int32_t> sort_order_id) {
  if (written.columns.size() != columns.size()) {
    return Status::Invalid("file '{}' has statistics for {} columns but the schema has {}", written.path,
                           written.columns.size(), columns.size());
  }
  if (partition.size() != spec.fields().size()) {
    return Status::Invalid("file '{}' has {} partition values but spec {} has {} fields", written.path,
                           partition.size(), spec.spec_id(), spec.fields().size());
  }
  DataFile f;
  f.path = written.path;
  f.spec_id = spec.spec_id();
  f.partition = std::move(partition);
  f.record_count = written.num_rows;
  f.file_size_in_bytes = written.file_bytes;
  f.split_offsets = written.row_group_offsets;
  f.sort_order_id = sort_order_id;
  for (size_t i = 0; i < columns.size(); i++) {
    const int32_t id = columns[i].field_id;
    if (id < 1) return Status::Invalid("column '{}' of file '{}' has no field id", columns[i].name, written.path);
    const parquet::WrittenColumn& c = written.columns[i];
    f.column_sizes[id] = c.compressed_bytes;
    f.value_counts[id] = c.value_count;
    f.null_value_counts[id] = c.null_count;
    if (c.min) f.lower_bounds[id] = *c.min;
    if (c.max) f.upper_bounds[id] = *c.max;
  }
  return f;
}

}  // namespace tributary::iceberg
