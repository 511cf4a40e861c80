#include <gtest/gtest.h>

#include "routing/time_zone.hpp"

namespace stoop::routing {
namespace {

constexpr std::int64_t hour_ms = 3'600'000;

std::int64_t utc(int y, int mo, int d, int h, int mi = 0) {
  return days_from_civil(y, mo, d) * 24 * hour_ms + (h * 60 + mi) * 60'000LL;
}

TEST(Civil, RoundTripsDatesAcrossCenturiesAndLeapDays) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28), 2); // 2000 was a leap year
  EXPECT_EQ(days_from_civil(2100, 3, 1) - days_from_civil(2100, 2, 28), 1); // 2100 will not be
  for (std::int64_t day = -1000; day < 200'000; day += 37) {
    auto t = civil_from_ms(day * 24 * hour_ms + 5 * hour_ms);
    EXPECT_EQ(days_from_civil(t.year, t.month, t.day), day);
    EXPECT_EQ(t.hour, 5);
  }
  auto new_year = civil_from_ms(utc(2026, 1, 1, 0));
  EXPECT_EQ(new_year.weekday, 4); // a Thursday
}

TEST(TimeZone, NewYorkFollowsTheUsDaylightRule) {
  auto zone = find_time_zone("America/New_York");
  ASSERT_TRUE(zone);
  EXPECT_EQ(zone->offset_minutes_at(utc(2026, 1, 15, 12)), -300);
  EXPECT_EQ(zone->offset_minutes_at(utc(2026, 7, 15, 12)), -240);
  // 2026: daylight time from Sunday 8 March 07:00 UTC to Sunday 1 November 06:00 UTC.
  EXPECT_EQ(zone->offset_minutes_at(utc(2026, 3, 8, 6, 59)), -300);
  EXPECT_EQ(zone->offset_minutes_at(utc(2026, 3, 8, 7, 0)), -240);
  EXPECT_EQ(zone->offset_minutes_at(utc(2026, 11, 1, 5, 59)), -240);
  EXPECT_EQ(zone->offset_minutes_at(utc(2026, 11, 1, 6, 0)), -300);
  auto local = zone->local(utc(2026, 7, 4, 16, 30));
  EXPECT_EQ(local.hour, 12);
  EXPECT_EQ(local.minute, 30);
  EXPECT_EQ(local.weekday, 6); // a Saturday
}

TEST(TimeZone, LocalToUtcHandlesTheGapAndTheOverlap) {
  auto zone = *find_time_zone("America/New_York");
  EXPECT_EQ(zone.to_utc_ms(2026, 1, 10, 10 * 60), utc(2026, 1, 10, 15));
  EXPECT_EQ(zone.to_utc_ms(2026, 7, 10, 10 * 60), utc(2026, 7, 10, 14));
  // 02:30 does not exist on 8 March 2026: it reads as 03:30 daylight time.
  EXPECT_EQ(zone.to_utc_ms(2026, 3, 8, 2 * 60 + 30), utc(2026, 3, 8, 7, 30));
  // 01:30 happens twice on 1 November 2026: the first one.
  EXPECT_EQ(zone.to_utc_ms(2026, 11, 1, 90), utc(2026, 11, 1, 5, 30));
}

TEST(TimeZone, EuropeanRuleAndFixedOffsets) {
  auto lisbon = *find_time_zone("Europe/Lisbon");
  EXPECT_EQ(lisbon.offset_minutes_at(utc(2026, 3, 29, 0, 59)), 0);
  EXPECT_EQ(lisbon.offset_minutes_at(utc(2026, 3, 29, 1, 0)), 60);
  EXPECT_EQ(lisbon.offset_minutes_at(utc(2026, 10, 25, 1, 0)), 0);
  EXPECT_EQ(find_time_zone("Atlantic/Cape_Verde")->offset_minutes_at(utc(2026, 7, 1, 0)), -60);
  EXPECT_EQ(find_time_zone("UTC+05:30")->offset_minutes_at(0), 330);
  EXPECT_EQ(find_time_zone("UTC-4")->offset_minutes_at(0), -240);
  EXPECT_EQ(find_time_zone("UTC")->offset_minutes_at(0), 0);
  for (const char* bad : {"", "Mars/Olympus", "UTC+15:00", "UTC+5:3", "america/new_york"}) {
    EXPECT_FALSE(find_time_zone(bad)) << bad;
  }
  for (const auto& name : known_time_zones()) EXPECT_TRUE(find_time_zone(name)) << name;
}

TEST(TimeZone, FormatsDayAndTimeForTexts) {
  auto zone = *find_time_zone("America/New_York");
  EXPECT_EQ(format_day_time(utc(2026, 1, 10, 15), zone), "Sat 10 Jan, 10:00");
  EXPECT_EQ(format_day_time(utc(2026, 7, 4, 0, 5), zone), "Fri 3 Jul, 20:05");
}

TEST(TimeZone, ParsesLocalDateTimes) {
  auto zone = *find_time_zone("America/New_York");
  EXPECT_EQ(parse_local_date_time("2026-01-10T10:00", zone), utc(2026, 1, 10, 15));
  EXPECT_EQ(parse_local_date_time("2026-06-10 10:00", zone), utc(2026, 6, 10, 14));
  for (const char* bad : {"2026-02-30T10:00", "2026-13-01T10:00", "2026-01-10", "2026-01-10T25:00", "x"}) {
    EXPECT_FALSE(parse_local_date_time(bad, zone)) << bad;
  }
}

} // namespace
} // namespace stoop::routing
