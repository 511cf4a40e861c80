// Time as a dependency: the server uses the system clock, tests inject a manual
// one so timeouts, reminders and quiet hours are tested without sleeping.
#pragma once

#include <atomic>
#include <cstdint>

namespace stoop {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t now_ms() const = 0; // milliseconds since the Unix epoch
};

class SystemClock final : public Clock {
 public:
  std::int64_t now_ms() const override;
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t start_ms = 1'767'225'600'000) : now_(start_ms) {} // 2026-01-01
  std::int64_t now_ms() const override { return now_.load(); }
  void set(std::int64_t ms) { now_.store(ms); }
  void advance(std::int64_t ms) { now_.fetch_add(ms); }

 private:
  std::atomic<std::int64_t> now_;
};

} // namespace stoop
