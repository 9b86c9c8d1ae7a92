#pragma once

#include <string>

#include "iceberg/table_metadata.hpp"

namespace tributary::sql {

/// A table's layout in the syntax CREATE TABLE declares it with, e.g.
/// `PARTITION BY RANGE (sale_date) WITH (partition_granularity = 'day',
/// cluster_by = 'region, product_family')`: the partition spec as PARTITION
/// BY (RANGE for a day/month/year/hour transform, LIST for identity) and the
/// sort order as cluster_by. Empty for an unpartitioned, unclustered table;
/// a layout that syntax cannot express (a bucket or truncate transform, more
/// than one partition field) is shown in Iceberg's terms instead.
std::string LayoutClause(const iceberg::TableMetadata& metadata);

}  // namespace tributary::sql
