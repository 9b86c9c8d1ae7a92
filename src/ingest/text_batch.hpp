#pragma once
// Sources that deliver text (PostgreSQL COPY, the MariaDB text protocol,
// SQLite, CSV) collect a batch of cells here and get typed vectors back.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "vector/column_batch.hpp"

namespace tributary::ingest {

/// Accumulates up to kBatchSize rows of text cells (or NULLs), then casts
/// each column to its type the way an INSERT of a text literal would
/// (function/cast.hpp, assignment rules: VARCHAR(n) does not truncate).
///
/// Usage per row: StartRow, then Set or SetNull for every column, in any
/// order; a cell left unset is NULL. Cells are copied, so the caller's buffer
/// may be reused at once. Extra memory: the text of one batch.
class TextBatchBuilder {
 public:
  /// `types`: the type of each column of the batches built; `names`: the
  /// column names, for messages. `row_word` names a row in messages ("row",
  /// or "line" for a file read line by line).
  TextBatchBuilder(std::vector<LogicalType> types, std::vector<std::string> names, std::string row_word = "row");

  size_t num_columns() const { return types_.size(); }
  /// Rows started since the last Finish.
  size_t rows() const { return rows_; }
  bool full() const { return rows_ >= kBatchSize; }

  /// Starts the next row; `number` identifies it in messages (1-based row
  /// of the extract, or a line of a file). Call only when !full().
  void StartRow(int64_t number);
  void Set(size_t column, std::string_view text);
  void SetNull(size_t column);

  /// Casts the rows started since the last Finish into `batch` (replaced:
  /// dense, one flat vector per column) and starts over. A value that does
  /// not convert fails naming the row, the column and the value:
  /// `read row 12 column "qty" (value "12x"): invalid input syntax for type
  /// integer: "12x"`; `batch` is then unspecified.
  Status Finish(ColumnBatch* batch);

 private:
  void StartBatch();

  std::vector<LogicalType> types_;
  std::vector<std::string> names_;
  std::string row_word_;
  std::vector<Vector> text_;      // one VARCHAR vector per column
  std::vector<int64_t> numbers_;  // each row's number, for messages
  size_t rows_ = 0;
};

}  // namespace tributary::ingest
