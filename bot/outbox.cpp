#include "bot/outbox.hpp"

#include <algorithm>
#include <random>
#include <unordered_map>

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

PreparedReply work_out_reply(const std::string& text, const std::vector<Choice>& choices,
                             std::size_t max_text_characters) {
  PreparedReply reply;
  // Channels without buttons append the choices as a numbered list: keep room for it.
  std::size_t reserve = adapters::numbered_choices_characters(choices);
  std::size_t room = max_text_characters > reserve + 100 ? max_text_characters - reserve : max_text_characters;
  reply.parts = split_long_text(text, room);
  if (reply.parts.empty()) reply.parts.emplace_back();
  for (const auto& part : reply.parts) reply.segments.push_back(count_segments(part).segments);
  reply.payload = encode_payload(choices);
  return reply;
}

namespace {

void append_sized(std::string& key, std::string_view text) {
  const auto size = static_cast<std::uint32_t>(text.size());
  key.append(reinterpret_cast<const char*>(&size), sizeof size);
  key.append(text);
}

} // namespace

const PreparedReply& prepare_reply(const std::string& text, const std::vector<Choice>& choices,
                                   std::size_t max_text_characters) {
  constexpr std::size_t remembered = 256; // then forgotten all at once: a bound, not an eviction policy
  thread_local std::unordered_map<std::string, PreparedReply> cache;
  // Every input, each with its length, so that no two inputs share a key.
  std::string key;
  std::size_t size = sizeof max_text_characters + 4 + text.size();
  for (const auto& choice : choices) size += 8 + choice.id.size() + choice.label.size();
  key.reserve(size);
  key.append(reinterpret_cast<const char*>(&max_text_characters), sizeof max_text_characters);
  append_sized(key, text);
  for (const auto& choice : choices) {
    append_sized(key, choice.id);
    append_sized(key, choice.label);
  }
  if (auto found = cache.find(key); found != cache.end()) return found->second;
  auto reply = work_out_reply(text, choices, max_text_characters); // may throw: nothing is remembered then
  if (cache.size() >= remembered) cache.clear();
  return cache.emplace(std::move(key), std::move(reply)).first->second;
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
  const auto& reply = prepare_reply(message.text, message.choices, limits.max_text_characters);
  for (size_t i = 0; i < reply.parts.size(); ++i) {
    bool last = i + 1 == reply.parts.size();
    storage::MessageRecord row;
    row.contact_id = contact.id;
    row.channel_id = channel_id;
    row.direction = storage::Direction::out;
    row.body = reply.parts[i];
    row.status = "queued";
    row.author = message.author;
    row.segments = reply.segments[i];
    row.created_at = now;
    row.updated_at = now;
    auto message_id = store.messages().insert_outbound(row);

    storage::OutboxRecord outbox;
    outbox.message_id = message_id;
    outbox.contact_id = contact.id;
    outbox.channel_id = channel_id;
    outbox.address = address;
    outbox.payload_json = last ? reply.payload : "{}"; // the choices travel with the last part, where the question is
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
