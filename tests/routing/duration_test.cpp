#include <gtest/gtest.h>

#include "routing/duration.hpp"

namespace stoop::routing {
namespace {

TEST(Duration, ReadsEveryUnitAndCombinations) {
  EXPECT_EQ(parse_duration_ms("90s"), 90'000);
  EXPECT_EQ(parse_duration_ms("15m"), 15 * 60'000);
  EXPECT_EQ(parse_duration_ms("4h"), 4 * 3'600'000);
  EXPECT_EQ(parse_duration_ms("1d"), 24 * 3'600'000);
  EXPECT_EQ(parse_duration_ms("1w"), 7 * 24 * 3'600'000LL);
  EXPECT_EQ(parse_duration_ms("1h30m"), 90 * 60'000);
}

TEST(Duration, RefusesWhatIsNotADuration) {
  for (const char* bad : {"", "15", "m", "15x", "-5m", "1.5h", "15 m", "400d", "99999999999999999999s"}) {
    EXPECT_FALSE(parse_duration_ms(bad)) << bad;
  }
}

TEST(Duration, ReadsClockTimes) {
  EXPECT_EQ(parse_clock_minutes("00:00"), 0);
  EXPECT_EQ(parse_clock_minutes("08:30"), 8 * 60 + 30);
  EXPECT_EQ(parse_clock_minutes("23:59"), 23 * 60 + 59);
  EXPECT_FALSE(parse_clock_minutes("24:00"));
  EXPECT_EQ(parse_clock_minutes("24:00", true), 24 * 60);
  for (const char* bad : {"8:30", "08:60", "25:00", "0830", "ab:cd", ""}) EXPECT_FALSE(parse_clock_minutes(bad)) << bad;
}

} // namespace
} // namespace stoop::routing
