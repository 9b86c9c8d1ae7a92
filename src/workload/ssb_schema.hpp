#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "types/logical_type.hpp"

namespace tributary {

/// The five tables of the Star Schema Benchmark (O'Neil, O'Neil, Chen,
/// revision 3): one fact table and four dimensions.
enum class SsbTable { kLineorder, kCustomer, kSupplier, kPart, kDate };

constexpr std::array<SsbTable, 5> kSsbTables = {SsbTable::kLineorder, SsbTable::kCustomer, SsbTable::kSupplier,
                                                SsbTable::kPart, SsbTable::kDate};

/// "lineorder", "customer", "supplier", "part", "date".
std::string_view SsbTableName(SsbTable table);

/// Every SSB column is NOT NULL.
struct SsbColumn {
  const char* name;
  LogicalType type;
};

/// The table's columns with the standard SSB names, in the standard order.
/// Money is INTEGER (hundredths of a currency unit, as the SSB reference data
/// prints it), order and commit dates and d_datekey are DATE, flags are
/// INTEGER 0/1, every text column is TEXT.
const std::vector<SsbColumn>& SsbColumns(SsbTable table);
std::vector<LogicalType> SsbTypes(SsbTable table);

/// Row counts at a scale factor. Dimensions follow the specification:
/// customer 30,000×SF, supplier 2,000×SF, part 200,000×⌊1+log2 SF⌋ (for
/// SF < 1, where the logarithm is negative, 200,000×SF), date one row per day
/// of 1992..1998. Lineorder has 1,500,000×SF orders of 1..7 lines each
/// (≈6,000,000×SF rows); its exact count depends on the seed.
struct SsbScale {
  int64_t orders = 0;
  int64_t customers = 0;
  int64_t suppliers = 0;
  int64_t parts = 0;
  int64_t dates = 0;
};
/// `scale` must be positive; every table gets at least one row.
SsbScale SsbScaleFor(double scale);

/// First and last day (days since 1970-01-01) of the date dimension:
/// 1992-01-01 and 1998-12-31.
int32_t SsbFirstDate();
int32_t SsbLastDate();

}  // namespace tributary
