#include "iceberg/snapshot.hpp"

#include <charconv>

namespace tributary::iceberg {

std::string Snapshot::operation() const {
  auto it = summary.find(summary::kOperation);
  return it == summary.end() ? "" : it->second;
}

int64_t Snapshot::SummaryInt(const std::string& key) const {
  auto it = summary.find(key);
  if (it == summary.end()) return 0;
  int64_t v = 0;
  auto r = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  return r.ec == std::errc() ? v : 0;
}

}  // namespace tributary::iceberg
