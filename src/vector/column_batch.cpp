#include "vector/column_batch.hpp"

#include <cstring>

#include "common/error.hpp"

namespace tributary {

ColumnBatch::ColumnBatch(const std::vector<LogicalType>& types, size_t capacity) : capacity_(capacity) {
  columns_.reserve(types.size());
  for (const auto& t : types) columns_.emplace_back(t, capacity);
}

std::vector<LogicalType> ColumnBatch::types() const {
  std::vector<LogicalType> out;
  out.reserve(columns_.size());
  for (const auto& c : columns_) out.push_back(c.type());
  return out;
}

namespace {

// Copies `count` rows of `src`, chosen by `rows` (or 0..count when null),
// into flat `dst` starting at `dst_offset`.
// A value of `kWidth` bytes, copied as one load and store.
template <size_t kWidth>
struct Bytes {
  uint8_t b[kWidth];
};

// out[i] = in[rows[i]] (or in[idx[rows[i]]] through dictionary indices).
template <size_t kWidth>
void GatherValues(const uint8_t* in, const uint32_t* idx, const uint32_t* rows, size_t count, uint8_t* out) {
  using T = Bytes<kWidth>;
  const T* s = reinterpret_cast<const T*>(in);
  T* d = reinterpret_cast<T*>(out);
  if (idx != nullptr) {
    for (size_t i = 0; i < count; i++) d[i] = s[idx[rows ? rows[i] : i]];
  } else if (rows != nullptr) {
    for (size_t i = 0; i < count; i++) d[i] = s[rows[i]];
  } else {
    std::memcpy(d, s, count * kWidth);
  }
}

// Makes the strings just copied to dst[dst_offset, +count) safe to keep:
// either dst's heap keeps `values`' heap alive, or each string is copied
// into dst's own heap.
void HoldStrings(const Vector* values, Vector* dst, size_t dst_offset, size_t count, ColumnBatch::Strings strings) {
  if (strings == ColumnBatch::Strings::kShare) {
    dst->heap().KeepAlive(values->shared_heap());
    return;
  }
  StringRef* out = dst->data<StringRef>() + dst_offset;
  StringHeap& heap = dst->heap();
  const bool all_valid = dst->validity().AllValid();
  for (size_t i = 0; i < count; i++) {
    if (out[i].size == 0 || (!all_valid && dst->IsNull(dst_offset + i))) continue;
    out[i] = heap.Add(out[i].view());
  }
}

// The common case of CopyRows, a value-width loop without per-row checks:
// no NULL in `src` and none yet in `dst`. False when it does not apply.
bool CopyValidRows(const Vector& src, const uint32_t* rows, size_t count, Vector* dst, size_t dst_offset,
                   ColumnBatch::Strings strings) {
  if (src.encoding() == VectorEncoding::kConstant || !src.validity().AllValid() || !dst->validity().AllValid()) {
    return false;
  }
  const Vector* values = &src;
  const uint32_t* idx = nullptr;
  if (src.encoding() == VectorEncoding::kDictionary) {
    values = &src.dictionary();
    idx = src.indices();
    if (!values->validity().AllValid()) return false;
  }
  const size_t width = src.type().value_size();
  const uint8_t* in = values->raw_data();
  uint8_t* out = dst->raw_data() + dst_offset * width;
  switch (width) {
    case 1: GatherValues<1>(in, idx, rows, count, out); break;
    case 2: GatherValues<2>(in, idx, rows, count, out); break;
    case 4: GatherValues<4>(in, idx, rows, count, out); break;
    case 8: GatherValues<8>(in, idx, rows, count, out); break;
    case 16: GatherValues<16>(in, idx, rows, count, out); break;
    default: return false;
  }
  if (src.type().physical() == PhysicalType::kString) HoldStrings(values, dst, dst_offset, count, strings);
  return true;
}

void CopyRows(const Vector& src, const uint32_t* rows, size_t count, Vector* dst, size_t dst_offset,
              ColumnBatch::Strings strings = ColumnBatch::Strings::kShare) {
  if (CopyValidRows(src, rows, count, dst, dst_offset, strings)) return;
  size_t width = src.type().value_size();
  const Vector* values = &src;
  const uint32_t* dict_idx = nullptr;
  if (src.encoding() == VectorEncoding::kDictionary) {
    values = &src.dictionary();
    dict_idx = src.indices();
  }
  const uint8_t* in = values->raw_data();
  uint8_t* out = dst->raw_data();
  for (size_t i = 0; i < count; i++) {
    size_t row = rows ? rows[i] : i;
    size_t at = dst_offset + i;
    if (src.IsNull(row)) {
      dst->SetNull(at);
      std::memset(out + at * width, 0, width);
      continue;
    }
    dst->validity().SetValid(at);
    size_t from = src.encoding() == VectorEncoding::kConstant ? 0 : (dict_idx ? dict_idx[row] : row);
    std::memcpy(out + at * width, in + from * width, width);
  }
  if (src.type().physical() == PhysicalType::kString) HoldStrings(values, dst, dst_offset, count, strings);
}

}  // namespace

ColumnBatch ColumnBatch::Compact() const {
  size_t n = live_rows();
  ColumnBatch out(types(), std::max<size_t>(n, 1));
  const uint32_t* rows = selection_ ? selection_->data() : nullptr;
  for (size_t c = 0; c < columns_.size(); c++) CopyRows(columns_[c], rows, n, &out.columns_[c], 0);
  out.num_rows_ = n;
  return out;
}

void ColumnBatch::Append(const ColumnBatch& other) {
  if (other.selection_) {
    AppendRows(other, other.selection_->data(), other.selection_->size());
    return;
  }
  AppendRows(other, nullptr, other.num_rows_);
}

void ColumnBatch::AppendRows(const ColumnBatch& other, const uint32_t* rows, size_t n, Strings strings) {
  TRIB_CHECK(other.num_columns() == num_columns(), "Append needs batches with the same columns");
  if (num_rows_ + n > capacity_) {
    size_t grown = std::max(num_rows_ + n, capacity_ * 2);
    for (auto& c : columns_) c.Reserve(grown, num_rows_);
    capacity_ = grown;
  }
  for (auto& c : columns_) c.Flatten(num_rows_);
  for (size_t c = 0; c < columns_.size(); c++) CopyRows(other.columns_[c], rows, n, &columns_[c], num_rows_, strings);
  num_rows_ += n;
}

void ColumnBatch::KeepRows(const std::vector<uint32_t>& rows) {
  if (rows.size() == num_rows_ && !selection_) return;
  ColumnBatch dense(types(), std::max<size_t>(rows.size(), 1));
  dense.AppendRows(*this, rows.data(), rows.size());
  *this = std::move(dense);
}

std::vector<Value> ColumnBatch::GetRow(size_t row) const {
  size_t physical = selection_ ? (*selection_)[row] : row;
  std::vector<Value> out;
  out.reserve(columns_.size());
  for (const auto& c : columns_) out.push_back(c.GetValue(physical));
  return out;
}

std::string ColumnBatch::ToString(size_t max_rows) const {
  std::string out;
  size_t n = std::min(live_rows(), max_rows);
  for (size_t r = 0; r < n; r++) {
    auto values = GetRow(r);
    for (size_t c = 0; c < values.size(); c++) {
      if (c) out += " | ";
      out += values[c].ToString();
    }
    out += '\n';
  }
  if (live_rows() > n) out += fmt::format("... {} more rows\n", live_rows() - n);
  return out;
}

}  // namespace tributary
