#include "execution/physical_table_scan.hpp"

#include "common/error.hpp"

namespace tributary::sql {

struct PhysicalTableScan::ScanSource {
  std::mutex mu;
  TableReadOptions options;             // guarded by mu
  std::shared_ptr<TableReader> reader;  // guarded by mu; set by the first Next() of any copy
};

PhysicalTableScan::PhysicalTableScan(ExecutionContext* context, std::shared_ptr<iceberg::Table> table,
                                     std::vector<std::string> columns, std::vector<ColumnPredicate> predicates,
                                     std::shared_ptr<ScanSource> source, bool row_ids,
                                     std::optional<int64_t> snapshot_id)
    : context_(context), table_(std::move(table)), shared_(source != nullptr), count_only_(columns.empty()) {
  source_ = shared_ ? std::move(source) : std::make_shared<ScanSource>();
  std::lock_guard<std::mutex> lock(source_->mu);
  if (!source_->options.columns.empty()) return;  // a copy configured it
  TableReadOptions& options = source_->options;
  options.columns = std::move(columns);
  options.row_ids = row_ids;
  options.snapshot_id = snapshot_id;
  if (count_only_) {
    // The reader reads every column when given none; read the first one.
    options.columns.push_back(table_->metadata()->current_schema()->fields()[0].name);
  }
  options.predicates = std::move(predicates);
  options.batch_rows = context_->vector_size;
}

std::shared_ptr<PhysicalTableScan::ScanSource> PhysicalTableScan::NewSharedSource() {
  return std::make_shared<ScanSource>();
}

PhysicalTableScan::~PhysicalTableScan() {
  if (producer_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    producer_.join();
  }
}

bool PhysicalTableScan::AddRuntimePredicate(ColumnPredicate predicate) {
  std::lock_guard<std::mutex> lock(source_->mu);
  if (source_->reader) return false;
  source_->options.predicates.push_back(std::move(predicate));
  return true;
}

void PhysicalTableScan::OpenLocked() {
  if (source_->reader) return;
  auto reader = TableReader::Open(*table_, source_->options);
  if (!reader.ok()) throw UserError("could not read table " + table_->name() + ": " + reader.status().ToString(), "58030");
  source_->reader = std::move(*reader);
  context_->AddReader(source_->reader);
}

bool PhysicalTableScan::Read(ColumnBatch* out) {
  while (true) {
    ColumnBatch batch;
    // Copies on other threads decode other morsels meanwhile.
    auto more = cursor_->Next(&batch);
    if (!more.ok()) throw UserError("could not read table " + table_->name() + ": " + more.status().ToString(), "58030");
    if (!*more) return false;
    if (batch.selection()) batch = batch.Compact();
    if (batch.num_rows() == 0) continue;
    for (auto& c : batch.columns()) {
      if (c.encoding() != VectorEncoding::kFlat) c.Flatten(batch.num_rows());
    }
    if (count_only_) {
      ColumnBatch empty;
      if (source_->options.row_ids) empty.AddColumn(std::move(batch.columns().back()));
      empty.set_num_rows(batch.num_rows());
      batch = std::move(empty);
    }
    *out = std::move(batch);
    return true;
  }
}

void PhysicalTableScan::Produce() {
  try {
    while (true) {
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stop_ || queue_.size() < kPrefetch; });
        if (stop_) break;
      }
      ColumnBatch batch;
      bool more = Read(&batch);
      std::lock_guard<std::mutex> lock(mu_);
      if (!more) break;
      queue_.push_back(std::move(batch));
      cv_.notify_all();
    }
  } catch (...) {
    std::lock_guard<std::mutex> lock(mu_);
    error_ = std::current_exception();
  }
  std::lock_guard<std::mutex> lock(mu_);
  finished_ = true;
  cv_.notify_all();
}

bool PhysicalTableScan::Next(ColumnBatch* out) {
  context_->CheckInterrupt();
  if (!started_) {
    started_ = true;
    {
      std::lock_guard<std::mutex> lock(source_->mu);
      OpenLocked();
      cursor_ = source_->reader->NewCursor();
    }
    if (context_->threads > 1 && !shared_) producer_ = std::thread([this] { Produce(); });
  }
  if (!producer_.joinable()) return Read(out);
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return !queue_.empty() || finished_; });
  if (!queue_.empty()) {
    *out = std::move(queue_.front());
    queue_.pop_front();
    cv_.notify_all();
    return true;
  }
  if (error_) std::rethrow_exception(error_);
  return false;
}

}  // namespace tributary::sql
