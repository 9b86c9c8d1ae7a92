#include "workload/ssb_lineorder.hpp"

#include <algorithm>
#include <array>

namespace tributary {

namespace {

constexpr std::array<const char*, 5> kRegions = {"AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"};
constexpr std::array<const char*, 5> kPriorities = {"1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECI", "5-LOW"};
constexpr std::array<const char*, 7> kShipModes = {"AIR", "FOB", "MAIL", "RAIL", "REG AIR", "SHIP", "TRUCK"};
constexpr int32_t kCustomers = 300'000;
constexpr int32_t kParts = 200'000;
constexpr int32_t kSuppliers = 20'000;

}  // namespace

LineorderGenerator::LineorderGenerator(Options options) : options_(options), state_(options.seed * 0x9E3779B97F4A7C15ull + 1) {}

const std::vector<LineorderGenerator::Column>& LineorderGenerator::Schema() {
  static const std::vector<Column> kSchema = {
      {"lo_orderkey", LogicalType::BigInt(), false},
      {"lo_linenumber", LogicalType::Integer(), false},
      {"lo_custkey", LogicalType::Integer(), false},
      {"lo_partkey", LogicalType::Integer(), false},
      {"lo_suppkey", LogicalType::Integer(), false},
      {"lo_orderdate", LogicalType::Date(), false},
      {"lo_region", LogicalType::Varchar(), false},
      {"lo_orderpriority", LogicalType::Varchar(), false},
      {"lo_shippriority", LogicalType::Integer(), false},
      {"lo_quantity", LogicalType::Integer(), false},
      {"lo_extendedprice", LogicalType::NumericUnchecked(12, 2), false},
      {"lo_ordtotalprice", LogicalType::NumericUnchecked(12, 2), false},
      {"lo_discount", LogicalType::Integer(), false},
      {"lo_revenue", LogicalType::NumericUnchecked(12, 2), false},
      {"lo_supplycost", LogicalType::NumericUnchecked(12, 2), false},
      {"lo_tax", LogicalType::Integer(), false},
      {"lo_commitdate", LogicalType::Date(), false},
      {"lo_shipmode", LogicalType::Varchar(), true},
  };
  return kSchema;
}

std::vector<LogicalType> LineorderGenerator::Types() {
  std::vector<LogicalType> types;
  for (const auto& c : Schema()) types.push_back(c.type);
  return types;
}

uint64_t LineorderGenerator::Random() {
  // splitmix64: fast, deterministic, good enough for synthetic data.
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

bool LineorderGenerator::Next(ColumnBatch* out, size_t max_rows) {
  size_t n = static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(max_rows), options_.rows - next_row_));
  if (n == 0) return false;
  for (auto& c : out->columns()) c.Reset();
  auto* orderkey = out->column(0).data<int64_t>();
  auto* linenumber = out->column(1).data<int32_t>();
  auto* custkey = out->column(2).data<int32_t>();
  auto* partkey = out->column(3).data<int32_t>();
  auto* suppkey = out->column(4).data<int32_t>();
  auto* orderdate = out->column(5).data<int32_t>();
  auto* shippriority = out->column(8).data<int32_t>();
  auto* quantity = out->column(9).data<int32_t>();
  auto* extprice = out->column(10).data<int128_t>();
  auto* ordtotal = out->column(11).data<int128_t>();
  auto* discount = out->column(12).data<int32_t>();
  auto* revenue = out->column(13).data<int128_t>();
  auto* supplycost = out->column(14).data<int128_t>();
  auto* tax = out->column(15).data<int32_t>();
  auto* commitdate = out->column(16).data<int32_t>();
  for (size_t i = 0; i < n; i++) {
    int64_t row = next_row_ + static_cast<int64_t>(i);
    if (lines_left_ == 0) {
      order_key_++;
      lines_left_ = 1 + static_cast<int32_t>(Random() % 7);
      // Dates advance with the row number, so rows arrive in date order.
      order_date_ = options_.first_date +
                    static_cast<int32_t>(row * options_.days / std::max<int64_t>(options_.rows, 1));
      cust_key_ = 1 + static_cast<int32_t>(Random() % kCustomers);
      region_ = cust_key_ % static_cast<int32_t>(kRegions.size());
      priority_ = static_cast<int32_t>(Random() % kPriorities.size());
      order_total_ = 0;
    }
    lines_left_--;
    orderkey[i] = order_key_;
    linenumber[i] = 7 - lines_left_;
    custkey[i] = cust_key_;
    partkey[i] = 1 + static_cast<int32_t>(Random() % kParts);
    suppkey[i] = 1 + static_cast<int32_t>(Random() % kSuppliers);
    orderdate[i] = order_date_;
    out->column(6).SetString(i, kRegions[static_cast<size_t>(region_)]);
    out->column(7).SetString(i, kPriorities[static_cast<size_t>(priority_)]);
    shippriority[i] = 0;
    int32_t qty = 1 + static_cast<int32_t>(Random() % 50);
    quantity[i] = qty;
    int64_t unit_cents = 90'000 + static_cast<int64_t>(Random() % 1'000'000);  // 900.00 .. 10899.99
    int64_t price = unit_cents * qty;
    extprice[i] = price;
    order_total_ += price;
    ordtotal[i] = order_total_;
    int32_t disc = static_cast<int32_t>(Random() % 11);
    discount[i] = disc;
    revenue[i] = price * (100 - disc) / 100;
    supplycost[i] = unit_cents * 6 / 10;
    tax[i] = static_cast<int32_t>(Random() % 9);
    commitdate[i] = order_date_ + 30 + static_cast<int32_t>(Random() % 61);
    uint64_t mode = Random() % 100;
    if (mode == 0) {
      out->column(17).SetNull(i);  // a few line items have no ship mode yet
    } else {
      out->column(17).SetString(i, kShipModes[mode % kShipModes.size()]);
    }
  }
  next_row_ += static_cast<int64_t>(n);
  out->set_num_rows(n);
  out->clear_selection();
  return true;
}

}  // namespace tributary
