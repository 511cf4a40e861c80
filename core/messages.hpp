// The message values that cross the boundary between adapters and the rest of
// Stoop. Adapters turn provider payloads into these and these into provider
// requests; nothing else in Stoop knows a provider's wire format.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stoop {

struct Attachment {
  std::string content_type; // "image/jpeg", or a kind such as "image" when the provider gives no MIME type
  std::string url;          // where the provider serves it, if it gave a URL
  std::string media_id;     // the provider's media id, if it gave one instead
};

struct InboundMessage {
  std::string channel_id;          // the configured channel it arrived on
  std::string provider_message_id; // unique per channel; a retry carries the same id
  std::string from;                // the sender's address on that channel (phone number, chat id...)
  std::string to;                  // our address it was sent to, when the provider says
  std::string text;
  std::string display_name;        // the sender's profile name, when the provider gives one
  std::string payload;             // the id of a button or list row the person tapped
  std::vector<Attachment> attachments;
};

enum class MessageStatus { queued, sending, sent, delivered, read, failed, undelivered };

std::string_view to_string(MessageStatus status);
std::optional<MessageStatus> parse_message_status(std::string_view text);
// Delivery reports can arrive out of order; a status may only replace one of lower rank
// (so a late "sent" never undoes "delivered", and "read" may come without "delivered").
int status_rank(MessageStatus status);

struct StatusUpdate {
  std::string channel_id;
  std::string provider_message_id;
  MessageStatus status = MessageStatus::sent;
  std::string error_code; // the provider's code, e.g. Twilio's "21610"
};

struct WebhookEvents {
  std::vector<InboundMessage> messages;
  std::vector<StatusUpdate> statuses;
};

// One option of a question, shown as a button where the channel has buttons.
struct Choice {
  std::string id;    // returned as InboundMessage::payload when tapped
  std::string label; // what the person sees
};

struct OutboundMessage {
  std::string channel_id;
  std::string to;
  std::string text;
  std::vector<Choice> choices;
  std::string idempotency_key;     // stable across retries of this one message
  std::string status_callback_url; // where the provider should report delivery
  // When the contact last wrote to us on this channel (for WhatsApp's 24-hour window).
  std::optional<std::int64_t> last_inbound_ms;
  std::int64_t now_ms = 0;
};

enum class SendOutcome {
  sent,      // the provider took it; provider_message_id is set
  retry,     // a passing failure (429, 5xx, network): try again later
  failed,    // a permanent failure: do not retry
  opted_out, // the provider says the recipient has opted out (Twilio 21610)
  held,      // cannot be sent now (e.g. outside WhatsApp's window with no template): keep it
};

struct SendResult {
  SendOutcome outcome = SendOutcome::failed;
  std::string provider_message_id;
  std::string error;              // code and a short text, for staff and metrics
  std::int64_t retry_after_ms = 0; // the provider's own hint, when it gave one
};

} // namespace stoop
