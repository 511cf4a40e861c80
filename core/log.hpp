// One-line logging with secret redaction. Every adapter declares its secrets;
// the bot registers their values here at start-up, and from then on no log line
// can carry them, whoever writes it.
#pragma once

#include <charconv>
#include <concepts>
#include <functional>
#include <string>
#include <string_view>

namespace stoop {

enum class LogLevel { debug, info, warn, error };

void set_log_level(LogLevel level);
bool parse_log_level(std::string_view text, LogLevel& level);
// Where lines go (default: stderr). Tests capture lines through this.
void set_log_sink(std::function<void(std::string_view line)> sink);
// Any later log line has each occurrence of value replaced by "[redacted]".
void register_secret(std::string_view value);
void clear_secrets();
bool log_enabled(LogLevel level);
void log_line(LogLevel level, std::string_view component, std::string_view message);
// The message with every registered secret replaced.
std::string redact(std::string_view message);
// Names the calling thread (at most 15 bytes), as `top -H`, gdb and perf show it.
void name_this_thread(const char* name);

namespace detail {
inline void append_piece(std::string& out, std::string_view piece) { out += piece; }
inline void append_piece(std::string& out, const char* piece) { out += piece; }
inline void append_piece(std::string& out, const std::string& piece) { out += piece; }
template <std::integral T>
void append_piece(std::string& out, T value) {
  if constexpr (std::is_same_v<T, bool>) {
    out += value ? "true" : "false";
  } else {
    char buffer[24];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, end);
  }
}
inline void append_piece(std::string& out, double value) { out += std::to_string(value); }
} // namespace detail

template <class... Pieces>
void log(LogLevel level, std::string_view component, const Pieces&... pieces) {
  if (!log_enabled(level)) return;
  std::string message;
  (detail::append_piece(message, pieces), ...);
  log_line(level, component, message);
}

template <class... Pieces>
void log_debug(std::string_view component, const Pieces&... pieces) { log(LogLevel::debug, component, pieces...); }
template <class... Pieces>
void log_info(std::string_view component, const Pieces&... pieces) { log(LogLevel::info, component, pieces...); }
template <class... Pieces>
void log_warn(std::string_view component, const Pieces&... pieces) { log(LogLevel::warn, component, pieces...); }
template <class... Pieces>
void log_error(std::string_view component, const Pieces&... pieces) { log(LogLevel::error, component, pieces...); }

} // namespace stoop
