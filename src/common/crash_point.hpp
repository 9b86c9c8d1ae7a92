#pragma once

#include <string_view>

namespace tributary {

/// Named crash-injection points for fault tests. When the environment
/// variable TRIBUTARY_CRASH_AT equals `name`, the process dies on the spot
/// with SIGKILL (as `kill -9` would: no destructors, no flushing). Costs one
/// cached comparison when the variable is unset.
void CrashPoint(std::string_view name);

}  // namespace tributary
