#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "iceberg/schema.hpp"
#include "iceberg/transform.hpp"

namespace tributary::iceberg {

enum class SortDirection : uint8_t { kAsc, kDesc };
enum class NullOrder : uint8_t { kNullsFirst, kNullsLast };

struct SortField {
  int32_t source_id = 0;
  Transform transform = Transform::Identity();
  SortDirection direction = SortDirection::kAsc;
  NullOrder null_order = NullOrder::kNullsFirst;

  friend bool operator==(const SortField&, const SortField&) = default;
};

/// An immutable sort order. Order id 0 is reserved for "unsorted".
class SortOrder {
 public:
  static std::shared_ptr<const SortOrder> Unsorted();
  /// Fails when a source id is not in `schema`, or when order_id is 0 with
  /// fields / non-zero without.
  static Result<std::shared_ptr<const SortOrder>> Make(const Schema& schema, int32_t order_id,
                                                       std::vector<SortField> fields);

  int32_t order_id() const { return order_id_; }
  const std::vector<SortField>& fields() const { return fields_; }
  bool is_unsorted() const { return fields_.empty(); }

  /// {"order-id":1,"fields":[{"transform":"identity","source-id":2,
  /// "direction":"asc","null-order":"nulls-first"}]}
  std::string ToJson() const;
  static Result<std::shared_ptr<const SortOrder>> FromJson(std::string_view json);

 private:
  SortOrder() = default;
  int32_t order_id_ = 0;
  std::vector<SortField> fields_;
};

}  // namespace tributary::iceberg
