#pragma once

#include <cstdint>
#include <string>

namespace tributary::iceberg {

/// A random (version 4) UUID, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
/// Thread-safe; seeded per thread from the OS.
std::string NewUuid();

/// A random positive snapshot id, unique with overwhelming probability.
int64_t NewSnapshotId();

}  // namespace tributary::iceberg
