#include "workload/sales_demo.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "parquet/parquet_writer.hpp"
#include "types/datetime.hpp"
#include "types/logical_type.hpp"
#include "vector/column_batch.hpp"

namespace tributary::workload {

namespace {

namespace fs = std::filesystem;

constexpr int64_t kMicrosPerDay = 86'400'000'000;
constexpr int64_t kIdBase[kSalesRegions] = {1'000'000'000, 2'000'000'000, 3'000'000'000, 4'000'000'000};
/// Shares of the deals (AMER, EMEA, LATAM, APAC), in percent.
constexpr int kShare[kSalesRegions] = {35, 30, 15, 20};
constexpr int kAccountsPerRegion = 2'500;

/// SplitMix64: fully specified, so the data is the same on every platform.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n).
  int64_t Below(int64_t n) { return static_cast<int64_t>(Next() % static_cast<uint64_t>(n)); }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  /// An index drawn with the given weights.
  int Pick(std::initializer_list<int> weights) {
    int total = 0;
    for (int w : weights) total += w;
    int64_t x = Below(total);
    int i = 0;
    for (int w : weights) {
      if (x < w) return i;
      x -= w;
      i++;
    }
    return i - 1;
  }

 private:
  uint64_t state_;
};

std::string Account(SalesRegion region, int32_t account) {
  return fmt::format("{}-{:05d}", SalesDemo::RegionName(region), account);
}

std::string Cents(int64_t cents) { return fmt::format("{}.{:02d}", cents / 100, cents % 100); }

/// "2026-06-15 12:34:56+00": the timestamps every export writes.
std::string Utc(int64_t micros) { return datetime::FormatTimestamp(micros, true); }

Status WriteText(const fs::path& path, const std::string& text) {
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Status::IOError("cannot write {}", path.string());
  return Status::OK();
}

/// The ready marker: an empty file, written after the data.
Status Touch(const fs::path& path) { return WriteText(path, ""); }

}  // namespace

const std::vector<std::string>& SalesDemo::Families() {
  static const std::vector<std::string> families = {"Analytics", "Cloud Storage", "Compute",  "Networking",
                                                    "Security",  "Support",       "Training", "Devices"};
  return families;
}

const std::vector<std::string>& SalesDemo::Stages() {
  static const std::vector<std::string> stages = {"prospect", "proposal", "negotiation", "closed_won", "closed_lost"};
  return stages;
}

const char* SalesDemo::RegionName(SalesRegion region) {
  static const char* names[kSalesRegions] = {"AMER", "EMEA", "LATAM", "APAC"};
  return names[static_cast<int>(region)];
}

const std::vector<std::string>& SalesDemo::Currencies(SalesRegion region) {
  static const std::vector<std::string> currencies[kSalesRegions] = {
      {"usd"}, {"eur", "gbp"}, {"BRL"}, {"SGD", "AUD", "JPY"}};
  return currencies[static_cast<int>(region)];
}

