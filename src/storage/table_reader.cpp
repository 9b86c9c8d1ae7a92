#include "storage/table_reader.hpp"

#include <algorithm>

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
  // Read with the current schema: a time-travelled snapshot's files are
  // mapped by field id like any other.
  TRIB_RETURN_NOT_OK(reader->Init(metadata->current_schema(), std::move(options)));
  return reader;
}

Result<std::unique_ptr<TableReader>> TableReader::ForFiles(std::shared_ptr<const iceberg::Schema> schema,
                                                           std::vector<iceberg::DataFile> files,
                                                           TableReadOptions options) {
  std::unique_ptr<TableReader> reader(new TableReader());
  reader->files_ = std::move(files);
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
  return Status::OK();
}

TableScanMetrics TableReader::metrics() const {
  TableScanMetrics m = metrics_;
  if (scanner_) {
    const parquet::ScanMetrics& f = scanner_->metrics();
    m.row_groups_total += f.row_groups_total;
    m.row_groups_read += f.row_groups_read;
    m.bytes_scanned += f.bytes_read;
    m.rows_read += f.rows_read;
  }
  return m;
}

std::vector<LogicalType> TableReader::types() const {
  std::vector<LogicalType> out;
  for (const auto& f : fields_) out.push_back(f.type);
  return out;
}

Status TableReader::OpenNextFile() {
  const iceberg::DataFile& file = files_[next_file_++];
  TRIB_ASSIGN_OR_RETURN(auto reader, parquet::FileReader::Open(file.path));
  const auto& file_schema = reader->schema();
  // Project by field id; a field the file lacks (added later) reads as NULL.
  parquet::ScanOptions scan;
  scan.batch_rows = options_.batch_rows;
  source_of_output_.assign(fields_.size(), -1);
  for (size_t o = 0; o < fields_.size(); o++) {
    for (size_t c = 0; c < file_schema.size(); c++) {
      if (file_schema[c].field_id == fields_[o].id) {
        source_of_output_[o] = static_cast<int>(scan.columns.size());
        scan.columns.push_back(static_cast<int>(c));
        break;
      }
    }
  }
  // Row positions must count every row group, so a scan with row ids prunes
  // whole files only.
  if (!options_.row_ids) scan.predicates = FilePredicates(*schema_, file_schema, options_.predicates);
  Result<std::unique_ptr<parquet::FileScanner>> scanner = reader->Scan(std::move(scan));
  if (!scanner.ok()) return scanner.status();
  scanner_ = std::move(scanner).value();
  position_ = 0;
  metrics_.files_read++;
  return Status::OK();
}

Status TableReader::ConvertBatch(ColumnBatch* in, ColumnBatch* out) {
  const size_t rows = in->num_rows();
  *out = ColumnBatch();
  for (size_t o = 0; o < fields_.size(); o++) {
    const LogicalType& type = fields_[o].type;
    int src = source_of_output_[o];
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
    if (!st.ok()) return st.WithContext(fmt::format("column '{}'", fields_[o].name));
    out->AddColumn(std::move(widened));
  }
  if (options_.row_ids) {
    Vector ids(LogicalType::BigInt(), std::max<size_t>(rows, 1));
    int64_t* data = ids.data<int64_t>();
    const int64_t first = RowIdOf(next_file_ - 1, position_);
    for (size_t r = 0; r < rows; r++) data[r] = first + static_cast<int64_t>(r);
    position_ += static_cast<int64_t>(rows);
    out->AddColumn(std::move(ids));
  }
  out->set_num_rows(rows);
  // Its vectors moved to `out`; the scanner must not reuse the husk.
  *in = ColumnBatch();
  return Status::OK();
}

Result<bool> TableReader::Next(ColumnBatch* out) {
  while (true) {
    if (!scanner_) {
      if (next_file_ >= files_.size()) return false;
      TRIB_RETURN_NOT_OK(OpenNextFile());
    }
    TRIB_ASSIGN_OR_RETURN(bool more, scanner_->Next(&file_batch_));
    if (!more) {
      const parquet::ScanMetrics& m = scanner_->metrics();
      metrics_.row_groups_total += m.row_groups_total;
      metrics_.row_groups_read += m.row_groups_read;
      metrics_.bytes_scanned += m.bytes_read;
      metrics_.rows_read += m.rows_read;
      scanner_.reset();
      continue;
    }
    if (file_batch_.num_rows() == 0) continue;
    TRIB_RETURN_NOT_OK(ConvertBatch(&file_batch_, out));
    return true;
  }
}

}  // namespace tributary
