// Rows as plain values. The store hands these out and takes them back; nothing
// outside storage/ sees SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stoop::storage {

struct ContactRecord {
  std::int64_t id = 0;
  std::string uuid;     // stable public id (dashboard URLs, exports)
  std::string name;
  std::string language; // "" until the person chooses one
  bool opted_out = false;
  std::optional<std::int64_t> opted_out_at;
  std::string fields_json = "{}"; // contact fields set by flows and staff
  std::string groups_json = "[]";
  std::int64_t created_at = 0;
  // Read from the contact's conversation, where storing a message from them
  // keeps it; update() does not write it.
  std::optional<std::int64_t> last_inbound_at;

  bool operator==(const ContactRecord&) const = default;
};

struct IdentityRecord {
  std::int64_t id = 0;
  std::int64_t contact_id = 0;
  std::string channel_id;
  std::string address; // phone number, chat id, visitor token: never shown to students
  std::string phone_key; // the number's digits on phone channels (SMS, WhatsApp), else ""
  std::int64_t created_at = 0;
  std::optional<std::int64_t> last_inbound_at;
};

enum class Direction { in, out };

// An inbound message's dedupe key (the table inbound_keys, migration 0015):
// the first 8 bytes of SHA-256 over the channel's id, a zero byte and the
// provider's id. Two ids may share a key; the insert compares the exact
// pair. Also the SQL function stoop_dedupe_key(channel_id,
// provider_message_id) on every SQLite connection (NULL for a NULL id).
std::int64_t inbound_dedupe_key(std::string_view channel_id, std::string_view provider_message_id);

struct MessageRecord {
  std::int64_t id = 0;
  std::int64_t contact_id = 0;
  std::string channel_id;
  Direction direction = Direction::in;
  std::string provider_message_id;
  std::string body;
  std::string attachments_json; // "" or a JSON array of {content_type, url, media_id}
  std::string status;           // core MessageStatus names, plus "received" for inbound
  std::string error;
  int segments = 0;
  std::string author; // "contact", "bot", "staff:<user id>", "relay:<user id>"
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  // Inbound: inbound_dedupe_key(channel_id, provider_message_id), when the
  // caller worked it out before the store's writer thread (Pipeline::read);
  // insert_inbound works it out otherwise. Not stored in the message's row.
  std::optional<std::int64_t> dedupe_key;
};

// One send waiting for (or being worked on by) the dispatcher.
struct OutboxRecord {
  std::int64_t id = 0;
  std::int64_t message_id = 0;
  std::int64_t contact_id = 0;
  std::string channel_id;
  std::string address;
  // {"choices": [{"id","label"}...]}; the text is the message's body. (Rows
  // queued by Stoop before migration 9 carry the text here too: "text".)
  std::string payload_json;
  std::string kind;         // see OutboxKind in bot/outbox.hpp
  std::string idempotency_key;
  std::string state = "pending"; // pending, sending, done, failed, cancelled, held
  int attempts = 0;
  std::int64_t next_attempt_at = 0;
  std::string last_error;
  std::int64_t created_at = 0;
  // Filled by claim_due: when this address last wrote to us (WhatsApp's 24-hour window).
  std::optional<std::int64_t> last_inbound_at;
  // Filled by claim_due and get: the text of the message this row sends.
  std::string body;
};

struct TimerRecord {
  std::int64_t id = 0;
  std::string kind; // which handler fires it
  std::string key;  // unique within the kind: re-arming replaces the earlier deadline
  std::int64_t due_at = 0;
  std::string payload_json = "{}";
};

// One saved answer (one row per category when several were chosen).
struct ResultRecord {
  std::int64_t id = 0;
  std::optional<std::int64_t> contact_id; // empty once the person's data is erased
  std::string flow;
  std::string name;
  std::string category;
  std::string value;
  std::string raw;
  std::string neighbourhood;
  std::string language;
  bool in_reports = false;
  std::int64_t created_at = 0;
};

struct RequestRecord {
  std::int64_t id = 0;
  std::optional<std::int64_t> contact_id;
  std::string kind = "help";
  std::string topic;
  std::string urgency;
  std::string details;
  std::string best_time;
  std::string language;
  std::string neighbourhood;
  std::string status = "new";
  std::optional<std::int64_t> assignee_id; // who holds it (routing fills it)
  std::string assignee_name;               // read only: the assignee's name
  std::optional<std::int64_t> team_id;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

} // namespace stoop::storage
