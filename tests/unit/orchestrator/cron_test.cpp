#include "orchestrator/cron.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <set>

#include "types/datetime.hpp"

namespace tributary::orchestrator {
namespace {

Days Date(int32_t y, uint32_t m, uint32_t d) { return datetime::DaysFromCivil(y, m, d); }

LocalTime Local(int32_t y, uint32_t m, uint32_t d, int32_t h, int32_t mi, int32_t s = 0) {
  return LocalTime{Date(y, m, d), h * 3600 + mi * 60 + s};
}

Micros Utc(int32_t y, uint32_t m, uint32_t d, int32_t h, int32_t mi, int32_t s = 0) {
  return Date(y, m, d) * kMicrosPerDay + h * kMicrosPerHour + mi * kMicrosPerMinute + s * kMicrosPerSecond;
}

TimeZone Zone(std::string_view name) { return TimeZone::Find(name).ValueOrDie(); }
CronSchedule Cron(std::string_view text) { return CronSchedule::Parse(text).ValueOrDie(); }

std::string ParseError(std::string_view text) {
  auto r = CronSchedule::Parse(text);
  if (r.ok()) return "parsed";
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  return r.status().message();
}

/// The minutes of `date` that `cron` matches, as "HH:MM".
std::vector<std::string> MatchingMinutes(const CronSchedule& cron, Days date) {
  std::vector<std::string> out;
  for (int32_t s = 0; s < 86'400; s += 60) {
    if (cron.Matches(LocalTime{date, s})) out.push_back(FormatLocalTime(LocalTime{date, s}).substr(11));
  }
  return out;
}

std::vector<std::string> Strings(std::initializer_list<const char*> items) { return {items.begin(), items.end()}; }

/// All fires from the start of local `from` to the end of local `to`,
/// following NextAfter.
std::vector<CronFire> FiresBetween(const CronSchedule& cron, const TimeZone& zone, Days from, Days to) {
  std::vector<CronFire> fires;
  Micros after = zone.Resolve(LocalTime{from, 0}).instant - 1;
  while (true) {
    CronFire f = cron.NextAfter(after, zone);
    if (f.local.date > to) return fires;
    fires.push_back(f);
    after = f.at;
  }
}

// --- Parsing ---------------------------------------------------------------

TEST(CronParse, StarMatchesEveryMinute) {
  CronSchedule every = Cron("* * * * *");
  EXPECT_EQ(every.text(), "* * * * *");
  EXPECT_EQ(MatchingMinutes(every, Date(2026, 5, 17)).size(), 1440u);
}

TEST(CronParse, ListsRangesAndSteps) {
  Days monday = Date(2026, 1, 5);
  EXPECT_EQ(MatchingMinutes(Cron("0,15,45 9-10 * * *"), monday),
            Strings({"09:00", "09:15", "09:45", "10:00", "10:15", "10:45"}));
  EXPECT_EQ(MatchingMinutes(Cron("*/20 */6 * * *"), monday),
            Strings({"00:00", "00:20", "00:40", "06:00", "06:20", "06:40", "12:00", "12:20", "12:40", "18:00", "18:20",
                     "18:40"}));
  EXPECT_EQ(MatchingMinutes(Cron("10-50/20 3 * * *"), monday), Strings({"03:10", "03:30", "03:50"}));
  EXPECT_EQ(MatchingMinutes(Cron("5/20 3 * * *"), monday), Strings({"03:05", "03:25", "03:45"}));
  EXPECT_EQ(MatchingMinutes(Cron("0 22/1 * * *"), monday), Strings({"22:00", "23:00"}));
  EXPECT_EQ(MatchingMinutes(Cron("1-3,7,58-59/1 12 * * *"), monday),
            Strings({"12:01", "12:02", "12:03", "12:07", "12:58", "12:59"}));
  // A step larger than the range selects its start only.
  EXPECT_EQ(MatchingMinutes(Cron("*/90 0 * * *"), monday), Strings({"00:00"}));
  // Whitespace between fields is free-form.
  EXPECT_EQ(MatchingMinutes(Cron("  0\t9   * *  * "), monday), Strings({"09:00"}));
  // Day of month steps start at 1.
  CronSchedule every_tenth = Cron("0 0 */10 * *");
  for (uint32_t d : {1u, 11u, 21u, 31u}) EXPECT_TRUE(every_tenth.Matches(Local(2026, 1, d, 0, 0))) << d;
  for (uint32_t d : {2u, 10u, 20u, 30u}) EXPECT_FALSE(every_tenth.Matches(Local(2026, 1, d, 0, 0))) << d;
}

TEST(CronParse, MonthAndWeekdayNamesAnyCase) {
  CronSchedule months = Cron("0 0 1 jan,Jul *");
  EXPECT_TRUE(months.Matches(Local(2026, 1, 1, 0, 0)));
  EXPECT_TRUE(months.Matches(Local(2026, 7, 1, 0, 0)));
  EXPECT_FALSE(months.Matches(Local(2026, 2, 1, 0, 0)));
  CronSchedule quarter = Cron("0 0 1 JAN-mar *");
  for (uint32_t m = 1; m <= 12; ++m) EXPECT_EQ(quarter.Matches(Local(2026, m, 1, 0, 0)), m <= 3) << m;
  CronSchedule weekdays = Cron("0 0 * * mon-FRI");
  // 2026-01-04 is a Sunday.
  for (uint32_t d = 4; d <= 10; ++d) {
    EXPECT_EQ(weekdays.Matches(Local(2026, 1, d, 0, 0)), d >= 5 && d <= 9) << d;
  }
  EXPECT_EQ(MatchingMinutes(Cron("0 0 * * Sun"), Date(2026, 1, 4)), Strings({"00:00"}));
  EXPECT_TRUE(Cron("0 0 * * sat,sun").Matches(Local(2026, 1, 10, 0, 0)));
}

TEST(CronParse, ZeroAndSevenAreBothSunday) {
  Days sunday = Date(2026, 1, 4);
  for (std::string_view text : {"0 0 * * 0", "0 0 * * 7", "0 0 * * 5-7", "0 0 * * SUN"}) {
    CronSchedule s = Cron(text);
    EXPECT_TRUE(s.Matches(LocalTime{sunday, 0})) << text;
    EXPECT_FALSE(s.Matches(LocalTime{sunday + 1, 0})) << text;  // Monday
  }
  CronSchedule weekend = Cron("0 0 * * 6-7");
  EXPECT_TRUE(weekend.Matches(LocalTime{sunday - 1, 0}));
  EXPECT_TRUE(weekend.Matches(LocalTime{sunday, 0}));
  EXPECT_FALSE(weekend.Matches(LocalTime{sunday - 2, 0}));
}

TEST(CronParse, ShorthandsEqualTheirExpansions) {
  std::vector<std::pair<std::string_view, std::string_view>> pairs = {
      {"@hourly", "0 * * * *"},  {"@daily", "0 0 * * *"},  {"@midnight", "0 0 * * *"}, {"@weekly", "0 0 * * 0"},
      {"@monthly", "0 0 1 * *"}, {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}, {"@DAILY", "0 0 * * *"},
  };
  TimeZone utc = Zone("UTC");
  for (auto [shorthand, expansion] : pairs) {
    CronSchedule a = Cron(shorthand);
    CronSchedule b = Cron(expansion);
    EXPECT_EQ(a.text(), shorthand);
    Micros t = Utc(2025, 12, 1, 0, 0);
    for (int i = 0; i < 40; ++i) {
      CronFire fa = a.NextAfter(t, utc);
      CronFire fb = b.NextAfter(t, utc);
      ASSERT_EQ(fa.at, fb.at) << shorthand;
      t = fa.at;
    }
  }
  EXPECT_EQ(Cron("@weekly").NextAfter(Utc(2026, 1, 1, 0, 0), utc).at, Utc(2026, 1, 4, 0, 0));
}

TEST(CronParse, OutOfRangeValuesNameExpressionFieldAndValue) {
  EXPECT_EQ(ParseError("0 25 * * *"), "cron \"0 25 * * *\": hour 25 is out of range 0-23");
  EXPECT_EQ(ParseError("60 * * * *"), "cron \"60 * * * *\": minute 60 is out of range 0-59");
  EXPECT_EQ(ParseError("0 0 0 * *"), "cron \"0 0 0 * *\": day-of-month 0 is out of range 1-31");
  EXPECT_EQ(ParseError("0 0 32 * *"), "cron \"0 0 32 * *\": day-of-month 32 is out of range 1-31");
  EXPECT_EQ(ParseError("0 0 * 13 *"), "cron \"0 0 * 13 *\": month 13 is out of range 1-12");
  EXPECT_EQ(ParseError("0 0 * 0 *"), "cron \"0 0 * 0 *\": month 0 is out of range 1-12");
  EXPECT_EQ(ParseError("0 0 * * 8"), "cron \"0 0 * * 8\": day-of-week 8 is out of range 0-7");
  EXPECT_EQ(ParseError("0 1-24 * * *"), "cron \"0 1-24 * * *\": hour 24 is out of range 0-23");
  EXPECT_EQ(ParseError("99999999999 * * * *"), "cron \"99999999999 * * * *\": minute 99999999999 is out of range 0-59");
}

TEST(CronParse, BadValuesNameExpressionFieldAndValue) {
  EXPECT_EQ(ParseError("x * * * *"), "cron \"x * * * *\": minute \"x\" is not a number");
  EXPECT_EQ(ParseError("0 -1 * * *"), "cron \"0 -1 * * *\": hour \"\" is not a number");
  EXPECT_EQ(ParseError("0 0 * FOO *"), "cron \"0 0 * FOO *\": month \"FOO\" is not a number or month name (JAN..DEC)");
  EXPECT_EQ(ParseError("0 0 * * FUN"),
            "cron \"0 0 * * FUN\": day-of-week \"FUN\" is not a number or weekday name (SUN..SAT)");
  // Names belong to their own field only.
  EXPECT_EQ(ParseError("0 0 MON * *"), "cron \"0 0 MON * *\": day-of-month \"MON\" is not a number");
  EXPECT_EQ(ParseError("0 5-3 * * *"), "cron \"0 5-3 * * *\": hour range 5-3 is reversed");
  EXPECT_EQ(ParseError("0 0 * * FRI-SUN"), "cron \"0 0 * * FRI-SUN\": day-of-week range FRI-SUN is reversed");
  EXPECT_EQ(ParseError("1,,2 * * * *"), "cron \"1,,2 * * * *\": minute has an empty list item in \"1,,2\"");
  EXPECT_EQ(ParseError("0 0 1, * *"), "cron \"0 0 1, * *\": day-of-month has an empty list item in \"1,\"");
}

TEST(CronParse, BadStepsAreRejected) {
  EXPECT_EQ(ParseError("*/0 * * * *"), "cron \"*/0 * * * *\": minute step 0 must be at least 1");
  EXPECT_EQ(ParseError("0 1-5/0 * * *"), "cron \"0 1-5/0 * * *\": hour step 0 must be at least 1");
  EXPECT_EQ(ParseError("*/x * * * *"), "cron \"*/x * * * *\": minute step \"x\" is not a number");
  EXPECT_EQ(ParseError("*/ * * * *"), "cron \"*/ * * * *\": minute step \"\" is not a number");
  EXPECT_EQ(ParseError("0 0 */-1 * *"), "cron \"0 0 */-1 * *\": day-of-month step \"-1\" is not a number");
}

TEST(CronParse, WrongShapeIsRejected) {
  EXPECT_EQ(ParseError(""), "cron \"\": empty expression");
  EXPECT_EQ(ParseError("   "), "cron \"   \": empty expression");
  const std::string expected =
      "expected 5 fields (minute hour day-of-month month day-of-week) or a shorthand such as @daily, got ";
  EXPECT_EQ(ParseError("0 * *"), "cron \"0 * *\": " + expected + "3");
  EXPECT_EQ(ParseError("0 0 * * * *"), "cron \"0 0 * * * *\": " + expected + "6");
  EXPECT_EQ(ParseError("@daily 5"), "cron \"@daily 5\": " + expected + "2");
  EXPECT_EQ(ParseError("@fortnightly"),
            "cron \"@fortnightly\": unknown shorthand \"@fortnightly\" (expected @hourly, @daily, @midnight, "
            "@weekly, @monthly, @yearly or @annually)");
}

TEST(CronParse, SchedulesThatCanNeverFireAreRejected) {
  EXPECT_EQ(ParseError("0 0 30 2 *"),
            "cron \"0 0 30 2 *\": never fires (no selected day-of-month occurs in a selected month)");
  EXPECT_EQ(ParseError("0 0 31 4,6,9,11 *"),
            "cron \"0 0 31 4,6,9,11 *\": never fires (no selected day-of-month occurs in a selected month)");
  // Feb 29 exists; with a restricted weekday the OR rule fires weekly anyway.
  EXPECT_TRUE(CronSchedule::Parse("0 0 29 2 *").ok());
  EXPECT_TRUE(CronSchedule::Parse("0 0 30 2 1").ok());
  EXPECT_TRUE(CronSchedule::Parse("0 0 30,31 2,4 *").ok());
}

// --- Matches ---------------------------------------------------------------

TEST(CronMatches, IgnoresSecondsAndChecksEveryField) {
  CronSchedule s = Cron("30 2 15 6 *");
  EXPECT_TRUE(s.Matches(Local(2026, 6, 15, 2, 30)));
  EXPECT_TRUE(s.Matches(Local(2026, 6, 15, 2, 30, 59)));
  EXPECT_FALSE(s.Matches(Local(2026, 6, 15, 2, 31)));
  EXPECT_FALSE(s.Matches(Local(2026, 6, 15, 3, 30)));
  EXPECT_FALSE(s.Matches(Local(2026, 6, 16, 2, 30)));
  EXPECT_FALSE(s.Matches(Local(2026, 7, 15, 2, 30)));
}

TEST(CronMatches, RestrictedDayOfMonthOrDayOfWeek) {
  // Both restricted: the 13th or any Friday.
  CronSchedule s = Cron("0 0 13 * 5");
  EXPECT_TRUE(s.Matches(Local(2026, 1, 13, 0, 0)));   // Tuesday the 13th
  EXPECT_TRUE(s.Matches(Local(2026, 1, 2, 0, 0)));    // Friday the 2nd
  EXPECT_TRUE(s.Matches(Local(2026, 2, 13, 0, 0)));   // Friday the 13th
  EXPECT_FALSE(s.Matches(Local(2026, 1, 3, 0, 0)));   // Saturday the 3rd
  EXPECT_FALSE(s.Matches(Local(2026, 1, 14, 0, 0)));  // Wednesday the 14th
  // Only one restricted: that one alone decides.
  CronSchedule first = Cron("0 0 1 * *");
  EXPECT_TRUE(first.Matches(Local(2026, 3, 1, 0, 0)));
  EXPECT_FALSE(first.Matches(Local(2026, 3, 2, 0, 0)));
  CronSchedule mondays = Cron("0 0 * * 1");
  EXPECT_TRUE(mondays.Matches(Local(2026, 1, 5, 0, 0)));
  EXPECT_FALSE(mondays.Matches(Local(2026, 1, 6, 0, 0)));
  // A field starting with `*` counts as unrestricted (Vixie cron), so `*/2`
  // is ANDed: odd days that are Mondays.
  CronSchedule odd_mondays = Cron("0 0 */2 * 1");
  EXPECT_TRUE(odd_mondays.Matches(Local(2026, 1, 5, 0, 0)));    // Monday 5th
  EXPECT_FALSE(odd_mondays.Matches(Local(2026, 1, 12, 0, 0)));  // Monday 12th
  EXPECT_FALSE(odd_mondays.Matches(Local(2026, 1, 7, 0, 0)));   // Wednesday 7th
  // A range covering every day is still restricted: ORed.
  CronSchedule any_day = Cron("0 0 1-31 * 1");
  EXPECT_TRUE(any_day.Matches(Local(2026, 1, 7, 0, 0)));
}

// --- NextAfter in UTC ------------------------------------------------------

TEST(CronNextAfter, IsStrictlyAfter) {
  TimeZone utc = Zone("UTC");
  CronSchedule s = Cron("*/15 * * * *");
  EXPECT_EQ(s.NextAfter(Utc(2026, 5, 1, 10, 7, 30), utc).at, Utc(2026, 5, 1, 10, 15));
  EXPECT_EQ(s.NextAfter(Utc(2026, 5, 1, 10, 15), utc).at, Utc(2026, 5, 1, 10, 30));
  EXPECT_EQ(s.NextAfter(Utc(2026, 5, 1, 10, 15) - 1, utc).at, Utc(2026, 5, 1, 10, 15));
  EXPECT_EQ(s.NextAfter(Utc(2026, 5, 1, 10, 15) + 1, utc).at, Utc(2026, 5, 1, 10, 30));
  CronFire f = s.NextAfter(Utc(2026, 5, 1, 23, 50), utc);
  EXPECT_EQ(f.at, Utc(2026, 5, 2, 0, 0));
  EXPECT_EQ(f.local, Local(2026, 5, 2, 0, 0));
}

TEST(CronNextAfter, CrossesMonthAndYearEnds) {
  TimeZone utc = Zone("UTC");
  EXPECT_EQ(Cron("0 0 1 1 *").NextAfter(Utc(2026, 6, 1, 0, 0), utc).at, Utc(2027, 1, 1, 0, 0));
  EXPECT_EQ(Cron("59 23 31 12 *").NextAfter(Utc(2026, 12, 31, 23, 59), utc).at, Utc(2027, 12, 31, 23, 59));
  EXPECT_EQ(Cron("0 0 * * *").NextAfter(Utc(2026, 12, 31, 0, 0), utc).at, Utc(2027, 1, 1, 0, 0));
  // The 31st skips the months without one.
  CronSchedule last = Cron("0 12 31 * *");
  EXPECT_EQ(last.NextAfter(Utc(2026, 1, 31, 12, 0), utc).at, Utc(2026, 3, 31, 12, 0));
  EXPECT_EQ(last.NextAfter(Utc(2026, 3, 31, 12, 0), utc).at, Utc(2026, 5, 31, 12, 0));
  EXPECT_EQ(Cron("0 0 30 * *").NextAfter(Utc(2026, 1, 30, 0, 0), utc).at, Utc(2026, 3, 30, 0, 0));
  // Unselected months are skipped wholesale.
  EXPECT_EQ(Cron("0 0 * NOV *").NextAfter(Utc(2026, 11, 30, 0, 0), utc).at, Utc(2027, 11, 1, 0, 0));
}

TEST(CronNextAfter, February29) {
  TimeZone utc = Zone("UTC");
  CronSchedule leap = Cron("0 0 29 2 *");
  EXPECT_EQ(leap.NextAfter(Utc(2026, 1, 1, 0, 0), utc).at, Utc(2028, 2, 29, 0, 0));
  EXPECT_EQ(leap.NextAfter(Utc(2028, 2, 29, 0, 0), utc).at, Utc(2032, 2, 29, 0, 0));
  // 2100 is not a leap year.
  EXPECT_EQ(leap.NextAfter(Utc(2096, 3, 1, 0, 0), utc).at, Utc(2104, 2, 29, 0, 0));
  // Feb 29 that is also a Sunday (`*/7` over 0-7 is Sunday, ANDed): rare, but
  // found without walking minutes.
  CronFire sunday = Cron("0 0 29 2 */7").NextAfter(Utc(2026, 1, 1, 0, 0), utc);
  EXPECT_EQ(sunday.at, Utc(2032, 2, 29, 0, 0));
  // Across 2100 the next one is 40 years on.
  EXPECT_EQ(Cron("0 0 29 2 */7").NextAfter(Utc(2088, 3, 1, 0, 0), utc).at, Utc(2128, 2, 29, 0, 0));
}

TEST(CronNextAfter, ScheduleMatchingNothingHasNoNextFire) {
  CronSchedule nothing;
  EXPECT_EQ(nothing.NextAfter(Utc(2026, 1, 1, 0, 0), Zone("UTC")).at, std::numeric_limits<Micros>::max());
  EXPECT_TRUE(nothing.FiresOn(Date(2026, 1, 1), Zone("UTC")).empty());
}

TEST(CronNextAfter, UsesTheZonesWallClock) {
  CronSchedule s = Cron("0 9 * * *");
  EXPECT_EQ(s.NextAfter(Utc(2026, 1, 15, 0, 0), Zone("Europe/Berlin")).at, Utc(2026, 1, 15, 8, 0));
  EXPECT_EQ(s.NextAfter(Utc(2026, 7, 15, 0, 0), Zone("Europe/Berlin")).at, Utc(2026, 7, 15, 7, 0));
  EXPECT_EQ(s.NextAfter(Utc(2026, 1, 15, 0, 0), Zone("America/Los_Angeles")).at, Utc(2026, 1, 15, 17, 0));
  EXPECT_EQ(s.NextAfter(Utc(2026, 7, 15, 0, 0), Zone("America/Los_Angeles")).at, Utc(2026, 7, 15, 16, 0));
  EXPECT_EQ(s.NextAfter(Utc(2026, 7, 15, 0, 0), Zone("Asia/Singapore")).at, Utc(2026, 7, 15, 1, 0));
  EXPECT_EQ(s.NextAfter(Utc(2026, 7, 15, 0, 0), Zone("America/Sao_Paulo")).at, Utc(2026, 7, 15, 12, 0));
  // The local date, not the UTC date, selects the day.
  CronFire f = Cron("0 0 * * 1").NextAfter(Utc(2026, 1, 4, 12, 0), Zone("Asia/Singapore"));
  EXPECT_EQ(f.at, Utc(2026, 1, 4, 16, 0));
  EXPECT_EQ(f.local, Local(2026, 1, 5, 0, 0));
}

// --- DST -------------------------------------------------------------------

TEST(CronDst, BerlinDailyInSkippedHourFiresOnceAtGapEnd) {
  TimeZone berlin = Zone("Europe/Berlin");
  CronSchedule s = Cron("30 2 * * *");
  std::vector<CronFire> fires = s.FiresOn(Date(2026, 3, 29), berlin);
  ASSERT_EQ(fires.size(), 1u);
  EXPECT_EQ(fires[0].at, Utc(2026, 3, 29, 1, 0));
  EXPECT_EQ(fires[0].local, Local(2026, 3, 29, 2, 30));
  // The day before fires at 02:30 CET, the gap fire next, then 02:30 CEST.
  CronFire before = s.NextAfter(Utc(2026, 3, 28, 0, 0), berlin);
  EXPECT_EQ(before.at, Utc(2026, 3, 28, 1, 30));
  CronFire gap = s.NextAfter(before.at, berlin);
  EXPECT_EQ(gap.at, Utc(2026, 3, 29, 1, 0));
  EXPECT_EQ(gap.local, Local(2026, 3, 29, 2, 30));
  EXPECT_EQ(s.NextAfter(Utc(2026, 3, 29, 1, 0) - 1, berlin).at, Utc(2026, 3, 29, 1, 0));
  // Once the gap fire's instant has passed it is not returned again.
  CronFire next = s.NextAfter(gap.at, berlin);
  EXPECT_EQ(next.at, Utc(2026, 3, 30, 0, 30));
  EXPECT_EQ(next.local, Local(2026, 3, 30, 2, 30));
}

TEST(CronDst, LosAngelesDailyInSkippedHourFiresOnceAtGapEnd) {
  TimeZone la = Zone("America/Los_Angeles");
  std::vector<CronFire> fires = Cron("30 2 * * *").FiresOn(Date(2026, 3, 8), la);
  ASSERT_EQ(fires.size(), 1u);
  EXPECT_EQ(fires[0].at, Utc(2026, 3, 8, 10, 0));  // 03:00 PDT
  EXPECT_EQ(fires[0].local, Local(2026, 3, 8, 2, 30));
  EXPECT_EQ(Cron("30 2 * * *").NextAfter(fires[0].at, la).at, Utc(2026, 3, 9, 9, 30));
}

TEST(CronDst, BerlinDailyInRepeatedHourFiresOnlyAtFirstOccurrence) {
  TimeZone berlin = Zone("Europe/Berlin");
  CronSchedule s = Cron("30 2 * * *");
  std::vector<CronFire> fires = s.FiresOn(Date(2026, 10, 25), berlin);
  ASSERT_EQ(fires.size(), 1u);
  EXPECT_EQ(fires[0].at, Utc(2026, 10, 25, 0, 30));  // 02:30 CEST
  EXPECT_EQ(fires[0].local, Local(2026, 10, 25, 2, 30));
  // From the first occurrence, the next fire is the next day, not 02:30 CET.
  CronFire next = s.NextAfter(fires[0].at, berlin);
  EXPECT_EQ(next.at, Utc(2026, 10, 26, 1, 30));
  EXPECT_EQ(next.local, Local(2026, 10, 26, 2, 30));
  // Nor when asked from inside the repeated hour, before its second 02:30.
  EXPECT_EQ(s.NextAfter(Utc(2026, 10, 25, 1, 0), berlin).at, Utc(2026, 10, 26, 1, 30));
  EXPECT_EQ(s.NextAfter(Utc(2026, 10, 25, 1, 29), berlin).at, Utc(2026, 10, 26, 1, 30));
}

TEST(CronDst, LosAngelesDailyInRepeatedHourFiresOnlyAtFirstOccurrence) {
  TimeZone la = Zone("America/Los_Angeles");
  CronSchedule s = Cron("30 1 * * *");
  std::vector<CronFire> fires = s.FiresOn(Date(2026, 11, 1), la);
  ASSERT_EQ(fires.size(), 1u);
  EXPECT_EQ(fires[0].at, Utc(2026, 11, 1, 8, 30));  // 01:30 PDT
  EXPECT_EQ(fires[0].local, Local(2026, 11, 1, 1, 30));
  EXPECT_EQ(s.NextAfter(fires[0].at, la).at, Utc(2026, 11, 2, 9, 30));
  EXPECT_EQ(s.NextAfter(Utc(2026, 11, 1, 9, 0), la).at, Utc(2026, 11, 2, 9, 30));
}

TEST(CronDst, DailySchedulesFireOncePerLocalDateAllOf2026) {
  for (std::string_view zone_name :
       {"Europe/Berlin", "America/Los_Angeles", "Asia/Singapore", "America/Sao_Paulo", "UTC"}) {
    TimeZone zone = Zone(zone_name);
    for (std::string_view text : {"0 0 * * *", "30 1 * * *", "0 2 * * *", "30 2 * * *", "59 2 * * *", "0 3 * * *",
                                  "0 5 * * *", "59 23 * * *"}) {
      CronSchedule s = Cron(text);
      std::vector<CronFire> fires = FiresBetween(s, zone, Date(2026, 1, 1), Date(2026, 12, 31));
      ASSERT_EQ(fires.size(), 365u) << zone_name << " " << text;
      for (size_t i = 0; i < fires.size(); ++i) {
        SCOPED_TRACE(std::string(zone_name) + " " + std::string(text) + " " + FormatLocalTime(fires[i].local));
        EXPECT_EQ(fires[i].local.date, Date(2026, 1, 1) + static_cast<Days>(i));
        EXPECT_TRUE(s.Matches(fires[i].local));
        EXPECT_EQ(fires[i].at, zone.Resolve(fires[i].local).instant);
        if (i > 0) {
          EXPECT_GT(fires[i].at, fires[i - 1].at);
        }
        std::vector<CronFire> on_day = s.FiresOn(fires[i].local.date, zone);
        ASSERT_EQ(on_day.size(), 1u);
        EXPECT_EQ(on_day[0].at, fires[i].at);
      }
    }
  }
}

TEST(CronDst, BerlinHourlyOnSpringForwardDayHas23Fires) {
  TimeZone berlin = Zone("Europe/Berlin");
  std::vector<CronFire> fires = Cron("0 * * * *").FiresOn(Date(2026, 3, 29), berlin);
  ASSERT_EQ(fires.size(), 23u);
  // 02:00 is skipped and fires at the gap's end, 01:00Z, which is also when
  // 03:00 shows: the two share one fire, carrying the earlier reading 02:00.
  std::vector<int> hours;
  for (const CronFire& f : fires) hours.push_back(f.local.seconds / 3600);
  std::vector<int> expected = {0, 1, 2};
  for (int h = 4; h < 24; ++h) expected.push_back(h);
  EXPECT_EQ(hours, expected);
  EXPECT_EQ(fires[2].at, Utc(2026, 3, 29, 1, 0));
  EXPECT_EQ(fires[3].at, Utc(2026, 3, 29, 2, 0));  // 04:00 CEST
  for (size_t i = 1; i < fires.size(); ++i) EXPECT_EQ(fires[i].at - fires[i - 1].at, kMicrosPerHour);
  EXPECT_EQ(Cron("0 * * * *").FiresOn(Date(2026, 3, 28), berlin).size(), 24u);
  EXPECT_EQ(Cron("0 * * * *").FiresOn(Date(2026, 3, 30), berlin).size(), 24u);
}

TEST(CronDst, BerlinHourlyOnFallBackDayHas24Fires) {
  TimeZone berlin = Zone("Europe/Berlin");
  std::vector<CronFire> fires = Cron("0 * * * *").FiresOn(Date(2026, 10, 25), berlin);
  ASSERT_EQ(fires.size(), 24u);
  for (int h = 0; h < 24; ++h) EXPECT_EQ(fires[h].local, Local(2026, 10, 25, h, 0));
  // 02:00 fires once, in CEST; the hour 01:00Z (02:00 CET) has no fire.
  EXPECT_EQ(fires[2].at, Utc(2026, 10, 25, 0, 0));
  EXPECT_EQ(fires[3].at, Utc(2026, 10, 25, 2, 0));
  EXPECT_EQ(Cron("0 * * * *").NextAfter(Utc(2026, 10, 25, 0, 0), berlin).at, Utc(2026, 10, 25, 2, 0));
  for (size_t i = 1; i < fires.size(); ++i) EXPECT_GT(fires[i].at, fires[i - 1].at);
}

TEST(CronDst, LosAngelesHourlyOnTransitionDays) {
  TimeZone la = Zone("America/Los_Angeles");
  std::vector<CronFire> spring = Cron("0 * * * *").FiresOn(Date(2026, 3, 8), la);
  ASSERT_EQ(spring.size(), 23u);
  EXPECT_EQ(spring[2].local, Local(2026, 3, 8, 2, 0));
  EXPECT_EQ(spring[2].at, Utc(2026, 3, 8, 10, 0));
  EXPECT_EQ(spring[3].local, Local(2026, 3, 8, 4, 0));
  std::vector<CronFire> fall = Cron("0 * * * *").FiresOn(Date(2026, 11, 1), la);
  ASSERT_EQ(fall.size(), 24u);
  EXPECT_EQ(fall[1].at, Utc(2026, 11, 1, 8, 0));   // 01:00 PDT
  EXPECT_EQ(fall[2].at, Utc(2026, 11, 1, 10, 0));  // 02:00 PST
}

TEST(CronDst, SkippedMinutesSharingAnInstantFireOnceAsTheEarliest) {
  TimeZone berlin = Zone("Europe/Berlin");
  // 02:00, 02:30 (skipped) and 03:00 all mean 01:00Z; 03:30 is 01:30Z.
  std::vector<CronFire> fires = Cron("0,30 2-3 * * *").FiresOn(Date(2026, 3, 29), berlin);
  ASSERT_EQ(fires.size(), 2u);
  EXPECT_EQ(fires[0].at, Utc(2026, 3, 29, 1, 0));
  EXPECT_EQ(fires[0].local, Local(2026, 3, 29, 2, 0));
  EXPECT_EQ(fires[1].at, Utc(2026, 3, 29, 1, 30));
  EXPECT_EQ(fires[1].local, Local(2026, 3, 29, 3, 30));
  // A skipped 02:30 and a real 03:00 coincide: one fire, as 02:30.
  std::vector<CronFire> pair = Cron("30 2 * * *").FiresOn(Date(2026, 3, 29), berlin);
  std::vector<CronFire> both = Cron("0,30 2,3 * * *").FiresOn(Date(2026, 3, 29), berlin);
  ASSERT_EQ(pair.size(), 1u);
  ASSERT_EQ(both.size(), 2u);
  CronFire coincide = Cron("30 2 * * *").NextAfter(Utc(2026, 3, 29, 0, 0), berlin);
  EXPECT_EQ(coincide.at, Utc(2026, 3, 29, 1, 0));
  // Every minute of the day: 23 hours of instants, each fired once.
  std::vector<CronFire> minutes = Cron("* * * * *").FiresOn(Date(2026, 3, 29), berlin);
  ASSERT_EQ(minutes.size(), 23u * 60u);
  EXPECT_EQ(minutes[120].local, Local(2026, 3, 29, 2, 0));
  EXPECT_EQ(minutes[120].at, Utc(2026, 3, 29, 1, 0));
  EXPECT_EQ(minutes[121].local, Local(2026, 3, 29, 3, 1));
  EXPECT_EQ(minutes[121].at, Utc(2026, 3, 29, 1, 1));
  for (size_t i = 1; i < minutes.size(); ++i) ASSERT_EQ(minutes[i].at - minutes[i - 1].at, kMicrosPerMinute);
  // Fall back: each of the 1440 local minutes once, the repeated hour's
  // second pass silent.
  std::vector<CronFire> fall = Cron("* * * * *").FiresOn(Date(2026, 10, 25), berlin);
  ASSERT_EQ(fall.size(), 1440u);
  EXPECT_EQ(fall[179].at, Utc(2026, 10, 25, 0, 59));  // 02:59 CEST
  EXPECT_EQ(fall[180].at, Utc(2026, 10, 25, 2, 0));   // 03:00 CET
}

TEST(CronDst, SantiagoTransitionsAtMidnight) {
  // Chile springs forward from 00:00 to 01:00 on 2026-09-06 (04:00Z) and
  // falls back from 24:00 to 23:00 on 2026-04-04 (03:00Z).
  TimeZone santiago = Zone("America/Santiago");
  std::vector<CronFire> midnight = Cron("0 0 * * *").FiresOn(Date(2026, 9, 6), santiago);
  ASSERT_EQ(midnight.size(), 1u);
  EXPECT_EQ(midnight[0].at, Utc(2026, 9, 6, 4, 0));
  EXPECT_EQ(midnight[0].local, Local(2026, 9, 6, 0, 0));
  EXPECT_EQ(Cron("0 0 * * *").FiresOn(Date(2026, 9, 5), santiago)[0].at, Utc(2026, 9, 5, 4, 0));
  // The skipped 00:00 and the real 01:00 share 04:00Z: one fire, as 00:00.
  std::vector<CronFire> hourly = Cron("0 * * * *").FiresOn(Date(2026, 9, 6), santiago);
  ASSERT_EQ(hourly.size(), 23u);
  EXPECT_EQ(hourly[0].local, Local(2026, 9, 6, 0, 0));
  EXPECT_EQ(hourly[1].local, Local(2026, 9, 6, 2, 0));
  std::vector<CronFire> late = Cron("30 23 * * *").FiresOn(Date(2026, 4, 4), santiago);
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].at, Utc(2026, 4, 5, 2, 30));  // 23:30 -03, the first time
  EXPECT_EQ(Cron("30 23 * * *").NextAfter(late[0].at, santiago).at, Utc(2026, 4, 6, 3, 30));
  EXPECT_EQ(Cron("0 * * * *").FiresOn(Date(2026, 4, 4), santiago).size(), 24u);
}

