// Telegram Bot API.
//
// Inbound: Update objects POSTed as JSON to /hooks/{id}. Telegram signs nothing;
// instead it echoes the secret_token given to setWebhook in the
// X-Telegram-Bot-Api-Secret-Token header, which verify compares in constant time.
// The dedupe id is the update_id. Only one-to-one (private) chats are handled:
// Stoop never answers in groups, where a reply would reach everyone in them.
//
// Outbound: sendMessage with an inline keyboard for choices (a tap comes back as a
// callback_query whose data is the choice id), answered in the webhook reply with
// answerCallbackQuery so the button stops spinning.
#pragma once

#include "adapters/adapter.hpp"

namespace stoop::adapters {

struct TelegramSettings {
  std::string bot_token;
  std::string secret_token; // 1-256 of A-Z a-z 0-9 _ -, as setWebhook requires
  std::string api_base = "https://api.telegram.org";
  std::string public_url;
  RateLimit overall{30.0, 30.0}; // Bot FAQ: no more than 30 messages a second overall
};

class TelegramAdapter final : public Adapter {
 public:
  TelegramAdapter(std::string channel_id, TelegramSettings settings);

  std::string_view type() const override { return "telegram"; }
  bool verify(const HttpRequest& request) const override;
  Expected<WebhookEvents> parse(const HttpRequest& request) const override;
  Expected<WebhookEvents> parse_status(const HttpRequest& request) const override;
  HttpResponse webhook_reply(const HttpRequest& request) const override;
  ClientRequest build_send(const OutboundMessage& message) const override;
  SendResult read_send_response(const ClientResponse& response) const override;
  ChannelLimits limits() const override;

  // The setWebhook call that points Telegram at public_url/hooks/{id} with the
  // secret token and the update types Stoop reads (`stoop channels telegram
  // set-webhook` sends it). An error when public_url is not https.
  Expected<ClientRequest> set_webhook_request() const;
  // Telegram's description on success ("Webhook was set"), else an error.
  static Expected<std::string> read_set_webhook_response(const ClientResponse& response);

  // Inline-keyboard callback data is limited to 64 bytes.
  static constexpr std::size_t max_callback_data_bytes = 64;
  static constexpr std::size_t max_text_characters = 4096;

 private:
  std::string method_url(std::string_view method) const;

  TelegramSettings settings_;
};

// A valid setWebhook secret_token: 1 to 256 characters of A-Z a-z 0-9 _ -.
bool is_valid_telegram_secret_token(std::string_view token);

AdapterSpec telegram_spec();

} // namespace stoop::adapters
