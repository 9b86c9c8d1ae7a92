#include "execution/physical_series.hpp"

#include "execution/expression_executor.hpp"
#include "parser/sql_error.hpp"
#include "types/interval.hpp"

namespace tributary::sql {

PhysicalSeries::PhysicalSeries(ExecutionContext* context, PhysicalPtr child, std::vector<const BoundExpr*> arguments,
                               LogicalType type)
    : context_(context), child_(std::move(child)), arguments_(std::move(arguments)), type_(std::move(type)) {}

bool PhysicalSeries::NextInput() {
  if (!child_->Next(&input_)) return false;
  values_.clear();
  for (const BoundExpr* a : arguments_) values_.push_back(ExpressionExecutor::Evaluate(*a, input_));
  for (auto& v : values_) v.Flatten(input_.num_rows());
  row_ = 0;
  in_row_ = false;
  return true;
}

namespace {

bool IsTimestamp(const LogicalType& t) {
  return t.id() == TypeId::kTimestamp || t.id() == TypeId::kTimestampTz;
}

int64_t IntegerAt(const Vector& v, size_t row) {
  switch (v.type().physical()) {
    case PhysicalType::kInt16: return v.data<int16_t>()[row];
    case PhysicalType::kInt32: return v.data<int32_t>()[row];
    default: return v.data<int64_t>()[row];
  }
}

}  // namespace

bool PhysicalSeries::StartRow() {
  for (const auto& v : values_) {
    if (v.IsNull(row_)) return false;
  }
  current_ = IntegerAt(values_[0], row_);
  const int64_t stop = IntegerAt(values_[1], row_);
  if (IsTimestamp(type_)) {
    const interval_t step = values_[2].data<interval_t>()[row_];
    if (step.Span() == 0) throw SqlError("step size cannot equal zero", "22023");
    return step.Span() > 0 ? current_ <= stop : current_ >= stop;
  }
  const int64_t step = values_.size() > 2 ? IntegerAt(values_[2], row_) : 1;
  if (step == 0) throw SqlError("step size cannot equal zero", "22023");
  return step > 0 ? current_ <= stop : current_ >= stop;
}

bool PhysicalSeries::Step() {
  const int64_t stop = IntegerAt(values_[1], row_);
  if (IsTimestamp(type_)) {
    const interval_t step = values_[2].data<interval_t>()[row_];
    int64_t next = 0;
    if (!interval::AddToTimestamp(current_, step, &next)) throw SqlError("timestamp out of range", "22008");
    current_ = next;
    return step.Span() > 0 ? current_ <= stop : current_ >= stop;
  }
  const int64_t step = values_.size() > 2 ? IntegerAt(values_[2], row_) : 1;
  int64_t next = 0;
  // A step past the type's range ends the series (PostgreSQL's rule).
  if (__builtin_add_overflow(current_, step, &next)) return false;
  if (type_.physical() == PhysicalType::kInt32 && (next < INT32_MIN || next > INT32_MAX)) return false;
  current_ = next;
  return step > 0 ? current_ <= stop : current_ >= stop;
}

bool PhysicalSeries::Next(ColumnBatch* out) {
  const size_t capacity = context_->vector_size;
  std::vector<uint32_t> rows;  // the input row of each output row
  Vector series(type_, capacity);
  while (rows.size() < capacity && !done_) {
    if (!in_row_) {
      if (row_ >= input_.num_rows()) {
        if (!rows.empty()) break;  // the output rows point into this input batch
        if (!NextInput()) {
          done_ = true;
          break;
        }
        if (input_.num_rows() == 0) continue;
      }
      in_row_ = StartRow();
      if (!in_row_) {
        row_++;
        continue;
      }
    }
    const size_t k = rows.size();
    if (type_.physical() == PhysicalType::kInt32) {
      series.data<int32_t>()[k] = static_cast<int32_t>(current_);
    } else {
      series.data<int64_t>()[k] = current_;
    }
    rows.push_back(static_cast<uint32_t>(row_));
    if (!Step()) {
      in_row_ = false;
      row_++;
    }
  }
  if (rows.empty()) return false;
  context_->CheckInterrupt();
  ColumnBatch batch(input_.types(), rows.size());
  batch.AppendRows(input_, rows.data(), rows.size());
  std::vector<Vector> columns = std::move(batch.columns());
  columns.push_back(std::move(series));
  *out = MakeBatch(std::move(columns), rows.size());
  return true;
}

}  // namespace tributary::sql
