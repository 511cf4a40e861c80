#include "bot/dispatcher.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "bot/channels.hpp"
#include "bot/http_client.hpp"
#include "bot/live_hub.hpp"
#include "bot/metrics.hpp"
#include "bot/outbox.hpp"
#include "bot/store_thread.hpp"
#include "core/crypto.hpp"
#include "core/log.hpp"

namespace stoop {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Rate limits are about real time, so they use the steady clock, not the
// injected one (which tests move by hand).
struct TokenBucket {
  double rate = 1;
  double burst = 1;
  double tokens = 1;
  SteadyClock::time_point updated = SteadyClock::now();

  void refill() {
    auto now = SteadyClock::now();
    tokens = std::min(burst, tokens + std::chrono::duration<double>(now - updated).count() * rate);
    updated = now;
  }
  std::chrono::milliseconds time_to_next() const {
    if (tokens >= 1) return std::chrono::milliseconds(0);
    return std::chrono::milliseconds(static_cast<long long>((1 - tokens) / rate * 1000) + 1);
  }
};

} // namespace

struct Dispatcher::ChannelLoop {
  std::string channel_id;
  const adapters::Adapter* adapter = nullptr;
  TokenBucket overall;
  std::optional<adapters::RateLimit> per_recipient;
  std::unordered_map<std::int64_t, TokenBucket> recipients;
  int in_flight = 0;
  bool dirty = true;
  std::atomic<bool> notified{false};
  std::unique_ptr<asio::steady_timer> signal;
};

Dispatcher::Dispatcher(asio::io_context& io, StoreThread& store, const ChannelSet& channels, HttpClient& http,
                       LiveHub& hub, Metrics& metrics, const Clock& clock, const OutboxConfig& config)
    : io_(io), strand_(asio::make_strand(io)), store_(store), channels_(channels), http_(http), hub_(hub),
      metrics_(metrics), clock_(clock), config_(config) {
  metrics_.describe("stoop_messages_outbound_total", "counter", "Outbound sends by channel and result.");
  metrics_.describe("stoop_send_failures_total", "counter", "Sends that failed for good, by channel.");
  for (const auto& [id, adapter] : channels_.all()) {
    auto loop = std::make_unique<ChannelLoop>();
    loop->channel_id = id;
    loop->adapter = adapter.get();
    auto limits = adapter->limits();
    loop->overall.rate = limits.overall.per_second;
    loop->overall.burst = std::max(1.0, limits.overall.burst);
    loop->overall.tokens = loop->overall.burst;
    loop->per_recipient = limits.per_recipient;
    loop->signal = std::make_unique<asio::steady_timer>(strand_);
    loops_.emplace(id, std::move(loop));
  }
}

Dispatcher::~Dispatcher() = default;

std::int64_t Dispatcher::backoff_ms(int attempts) const {
  double base = config_.backoff_initial_ms;
  for (int i = 1; i < attempts && base < config_.backoff_max_ms; ++i) base *= 2;
  base = std::min<double>(base, config_.backoff_max_ms);
  // Jitter between half and the whole delay, so retries from many rows spread out.
  double jitter = 0.5 + static_cast<double>(random_u64() % 1000) / 2000.0;
  return static_cast<std::int64_t>(base * jitter);
}

awaitable<void> Dispatcher::start() {
  int released = co_await store_.write([](storage::Store& s) { return s.outbox().release_claimed(); });
  if (released > 0) log_info("dispatcher", released, " sends interrupted by the last stop will be retried");
  running_ = true;
  for (auto& [id, loop] : loops_) asio::co_spawn(strand_, run(*loop), logged("dispatcher loop"));
}

void Dispatcher::notify(const std::string& channel_id) {
  // Called for every queued row, from the store's thread: many notifications
  // between two claims collapse into one wake-up.
  auto it = loops_.find(channel_id);
  if (it == loops_.end()) return;
  ChannelLoop& loop = *it->second;
  if (loop.notified.exchange(true)) return;
  asio::post(strand_, [this, &loop] {
    loop.notified = false;
    wake(loop);
  });
}

void Dispatcher::wake(ChannelLoop& loop) {
  loop.dirty = true;
  loop.signal->cancel();
}

