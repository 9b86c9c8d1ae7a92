#pragma once

#include <string>
#include <vector>

#include "vector/vector.hpp"

namespace tributary::sql {

/// Computes a function over whole vectors: `args` are flat vectors of
/// `count` rows, `out` a flat vector of the result type with room for
/// `count` rows. For strict functions the executor marks a row NULL when
/// any argument is NULL, and the kernel may write anything in such rows.
/// Kernels throw SqlError for bad input (e.g. 22P02, 22003).
using ScalarKernel = void (*)(const std::vector<Vector>& args, size_t count, Vector* out);

/// The result type given the (already coerced) argument types.
using ReturnTypeRule = LogicalType (*)(const std::vector<LogicalType>& args);

/// One overload of a built-in scalar function.
struct ScalarFunction {
  std::string name;
  std::vector<TypeId> arguments;  // exact argument type ids after coercion
  ReturnTypeRule return_type;
  ScalarKernel kernel;
  bool strict = true;
  /// The last argument type repeats: the call takes arguments.size() or
  /// more arguments (concat, concat_ws).
  bool variadic = false;
};

/// Every overload, one registration line each in function_list.cpp.
const std::vector<ScalarFunction>& BuiltinScalarFunctions();

/// True when some overload has this name.
bool IsScalarFunctionName(const std::string& name);

}  // namespace tributary::sql
