#include "storage/table_reader.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "iceberg/table_scan.hpp"

namespace tributary {

namespace {

// Widens `in` (a file's column, possibly of an older, narrower type) into a
// flat vector of `to`. Only the promotions Iceberg allows reach here.
Status Widen(const Vector& in, size_t rows, const LogicalType& to, Vector* out) {
  const PhysicalType from = in.type().physical();
  for (size_t r = 0; r < rows; r++) out->validity().Set(r, !in.IsNull(r), out->capacity());
  const Vector* values = &in;
  const uint32_t* idx = nullptr;
  if (in.encoding() == VectorEncoding::kDictionary) {
    values = &in.dictionary();
    idx = in.indices();
  }
  const bool constant = in.encoding() == VectorEncoding::kConstant;
  // Position of row r's value in `values`.
  auto src = [&](size_t r) -> size_t { return constant ? 0 : idx ? idx[r] : r; };
  switch (to.physical()) {
    case PhysicalType::kInt32:
      if (from == PhysicalType::kInt16) {
        for (size_t r = 0; r < rows; r++) out->data<int32_t>()[r] = values->data<int16_t>()[src(r)];
        return Status::OK();
      }
      break;
    case PhysicalType::kInt64:
      if (from == PhysicalType::kInt16) {
        for (size_t r = 0; r < rows; r++) out->data<int64_t>()[r] = values->data<int16_t>()[src(r)];
        return Status::OK();
      }
      if (from == PhysicalType::kInt32) {
        for (size_t r = 0; r < rows; r++) out->data<int64_t>()[r] = values->data<int32_t>()[src(r)];
        return Status::OK();
      }
      break;
    case PhysicalType::kDouble:
      if (from == PhysicalType::kFloat) {
        for (size_t r = 0; r < rows; r++) out->data<double>()[r] = values->data<float>()[src(r)];
        return Status::OK();
      }
      break;
    case PhysicalType::kInt128:
      // Decimal precision widening keeps the scale, so the unscaled value is unchanged.
      if (from == PhysicalType::kInt128 && in.type().scale() == to.scale()) {
        for (size_t r = 0; r < rows; r++) out->data<int128_t>()[r] = values->data<int128_t>()[src(r)];
        return Status::OK();
      }
      break;
    default: break;
  }
  return Status::NotSupported("cannot read a {} column as {}", in.type().ToString(), to.ToString());
}

}  // namespace

Result<std::optional<int64_t>> SnapshotToRead(const iceberg::Table& table, const TableReadOptions& options) {
  if (options.snapshot_id) return options.snapshot_id;
  if (options.as_of_ms) {
    TRIB_ASSIGN_OR_RETURN(auto snap, table.SnapshotAsOf(*options.as_of_ms));
    return std::optional<int64_t>(snap->snapshot_id);
  }
  return std::optional<int64_t>();
}

std::vector<ColumnPredicate> FilePredicates(const iceberg::Schema& schema,
                                            const std::vector<parquet::ColumnSpec>& file_schema,
                                            const std::vector<ColumnPredicate>& predicates) {
  // Row-group statistics are compared with operands of the table's current
  // type, so only a file column of the same physical type takes a predicate
  // (a widened column is pruned at file level only).
  std::vector<ColumnPredicate> out;
  for (const auto& pred : predicates) {
    const iceberg::SchemaField* field = schema.FindField(pred.column);
    if (!field) continue;
    for (size_t c = 0; c < file_schema.size(); c++) {
      if (file_schema[c].field_id == pred.column && file_schema[c].type.physical() == field->type.physical()) {
        ColumnPredicate p = pred;
        p.column = static_cast<int>(c);
        out.push_back(std::move(p));
      }
    }
  }
  return out;
}

/// A file being read: its footer, which of its columns feed which output
/// fields, and the row groups left after pruning.
struct TableReader::FilePlan {
  size_t ordinal = 0;  // in files_
  std::shared_ptr<parquet::FileReader> reader;
  std::vector<int> columns;             // file columns read, in file-batch order
  std::vector<int> source_of_output;    // per output field: index into the file batch, or -1 (NULL)
  std::vector<int> row_groups;          // to read, in file order
  std::vector<int64_t> first_row;       // per row group of the file: its first row's position
  int64_t projected_bytes(int g) const {
    int64_t bytes = 0;
    for (int c : columns) bytes += reader->column_chunk_bytes(g, c);
    return bytes;
  }
};

TableReader::TableReader() = default;
TableReader::~TableReader() = default;

Result<std::unique_ptr<TableReader>> TableReader::Open(const iceberg::Table& table, TableReadOptions options) {
  auto metadata = table.metadata();
  iceberg::ScanRequest request;
  TRIB_ASSIGN_OR_RETURN(request.snapshot_id, SnapshotToRead(table, options));
  request.predicates = options.predicates;
  TRIB_ASSIGN_OR_RETURN(iceberg::ScanPlan plan, table.PlanFiles(request));
  std::unique_ptr<TableReader> reader(new TableReader());
  reader->snapshot_ = plan.snapshot;
  for (auto& f : plan.files) reader->files_.push_back(std::move(f.file));
  reader->metrics_.files_total = plan.files_total;
  reader->metrics_.files_pruned = plan.files_skipped_by_partition + plan.files_skipped_by_stats;
  reader->metadata_ = metadata;
  reader->pruned_ = plan.manifests_skipped > 0 || reader->metrics_.files_pruned > 0;
  std::set<std::string> partitions;
  for (const auto& f : reader->files_) partitions.insert(PartitionKey(*f));
  reader->metrics_.partitions_read = static_cast<int64_t>(partitions.size());
  // Read with the current schema: a time-travelled snapshot's files are
  // mapped by field id like any other.
  TRIB_RETURN_NOT_OK(reader->Init(metadata->current_schema(), std::move(options)));
  return reader;
}

Result<std::unique_ptr<TableReader>> TableReader::ForFiles(std::shared_ptr<const iceberg::Schema> schema,
                                                           std::vector<iceberg::DataFile> files,
                                                           TableReadOptions options) {
  std::unique_ptr<TableReader> reader(new TableReader());
  for (auto& f : files) reader->files_.push_back(std::make_shared<const iceberg::DataFile>(std::move(f)));
  reader->metrics_.files_total = static_cast<int64_t>(reader->files_.size());
  TRIB_RETURN_NOT_OK(reader->Init(std::move(schema), std::move(options)));
  return reader;
}

Status TableReader::Init(std::shared_ptr<const iceberg::Schema> schema, TableReadOptions options) {
  schema_ = std::move(schema);
  options_ = std::move(options);
  if (options_.columns.empty()) {
    fields_ = schema_->fields();
  } else {
    for (const auto& name : options_.columns) {
      const iceberg::SchemaField* f = schema_->FindField(name);
      if (!f) return Status::NotFound("column '{}' does not exist", name);
      fields_.push_back(*f);
    }
  }
  own_cursor_ = std::make_unique<Cursor>(this);
  return Status::OK();
}

std::string PartitionKey(const iceberg::DataFile& file) {
  std::string key = std::to_string(file.spec_id);
  for (const auto& v : file.partition) key += '\x1f' + v.ToString();
  return key;
}

namespace {

/// Partition counts of snapshots already counted, by manifest list (one per
/// snapshot, never rewritten): a snapshot's manifests are read for it once.
class PartitionCountCache {
 public:
  std::optional<int64_t> Find(const std::string& manifest_list) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = counts_.find(manifest_list);
    if (it == counts_.end()) return std::nullopt;
    return it->second;
  }
  void Add(const std::string& manifest_list, int64_t count) {
    std::lock_guard<std::mutex> lock(mu_);
    if (counts_.size() >= kMaxEntries) counts_.clear();
    counts_[manifest_list] = count;
  }

