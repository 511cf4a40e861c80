#include "bot/pipeline.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bot/channels.hpp"
#include "bot/identity_links.hpp"
#include "bot/message_reading.hpp"
#include "bot/transparency.hpp"
#include "core/crypto.hpp"
#include "core/log.hpp"

namespace stoop {

void InboundContext::reply(const Outgoing& outgoing) const {
  outbox.enqueue(store, contact, identity.channel_id, identity.address, outgoing, now);
}

void InboundContext::reply_text(std::string text, OutboxKind kind) const {
  Outgoing outgoing;
  outgoing.text = std::move(text);
  outgoing.kind = kind;
  reply(outgoing);
}

std::string replace_placeholder(std::string text, std::string_view placeholder, std::string_view value) {
  for (auto pos = text.find(placeholder); pos != std::string::npos; pos = text.find(placeholder, pos + value.size())) {
    text.replace(pos, placeholder.size(), value);
  }
  return text;
}

std::string attachments_to_json(const std::vector<Attachment>& attachments) {
  if (attachments.empty()) return {};
  auto list = nlohmann::json::array();
  for (const auto& a : attachments) {
    list.push_back({{"content_type", a.content_type}, {"url", a.url}, {"media_id", a.media_id}});
  }
  return list.dump();
}

Pipeline::Pipeline(const ChannelSet& channels, const Outbox& outbox, const Catalogue& catalogue, const Clock& clock,
                   const RateLimitConfig& limits, Responder& responder)
    : channels_(channels), outbox_(outbox), catalogue_(catalogue), clock_(clock), limits_(limits),
      responder_(&responder) {}

storage::IdentityRecord Pipeline::identify(storage::Store& store, const InboundMessage& message, std::int64_t now,
                                           bool& first_contact, std::optional<storage::ContactRecord>& contact) {
  first_contact = false;
  if (auto sender = store.contacts().find_sender(message.channel_id, message.from)) {
    contact = std::move(sender->second);
    return std::move(sender->first);
  }
  const auto* adapter = channels_.find(message.channel_id);
  auto phone_key = phone_key_for(adapter ? adapter->type() : std::string_view{}, message.from);
  if (auto same_number = store.contacts().find_by_phone_key(phone_key)) {
    // The same number on another phone channel (SMS and WhatsApp): the same person.
    return store.contacts().add_identity(same_number->contact_id, message.channel_id, message.from, phone_key, now);
  }
  storage::ContactRecord created;
  created.uuid = random_hex(16);
  created.name = message.display_name;
  created.created_at = now;
  created = store.contacts().create(created);
  first_contact = true;
  return store.contacts().add_identity(created.id, message.channel_id, message.from, phone_key, now);
}

bool Pipeline::handle_link(InboundContext& context) {
  auto command = parse_link_command(context.message.text);
  if (!command) return false;
  auto& contact = context.contact;
  if (command->code.empty()) {
    auto code = new_link_code();
    context.store.contacts().add_link_code(code, contact.id, context.now + link_code_lifetime_ms);
    context.reply_text(replace_placeholder(catalogue_.text("link_code", contact.language), "{code}", code));
    return true;
  }
  auto owner = context.store.contacts().take_link_code(command->code, context.now);
  if (!owner) {
    context.reply_text(catalogue_.text("link_invalid", contact.language));
    return true;
  }
  if (*owner != contact.id) {
    context.store.contacts().update(contact); // what this message changed, before it moves
    context.store.contacts().merge(*owner, contact.id);
    contact = *context.store.contacts().get(*owner);
    log_info("pipeline", "contact ", contact.id, " linked another channel");
  }
  context.reply_text(catalogue_.text("link_done", contact.language));
  return true;
}

MessageReading Pipeline::read(const InboundMessage& message) const {
  MessageReading reading;
  reading.rights = classify_rights_word(message.text);
  reading.dedupe_key = storage::inbound_dedupe_key(message.channel_id, message.provider_message_id);
  responder_->read(message, reading);
  return reading;
}

InboundResult Pipeline::ingest(storage::Store& store, const InboundMessage& message, const MessageReading& reading) {
  auto now = clock_.now_ms();
  InboundResult result;

  bool first_contact = false;
  std::optional<storage::ContactRecord> contact;
  auto identity = identify(store, message, now, first_contact, contact);
  result.contact_id = identity.contact_id;

  storage::MessageRecord row;
  row.contact_id = identity.contact_id;
  row.channel_id = message.channel_id;
  row.direction = storage::Direction::in;
  row.provider_message_id = message.provider_message_id;
  row.dedupe_key = reading.dedupe_key;
  row.body = message.text;
  row.attachments_json = attachments_to_json(message.attachments);
  row.status = "received";
  row.author = "contact";
  row.created_at = now;
  row.updated_at = now;
  auto message_id = store.messages().insert_inbound(row);
  if (!message_id) {
    // Already stored: the provider is retrying. (A brand-new contact cannot be
    // a duplicate, so nothing was created above in that case.)
    result.duplicate = true;
    return result;
  }
  result.message_id = *message_id;
  // An identity's last inbound time is kept to the minute: it chooses a
  // contact's newest number and opens a 24-hour window, and neither needs
  // more. Someone answering a flow writes it once, not at every answer.
  if (!identity.last_inbound_at || now - *identity.last_inbound_at >= identity_touch_ms) {
    store.contacts().touch_identity(identity.id, now);
  }

  // Read with the identity when it was known; a new identity's contact is read here.
  if (!contact) contact = store.contacts().get(identity.contact_id);
  if (!contact) throw std::runtime_error("contact vanished inside its own transaction");
  contact->last_inbound_at = now; // as its conversation now says
  // The contact is written at the end only if something about them changed:
  // most messages change nothing, and each UPDATE is a page of the log.
  const storage::ContactRecord as_stored = *contact;
  if (contact->name.empty() && !message.display_name.empty()) contact->name = message.display_name;
  InboundContext context{store, *contact, identity, message, reading, *message_id, now, first_contact, outbox_,
                         catalogue_};

  result.consent = classify_consent(message.text, contact->opted_out);
  if (result.consent != ConsentWord::none) {
    handle_consent(context, result.consent);
  } else if (transparency_ && transparency_->handle_rights(context, result.erased)) {
    // MYDATA or DELETE: answered to everyone, like the consent words.
    if (result.erased) return result; // nothing of the person is left to save
  } else if (contact->opted_out) {
    // Stored, so staff see it, but nothing goes back to someone who said STOP.
  } else if (store.conversations().taken_over_by(contact->id)) {
    // A person from the office has taken this conversation over in the
    // dashboard: the bot stays quiet until they hand it back.
    result.taken_over = true;
  } else if (!buckets_.take(contact->id, now, limits_.inbound_per_contact_per_minute)) {
    result.throttled = true;
    log_info("pipeline", "throttling contact ", contact->id, ": over the per-contact rate");
  } else if (!handle_link(context) && !(transparency_ && transparency_->handle_results(context))) {
    responder_->respond(context);
  }
  if (*contact != as_stored) store.contacts().update(*contact);
  result.contact_id = contact->id;
  return result;
}

void Pipeline::handle_consent(InboundContext& context, ConsentWord word) {
  auto& contact = context.contact;
  switch (word) {
    case ConsentWord::opt_out:
      if (contact.opted_out) return; // exactly one confirmation
      contact.opted_out = true;
      contact.opted_out_at = context.now;
      context.store.outbox().cancel_pending(contact.id, /*keep_consent=*/true);
      responder_->on_opt_out(context.store, contact);
      context.reply_text(catalogue_.text("opt_out_confirmation", contact.language), OutboxKind::consent);
      log_info("pipeline", "contact ", contact.id, " opted out");
      return;
    case ConsentWord::opt_in:
      contact.opted_out = false;
      contact.opted_out_at.reset();
      context.reply_text(catalogue_.text("opt_in_confirmation", contact.language), OutboxKind::consent);
      log_info("pipeline", "contact ", contact.id, " opted in");
      return;
    case ConsentWord::help:
      context.reply_text(catalogue_.text("help", contact.language), OutboxKind::consent);
      return;
    case ConsentWord::none:
      return;
  }
}

std::optional<std::int64_t> Pipeline::apply_status(storage::Store& store, const StatusUpdate& update) {
  auto changed = store.messages().apply_status(update.channel_id, update.provider_message_id, update.status,
                                               update.error_code, clock_.now_ms());
  if (update.error_code == "21610") {
    // Twilio: the recipient has opted out with the carrier. Honour it here too.
    auto find = changed ? store.messages().get(*changed) : std::nullopt;
    if (find) {
      if (auto contact = store.contacts().get(find->contact_id); contact && !contact->opted_out) {
        contact->opted_out = true;
        contact->opted_out_at = clock_.now_ms();
        store.contacts().update(*contact);
        store.outbox().cancel_pending(contact->id, true);
        responder_->on_opt_out(store, *contact);
      }
    }
  }
  return changed;
}

} // namespace stoop