SalesDemo::SalesDemo(SalesDemoOptions options) : options_(options) {
  Random rng(options_.seed);
  const int32_t first = first_date();
  // Weekdays sell about three times what weekend days do.
  std::vector<double> weight(static_cast<size_t>(options_.days));
  double total_weight = 0;
  for (int d = 0; d < options_.days; d++) {
    const int weekday = ((first + d) % 7 + 7 + 3) % 7;  // 1970-01-01 was a Thursday: 0 = Monday
    weight[static_cast<size_t>(d)] = weekday >= 5 ? 0.35 : 1.0;
    total_weight += weight[static_cast<size_t>(d)];
  }
  versions_.reserve(static_cast<size_t>(options_.deals + options_.deals / 10));
  int64_t assigned = 0;
  for (int r = 0; r < kSalesRegions; r++) {
    const auto region = static_cast<SalesRegion>(r);
    const int64_t region_deals =
        r == kSalesRegions - 1 ? options_.deals - assigned : options_.deals * kShare[r] / 100;
    assigned += region_deals;
    int64_t made = 0;
    double carried = 0;
    for (int d = 0; d < options_.days; d++) {
      carried += static_cast<double>(region_deals) * weight[static_cast<size_t>(d)] / total_weight;
      int64_t today = d == options_.days - 1 ? region_deals - made : static_cast<int64_t>(std::llround(carried)) - made;
      today = std::max<int64_t>(0, std::min(today, region_deals - made));
      const int32_t date = first + d;
      for (int64_t i = 0; i < today; i++) {
        DealVersion v;
        v.deal_id = kIdBase[r] + made + i + 1;
        v.region = region;
        v.account = static_cast<int32_t>(rng.Below(kAccountsPerRegion)) + 1;
        v.family = static_cast<int8_t>(rng.Pick({18, 9, 16, 10, 14, 12, 6, 15}));
        v.stage = static_cast<int8_t>(rng.Pick({20, 25, 20, 25, 10}));
        v.currency = static_cast<int8_t>(rng.Below(static_cast<int64_t>(Currencies(region).size())));
        if (region == SalesRegion::kEmea) v.currency = static_cast<int8_t>(rng.Below(4) == 0 ? 1 : 0);
        v.sale_date = date;
        // Log-uniform between 500 and 80,000.
        v.amount_cents = static_cast<int64_t>(std::exp(std::log(50'000.0) + rng.Unit() * std::log(160.0)));
        const int64_t local_seconds = 8 * 3600 + rng.Below(11 * 3600);
        v.updated_at_us = (static_cast<int64_t>(date) * 86'400 + local_seconds - options_.utc_offset[r]) * 1'000'000;
        v.export_date = date;
        versions_.push_back(v);
        // About one deal in twelve changes later: it moves on a stage or its
        // amount is revised, and that newer version is in a later export.
        if (rng.Below(12) == 0) {
          const int32_t later = date + 1 + static_cast<int32_t>(rng.Below(3));
          if (later > options_.last_date) continue;
          DealVersion c = v;
          c.correction = true;
          if (c.stage <= 2 && rng.Below(3) != 0) {
            c.stage = static_cast<int8_t>(c.stage == 2 ? (rng.Below(4) == 0 ? 4 : 3) : c.stage + 1);
          } else {
            c.amount_cents = std::max<int64_t>(100, c.amount_cents * (80 + rng.Below(41)) / 100);
          }
          c.updated_at_us += static_cast<int64_t>(later - date) * kMicrosPerDay + rng.Below(3600) * 1'000'000;
          c.export_date = later;
          versions_.push_back(c);
        }
      }
      made += today;
    }
  }
  std::sort(versions_.begin(), versions_.end(), [](const DealVersion& a, const DealVersion& b) {
    if (a.region != b.region) return a.region < b.region;
    if (a.export_date != b.export_date) return a.export_date < b.export_date;
    if (a.updated_at_us != b.updated_at_us) return a.updated_at_us < b.updated_at_us;
    return a.deal_id < b.deal_id;
  });
}

std::vector<const DealVersion*> SalesDemo::Export(SalesRegion region, int32_t date) const {
  auto lo = std::lower_bound(versions_.begin(), versions_.end(), std::make_pair(region, date),
                             [](const DealVersion& v, const std::pair<SalesRegion, int32_t>& key) {
                               return std::make_pair(v.region, v.export_date) < key;
                             });
  std::vector<const DealVersion*> out;
  for (auto it = lo; it != versions_.end() && it->region == region && it->export_date == date; ++it) out.push_back(&*it);
  return out;
}

int64_t SalesDemo::VersionCount(SalesRegion region, int32_t from, int32_t to) const {
  int64_t n = 0;
  for (int32_t d = from; d <= to; d++) n += static_cast<int64_t>(Export(region, d).size());
  return n;
}

int64_t SalesDemo::LateCorrections(SalesRegion region, int32_t date) const {
  int64_t n = 0;
  for (const DealVersion* v : Export(region, date)) n += v->correction && v->sale_date < date ? 1 : 0;
  return n;
}

Status SalesDemo::WriteExports(SalesRegion region, const std::string& root, int32_t from, int32_t to) const {
  if (region == SalesRegion::kAmer) return WriteSqlite(root, from, to);
  for (int32_t date = from; date <= to; date++) {
    Status st = region == SalesRegion::kEmea    ? WriteCsv(root, date)
                : region == SalesRegion::kLatam ? WriteParquet(root, date)
                                                : WriteNdjson(root, date);
    if (!st.ok()) return st;
  }
  return Status::OK();
}

Status SalesDemo::WriteSqlite(const std::string& root, int32_t from, int32_t to) const {
  std::error_code error;
  fs::create_directories(root, error);
  const std::string path = (fs::path(root) / "crm.sqlite").string();
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::IOError("cannot open {}: {}", path, message);
  }
  auto exec = [&](const char* sql) -> Status {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      Status st = Status::IOError("{}: {}", path, message ? message : "?");
      sqlite3_free(message);
      return st;
    }
    return Status::OK();
  };
  Status st = exec(
      "PRAGMA journal_mode = WAL;"
      "CREATE TABLE IF NOT EXISTS deals (deal_id INTEGER PRIMARY KEY, account TEXT NOT NULL, product_family TEXT "
      "NOT NULL, stage TEXT NOT NULL, sale_date DATE NOT NULL, amount_cents INTEGER NOT NULL, currency TEXT NOT "
      "NULL, updated_at TIMESTAMP NOT NULL);"
      "CREATE INDEX IF NOT EXISTS deals_updated_at ON deals (updated_at);"
      "CREATE TABLE IF NOT EXISTS export_runs (business_date TEXT PRIMARY KEY, status TEXT NOT NULL, finished_at "
      "TEXT NOT NULL);"
      "BEGIN");
  sqlite3_stmt* upsert = nullptr;
  sqlite3_stmt* run = nullptr;
  if (st.ok() && (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO deals VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &upsert,
                                     nullptr) != SQLITE_OK ||
                  sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO export_runs VALUES (?, 'done', ?)", -1, &run,
                                     nullptr) != SQLITE_OK)) {
    st = Status::IOError("{}: {}", path, sqlite3_errmsg(db));
  }
  for (int32_t date = from; st.ok() && date <= to; date++) {
    int64_t last = 0;
    for (const DealVersion* v : Export(SalesRegion::kAmer, date)) {
      const std::string account = Account(v->region, v->account);
      const std::string sale_date = datetime::FormatDate(v->sale_date);
      const std::string updated = Utc(v->updated_at_us);
      sqlite3_bind_int64(upsert, 1, v->deal_id);
      sqlite3_bind_text(upsert, 2, account.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(upsert, 3, Families()[static_cast<size_t>(v->family)].c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(upsert, 4, Stages()[static_cast<size_t>(v->stage)].c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(upsert, 5, sale_date.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(upsert, 6, v->amount_cents);
      sqlite3_bind_text(upsert, 7, "usd", -1, SQLITE_STATIC);
      sqlite3_bind_text(upsert, 8, updated.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(upsert) != SQLITE_DONE) st = Status::IOError("{}: {}", path, sqlite3_errmsg(db));
      sqlite3_reset(upsert);
      last = std::max(last, v->updated_at_us);
      if (!st.ok()) break;
    }
    const std::string business_date = datetime::FormatDate(date);
    const std::string finished = Utc(last);
    sqlite3_bind_text(run, 1, business_date.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(run, 2, finished.c_str(), -1, SQLITE_TRANSIENT);
    if (st.ok() && sqlite3_step(run) != SQLITE_DONE) st = Status::IOError("{}: {}", path, sqlite3_errmsg(db));
    sqlite3_reset(run);
  }
  sqlite3_finalize(upsert);
  sqlite3_finalize(run);
  if (st.ok()) st = exec("COMMIT");
  sqlite3_close(db);
  return st;
}

Status SalesDemo::WriteCsv(const std::string& root, int32_t date) const {
  std::string text = "deal_id;account;product_family;stage;sale_date;amount;currency;updated_at\n";
  for (const DealVersion* v : Export(SalesRegion::kEmea, date)) {
    text += fmt::format("{};{};{};{};{};{};{};{}\n", v->deal_id, Account(v->region, v->account),
                        Families()[static_cast<size_t>(v->family)], Stages()[static_cast<size_t>(v->stage)],
                        datetime::FormatDate(v->sale_date), Cents(v->amount_cents),
                        Currencies(SalesRegion::kEmea)[static_cast<size_t>(v->currency)], Utc(v->updated_at_us));
  }
  const fs::path file = fs::path(root) / fmt::format("deals_{}.csv", datetime::FormatDate(date));
  if (Status st = WriteText(file, text); !st.ok()) return st;
  return Touch(file.string() + ".done");
}

Status SalesDemo::WriteParquet(const std::string& root, int32_t date) const {
  const fs::path folder = fs::path(root) / fmt::format("dt={}", datetime::FormatDate(date));
  std::error_code error;
  fs::create_directories(folder, error);
  const LogicalType amount = LogicalType::NumericUnchecked(12, 2);
  std::vector<parquet::ColumnSpec> schema = {
      {"deal_id", LogicalType::BigInt(), false},       {"cliente", LogicalType::Varchar(), false},
      {"familia", LogicalType::Varchar(), false},      {"etapa", LogicalType::Varchar(), false},
      {"data_venda", LogicalType::Date(), false},      {"valor", amount, false},
      {"moeda", LogicalType::Varchar(), false},        {"updated_at", LogicalType::TimestampTz(), false}};
  std::vector<LogicalType> types;
  for (const auto& c : schema) types.push_back(c.type);
  auto rows = Export(SalesRegion::kLatam, date);
  auto writer = parquet::FileWriter::Open((folder / "deals-0.parquet").string(), schema);
  if (!writer.ok()) return writer.status();
  constexpr size_t kBatch = 2048;
  for (size_t start = 0; start < rows.size(); start += kBatch) {
    const size_t n = std::min(kBatch, rows.size() - start);
    ColumnBatch batch(types, n);
    for (size_t i = 0; i < n; i++) {
      const DealVersion& v = *rows[start + i];
      batch.column(0).data<int64_t>()[i] = v.deal_id;
      batch.column(1).SetString(i, Account(v.region, v.account));
      batch.column(2).SetString(i, Families()[static_cast<size_t>(v.family)]);
      batch.column(3).SetString(i, Stages()[static_cast<size_t>(v.stage)]);
      batch.column(4).data<int32_t>()[i] = v.sale_date;
      batch.column(5).data<__int128>()[i] = v.amount_cents;
      batch.column(6).SetString(i, "BRL");
      batch.column(7).data<int64_t>()[i] = v.updated_at_us;
    }
    batch.set_num_rows(n);
    if (Status st = (*writer)->Write(batch); !st.ok()) return st;
  }
  auto closed = (*writer)->Close();
  if (!closed.ok()) return closed.status();
  return Touch(folder / "_SUCCESS");
}

Status SalesDemo::WriteNdjson(const std::string& root, int32_t date) const {
  const fs::path folder = fs::path(root) / datetime::FormatDate(date);
  auto rows = Export(SalesRegion::kApac, date);
  // The order service started recording the sales channel on the last day.
  const bool with_channel = date >= options_.last_date;
  static const char* channels[] = {"direct", "partner", "web", "marketplace"};
  std::string parts[2];
  for (size_t i = 0; i < rows.size(); i++) {
    const DealVersion& v = *rows[i];
    std::string line = fmt::format(
        R"({{"order_id":{},"account":"{}","product_family":"{}","stage":"{}","sale_date":"{}","amount":{},"currency":"{}","updated_at":"{}")",
        v.deal_id, Account(v.region, v.account), Families()[static_cast<size_t>(v.family)],
        Stages()[static_cast<size_t>(v.stage)], datetime::FormatDate(v.sale_date), Cents(v.amount_cents),
        Currencies(SalesRegion::kApac)[static_cast<size_t>(v.currency)], Utc(v.updated_at_us));
    if (with_channel) line += fmt::format(R"(,"channel":"{}")", channels[(v.deal_id * 7 + v.account) % 4]);
    parts[i % 2] += line + "}\n";
  }
  for (int p = 0; p < 2; p++) {
    if (Status st = WriteText(folder / fmt::format("orders-{}.ndjson", p), parts[p]); !st.ok()) return st;
  }
  return Touch(folder / "_SUCCESS");
}

}  // namespace tributary::workload
