#include "core/log.hpp"

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <vector>

namespace stoop {
namespace {

struct LogState {
  std::mutex mutex;
  std::function<void(std::string_view)> sink;
  std::vector<std::string> secrets;
};

LogState& state() {
  static LogState instance;
  return instance;
}

std::atomic<int> current_level{static_cast<int>(LogLevel::info)};

std::string_view level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug: return "DEBUG";
    case LogLevel::info: return "INFO";
    case LogLevel::warn: return "WARN";
    case LogLevel::error: return "ERROR";
  }
  return "INFO";
}

std::string timestamp() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::time_t seconds = system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms));
  return buffer;
}

std::string redact_locked(const std::vector<std::string>& secrets, std::string_view message) {
  std::string out(message);
  for (const auto& secret : secrets) {
    for (auto pos = out.find(secret); pos != std::string::npos; pos = out.find(secret, pos + 10)) {
      out.replace(pos, secret.size(), "[redacted]");
    }
  }
  return out;
}

} // namespace

void set_log_level(LogLevel level) { current_level.store(static_cast<int>(level)); }

bool parse_log_level(std::string_view text, LogLevel& level) {
  for (auto candidate : {LogLevel::debug, LogLevel::info, LogLevel::warn, LogLevel::error}) {
    std::string lower(level_name(candidate));
    for (char& c : lower) c = static_cast<char>(c - 'A' + 'a');
    if (text == lower) {
      level = candidate;
      return true;
    }
  }
  return false;
}

bool log_enabled(LogLevel level) { return static_cast<int>(level) >= current_level.load(); }

void set_log_sink(std::function<void(std::string_view)> sink) {
  std::lock_guard lock(state().mutex);
  state().sink = std::move(sink);
}

void register_secret(std::string_view value) {
  // Very short values would redact ordinary words; config validation refuses them anyway.
  if (value.size() < 4) return;
  std::lock_guard lock(state().mutex);
  for (const auto& existing : state().secrets) {
    if (existing == value) return;
  }
  state().secrets.emplace_back(value);
}

void clear_secrets() {
  std::lock_guard lock(state().mutex);
  state().secrets.clear();
}

std::string redact(std::string_view message) {
  std::lock_guard lock(state().mutex);
  return redact_locked(state().secrets, message);
}

void log_line(LogLevel level, std::string_view component, std::string_view message) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  std::string line = timestamp();
  line += ' ';
  line += level_name(level);
  line += ' ';
  line += component;
  line += ": ";
  line += redact_locked(s.secrets, message);
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' '; // one event, one line, whatever a message contains
  }
  if (s.sink) {
    s.sink(line);
  } else {
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
}

void name_this_thread(const char* name) { pthread_setname_np(pthread_self(), name); }

} // namespace stoop
