#include "bot/scheduler.hpp"

#include <algorithm>

#include "bot/store_thread.hpp"
#include "core/log.hpp"

namespace stoop {

namespace {
constexpr std::size_t batch_size = 200;
}

Scheduler::Scheduler(asio::io_context& io, StoreThread& store, const Clock& clock)
    : store_(store), clock_(clock), strand_(asio::make_strand(io)), signal_(strand_) {}

void Scheduler::on(const std::string& kind, Handler handler) { handlers_[kind] = std::move(handler); }

void Scheduler::start() {
  running_ = true;
  asio::co_spawn(strand_, run(), logged("scheduler"));
}

void Scheduler::notify() {
  if (notified_.exchange(true)) return;
  asio::post(strand_, [this] {
    notified_ = false;
    signal_.cancel();
  });
}

void Scheduler::stop() {
  running_ = false;
  asio::post(strand_, [this] { signal_.cancel(); });
}

namespace {

// A timer or wake whose handler fails is dropped (and logged), never retried forever.
template <class Run, class Name>
void run_isolated(storage::Store& store, const Run& run, const Name& name) {
  store.savepoint();
  try {
    run();
    store.release_savepoint();
  } catch (const std::exception& e) {
    store.rollback_to_savepoint();
    store.release_savepoint();
    log_error("scheduler", name(), " failed: ", e.what());
  }
}

} // namespace

std::size_t Scheduler::fire_due(storage::Store& store, std::int64_t now) {
  auto due = store.timers().take_due(now, batch_size);
  for (const auto& timer : due) {
    auto handler = handlers_.find(timer.kind);
    if (handler == handlers_.end()) {
      log_warn("scheduler", "dropping a timer of unknown kind ", timer.kind);
      continue;
    }
    run_isolated(store, [&] { handler->second(store, timer, now); },
                 [&] { return "timer " + timer.kind + "/" + timer.key; });
  }
  if (!wake_) return due.size();
  auto sessions = store.sessions().take_due(now, batch_size);
  for (auto contact_id : sessions) {
    run_isolated(store, [&] { wake_(store, contact_id, now); },
                 [&] { return "waking the session of contact " + std::to_string(contact_id); });
  }
  return due.size() + sessions.size();
}

std::optional<std::int64_t> Scheduler::next_due(storage::Store& store) const {
  auto timer = store.timers().next_due();
  auto wake = wake_ ? store.sessions().next_wake() : std::nullopt;
  if (timer && wake) return std::min(*timer, *wake);
  return timer ? timer : wake;
}

awaitable<void> Scheduler::run() {
  using std::chrono::milliseconds;
  while (running_) {
    // Look first (a read), and write only when something is due: an idle
    // scheduler costs the writer nothing.
    auto next_due = [this](storage::Store& s) { return this->next_due(s); };
    std::optional<std::int64_t> next;
    try {
      next = co_await store_.read(std::move(next_due));
    } catch (const std::exception& e) {
      log_error("scheduler", "could not read timers: ", e.what());
    }
    auto now = clock_.now_ms();
    if (next && *next <= now) {
      auto fire = [this, now](storage::Store& s) { return fire_due(s, now); };
      try {
        co_await store_.write(std::move(fire));
        continue; // there may be more due
      } catch (const std::exception& e) {
        log_error("scheduler", "could not fire timers: ", e.what());
      }
    }
    auto wait = milliseconds(250);
    if (next) wait = std::clamp(milliseconds(*next - now), milliseconds(1), milliseconds(250));
    signal_.expires_after(wait);
    boost::system::error_code ec;
    co_await signal_.async_wait(asio::redirect_error(use_awaitable, ec));
  }
}

} // namespace stoop
