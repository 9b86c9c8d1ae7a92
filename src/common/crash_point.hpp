#pragma once

#include <string>
#include <string_view>

namespace tributary {

/// Named crash-injection points for fault tests. When armed with `name` —
/// through the environment variable TRIBUTARY_CRASH_AT or ArmCrashPoint() —
/// reaching CrashPoint(name) kills the process on the spot with SIGKILL, as
/// `kill -9` would: no destructors, no flushing, no atexit. Costs one
/// comparison against an empty string when nothing is armed.
void CrashPoint(std::string_view name);

/// Arms `name` in this process (e.g. in a forked child before a commit).
/// An empty name disarms.
void ArmCrashPoint(std::string name);

}  // namespace tributary
