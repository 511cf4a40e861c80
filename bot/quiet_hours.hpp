// Quiet hours for broadcasts, as a pure function of the time: a broadcast
// queued inside them is held (the outbox row's due time) until they end.
#pragma once

#include <cstdint>
#include <optional>

#include "bot/config.hpp"

namespace stoop {

// Local time in minutes after midnight (0-1439) for a UTC time, with the
// configured offset and US daylight saving time (second Sunday of March to
// the first Sunday of November, at 2am) when that is on.
int local_minute_of_day(const QuietHoursConfig& quiet, std::int64_t utc_ms);

// When the quiet hours that `utc_ms` falls in end; nullopt outside them (or
// when none are configured). A daylight-saving change during the night can
// make this an hour early or late, twice a year.
std::optional<std::int64_t> quiet_hours_end(const QuietHoursConfig& quiet, std::int64_t utc_ms);

} // namespace stoop
