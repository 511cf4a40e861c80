// Web chat: the channel of the /chat page and of `stoop chat`. There is no
// provider behind it, so the bot delivers replies itself (over the chat
// WebSocket and the history endpoint) instead of calling an API.
//
// Inbound body: {"visitor": TOKEN, "id": CLIENT_MESSAGE_ID, "text": "...",
// "name": "...", "payload": "..."}. The visitor token is a random secret the
// browser keeps; it is the person's address on this channel.
#pragma once

#include "adapters/adapter.hpp"

namespace stoop::adapters {

class WebchatAdapter final : public Adapter {
 public:
  using Adapter::Adapter;

  std::string_view type() const override { return "webchat"; }
  bool verify(const HttpRequest&) const override { return true; }
  Expected<WebhookEvents> parse(const HttpRequest& request) const override;
  Expected<WebhookEvents> parse_status(const HttpRequest& request) const override;
  ClientRequest build_send(const OutboundMessage&) const override { return {}; }
  SendResult read_send_response(const ClientResponse&) const override { return {}; }
  ChannelLimits limits() const override;
  bool delivers_locally() const override { return true; }

  static constexpr std::size_t max_text_bytes = 4096;
};

// A visitor token: 16 to 128 characters of [A-Za-z0-9_-].
bool is_valid_visitor_token(std::string_view token);

AdapterSpec webchat_spec();

} // namespace stoop::adapters
