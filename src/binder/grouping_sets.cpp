#include "binder/grouping_sets.hpp"

#include <algorithm>

#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

constexpr size_t kMaxSets = 4096;

using Set = std::vector<int>;

[[noreturn]] void TooMany(int location) {
  throw SqlError("too many grouping sets present (maximum 4096)", "54001", location);
}

Set Normalize(Set s) {
  std::sort(s.begin(), s.end());
  s.erase(std::unique(s.begin(), s.end()), s.end());
  return s;
}

/// The columns of one ROLLUP/CUBE element: an expression or a (list).
Set Element(const GroupByItem& item, const std::function<int(const Expr&)>& bind) {
  Set out;
  if (item.kind == GroupByItem::Kind::kExpr) {
    out.push_back(bind(*item.expr));
  } else {
    for (const auto& c : item.children) out.push_back(bind(*c.expr));
  }
  return out;
}

std::vector<Set> Expand(const GroupByItem& item, const std::function<int(const Expr&)>& bind) {
  switch (item.kind) {
    case GroupByItem::Kind::kExpr:
    case GroupByItem::Kind::kList: return {Normalize(Element(item, bind))};
    case GroupByItem::Kind::kEmpty: return {Set{}};
    case GroupByItem::Kind::kRollup: {
      std::vector<Set> elements;
      for (const auto& c : item.children) elements.push_back(Element(c, bind));
      std::vector<Set> out;
      for (size_t n = elements.size() + 1; n-- > 0;) {
        Set s;
        for (size_t i = 0; i < n; i++) s.insert(s.end(), elements[i].begin(), elements[i].end());
        out.push_back(Normalize(std::move(s)));
      }
      return out;
    }
    case GroupByItem::Kind::kCube: {
      if (item.children.size() > 12) throw SqlError("CUBE is limited to 12 elements", "54011", item.location);
      std::vector<Set> elements;
      for (const auto& c : item.children) elements.push_back(Element(c, bind));
      std::vector<Set> out;
      size_t n = elements.size();
      // Every subset, the full set first.
      for (size_t mask = (size_t{1} << n); mask-- > 0;) {
        Set s;
        for (size_t i = 0; i < n; i++) {
          if (mask & (size_t{1} << (n - 1 - i))) s.insert(s.end(), elements[i].begin(), elements[i].end());
        }
        out.push_back(Normalize(std::move(s)));
      }
      return out;
    }
    case GroupByItem::Kind::kSets: {
      std::vector<Set> out;
      for (const auto& c : item.children) {
        for (auto& s : Expand(c, bind)) {
          out.push_back(std::move(s));
          if (out.size() > kMaxSets) TooMany(item.location);
        }
      }
      return out;
    }
  }
  return {};
}

}  // namespace

std::vector<std::vector<int>> ExpandGroupingSets(const SelectStatement& select,
                                                 const std::function<int(const Expr&)>& bind) {
  std::vector<Set> product{Set{}};
  for (const auto& item : select.grouping_sets) {
    std::vector<Set> sets = Expand(item, bind);
    if (product.size() * sets.size() > kMaxSets) TooMany(item.location);
    std::vector<Set> next;
    for (const auto& a : product) {
      for (const auto& b : sets) {
        Set s = a;
        s.insert(s.end(), b.begin(), b.end());
        next.push_back(Normalize(std::move(s)));
      }
    }
    product = std::move(next);
  }
  if (select.group_distinct) {
    std::vector<Set> unique;
    for (auto& s : product) {
      if (std::find(unique.begin(), unique.end(), s) == unique.end()) unique.push_back(std::move(s));
    }
    product = std::move(unique);
  }
  return product;
}

}  // namespace tributary::sql
