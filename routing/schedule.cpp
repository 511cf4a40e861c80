#include "routing/schedule.hpp"

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "routing/duration.hpp"

namespace stoop::routing {
namespace {

constexpr std::int64_t minute_ms = 60'000;
constexpr std::array<const char*, 7> day_keys{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
constexpr std::array<const char*, 7> day_names{"sunday",   "monday", "tuesday", "wednesday",
                                               "thursday", "friday", "saturday"};

// The local calendar date `days` after the one `utc_ms` falls on, at minute_of_day.
std::int64_t local_instant(const TimeZone& zone, std::int64_t utc_ms, int days, int minute_of_day) {
  auto today = zone.local(utc_ms);
  auto date = civil_from_ms((days_from_civil(today.year, today.month, today.day) + days) * 24 * 60 * minute_ms);
  return zone.to_utc_ms(date.year, date.month, date.day, minute_of_day);
}

Expected<std::vector<std::pair<int, int>>> read_windows(const nlohmann::json& value, const std::string& pointer) {
  std::vector<std::pair<int, int>> windows;
  auto read_one = [&](const nlohmann::json& item, const std::string& where) -> std::optional<Error> {
    if (!item.is_string()) return make_error(where + ": expected \"HH:MM-HH:MM\"");
    auto window = parse_time_window(item.get<std::string>());
    if (!window) return make_error(where + ": expected \"HH:MM-HH:MM\", e.g. \"09:00-17:00\"");
    windows.push_back(*window);
    return std::nullopt;
  };
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (auto error = read_one(value[i], pointer + "/" + std::to_string(i))) return *error;
    }
  } else if (auto error = read_one(value, pointer)) {
    return *error;
  }
  return windows;
}

bool in_window(int minute, std::pair<int, int> window) { return minute >= window.first && minute < window.second; }

} // namespace

bool QuietHours::is_quiet(int minute_of_day) const {
  if (start_minute == end_minute) return false;
  if (start_minute < end_minute) return minute_of_day >= start_minute && minute_of_day < end_minute;
  return minute_of_day >= start_minute || minute_of_day < end_minute;
}

std::int64_t QuietHours::next_allowed(std::int64_t now_utc_ms, const TimeZone& zone) const {
  auto local = zone.local(now_utc_ms);
  int minute = local.minute_of_day();
  if (!is_quiet(minute)) return now_utc_ms;
  // Still before midnight in a window that wraps: the window ends tomorrow.
  bool ends_tomorrow = start_minute > end_minute && minute >= start_minute;
  return std::max(now_utc_ms, local_instant(zone, now_utc_ms, ends_tomorrow ? 1 : 0, end_minute));
}

std::optional<std::pair<int, int>> parse_time_window(std::string_view text) {
  text = trim(text);
  if (text.size() != 11 || text[5] != '-') return std::nullopt;
  auto start = parse_clock_minutes(text.substr(0, 5));
  auto end = parse_clock_minutes(text.substr(6), /*allow_end_of_day=*/true);
  if (!start || !end || *start == *end) return std::nullopt;
  return std::make_pair(*start, *end);
}

bool Availability::is_available(std::int64_t utc_ms, const TimeZone& default_zone) const {
  if (any_time) return true;
  auto local = zone_or(default_zone).local(utc_ms);
  int minute = local.minute_of_day();
  for (const auto& window : windows[static_cast<std::size_t>(local.weekday)]) {
    if (window.first < window.second) {
      if (in_window(minute, window)) return true;
    } else if (minute >= window.first) { // past midnight: the evening part, today
      return true;
    }
  }
  // The after-midnight part of yesterday's windows that run past midnight.
  for (const auto& window : windows[static_cast<std::size_t>((local.weekday + 6) % 7)]) {
    if (window.first > window.second && minute < window.second) return true;
  }
  return false;
}

Expected<Availability> parse_availability(const nlohmann::json& value, const std::string& pointer) {
  Availability availability;
  if (value.is_null()) return availability;
  if (!value.is_object()) return make_error(pointer + ": expected an object");
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string where = pointer + "/" + it.key();
    if (it.key() == "time_zone") {
      if (!it->is_string()) return make_error(where + ": expected a time zone name");
      availability.zone = find_time_zone(it->get<std::string>());
      if (!availability.zone) {
        return make_error(where + ": unknown time zone \"" + it->get<std::string>() +
                          "\" (use e.g. \"America/New_York\" or \"UTC-05:00\"; see docs/routing.md)");
      }
    } else if (it.key() == "hours") {
      if (!it->is_object()) return make_error(where + ": expected an object of day → windows");
      availability.any_time = false;
      for (auto day = it->begin(); day != it->end(); ++day) {
        auto weekday = parse_weekday(day.key());
        if (!weekday) return make_error(where + "/" + day.key() + ": expected a day: mon, tue, wed, thu, fri, sat or sun");
        auto windows = read_windows(*day, where + "/" + day.key());
        if (!windows) return make_error(windows.error());
        auto& list = availability.windows[static_cast<std::size_t>(*weekday)];
        list.insert(list.end(), windows->begin(), windows->end());
      }
    } else {
      return make_error(where + ": unknown key");
    }
  }
  return availability;
}

std::int64_t RecurringTime::next_after(std::int64_t after_utc_ms, const TimeZone& zone) const {
  auto today = zone.local(after_utc_ms);
  for (int days = 0; days <= 8; ++days) {
    int weekday_then = (today.weekday + days) % 7;
    if (weekday && *weekday != weekday_then) continue;
    auto at = local_instant(zone, after_utc_ms, days, minute_of_day);
    if (at > after_utc_ms) return at;
  }
  return after_utc_ms + 7 * 24 * 60 * minute_ms; // unreachable: a week always holds the day
}

std::optional<int> parse_weekday(std::string_view text) {
  auto lower = to_lower_ascii(trim(text));
  for (std::size_t i = 0; i < day_keys.size(); ++i) {
    if (lower == day_keys[i] || lower == day_names[i]) return static_cast<int>(i);
  }
  return std::nullopt;
}

} // namespace stoop::routing
