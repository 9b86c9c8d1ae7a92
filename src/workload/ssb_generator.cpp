#include "workload/ssb_generator.hpp"

#include <algorithm>
#include <array>
#include <string>

#include <fmt/format.h>

#include "types/datetime.hpp"

namespace tributary {

namespace {

// Value domains from the SSB specification, which takes them from TPC-H.
constexpr std::array<const char*, 5> kRegions = {"AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"};
struct Nation {
  const char* name;
  int region;
};
constexpr std::array<Nation, 25> kNations = {{
    {"ALGERIA", 0},    {"ARGENTINA", 1}, {"BRAZIL", 1},       {"CANADA", 1},         {"EGYPT", 4},
    {"ETHIOPIA", 0},   {"FRANCE", 3},    {"GERMANY", 3},      {"INDIA", 2},          {"INDONESIA", 2},
    {"IRAN", 4},       {"IRAQ", 4},      {"JAPAN", 2},        {"JORDAN", 4},         {"KENYA", 0},
    {"MOROCCO", 0},    {"MOZAMBIQUE", 0}, {"PERU", 1},        {"CHINA", 2},          {"ROMANIA", 3},
    {"SAUDI ARABIA", 4}, {"VIETNAM", 2}, {"RUSSIA", 3},       {"UNITED KINGDOM", 3}, {"UNITED STATES", 1},
}};
constexpr std::array<const char*, 5> kSegments = {"AUTOMOBILE", "BUILDING", "FURNITURE", "HOUSEHOLD", "MACHINERY"};
constexpr std::array<const char*, 5> kPriorities = {"1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"};
constexpr std::array<const char*, 7> kShipModes = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
constexpr std::array<const char*, 92> kColors = {
    "almond",    "antique",  "aquamarine", "azure",     "beige",     "bisque",    "black",     "blanched",
    "blue",      "blush",    "brown",      "burlywood", "burnished", "chartreuse", "chiffon",  "chocolate",
    "coral",     "cornflower", "cornsilk", "cream",     "cyan",      "dark",      "deep",      "dim",
    "dodger",    "drab",     "firebrick",  "floral",    "forest",    "frosted",   "gainsboro", "ghost",
    "goldenrod", "green",    "grey",       "honeydew",  "hot",       "indian",    "ivory",     "khaki",
    "lace",      "lavender", "lawn",       "lemon",     "light",     "lime",      "linen",     "magenta",
    "maroon",    "medium",   "metallic",   "midnight",  "mint",      "misty",     "moccasin",  "navajo",
    "navy",      "olive",    "orange",     "orchid",    "pale",      "papaya",    "peach",     "peru",
    "pink",      "plum",     "powder",     "puff",      "purple",    "red",       "rose",      "rosy",
    "royal",     "saddle",   "salmon",     "sandy",     "seashell",  "sienna",    "sky",       "slate",
    "smoke",     "snow",     "spring",     "steel",     "tan",       "thistle",   "tomato",    "turquoise",
    "violet",    "wheat",    "white",      "yellow",
};
constexpr std::array<const char*, 6> kTypeSize = {"STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO"};
constexpr std::array<const char*, 5> kTypeFinish = {"ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED"};
constexpr std::array<const char*, 5> kTypeMaterial = {"TIN", "NICKEL", "BRASS", "STEEL", "COPPER"};
constexpr std::array<const char*, 5> kContainerSize = {"SM", "LG", "MED", "JUMBO", "WRAP"};
constexpr std::array<const char*, 8> kContainerKind = {"CASE", "BOX", "BAG", "JAR", "PKG", "PACK", "CAN", "DRUM"};
constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                 "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<const char*, 7> kWeekdays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                  "Thursday", "Friday", "Saturday"};
constexpr char kAddressChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";

// Last order date: the date dimension's end minus 151 days, as in TPC-H, so
// every commit date stays inside the date dimension.
constexpr int32_t kOrderDateSpan = 151;

enum Field : uint32_t {
  kLines = 1, kCustKey, kPriority, kPartKey, kSuppKey, kQuantity, kDiscount, kTax, kCommit, kShipMode,
  kAddressLength, kAddress, kNation, kCity, kPhone, kSegment,
  kName1, kName2, kMfgr, kCategory, kBrand, kColor, kType, kSize, kContainer,
};

int32_t RetailPrice(int32_t partkey) { return 90'000 + (partkey / 10) % 20'001 + 100 * (partkey % 1'000); }

std::string City(const Nation& nation, int digit) {
  std::string city(nation.name);
  city.resize(9, ' ');
  city.push_back(static_cast<char>('0' + digit));
  return city;
}

bool IsHoliday(const datetime::CivilDate& d, int weekday) {
  if (d.month == 1 && d.day == 1) return true;    // New Year's Day
  if (d.month == 7 && d.day == 4) return true;    // Independence Day
  if (d.month == 12 && (d.day == 24 || d.day == 25 || d.day == 31)) return true;
  if (d.month == 11 && weekday == 4 && d.day >= 22 && d.day <= 28) return true;  // Thanksgiving
  return false;
}

const char* SellingSeason(uint32_t month) {
  switch (month) {
    case 12: return "Christmas";
    case 1: case 2: return "Winter";
    case 3: case 4: case 5: return "Spring";
    case 6: case 7: case 8: return "Summer";
    default: return "Fall";
  }
}

}  // namespace

SsbGenerator::SsbGenerator(SsbTable table, double scale, uint64_t seed)
    : table_(table), scale_(SsbScaleFor(scale)), seed_(seed) {}

uint64_t SsbGenerator::Hash(int64_t row, uint32_t column) const {
  // splitmix64's finaliser over a mix of the coordinates: independent values
  // per (seed, table, row, column) without any sequential state.
  uint64_t z = seed_ * 0x9E3779B97F4A7C15ull ^ (static_cast<uint64_t>(table_) + 1) * 0xD1B54A32D192ED03ull ^
               static_cast<uint64_t>(row) * 0xBF58476D1CE4E5B9ull ^ (uint64_t{column} + 1) * 0x94D049BB133111EBull;
  z += 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

int64_t SsbGenerator::Uniform(int64_t row, uint32_t column, int64_t lo, int64_t hi) const {
  return lo + static_cast<int64_t>(Hash(row, column) % static_cast<uint64_t>(hi - lo + 1));
}

bool SsbGenerator::Next(ColumnBatch* out, size_t max_rows) {
  for (auto& c : out->columns()) c.Reset();
  max_rows = std::min(max_rows, out->capacity());
  size_t n = 0;
  switch (table_) {
    case SsbTable::kLineorder: n = FillLineorder(out, max_rows); break;
    case SsbTable::kCustomer: n = FillCustomerOrSupplier(out, max_rows, true); break;
    case SsbTable::kSupplier: n = FillCustomerOrSupplier(out, max_rows, false); break;
    case SsbTable::kPart: n = FillPart(out, max_rows); break;
    case SsbTable::kDate: n = FillDate(out, max_rows); break;
  }
  out->set_num_rows(n);
  out->clear_selection();
  rows_produced_ += static_cast<int64_t>(n);
  return n > 0;
}

void SsbGenerator::StartOrder() {
  const int64_t order = next_row_;
  const int32_t first = SsbFirstDate();
  const int64_t days = SsbLastDate() - kOrderDateSpan - first + 1;
  order_date_ = first + static_cast<int32_t>(order * days / scale_.orders);
  order_custkey_ = static_cast<int32_t>(Uniform(order, kCustKey, 1, scale_.customers));
  order_priority_ = static_cast<int32_t>(Uniform(order, kPriority, 0, kPriorities.size() - 1));
  line_count_ = static_cast<int32_t>(Uniform(order, kLines, 1, 7));
  next_line_ = 0;
  order_total_ = 0;
  for (int32_t l = 0; l < line_count_; l++) {
    const int64_t key = order * 8 + l;  // one hash stream per line
    Line& line = lines_[static_cast<size_t>(l)];
    line.partkey = static_cast<int32_t>(Uniform(key, kPartKey, 1, scale_.parts));
    line.suppkey = static_cast<int32_t>(Uniform(key, kSuppKey, 1, scale_.suppliers));
    line.quantity = static_cast<int32_t>(Uniform(key, kQuantity, 1, 50));
    line.discount = static_cast<int32_t>(Uniform(key, kDiscount, 0, 10));
    line.tax = static_cast<int32_t>(Uniform(key, kTax, 0, 8));
    line.commitdate = order_date_ + static_cast<int32_t>(Uniform(key, kCommit, 30, 90));
    line.shipmode = static_cast<int32_t>(Uniform(key, kShipMode, 0, kShipModes.size() - 1));
    const int32_t retail = RetailPrice(line.partkey);
    line.extendedprice = line.quantity * retail;
    line.revenue = static_cast<int32_t>(int64_t{line.extendedprice} * (100 - line.discount) / 100);
    line.supplycost = 6 * retail / 10;
    order_total_ += static_cast<int32_t>(int64_t{line.extendedprice} * (100 + line.tax) / 100 *
                                         (100 - line.discount) / 100);
  }
}

size_t SsbGenerator::FillLineorder(ColumnBatch* out, size_t max_rows) {
  auto* orderkey = out->column(0).data<int64_t>();
  auto* linenumber = out->column(1).data<int32_t>();
  auto* custkey = out->column(2).data<int32_t>();
  auto* partkey = out->column(3).data<int32_t>();
  auto* suppkey = out->column(4).data<int32_t>();
  auto* orderdate = out->column(5).data<int32_t>();
  auto* quantity = out->column(8).data<int32_t>();
  auto* extprice = out->column(9).data<int32_t>();
  auto* ordtotal = out->column(10).data<int32_t>();
  auto* discount = out->column(11).data<int32_t>();
  auto* revenue = out->column(12).data<int32_t>();
  auto* supplycost = out->column(13).data<int32_t>();
  auto* tax = out->column(14).data<int32_t>();
  auto* commitdate = out->column(15).data<int32_t>();
  size_t n = 0;
  while (n < max_rows) {
    if (next_line_ == line_count_) {
      if (line_count_ > 0) next_row_++;
      if (next_row_ >= scale_.orders) break;
      StartOrder();
    }
    const Line& line = lines_[static_cast<size_t>(next_line_)];
    orderkey[n] = next_row_ / 8 * 32 + next_row_ % 8 + 1;
    linenumber[n] = next_line_ + 1;
    custkey[n] = order_custkey_;
    partkey[n] = line.partkey;
    suppkey[n] = line.suppkey;
    orderdate[n] = order_date_;
    out->column(6).SetString(n, kPriorities[static_cast<size_t>(order_priority_)]);
    out->column(7).SetString(n, "0");
    quantity[n] = line.quantity;
    extprice[n] = line.extendedprice;
    ordtotal[n] = order_total_;
    discount[n] = line.discount;
    revenue[n] = line.revenue;
    supplycost[n] = line.supplycost;
    tax[n] = line.tax;
    commitdate[n] = line.commitdate;
    out->column(16).SetString(n, kShipModes[static_cast<size_t>(line.shipmode)]);
    next_line_++;
    n++;
  }
  return n;
}

size_t SsbGenerator::FillCustomerOrSupplier(ColumnBatch* out, size_t max_rows, bool customer) {
  const int64_t total = customer ? scale_.customers : scale_.suppliers;
  auto* key = out->column(0).data<int32_t>();
  size_t n = 0;
  std::string text;
  for (; n < max_rows && next_row_ < total; n++, next_row_++) {
    const int64_t row = next_row_;
    key[n] = static_cast<int32_t>(row + 1);
    out->column(1).SetString(n, fmt::format("{}#{:09d}", customer ? "Customer" : "Supplier", row + 1));
    const auto length = static_cast<size_t>(Uniform(row, kAddressLength, 10, 25));
    text.resize(length);
    uint64_t bits = Hash(row, kAddress);
    for (size_t i = 0; i < length; i++) {
      if (i % 8 == 0) bits = Hash(row, kAddress + static_cast<uint32_t>(i) * 64);
      text[i] = kAddressChars[bits % (sizeof(kAddressChars) - 1)];
      bits >>= 8;
    }
    // An address never starts or ends with a space, so CSV readers that trim
    // agree with those that do not.
    text.front() = text.front() == ' ' ? 'x' : text.front();
    text.back() = text.back() == ' ' ? 'x' : text.back();
    out->column(2).SetString(n, text);
    const auto nation_index = static_cast<size_t>(Uniform(row, kNation, 0, kNations.size() - 1));
    const Nation& nation = kNations[nation_index];
    out->column(3).SetString(n, City(nation, static_cast<int>(Uniform(row, kCity, 0, 9))));
    out->column(4).SetString(n, nation.name);
    out->column(5).SetString(n, kRegions[static_cast<size_t>(nation.region)]);
    const uint64_t phone = Hash(row, kPhone);
    out->column(6).SetString(n, fmt::format("{}-{:03d}-{:03d}-{:04d}", nation_index + 10, 100 + phone % 900,
                                            100 + (phone >> 16) % 900, 1000 + (phone >> 32) % 9000));
    if (customer) out->column(7).SetString(n, kSegments[Hash(row, kSegment) % kSegments.size()]);
  }
  return n;
}

size_t SsbGenerator::FillPart(ColumnBatch* out, size_t max_rows) {
  auto* key = out->column(0).data<int32_t>();
  auto* size = out->column(7).data<int32_t>();
  size_t n = 0;
  for (; n < max_rows && next_row_ < scale_.parts; n++, next_row_++) {
    const int64_t row = next_row_;
    key[n] = static_cast<int32_t>(row + 1);
    const size_t color = Hash(row, kColor) % kColors.size();
    size_t second = Hash(row, kName2) % (kColors.size() - 1);
    if (second >= color) second++;
    out->column(1).SetString(n, fmt::format("{} {}", kColors[second], kColors[color]));
    const int64_t mfgr = Uniform(row, kMfgr, 1, 5);
    const int64_t category = Uniform(row, kCategory, 1, 5);
    out->column(2).SetString(n, fmt::format("MFGR#{}", mfgr));
    out->column(3).SetString(n, fmt::format("MFGR#{}{}", mfgr, category));
    out->column(4).SetString(n, fmt::format("MFGR#{}{}{}", mfgr, category, Uniform(row, kBrand, 1, 40)));
    out->column(5).SetString(n, kColors[color]);
    const uint64_t type = Hash(row, kType);
    out->column(6).SetString(n, fmt::format("{} {} {}", kTypeSize[type % 6], kTypeFinish[(type >> 8) % 5],
                                            kTypeMaterial[(type >> 16) % 5]));
    size[n] = static_cast<int32_t>(Uniform(row, kSize, 1, 50));
    const uint64_t container = Hash(row, kContainer);
    out->column(8).SetString(n, fmt::format("{} {}", kContainerSize[container % 5], kContainerKind[(container >> 8) % 8]));
  }
  return n;
}

size_t SsbGenerator::FillDate(ColumnBatch* out, size_t max_rows) {
  int32_t* col[17];
  for (size_t c : {0, 4, 5, 7, 8, 9, 10, 11, 13, 14, 15, 16}) col[c] = out->column(c).data<int32_t>();
  size_t n = 0;
  for (; n < max_rows && next_row_ < scale_.dates; n++, next_row_++) {
    const int32_t days = SsbFirstDate() + static_cast<int32_t>(next_row_);
    const datetime::CivilDate d = datetime::CivilFromDays(days);
    const int weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday (4)
    const int32_t day_in_year = days - datetime::DaysFromCivil(d.year, 1, 1) + 1;
    const bool last_in_month = datetime::CivilFromDays(days + 1).month != d.month;
    col[0][n] = days;
    out->column(1).SetString(n, fmt::format("{} {}, {}", kMonths[d.month - 1], d.day, d.year));
    out->column(2).SetString(n, kWeekdays[static_cast<size_t>(weekday)]);
    out->column(3).SetString(n, kMonths[d.month - 1]);
    col[4][n] = d.year;
    col[5][n] = d.year * 100 + static_cast<int32_t>(d.month);
    out->column(6).SetString(n, fmt::format("{}{}", std::string_view(kMonths[d.month - 1]).substr(0, 3), d.year));
    col[7][n] = weekday + 1;
    col[8][n] = static_cast<int32_t>(d.day);
    col[9][n] = day_in_year;
    col[10][n] = static_cast<int32_t>(d.month);
    col[11][n] = (day_in_year - 1) / 7 + 1;
    out->column(12).SetString(n, SellingSeason(d.month));
    col[13][n] = weekday == 6 ? 1 : 0;
    col[14][n] = last_in_month ? 1 : 0;
    col[15][n] = IsHoliday(d, weekday) ? 1 : 0;
    col[16][n] = weekday >= 1 && weekday <= 5 ? 1 : 0;
  }
  return n;
}

}  // namespace tributary
