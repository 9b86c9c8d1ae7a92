#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.hpp"
#include "iceberg/schema.hpp"
#include "storage/column_predicate.hpp"
#include "types/value.hpp"

namespace tributary::iceberg {

enum class TransformKind : uint8_t { kIdentity, kBucket, kTruncate, kYear, kMonth, kDay, kHour, kVoid };

/// A partition (or sort) transform as the Iceberg spec defines it.
class Transform {
 public:
  static Transform Identity() { return Transform(TransformKind::kIdentity, 0); }
  static Transform Bucket(int32_t n) { return Transform(TransformKind::kBucket, n); }
  static Transform Truncate(int32_t width) { return Transform(TransformKind::kTruncate, width); }
  static Transform Year() { return Transform(TransformKind::kYear, 0); }
  static Transform Month() { return Transform(TransformKind::kMonth, 0); }
  static Transform Day() { return Transform(TransformKind::kDay, 0); }
  static Transform Hour() { return Transform(TransformKind::kHour, 0); }
  static Transform Void() { return Transform(TransformKind::kVoid, 0); }
  /// Parses "identity", "bucket[16]", "truncate[4]", "year", "month", "day",
  /// "hour", "void".
  static Result<Transform> Parse(std::string_view text);

  TransformKind kind() const { return kind_; }
  /// N of bucket[N], W of truncate[W]; 0 otherwise.
  int32_t param() const { return param_; }
  std::string ToString() const;
  /// Suffix for default partition field names: "bucket", "trunc", "day", …;
  /// empty for identity.
  std::string NameSuffix() const;

  /// Fails naming the type when this transform does not apply to `source`
  /// (e.g. day of a string, truncate of a date).
  Status CheckSource(const IcebergType& source) const;
  /// The spec's result type: bucket→int, year/month/hour→int, day→date,
  /// identity/truncate/void→source.
  Result<IcebergType> ResultType(const IcebergType& source) const;
  /// The SQL type partition values of this transform carry: the source SQL
  /// type for identity/truncate/void, the default for the result type else.
  Result<LogicalType> ResultLogicalType(const LogicalType& source) const;

  /// Applies the transform to a value of the source column's SQL type. NULL
  /// maps to NULL (of the result type); void maps everything to NULL.
  Result<Value> Apply(const Value& value) const;

  /// The value as partition paths spell it: "2024-01-02" for day,
  /// "2024-01" for month, "2024-01-02-10" for hour, "null" for NULL, the
  /// plain value otherwise. Not URL-escaped.
  std::string ToHumanString(const Value& result) const;

  /// Inclusive projection (spec, "Scan Planning"): a predicate on the
  /// partition value that is true whenever `pred` on the source may be true.
  /// nullopt when nothing can be said (e.g. a range on a bucket). The
  /// returned predicate's `column` is `partition_field_id`.
  std::optional<ColumnPredicate> Project(const ColumnPredicate& pred, int32_t partition_field_id) const;

  /// True when the transform preserves order (identity, truncate, year,
  /// month, day, hour), so ranges project.
  bool PreservesOrder() const;

  friend bool operator==(const Transform&, const Transform&) = default;

 private:
  Transform(TransformKind kind, int32_t param) : kind_(kind), param_(param) {}
  TransformKind kind_;
  int32_t param_;
};

/// The spec's 32-bit hash of a value for bucketing (appendix B): ints and
/// dates hashed as 8-byte little-endian longs, timestamps as long micros,
/// decimals as minimal big-endian unscaled bytes, strings as UTF-8.
Result<int32_t> BucketHash(const Value& value);

}  // namespace tributary::iceberg
