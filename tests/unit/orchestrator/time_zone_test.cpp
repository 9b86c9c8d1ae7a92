#include "orchestrator/time_zone.hpp"

#include <gtest/gtest.h>

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

TEST(TimeZone, FindsZonesByName) {
  EXPECT_EQ(Zone("Europe/Berlin").name(), "Europe/Berlin");
  EXPECT_EQ(Zone("America/Los_Angeles").name(), "America/Los_Angeles");
  EXPECT_EQ(Zone("UTC").name(), "UTC");
}

TEST(TimeZone, UnknownNamesFailNamingTheName) {
  auto r = TimeZone::Find("Europe/Berln");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "unknown time zone \"Europe/Berln\"");
  auto empty = TimeZone::Find("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().message(), "unknown time zone \"\"");
}

TEST(TimeZone, OffsetsAndAbbreviationsFollowDst) {
  TimeZone berlin = Zone("Europe/Berlin");
  EXPECT_EQ(berlin.OffsetSeconds(Utc(2026, 1, 15, 12, 0)), 3600);
  EXPECT_EQ(berlin.Abbreviation(Utc(2026, 1, 15, 12, 0)), "CET");
  EXPECT_EQ(berlin.OffsetSeconds(Utc(2026, 7, 15, 12, 0)), 7200);
  EXPECT_EQ(berlin.Abbreviation(Utc(2026, 7, 15, 12, 0)), "CEST");
  // The switch happens at 01:00Z on both days.
  EXPECT_EQ(berlin.OffsetSeconds(Utc(2026, 3, 29, 0, 59, 59)), 3600);
  EXPECT_EQ(berlin.OffsetSeconds(Utc(2026, 3, 29, 1, 0)), 7200);
  EXPECT_EQ(berlin.OffsetSeconds(Utc(2026, 10, 25, 0, 59, 59)), 7200);
  EXPECT_EQ(berlin.OffsetSeconds(Utc(2026, 10, 25, 1, 0)), 3600);

  TimeZone la = Zone("America/Los_Angeles");
  EXPECT_EQ(la.OffsetSeconds(Utc(2026, 1, 15, 12, 0)), -28800);
  EXPECT_EQ(la.Abbreviation(Utc(2026, 1, 15, 12, 0)), "PST");
  EXPECT_EQ(la.OffsetSeconds(Utc(2026, 7, 15, 12, 0)), -25200);
  EXPECT_EQ(la.Abbreviation(Utc(2026, 7, 15, 12, 0)), "PDT");

  // No DST in 2026: one offset all year.
  for (Micros t : {Utc(2026, 1, 15, 12, 0), Utc(2026, 7, 15, 12, 0)}) {
    EXPECT_EQ(Zone("Asia/Singapore").OffsetSeconds(t), 28800);
    EXPECT_EQ(Zone("Asia/Singapore").Abbreviation(t), "+08");
    EXPECT_EQ(Zone("America/Sao_Paulo").OffsetSeconds(t), -10800);
    EXPECT_EQ(Zone("America/Sao_Paulo").Abbreviation(t), "-03");
    EXPECT_EQ(Zone("UTC").OffsetSeconds(t), 0);
  }
}

