#include "workload/lineorder_table.hpp"

namespace tributary {

Result<std::shared_ptr<iceberg::Table>> CreateLineorderTable(catalog::Catalog& catalog,
                                                             const catalog::TableIdentifier& id) {
  TRIB_ASSIGN_OR_RETURN(bool ns_exists, catalog.NamespaceExists(id.ns));
  if (!ns_exists) TRIB_RETURN_NOT_OK(catalog.CreateNamespace(id.ns));
  std::vector<iceberg::SchemaField> fields;
  int32_t next_id = 1;
  for (const auto& c : LineorderGenerator::Schema()) {
    iceberg::SchemaField f;
    f.id = next_id++;
    f.name = c.name;
    f.type = c.type;
    f.required = !c.nullable;
    fields.push_back(std::move(f));
  }
  TRIB_ASSIGN_OR_RETURN(auto schema, iceberg::Schema::Make(0, std::move(fields)));
  TRIB_ASSIGN_OR_RETURN(auto spec, iceberg::PartitionSpec::Builder(schema).Day("lo_orderdate").Build());
  const int32_t region = schema->FindField("lo_region")->id;
  const int32_t custkey = schema->FindField("lo_custkey")->id;
  iceberg::SortField by_region{region, iceberg::Transform::Identity(), iceberg::SortDirection::kAsc,
                               iceberg::NullOrder::kNullsFirst};
  iceberg::SortField by_customer{custkey, iceberg::Transform::Identity(), iceberg::SortDirection::kAsc,
                                 iceberg::NullOrder::kNullsFirst};
  TRIB_ASSIGN_OR_RETURN(auto order, iceberg::SortOrder::Make(*schema, 1, {by_region, by_customer}));
  return catalog.CreateTable(id, schema, spec, order);
}

Result<LineorderLoadResult> LoadLineorder(const std::shared_ptr<iceberg::Table>& table,
                                          const LineorderGenerator::Options& options,
                                          const TableWriterOptions& writer_options) {
  TRIB_ASSIGN_OR_RETURN(auto writer, TableWriter::Make(table, writer_options));
  LineorderGenerator gen(options);
  ColumnBatch batch(LineorderGenerator::Types(), kBatchSize);
  while (gen.Next(&batch)) TRIB_RETURN_NOT_OK(writer->Write(batch));
  TRIB_ASSIGN_OR_RETURN(auto files, writer->Finish());
  LineorderLoadResult result;
  result.rows = writer->rows_written();
  result.files = static_cast<int64_t>(files.size());
  iceberg::CommitOptions commit;
  commit.idempotency_key = fmt::format("generate:lineorder:seed={}:rows={}:first_date={}:days={}", options.seed,
                                       options.rows, options.first_date, options.days);
  TRIB_ASSIGN_OR_RETURN(iceberg::CommitResult committed, table->Append(std::move(files), commit));
  result.snapshot_id = committed.snapshot_id;
  result.already_committed = committed.already_committed;
  return result;
}

}  // namespace tributary
