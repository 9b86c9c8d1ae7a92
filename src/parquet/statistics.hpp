#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "parquet/parquet_metadata.hpp"
#include "parquet/schema_mapping.hpp"
#include "storage/column_predicate.hpp"
#include "types/value.hpp"

namespace tributary::parquet {

/// Decodes one plain-encoded statistics bound of `column` into a Value of
/// its SQL type. nullopt when the bytes are unusable (wrong length, NaN, out
/// of the SQL type's range): an unknown bound, never a wrong one.
std::optional<Value> DecodeStatisticsValue(const LeafColumn& column, std::string_view bytes);

/// Turns a chunk's (or page's) statistics into bounds usable for pruning.
/// `num_values` is the chunk's value count; `type_defined_order` says the
/// footer's ColumnOrder is one this reader knows. Legacy min/max are used
/// only where their signed order agrees with the column's order; bounds
/// that contradict each other are dropped.
ColumnStatistics DecodeStatistics(const LeafColumn& column, const Statistics* stats, int64_t num_values,
                                  bool type_defined_order);

}  // namespace tributary::parquet
