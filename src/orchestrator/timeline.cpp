// A day's plan: when each region's run starts and is due, and when each
// fan-in refresh can expect its inputs, with the DST cases spelt out.
#include "orchestrator/timeline.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "types/datetime.hpp"

namespace tributary::orchestrator {

namespace {

/// "02:30", or "02:30:15" when the seconds are not zero.
std::string FormatClock(int32_t seconds) {
  if (seconds % 60 == 0) return fmt::format("{:02}:{:02}", seconds / 3600, seconds / 60 % 60);
  return fmt::format("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
}

/// The instant of a wall-clock reading under the timeline's rules (a gap
/// resolves to its end, an overlap to its first occurrence), and a note when
/// the reading was not unique.
Micros ResolveWithNote(const TimeZone& zone, LocalTime local, bool is_deadline, std::vector<std::string>* notes) {
  LocalResolution resolution = zone.Resolve(local);
  std::string subject = is_deadline ? "deadline " + FormatClock(local.seconds) : FormatClock(local.seconds);
  switch (resolution.kind) {
    case LocalResolution::Kind::kUnique: break;
    case LocalResolution::Kind::kSkipped:
      notes->push_back(fmt::format("DST gap: {} does not exist, {} {} {}", subject, is_deadline ? "due at" : "runs at",
                                   FormatClock(zone.ToLocal(resolution.instant).seconds),
                                   zone.Abbreviation(resolution.instant)));
      break;
    case LocalResolution::Kind::kRepeated:
      notes->push_back(fmt::format("DST overlap: {} occurs twice, {} the first ({})", subject,
                                   is_deadline ? "due at" : "runs at", zone.Abbreviation(resolution.instant)));
      break;
  }
  return resolution.instant;
}

Micros RegionDeadlineWithNotes(const RegionConfig& region, const CronFire& fire, std::vector<std::string>* notes) {
  Days date = region.deadline > fire.local.seconds ? fire.local.date : fire.local.date + 1;
  return ResolveWithNote(region.time_zone, LocalTime{date, region.deadline}, true, notes);
}

Micros RefreshDeadlineWithNotes(const RefreshConfig& refresh, Days logical_date, std::vector<std::string>* notes) {
  return ResolveWithNote(refresh.time_zone, LocalTime{logical_date + 1, refresh.deadline}, true, notes);
}

/// Plans the refreshes: which logical dates each has inputs for on a day,
/// and when those inputs are expected to have landed.
class RefreshPlanner {
 public:
  RefreshPlanner(const OrchestratorConfig& config, Days date) : date_(date) {
    for (const RegionConfig& r : config.regions) regions_.emplace(r.name, &r);
    for (const RefreshConfig& r : config.refreshes) refreshes_.emplace(r.name, &r);
  }

  /// The logical dates `task`'s runs planned on the day load.
  const std::set<Days>& LogicalDates(const std::string& task) {
    if (auto it = dates_.find(task); it != dates_.end()) return it->second;
    std::set<Days>& dates = dates_[task];  // empty while visiting: a cycle adds nothing
    if (auto region = regions_.find(task); region != regions_.end()) {
      const RegionConfig& r = *region->second;
      for (const CronFire& fire : r.schedule.FiresOn(date_, r.time_zone)) dates.insert(RegionLogicalDate(r, fire));
    } else if (auto refresh = refreshes_.find(task); refresh != refreshes_.end()) {
      std::set<Days> all;
      for (const std::string& dep : refresh->second->depends_on) {
        const std::set<Days>& dep_dates = LogicalDates(dep);
        all.insert(dep_dates.begin(), dep_dates.end());
      }
      dates_[task] = std::move(all);
    }
    return dates_[task];
  }

  /// When `refresh`'s inputs for `logical_date` are expected to have landed:
  /// the latest dependency's start plus its expected duration.
  std::optional<Micros> InputsLanded(const RefreshConfig& refresh, Days logical_date) {
    std::optional<Micros> latest;
    for (const std::string& dep : refresh.depends_on) {
      std::optional<Micros> landed = Landed(dep, logical_date);
      if (landed && (!latest || *landed > *latest)) latest = landed;
    }
    return latest;
  }

 private:
  /// When `task`'s first run for `logical_date` is expected to finish. A
  /// region's runs for a logical date are the fires on the local date that
  /// loads it, wherever that date falls relative to the planned day.
  std::optional<Micros> Landed(const std::string& task, Days logical_date) {
    auto key = std::make_pair(task, logical_date);
    if (auto it = landed_.find(key); it != landed_.end()) return it->second;
    landed_[key] = std::nullopt;  // a cycle lands nothing
    std::optional<Micros> landed;
    if (auto region = regions_.find(task); region != regions_.end()) {
      const RegionConfig& r = *region->second;
      std::vector<CronFire> fires = r.schedule.FiresOn(logical_date - r.logical_date_offset, r.time_zone);
      if (!fires.empty()) landed = fires.front().at + r.expected_duration.value_or(0);
    } else if (auto refresh = refreshes_.find(task); refresh != refreshes_.end()) {
      std::optional<Micros> start = InputsLanded(*refresh->second, logical_date);
      if (start) landed = *start + refresh->second->expected_duration.value_or(0);
    }
    landed_[key] = landed;
    return landed;
  }

  Days date_;
  std::map<std::string, const RegionConfig*> regions_;
  std::map<std::string, const RefreshConfig*> refreshes_;
  std::map<std::string, std::set<Days>> dates_;
  std::map<std::pair<std::string, Days>, std::optional<Micros>> landed_;
};

std::string JoinNotes(const std::vector<std::string>& notes) {
  std::string out;
  for (const std::string& note : notes) {
    if (!out.empty()) out += "; ";
    out += note;
  }
  return out;
}

}  // namespace

Micros RegionDeadline(const RegionConfig& region, const CronFire& fire) {
  std::vector<std::string> notes;
  return RegionDeadlineWithNotes(region, fire, &notes);
}

Days RegionLogicalDate(const RegionConfig& region, const CronFire& fire) {
  return fire.local.date + region.logical_date_offset;
}

Micros RefreshDeadline(const RefreshConfig& refresh, Days logical_date) {
  std::vector<std::string> notes;
  return RefreshDeadlineWithNotes(refresh, logical_date, &notes);
}

std::vector<PlannedRun> PlanDay(const OrchestratorConfig& config, Days date) {
  std::vector<PlannedRun> runs;
  for (const RegionConfig& region : config.regions) {
    const TimeZone& zone = region.time_zone;
    for (const CronFire& fire : region.schedule.FiresOn(date, zone)) {
      std::vector<std::string> notes;
      PlannedRun run;
      run.task = region.name;
      run.kind = "region";
      run.time_zone = zone.name();
      run.logical_date = RegionLogicalDate(region, fire);
      ResolveWithNote(zone, fire.local, false, &notes);
      run.planned_start = fire.at;
      run.planned_start_local = zone.ToLocal(fire.at);
      run.deadline = RegionDeadlineWithNotes(region, fire, &notes);
      run.deadline_local = zone.ToLocal(run.deadline);
      if (region.expected_duration && fire.at + *region.expected_duration > run.deadline) {
        notes.push_back(
            fmt::format("expected to finish after the deadline (takes {})", FormatDuration(*region.expected_duration)));
      }
      run.note = JoinNotes(notes);
      runs.push_back(std::move(run));
    }
  }

  RefreshPlanner planner(config, date);
  for (const RefreshConfig& refresh : config.refreshes) {
    const TimeZone& zone = refresh.time_zone;
    for (Days logical_date : planner.LogicalDates(refresh.name)) {
      std::vector<std::string> notes;
      PlannedRun run;
      run.task = refresh.name;
      run.kind = "refresh";
      run.time_zone = zone.name();
      run.logical_date = logical_date;
      run.deadline = RefreshDeadlineWithNotes(refresh, logical_date, &notes);
      run.deadline_local = zone.ToLocal(run.deadline);
      std::optional<Micros> start = planner.InputsLanded(refresh, logical_date);
      if (!start) notes.push_back("no dependency has a run planned for this date");
      run.planned_start = start.value_or(run.deadline);
      run.planned_start_local = zone.ToLocal(run.planned_start);
      Micros finish = run.planned_start + refresh.expected_duration.value_or(0);
      if (start && finish > run.deadline) {
        notes.push_back(refresh.expected_duration ? fmt::format("expected to finish after the deadline (takes {})",
                                                                FormatDuration(*refresh.expected_duration))
                                                  : std::string("inputs expected after the deadline"));
      }
      run.note = JoinNotes(notes);
      runs.push_back(std::move(run));
    }
  }

  std::stable_sort(runs.begin(), runs.end(), [](const PlannedRun& a, const PlannedRun& b) {
    return std::tie(a.planned_start, a.task) < std::tie(b.planned_start, b.task);
  });
  return runs;
}

std::string FormatTimeline(const std::vector<PlannedRun>& runs) {
  if (runs.empty()) return "no runs planned\n";
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"task", "kind", "zone", "logical date", "start (local)", "start (UTC)", "deadline (local)",
                  "deadline (UTC)", "note"});
  std::map<std::string, std::optional<TimeZone>> zones;
  for (const PlannedRun& run : runs) {
    auto [it, inserted] = zones.try_emplace(run.time_zone);
    if (inserted) {
      auto zone = TimeZone::Find(run.time_zone);
      if (zone.ok()) it->second = *zone;
    }
    const std::optional<TimeZone>& zone = it->second;
    auto local = [&](LocalTime reading, Micros instant) {
      std::string text = FormatLocalTime(reading);
      if (zone) text += " " + zone->Abbreviation(instant);
      return text;
    };
    rows.push_back({run.task, run.kind, run.time_zone, datetime::FormatDate(run.logical_date),
                    local(run.planned_start_local, run.planned_start), FormatUtc(run.planned_start),
                    local(run.deadline_local, run.deadline), FormatUtc(run.deadline), run.note});
  }
  std::vector<size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); i++) widths[i] = std::max(widths[i], row[i].size());
  }
  auto render = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < row.size(); i++) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + "\n";
  };
  std::string out = render(rows[0]);
  std::vector<std::string> rule;
  for (size_t i = 0; i < widths.size(); i++) rule.emplace_back(std::max<size_t>(widths[i], 1), '-');
  out += render(rule);
  for (size_t r = 1; r < rows.size(); r++) out += render(rows[r]);
  return out;
}

}  // namespace tributary::orchestrator
