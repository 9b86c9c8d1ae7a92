#include "workload/ssb_schema.hpp"

#include <algorithm>
#include <cmath>

#include "types/datetime.hpp"

namespace tributary {

std::string_view SsbTableName(SsbTable table) {
  switch (table) {
    case SsbTable::kLineorder: return "lineorder";
    case SsbTable::kCustomer: return "customer";
    case SsbTable::kSupplier: return "supplier";
    case SsbTable::kPart: return "part";
    case SsbTable::kDate: return "date";
  }
  return "";
}

const std::vector<SsbColumn>& SsbColumns(SsbTable table) {
  const LogicalType kInt = LogicalType::Integer();
  const LogicalType kText = LogicalType::Varchar();
  const LogicalType kDate = LogicalType::Date();
  static const std::vector<SsbColumn> kLineorder = {
      {"lo_orderkey", LogicalType::BigInt()}, {"lo_linenumber", kInt},    {"lo_custkey", kInt},
      {"lo_partkey", kInt},                   {"lo_suppkey", kInt},       {"lo_orderdate", kDate},
      {"lo_orderpriority", kText},            {"lo_shippriority", kText}, {"lo_quantity", kInt},
      {"lo_extendedprice", kInt},             {"lo_ordtotalprice", kInt}, {"lo_discount", kInt},
      {"lo_revenue", kInt},                   {"lo_supplycost", kInt},    {"lo_tax", kInt},
      {"lo_commitdate", kDate},               {"lo_shipmode", kText},
  };
  static const std::vector<SsbColumn> kCustomer = {
      {"c_custkey", kInt}, {"c_name", kText},   {"c_address", kText}, {"c_city", kText},
      {"c_nation", kText}, {"c_region", kText}, {"c_phone", kText},   {"c_mktsegment", kText},
  };
  static const std::vector<SsbColumn> kSupplier = {
      {"s_suppkey", kInt}, {"s_name", kText},   {"s_address", kText}, {"s_city", kText},
      {"s_nation", kText}, {"s_region", kText}, {"s_phone", kText},
  };
  static const std::vector<SsbColumn> kPart = {
      {"p_partkey", kInt}, {"p_name", kText}, {"p_mfgr", kText}, {"p_category", kText},     {"p_brand1", kText},
      {"p_color", kText},  {"p_type", kText}, {"p_size", kInt},  {"p_container", kText},
  };
  static const std::vector<SsbColumn> kDateColumns = {
      {"d_datekey", kDate},          {"d_date", kText},
      {"d_dayofweek", kText},        {"d_month", kText},
      {"d_year", kInt},              {"d_yearmonthnum", kInt},
      {"d_yearmonth", kText},        {"d_daynuminweek", kInt},
      {"d_daynuminmonth", kInt},     {"d_daynuminyear", kInt},
      {"d_monthnuminyear", kInt},    {"d_weeknuminyear", kInt},
      {"d_sellingseason", kText},    {"d_lastdayinweekfl", kInt},
      {"d_lastdayinmonthfl", kInt},  {"d_holidayfl", kInt},
      {"d_weekdayfl", kInt},
  };
  switch (table) {
    case SsbTable::kLineorder: return kLineorder;
    case SsbTable::kCustomer: return kCustomer;
    case SsbTable::kSupplier: return kSupplier;
    case SsbTable::kPart: return kPart;
    case SsbTable::kDate: return kDateColumns;
  }
  return kLineorder;
}

std::vector<LogicalType> SsbTypes(SsbTable table) {
  std::vector<LogicalType> types;
  for (const auto& c : SsbColumns(table)) types.push_back(c.type);
  return types;
}

int32_t SsbFirstDate() { return datetime::DaysFromCivil(1992, 1, 1); }
int32_t SsbLastDate() { return datetime::DaysFromCivil(1998, 12, 31); }

SsbScale SsbScaleFor(double scale) {
  auto scaled = [scale](double base) { return std::max<int64_t>(1, std::llround(base * scale)); };
  SsbScale s;
  s.orders = scaled(1'500'000);
  s.customers = scaled(30'000);
  s.suppliers = scaled(2'000);
  s.parts = scale >= 1 ? 200'000 * static_cast<int64_t>(std::floor(1 + std::log2(scale))) : scaled(200'000);
  s.dates = SsbLastDate() - SsbFirstDate() + 1;
  return s;
}

}  // namespace tributary
