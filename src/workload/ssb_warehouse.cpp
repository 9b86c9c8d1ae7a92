#include "workload/ssb_warehouse.hpp"

#include <fmt/format.h>

#include "workload/ssb_generator.hpp"

namespace tributary {

namespace {

std::vector<const char*> ClusterKeys(SsbTable table) {
  switch (table) {
    case SsbTable::kLineorder: return {"lo_orderdate"};
    case SsbTable::kCustomer: return {"c_region", "c_nation"};
    case SsbTable::kSupplier: return {"s_region", "s_nation"};
    case SsbTable::kPart: return {"p_mfgr", "p_category", "p_brand1"};
    case SsbTable::kDate: return {"d_datekey"};
  }
  return {};
}

}  // namespace

Result<std::shared_ptr<iceberg::Table>> CreateSsbTable(catalog::Catalog& catalog, SsbTable table) {
  TRIB_ASSIGN_OR_RETURN(bool ns_exists, catalog.NamespaceExists(kSsbNamespace));
  if (!ns_exists) TRIB_RETURN_NOT_OK(catalog.CreateNamespace(kSsbNamespace));
  std::vector<iceberg::SchemaField> fields;
  int32_t next_id = 1;
  for (const auto& c : SsbColumns(table)) {
    iceberg::SchemaField f;
    f.id = next_id++;
    f.name = c.name;
    f.type = c.type;
    f.required = true;
    fields.push_back(std::move(f));
  }
  TRIB_ASSIGN_OR_RETURN(auto schema, iceberg::Schema::Make(0, std::move(fields)));
  std::shared_ptr<const iceberg::PartitionSpec> spec;
  if (table == SsbTable::kLineorder) {
    TRIB_ASSIGN_OR_RETURN(spec, iceberg::PartitionSpec::Builder(schema).Year("lo_orderdate").Build());
  }
  std::vector<iceberg::SortField> sort_fields;
  for (const char* name : ClusterKeys(table)) {
    sort_fields.push_back({schema->FindField(name)->id, iceberg::Transform::Identity(), iceberg::SortDirection::kAsc,
                           iceberg::NullOrder::kNullsFirst});
  }
  TRIB_ASSIGN_OR_RETURN(auto order, iceberg::SortOrder::Make(*schema, 1, std::move(sort_fields)));
  catalog::TableIdentifier id{kSsbNamespace, std::string(SsbTableName(table))};
  return catalog.CreateTable(id, schema, spec, order);
}

Result<SsbLoadResult> LoadSsbTable(const std::shared_ptr<iceberg::Table>& table, SsbTable which, double scale,
                                   uint64_t seed, const TableWriterOptions& writer_options) {
  TableWriterOptions options = writer_options;
  // lo_orderdate is the sort key: file bounds already prune on it, and a
  // file per date (what a low-cardinality leading key gets) would only
  // multiply files in a partition holding few dates.
  if (which == SsbTable::kLineorder) options.low_cardinality_limit = 0;
  TRIB_ASSIGN_OR_RETURN(auto writer, TableWriter::Make(table, options));
  SsbGenerator gen(which, scale, seed);
  ColumnBatch batch(SsbTypes(which), kBatchSize);
  while (gen.Next(&batch)) TRIB_RETURN_NOT_OK(writer->Write(batch));
  TRIB_ASSIGN_OR_RETURN(auto files, writer->Finish());
  SsbLoadResult result;
  result.rows = writer->rows_written();
  result.files = static_cast<int64_t>(files.size());
  iceberg::CommitOptions commit;
  commit.idempotency_key = fmt::format("gen:ssb:{}:scale={}:seed={}", SsbTableName(which), scale, seed);
  TRIB_ASSIGN_OR_RETURN(iceberg::CommitResult committed, table->Append(std::move(files), commit));
  result.already_committed = committed.already_committed;
  return result;
}

}  // namespace tributary
