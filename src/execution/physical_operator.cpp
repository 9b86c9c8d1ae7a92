#include "execution/physical_operator.hpp"

namespace tributary::sql {

ColumnBatch MakeBatch(std::vector<Vector> columns, size_t rows) {
  ColumnBatch batch;
  for (auto& c : columns) batch.AddColumn(std::move(c));
  batch.set_num_rows(rows);
  return batch;
}

}  // namespace tributary::sql
