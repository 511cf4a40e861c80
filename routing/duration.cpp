#include "routing/duration.hpp"

namespace stoop::routing {

std::optional<std::int64_t> parse_duration_ms(std::string_view text) {
  constexpr std::int64_t limit = 366LL * 24 * 3'600'000; // a year: anything longer is a typo
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::int64_t number = 0;
    std::size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      number = number * 10 + (text[i] - '0');
      if (number > limit) return std::nullopt;
      ++i;
      ++digits;
    }
    if (digits == 0 || i == text.size()) return std::nullopt; // a unit must follow every number
    std::int64_t unit = 0;
    switch (text[i]) {
      case 's': unit = 1'000; break;
      case 'm': unit = 60'000; break;
      case 'h': unit = 3'600'000; break;
      case 'd': unit = 24 * 3'600'000LL; break;
      case 'w': unit = 7 * 24 * 3'600'000LL; break;
      default: return std::nullopt;
    }
    ++i;
    total += number * unit;
    if (total > limit) return std::nullopt;
  }
  return total;
}

std::optional<int> parse_clock_minutes(std::string_view text, bool allow_end_of_day) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (std::size_t i : {0, 1, 3, 4}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  int hours = (text[0] - '0') * 10 + (text[1] - '0');
  int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (minutes > 59) return std::nullopt;
  if (hours == 24 && minutes == 0 && allow_end_of_day) return 24 * 60;
  if (hours > 23) return std::nullopt;
  return hours * 60 + minutes;
}

} // namespace stoop::routing
