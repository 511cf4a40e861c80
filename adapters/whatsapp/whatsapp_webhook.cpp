// Reading the WhatsApp `messages` webhook: entry[].changes[].value with its
// messages (from people) and statuses (of what we sent).
#include <nlohmann/json.hpp>

#include "adapters/json_fields.hpp"
#include "adapters/whatsapp/whatsapp_adapter.hpp"
#include "core/log.hpp"
#include "core/text.hpp"

namespace stoop::adapters {
namespace {

using Names = std::map<std::string, std::string>;

// contacts[] carries each sender's profile name next to their wa_id.
Names profile_names(const Json& value) {
  Names names;
  const Json* contacts = array_member(value, "contacts");
  if (contacts == nullptr) return names;
  for (const auto& contact : *contacts) {
    const Json* profile = object_member(contact, "profile");
    std::string name = profile ? text_member(*profile, "name") : std::string();
    std::string wa_id = text_member(contact, "wa_id");
    if (!wa_id.empty() && !name.empty()) names[wa_id] = name;
  }
  return names;
}

// image, audio, document, video and sticker all carry a media id and a MIME type;
// the media itself stays at Meta until someone asks for it.
bool read_media(const Json& message, const std::string& kind, InboundMessage& inbound) {
  const Json* media = object_member(message, kind.c_str());
  if (media == nullptr) return false;
  Attachment attachment;
  attachment.media_id = text_member(*media, "id");
  attachment.content_type = text_member(*media, "mime_type");
  if (attachment.content_type.empty()) attachment.content_type = kind;
  if (attachment.media_id.empty()) return false;
  inbound.attachments.push_back(std::move(attachment));
  inbound.text = text_member(*media, "caption");
  return true;
}

bool read_location(const Json& message, InboundMessage& inbound) {
  const Json* location = object_member(message, "location");
  if (location == nullptr) return false;
  auto latitude = number_member(*location, "latitude");
  auto longitude = number_member(*location, "longitude");
  if (!latitude || !longitude) return false;
  inbound.attachments.push_back(Attachment{"location", geo_uri(*latitude, *longitude), ""});
  std::string name = text_member(*location, "name");
  std::string address = text_member(*location, "address");
  inbound.text = name + (!name.empty() && !address.empty() ? ", " : "") + address;
  return true;
}

// A tap on a reply button or a list row: the id we gave it is the payload.
bool read_interactive(const Json& message, InboundMessage& inbound) {
  const Json* interactive = object_member(message, "interactive");
  if (interactive == nullptr) return false;
  for (const char* kind : {"button_reply", "list_reply"}) {
    if (const Json* reply = object_member(*interactive, kind)) {
      inbound.payload = text_member(*reply, "id");
      inbound.text = text_member(*reply, "title");
      return !inbound.payload.empty();
    }
  }
  return false; // flows replies and the like: nothing Stoop sent
}

// A quick-reply button of a template carries its own payload.
bool read_template_button(const Json& message, InboundMessage& inbound) {
  const Json* button = object_member(message, "button");
  if (button == nullptr) return false;
  inbound.payload = text_member(*button, "payload");
  inbound.text = text_member(*button, "text");
  return true;
}

// Fills inbound from the message's type; false for kinds Stoop does not record
// (reactions, unsupported, system notices, orders...).
bool read_content(const Json& message, const std::string& kind, InboundMessage& inbound) {
  if (kind == "text") {
    const Json* text = object_member(message, "text");
    inbound.text = text ? text_member(*text, "body") : std::string();
    return true;
  }
  if (kind == "interactive") return read_interactive(message, inbound);
  if (kind == "button") return read_template_button(message, inbound);
  if (kind == "location") return read_location(message, inbound);
  for (const char* media : {"image", "audio", "document", "video", "sticker"}) {
    if (kind == media) return read_media(message, kind, inbound);
  }
  return false;
}

Expected<bool> read_messages(const Json& value, const std::string& channel, const std::string& to,
                             WebhookEvents& events) {
  const Json* messages = member(value, "messages");
  if (messages == nullptr) return true;
  if (!messages->is_array()) return make_error("value.messages is not an array");
  Names names = profile_names(value);
  for (const auto& message : *messages) {
    InboundMessage inbound;
    inbound.channel_id = channel;
    inbound.to = to;
    inbound.from = text_member(message, "from");
    inbound.provider_message_id = text_member(message, "id");
    std::string kind = text_member(message, "type");
    if (inbound.from.empty() || inbound.provider_message_id.empty() || kind.empty()) {
      return make_error("a message needs from, id and type");
    }
    if (!read_content(message, kind, inbound)) {
      log_debug("whatsapp", "message of type ", kind, " ignored");
      continue;
    }
    if (!is_valid_utf8(inbound.text)) return make_error("message text is not valid UTF-8");
    if (auto name = names.find(inbound.from); name != names.end()) inbound.display_name = name->second;
    events.messages.push_back(std::move(inbound));
  }
  return true;
}

std::optional<MessageStatus> map_status(const std::string& status) {
  if (status == "sent") return MessageStatus::sent;
  if (status == "delivered") return MessageStatus::delivered;
  if (status == "read") return MessageStatus::read;
  if (status == "failed") return MessageStatus::failed;
  return std::nullopt; // "deleted", "warning", "played" and later additions: nothing to record
}

Expected<bool> read_statuses(const Json& value, const std::string& channel, WebhookEvents& events) {
  const Json* statuses = member(value, "statuses");
  if (statuses == nullptr) return true;
  if (!statuses->is_array()) return make_error("value.statuses is not an array");
  for (const auto& status : *statuses) {
    std::string id = text_member(status, "id");
    std::string name = text_member(status, "status");
    if (id.empty() || name.empty()) return make_error("a status needs id and status");
    auto mapped = map_status(name);
    if (!mapped) continue;
    StatusUpdate update{channel, id, *mapped, ""};
    const Json* errors = array_member(status, "errors");
    if (errors != nullptr && !errors->empty()) {
      update.error_code = id_member(errors->front(), "code").value_or("");
    }
    events.statuses.push_back(std::move(update));
  }
  return true;
}

} // namespace

Expected<WebhookEvents> WhatsAppAdapter::parse(const HttpRequest& request) const {
  Json payload = parse_json(request.body);
  if (!payload.is_object()) return make_error("expected a JSON object");
  const std::string* object = string_member(payload, "object");
  if (object == nullptr) return make_error("missing \"object\"");
  WebhookEvents events;
  if (*object != "whatsapp_business_account") return events; // another product's webhook
  const Json* entries = array_member(payload, "entry");
  if (entries == nullptr) return make_error("missing \"entry\" array");
  for (const auto& entry : *entries) {
    const Json* changes = array_member(entry, "changes");
    if (changes == nullptr) return make_error("an entry needs a \"changes\" array");
    for (const auto& change : *changes) {
      if (text_member(change, "field") != "messages") continue; // account and template updates
      const Json* value = object_member(change, "value");
      if (value == nullptr) return make_error("a messages change needs a \"value\" object");
      const Json* metadata = object_member(*value, "metadata");
      std::string number_id = metadata ? text_member(*metadata, "phone_number_id") : std::string();
      if (!number_id.empty() && number_id != settings_.phone_number_id) {
        log_debug("whatsapp", "change for another phone number ignored");
        continue;
      }
      const Json* errors = array_member(*value, "errors");
      if (errors != nullptr && !errors->empty()) {
        log_warn("whatsapp", "Meta reported an error: ", id_member(errors->front(), "code").value_or("?"), " ",
                 text_member(errors->front(), "title"));
      }
      std::string to = metadata ? text_member(*metadata, "display_phone_number") : std::string();
      if (auto read = read_messages(*value, channel_id(), to, events); !read) return make_error(read.error());
      if (auto read = read_statuses(*value, channel_id(), events); !read) return make_error(read.error());
    }
  }
  return events;
}

} // namespace stoop::adapters