 private:
  static constexpr size_t kMaxEntries = 4096;
  std::mutex mu_;
  std::unordered_map<std::string, int64_t> counts_;
};

PartitionCountCache& PartitionCounts() {
  static PartitionCountCache* cache = new PartitionCountCache();  // never freed: used until exit
  return *cache;
}

}  // namespace

Result<int64_t> TableReader::PartitionsTotal() const {
  if (!pruned_ || !metadata_ || !snapshot_) return metrics().partitions_read;
  if (auto known = PartitionCounts().Find(snapshot_->manifest_list)) return *known;
  iceberg::ScanRequest request;
  request.snapshot_id = snapshot_->snapshot_id;
  TRIB_ASSIGN_OR_RETURN(iceberg::ScanPlan all, iceberg::PlanFiles(*metadata_, request));
  std::set<std::string> partitions;
  for (const auto& f : all.files) partitions.insert(PartitionKey(*f.file));
  const auto count = static_cast<int64_t>(partitions.size());
  PartitionCounts().Add(snapshot_->manifest_list, count);
  return count;
}

TableScanMetrics TableReader::metrics() const {
  std::lock_guard<std::mutex> lock(mu_);
  return metrics_;
}

std::vector<LogicalType> TableReader::types() const {
  std::vector<LogicalType> out;
  for (const auto& f : fields_) out.push_back(f.type);
  return out;
}

