// `tributary inspect --warehouse DIR [TABLE]`: what a warehouse holds and how
// a table is laid out — schema, partition spec, cluster keys, snapshots,
// partitions and files with their sizes and column bounds.

#include <cstdio>
#include <map>
#include <set>

#include "cli/commands.hpp"
#include "cli/table_argument.hpp"
#include "cli/text_table.hpp"
#include "iceberg/inspect.hpp"
#include "main/layout_clause.hpp"
#include "common/json_writer.hpp"
#include "types/datetime.hpp"

namespace tributary::cli {

namespace {

struct InspectArgs {
  std::string warehouse;
  std::string table;
  std::string format = "text";
  int64_t snapshot_id = -1;
  bool all_bounds = false;
};

std::string FormatMillis(int64_t ms) {
  return datetime::FormatTimestamp(ms * 1000 - (ms * 1000) % datetime::kMicrosPerSecond, true);
}

// One partition's files, aggregated.
struct PartitionSummary {
  int64_t files = 0;
  int64_t rows = 0;
  int64_t bytes = 0;
  std::set<std::string> leading_values;  // values of the leading cluster key
  int64_t mixed_files = 0;               // files holding more than one of them
};

struct TableView {
  std::shared_ptr<iceberg::Table> table;
  std::shared_ptr<const iceberg::TableMetadata> metadata;
  std::vector<iceberg::SnapshotInfo> snapshots;
  std::vector<iceberg::FileInfo> files;
  std::vector<std::string> cluster_keys;  // column names, in order
  std::map<std::string, PartitionSummary> partitions;
};

const iceberg::ColumnInfo* FindColumn(const iceberg::FileInfo& f, const std::string& name) {
  for (const auto& c : f.columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

Result<TableView> LoadView(catalog::Catalog& catalog, const InspectArgs& args) {
  TRIB_ASSIGN_OR_RETURN(catalog::TableIdentifier id, ParseTableArgument(args.table));
  TableView view;
  TRIB_ASSIGN_OR_RETURN(view.table, catalog.LoadTable(id));
  view.metadata = view.table->metadata();
  view.snapshots = iceberg::InspectSnapshots(*view.metadata);
  std::optional<int64_t> snapshot;
  if (args.snapshot_id >= 0) snapshot = args.snapshot_id;
  TRIB_ASSIGN_OR_RETURN(view.files, iceberg::InspectFiles(*view.metadata, snapshot));
  if (auto order = view.metadata->default_sort_order(); order) {
    for (const auto& f : order->fields()) {
      const auto* field = view.metadata->current_schema()->FindField(f.source_id);
      view.cluster_keys.push_back(field ? field->name : fmt::format("#{}", f.source_id));
    }
  }
  for (const auto& f : view.files) {
    PartitionSummary& p = view.partitions[f.partition_path.empty() ? "(unpartitioned)" : f.partition_path];
    p.files++;
    p.rows += f.record_count;
    p.bytes += f.file_size_in_bytes;
    if (!view.cluster_keys.empty()) {
      const iceberg::ColumnInfo* c = FindColumn(f, view.cluster_keys[0]);
      if (c && c->lower_bound && c->upper_bound) {
        p.leading_values.insert(*c->lower_bound);
        p.leading_values.insert(*c->upper_bound);
        if (*c->lower_bound != *c->upper_bound) p.mixed_files++;
      }
    }
  }
  return view;
}

std::string Relative(const std::string& path, const std::string& location) {
  if (path.rfind(location + "/", 0) == 0) return path.substr(location.size() + 1);
  return path;
}

void PrintText(const TableView& v, const InspectArgs& args) {
  const auto& md = *v.metadata;
  const auto& schema = *md.current_schema();
  std::string out = fmt::format("Table {}\n  location: {}\n  format-version: {}\n  uuid: {}\n", v.table->name(),
                                md.location, md.format_version, md.table_uuid);
  auto current = md.current_snapshot();
  out += fmt::format("  current snapshot: {}\n", current ? std::to_string(current->snapshot_id) : "none (empty table)");
  std::string spec;
  for (const auto& pf : md.default_spec()->fields()) {
    const auto* src = schema.FindField(pf.source_id);
    spec += fmt::format("{}{}({})", spec.empty() ? "" : ", ", pf.transform.ToString(), src ? src->name : "?");
  }
  out += fmt::format("  partitioned by: {}\n", spec.empty() ? "nothing" : spec);
  std::string keys;
  for (const auto& k : v.cluster_keys) keys += (keys.empty() ? "" : ", ") + k;
  out += fmt::format("  clustered by: {}\n", keys.empty() ? "nothing" : keys);
  const std::string layout = sql::LayoutClause(md);
  if (!layout.empty()) out += fmt::format("  layout (SQL): {}\n", layout);
  out += "\nSchema\n";

  TextTable fields({"id", "column", "type", "null"});
  for (const auto& f : schema.fields()) {
    fields.AddRow({std::to_string(f.id), f.name, f.type.ToString(), f.required ? "not null" : ""});
  }
  out += fields.Render();

  out += "\nSnapshots\n";
  TextTable snaps({"snapshot", "parent", "seq", "committed at", "operation", "added files", "added rows",
                   "total rows", "idempotency key"});
  for (const auto& s : v.snapshots) {
    auto get = [&](const char* key) {
      auto it = s.summary.find(key);
      return it == s.summary.end() ? std::string() : it->second;
    };
    snaps.AddRow({std::to_string(s.snapshot_id) + (s.is_current ? " *" : ""),
                  s.parent_snapshot_id ? std::to_string(*s.parent_snapshot_id) : "", std::to_string(s.sequence_number),
                  FormatMillis(s.timestamp_ms), s.operation, get(iceberg::summary::kAddedDataFiles),
                  get(iceberg::summary::kAddedRecords), get(iceberg::summary::kTotalRecords),
                  get(iceberg::summary::kIdempotencyKey)});
  }
  out += snaps.Render();

  const std::string leading = v.cluster_keys.empty() ? "" : v.cluster_keys[0];
  out += "\nPartitions\n";
  std::vector<std::string> pheaders = {"partition", "files", "rows", "size"};
  if (!leading.empty()) {
    pheaders.push_back(leading + " values");
    pheaders.push_back("files mixing " + leading);
  }
  TextTable parts(pheaders);
  int64_t mixed_total = 0, rows_total = 0, bytes_total = 0;
  for (const auto& [path, p] : v.partitions) {
    std::vector<std::string> row = {path, std::to_string(p.files), std::to_string(p.rows), HumanBytes(p.bytes)};
    if (!leading.empty()) {
      row.push_back(std::to_string(p.leading_values.size()));
      row.push_back(std::to_string(p.mixed_files));
    }
    mixed_total += p.mixed_files;
    rows_total += p.rows;
    bytes_total += p.bytes;
    parts.AddRow(std::move(row));
  }
  out += parts.Render();

  out += "\nFiles\n";
  std::vector<std::string> fheaders = {"file", "rows", "size"};
  std::vector<std::string> bound_columns = v.cluster_keys;
  if (args.all_bounds) {
    bound_columns.clear();
    for (const auto& f : schema.fields()) bound_columns.push_back(f.name);
  }
  for (const auto& c : bound_columns) fheaders.push_back(c + " [min, max]");
  TextTable files(fheaders);
  for (const auto& f : v.files) {
    std::vector<std::string> row = {Relative(f.path, md.location), std::to_string(f.record_count),
                                    HumanBytes(f.file_size_in_bytes)};
    for (const auto& c : bound_columns) {
      const iceberg::ColumnInfo* info = FindColumn(f, c);
      if (!info || !info->lower_bound || !info->upper_bound) {
        row.push_back("");
      } else if (*info->lower_bound == *info->upper_bound) {
        row.push_back(*info->lower_bound);
      } else {
        row.push_back(fmt::format("[{}, {}]", *info->lower_bound, *info->upper_bound));
      }
    }
    files.AddRow(std::move(row));
  }
  out += files.Render();
  out += fmt::format("\n{} files in {} partitions, {} rows, {}", v.files.size(), v.partitions.size(), rows_total,
                     HumanBytes(bytes_total));
  if (!leading.empty()) out += fmt::format("; files holding more than one {}: {}", leading, mixed_total);
  out += "\n";
  std::fputs(out.c_str(), stdout);
}

void PrintJson(const TableView& v) {
  const auto& md = *v.metadata;
  JsonWriter w;
  w.BeginObject();
  w.Key("table").String(v.table->name());
  w.Key("location").String(md.location);
  w.Key("metadata_location").String(v.table->metadata_location());
  auto current = md.current_snapshot();
  w.Key("current_snapshot_id");
  if (current) {
    w.Int(current->snapshot_id);
  } else {
    w.Null();
  }
  w.Key("schema").BeginArray();
  for (const auto& f : md.current_schema()->fields()) {
    w.BeginObject().Key("id").Int(f.id).Key("name").String(f.name).Key("type").String(f.type.ToString());
    w.Key("required").Bool(f.required).EndObject();
  }
  w.EndArray();
  w.Key("partition_spec").Raw(md.default_spec()->ToJson());
  w.Key("cluster_keys").BeginArray();
  for (const auto& k : v.cluster_keys) w.String(k);
  w.EndArray();
  w.Key("layout_sql").String(sql::LayoutClause(md));
  w.Key("snapshots").BeginArray();
  for (const auto& s : v.snapshots) {
    w.BeginObject().Key("snapshot_id").Int(s.snapshot_id).Key("parent_snapshot_id");
    if (s.parent_snapshot_id) {
      w.Int(*s.parent_snapshot_id);
    } else {
      w.Null();
    }
    w.Key("sequence_number").Int(s.sequence_number).Key("timestamp_ms").Int(s.timestamp_ms);
    w.Key("operation").String(s.operation).Key("current").Bool(s.is_current).Key("summary").BeginObject();
    for (const auto& [k, val] : s.summary) w.Key(k).String(val);
    w.EndObject().EndObject();
  }
  w.EndArray();
  w.Key("partitions").BeginArray();
  for (const auto& [path, p] : v.partitions) {
    w.BeginObject().Key("partition").String(path).Key("files").Int(p.files).Key("rows").Int(p.rows);
    w.Key("bytes").Int(p.bytes);
    if (!v.cluster_keys.empty()) {
      w.Key("leading_cluster_values").Int(static_cast<int64_t>(p.leading_values.size()));
      w.Key("files_mixing_leading_cluster_key").Int(p.mixed_files);
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("files").BeginArray();
  for (const auto& f : v.files) {
    w.BeginObject().Key("path").String(f.path).Key("partition").BeginObject();
    for (const auto& [name, val] : f.partition_values) w.Key(name).String(val);
    w.EndObject();
    w.Key("spec_id").Int(f.spec_id).Key("record_count").Int(f.record_count);
    w.Key("file_size_in_bytes").Int(f.file_size_in_bytes).Key("columns").BeginArray();
    for (const auto& c : f.columns) {
      w.BeginObject().Key("field_id").Int(c.field_id).Key("name").String(c.name);
      auto opt_string = [&](const char* key, const std::optional<std::string>& s) {
        w.Key(key);
        if (s) {
          w.String(*s);
        } else {
          w.Null();
        }
      };
      auto opt_int = [&](const char* key, const std::optional<int64_t>& i) {
        w.Key(key);
        if (i) {
          w.Int(*i);
        } else {
          w.Null();
        }
      };
      opt_string("lower_bound", c.lower_bound);
      opt_string("upper_bound", c.upper_bound);
      opt_int("null_count", c.null_count);
      opt_int("value_count", c.value_count);
      opt_int("size_bytes", c.size_bytes);
      w.EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray();
  w.EndObject();
  std::puts(w.str().c_str());
}

int ListTables(catalog::Catalog& catalog, const std::string& format) {
  auto namespaces = catalog.ListNamespaces();
  if (!namespaces.ok()) return ReportError(namespaces.status());
  TextTable table({"table", "snapshot", "files", "rows", "size"});
  JsonWriter w;
  w.BeginArray();
  for (const auto& ns : *namespaces) {
    auto tables = catalog.ListTables(ns);
    if (!tables.ok()) return ReportError(tables.status());
    for (const auto& id : *tables) {
      auto t = catalog.LoadTable(id);
      if (!t.ok()) return ReportError(t.status());
      auto snap = (*t)->metadata()->current_snapshot();
      int64_t files = snap ? snap->SummaryInt(iceberg::summary::kTotalDataFiles) : 0;
      int64_t rows = snap ? snap->SummaryInt(iceberg::summary::kTotalRecords) : 0;
      int64_t bytes = snap ? snap->SummaryInt(iceberg::summary::kTotalFilesSize) : 0;
      table.AddRow({id.ToString(), snap ? std::to_string(snap->snapshot_id) : "", std::to_string(files),
                    std::to_string(rows), HumanBytes(bytes)});
      w.BeginObject().Key("table").String(id.ToString()).Key("files").Int(files).Key("rows").Int(rows);
      w.Key("bytes").Int(bytes).EndObject();
    }
  }
  w.EndArray();
  std::fputs(format == "json" ? (w.str() + "\n").c_str() : table.Render().c_str(), stdout);
  return 0;
}

}  // namespace

void RegisterInspectCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<InspectArgs>();
  CLI::App* cmd = app.add_subcommand("inspect", "Show a warehouse's tables, or one table's layout");
  cmd->add_option("--warehouse", args->warehouse, "Warehouse directory")->required();
  cmd->add_option("table", args->table, "Table as NAMESPACE.TABLE; omit to list every table");
  cmd->add_option("--format", args->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--snapshot", args->snapshot_id, "Show the files of this snapshot instead of the current one");
  cmd->add_flag("--all-bounds", args->all_bounds, "Show every column's bounds per file (text format)");
  cmd->callback([args, exit_code] {
    auto catalog = OpenExistingWarehouse(args->warehouse);
    if (!catalog.ok()) {
      *exit_code = ReportError(catalog.status());
      return;
    }
    if (args->table.empty()) {
      *exit_code = ListTables(**catalog, args->format);
      return;
    }
    auto view = LoadView(**catalog, *args);
    if (!view.ok()) {
      *exit_code = ReportError(view.status());
      return;
    }
    if (args->format == "json") {
      PrintJson(*view);
    } else {
      PrintText(*view, *args);
    }
  });
}

}  // namespace tributary::cli
