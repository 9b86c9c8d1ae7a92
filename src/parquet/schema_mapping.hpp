#pragma once

#include <cstdint>

#include "common/status.hpp"
#include "parquet/parquet_metadata.hpp"
#include "parquet/parquet_schema.hpp"

namespace tributary::parquet {

/// How a Parquet leaf's physical values become a vector's values.
enum class Conversion : uint8_t {
  kNone,             // same representation (BOOLEAN, INT32, INT64, FLOAT, DOUBLE)
  kInt32ToInt16,     // SMALLINT from INT32 (INT(8|16), UINT_8)
  kUInt32ToInt64,    // BIGINT from unsigned INT32
  kInt32ToInt128,    // NUMERIC from INT32 decimal
  kInt64ToInt128,    // NUMERIC from INT64 decimal
  kUInt64ToInt128,   // NUMERIC(20,0) from unsigned INT64
  kMillisToMicros,   // TIMESTAMP from INT64 millis
  kNanosToMicros,    // TIMESTAMP from INT64 nanos (floor)
  kFixedToInt128,    // NUMERIC from big-endian FIXED_LEN_BYTE_ARRAY
  kBinaryToInt128,   // NUMERIC from big-endian BYTE_ARRAY
  kString,           // VARCHAR from BYTE_ARRAY
};

/// One flat column as stored in a file: its SQL form and how to read it.
struct LeafColumn {
  ColumnSpec spec;
  Type physical = Type::kInt32;
  int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY width
  Conversion conversion = Conversion::kNone;
  /// Statistics' min_value/max_value use unsigned order (UINT_*), which
  /// legacy min/max do not.
  bool unsigned_order = false;
};

/// The Parquet schema element Tributary writes for `spec` (see docs/parquet.md
/// for the mapping). Fails for types Parquet cannot hold (NULL).
Result<SchemaElement> ToSchemaElement(const ColumnSpec& spec);

/// Maps a leaf schema element back to a SQL column, accepting the common
/// forms other writers use. NotSupported (naming the column) for nested,
/// repeated and unmapped types.
Result<LeafColumn> FromSchemaElement(const SchemaElement& element);

}  // namespace tributary::parquet
