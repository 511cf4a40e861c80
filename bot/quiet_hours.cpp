#include "bot/quiet_hours.hpp"

namespace stoop {
namespace {

constexpr std::int64_t minute_ms = 60'000;
constexpr std::int64_t hour_ms = 60 * minute_ms;
constexpr std::int64_t day_ms = 24 * hour_ms;

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = floor_div(y, 400);
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::int64_t year_of_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = floor_div(z, 146097);
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

// 0 = Sunday.
unsigned weekday(std::int64_t days) {
  auto w = (days + 4) % 7; // 1970-01-01 was a Thursday
  return static_cast<unsigned>(w < 0 ? w + 7 : w);
}

// The nth Sunday (1-based) of a month, as days since the epoch.
std::int64_t nth_sunday(std::int64_t year, unsigned month, int n) {
  auto first = days_from_civil(year, month, 1);
  auto offset = (7 - weekday(first)) % 7;
  return first + offset + 7 * (n - 1);
}

bool in_us_daylight_time(std::int64_t local_standard_ms) {
  auto year = year_of_days(floor_div(local_standard_ms, day_ms));
  auto starts = nth_sunday(year, 3, 2) * day_ms + 2 * hour_ms; // 2am standard time
  auto ends = nth_sunday(year, 11, 1) * day_ms + 1 * hour_ms;  // 2am daylight time
  return local_standard_ms >= starts && local_standard_ms < ends;
}

std::int64_t local_ms(const QuietHoursConfig& quiet, std::int64_t utc_ms) {
  auto standard = utc_ms + quiet.utc_offset_minutes * minute_ms;
  if (quiet.us_daylight_saving && in_us_daylight_time(standard)) standard += hour_ms;
  return standard;
}

} // namespace

int local_minute_of_day(const QuietHoursConfig& quiet, std::int64_t utc_ms) {
  auto local = local_ms(quiet, utc_ms);
  return static_cast<int>((local - floor_div(local, day_ms) * day_ms) / minute_ms);
}

std::optional<std::int64_t> quiet_hours_end(const QuietHoursConfig& quiet, std::int64_t utc_ms) {
  if (!quiet.enabled) return std::nullopt;
  int minute = local_minute_of_day(quiet, utc_ms);
  bool inside = quiet.start_minute < quiet.end_minute ? minute >= quiet.start_minute && minute < quiet.end_minute
                                                      : minute >= quiet.start_minute || minute < quiet.end_minute;
  if (!inside) return std::nullopt;
  auto local = local_ms(quiet, utc_ms);
  auto into_minute = local - floor_div(local, minute_ms) * minute_ms;
  int minutes_left = (quiet.end_minute - minute + 24 * 60) % (24 * 60);
  return utc_ms - into_minute + minutes_left * minute_ms;
}

} // namespace stoop
