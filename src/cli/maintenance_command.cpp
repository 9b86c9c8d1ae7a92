// Table maintenance: `tributary compact` (bin-pack small files, re-cluster)
// and `tributary expire` (drop old snapshots and the files only they used).

#include <cstdio>

#include "cli/commands.hpp"
#include "cli/table_argument.hpp"
#include "storage/compaction.hpp"

namespace tributary::cli {

namespace {

struct MaintenanceArgs {
  std::string warehouse;
  std::string table;
  int64_t target_file_mb = 256;
  int64_t small_file_mb = 64;
  int retain_last = -1;
  int64_t older_than_ms = -1;
};

Result<std::shared_ptr<iceberg::Table>> OpenTable(const MaintenanceArgs& args) {
  TRIB_ASSIGN_OR_RETURN(auto id, ParseTableArgument(args.table));
  TRIB_ASSIGN_OR_RETURN(auto catalog, OpenExistingWarehouse(args.warehouse));
  return catalog->LoadTable(id);
}

int RunCompact(const MaintenanceArgs& args) {
  auto table = OpenTable(args);
  if (!table.ok()) return ReportError(table.status());
  CompactionOptions options;
  options.writer.target_file_bytes = args.target_file_mb << 20;
  options.small_file_bytes = args.small_file_mb << 20;
  auto result = CompactTable(*table, options);
  if (!result.ok()) return ReportError(result.status());
  if (!result->commit) {
    std::printf("%s: nothing to compact\n", (*table)->name().c_str());
    return 0;
  }
  std::printf("%s: rewrote %lld rows in %lld partitions: %lld files -> %lld files, snapshot %lld\n",
              (*table)->name().c_str(), static_cast<long long>(result->rows_rewritten),
              static_cast<long long>(result->partitions_rewritten), static_cast<long long>(result->files_removed),
              static_cast<long long>(result->files_added), static_cast<long long>(result->commit->snapshot_id));
  return 0;
}

int RunExpire(const MaintenanceArgs& args) {
  if (args.retain_last < 0 && args.older_than_ms < 0) {
    return ReportError(Status::Invalid("expire needs --retain-last N and/or --older-than-ms MS"));
  }
  auto table = OpenTable(args);
  if (!table.ok()) return ReportError(table.status());
  iceberg::ExpireOptions options;
  if (args.retain_last >= 0) options.retain_last = args.retain_last;
  if (args.older_than_ms >= 0) options.older_than_ms = args.older_than_ms;
  auto result = (*table)->ExpireSnapshots(options);
  if (!result.ok()) return ReportError(result.status());
  std::printf("%s: expired %zu snapshots; deleted %lld data files, %lld manifests, %lld manifest lists\n",
              (*table)->name().c_str(), result->expired_snapshot_ids.size(),
              static_cast<long long>(result->deleted_data_files), static_cast<long long>(result->deleted_manifests),
              static_cast<long long>(result->deleted_manifest_lists));
  return 0;
}

}  // namespace

void RegisterMaintenanceCommands(CLI::App& app, int* exit_code) {
  auto compact_args = std::make_shared<MaintenanceArgs>();
  CLI::App* compact = app.add_subcommand("compact", "Bin-pack a table's small files and re-cluster them");
  compact->add_option("--warehouse", compact_args->warehouse, "Warehouse directory")->required();
  compact->add_option("table", compact_args->table, "NAMESPACE.TABLE")->required();
  compact->add_option("--target-file-mb", compact_args->target_file_mb, "Target file size")->capture_default_str();
  compact->add_option("--small-file-mb", compact_args->small_file_mb, "Files below this size are merged")
      ->capture_default_str();
  compact->callback([compact_args, exit_code] { *exit_code = RunCompact(*compact_args); });

  auto expire_args = std::make_shared<MaintenanceArgs>();
  CLI::App* expire = app.add_subcommand("expire", "Expire old snapshots and delete the files only they reference");
  expire->add_option("--warehouse", expire_args->warehouse, "Warehouse directory")->required();
  expire->add_option("table", expire_args->table, "NAMESPACE.TABLE")->required();
  expire->add_option("--retain-last", expire_args->retain_last, "Keep the newest N snapshots");
  expire->add_option("--older-than-ms", expire_args->older_than_ms, "Expire snapshots older than this epoch ms");
  expire->callback([expire_args, exit_code] { *exit_code = RunExpire(*expire_args); });
}

}  // namespace tributary::cli
