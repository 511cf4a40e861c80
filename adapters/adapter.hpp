// The one interface every provider implements. An adapter is plain code with
// no server and no I/O inside: it checks a webhook's signature, turns the
// provider's payload into Stoop's message values, builds the provider's send
// request and reads the provider's answer. The bot does the moving of bytes.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "core/http_types.hpp"
#include "core/messages.hpp"

namespace stoop::adapters {

struct RateLimit {
  double per_second = 1.0; // sustained rate
  double burst = 1.0;      // how many may go at once after a quiet spell
};

struct ChannelLimits {
  RateLimit overall;                       // for the whole channel (account, number or bot)
  std::optional<RateLimit> per_recipient;  // e.g. Telegram's ~1 message/s per chat
  std::size_t max_text_characters = 1600;  // longer texts are split into several messages
  std::size_t max_buttons = 0;             // 0: choices are written as a numbered list
};

// What the bot hands an adapter when it creates it from the channel's config.
struct ChannelConfig {
  std::string id;
  std::string public_url;           // e.g. https://bot.example.org, without a trailing slash
  const nlohmann::json* settings;   // the channel's object, validated and ${ENV}-expanded
};

class Adapter {
 public:
  explicit Adapter(std::string channel_id) : channel_id_(std::move(channel_id)) {}
  virtual ~Adapter() = default;
  Adapter(const Adapter&) = delete;
  Adapter& operator=(const Adapter&) = delete;

  const std::string& channel_id() const { return channel_id_; }
  virtual std::string_view type() const = 0;

  // Inbound. verify runs first, on the raw request, before anything is parsed.
  virtual bool verify(const HttpRequest& request) const = 0;
  // POST /hooks/{id}. An error means a malformed or wrongly shaped payload (400).
  // Payloads of a kind Stoop does not handle parse to no events (answered 200).
  virtual Expected<WebhookEvents> parse(const HttpRequest& request) const = 0;
  // POST /hooks/{id}/status. By default the same payload shape as parse.
  virtual Expected<WebhookEvents> parse_status(const HttpRequest& request) const { return parse(request); }
  // The answer to an accepted webhook (Twilio wants TwiML, others "ok").
  virtual HttpResponse acknowledge() const;
  // The answer to this accepted webhook, when it depends on the request. The server
  // answers accepted webhooks with this; by default it is acknowledge(). Telegram
  // uses it to answer a button tap (answerCallbackQuery) inside the webhook reply,
  // which stops the spinner on the person's button without a second API call.
  virtual HttpResponse webhook_reply(const HttpRequest& request) const;
  // GET /hooks/{id}: the provider's verification handshake, when it has one.
  virtual HttpResponse handshake(const HttpRequest& request) const;

  // Outbound. The dispatcher asks send_refusal first: a result means the message
  // cannot go out now and that result is recorded instead of calling build_send
  // (WhatsApp and Messenger outside their 24-hour window answer `held`). By default
  // every message may be sent.
  virtual std::optional<SendResult> send_refusal(const OutboundMessage& message) const;
  // The message text already fits limits().max_text_characters.
  virtual ClientRequest build_send(const OutboundMessage& message) const = 0;
  virtual SendResult read_send_response(const ClientResponse& response) const = 0;
  virtual ChannelLimits limits() const = 0;

  // True for channels with no provider behind them (web chat): the bot delivers
  // the message itself instead of calling build_send.
  virtual bool delivers_locally() const { return false; }

 private:
  std::string channel_id_;
};

enum class KeyType { string, integer, number, boolean, object, array };

// A key an adapter accepts in its channel object. Secrets are redacted from logs.
struct ConfigKey {
  std::string name;
  KeyType type = KeyType::string;
  bool required = false;
  bool secret = false;
};

struct AdapterSpec {
  std::string type; // the channel's "type" in config
  std::vector<ConfigKey> keys;
  std::function<Expected<std::unique_ptr<Adapter>>(const ChannelConfig&)> create;
};

// Every provider Stoop knows, by config type name.
const std::vector<AdapterSpec>& adapter_specs();
const AdapterSpec* find_adapter_spec(std::string_view type);

} // namespace stoop::adapters
