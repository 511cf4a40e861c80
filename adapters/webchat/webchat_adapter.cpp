#include "adapters/webchat/webchat_adapter.hpp"

#include <nlohmann/json.hpp>

#include "core/text.hpp"

namespace stoop::adapters {

bool is_valid_visitor_token(std::string_view token) {
  if (token.size() < 16 || token.size() > 128) return false;
  for (char c : token) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

Expected<WebhookEvents> WebchatAdapter::parse(const HttpRequest& request) const {
  auto json = nlohmann::json::parse(request.body, nullptr, false);
  if (!json.is_object()) return make_error("expected a JSON object");
  auto string_field = [&](const char* name) -> const std::string* {
    auto it = json.find(name);
    return (it != json.end() && it->is_string()) ? it->get_ptr<const std::string*>() : nullptr;
  };
  const std::string* visitor = string_field("visitor");
  const std::string* id = string_field("id");
  const std::string* text = string_field("text");
  if (visitor == nullptr || !is_valid_visitor_token(*visitor)) {
    return make_error("\"visitor\" must be 16 to 128 characters of letters, digits, '-' or '_'");
  }
  if (id == nullptr || id->empty() || id->size() > 128) return make_error("\"id\" must be a string of 1 to 128 characters");
  if (text == nullptr) return make_error("\"text\" must be a string");
  if (text->size() > max_text_bytes) return make_error("\"text\" is longer than 4096 bytes");
  if (!is_valid_utf8(*text)) return make_error("\"text\" is not valid UTF-8");
  const std::string* payload = string_field("payload");
  const std::string* name = string_field("name");
  if (trim(*text).empty() && (payload == nullptr || payload->empty())) return make_error("\"text\" is empty");

  InboundMessage message;
  message.channel_id = channel_id();
  message.provider_message_id = *visitor + ":" + *id;
  message.from = *visitor;
  message.text = *text;
  if (payload) message.payload = payload->substr(0, 256);
  if (name) message.display_name = name->substr(0, 80);
  WebhookEvents events;
  events.messages.push_back(std::move(message));
  return events;
}

Expected<WebhookEvents> WebchatAdapter::parse_status(const HttpRequest&) const {
  return make_error("web chat has no delivery reports");
}

ChannelLimits WebchatAdapter::limits() const {
  ChannelLimits limits;
  limits.overall = RateLimit{1000.0, 1000.0};
  limits.max_text_characters = 4096;
  limits.max_buttons = 10;
  return limits;
}

AdapterSpec webchat_spec() {
  AdapterSpec spec;
  spec.type = "webchat";
  spec.create = [](const ChannelConfig& config) -> Expected<std::unique_ptr<Adapter>> {
    return std::unique_ptr<Adapter>(std::make_unique<WebchatAdapter>(config.id));
  };
  return spec;
}

} // namespace stoop::adapters
