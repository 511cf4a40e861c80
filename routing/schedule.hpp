// Times of day that matter to routing and prompts, all in a person's own time
// zone: quiet hours (no non-urgent messages at night), a person's weekly
// availability, and the weekly or daily schedule of a recurring prompt.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/expected.hpp"
#include "routing/time_zone.hpp"

namespace stoop::routing {

// A window of minutes after local midnight; start > end wraps past midnight
// (the default, 21:00-08:00). start == end means no quiet hours at all.
struct QuietHours {
  int start_minute = 21 * 60;
  int end_minute = 8 * 60;

  bool is_quiet(int minute_of_day) const;
  // `now` when a message may go out now, else the instant the window ends.
  std::int64_t next_allowed(std::int64_t now_utc_ms, const TimeZone& zone) const;
};

// "HH:MM-HH:MM", e.g. "09:00-17:00" or "22:00-02:00" (past midnight).
std::optional<std::pair<int, int>> parse_time_window(std::string_view text);

// When a person takes requests, in their time zone. The stored JSON (users.availability):
//   {"time_zone": "America/New_York",
//    "hours": {"mon": ["09:00-17:00"], "tue": "09:00-12:00", "sat": []}}
// Without "hours" the person is available at any time; with it, only in the
// windows listed (a day not listed: not at all). A window past midnight
// belongs to the day it starts on. Without "time_zone": the office's zone.
struct Availability {
  std::optional<TimeZone> zone; // empty: the caller's default
  bool any_time = true;
  std::array<std::vector<std::pair<int, int>>, 7> windows; // by weekday, 0 = Sunday

  bool is_available(std::int64_t utc_ms, const TimeZone& default_zone) const;
  const TimeZone& zone_or(const TimeZone& default_zone) const { return zone ? *zone : default_zone; }
};

// Errors read "POINTER: message", the pointer starting at `pointer`.
Expected<Availability> parse_availability(const nlohmann::json& value, const std::string& pointer);

// A recurring time: every day at a time, or every week on a day at a time.
struct RecurringTime {
  std::optional<int> weekday; // empty: every day
  int minute_of_day = 0;

  // The first occurrence strictly after `after_utc_ms`.
  std::int64_t next_after(std::int64_t after_utc_ms, const TimeZone& zone) const;
};

// "mon".."sun" (also full English names), case-insensitive → 0 (Sunday)..6.
std::optional<int> parse_weekday(std::string_view text);

} // namespace stoop::routing
