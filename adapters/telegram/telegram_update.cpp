// Reading Telegram Update objects (https://core.telegram.org/bots/api#update).
#include <nlohmann/json.hpp>

#include "adapters/json_fields.hpp"
#include "adapters/telegram/telegram_adapter.hpp"
#include "core/log.hpp"
#include "core/text.hpp"

namespace stoop::adapters {
namespace {

std::string display_name(const Json& user) {
  std::string name = text_member(user, "first_name");
  std::string last = text_member(user, "last_name");
  if (!last.empty()) name += (name.empty() ? "" : " ") + last;
  return name;
}

// Groups, supergroups and channels are refused: a reply there reaches everyone.
bool is_private_chat(const Json& chat) {
  const std::string* kind = string_member(chat, "type");
  return kind == nullptr || *kind == "private";
}

std::optional<Attachment> file_attachment(const Json& message, const char* key, const char* fallback_type) {
  const Json* file = object_member(message, key);
  if (file == nullptr) return std::nullopt;
  Attachment attachment;
  attachment.media_id = text_member(*file, "file_id");
  attachment.content_type = text_member(*file, "mime_type");
  if (attachment.content_type.empty()) attachment.content_type = fallback_type;
  if (attachment.media_id.empty()) return std::nullopt;
  return attachment;
}

// A photo comes as several sizes, smallest first; the largest is the one to keep.
std::optional<Attachment> photo_attachment(const Json& message) {
  const Json* sizes = array_member(message, "photo");
  if (sizes == nullptr || sizes->empty()) return std::nullopt;
  std::string file_id = text_member(sizes->back(), "file_id");
  if (file_id.empty()) return std::nullopt;
  return Attachment{"image/jpeg", "", file_id};
}

std::optional<Attachment> location_attachment(const Json& message) {
  const Json* location = object_member(message, "location");
  if (location == nullptr) return std::nullopt;
  auto latitude = number_member(*location, "latitude");
  auto longitude = number_member(*location, "longitude");
  if (!latitude || !longitude) return std::nullopt;
  return Attachment{"location", geo_uri(*latitude, *longitude), ""};
}

std::vector<Attachment> attachments_of(const Json& message) {
  std::vector<Attachment> out;
  auto add = [&](std::optional<Attachment> attachment) {
    if (attachment) out.push_back(std::move(*attachment));
  };
  add(photo_attachment(message));
  add(file_attachment(message, "document", "application/octet-stream"));
  add(file_attachment(message, "audio", "audio"));
  add(file_attachment(message, "voice", "audio/ogg"));
  add(file_attachment(message, "video", "video/mp4"));
  add(file_attachment(message, "video_note", "video/mp4"));
  add(file_attachment(message, "animation", "video/mp4"));
  add(file_attachment(message, "sticker", "sticker"));
  add(location_attachment(message));
  return out;
}

// message and edited_message: an edit is recorded as a new message, so staff see
// what the person changed it to; the update_id keeps it distinct from the original.
Expected<WebhookEvents> read_message(const Json& message, const std::string& update_id, const std::string& channel) {
  const Json* chat = object_member(message, "chat");
  std::optional<std::string> chat_id = chat ? id_member(*chat, "id") : std::nullopt;
  if (!chat_id) return make_error("message without chat.id");
  WebhookEvents events;
  if (!is_private_chat(*chat)) return events;

  InboundMessage inbound;
  inbound.channel_id = channel;
  inbound.provider_message_id = update_id;
  inbound.from = *chat_id;
  inbound.text = text_member(message, "text");
  if (inbound.text.empty()) inbound.text = text_member(message, "caption");
  if (const Json* sender = object_member(message, "from")) inbound.display_name = display_name(*sender);
  inbound.attachments = attachments_of(message);
  if (!is_valid_utf8(inbound.text)) return make_error("message text is not valid UTF-8");
  // Service messages (a member joined, a pinned message...) carry nothing to answer.
  if (inbound.text.empty() && inbound.attachments.empty()) return events;
  events.messages.push_back(std::move(inbound));
  return events;
}

// The label of the tapped button, found in the keyboard of the message it was on,
// so transcripts show what the person chose rather than an opaque id.
std::string tapped_label(const Json& query, const std::string& data) {
  const Json* message = object_member(query, "message");
  const Json* markup = message ? object_member(*message, "reply_markup") : nullptr;
  const Json* rows = markup ? array_member(*markup, "inline_keyboard") : nullptr;
  if (rows == nullptr) return data;
  for (const auto& row : *rows) {
    if (!row.is_array()) continue;
    for (const auto& button : row) {
      if (text_member(button, "callback_data") == data) return text_member(button, "text");
    }
  }
  return data;
}

Expected<WebhookEvents> read_callback_query(const Json& query, const std::string& update_id,
                                            const std::string& channel) {
  if (text_member(query, "id").empty()) return make_error("callback_query without id");
  const Json* sender = object_member(query, "from");
  std::optional<std::string> user_id = sender ? id_member(*sender, "id") : std::nullopt;
  if (!user_id) return make_error("callback_query without from.id");
  WebhookEvents events;
  const std::string* data = string_member(query, "data");
  if (data == nullptr || data->empty()) return events; // a game button: nothing Stoop sent
  std::string chat_id = *user_id;
  if (const Json* message = object_member(query, "message")) {
    const Json* chat = object_member(*message, "chat");
    if (chat != nullptr && !is_private_chat(*chat)) return events;
    if (auto id = chat ? id_member(*chat, "id") : std::nullopt) chat_id = *id;
  }
  InboundMessage inbound;
  inbound.channel_id = channel;
  inbound.provider_message_id = update_id;
  inbound.from = chat_id;
  inbound.payload = *data;
  inbound.text = tapped_label(query, *data);
  inbound.display_name = display_name(*sender);
  events.messages.push_back(std::move(inbound));
  return events;
}

} // namespace

Expected<WebhookEvents> TelegramAdapter::parse(const HttpRequest& request) const {
  Json update = parse_json(request.body);
  if (!update.is_object()) return make_error("expected a JSON object (a Telegram Update)");
  std::optional<long long> update_id = integer_member(update, "update_id");
  if (!update_id) return make_error("missing update_id");
  std::string id = std::to_string(*update_id);
  for (const char* key : {"message", "edited_message"}) {
    if (const Json* message = member(update, key)) {
      if (!message->is_object()) return make_error(std::string(key) + " is not an object");
      return read_message(*message, id, channel_id());
    }
  }
  if (const Json* query = member(update, "callback_query")) {
    if (!query->is_object()) return make_error("callback_query is not an object");
    return read_callback_query(*query, id, channel_id());
  }
  log_debug("telegram", "update ", id, " of a kind Stoop does not handle, ignored");
  return WebhookEvents{};
}

Expected<WebhookEvents> TelegramAdapter::parse_status(const HttpRequest&) const {
  return make_error("Telegram has no delivery reports");
}

HttpResponse TelegramAdapter::webhook_reply(const HttpRequest& request) const {
  Json update = parse_json(request.body);
  const Json* query = object_member(update, "callback_query");
  std::string query_id = query ? text_member(*query, "id") : std::string();
  if (query_id.empty()) return acknowledge();
  // Telegram runs a method given in the webhook's answer, as if the bot had called it.
  Json answer{{"method", "answerCallbackQuery"}, {"callback_query_id", query_id}};
  return HttpResponse::json(200, answer.dump());
}

} // namespace stoop::adapters