awaitable<void> Dispatcher::stop(std::chrono::milliseconds grace) {
  co_await asio::post(strand_, use_awaitable);
  running_ = false;
  for (auto& [id, loop] : loops_) loop->signal->cancel();
  auto deadline = SteadyClock::now() + grace;
  while (in_flight_.load() > 0 && SteadyClock::now() < deadline) co_await sleep_for(std::chrono::milliseconds(10));
}

awaitable<void> Dispatcher::run(ChannelLoop& loop) {
  using std::chrono::milliseconds;
  while (running_) {
    loop.overall.refill();
    int free_slots = config_.concurrency - loop.in_flight;
    int allowed = static_cast<int>(std::min<double>(loop.overall.tokens, 256));
    int want = std::min(free_slots, allowed);
    milliseconds wait{0};
    if (want <= 0) {
      wait = free_slots <= 0 ? milliseconds(1000) : loop.overall.time_to_next();
    } else {
      std::unordered_set<std::int64_t> skip;
      if (loop.per_recipient) {
        for (auto& [contact, bucket] : loop.recipients) {
          bucket.refill();
          if (bucket.tokens < 1) skip.insert(contact);
        }
        if (loop.recipients.size() > 10'000) {
          std::erase_if(loop.recipients, [](const auto& entry) { return entry.second.tokens >= entry.second.burst; });
        }
      }
      loop.dirty = false;
      auto now = clock_.now_ms();
      // Jobs are named before co_await: g++ 12 mishandles non-trivial temporaries there.
      auto claim = [&loop, now, want, skip = std::move(skip)](storage::Store& s) {
        return s.outbox().claim_due(loop.channel_id, now, static_cast<std::size_t>(want), skip);
      };
      auto rows = co_await store_.write(std::move(claim));
      for (auto& row : rows) {
        loop.overall.tokens -= 1;
        if (loop.per_recipient) {
          auto [it, fresh] = loop.recipients.try_emplace(row.contact_id);
          if (fresh) {
            it->second.rate = loop.per_recipient->per_second;
            it->second.burst = std::max(1.0, loop.per_recipient->burst);
            it->second.tokens = it->second.burst;
          }
          it->second.tokens -= 1;
        }
        ++loop.in_flight;
        ++in_flight_;
        asio::co_spawn(strand_, send(loop, std::move(row)), logged("dispatcher send"));
      }
      if (!rows.empty()) continue;
      if (loop.dirty) continue;
      // Nothing due now: sleep until the next retry is due, or until notified.
      auto next_due = [&loop](storage::Store& s) { return s.outbox().next_due(loop.channel_id); };
      auto next = co_await store_.read(std::move(next_due));
      wait = milliseconds(5000);
      if (next) wait = std::clamp(milliseconds(*next - clock_.now_ms()), milliseconds(0), milliseconds(5000));
      // The injected clock can be moved by tests; a short poll notices that.
      wait = std::min(wait, milliseconds(250));
      if (next && wait.count() == 0) wait = milliseconds(50); // due but blocked behind a row in flight
    }
    if (loop.dirty && want > 0) continue;
    loop.signal->expires_after(wait);
    boost::system::error_code ec;
    co_await loop.signal->async_wait(asio::redirect_error(use_awaitable, ec));
  }
}