Result<std::shared_ptr<const TableReader::FilePlan>> TableReader::OpenNextFileLocked() {
  auto plan = std::make_shared<FilePlan>();
  plan->ordinal = next_file_++;
  TRIB_ASSIGN_OR_RETURN(plan->reader, parquet::FileReader::Open(files_[plan->ordinal]->path));
  const auto& file_schema = plan->reader->schema();
  // Project by field id; a field the file lacks (added later) reads as NULL.
  plan->source_of_output.assign(fields_.size(), -1);
  for (size_t o = 0; o < fields_.size(); o++) {
    for (size_t c = 0; c < file_schema.size(); c++) {
      if (file_schema[c].field_id == fields_[o].id) {
        plan->source_of_output[o] = static_cast<int>(plan->columns.size());
        plan->columns.push_back(static_cast<int>(c));
        break;
      }
    }
  }
  // Row positions must count every row group, so a scan with row ids prunes
  // whole files only.
  std::vector<ColumnPredicate> predicates;
  if (!options_.row_ids) predicates = FilePredicates(*schema_, file_schema, options_.predicates);
  plan->row_groups = plan->reader->PruneRowGroups(predicates);
  int64_t position = 0;
  for (int g = 0; g < plan->reader->num_row_groups(); g++) {
    plan->first_row.push_back(position);
    position += plan->reader->row_group_rows(g);
  }
  metrics_.files_read++;
  metrics_.row_groups_total += plan->reader->num_row_groups();
  return std::shared_ptr<const FilePlan>(std::move(plan));
}

Result<std::optional<TableReader::Morsel>> TableReader::Claim() {
  std::lock_guard<std::mutex> lock(mu_);
  while (!open_ || next_group_ >= open_->row_groups.size()) {
    open_.reset();
    if (next_file_ >= files_.size()) return std::optional<Morsel>();
    TRIB_ASSIGN_OR_RETURN(open_, OpenNextFileLocked());
    next_group_ = 0;
  }
  Morsel morsel{open_, open_->row_groups[next_group_++]};
  // Billed when claimed: the cursor reads every projected chunk of it.
  metrics_.row_groups_read++;
  metrics_.bytes_scanned += open_->projected_bytes(morsel.row_group);
  metrics_.rows_read += open_->reader->row_group_rows(morsel.row_group);
  return std::optional<Morsel>(std::move(morsel));
}

std::unique_ptr<TableReader::Cursor> TableReader::NewCursor() { return std::make_unique<Cursor>(this); }

Result<bool> TableReader::Next(ColumnBatch* out) { return own_cursor_->Next(out); }

Status TableReader::Cursor::Convert(ColumnBatch* in, ColumnBatch* out) {
  const std::vector<iceberg::SchemaField>& fields = reader_->fields_;
  const size_t rows = in->num_rows();
  *out = ColumnBatch();
  for (size_t o = 0; o < fields.size(); o++) {
    const LogicalType& type = fields[o].type;
    int src = file_->source_of_output[o];
    if (src < 0) {
      Vector nulls(type, 1);
      nulls.SetNull(0);
      nulls.MakeConstant();
      out->AddColumn(std::move(nulls));
      continue;
    }
    Vector& v = in->column(static_cast<size_t>(src));
    if (v.type().physical() == type.physical() &&
        (type.physical() != PhysicalType::kInt128 || v.type().scale() == type.scale())) {
      out->AddColumn(std::move(v));
      continue;
    }
    Vector widened(type, std::max<size_t>(rows, 1));
    Status st = Widen(v, rows, type, &widened);
    if (!st.ok()) return st.WithContext(fmt::format("column '{}'", fields[o].name));
    out->AddColumn(std::move(widened));
  }
  if (reader_->options_.row_ids) {
    Vector ids(LogicalType::BigInt(), std::max<size_t>(rows, 1));
    int64_t* data = ids.data<int64_t>();
    const int64_t first = RowIdOf(file_->ordinal, position_);
    for (size_t r = 0; r < rows; r++) data[r] = first + static_cast<int64_t>(r);
    out->AddColumn(std::move(ids));
  }
  position_ += static_cast<int64_t>(rows);
  out->set_num_rows(rows);
  // Its vectors moved to `out`; the scanner must not reuse the husk.
  *in = ColumnBatch();
  return Status::OK();
}

Result<bool> TableReader::Cursor::Next(ColumnBatch* out) {
  while (true) {
    if (!scanner_) {
      TRIB_ASSIGN_OR_RETURN(std::optional<Morsel> morsel, reader_->Claim());
      if (!morsel) return false;
      file_ = std::move(morsel->file);
      parquet::ScanOptions scan;
      scan.columns = file_->columns;
      scan.row_groups = std::vector<int>{morsel->row_group};
      scan.batch_rows = reader_->options_.batch_rows;
      TRIB_ASSIGN_OR_RETURN(scanner_, file_->reader->Scan(std::move(scan)));
      position_ = file_->first_row[static_cast<size_t>(morsel->row_group)];
    }
    TRIB_ASSIGN_OR_RETURN(bool more, scanner_->Next(&file_batch_));
    if (!more) {
      scanner_.reset();
      continue;
    }
    if (file_batch_.num_rows() == 0) continue;
    TRIB_RETURN_NOT_OK(Convert(&file_batch_, out));
    return true;
  }
}

}  // namespace tributary
