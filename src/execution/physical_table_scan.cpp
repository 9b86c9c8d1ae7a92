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
  if (reader_) return false;
  options_.predicates.push_back(std::move(predicate));
  return true;
}

void PhysicalTableScan::Open() {
  auto reader = TableReader::Open(*table_, options_);
  if (!reader.ok()) throw UserError("could not read table " + table_->name() + ": " + reader.status().ToString(), "58030");
  reader_ = std::move(*reader);
  context_->readers.push_back(reader_);
}

bool PhysicalTableScan::Read(ColumnBatch* out) {
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
  if (!reader_) {
    Open();
    if (context_->threads > 1) producer_ = std::thread([this] { Produce(); });
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
