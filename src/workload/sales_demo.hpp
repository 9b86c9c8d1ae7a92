#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.hpp"

namespace tributary::workload {

/// The four regions of the demo's sales organisation, each exporting its
/// deals its own way (`tributary demo`, docs/demo.md):
///   AMER  a SQLite CRM database, updated in place (`deals`, amounts in
///         integer cents, currency 'usd'), with an `export_runs` row per day;
///   EMEA  one CSV file a day, `deals_<date>.csv`, ';'-delimited, decimal
///         amounts in 'eur' or 'gbp', and a `deals_<date>.csv.done` marker;
///   LATAM Parquet, `dt=<date>/deals-0.parquet` with Portuguese column names
///         and a `_SUCCESS` marker per day;
///   APAC  NDJSON, `<date>/orders-<n>.ndjson` and `_SUCCESS`; from the last
///         day on the objects carry a new field, `channel`.
enum class SalesRegion : uint8_t { kAmer = 0, kEmea = 1, kLatam = 2, kApac = 3 };
constexpr int kSalesRegions = 4;

struct SalesDemoOptions {
  int64_t deals = 300'000;  // distinct deals over the whole window
  int days = 28;            // the window ends on `last_date`
  int32_t last_date = 0;    // days since 1970-01-01
  uint64_t seed = 20260616;
  /// Each region's UTC offset in seconds over the window (the demo's window
  /// lies in one DST period, so one offset per region is exact).
  int32_t utc_offset[kSalesRegions] = {-7 * 3600, 2 * 3600, -3 * 3600, 8 * 3600};
};

/// One version of one deal, as a region's system holds it after a change.
struct DealVersion {
  int64_t deal_id = 0;  // region-prefixed: AMER 1e9+n, EMEA 2e9+n, LATAM 3e9+n, APAC 4e9+n
  SalesRegion region = SalesRegion::kAmer;
  int32_t account = 0;
  int8_t family = 0;   // index into SalesDemo::Families()
  int8_t stage = 0;    // index into SalesDemo::Stages()
  int8_t currency = 0; // index into the region's currencies
  int32_t sale_date = 0;
  int64_t amount_cents = 0;
  int64_t updated_at_us = 0;  // UTC
  int32_t export_date = 0;    // the local date of updated_at: the export it is in
  bool correction = false;    // a later version of a deal exported on an earlier day
};

/// A deterministic sales history: `deals` deals created over `days` days,
/// about one in twelve corrected (stage or amount) one to three days later
/// by a newer version in a later export. The same options always give the
/// same bytes in every file.
class SalesDemo {
 public:
  explicit SalesDemo(SalesDemoOptions options);

  static const std::vector<std::string>& Families();
  static const std::vector<std::string>& Stages();
  static const char* RegionName(SalesRegion region);
  /// Currencies as the region's export writes them ("usd", "eur", "BRL").
  static const std::vector<std::string>& Currencies(SalesRegion region);

  const SalesDemoOptions& options() const { return options_; }
  int32_t first_date() const { return options_.last_date - options_.days + 1; }
  int64_t distinct_deals() const { return options_.deals; }
  /// Versions of `region` exported on dates in [from, to].
  int64_t VersionCount(SalesRegion region, int32_t from, int32_t to) const;
  /// Corrections of deals first exported before `date` that `date`'s export carries.
  int64_t LateCorrections(SalesRegion region, int32_t date) const;

  /// Writes `region`'s exports of the dates in [from, to] under `root`
  /// (its own folder layout, see SalesRegion), each day's ready marker last.
  /// AMER applies the versions to `root/crm.sqlite` in order and records
  /// each date in `export_runs`.
  Status WriteExports(SalesRegion region, const std::string& root, int32_t from, int32_t to) const;

 private:
  Status WriteSqlite(const std::string& root, int32_t from, int32_t to) const;
  Status WriteCsv(const std::string& root, int32_t date) const;
  Status WriteParquet(const std::string& root, int32_t date) const;
  Status WriteNdjson(const std::string& root, int32_t date) const;
  /// Versions of `region` exported on `date`, in updated_at order.
  std::vector<const DealVersion*> Export(SalesRegion region, int32_t date) const;

  SalesDemoOptions options_;
  std::vector<DealVersion> versions_;  // sorted by (region, export_date, updated_at)
};

}  // namespace tributary::workload
