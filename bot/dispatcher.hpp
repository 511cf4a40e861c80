// Sends what the outbox holds. One loop per channel claims due rows (never two
// at once for one contact, so a contact's messages go out in order), waits
// for the channel's rate limit, sends through the channel's adapter and
// records the outcome: sent, retried later with exponential backoff and
// jitter, failed for good, held, or the contact opted out. Rows in flight
// when the process dies are sent again after a restart with the same
// idempotency key.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "bot/asio.hpp"
#include "bot/config.hpp"
#include "core/clock.hpp"
#include "storage/records.hpp"

namespace stoop {

class ChannelSet;
class HttpClient;
class LiveHub;
class Metrics;
class StoreThread;
class Pipeline;

class Dispatcher {
 public:
  Dispatcher(asio::io_context& io, StoreThread& store, const ChannelSet& channels, HttpClient& http, LiveHub& hub,
             Metrics& metrics, const Clock& clock, const OutboxConfig& config);
  ~Dispatcher();

  // Puts rows left "sending" by a crash back in the queue, then starts the loops.
  awaitable<void> start();
  // Something was queued on that channel: look now rather than at the next poll.
  void notify(const std::string& channel_id);
  // Stops claiming and waits (up to grace) for sends in flight.
  awaitable<void> stop(std::chrono::milliseconds grace);

  std::int64_t backoff_ms(int attempts) const; // for a row that has failed `attempts` times

 private:
  struct ChannelLoop;
  awaitable<void> run(ChannelLoop& loop);
  awaitable<void> send(ChannelLoop& loop, storage::OutboxRecord row);
  void wake(ChannelLoop& loop);

  asio::io_context& io_;
  asio::strand<asio::io_context::executor_type> strand_;
  StoreThread& store_;
  const ChannelSet& channels_;
  HttpClient& http_;
  LiveHub& hub_;
  Metrics& metrics_;
  const Clock& clock_;
  OutboxConfig config_;
  std::map<std::string, std::unique_ptr<ChannelLoop>, std::less<>> loops_;
  std::atomic<bool> running_{false};
  std::atomic<int> in_flight_{0};
};

} // namespace stoop
