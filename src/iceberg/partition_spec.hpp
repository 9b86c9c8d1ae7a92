#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "iceberg/schema.hpp"
#include "iceberg/transform.hpp"
#include "storage/column_predicate.hpp"
#include "types/value.hpp"

namespace tributary::iceberg {

struct PartitionField {
  int32_t source_id = 0;  // schema field id
  int32_t field_id = 0;   // partition field id, from 1000 up
  std::string name;
  Transform transform = Transform::Identity();

  friend bool operator==(const PartitionField&, const PartitionField&) = default;
};

/// A partition tuple: one value per partition field, in spec order, each of
/// the field's result SQL type (NULL included).
using PartitionValues = std::vector<Value>;

/// Partition spec ids start at 0; partition field ids at 1000.
constexpr int32_t kFirstPartitionFieldId = 1000;

/// An immutable partition spec.
class PartitionSpec {
 public:
  static std::shared_ptr<const PartitionSpec> Unpartitioned(int32_t spec_id = 0);
  /// Validates source ids against `schema`, transforms against source types
  /// and name uniqueness.
  static Result<std::shared_ptr<const PartitionSpec>> Make(const Schema& schema, int32_t spec_id,
                                                           std::vector<PartitionField> fields);

  /// Builds a spec by column name; field ids are assigned from
  /// `first_field_id` and names default to "<column>_<suffix>"
  /// ("order_date_day", "id_bucket"; identity keeps the column name).
  class Builder {
   public:
    explicit Builder(std::shared_ptr<const Schema> schema, int32_t spec_id = 0,
                     int32_t first_field_id = kFirstPartitionFieldId);
    Builder& Add(std::string_view column, Transform transform, std::string name = "");
    Builder& Identity(std::string_view column) { return Add(column, Transform::Identity()); }
    Builder& Year(std::string_view column) { return Add(column, Transform::Year()); }
    Builder& Month(std::string_view column) { return Add(column, Transform::Month()); }
    Builder& Day(std::string_view column) { return Add(column, Transform::Day()); }
    Builder& Hour(std::string_view column) { return Add(column, Transform::Hour()); }
    Builder& Bucket(std::string_view column, int32_t n) { return Add(column, Transform::Bucket(n)); }
    Builder& Truncate(std::string_view column, int32_t w) { return Add(column, Transform::Truncate(w)); }
    /// Fails naming the first unknown column or invalid transform.
    Result<std::shared_ptr<const PartitionSpec>> Build() const;

   private:
    std::shared_ptr<const Schema> schema_;
    int32_t spec_id_;
    int32_t next_field_id_;
    std::vector<PartitionField> fields_;
    Status error_;
  };

  int32_t spec_id() const { return spec_id_; }
  const std::vector<PartitionField>& fields() const { return fields_; }
  bool is_unpartitioned() const;
  /// Highest partition field id, or kFirstPartitionFieldId - 1 when none.
  int32_t LastFieldId() const;

  /// The Iceberg result type of each partition field.
  Result<std::vector<IcebergType>> ResultTypes(const Schema& schema) const;
  /// The SQL type partition values of each field carry.
  Result<std::vector<LogicalType>> ResultLogicalTypes(const Schema& schema) const;

  /// A row's partition tuple. `row` holds one value per schema field, in
  /// schema.fields() order.
  Result<PartitionValues> PartitionFor(const Schema& schema, std::span<const Value> row) const;

  /// "order_date_day=2024-01-02/region=EMEA", values URL-escaped; empty for
  /// an unpartitioned spec.
  std::string PartitionPath(const PartitionValues& values) const;

  /// Projects predicates on source field ids (ColumnPredicate::column = field
  /// id) to predicates on partition field ids, inclusively. Predicates that
  /// do not project are dropped (they cannot prune by partition).
  std::vector<ColumnPredicate> Project(const std::vector<ColumnPredicate>& predicates) const;
  /// False only when `projected` (from Project) prove no row of a file with
  /// partition tuple `values` can match.
  bool MayMatch(const std::vector<ColumnPredicate>& projected, const PartitionValues& values) const;

  /// {"spec-id":0,"fields":[{"name":..,"transform":..,"source-id":..,"field-id":..}]}
  std::string ToJson() const;
  /// Just the fields array, as manifest metadata "partition-spec" carries it.
  std::string FieldsJson() const;
  static Result<std::shared_ptr<const PartitionSpec>> FromJson(std::string_view json);

  /// Same fields (ignoring spec id).
  bool SameFields(const PartitionSpec& other) const { return fields_ == other.fields_; }

 private:
  PartitionSpec() = default;
  int32_t spec_id_ = 0;
  std::vector<PartitionField> fields_;
};

/// Escapes a partition value for a path segment: everything but
/// [A-Za-z0-9._~-] becomes %XX.
std::string EscapePartitionValue(std::string_view value);

}  // namespace tributary::iceberg
