// Reading Messenger `page` webhooks: entry[].messaging[] events.
#include <nlohmann/json.hpp>

#include "adapters/json_fields.hpp"
#include "adapters/messenger/messenger_adapter.hpp"
#include "core/log.hpp"
#include "core/text.hpp"

namespace stoop::adapters {
namespace {

std::string sender_of(const Json& event) {
  const Json* sender = object_member(event, "sender");
  return sender ? id_member(*sender, "id").value_or("") : std::string();
}

std::string recipient_of(const Json& event) {
  const Json* recipient = object_member(event, "recipient");
  return recipient ? id_member(*recipient, "id").value_or("") : std::string();
}

std::optional<Attachment> read_attachment(const Json& attachment) {
  std::string kind = text_member(attachment, "type");
  const Json* payload = object_member(attachment, "payload");
  if (kind.empty() || payload == nullptr) return std::nullopt;
  if (kind == "location") {
    const Json* coordinates = object_member(*payload, "coordinates");
    auto latitude = coordinates ? number_member(*coordinates, "lat") : std::nullopt;
    auto longitude = coordinates ? number_member(*coordinates, "long") : std::nullopt;
    if (!latitude || !longitude) return std::nullopt;
    return Attachment{"location", geo_uri(*latitude, *longitude), ""};
  }
  std::string url = text_member(*payload, "url");
  if (url.empty()) return std::nullopt; // templates and fallbacks: nothing to keep
  // Messenger names the kind (image, audio, video, file), not a MIME type.
  return Attachment{kind, url, ""};
}

Expected<bool> read_message(const Json& event, const Json& message, const std::string& channel,
                            WebhookEvents& events) {
  const Json* echo = member(message, "is_echo");
  if (echo != nullptr && echo->is_boolean() && echo->get<bool>()) return true; // our own send
  InboundMessage inbound;
  inbound.channel_id = channel;
  inbound.from = sender_of(event);
  inbound.to = recipient_of(event);
  inbound.provider_message_id = text_member(message, "mid");
  if (inbound.from.empty() || inbound.provider_message_id.empty()) {
    return make_error("a message needs sender.id and mid");
  }
  inbound.text = text_member(message, "text");
  if (const Json* quick_reply = object_member(message, "quick_reply")) {
    inbound.payload = text_member(*quick_reply, "payload");
  }
  if (const Json* attachments = array_member(message, "attachments")) {
    for (const auto& attachment : *attachments) {
      if (auto read = read_attachment(attachment)) inbound.attachments.push_back(std::move(*read));
    }
  }
  if (!is_valid_utf8(inbound.text)) return make_error("message text is not valid UTF-8");
  if (inbound.text.empty() && inbound.payload.empty() && inbound.attachments.empty()) return true;
  events.messages.push_back(std::move(inbound));
  return true;
}

// A tap on a postback button (or Get Started). Older webhooks have no mid; the
// sender and timestamp then identify the tap, as a retry repeats both.
Expected<bool> read_postback(const Json& event, const Json& postback, const std::string& channel,
                             WebhookEvents& events) {
  InboundMessage inbound;
  inbound.channel_id = channel;
  inbound.from = sender_of(event);
  inbound.to = recipient_of(event);
  if (inbound.from.empty()) return make_error("a postback needs sender.id");
  inbound.provider_message_id = text_member(postback, "mid");
  if (inbound.provider_message_id.empty()) {
    inbound.provider_message_id = "postback:" + inbound.from + ":" + id_member(event, "timestamp").value_or("");
  }
  inbound.payload = text_member(postback, "payload");
  inbound.text = text_member(postback, "title");
  events.messages.push_back(std::move(inbound));
  return true;
}

void read_delivery(const Json& delivery, const std::string& channel, WebhookEvents& events) {
  const Json* mids = array_member(delivery, "mids");
  if (mids == nullptr) return; // only a watermark: nothing names our messages
  for (const auto& mid : *mids) {
    if (!mid.is_string()) continue;
    events.statuses.push_back(StatusUpdate{channel, mid.get<std::string>(), MessageStatus::delivered, ""});
  }
}

// Plugin senders are known only by a user_ref, which the Send API cannot answer
// as a conversation; such events are valid but not for Stoop.
bool has_user_ref_only(const Json& event) {
  const Json* sender = object_member(event, "sender");
  return sender != nullptr && member(*sender, "id") == nullptr && member(*sender, "user_ref") != nullptr;
}

Expected<bool> read_event(const Json& event, const std::string& channel, WebhookEvents& events) {
  if (!event.is_object()) return make_error("a messaging event must be an object");
  if (has_user_ref_only(event)) {
    log_debug("messenger", "event from a plugin user_ref ignored");
    return true;
  }
  if (const Json* message = object_member(event, "message")) return read_message(event, *message, channel, events);
  if (const Json* postback = object_member(event, "postback")) return read_postback(event, *postback, channel, events);
  if (const Json* delivery = object_member(event, "delivery")) {
    read_delivery(*delivery, channel, events);
    return true;
  }
  log_debug("messenger", "messaging event of a kind Stoop does not handle, ignored");
  return true; // reads, reactions, referrals, opt-ins...
}

} // namespace

Expected<WebhookEvents> MessengerAdapter::parse(const HttpRequest& request) const {
  Json payload = parse_json(request.body);
  if (!payload.is_object()) return make_error("expected a JSON object");
  const std::string* object = string_member(payload, "object");
  if (object == nullptr) return make_error("missing \"object\"");
  WebhookEvents events;
  if (*object != "page") return events; // Instagram and other products: not this channel
  const Json* entries = array_member(payload, "entry");
  if (entries == nullptr) return make_error("missing \"entry\" array");
  for (const auto& entry : *entries) {
    if (!entry.is_object()) return make_error("an entry must be an object");
    const Json* messaging = member(entry, "messaging");
    if (messaging == nullptr) continue; // standby (another app has the thread) and changes
    if (!messaging->is_array()) return make_error("entry.messaging is not an array");
    for (const auto& event : *messaging) {
      if (auto read = read_event(event, channel_id(), events); !read) return make_error(read.error());
    }
  }
  return events;
}

} // namespace stoop::adapters
