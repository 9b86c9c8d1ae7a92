#include "main/connection.hpp"

namespace tributary {

QueryResult QueryResult::Error(QueryError error) {
  QueryResult r;
  r.error_ = std::move(error);
  return r;
}

QueryResult QueryResult::Rows(std::vector<std::string> names, std::vector<LogicalType> types,
                              std::vector<ColumnBatch> batches, std::string command_tag) {
  QueryResult r;
  r.names_ = std::move(names);
  r.types_ = std::move(types);
  r.batches_ = std::move(batches);
  r.command_tag_ = std::move(command_tag);
  return r;
}

QueryResult QueryResult::Command(std::string command_tag) {
  QueryResult r;
  r.command_tag_ = std::move(command_tag);
  return r;
}

size_t QueryResult::row_count() const {
  size_t n = 0;
  for (const auto& b : batches_) n += b.num_rows();
  return n;
}

std::optional<std::string> QueryResult::GetText(size_t row, size_t column) const {
  for (const auto& b : batches_) {
    if (row < b.num_rows()) {
      const Vector& v = b.column(column);
      if (v.IsNull(row)) return std::nullopt;
      return v.GetValue(row).ToString();
    }
    row -= b.num_rows();
  }
  return std::nullopt;
}

}  // namespace tributary
