#pragma once

#include <memory>

#include "catalog/catalog.hpp"
#include "catalog/job_log.hpp"
#include "main/connection.hpp"
#include "main/result_cache.hpp"

namespace tributary {

/// What connections share: the warehouse catalog, the job history and the
/// result cache (none when DatabaseOptions::result_cache_bytes is 0).
struct Database::Impl {
  std::shared_ptr<catalog::Catalog> catalog;
  std::unique_ptr<catalog::JobLog> jobs;
  std::unique_ptr<ResultCache> result_cache;
};

}  // namespace tributary
