#pragma once

#include <string>
#include <vector>

#include "ingest/source.hpp"

namespace tributary::ingest {

/// How a source table's columns differ from its contract (the columns the
/// last load accepted). Columns are matched by name.
struct SchemaDrift {
  std::vector<SourceColumn> added;
  std::vector<std::string> removed;
  /// "a -> b": a removed column and an added one of the same type at the
  /// same place, reported as a rename instead of a removal and an addition.
  std::vector<std::string> renamed;
  /// "amount numeric(12,2) -> numeric(10,2)": the new type cannot hold
  /// every value of the old.
  std::vector<std::string> narrowed;
  /// "qty integer -> bigint": every old value still fits.
  std::vector<std::string> widened;

  bool any() const {
    return !added.empty() || !removed.empty() || !renamed.empty() || !narrowed.empty() || !widened.empty();
  }
  /// A rename, removal or narrowing stops the region's load.
  bool breaking() const { return !removed.empty() || !renamed.empty() || !narrowed.empty(); }
  /// "removed column region_code; renamed column amount -> amount_usd".
  std::string Describe() const;
};

/// Compares `now` with `contract`.
SchemaDrift CompareColumns(const std::vector<SourceColumn>& contract, const std::vector<SourceColumn>& now);

/// Whether every value of `from` is a value of `to` (smallint -> integer ->
/// bigint -> numeric wide enough, numeric to more integer and fraction
/// digits, varchar(n) -> varchar(m >= n) or text, real -> double, date ->
/// timestamp).
bool Widens(const LogicalType& from, const LogicalType& to);

}  // namespace tributary::ingest