awaitable<void> Dispatcher::send(ChannelLoop& loop, storage::OutboxRecord row) {
  // The channel's slot is freed as soon as the provider has answered, before
  // the outcome is committed: waiting for that commit too kept each slot busy
  // for two commits per send, which bounded the drain rate. Order per contact
  // still holds: the row stays "sending" until the outcome commits, and a claim
  // skips contacts with a row in that state (the claim queues behind the
  // outcome on the writer anyway). The process-wide count, which shutdown
  // waits on, covers the commit as well.
  struct Slot {
    Dispatcher& self;
    ChannelLoop& loop;
    bool held = true;
    void release() {
      if (!held) return;
      held = false;
      --loop.in_flight;
      self.wake(loop); // another send may go now
    }
    ~Slot() { release(); }
  } slot{*this, loop};
  struct InFlight {
    std::atomic<int>& count;
    ~InFlight() { --count; }
  } in_flight{in_flight_};

  OutboundMessage message;
  message.channel_id = row.channel_id;
  message.to = row.address;
  decode_payload(row, message.text, message.choices);
  message.idempotency_key = row.idempotency_key;
  message.last_inbound_ms = row.last_inbound_at;
  message.now_ms = clock_.now_ms();

  SendResult result;
  if (loop.adapter->delivers_locally()) {
    nlohmann::json event{{"type", "message"}, {"id", row.message_id}, {"direction", "out"},
                         {"text", message.text},  {"at", message.now_ms}};
    if (!message.choices.empty()) {
      auto& list = event["choices"] = nlohmann::json::array();
      for (const auto& c : message.choices) list.push_back({{"id", c.id}, {"label", c.label}});
    }
    hub_.publish("webchat:" + row.channel_id + ":" + row.address, event.dump());
    result.outcome = SendOutcome::sent;
    result.provider_message_id = "local-" + std::to_string(row.message_id);
  } else if (auto refusal = loop.adapter->send_refusal(message)) {
    result = *refusal; // e.g. outside WhatsApp's 24-hour window with no template: held, not lost
  } else {
    auto request = loop.adapter->build_send(message);
    auto response = co_await http_.send(std::move(request));
    result = loop.adapter->read_send_response(response);
    if (result.outcome == SendOutcome::retry && response.status == 0) {
      log_warn("dispatcher", row.channel_id, ": ", response.body);
    }
  }

  slot.release();
  auto now = clock_.now_ms();
  bool local = loop.adapter->delivers_locally();
  int max_attempts = config_.max_attempts;
  std::int64_t delay = std::max(result.retry_after_ms, backoff_ms(row.attempts));
  auto record = [row, result, now, local, max_attempts, delay](storage::Store& s) {
    switch (result.outcome) {
      case SendOutcome::sent:
        s.outbox().complete(row.id);
        s.messages().mark_sent(row.message_id, result.provider_message_id,
                               local ? MessageStatus::delivered : MessageStatus::sent, "", now);
        return;
      case SendOutcome::retry:
        if (row.attempts < max_attempts) {
          s.outbox().reschedule(row.id, now + delay, result.error);
          return;
        }
        s.outbox().fail(row.id, "gave up after " + std::to_string(row.attempts) + " attempts: " + result.error);
        s.messages().mark_sent(row.message_id, "", MessageStatus::failed, result.error, now);
        return;
      case SendOutcome::failed:
        s.outbox().fail(row.id, result.error);
        s.messages().mark_sent(row.message_id, "", MessageStatus::failed, result.error, now);
        return;
      case SendOutcome::opted_out:
        s.outbox().fail(row.id, result.error);
        s.messages().mark_sent(row.message_id, "", MessageStatus::failed, result.error, now);
        if (auto contact = s.contacts().get(row.contact_id); contact && !contact->opted_out) {
          contact->opted_out = true;
          contact->opted_out_at = now;
          s.contacts().update(*contact);
          s.outbox().cancel_pending(contact->id, true);
        }
        return;
      case SendOutcome::held:
        s.outbox().hold(row.id, result.error);
        s.messages().mark_sent(row.message_id, "", MessageStatus::queued, result.error, now);
        return;
    }
  };
  co_await store_.write(std::move(record));

  const char* label = "sent";
  switch (result.outcome) {
    case SendOutcome::sent: label = "sent"; break;
    case SendOutcome::retry: label = row.attempts < max_attempts ? "retry" : "failed"; break;
    case SendOutcome::failed: label = "failed"; break;
    case SendOutcome::opted_out: label = "opted_out"; break;
    case SendOutcome::held: label = "held"; break;
  }
  metrics_.increment("stoop_messages_outbound_total", {{"channel", row.channel_id}, {"result", label}});
  if (std::string_view(label) == "failed") {
    metrics_.increment("stoop_send_failures_total", {{"channel", row.channel_id}});
    log_warn("dispatcher", "send of message ", row.message_id, " on ", row.channel_id, " failed: ", result.error);
  }
  if (!local) {
    hub_.publish("dashboard", nlohmann::json{{"type", "message_status"}, {"message_id", row.message_id},
                                             {"contact_id", row.contact_id}}.dump());
  }
}

} // namespace stoop
