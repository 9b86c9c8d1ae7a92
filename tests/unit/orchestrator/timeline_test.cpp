// A day's timeline: region runs at their local times, deadlines on the next
// day when not after the start, refreshes when their inputs land, and the
// DST days (Berlin springs forward 2026-03-29, Los Angeles falls back
// 2026-11-01) with exact UTC instants.
#include "orchestrator/timeline.hpp"

#include <gtest/gtest.h>

#include "types/datetime.hpp"

namespace tributary::orchestrator {
namespace {

Days Date(int32_t y, uint32_t m, uint32_t d) { return datetime::DaysFromCivil(y, m, d); }

Micros Utc(int32_t y, uint32_t m, uint32_t d, int32_t h, int32_t mi) {
  return Date(y, m, d) * kMicrosPerDay + h * kMicrosPerHour + mi * kMicrosPerMinute;
}

LocalTime Local(int32_t y, uint32_t m, uint32_t d, int32_t h, int32_t mi) {
  return LocalTime{Date(y, m, d), h * 3600 + mi * 60};
}

OrchestratorConfig Parse(const std::string& text) {
  ConfigParseResult result = ParseOrchestratorConfig("orch.yaml", text);
  EXPECT_TRUE(result.errors.empty()) << FormatConfigErrors(result.errors);
  return result.config.value_or(OrchestratorConfig{});
}

OrchestratorConfig SalesExample() {
  ConfigParseResult result = ReadOrchestratorConfig(std::string(TRIBUTARY_SOURCE_DIR) + "/examples/sales.yaml");
  EXPECT_TRUE(result.errors.empty()) << FormatConfigErrors(result.errors);
  return result.config.value_or(OrchestratorConfig{});
}

std::string Region(const std::string& name, const std::string& zone, const std::string& schedule,
                   const std::string& deadline, const std::string& extra = "") {
  return "  - name: " + name + "\n    time_zone: " + zone + "\n    schedule: '" + schedule + "'\n    deadline: '" +
         deadline + "'\n    task: {type: command, command: /opt/load.sh}\n" + extra;
}

const PlannedRun& Find(const std::vector<PlannedRun>& runs, const std::string& task) {
  for (const PlannedRun& run : runs) {
    if (run.task == task) return run;
  }
  ADD_FAILURE() << "no run of " << task;
  static const PlannedRun none;
  return none;
}

struct Expected {
  std::string task;
  Days logical_date;
  Micros start;
  Micros deadline;
};

void ExpectRuns(const std::vector<PlannedRun>& runs, const std::vector<Expected>& expected) {
  ASSERT_EQ(runs.size(), expected.size());
  for (size_t i = 0; i < runs.size(); i++) {
    SCOPED_TRACE(expected[i].task);
    EXPECT_EQ(runs[i].task, expected[i].task);
    EXPECT_EQ(runs[i].logical_date, expected[i].logical_date);
    EXPECT_EQ(FormatUtc(runs[i].planned_start), FormatUtc(expected[i].start));
    EXPECT_EQ(FormatUtc(runs[i].deadline), FormatUtc(expected[i].deadline));
  }
}

TEST(Timeline, OrdinarySummerDayOfTheSalesExample) {
  std::vector<PlannedRun> runs = PlanDay(SalesExample(), Date(2026, 6, 15));
  Days yesterday = Date(2026, 6, 14);
  // 05:00 local everywhere; in UTC APAC starts the evening before.
  ExpectRuns(runs, {
                       {"APAC", yesterday, Utc(2026, 6, 14, 21, 0), Utc(2026, 6, 15, 0, 0)},
                       {"EMEA", yesterday, Utc(2026, 6, 15, 3, 0), Utc(2026, 6, 15, 6, 0)},
                       {"LATAM", yesterday, Utc(2026, 6, 15, 8, 0), Utc(2026, 6, 15, 11, 0)},
                       {"AMER", yesterday, Utc(2026, 6, 15, 12, 0), Utc(2026, 6, 15, 15, 0)},
                       // AMER lands last: 12:00Z + its 40m expected duration.
                       {"global_daily", yesterday, Utc(2026, 6, 15, 12, 40), Utc(2026, 6, 15, 16, 0)},
                   });
  const PlannedRun& amer = Find(runs, "AMER");
  EXPECT_EQ(amer.kind, "region");
  EXPECT_EQ(amer.time_zone, "America/Los_Angeles");
  EXPECT_EQ(amer.planned_start_local, Local(2026, 6, 15, 5, 0));
  EXPECT_EQ(amer.deadline_local, Local(2026, 6, 15, 8, 0));
  EXPECT_EQ(amer.note, "");
  const PlannedRun& apac = Find(runs, "APAC");
  EXPECT_EQ(apac.planned_start_local, Local(2026, 6, 15, 5, 0));
  const PlannedRun& global = Find(runs, "global_daily");
  EXPECT_EQ(global.kind, "refresh");
  EXPECT_EQ(global.time_zone, "UTC");
  EXPECT_EQ(global.planned_start_local, Local(2026, 6, 15, 12, 40));
  EXPECT_EQ(global.note, "");
}

TEST(Timeline, BerlinSpringForwardInTheSalesExample) {
  // Berlin is on CEST from 01:00Z: 05:00 local is 03:00Z, an hour earlier
  // in UTC than the day before. Los Angeles has been on PDT since March 8.
  OrchestratorConfig config = SalesExample();
  ExpectRuns(PlanDay(config, Date(2026, 3, 28)),
             {
                 {"APAC", Date(2026, 3, 27), Utc(2026, 3, 27, 21, 0), Utc(2026, 3, 28, 0, 0)},
                 {"EMEA", Date(2026, 3, 27), Utc(2026, 3, 28, 4, 0), Utc(2026, 3, 28, 7, 0)},
                 {"LATAM", Date(2026, 3, 27), Utc(2026, 3, 28, 8, 0), Utc(2026, 3, 28, 11, 0)},
                 {"AMER", Date(2026, 3, 27), Utc(2026, 3, 28, 12, 0), Utc(2026, 3, 28, 15, 0)},
                 {"global_daily", Date(2026, 3, 27), Utc(2026, 3, 28, 12, 40), Utc(2026, 3, 28, 16, 0)},
             });
  ExpectRuns(PlanDay(config, Date(2026, 3, 29)),
             {
                 {"APAC", Date(2026, 3, 28), Utc(2026, 3, 28, 21, 0), Utc(2026, 3, 29, 0, 0)},
                 {"EMEA", Date(2026, 3, 28), Utc(2026, 3, 29, 3, 0), Utc(2026, 3, 29, 6, 0)},
                 {"LATAM", Date(2026, 3, 28), Utc(2026, 3, 29, 8, 0), Utc(2026, 3, 29, 11, 0)},
                 {"AMER", Date(2026, 3, 28), Utc(2026, 3, 29, 12, 0), Utc(2026, 3, 29, 15, 0)},
                 {"global_daily", Date(2026, 3, 28), Utc(2026, 3, 29, 12, 40), Utc(2026, 3, 29, 16, 0)},
             });
}

TEST(Timeline, LosAngelesFallBackInTheSalesExample) {
  // From 09:00Z on 2026-11-01 Los Angeles is on PST: 05:00 local is 13:00Z.
  std::vector<PlannedRun> runs = PlanDay(SalesExample(), Date(2026, 11, 1));
  ExpectRuns(runs, {
                       {"APAC", Date(2026, 10, 31), Utc(2026, 10, 31, 21, 0), Utc(2026, 11, 1, 0, 0)},
                       {"EMEA", Date(2026, 10, 31), Utc(2026, 11, 1, 4, 0), Utc(2026, 11, 1, 7, 0)},
                       {"LATAM", Date(2026, 10, 31), Utc(2026, 11, 1, 8, 0), Utc(2026, 11, 1, 11, 0)},
                       {"AMER", Date(2026, 10, 31), Utc(2026, 11, 1, 13, 0), Utc(2026, 11, 1, 16, 0)},
                       {"global_daily", Date(2026, 10, 31), Utc(2026, 11, 1, 13, 40), Utc(2026, 11, 1, 16, 0)},
                   });
}

TEST(Timeline, RunsAndDeadlinesInABerlinDstGap) {
  OrchestratorConfig config = Parse("regions:\n" + Region("night", "Europe/Berlin", "30 2 * * *", "06:00") +
                                    Region("early", "Europe/Berlin", "0 1 * * *", "02:30"));
  std::vector<PlannedRun> runs = PlanDay(config, Date(2026, 3, 29));
  ASSERT_EQ(runs.size(), 2u);
  // 01:00 CET is 00:00Z; its 02:30 deadline does not exist and is due at
  // the end of the gap, 03:00 CEST = 01:00Z.
  EXPECT_EQ(runs[0].task, "early");
  EXPECT_EQ(runs[0].planned_start, Utc(2026, 3, 29, 0, 0));
  EXPECT_EQ(runs[0].deadline, Utc(2026, 3, 29, 1, 0));
  EXPECT_EQ(runs[0].deadline_local, Local(2026, 3, 29, 3, 0));
  EXPECT_EQ(runs[0].note, "DST gap: deadline 02:30 does not exist, due at 03:00 CEST");
  // 02:30 does not exist: the run starts at 03:00 CEST = 01:00Z.
  EXPECT_EQ(runs[1].task, "night");
  EXPECT_EQ(runs[1].planned_start, Utc(2026, 3, 29, 1, 0));
  EXPECT_EQ(runs[1].planned_start_local, Local(2026, 3, 29, 3, 0));
  EXPECT_EQ(runs[1].deadline, Utc(2026, 3, 29, 4, 0));
  EXPECT_EQ(runs[1].note, "DST gap: 02:30 does not exist, runs at 03:00 CEST");
  // The day before and after, nothing unusual.
  for (Days day : {Date(2026, 3, 28), Date(2026, 3, 30)}) {
    for (const PlannedRun& run : PlanDay(config, day)) EXPECT_EQ(run.note, "") << run.task;
  }
  EXPECT_EQ(Find(PlanDay(config, Date(2026, 3, 28)), "night").planned_start, Utc(2026, 3, 28, 1, 30));
}

TEST(Timeline, RunsAndDeadlinesInALosAngelesOverlap) {
  OrchestratorConfig config = Parse("regions:\n" + Region("AMER", "America/Los_Angeles", "30 1 * * *", "01:45") +
                                    Region("late", "America/Los_Angeles", "0 0 * * *", "01:15"));
  std::vector<PlannedRun> runs = PlanDay(config, Date(2026, 11, 1));
  ASSERT_EQ(runs.size(), 2u);
  // 00:00 PDT = 07:00Z; 01:15 happens twice, the deadline is the first (PDT).
  EXPECT_EQ(runs[0].task, "late");
  EXPECT_EQ(runs[0].planned_start, Utc(2026, 11, 1, 7, 0));
  EXPECT_EQ(runs[0].deadline, Utc(2026, 11, 1, 8, 15));
  EXPECT_EQ(runs[0].note, "DST overlap: deadline 01:15 occurs twice, due at the first (PDT)");
  // 01:30 happens twice: the run starts at the first, 01:30 PDT = 08:30Z.
  EXPECT_EQ(runs[1].task, "AMER");
  EXPECT_EQ(runs[1].planned_start, Utc(2026, 11, 1, 8, 30));
  EXPECT_EQ(runs[1].planned_start_local, Local(2026, 11, 1, 1, 30));
  EXPECT_EQ(runs[1].deadline, Utc(2026, 11, 1, 8, 45));
  EXPECT_EQ(runs[1].note,
            "DST overlap: 01:30 occurs twice, runs at the first (PDT); DST overlap: deadline 01:45 occurs twice, due "
            "at the first (PDT)");
}

TEST(Timeline, DeadlineNotAfterTheStartFallsOnTheNextDay) {
  OrchestratorConfig config = Parse("regions:\n" + Region("before", "Europe/Berlin", "0 22 * * *", "06:00") +
                                    Region("equal", "Europe/Berlin", "0 22 * * *", "22:00") +
                                    Region("after", "Europe/Berlin", "0 22 * * *", "23:30"));
  CronFire fire{Utc(2026, 6, 15, 20, 0), Local(2026, 6, 15, 22, 0)};
  EXPECT_EQ(RegionDeadline(config.regions[0], fire), Utc(2026, 6, 16, 4, 0));
  EXPECT_EQ(RegionDeadline(config.regions[1], fire), Utc(2026, 6, 16, 20, 0));
  EXPECT_EQ(RegionDeadline(config.regions[2], fire), Utc(2026, 6, 15, 21, 30));
  // The rule reads the fire's scheduled time of day, even when a gap moved
  // the instant: 02:30 in the gap with a 02:45 deadline is due the same day.
  OrchestratorConfig gap = Parse("regions:\n" + Region("night", "Europe/Berlin", "30 2 * * *", "02:45"));
  CronFire in_gap{Utc(2026, 3, 29, 1, 0), Local(2026, 3, 29, 2, 30)};
  EXPECT_EQ(RegionDeadline(gap.regions.at(0), in_gap), Utc(2026, 3, 29, 1, 0));

  std::vector<PlannedRun> runs = PlanDay(config, Date(2026, 6, 15));
  EXPECT_EQ(Find(runs, "before").deadline_local, Local(2026, 6, 16, 6, 0));
  EXPECT_EQ(Find(runs, "equal").deadline_local, Local(2026, 6, 16, 22, 0));
  EXPECT_EQ(Find(runs, "after").deadline_local, Local(2026, 6, 15, 23, 30));
}

TEST(Timeline, LogicalDatesFollowTheOffset) {
  OrchestratorConfig config = Parse("regions:\n" + Region("a", "UTC", "0 5 * * *", "08:00") +
                                    Region("b", "UTC", "0 5 * * *", "08:00", "    logical_date: same_day\n") +
                                    Region("c", "UTC", "0 5 * * *", "08:00", "    logical_date: -3\n"));
  CronFire fire{Utc(2026, 6, 15, 5, 0), Local(2026, 6, 15, 5, 0)};
  EXPECT_EQ(RegionLogicalDate(config.regions.at(0), fire), Date(2026, 6, 14));
  EXPECT_EQ(RegionLogicalDate(config.regions.at(1), fire), Date(2026, 6, 15));
  EXPECT_EQ(RegionLogicalDate(config.regions.at(2), fire), Date(2026, 6, 12));
}

TEST(Timeline, RefreshDeadlineIsOnTheDayAfterTheLogicalDateInItsZone) {
  OrchestratorConfig config = Parse(
      "regions:\n" + Region("EMEA", "Europe/Berlin", "0 5 * * *", "08:00") +
      "refresh:\n"
      "  - {name: sg, depends_on: EMEA, time_zone: Asia/Singapore, deadline: '09:00', task: {type: sql, sql: x}}\n"
      "  - {name: la, depends_on: EMEA, time_zone: America/Los_Angeles, deadline: '01:30',"
      " task: {type: sql, sql: x}}\n");
  EXPECT_EQ(RefreshDeadline(config.refreshes.at(0), Date(2026, 6, 14)), Utc(2026, 6, 15, 1, 0));
  EXPECT_EQ(RefreshDeadline(config.refreshes.at(1), Date(2026, 6, 14)), Utc(2026, 6, 15, 8, 30));
  // On the fall-back date 01:30 occurs twice: the first counts.
  EXPECT_EQ(RefreshDeadline(config.refreshes.at(1), Date(2026, 10, 31)), Utc(2026, 11, 1, 8, 30));
  std::vector<PlannedRun> runs = PlanDay(config, Date(2026, 11, 1));
  EXPECT_EQ(Find(runs, "la").note, "DST overlap: deadline 01:30 occurs twice, due at the first (PDT)");
}

TEST(Timeline, RefreshesWaitForTheirInputsWhereverTheyRun) {
  // `a` loads yesterday at 05:00Z; `b` loads today at 23:00Z. On 06-15 `a`
  // feeds 06-14 and `b` feeds 06-15, so the refresh plans both dates: 06-14
  // waits for `b`'s run of 06-14 (23:00Z on 06-14) and `a`'s (05:00Z on
  // 06-15); 06-15 for `b` tonight and `a` tomorrow morning.
  OrchestratorConfig config = Parse(
      "defaults: {expected_duration: 30m}\n"
      "regions:\n" +
      Region("a", "UTC", "0 5 * * *", "08:00") +
      Region("b", "UTC", "0 23 * * *", "23:45", "    logical_date: same_day\n    expected_duration: 2h\n") +
      "refresh:\n"
      "  - {name: r, depends_on: [a, b], deadline: '12:00', expected_duration: 1h, task: {type: sql, sql: x}}\n"
      "  - {name: s, depends_on: r, deadline: '13:00', task: {type: sql, sql: x}}\n");
  std::vector<PlannedRun> runs = PlanDay(config, Date(2026, 6, 15));
  ExpectRuns(runs, {
                       {"a", Date(2026, 6, 14), Utc(2026, 6, 15, 5, 0), Utc(2026, 6, 15, 8, 0)},
                       {"r", Date(2026, 6, 14), Utc(2026, 6, 15, 5, 30), Utc(2026, 6, 15, 12, 0)},
                       {"s", Date(2026, 6, 14), Utc(2026, 6, 15, 6, 30), Utc(2026, 6, 15, 13, 0)},
                       {"b", Date(2026, 6, 15), Utc(2026, 6, 15, 23, 0), Utc(2026, 6, 15, 23, 45)},
                       {"r", Date(2026, 6, 15), Utc(2026, 6, 16, 5, 30), Utc(2026, 6, 16, 12, 0)},
                       {"s", Date(2026, 6, 15), Utc(2026, 6, 16, 6, 30), Utc(2026, 6, 16, 13, 0)},
                   });
}

TEST(Timeline, NotesRunsExpectedToMissTheirDeadline) {
  OrchestratorConfig config =
      Parse("regions:\n" + Region("slow", "UTC", "0 5 * * *", "06:00", "    expected_duration: 1h30m\n") +
            "refresh:\n  - {name: r, depends_on: slow, deadline: '06:15', expected_duration: 10m,"
            " task: {type: sql, sql: x}}\n");
  std::vector<PlannedRun> runs = PlanDay(config, Date(2026, 6, 15));
  EXPECT_EQ(Find(runs, "slow").note, "expected to finish after the deadline (takes 1h30m)");
  EXPECT_EQ(Find(runs, "r").note, "expected to finish after the deadline (takes 10m)");
}

TEST(Timeline, DaysWithoutFiresPlanNothing) {
  OrchestratorConfig config = Parse("regions:\n" + Region("weekly", "UTC", "0 5 * * MON", "08:00") +
                                    "refresh:\n  - {name: r, depends_on: weekly, deadline: '12:00',"
                                    " task: {type: sql, sql: x}}\n");
  EXPECT_TRUE(PlanDay(config, Date(2026, 6, 14)).empty());  // a Sunday
  EXPECT_EQ(PlanDay(config, Date(2026, 6, 15)).size(), 2u);
  EXPECT_EQ(FormatTimeline({}), "no runs planned\n");
}

TEST(Timeline, FormatsAnAlignedTable) {
  OrchestratorConfig config = Parse("regions:\n" + Region("EMEA", "Europe/Berlin", "30 2 * * *", "08:00") +
                                    Region("AMER", "America/Los_Angeles", "0 5 * * *", "08:00") +
                                    "refresh:\n  - {name: global_daily, depends_on: [EMEA, AMER], deadline: '16:00',"
                                    " task: {type: sql, sql: x}}\n");
  EXPECT_EQ(FormatTimeline(PlanDay(config, Date(2026, 3, 29))),
            "task          kind     zone                 logical date  start (local)          start (UTC)        "
            "deadline (local)       deadline (UTC)     note\n"
            "------------  -------  -------------------  ------------  ---------------------  -----------------  "
            "---------------------  -----------------  -------------------------------------------------\n"
            "EMEA          region   Europe/Berlin        2026-03-28    2026-03-29 03:00 CEST  2026-03-29 01:00Z  "
            "2026-03-29 08:00 CEST  2026-03-29 06:00Z  DST gap: 02:30 does not exist, runs at 03:00 CEST\n"
            "AMER          region   America/Los_Angeles  2026-03-28    2026-03-29 05:00 PDT   2026-03-29 12:00Z  "
            "2026-03-29 08:00 PDT   2026-03-29 15:00Z\n"
            "global_daily  refresh  UTC                  2026-03-28    2026-03-29 12:00 UTC   2026-03-29 12:00Z  "
            "2026-03-29 16:00 UTC   2026-03-29 16:00Z\n");
}

}  // namespace
}  // namespace tributary::orchestrator
