// The SSB generator against the specification: row counts, value domains,
// referential integrity, determinism, and the files and tables it writes.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "storage/table_reader.hpp"
#include "types/datetime.hpp"
#include "workload/ssb_files.hpp"
#include "workload/ssb_generator.hpp"
#include "workload/ssb_warehouse.hpp"

namespace tributary {
namespace {

constexpr double kScale = 0.01;

/// Every row of a table as text cells (dates as YYYY-MM-DD), by column name.
struct Rows {
  std::map<std::string, std::vector<std::string>> text;
  std::map<std::string, std::vector<int64_t>> ints;
  size_t count = 0;
};

Rows Generate(SsbTable table, double scale = kScale, uint64_t seed = 1, size_t batch_rows = kBatchSize) {
  Rows rows;
  SsbGenerator gen(table, scale, seed);
  ColumnBatch batch(SsbTypes(table), batch_rows);
  const auto& columns = SsbColumns(table);
  while (gen.Next(&batch, batch_rows)) {
    for (size_t c = 0; c < columns.size(); c++) {
      const Vector& v = batch.column(c);
      for (size_t r = 0; r < batch.num_rows(); r++) {
        EXPECT_FALSE(v.IsNull(r)) << columns[c].name;
        switch (columns[c].type.id()) {
          case TypeId::kVarchar: rows.text[columns[c].name].emplace_back(v.data<StringRef>()[r].view()); break;
          case TypeId::kBigInt: rows.ints[columns[c].name].push_back(v.data<int64_t>()[r]); break;
          default: rows.ints[columns[c].name].push_back(v.data<int32_t>()[r]); break;
        }
      }
    }
    rows.count += batch.num_rows();
  }
  EXPECT_EQ(static_cast<int64_t>(rows.count), gen.rows_produced());
  return rows;
}

void ExpectRange(const std::vector<int64_t>& values, int64_t lo, int64_t hi, const char* what) {
  ASSERT_FALSE(values.empty()) << what;
  auto [min, max] = std::minmax_element(values.begin(), values.end());
  EXPECT_GE(*min, lo) << what;
  EXPECT_LE(*max, hi) << what;
}

std::set<std::string> Distinct(const std::vector<std::string>& values) { return {values.begin(), values.end()}; }

TEST(SsbScale, RowCountsFollowTheSpecification) {
  SsbScale one = SsbScaleFor(1);
  EXPECT_EQ(one.customers, 30'000);
  EXPECT_EQ(one.suppliers, 2'000);
  EXPECT_EQ(one.parts, 200'000);
  EXPECT_EQ(one.orders, 1'500'000);
  EXPECT_EQ(one.dates, 2557);  // every day of 1992..1998
  SsbScale ten = SsbScaleFor(10);
  EXPECT_EQ(ten.customers, 300'000);
  EXPECT_EQ(ten.suppliers, 20'000);
  EXPECT_EQ(ten.parts, 800'000);  // 200,000 x floor(1 + log2 10)
  SsbScale small = SsbScaleFor(kScale);
  EXPECT_EQ(small.customers, 300);
  EXPECT_EQ(small.suppliers, 20);
  EXPECT_EQ(small.parts, 2'000);
}

TEST(SsbGenerator, DimensionRowCountsAndKeys) {
  for (SsbTable table : {SsbTable::kCustomer, SsbTable::kSupplier, SsbTable::kPart}) {
    Rows rows = Generate(table);
    const auto& key = rows.ints[SsbColumns(table)[0].name];
    std::vector<int64_t> expected(key.size());
    std::iota(expected.begin(), expected.end(), 1);
    EXPECT_EQ(key, expected) << SsbTableName(table);
  }
  EXPECT_EQ(Generate(SsbTable::kCustomer).count, 300u);
  EXPECT_EQ(Generate(SsbTable::kSupplier).count, 20u);
  EXPECT_EQ(Generate(SsbTable::kPart).count, 2'000u);
}

TEST(SsbGenerator, LineorderCountsAndDomains) {
  Rows lo = Generate(SsbTable::kLineorder);
  // 15,000 orders of 1..7 lines: about 60,000 rows.
  EXPECT_GT(lo.count, 55'000u);
  EXPECT_LT(lo.count, 65'000u);
  std::set<int64_t> orders(lo.ints["lo_orderkey"].begin(), lo.ints["lo_orderkey"].end());
  EXPECT_EQ(orders.size(), 15'000u);
  for (int64_t key : orders) EXPECT_LT((key - 1) % 32, 8) << "only the first 8 of every 32 keys";
  ExpectRange(lo.ints["lo_linenumber"], 1, 7, "lo_linenumber");
  ExpectRange(lo.ints["lo_quantity"], 1, 50, "lo_quantity");
  ExpectRange(lo.ints["lo_discount"], 0, 10, "lo_discount");
  ExpectRange(lo.ints["lo_tax"], 0, 8, "lo_tax");
  ExpectRange(lo.ints["lo_orderdate"], SsbFirstDate(), datetime::DaysFromCivil(1998, 8, 2), "lo_orderdate");
  EXPECT_EQ(Distinct(lo.text["lo_orderpriority"]),
            (std::set<std::string>{"1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"}));
  EXPECT_EQ(Distinct(lo.text["lo_shipmode"]),
            (std::set<std::string>{"AIR", "FOB", "MAIL", "RAIL", "REG AIR", "SHIP", "TRUCK"}));
  EXPECT_EQ(Distinct(lo.text["lo_shippriority"]), (std::set<std::string>{"0"}));
  for (size_t i = 0; i < lo.count; i++) {
    const int64_t commit_delay = lo.ints["lo_commitdate"][i] - lo.ints["lo_orderdate"][i];
    ASSERT_GE(commit_delay, 30);
    ASSERT_LE(commit_delay, 90);
    const int64_t price = lo.ints["lo_extendedprice"][i];
    const int64_t disc = lo.ints["lo_discount"][i];
    ASSERT_EQ(lo.ints["lo_revenue"][i], price * (100 - disc) / 100) << "row " << i;
    ASSERT_EQ(price % lo.ints["lo_quantity"][i], 0) << "extended price is quantity x retail price";
    ASSERT_EQ(lo.ints["lo_supplycost"][i], 6 * (price / lo.ints["lo_quantity"][i]) / 10);
    ASSERT_LE(lo.ints["lo_revenue"][i], lo.ints["lo_ordtotalprice"][i]);
  }
  // Each order's lines are numbered 1..n consecutively and share the order's fields.
  for (size_t i = 1; i < lo.count; i++) {
    if (lo.ints["lo_orderkey"][i] == lo.ints["lo_orderkey"][i - 1]) {
      ASSERT_EQ(lo.ints["lo_linenumber"][i], lo.ints["lo_linenumber"][i - 1] + 1);
      ASSERT_EQ(lo.ints["lo_custkey"][i], lo.ints["lo_custkey"][i - 1]);
      ASSERT_EQ(lo.ints["lo_orderdate"][i], lo.ints["lo_orderdate"][i - 1]);
      ASSERT_EQ(lo.ints["lo_ordtotalprice"][i], lo.ints["lo_ordtotalprice"][i - 1]);
    } else {
      ASSERT_EQ(lo.ints["lo_linenumber"][i], 1);
      ASSERT_GE(lo.ints["lo_orderdate"][i], lo.ints["lo_orderdate"][i - 1]) << "date-ordered";
    }
  }
}

TEST(SsbGenerator, ReferentialIntegrity) {
  Rows lo = Generate(SsbTable::kLineorder);
  Rows customer = Generate(SsbTable::kCustomer);
  Rows supplier = Generate(SsbTable::kSupplier);
  Rows part = Generate(SsbTable::kPart);
  Rows date = Generate(SsbTable::kDate);
  auto keys = [](const std::vector<int64_t>& v) { return std::set<int64_t>(v.begin(), v.end()); };
  const auto custkeys = keys(customer.ints["c_custkey"]);
  const auto suppkeys = keys(supplier.ints["s_suppkey"]);
  const auto partkeys = keys(part.ints["p_partkey"]);
  const auto datekeys = keys(date.ints["d_datekey"]);
  for (size_t i = 0; i < lo.count; i++) {
    ASSERT_TRUE(custkeys.count(lo.ints["lo_custkey"][i])) << lo.ints["lo_custkey"][i];
    ASSERT_TRUE(suppkeys.count(lo.ints["lo_suppkey"][i])) << lo.ints["lo_suppkey"][i];
    ASSERT_TRUE(partkeys.count(lo.ints["lo_partkey"][i])) << lo.ints["lo_partkey"][i];
    ASSERT_TRUE(datekeys.count(lo.ints["lo_orderdate"][i]));
    ASSERT_TRUE(datekeys.count(lo.ints["lo_commitdate"][i]));
  }
  // The fact table reaches most of every dimension.
  EXPECT_GT(keys(lo.ints["lo_custkey"]).size(), custkeys.size() * 9 / 10);
  EXPECT_EQ(keys(lo.ints["lo_suppkey"]).size(), suppkeys.size());
}

TEST(SsbGenerator, CustomerAndSupplierDomains) {
  const std::set<std::string> regions = {"AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"};
  for (SsbTable table : {SsbTable::kCustomer, SsbTable::kSupplier}) {
    Rows rows = Generate(table, 0.1);
    const std::string p = table == SsbTable::kCustomer ? "c_" : "s_";
    EXPECT_EQ(Distinct(rows.text[p + "region"]), regions);
    EXPECT_EQ(Distinct(rows.text[p + "nation"]).size(), 25u);
    for (size_t i = 0; i < rows.count; i++) {
      const std::string& city = rows.text[p + "city"][i];
      const std::string& nation = rows.text[p + "nation"][i];
      ASSERT_EQ(city.size(), 10u) << city;
      std::string prefix = nation.substr(0, 9);
      prefix.resize(9, ' ');
      ASSERT_EQ(city.substr(0, 9), prefix);
      ASSERT_TRUE(city[9] >= '0' && city[9] <= '9');
      ASSERT_EQ(rows.text[p + "phone"][i].size(), 15u) << rows.text[p + "phone"][i];
      ASSERT_EQ(rows.text[p + "name"][i],
                (table == SsbTable::kCustomer ? "Customer#" : "Supplier#") + fmt::format("{:09d}", i + 1));
      const std::string& address = rows.text[p + "address"][i];
      ASSERT_GE(address.size(), 10u);
      ASSERT_LE(address.size(), 25u);
    }
    if (table == SsbTable::kCustomer) {
      EXPECT_EQ(Distinct(rows.text["c_mktsegment"]),
                (std::set<std::string>{"AUTOMOBILE", "BUILDING", "FURNITURE", "HOUSEHOLD", "MACHINERY"}));
      EXPECT_TRUE(Distinct(rows.text["c_city"]).count("UNITED KI1"));
    }
  }
}

TEST(SsbGenerator, PartDomains) {
  Rows part = Generate(SsbTable::kPart, 1);
  EXPECT_EQ(part.count, 200'000u);
  EXPECT_EQ(Distinct(part.text["p_mfgr"]).size(), 5u);
  EXPECT_EQ(Distinct(part.text["p_category"]).size(), 25u);
  EXPECT_EQ(Distinct(part.text["p_brand1"]).size(), 1000u);
  EXPECT_EQ(Distinct(part.text["p_color"]).size(), 92u);
  EXPECT_EQ(Distinct(part.text["p_type"]).size(), 150u);
  EXPECT_EQ(Distinct(part.text["p_container"]).size(), 40u);
  ExpectRange(part.ints["p_size"], 1, 50, "p_size");
  for (size_t i = 0; i < part.count; i++) {
    const std::string& category = part.text["p_category"][i];
    ASSERT_EQ(category.substr(0, 6), part.text["p_mfgr"][i]);
    ASSERT_EQ(part.text["p_brand1"][i].substr(0, 7), category);
  }
  EXPECT_TRUE(Distinct(part.text["p_brand1"]).count("MFGR#2239"));
  EXPECT_TRUE(Distinct(part.text["p_category"]).count("MFGR#12"));
}

TEST(SsbGenerator, DateDimension) {
  Rows date = Generate(SsbTable::kDate);
  ASSERT_EQ(date.count, 2557u);
  EXPECT_EQ(date.ints["d_datekey"].front(), datetime::DaysFromCivil(1992, 1, 1));
  EXPECT_EQ(date.ints["d_datekey"].back(), datetime::DaysFromCivil(1998, 12, 31));
  EXPECT_EQ(date.text["d_date"].front(), "January 1, 1992");
  EXPECT_EQ(date.text["d_dayofweek"].front(), "Wednesday");  // 1992-01-01
  EXPECT_EQ(date.ints["d_daynuminweek"].front(), 4);
  EXPECT_EQ(date.text["d_yearmonth"].back(), "Dec1998");
  EXPECT_EQ(date.ints["d_yearmonthnum"].back(), 199812);
  EXPECT_EQ(date.text["d_sellingseason"].back(), "Christmas");
  EXPECT_EQ(date.ints["d_daynuminyear"][365], 366) << "1992 is a leap year";
  EXPECT_EQ(date.ints["d_daynuminyear"][366], 1);
  ExpectRange(date.ints["d_weeknuminyear"], 1, 53, "d_weeknuminyear");
  ExpectRange(date.ints["d_daynuminyear"], 1, 366, "d_daynuminyear");
  int month_ends = 0, weekdays = 0, saturdays = 0;
  for (size_t i = 0; i < date.count; i++) {
    month_ends += static_cast<int>(date.ints["d_lastdayinmonthfl"][i]);
    weekdays += static_cast<int>(date.ints["d_weekdayfl"][i]);
    saturdays += static_cast<int>(date.ints["d_lastdayinweekfl"][i]);
    ASSERT_EQ(date.ints["d_year"][i] * 100 + date.ints["d_monthnuminyear"][i], date.ints["d_yearmonthnum"][i]);
  }
  EXPECT_EQ(month_ends, 84);
  EXPECT_EQ(saturdays, 365);  // 2557 days starting on a Wednesday
  EXPECT_EQ(weekdays, 1827);
}

TEST(SsbGenerator, DeterministicForASeedAndIndependentOfBatchSize) {
  for (SsbTable table : kSsbTables) {
    Rows a = Generate(table, kScale, 7, kBatchSize);
    Rows b = Generate(table, kScale, 7, 3);
    EXPECT_EQ(a.ints, b.ints) << SsbTableName(table);
    EXPECT_EQ(a.text, b.text) << SsbTableName(table);
  }
  Rows one = Generate(SsbTable::kLineorder, kScale, 1);
  Rows two = Generate(SsbTable::kLineorder, kScale, 2);
  EXPECT_NE(one.ints["lo_custkey"], two.ints["lo_custkey"]);
}

class TempDirectory {
 public:
  TempDirectory() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "trib-ssb-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDirectory() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(SsbFiles, CsvHasAHeaderAndOneLinePerRow) {
  TempDirectory dir;
  SsbFilesOptions options{.scale = kScale};
  auto rows = WriteSsbFile(dir.path(), SsbTable::kCustomer, options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, 300);
  std::ifstream in(dir.path() + "/customer.csv");
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "c_custkey,c_name,c_address,c_city,c_nation,c_region,c_phone,c_mktsegment");
  std::getline(in, line);
  EXPECT_EQ(line.substr(0, 21), "1,Customer#000000001,");
  int lines = 1;
  while (std::getline(in, line)) lines++;
  EXPECT_EQ(lines, 300);

  auto dates = WriteSsbFile(dir.path(), SsbTable::kDate, options);
  ASSERT_TRUE(dates.ok()) << dates.status().ToString();
  std::ifstream date_in(dir.path() + "/date.csv");
  std::getline(date_in, line);
  std::getline(date_in, line);
  EXPECT_EQ(line, "1992-01-01,\"January 1, 1992\",Wednesday,January,1992,199201,Jan1992,4,1,1,1,1,Winter,0,0,1,1");
}

TEST(SsbWarehouse, CreatesAndLoadsEveryTableOnce) {
  TempDirectory dir;
  auto catalog = catalog::Catalog::Open(dir.path());
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  for (SsbTable which : kSsbTables) {
    auto table = CreateSsbTable(**catalog, which);
    ASSERT_TRUE(table.ok()) << table.status().ToString();
    auto loaded = LoadSsbTable(*table, which, kScale, 1);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    EXPECT_FALSE(loaded->already_committed);
    if (which == SsbTable::kLineorder) {
      EXPECT_EQ(loaded->files, 7) << "one file per year";
    } else if (which == SsbTable::kCustomer) {
      EXPECT_EQ(loaded->files, 5) << "one file per region";
    }
    SsbGenerator gen(which, kScale, 1);
    ColumnBatch batch(SsbTypes(which), kBatchSize);
    while (gen.Next(&batch)) {
    }
    EXPECT_EQ(loaded->rows, gen.rows_produced()) << SsbTableName(which);

    auto reader = TableReader::Open(**table);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    ColumnBatch out;
    int64_t read = 0;
    while (true) {
      auto more = (*reader)->Next(&out);
      ASSERT_TRUE(more.ok()) << more.status().ToString();
      if (!*more) break;
      read += static_cast<int64_t>(out.live_rows());
    }
    EXPECT_EQ(read, gen.rows_produced()) << SsbTableName(which);

    auto again = LoadSsbTable(*table, which, kScale, 1);
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    EXPECT_TRUE(again->already_committed) << "a replay of the same scale and seed commits nothing";
  }
  auto lineorder = (*catalog)->LoadTable({kSsbNamespace, "lineorder"});
  ASSERT_TRUE(lineorder.ok());
  EXPECT_EQ(CreateSsbTable(**catalog, SsbTable::kLineorder).status().code(), StatusCode::kAlreadyExists);
}

}  // namespace
}  // namespace tributary
