#pragma once

#include <memory>

#include "catalog/catalog.hpp"
#include "catalog/job_log.hpp"
#include "main/connection.hpp"

namespace tributary {

/// What connections share: the warehouse catalog and the job history.
struct Database::Impl {
  std::shared_ptr<catalog::Catalog> catalog;
  std::unique_ptr<catalog::JobLog> jobs;
};

}  // namespace tributary
