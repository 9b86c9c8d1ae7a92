#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "ingest/ledger.hpp"
#include "orchestrator/config.hpp"

namespace tributary::ingest {

/// One load of one region (`tributary ingest`, and the orchestrator's
/// `type: ingest` tasks, which run that command).
struct RegionLoadOptions {
  std::string warehouse;
  const orchestrator::OrchestratorConfig* config = nullptr;
  std::string region;
  /// The logical date: substituted as {{ ds }} into the source settings and
  /// table names, and the reference of freshness checks (the end of that
  /// local day). None: today's date in the region's zone.
  std::optional<orchestrator::Days> logical_date;
  /// Defaults to "<region>-<date>-<UTC start>".
  std::string run_id;
  /// Progress lines ("EMEA deals: 120000 rows read (11.2 MB)").
  std::function<void(const std::string&)> progress;
};

/// What happened to one table of the region.
struct TableLoadResult {
  LoadRecord record;
  std::vector<CheckRecord> checks;
  std::string schema_changes;  // SchemaDrift::Describe(), empty when none
  int files_taken = 0;
  int files_skipped = 0;  // taken by an earlier load, same content
  int files_resent = 0;   // taken before with other content: loaded again
  std::string quarantine_table;
};

struct RegionLoadResult {
  std::string region;
  std::string run_id;
  std::vector<TableLoadResult> tables;
  /// sysexits-style: 0 loaded (or nothing new), 65 a batch was quarantined
  /// or the schema drifted (permanent), 69 the source was unreachable, 75
  /// another load of the region holds its lock, 70 anything else.
  int exit_code = 0;
  std::string error;  // why the load stopped, when it did
};

/// Loads every table of the region: extract (incremental from the
/// watermark less the lookback, or the ready files not taken yet) into a
/// Parquet staging table `_ingest.<region>__<table>__<run>`, compare the
/// source's columns with the contract (added columns evolve the target;
/// renames, removals and narrowing stop), map to the target's columns with
/// lineage (`_region`, `_source`, `_run_id`, `_ingested_at`), run the
/// region's checks on the batch (an error, or a warning failing a third
/// time in a row, quarantines the batch into `quarantine.*` and leaves the
/// target alone), then MERGE on the primary key, newer cursor wins, in one
/// commit carrying the new watermark and an idempotency key. Holds the
/// region's lock file for the whole load.
RegionLoadResult LoadRegion(const RegionLoadOptions& options);

}  // namespace tributary::ingest
