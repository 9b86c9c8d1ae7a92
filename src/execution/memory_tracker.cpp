#include "execution/memory_tracker.hpp"

#include "parser/sql_error.hpp"

namespace tributary::sql {

void MemoryTracker::Exceeded(const char* op) const {
  throw SqlError(std::string("out of memory: ") + op + " needs more than the memory_limit of " +
                     FormatMemorySize(limit_) + " for this query",
                 "53200", -1, "Raise memory_limit (SET memory_limit = '...') or make the query hold fewer rows.");
}

std::string FormatMemorySize(int64_t bytes) {
  if (bytes == 0) return "0";
  static constexpr std::pair<const char*, int64_t> kUnits[] = {
      {"TB", int64_t{1} << 40}, {"GB", int64_t{1} << 30}, {"MB", int64_t{1} << 20}, {"kB", int64_t{1} << 10}};
  for (const auto& [unit, size] : kUnits) {
    if (bytes % size == 0) return std::to_string(bytes / size) + unit;
  }
  return std::to_string(bytes) + "B";
}

int64_t BatchBytes(const ColumnBatch& batch) {
  int64_t bytes = 0;
  for (size_t c = 0; c < batch.num_columns(); c++) {
    const Vector& v = batch.column(c);
    bytes += static_cast<int64_t>(batch.num_rows() * v.type().value_size());
    if (v.type().physical() == PhysicalType::kString && v.encoding() == VectorEncoding::kFlat) {
      const StringRef* s = v.data<StringRef>();
      for (size_t r = 0; r < batch.num_rows(); r++) {
        if (!v.IsNull(r)) bytes += s[r].size;
      }
    }
  }
  return bytes;
}

}  // namespace tributary::sql
