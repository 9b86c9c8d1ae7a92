#pragma once

#include <string>
#include <vector>

#include "vector/vector.hpp"

namespace tributary::sql {

/// Encodes the values of several flat key columns, row by row, into byte
/// strings that are equal exactly when the keys are equal (NULL equal to
/// NULL, as GROUP BY and DISTINCT treat it). Column-at-a-time: one typed
/// loop per column appends to every row's key.
void EncodeKeys(const std::vector<const Vector*>& columns, size_t count, std::vector<std::string>* keys);

/// True when any key column is NULL in `row` (a join key that matches nothing).
bool AnyNull(const std::vector<const Vector*>& columns, size_t row);

}  // namespace tributary::sql
