#include "routing/time_zone.hpp"

#include <array>
#include <cstdio>

#include "routing/duration.hpp"

namespace stoop::routing {
namespace {

constexpr std::int64_t minute_ms = 60'000;
constexpr std::int64_t day_ms = 24 * 60 * minute_ms;

struct NamedZone {
  const char* name;
  int standard_offset_minutes;
  DaylightRule rule;
};

// The zones of the people Stoop serves and of the places its members come
// from, as of 2025. Haiti has followed the US rule since 2017.
constexpr std::array<NamedZone, 17> named_zones{{
    {"America/New_York", -5 * 60, DaylightRule::united_states},
    {"America/Chicago", -6 * 60, DaylightRule::united_states},
    {"America/Denver", -7 * 60, DaylightRule::united_states},
    {"America/Phoenix", -7 * 60, DaylightRule::none},
    {"America/Los_Angeles", -8 * 60, DaylightRule::united_states},
    {"America/Anchorage", -9 * 60, DaylightRule::united_states},
    {"Pacific/Honolulu", -10 * 60, DaylightRule::none},
    {"America/Puerto_Rico", -4 * 60, DaylightRule::none},
    {"America/Port-au-Prince", -5 * 60, DaylightRule::united_states},
    {"America/Santo_Domingo", -4 * 60, DaylightRule::none},
    {"Atlantic/Cape_Verde", -1 * 60, DaylightRule::none},
    {"Europe/London", 0, DaylightRule::european_union},
    {"Europe/Lisbon", 0, DaylightRule::european_union},
    {"Europe/Paris", 60, DaylightRule::european_union},
    {"Asia/Ho_Chi_Minh", 7 * 60, DaylightRule::none},
    {"Asia/Shanghai", 8 * 60, DaylightRule::none},
    {"Asia/Hong_Kong", 8 * 60, DaylightRule::none},
}};

// Day number of the n-th (1-based) given weekday of a month; n = 5 means the last.
std::int64_t nth_weekday(int year, int month, int weekday, int n) {
  if (n == 5) {
    int next_month = month == 12 ? 1 : month + 1;
    int next_year = month == 12 ? year + 1 : year;
    std::int64_t last = days_from_civil(next_year, next_month, 1) - 1;
    int last_weekday = static_cast<int>(((last % 7) + 7 + 4) % 7);
    return last - ((last_weekday - weekday + 7) % 7);
  }
  std::int64_t first = days_from_civil(year, month, 1);
  int first_weekday = static_cast<int>(((first % 7) + 7 + 4) % 7);
  return first + ((weekday - first_weekday + 7) % 7) + 7 * (n - 1);
}

std::optional<int> parse_offset(std::string_view text) {
  // "+05:30", "-04:00", "+5", "-4"
  if (text.empty() || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  int sign = text[0] == '-' ? -1 : 1;
  text.remove_prefix(1);
  int minutes = 0;
  if (text.size() == 5) {
    auto clock = parse_clock_minutes(text);
    if (!clock) return std::nullopt;
    minutes = *clock;
  } else if (!text.empty() && text.size() <= 2) {
    for (char c : text) {
      if (c < '0' || c > '9') return std::nullopt;
      minutes = minutes * 10 + (c - '0');
    }
    minutes *= 60;
  } else {
    return std::nullopt;
  }
  if (minutes > 14 * 60) return std::nullopt;
  return sign * minutes;
}

bool read_number(std::string_view text, std::size_t from, std::size_t length, int& out) {
  out = 0;
  for (std::size_t i = from; i < from + length; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

int days_in_month(int year, int month) {
  return static_cast<int>(days_from_civil(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1) -
                          days_from_civil(year, month, 1));
}

} // namespace

std::int64_t days_from_civil(int year, int month, int day) {
  // Count from 1 March of year 0, so the leap day is the last day of a "year".
  const std::int64_t y = month <= 2 ? year - 1 : year;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t year_of_era = y - era * 400;
  const std::int64_t shifted_month = month > 2 ? month - 3 : month + 9;
  const std::int64_t day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
  const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146'097 + day_of_era - 719'468; // 719468: days from 0000-03-01 to 1970-01-01
}

CivilTime civil_from_ms(std::int64_t ms) {
  std::int64_t days = ms >= 0 ? ms / day_ms : -((-ms + day_ms - 1) / day_ms);
  std::int64_t minute_of_day = (ms - days * day_ms) / minute_ms;
  CivilTime t;
  t.hour = static_cast<int>(minute_of_day / 60);
  t.minute = static_cast<int>(minute_of_day % 60);
  t.weekday = static_cast<int>(((days % 7) + 7 + 4) % 7);
  const std::int64_t z = days + 719'468;
  const std::int64_t era = (z >= 0 ? z : z - 146'096) / 146'097;
  const std::int64_t day_of_era = z - era * 146'097;
  const std::int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36'524 - day_of_era / 146'096) / 365;
  const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t shifted_month = (5 * day_of_year + 2) / 153;
  t.day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  t.month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  t.year = static_cast<int>(year_of_era + era * 400 + (t.month <= 2 ? 1 : 0));
  return t;
}

bool TimeZone::daylight_at(std::int64_t utc_ms) const {
  if (rule_ == DaylightRule::none) return false;
  int year = civil_from_ms(utc_ms + standard_offset_minutes_ * minute_ms).year;
  std::int64_t start = 0;
  std::int64_t end = 0;
  if (rule_ == DaylightRule::united_states) {
    // Second Sunday of March, 02:00 standard time, to the first Sunday of
    // November, 02:00 daylight time (01:00 standard).
    std::int64_t offset = standard_offset_minutes_ * minute_ms;
    start = nth_weekday(year, 3, 0, 2) * day_ms + 2 * 60 * minute_ms - offset;
    end = nth_weekday(year, 11, 0, 1) * day_ms + 1 * 60 * minute_ms - offset;
  } else {
    // Last Sunday of March to the last Sunday of October, both at 01:00 UTC.
    start = nth_weekday(year, 3, 0, 5) * day_ms + 60 * minute_ms;
    end = nth_weekday(year, 10, 0, 5) * day_ms + 60 * minute_ms;
  }
  return utc_ms >= start && utc_ms < end;
}

int TimeZone::offset_minutes_at(std::int64_t utc_ms) const {
  return standard_offset_minutes_ + (daylight_at(utc_ms) ? 60 : 0);
}

CivilTime TimeZone::local(std::int64_t utc_ms) const {
  return civil_from_ms(utc_ms + offset_minutes_at(utc_ms) * minute_ms);
}

std::int64_t TimeZone::to_utc_ms(int year, int month, int day, int minute_of_day) const {
  std::int64_t local_ms = days_from_civil(year, month, day) * day_ms + minute_of_day * minute_ms;
  // Read as daylight time when daylight time is in force at that reading: in
  // the autumn overlap that picks the first of the two times; in the spring
  // gap daylight time is not yet in force, so the time reads as standard time
  // and lands an hour later on the new clock.
  std::int64_t as_daylight = local_ms - (standard_offset_minutes_ + 60) * minute_ms;
  if (rule_ != DaylightRule::none && daylight_at(as_daylight)) return as_daylight;
  return local_ms - standard_offset_minutes_ * minute_ms;
}

std::optional<TimeZone> find_time_zone(std::string_view name) {
  for (const auto& zone : named_zones) {
    if (name == zone.name) return TimeZone(zone.name, zone.standard_offset_minutes, zone.rule);
  }
  if (name == "UTC" || name == "Etc/UTC" || name == "GMT") return TimeZone("UTC", 0, DaylightRule::none);
  if (name.size() > 3 && name.substr(0, 3) == "UTC") {
    if (auto offset = parse_offset(name.substr(3))) return TimeZone(std::string(name), *offset, DaylightRule::none);
  }
  return std::nullopt;
}

const std::vector<std::string>& known_time_zones() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& zone : named_zones) out.emplace_back(zone.name);
    out.emplace_back("UTC");
    return out;
  }();
  return names;
}

std::string format_day_time(std::int64_t utc_ms, const TimeZone& zone) {
  static constexpr std::array<const char*, 7> days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto t = zone.local(utc_ms);
  char clock[6];
  std::snprintf(clock, sizeof clock, "%02d:%02d", t.hour, t.minute);
  return std::string(days[static_cast<std::size_t>(t.weekday)]) + " " + std::to_string(t.day) + " " +
         months[static_cast<std::size_t>(t.month - 1)] + ", " + clock;
}

std::optional<std::int64_t> parse_local_date_time(std::string_view text, const TimeZone& zone) {
  // YYYY-MM-DDTHH:MM (a space instead of the T is accepted too)
  if (text.size() != 16 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ')) {
    return std::nullopt;
  }
  int year = 0;
  int month = 0;
  int day = 0;
  if (!read_number(text, 0, 4, year) || !read_number(text, 5, 2, month) || !read_number(text, 8, 2, day)) {
    return std::nullopt;
  }
  auto minute_of_day = parse_clock_minutes(text.substr(11));
  if (!minute_of_day || year < 2000 || year > 2200 || month < 1 || month > 12 || day < 1 ||
      day > days_in_month(year, month)) {
    return std::nullopt;
  }
  return zone.to_utc_ms(year, month, day, *minute_of_day);
}

} // namespace stoop::routing
