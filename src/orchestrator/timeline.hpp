#pragma once

#include <optional>
#include <string>
#include <vector>

#include "orchestrator/config.hpp"

namespace tributary::orchestrator {

/// The deadline of a region's run scheduled at `fire`: the region's deadline
/// time of day on the fire's local date, or on the next local date when the
/// deadline time is not after the fire's time of day. A deadline time that
/// falls in a DST gap resolves to the end of the gap; one that repeats, to
/// its first occurrence.
Micros RegionDeadline(const RegionConfig& region, const CronFire& fire);
/// The logical date of a region's run scheduled at `fire`: the fire's local
/// date plus the region's logical_date_offset.
Days RegionLogicalDate(const RegionConfig& region, const CronFire& fire);
/// A refresh job's deadline for `logical_date`: its deadline time of day, in
/// its zone, on the local date after the logical date.
Micros RefreshDeadline(const RefreshConfig& refresh, Days logical_date);

/// One planned task run in a day's timeline.
struct PlannedRun {
  std::string task;          // region or refresh name
  std::string kind;          // "region" | "refresh"
  std::string time_zone;     // the task's zone
  Days logical_date = 0;
  /// Regions: the scheduled fire. Refreshes: when their inputs are expected
  /// to have landed (the latest dependency's start + expected duration).
  Micros planned_start = 0;
  LocalTime planned_start_local;
  Micros deadline = 0;
  LocalTime deadline_local;
  /// "DST gap: 02:30 does not exist, runs at 03:00" and the like; empty when
  /// nothing is unusual.
  std::string note;
};

/// Every run planned on the calendar date `date`: region runs whose fire's
/// local date is `date`, and the refreshes of the logical dates those runs
/// load. Sorted by planned start (UTC), then task name.
std::vector<PlannedRun> PlanDay(const OrchestratorConfig& config, Days date);

/// The timeline as a text table: task, kind, logical date, planned start in
/// local time (with the zone's abbreviation) and UTC, deadline likewise.
std::string FormatTimeline(const std::vector<PlannedRun>& runs);

}  // namespace tributary::orchestrator
