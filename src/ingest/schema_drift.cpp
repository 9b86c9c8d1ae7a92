#include "ingest/schema_drift.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace tributary::ingest {

namespace {

/// Decimal digits an integer type needs.
int IntegerDigits(TypeId id) {
  switch (id) {
    case TypeId::kSmallInt: return 5;
    case TypeId::kInteger: return 10;
    case TypeId::kBigInt: return 19;
    default: return 0;
  }
}

const SourceColumn* Find(const std::vector<SourceColumn>& columns, const std::string& name) {
  for (const auto& c : columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace

bool Widens(const LogicalType& from, const LogicalType& to) {
  if (from == to) return true;
  const TypeId f = from.id(), t = to.id();
  if (IntegerDigits(f) > 0 && IntegerDigits(t) > 0) return IntegerDigits(t) >= IntegerDigits(f);
  if (IntegerDigits(f) > 0 && t == TypeId::kNumeric) return to.precision() - to.scale() >= IntegerDigits(f);
  if (f == TypeId::kNumeric && t == TypeId::kNumeric) {
    return to.scale() >= from.scale() && to.precision() - to.scale() >= from.precision() - from.scale();
  }
  if (f == TypeId::kVarchar && t == TypeId::kVarchar) {
    return to.max_length() < 0 || (from.max_length() >= 0 && to.max_length() >= from.max_length());
  }
  if (f == TypeId::kReal && t == TypeId::kDouble) return true;
  if (f == TypeId::kDate && (t == TypeId::kTimestamp || t == TypeId::kTimestampTz)) return true;
  return false;
}

SchemaDrift CompareColumns(const std::vector<SourceColumn>& contract, const std::vector<SourceColumn>& now) {
  SchemaDrift drift;
  std::vector<const SourceColumn*> removed;
  for (const auto& old : contract) {
    const SourceColumn* current = Find(now, old.name);
    if (current == nullptr) {
      removed.push_back(&old);
      continue;
    }
    if (current->type == old.type) continue;
    std::string change = fmt::format("{} {} -> {}", old.name, old.type.ToString(), current->type.ToString());
    (Widens(old.type, current->type) ? drift.widened : drift.narrowed).push_back(std::move(change));
  }
  std::vector<const SourceColumn*> added;
  for (const auto& c : now) {
    if (Find(contract, c.name) == nullptr) added.push_back(&c);
  }
  // A removed column whose place an added column of the same type took is a rename.
  auto position = [](const std::vector<SourceColumn>& columns, const SourceColumn* c) {
    return static_cast<size_t>(c - columns.data());
  };
  for (const SourceColumn* gone : removed) {
    auto match = std::find_if(added.begin(), added.end(), [&](const SourceColumn* a) {
      return a->type == gone->type && position(now, a) == position(contract, gone);
    });
    if (match != added.end()) {
      drift.renamed.push_back(fmt::format("{} -> {}", gone->name, (*match)->name));
      added.erase(match);
    } else {
      drift.removed.push_back(gone->name);
    }
  }
  for (const SourceColumn* a : added) drift.added.push_back(*a);
  return drift;
}

std::string SchemaDrift::Describe() const {
  std::vector<std::string> parts;
  auto list = [](const std::vector<std::string>& names) { return fmt::format("{}", fmt::join(names, ", ")); };
  if (!removed.empty())
    parts.push_back(fmt::format("removed column{} {}", removed.size() > 1 ? "s" : "", list(removed)));
  if (!renamed.empty())
    parts.push_back(fmt::format("renamed column{} {}", renamed.size() > 1 ? "s" : "", list(renamed)));
  if (!narrowed.empty()) {
    parts.push_back(fmt::format("narrowed column{} {}", narrowed.size() > 1 ? "s" : "", list(narrowed)));
  }
  if (!widened.empty())
    parts.push_back(fmt::format("widened column{} {}", widened.size() > 1 ? "s" : "", list(widened)));
  if (!added.empty()) {
    std::vector<std::string> names;
    for (const auto& c : added) names.push_back(c.name + " " + c.type.ToString());
    parts.push_back(fmt::format("added column{} {}", added.size() > 1 ? "s" : "", list(names)));
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace tributary::ingest