TEST(TimeZone, ToLocalAroundBerlinTransitions) {
  TimeZone berlin = Zone("Europe/Berlin");
  EXPECT_EQ(berlin.ToLocal(Utc(2026, 3, 29, 0, 59)), Local(2026, 3, 29, 1, 59));
  EXPECT_EQ(berlin.ToLocal(Utc(2026, 3, 29, 1, 0)), Local(2026, 3, 29, 3, 0));
  // 02:30 shows twice on the fall-back day, an hour apart.
  EXPECT_EQ(berlin.ToLocal(Utc(2026, 10, 25, 0, 30)), Local(2026, 10, 25, 2, 30));
  EXPECT_EQ(berlin.ToLocal(Utc(2026, 10, 25, 1, 30)), Local(2026, 10, 25, 2, 30));
  // A local date differs from the UTC date near midnight.
  EXPECT_EQ(berlin.ToLocal(Utc(2026, 12, 31, 23, 30)), Local(2027, 1, 1, 0, 30));
  // Sub-second parts are dropped, before 1970 too.
  EXPECT_EQ(Zone("UTC").ToLocal(Utc(2026, 1, 1, 0, 0) + 999'999), Local(2026, 1, 1, 0, 0));
  EXPECT_EQ(Zone("UTC").ToLocal(-1), Local(1969, 12, 31, 23, 59, 59));
}

TEST(TimeZone, ResolveBerlinSpringForwardGap) {
  TimeZone berlin = Zone("Europe/Berlin");
  LocalResolution before = berlin.Resolve(Local(2026, 3, 29, 1, 59));
  EXPECT_EQ(before.kind, LocalResolution::Kind::kUnique);
  EXPECT_EQ(before.instant, Utc(2026, 3, 29, 0, 59));
  for (int minute : {0, 30, 59}) {
    LocalResolution r = berlin.Resolve(Local(2026, 3, 29, 2, minute));
    EXPECT_EQ(r.kind, LocalResolution::Kind::kSkipped) << minute;
    EXPECT_EQ(r.instant, Utc(2026, 3, 29, 1, 0)) << minute;  // 03:00 CEST
  }
  LocalResolution after = berlin.Resolve(Local(2026, 3, 29, 3, 0));
  EXPECT_EQ(after.kind, LocalResolution::Kind::kUnique);
  EXPECT_EQ(after.instant, Utc(2026, 3, 29, 1, 0));
}

TEST(TimeZone, ResolveBerlinFallBackOverlap) {
  TimeZone berlin = Zone("Europe/Berlin");
  LocalResolution before = berlin.Resolve(Local(2026, 10, 25, 1, 59));
  EXPECT_EQ(before.kind, LocalResolution::Kind::kUnique);
  EXPECT_EQ(before.instant, Utc(2026, 10, 24, 23, 59));
  LocalResolution r = berlin.Resolve(Local(2026, 10, 25, 2, 30));
  EXPECT_EQ(r.kind, LocalResolution::Kind::kRepeated);
  EXPECT_EQ(r.instant, Utc(2026, 10, 25, 0, 30));  // 02:30 CEST
  EXPECT_EQ(r.later, Utc(2026, 10, 25, 1, 30));    // 02:30 CET
  LocalResolution start = berlin.Resolve(Local(2026, 10, 25, 2, 0));
  EXPECT_EQ(start.kind, LocalResolution::Kind::kRepeated);
  EXPECT_EQ(start.instant, Utc(2026, 10, 25, 0, 0));
  EXPECT_EQ(start.later, Utc(2026, 10, 25, 1, 0));
  LocalResolution after = berlin.Resolve(Local(2026, 10, 25, 3, 0));
  EXPECT_EQ(after.kind, LocalResolution::Kind::kUnique);
  EXPECT_EQ(after.instant, Utc(2026, 10, 25, 2, 0));
}

TEST(TimeZone, ResolveLosAngelesTransitions) {
  TimeZone la = Zone("America/Los_Angeles");
  LocalResolution gap = la.Resolve(Local(2026, 3, 8, 2, 30));
  EXPECT_EQ(gap.kind, LocalResolution::Kind::kSkipped);
  EXPECT_EQ(gap.instant, Utc(2026, 3, 8, 10, 0));  // 03:00 PDT
  LocalResolution overlap = la.Resolve(Local(2026, 11, 1, 1, 30));
  EXPECT_EQ(overlap.kind, LocalResolution::Kind::kRepeated);
  EXPECT_EQ(overlap.instant, Utc(2026, 11, 1, 8, 30));  // 01:30 PDT
  EXPECT_EQ(overlap.later, Utc(2026, 11, 1, 9, 30));    // 01:30 PST
  LocalResolution plain = la.Resolve(Local(2026, 11, 1, 2, 30));
  EXPECT_EQ(plain.kind, LocalResolution::Kind::kUnique);
  EXPECT_EQ(plain.instant, Utc(2026, 11, 1, 10, 30));
}

TEST(TimeZone, ZonesWithoutDstResolveEveryMinuteUniquely) {
  for (std::string_view name : {"Asia/Singapore", "America/Sao_Paulo", "UTC"}) {
    TimeZone zone = Zone(name);
    for (Days d = Date(2026, 1, 1); d <= Date(2026, 12, 31); ++d) {
      for (int32_t s = 0; s < 86'400; s += 1800) {
        LocalResolution r = zone.Resolve(LocalTime{d, s});
        ASSERT_EQ(r.kind, LocalResolution::Kind::kUnique) << name << " " << FormatLocalTime(LocalTime{d, s});
        ASSERT_EQ(zone.ToLocal(r.instant), (LocalTime{d, s})) << name;
      }
    }
  }
  EXPECT_EQ(Zone("Asia/Singapore").Resolve(Local(2026, 3, 29, 2, 30)).instant, Utc(2026, 3, 28, 18, 30));
  EXPECT_EQ(Zone("America/Sao_Paulo").Resolve(Local(2026, 11, 1, 1, 30)).instant, Utc(2026, 11, 1, 4, 30));
}

TEST(TimeZone, ToLocalAndResolveAgreeAllYear) {
  for (std::string_view name : {"Europe/Berlin", "America/Los_Angeles"}) {
    TimeZone zone = Zone(name);
    for (Micros t = Utc(2026, 1, 1, 0, 0); t < Utc(2027, 1, 1, 0, 0); t += 15 * kMicrosPerMinute) {
      LocalResolution r = zone.Resolve(zone.ToLocal(t));
      ASSERT_NE(r.kind, LocalResolution::Kind::kSkipped) << name << " " << FormatUtc(t);
      ASSERT_TRUE(r.instant == t || r.later == t) << name << " " << FormatUtc(t);
    }
  }
}

TEST(TimeZone, FormatsLocalTimesAndUtcInstants) {
  EXPECT_EQ(FormatLocalTime(Local(2026, 3, 29, 2, 30)), "2026-03-29 02:30");
  EXPECT_EQ(FormatLocalTime(Local(2026, 3, 29, 2, 30, 15)), "2026-03-29 02:30:15");
  EXPECT_EQ(FormatLocalTime(Local(2026, 1, 1, 0, 0)), "2026-01-01 00:00");
  EXPECT_EQ(FormatUtc(Utc(2026, 3, 29, 1, 30)), "2026-03-29 01:30Z");
  EXPECT_EQ(FormatUtc(Utc(2026, 3, 29, 1, 30, 5)), "2026-03-29 01:30:05Z");
  EXPECT_EQ(FormatUtc(Utc(2026, 12, 31, 23, 59) + 500'000), "2026-12-31 23:59Z");
  EXPECT_EQ(FormatUtc(-kMicrosPerHour), "1969-12-31 23:00Z");
}

TEST(TimeZone, ParsesTimesOfDay) {
  EXPECT_EQ(ParseTimeOfDay("00:00").ValueOrDie(), 0);
  EXPECT_EQ(ParseTimeOfDay("02:30").ValueOrDie(), 9000);
  EXPECT_EQ(ParseTimeOfDay("09:05:07").ValueOrDie(), 9 * 3600 + 5 * 60 + 7);
  EXPECT_EQ(ParseTimeOfDay("23:59:59").ValueOrDie(), 86'399);
}

TEST(TimeZone, RejectsBadTimesOfDayNamingTheText) {
  auto r = ParseTimeOfDay("25:00");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "bad time of day \"25:00\" (expected HH:MM or HH:MM:SS)");
  for (std::string_view bad : {"24:00", "12:60", "12:30:60", "1:30", "12:3", "12-30", "12:30:", "", " 12:30", "12:30 ",
                               "ab:cd", "12:30:00.5", "-1:00"}) {
    auto b = ParseTimeOfDay(bad);
    ASSERT_FALSE(b.ok()) << bad;
    EXPECT_EQ(b.status().message(), fmt::format("bad time of day \"{}\" (expected HH:MM or HH:MM:SS)", bad));
  }
}

}  // namespace
}  // namespace tributary::orchestrator
