// Local time without a time-zone database. Stoop needs local time for quiet
// hours, availability hours and weekly prompts, in a handful of zones (the
// office is in Boston; students and staff are nearby). Rather than read the
// system's zoneinfo (setenv("TZ") is not thread-safe, and a container may have
// no zoneinfo at all), a zone here is a standard offset plus one of three
// daylight-saving rules: none, the US rule since 2007, or the EU rule.
// Known names are listed in known_time_zones(); "UTC", "UTC+05:30" and
// "UTC-04:00" are also accepted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stoop::routing {

enum class DaylightRule { none, united_states, european_union };

// A date and time on a wall clock; weekday 0 is Sunday.
struct CivilTime {
  int year = 1970;
  int month = 1; // 1-12
  int day = 1;   // 1-31
  int hour = 0;
  int minute = 0;
  int weekday = 4; // 1970-01-01 was a Thursday
  int minute_of_day() const { return hour * 60 + minute; }
};

// Days since 1970-01-01 for a proleptic Gregorian date, and back.
std::int64_t days_from_civil(int year, int month, int day);
CivilTime civil_from_ms(std::int64_t ms); // ms since the epoch, read as UTC

class TimeZone {
 public:
  TimeZone() = default; // UTC
  TimeZone(std::string name, int standard_offset_minutes, DaylightRule rule)
      : name_(std::move(name)), standard_offset_minutes_(standard_offset_minutes), rule_(rule) {}

  const std::string& name() const { return name_; }
  // Minutes to add to UTC to get local time at that instant.
  int offset_minutes_at(std::int64_t utc_ms) const;
  CivilTime local(std::int64_t utc_ms) const;
  // The instant a local wall-clock time happens. A time skipped by the spring
  // change reads as if the clock had not moved yet (02:30 → 03:30 daylight);
  // a time that happens twice gives the first.
  std::int64_t to_utc_ms(int year, int month, int day, int minute_of_day) const;

 private:
  bool daylight_at(std::int64_t utc_ms) const;

  std::string name_ = "UTC";
  int standard_offset_minutes_ = 0;
  DaylightRule rule_ = DaylightRule::none;
};

std::optional<TimeZone> find_time_zone(std::string_view name);
const std::vector<std::string>& known_time_zones();

// "Sat 14 Mar, 10:00": a time as students read it in a text, in the zone.
std::string format_day_time(std::int64_t utc_ms, const TimeZone& zone);

// "2026-03-14T10:00" (local, in the zone) → the instant; nullopt when malformed.
std::optional<std::int64_t> parse_local_date_time(std::string_view text, const TimeZone& zone);

} // namespace stoop::routing
