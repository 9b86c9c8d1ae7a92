#pragma once

#include <cstdint>
#include <functional>

#include "vector/vector.hpp"

namespace tributary::sql {

/// A typed three-way comparison (-1, 0, 1) of two rows of one flat column,
/// for rows that are not NULL. Strings compare bytewise; NaN sorts above
/// every number.
using RowComparator = std::function<int(uint32_t, uint32_t)>;

RowComparator ComparatorFor(const Vector& v);

}  // namespace tributary::sql
