// Facebook Messenger Platform (a Page's inbox).
//
// Inbound: `page` webhooks, entry[].messaging[] events, verified with
// X-Hub-Signature-256 like every Meta webhook; GET /hooks/{id} answers the
// verification handshake. Messages (text, quick-reply taps, attachments) and
// postbacks become inbound messages deduped on their mid; deliveries that name
// their mids become `delivered` statuses; echoes of our own sends and reads (which
// carry only a watermark) are ignored.
//
// Outbound: the Send API with messaging_type RESPONSE, quick replies for choices.
// Outside the 24-hour window the message is held, never sent with a message tag:
// HUMAN_AGENT is only for replies written by a person, which Stoop cannot vouch
// for, and misused tags get a Page restricted.
#pragma once

#include "adapters/adapter.hpp"

namespace stoop::adapters {

struct MessengerSettings {
  std::string page_access_token;
  std::string app_secret;
  std::string verify_token;
  std::string api_base = "https://graph.facebook.com/v21.0";
  // Meta's high-volume threshold: past 40 messages a second a Page stops sending.
  RateLimit overall{40.0, 40.0};
};

class MessengerAdapter final : public Adapter {
 public:
  MessengerAdapter(std::string channel_id, MessengerSettings settings);

  std::string_view type() const override { return "messenger"; }
  bool verify(const HttpRequest& request) const override;
  Expected<WebhookEvents> parse(const HttpRequest& request) const override;
  HttpResponse handshake(const HttpRequest& request) const override;
  std::optional<SendResult> send_refusal(const OutboundMessage& message) const override;
  ClientRequest build_send(const OutboundMessage& message) const override;
  SendResult read_send_response(const ClientResponse& response) const override;
  ChannelLimits limits() const override;

  static constexpr std::size_t max_text_characters = 2000;
  static constexpr std::size_t max_quick_replies = 13;

 private:
  MessengerSettings settings_;
};

AdapterSpec messenger_spec();

} // namespace stoop::adapters
