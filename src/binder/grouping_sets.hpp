#pragma once

#include <functional>
#include <vector>

#include "parser/ast.hpp"

namespace tributary::sql {

/// The grouping sets of a GROUP BY list that uses ROLLUP, CUBE, GROUPING
/// SETS or (), as PostgreSQL forms them: each item gives a list of sets
/// (an expression one set of itself, ROLLUP(a, b) (a, b), (a), (), CUBE
/// every subset, GROUPING SETS the concatenation of its items' lists), and
/// the list is the cross product of its items' lists. A set is the sorted
/// positions `bind` gives its expressions. Duplicate sets stay (PostgreSQL
/// outputs their groups twice) unless GROUP BY DISTINCT. More than 4096
/// sets, fail with 54001, a CUBE of more than 12 elements with 54011, as in PostgreSQL.
std::vector<std::vector<int>> ExpandGroupingSets(const SelectStatement& select,
                                                 const std::function<int(const Expr&)>& bind);

}  // namespace tributary::sql
