#pragma once

#include <utility>
#include <vector>

namespace tributary::ingest::testing {

/// Every place a load can be killed, as (environment variable, crash point):
/// the load's own steps (TRIBUTARY_CRASH_AT) and each step of the MERGE's
/// commit (TRIBUTARY_CRASH_IN_PUBLISH), in the order a load passes them.
inline const std::vector<std::pair<const char*, const char*>>& IngestCrashPoints() {
  static const std::vector<std::pair<const char*, const char*>> points = {
      {"TRIBUTARY_CRASH_AT", "ingest.after-stage"},
      {"TRIBUTARY_CRASH_AT", "ingest.after-checks"},
      {"TRIBUTARY_CRASH_AT", "ingest.before-publish"},
      {"TRIBUTARY_CRASH_IN_PUBLISH", "commit.after-manifest"},
      {"TRIBUTARY_CRASH_IN_PUBLISH", "commit.after-manifest-list"},
      {"TRIBUTARY_CRASH_IN_PUBLISH", "commit.after-metadata"},
      {"TRIBUTARY_CRASH_IN_PUBLISH", "commit.before-cas"},
      {"TRIBUTARY_CRASH_IN_PUBLISH", "commit.after-cas"},
      {"TRIBUTARY_CRASH_AT", "ingest.after-publish"},
  };
  return points;
}

}  // namespace tributary::ingest::testing
