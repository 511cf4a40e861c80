#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "routing/schedule.hpp"

namespace stoop::routing {
namespace {

constexpr std::int64_t hour_ms = 3'600'000;

std::int64_t utc(int y, int mo, int d, int h, int mi = 0) {
  return days_from_civil(y, mo, d) * 24 * hour_ms + (h * 60 + mi) * 60'000LL;
}

const TimeZone boston = *find_time_zone("America/New_York");

TEST(QuietHours, DaytimeMessagesGoAtOnce) {
  QuietHours quiet;
  auto noon = utc(2026, 1, 10, 17); // 12:00 in Boston
  EXPECT_EQ(quiet.next_allowed(noon, boston), noon);
  auto just_before = utc(2026, 1, 11, 1, 59); // 20:59
  EXPECT_EQ(quiet.next_allowed(just_before, boston), just_before);
}

TEST(QuietHours, EveningMessagesWaitUntilEightTomorrow) {
  QuietHours quiet;
  EXPECT_EQ(quiet.next_allowed(utc(2026, 1, 11, 2), boston), utc(2026, 1, 11, 13)); // 21:00 → 08:00
  EXPECT_EQ(quiet.next_allowed(utc(2026, 1, 11, 4, 30), boston), utc(2026, 1, 11, 13)); // 23:30
}

TEST(QuietHours, EarlyMorningMessagesWaitUntilEightToday) {
  QuietHours quiet;
  EXPECT_EQ(quiet.next_allowed(utc(2026, 1, 11, 8), boston), utc(2026, 1, 11, 13)); // 03:00
  EXPECT_EQ(quiet.next_allowed(utc(2026, 1, 11, 13), boston), utc(2026, 1, 11, 13)); // 08:00 sharp
}

TEST(QuietHours, FollowsTheRecipientsZoneAcrossDaylightChanges) {
  QuietHours quiet;
  // Saturday 7 March 2026, 22:00 EST; the clocks go forward overnight: 08:00 EDT is 12:00 UTC.
  EXPECT_EQ(quiet.next_allowed(utc(2026, 3, 8, 3), boston), utc(2026, 3, 8, 12));
  auto saigon = *find_time_zone("Asia/Ho_Chi_Minh");
  EXPECT_EQ(quiet.next_allowed(utc(2026, 1, 10, 17), saigon), utc(2026, 1, 11, 1)); // 00:00 there → 08:00
}

TEST(QuietHours, ConfigurableWindowsIncludingNone) {
  QuietHours lunch{12 * 60, 13 * 60};
  EXPECT_TRUE(lunch.is_quiet(12 * 60 + 30));
  EXPECT_FALSE(lunch.is_quiet(13 * 60));
  EXPECT_EQ(lunch.next_allowed(utc(2026, 1, 10, 17, 15), boston), utc(2026, 1, 10, 18));
  QuietHours none{0, 0};
  EXPECT_FALSE(none.is_quiet(3 * 60));
}

TEST(Availability, WithoutHoursAnyTime) {
  auto a = parse_availability(nlohmann::json::object(), "/a");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_available(utc(2026, 1, 11, 8), boston));
  EXPECT_TRUE(parse_availability(nullptr, "/a"));
}

TEST(Availability, WeeklyWindowsInTheirOwnZone) {
  auto a = parse_availability(nlohmann::json::parse(R"({"time_zone": "America/Los_Angeles",
      "hours": {"mon": ["09:00-12:00", "14:00-17:00"], "sat": "10:00-14:00"}})"), "/a");
  ASSERT_TRUE(a) << a.error();
  EXPECT_EQ(a->zone_or(boston).name(), "America/Los_Angeles");
  // Monday 12 January 2026; Los Angeles is UTC-8.
  EXPECT_TRUE(a->is_available(utc(2026, 1, 12, 17), boston));      // 09:00
  EXPECT_FALSE(a->is_available(utc(2026, 1, 12, 20, 30), boston)); // 12:30
  EXPECT_TRUE(a->is_available(utc(2026, 1, 12, 22), boston));      // 14:00
  EXPECT_FALSE(a->is_available(utc(2026, 1, 13, 1), boston));      // 17:00: windows end before it
  EXPECT_FALSE(a->is_available(utc(2026, 1, 13, 17), boston));     // Tuesday: not listed
  EXPECT_TRUE(a->is_available(utc(2026, 1, 17, 20), boston));      // Saturday 12:00
}

TEST(Availability, WindowsPastMidnightBelongToTheDayTheyStart) {
  auto a = parse_availability(nlohmann::json::parse(R"({"hours": {"fri": "22:00-02:00"}})"), "/a");
  ASSERT_TRUE(a) << a.error();
  // Friday 16 January 2026 23:00 and Saturday 01:00 in Boston, not Saturday 03:00 nor Friday 01:00.
  EXPECT_TRUE(a->is_available(utc(2026, 1, 17, 4), boston));
  EXPECT_TRUE(a->is_available(utc(2026, 1, 17, 6), boston));
  EXPECT_FALSE(a->is_available(utc(2026, 1, 17, 8), boston));
  EXPECT_FALSE(a->is_available(utc(2026, 1, 16, 6), boston));
}

TEST(Availability, ErrorsNameThePointer) {
  auto check = [](const char* text, const char* expected) {
    auto a = parse_availability(nlohmann::json::parse(text), "/people/0/availability");
    ASSERT_FALSE(a) << text;
    EXPECT_EQ(a.error().rfind(expected, 0), 0u) << a.error();
  };
  check(R"([])", "/people/0/availability: expected an object");
  check(R"({"time_zone": "Mars/Base"})", "/people/0/availability/time_zone: unknown time zone");
  check(R"({"hours": {"funday": "09:00-10:00"}})", "/people/0/availability/hours/funday: expected a day");
  check(R"({"hours": {"mon": ["09:00-09:00"]}})", "/people/0/availability/hours/mon/0: expected");
  check(R"({"hours": {"mon": 9}})", "/people/0/availability/hours/mon: expected");
  check(R"({"zone": "UTC"})", "/people/0/availability/zone: unknown key");
}

TEST(RecurringTime, NextWeeklyOccurrenceInLocalTime) {
  RecurringTime friday_five{5, 17 * 60};
  // Thursday 15 January 2026 noon → Friday 16 January 17:00 EST = 22:00 UTC.
  EXPECT_EQ(friday_five.next_after(utc(2026, 1, 15, 17), boston), utc(2026, 1, 16, 22));
  // At the very moment: the next one, a week later.
  EXPECT_EQ(friday_five.next_after(utc(2026, 1, 16, 22), boston), utc(2026, 1, 23, 22));
  // Across the spring change: Friday 13 March 17:00 EDT = 21:00 UTC.
  EXPECT_EQ(friday_five.next_after(utc(2026, 3, 7, 0), boston), utc(2026, 3, 13, 21));
  RecurringTime daily{std::nullopt, 9 * 60};
  EXPECT_EQ(daily.next_after(utc(2026, 1, 15, 15), boston), utc(2026, 1, 16, 14));
}

TEST(RecurringTime, Weekdays) {
  EXPECT_EQ(parse_weekday("sun"), 0);
  EXPECT_EQ(parse_weekday("Friday"), 5);
  EXPECT_EQ(parse_weekday("SAT"), 6);
  EXPECT_FALSE(parse_weekday("fr"));
  EXPECT_EQ(parse_time_window("09:00-17:00"), std::make_pair(540, 1020));
  EXPECT_EQ(parse_time_window("18:00-24:00"), std::make_pair(1080, 1440));
  EXPECT_FALSE(parse_time_window("9-17"));
}

} // namespace
} // namespace stoop::routing
