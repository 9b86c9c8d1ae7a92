#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "parquet/parquet_schema.hpp"
#include "types/logical_type.hpp"

namespace tributary::iceberg {

/// The Iceberg primitive types Tributary tables use.
enum class IcebergTypeId : uint8_t {
  kBoolean,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kDecimal,
  kDate,
  kTimestamp,
  kTimestampTz,
  kString,
};

struct IcebergType {
  IcebergTypeId id = IcebergTypeId::kInt;
  int precision = 0;  // decimal only
  int scale = 0;      // decimal only

  /// The spec's spelling: "int", "decimal(12,2)", "timestamptz".
  std::string ToString() const;
  static Result<IcebergType> Parse(std::string_view name);
  friend bool operator==(const IcebergType&, const IcebergType&) = default;
};

/// SQL → Iceberg: boolean, smallint/integer→int, bigint→long, real→float,
/// double→double, numeric(p,s)→decimal(p,s), text/varchar(n)→string, date,
/// timestamp, timestamptz.
Result<IcebergType> ToIcebergType(const LogicalType& type);
/// Iceberg → SQL when no exact SQL type was recorded (int→integer, long→bigint,
/// string→text, …).
LogicalType DefaultLogicalType(const IcebergType& type);
/// The type promotions the spec allows: int→long, float→double,
/// decimal(p,s)→decimal(p',s) with p' > p.
bool IsAllowedPromotion(const IcebergType& from, const IcebergType& to);

/// Table property that records the exact SQL type of a field, since Iceberg
/// has no smallint or varchar(n): "tributary.sql-type.<field-id>".
std::string SqlTypePropertyKey(int32_t field_id);

/// One top-level column. Tributary tables are flat.
struct SchemaField {
  int32_t id = 0;
  std::string name;
  LogicalType type;  // the exact SQL type; its Iceberg type is derived
  bool required = false;
  std::string doc;

  /// Never fails for a field inside a Schema (validated on construction).
  IcebergType iceberg_type() const;
};

/// An immutable table schema; fields keep their ids for life (renames and
/// reorders never change ids, a dropped id is never reused).
class Schema {
 public:
  /// Fails on duplicate ids or names, ids < 1, or SQL types without an
  /// Iceberg mapping.
  static Result<std::shared_ptr<const Schema>> Make(int32_t schema_id, std::vector<SchemaField> fields,
                                                    std::vector<int32_t> identifier_field_ids = {});
  /// Assigns ids 1..n in order; for creating tables.
  static Result<std::shared_ptr<const Schema>> FromColumns(
      const std::vector<std::pair<std::string, LogicalType>>& columns);

  int32_t schema_id() const { return schema_id_; }
  const std::vector<SchemaField>& fields() const { return fields_; }
  const std::vector<int32_t>& identifier_field_ids() const { return identifier_field_ids_; }
  /// nullptr when absent. Name lookup is exact (case-sensitive).
  const SchemaField* FindField(int32_t id) const;
  const SchemaField* FindField(std::string_view name) const;
  /// Position of a field in fields(), or -1.
  int IndexOf(int32_t id) const;
  int32_t HighestFieldId() const;

  /// Parquet columns with field ids, in schema order, for FileWriter::Open.
  std::vector<parquet::ColumnSpec> ToColumnSpecs() const;

  /// The spec's schema JSON: {"type":"struct","schema-id":..,"fields":[..]}.
  std::string ToJson() const;
  /// Parses a schema JSON object. Field SQL types are the defaults for their
  /// Iceberg types; TableMetadata re-applies recorded SQL types.
  static Result<std::shared_ptr<const Schema>> FromJson(std::string_view json);

  /// Same fields (ids, names, types, required) regardless of schema id.
  bool SameFields(const Schema& other) const;

 private:
  Schema() = default;
  int32_t schema_id_ = 0;
  std::vector<SchemaField> fields_;
  std::vector<int32_t> identifier_field_ids_;
};

}  // namespace tributary::iceberg