/// Every fire over a year in `zone`: strictly increasing, matching, at its
/// reading's resolution; and every matching minute either fired or shares
/// its instant with an earlier fired reading.
void CheckInvariantsOverYear(std::string_view text, std::string_view zone_name, int32_t year) {
  SCOPED_TRACE(std::string(text) + " in " + std::string(zone_name));
  TimeZone zone = Zone(zone_name);
  CronSchedule s = Cron(text);
  std::vector<CronFire> fires = FiresBetween(s, zone, Date(year, 1, 1), Date(year, 12, 31));
  std::map<LocalTime, Micros> fired;
  std::set<Micros> instants;
  for (size_t i = 0; i < fires.size(); ++i) {
    if (i > 0) {
      ASSERT_GT(fires[i].at, fires[i - 1].at);
    }
    ASSERT_TRUE(s.Matches(fires[i].local));
    ASSERT_EQ(fires[i].at, zone.Resolve(fires[i].local).instant);
    fired[fires[i].local] = fires[i].at;
    instants.insert(fires[i].at);
  }
  size_t merged = 0;
  for (Days d = Date(year, 1, 1); d <= Date(year, 12, 31); ++d) {
    for (int32_t sec = 0; sec < 86'400; sec += 60) {
      LocalTime l{d, sec};
      if (!s.Matches(l) || fired.count(l)) continue;
      Micros at = zone.Resolve(l).instant;
      ASSERT_TRUE(instants.count(at)) << FormatLocalTime(l) << " did not fire";
      merged++;
    }
  }
  // Only DST gaps merge readings, a few per transition.
  EXPECT_LE(merged, 2u * 61u);
  // FiresOn returns the same fires, day by day.
  size_t k = 0;
  for (Days d = Date(year, 1, 1); d <= Date(year, 12, 31); ++d) {
    for (const CronFire& f : s.FiresOn(d, zone)) {
      ASSERT_LT(k, fires.size());
      ASSERT_EQ(f.at, fires[k].at);
      ASSERT_EQ(f.local, fires[k].local);
      k++;
    }
  }
  EXPECT_EQ(k, fires.size());
}

TEST(CronDst, EveryMatchingMinuteFiresOnceAllYear) {
  for (std::string_view zone : {"Europe/Berlin", "America/Los_Angeles", "Asia/Singapore", "America/Sao_Paulo",
                                // DST of 30 minutes; transitions at local midnight.
                                "Australia/Lord_Howe", "America/Santiago"}) {
    CheckInvariantsOverYear("*/10 * * * *", zone, 2026);
    CheckInvariantsOverYear("0,30 0-3,23 * * *", zone, 2026);
  }
}

}  // namespace
}  // namespace tributary::orchestrator
