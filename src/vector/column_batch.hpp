#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vector/vector.hpp"

namespace tributary {

/// A set of equally long column vectors: the unit that flows between
/// storage and execution. When `selection` is set, only the rows it names are
/// live; `num_rows` still counts the physical rows.
class ColumnBatch {
 public:
  ColumnBatch() = default;
  ColumnBatch(const std::vector<LogicalType>& types, size_t capacity);
  ColumnBatch(ColumnBatch&&) noexcept = default;
  ColumnBatch& operator=(ColumnBatch&&) noexcept = default;

  size_t num_columns() const { return columns_.size(); }
  size_t num_rows() const { return num_rows_; }
  void set_num_rows(size_t n) { num_rows_ = n; }
  /// Rows a consumer sees: the selection's size when there is one.
  size_t live_rows() const { return selection_ ? selection_->size() : num_rows_; }
  size_t capacity() const { return capacity_; }

  Vector& column(size_t i) { return columns_[i]; }
  const Vector& column(size_t i) const { return columns_[i]; }
  std::vector<Vector>& columns() { return columns_; }
  void AddColumn(Vector v) { columns_.push_back(std::move(v)); }
  std::vector<LogicalType> types() const;

  const std::optional<SelectionVector>& selection() const { return selection_; }
  void set_selection(SelectionVector sel) { selection_ = std::move(sel); }
  void clear_selection() { selection_.reset(); }

  /// Copies the live rows into a dense, flat batch (no selection, no
  /// dictionaries). Strings are shared, not copied.
  ColumnBatch Compact() const;
  /// Appends the live rows of `other` (same types) as flat values.
  void Append(const ColumnBatch& other);
  /// How appended strings are held.
  enum class Strings : uint8_t {
    kShare,  // point into `other`'s heaps, which this batch keeps alive
    kCopy,   // copied into this batch's own heaps: `other`'s can go
  };
  /// Appends physical rows `rows[0..count)` of `other` (same types), in that
  /// order, ignoring `other`'s selection.
  void AppendRows(const ColumnBatch& other, const uint32_t* rows, size_t count, Strings strings = Strings::kShare);

  /// Keeps only physical rows `rows` (ascending, without a selection), as a
  /// dense batch. Free when every row is kept.
  void KeepRows(const std::vector<uint32_t>& rows);

  /// Row `row` (a live-row index) as text values; for tests and debugging.
  std::vector<Value> GetRow(size_t row) const;
  std::string ToString(size_t max_rows = 20) const;

 private:
  std::vector<Vector> columns_;
  size_t num_rows_ = 0;
  size_t capacity_ = 0;
  std::optional<SelectionVector> selection_;
};

}  // namespace tributary
