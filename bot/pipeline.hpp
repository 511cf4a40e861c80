// What happens to a message once its webhook is verified and parsed. Its
// words are read first, on the I/O thread (read); the rest runs on the store's
// writer thread inside the batch transaction (ingest), so the inbound
// message, the contact's new state and every reply it causes commit together
// (or not at all) before the provider gets its 200.
//
// Order, for each message: find or create the contact → dedupe on the
// provider's message id → consent words, then MYDATA and DELETE (always
// first, for everyone) → taken over by staff (then the bot stays silent) →
// per-contact throttle → LINK → RESULTS → the responder (the flow engine,
// crisis and relay handling plug in there).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bot/catalogue.hpp"
#include "bot/config.hpp"
#include "bot/consent.hpp"
#include "bot/outbox.hpp"
#include "bot/token_buckets.hpp"
#include "core/clock.hpp"
#include "core/messages.hpp"
#include "storage/store.hpp"

namespace stoop {

struct MessageReading; // bot/message_reading.hpp

struct InboundContext {
  storage::Store& store;
  storage::ContactRecord& contact; // the responder may change it; the pipeline saves it
  const storage::IdentityRecord& identity;
  const InboundMessage& message;
  const MessageReading& reading; // what the message's words say (Pipeline::read)
  std::int64_t message_id;
  std::int64_t now;
  bool first_contact;
  const Outbox& outbox;
  const Catalogue& catalogue;

  // Queues a reply on the channel and address the message came from.
  void reply(const Outgoing& outgoing) const;
  void reply_text(std::string text, OutboxKind kind = OutboxKind::reply) const;
};

// Decides what to answer to an ordinary message from a subscribed contact.
class Responder {
 public:
  virtual ~Responder() = default;
  virtual void respond(InboundContext& context) = 0;
  // Reads what it will need of a message's text into `reading`. Called before
  // respond(), on any thread, so it may not touch the store or change anything.
  virtual void read(const InboundMessage&, MessageReading&) const {}
  // The contact has just opted out: drop whatever was under way for them.
  virtual void on_opt_out(storage::Store&, const storage::ContactRecord&) {}
};

struct InboundResult {
  bool duplicate = false;
  bool throttled = false;
  bool taken_over = false; // staff are answering this contact; the responder was not called
  bool erased = false;     // the person confirmed DELETE: their contact no longer exists
  std::int64_t contact_id = 0;
  std::int64_t message_id = 0;
  ConsentWord consent = ConsentWord::none;
};

class Transparency;

class Pipeline {
 public:
  // An identity's last inbound time is written when it is at least this old.
  static constexpr std::int64_t identity_touch_ms = 60'000;

  Pipeline(const ChannelSet& channels, const Outbox& outbox, const Catalogue& catalogue, const Clock& clock,
           const RateLimitConfig& limits, Responder& responder);

  // What the message's words say; on any thread, ahead of ingest().
  MessageReading read(const InboundMessage& message) const;
  // On the store's writer thread; `reading` is read(message).
  InboundResult ingest(storage::Store& store, const InboundMessage& message, const MessageReading& reading);
  // A delivery report; returns the id of the message it changed, if any.
  std::optional<std::int64_t> apply_status(storage::Store& store, const StatusUpdate& update);

  // RESULTS, MYDATA and DELETE (bot/transparency.hpp); without it they reach the responder.
  void set_transparency(const Transparency& transparency) { transparency_ = &transparency; }

 private:
  void handle_consent(InboundContext& context, ConsentWord word);
  // Finds the sender's identity, creating it (and a contact, unless the same
  // phone number is known on another phone channel). Sets first_contact, and
  // `contact` when the contact was read with a known identity.
  storage::IdentityRecord identify(storage::Store& store, const InboundMessage& message, std::int64_t now,
                                   bool& first_contact, std::optional<storage::ContactRecord>& contact);
  // LINK / LINK <code>; true when the message was that command.
  bool handle_link(InboundContext& context);

  const ChannelSet& channels_;
  const Outbox& outbox_;
  const Catalogue& catalogue_;
  const Clock& clock_;
  RateLimitConfig limits_;
  Responder* responder_;
  const Transparency* transparency_ = nullptr;
  TokenBuckets<std::int64_t> buckets_{100'000}; // by contact; only touched on the writer thread
};

std::string attachments_to_json(const std::vector<Attachment>& attachments);
// Every "{name}" placeholder in a catalogue text replaced by its value.
std::string replace_placeholder(std::string text, std::string_view placeholder, std::string_view value);

} // namespace stoop
