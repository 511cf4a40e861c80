// WhatsApp Cloud API (Meta).
//
// Inbound: the `messages` webhook of a WhatsApp Business Account, verified by
// X-Hub-Signature-256 over the raw body; GET /hooks/{id} answers Meta's
// verification handshake. Messages dedupe on their wamid; statuses carry the
// wamid of a message we sent. Changes for another phone number of the same app
// are ignored, so a reply never leaves from the wrong number.
//
// Outbound: /{phone_number_id}/messages. Choices become reply buttons (up to 3,
// titles up to 20 characters) or a list (up to 10 rows), else a numbered list.
// The 24-hour customer-service window: outside it only an approved template may
// be sent, so the adapter sends the template configured for that use, or holds
// the message (send_refusal answers `held`) when none is configured.
#pragma once

#include <map>

#include "adapters/adapter.hpp"

namespace stoop::adapters {

// An approved message template, as configured under "templates" in the channel.
struct WhatsAppTemplate {
  std::string name;            // the template's name in WhatsApp Manager
  std::string language;        // its language code, e.g. "en_US" or "es"
  bool text_parameter = false; // the template has one body variable {{1}} that gets the message text
};

struct WhatsAppSettings {
  std::string phone_number_id;
  std::string access_token;
  std::string app_secret;
  std::string verify_token;
  std::string api_base = "https://graph.facebook.com/v21.0";
  // Templates by use. "default" is the one sent for a message outside the window.
  std::map<std::string, WhatsAppTemplate> templates;
  std::string list_button_label = "Options"; // the button that opens a list (up to 20 characters)
  RateLimit overall{80.0, 80.0};             // Cloud API throughput: 80 messages a second per number
};

class WhatsAppAdapter final : public Adapter {
 public:
  WhatsAppAdapter(std::string channel_id, WhatsAppSettings settings);

  std::string_view type() const override { return "whatsapp"; }
  bool verify(const HttpRequest& request) const override;
  Expected<WebhookEvents> parse(const HttpRequest& request) const override;
  HttpResponse handshake(const HttpRequest& request) const override;
  std::optional<SendResult> send_refusal(const OutboundMessage& message) const override;
  ClientRequest build_send(const OutboundMessage& message) const override;
  SendResult read_send_response(const ClientResponse& response) const override;
  ChannelLimits limits() const override;

  static constexpr std::size_t max_text_characters = 4096;
  static constexpr std::size_t max_list_rows = 10;

 private:
  const WhatsAppTemplate* window_template() const;
  std::string interactive_or_text(const OutboundMessage& message) const;
  std::string template_message(const OutboundMessage& message, const WhatsAppTemplate& chosen) const;

  WhatsAppSettings settings_;
};

// The "templates" object of a channel: {"USE": {"name", "language", "text_parameter"}}.
Expected<std::map<std::string, WhatsAppTemplate>> read_whatsapp_templates(const nlohmann::json& templates);

AdapterSpec whatsapp_spec();

} // namespace stoop::adapters
