// Fires stored timers (request offers, reminders...) and wakes the flow
// sessions whose wait times out. Both live in the store, so they survive
// restarts; each fires inside a store transaction that also deletes the timer
// (or clears the session's wake time), so nothing fires twice. Time comes from the
// injected clock: tests move it by hand, and the loop looks again at least every
// quarter second so a moved clock is noticed.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "bot/asio.hpp"
#include "core/clock.hpp"
#include "storage/store.hpp"

namespace stoop {

class StoreThread;

class Scheduler {
 public:
  using Handler = std::function<void(storage::Store&, const storage::TimerRecord&, std::int64_t now)>;
  using WakeHandler = std::function<void(storage::Store&, std::int64_t contact_id, std::int64_t now)>;

  Scheduler(asio::io_context& io, StoreThread& store, const Clock& clock);

  // Registers what a kind of timer does; call before start().
  void on(const std::string& kind, Handler handler);
  // What waking a session does (storage::SessionRepository::take_due); call before start().
  void on_session_wake(WakeHandler handler) { wake_ = std::move(handler); }
  void start();
  // A timer was set: look again now rather than at the next poll. Any thread.
  void notify();
  void stop();

 private:
  awaitable<void> run();
  std::size_t fire_due(storage::Store& store, std::int64_t now);
  std::optional<std::int64_t> next_due(storage::Store& store) const;

  StoreThread& store_;
  const Clock& clock_;
  asio::strand<asio::io_context::executor_type> strand_;
  asio::steady_timer signal_;
  std::map<std::string, Handler> handlers_;
  WakeHandler wake_;
  std::atomic<bool> running_{false};
  std::atomic<bool> notified_{false};
};

} // namespace stoop
