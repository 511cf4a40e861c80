// Durations as people write them in the config: "90s", "15m", "4h", "1d",
// "1w", or combined ("1h30m").
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace stoop::routing {

// Milliseconds, or nullopt for anything else (empty, a bare number, an unknown
// unit, a negative or absurdly large value).
std::optional<std::int64_t> parse_duration_ms(std::string_view text);

// "HH:MM" (00:00-23:59) as minutes after midnight; "24:00" too when allow_end_of_day.
std::optional<int> parse_clock_minutes(std::string_view text, bool allow_end_of_day = false);

} // namespace stoop::routing
