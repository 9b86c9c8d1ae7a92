#pragma once

#include <memory>

#include "catalog/catalog.hpp"
#include "main/connection.hpp"

namespace tributary {

/// What connections share: the warehouse catalog.
struct Database::Impl {
  std::shared_ptr<catalog::Catalog> catalog;
};

}  // namespace tributary
