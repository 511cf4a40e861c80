#include "bot/outbox.hpp"

#include <algorithm>
#include <random>

#include <nlohmann/json.hpp>

#include "adapters/choices.hpp"
#include "core/log.hpp"
#include "core/sms_segments.hpp"
#include "core/text.hpp"

namespace stoop {

std::string_view to_string(OutboxKind kind) {
  switch (kind) {
    case OutboxKind::reply: return "reply";
    case OutboxKind::consent: return "consent";
    case OutboxKind::prompt: return "prompt";
    case OutboxKind::broadcast: return "broadcast";
    case OutboxKind::relay: return "relay";
    case OutboxKind::alert: return "alert";
    case OutboxKind::staff: return "staff";
  }
  return "reply";
}

namespace {

// Unique per row by construction: the time in milliseconds, then 48 random
// bits (no index checks it: see migration 0009). The key is no secret, so the
// bits come from a generator seeded once per thread rather than from
// OpenSSL's locked one. Written by hand: snprintf cost more than the rest of
// the key.
std::string idempotency_key(std::int64_t now_ms) {
  thread_local std::mt19937_64 generator(std::random_device{}());
  static constexpr char digits[] = "0123456789abcdef";
  const auto time = static_cast<std::uint64_t>(now_ms);
  const std::uint64_t random = generator();
  std::string key = "stoop-000000000000-000000000000";
  for (int i = 0; i < 12; ++i) {
    key[17 - i] = digits[(time >> (4 * i)) & 0xF];
    key[30 - i] = digits[(random >> (4 * i)) & 0xF];
  }
  return key;
}

} // namespace

// Written by hand: it runs for every reply, and building a document cost as
// much as the outbox row's INSERT.
std::string encode_payload(const std::vector<Choice>& choices) {
  if (choices.empty()) return "{}";
  std::string payload = "{\"choices\":[";
  for (std::size_t i = 0; i < choices.size(); ++i) {
    payload += i == 0 ? "{\"id\":" : ",{\"id\":";
    append_json_string(payload, choices[i].id);
    payload += ",\"label\":";
    append_json_string(payload, choices[i].label);
    payload += '}';
  }
  payload += "]}";
  return payload;
}

void decode_payload(const storage::OutboxRecord& row, std::string& text, std::vector<Choice>& choices) {
  text = row.body;
  choices.clear();
  if (row.payload_json == "{}") return;
  auto payload = nlohmann::json::parse(row.payload_json, nullptr, false);
  if (!payload.is_object()) return;
  if (auto it = payload.find("text"); it != payload.end() && it->is_string()) text = it->get<std::string>();
  if (auto it = payload.find("choices"); it != payload.end() && it->is_array()) {
    for (const auto& c : *it) choices.push_back(Choice{c.value("id", ""), c.value("label", "")});
  }
}

std::vector<std::int64_t> Outbox::enqueue(storage::Store& store, const storage::ContactRecord& contact,
                                          const std::string& channel_id, const std::string& address,
                                          const Outgoing& message, std::int64_t now) const {
  if (contact.opted_out && message.kind != OutboxKind::consent) {
    log_debug("outbox", "not queuing a ", to_string(message.kind), " for opted-out contact ", contact.id);
    return {};
  }
  const auto* adapter = channels_.find(channel_id);
  if (adapter == nullptr) {
    log_warn("outbox", "no channel ", channel_id, " for contact ", contact.id);
    return {};
  }
  auto limits = adapter->limits();
  std::vector<std::int64_t> ids;
  if (now == 0) now = clock_.now_ms();
  const std::int64_t not_before = std::max(message.not_before, send_time(contact, message.kind, now));
  // Channels without buttons append the choices as a numbered list: keep room for it.
  std::size_t reserve = adapters::numbered_choices_characters(message.choices);
  std::size_t room = limits.max_text_characters > reserve + 100 ? limits.max_text_characters - reserve
                                                                 : limits.max_text_characters;
  auto parts = split_long_text(message.text, room);
  if (parts.empty()) parts.emplace_back();
  for (size_t i = 0; i < parts.size(); ++i) {
    bool last = i + 1 == parts.size();
    // Choices travel with the last part, where the question is.
    const std::vector<Choice> no_choices;
    const auto& choices = last ? message.choices : no_choices;
    storage::MessageRecord row;
    row.contact_id = contact.id;
    row.channel_id = channel_id;
    row.direction = storage::Direction::out;
    row.body = parts[i];
    row.status = "queued";
    row.author = message.author;
    row.segments = count_segments(parts[i]).segments;
    row.created_at = now;
    row.updated_at = now;
    auto message_id = store.messages().insert_outbound(row);

    storage::OutboxRecord outbox;
    outbox.message_id = message_id;
    outbox.contact_id = contact.id;
    outbox.channel_id = channel_id;
    outbox.address = address;
    outbox.payload_json = encode_payload(choices);
    outbox.kind = std::string(to_string(message.kind));
    outbox.idempotency_key = idempotency_key(now);
    outbox.next_attempt_at = std::max(now, not_before);
    outbox.created_at = now;
    store.outbox().enqueue(outbox);
    ids.push_back(message_id);
  }
  if (on_enqueue_) {
    std::lock_guard lock(wake_mutex_);
    if (std::find(to_wake_.begin(), to_wake_.end(), channel_id) == to_wake_.end()) to_wake_.push_back(channel_id);
  }
  return ids;
}

void Outbox::flush_wakeups() const {
  std::vector<std::string> channels;
  {
    std::lock_guard lock(wake_mutex_);
    channels.swap(to_wake_);
  }
  for (const auto& channel : channels) on_enqueue_(channel);
}

std::vector<std::int64_t> Outbox::enqueue_to_contact(storage::Store& store, const storage::ContactRecord& contact,
                                                     const Outgoing& message) const {
  for (const auto& identity : store.contacts().identities(contact.id)) {
    if (channels_.find(identity.channel_id) != nullptr) {
      return enqueue(store, contact, identity.channel_id, identity.address, message);
    }
  }
  log_warn("outbox", "contact ", contact.id, " has no address on a configured channel");
  return {};
}

} // namespace stoop
