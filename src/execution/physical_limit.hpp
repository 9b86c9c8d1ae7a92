#pragma once

#include "execution/physical_operator.hpp"

namespace tributary::sql {

/// Skips `offset` rows, then passes at most `limit` rows (-1: all) and
/// stops pulling from its child once done, so a scan below stops early.
class PhysicalLimit : public PhysicalOperator {
 public:
  PhysicalLimit(PhysicalPtr child, int64_t limit, int64_t offset)
      : child_(std::move(child)), limit_(limit), offset_(offset) {}
  bool Next(ColumnBatch* out) override;

 private:
  PhysicalPtr child_;
  int64_t limit_;
  int64_t offset_;
  int64_t skipped_ = 0;
  int64_t returned_ = 0;
};

}  // namespace tributary::sql
