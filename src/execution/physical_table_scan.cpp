#include "execution/physical_table_scan.hpp"

#include "common/error.hpp"

namespace tributary::sql {

PhysicalTableScan::PhysicalTableScan(ExecutionContext* context, std::shared_ptr<iceberg::Table> table,
                                     std::vector<std::string> columns, std::vector<ColumnPredicate> predicates)
    : context_(context), table_(std::move(table)), count_only_(columns.empty()) {
  options_.columns = std::move(columns);
  if (count_only_) {
    // The reader reads every column when given none; read the first one.
    options_.columns.push_back(table_->metadata()->current_schema()->fields()[0].name);
  }
  options_.predicates = std::move(predicates);
  options_.batch_rows = context_->vector_size;
}

bool PhysicalTableScan::Next(ColumnBatch* out) {
  if (!reader_) {
    auto reader = TableReader::Open(*table_, options_);
    if (!reader.ok()) throw UserError("could not read table " + table_->name() + ": " + reader.status().ToString(), "58030");
    reader_ = std::move(*reader);
    context_->readers.push_back(reader_.get());
  }
  while (true) {
    ColumnBatch batch;
    auto more = reader_->Next(&batch);
    if (!more.ok()) throw UserError("could not read table " + table_->name() + ": " + more.status().ToString(), "58030");
    if (!*more) return false;
    if (batch.selection()) batch = batch.Compact();
    if (batch.num_rows() == 0) continue;
    for (auto& c : batch.columns()) {
      if (c.encoding() != VectorEncoding::kFlat) c.Flatten(batch.num_rows());
    }
    if (count_only_) {
      ColumnBatch empty;
      empty.set_num_rows(batch.num_rows());
      batch = std::move(empty);
    }
    *out = std::move(batch);
    return true;
  }
}

}  // namespace tributary::sql
