// Queuing a message for a contact: the message row and its outbox row are
// written in the caller's transaction, so a reply exists exactly when the
// inbound message that caused it does. Opted-out contacts get nothing but
// consent confirmations, whichever path asks.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "bot/channels.hpp"
#include "core/clock.hpp"
#include "core/messages.hpp"
#include "storage/store.hpp"

namespace stoop {

enum class OutboxKind {
  reply,     // an answer to what the person just sent
  consent,   // STOP/START/HELP answers: the only kind an opted-out person may get
  prompt,    // engagement prompts, reminders, flow timeouts (quiet hours apply)
  broadcast, // "you said, we did" and other announcements (quiet hours apply)
  relay,     // a message relayed between a member and a student
  alert,     // to staff
  staff,     // written by a person in the dashboard
};

std::string_view to_string(OutboxKind kind);

struct Outgoing {
  std::string text;
  std::vector<Choice> choices;
  OutboxKind kind = OutboxKind::reply;
  std::string author = "bot";
  std::int64_t not_before = 0; // held until then (quiet hours)
};

class Outbox {
 public:
  // on_enqueue is told each channel rows were queued on (the dispatcher wakes
  // that channel's loop), once per channel at the next flush_wakeups().
  Outbox(const ChannelSet& channels, const Clock& clock, std::function<void(const std::string&)> on_enqueue = {})
      : channels_(channels), clock_(clock), on_enqueue_(std::move(on_enqueue)) {}

  // Queues to one address; the ids of the message rows written (several when the
  // text is longer than the channel allows). Empty when refused. `now` is when
  // the rows are written (0: the clock's time): a reply passes the moment its
  // message was handled, so that the message and its answers share one and
  // the reply's touch of the conversation has nothing to move.
  std::vector<std::int64_t> enqueue(storage::Store& store, const storage::ContactRecord& contact,
                                    const std::string& channel_id, const std::string& address,
                                    const Outgoing& message, std::int64_t now = 0) const;
  // Queues to the address the contact used most recently.
  std::vector<std::int64_t> enqueue_to_contact(storage::Store& store, const storage::ContactRecord& contact,
                                               const Outgoing& message) const;

  // When a message of that kind may go out to that contact (quiet hours);
  // `now` when it may go at once. Set once, before anything is queued.
  using HoldPolicy = std::function<std::int64_t(const storage::ContactRecord&, OutboxKind, std::int64_t now)>;
  void set_hold_policy(HoldPolicy policy) { hold_policy_ = std::move(policy); }
  std::int64_t send_time(const storage::ContactRecord& contact, OutboxKind kind, std::int64_t now) const {
    return hold_policy_ ? hold_policy_(contact, kind, now) : now;
  }

  // Tells on_enqueue about the channels queued on since the last call. The
  // store's writer calls it after each group: waking the dispatcher once per
  // row had cost the writer a futex call per reply.
  void flush_wakeups() const;

 private:
  const ChannelSet& channels_;
  const Clock& clock_;
  std::function<void(const std::string&)> on_enqueue_;
  HoldPolicy hold_policy_;
  mutable std::mutex wake_mutex_;
  mutable std::vector<std::string> to_wake_; // guarded by wake_mutex_
};

// The outbox row's payload: {"choices": [{"id","label"}...]}, or {} without
// choices. The text stays in the message row alone.
std::string encode_payload(const std::vector<Choice>& choices);
// What a reply comes to on a channel whose texts hold max_text_characters:
// the parts its text is split into (room kept in each for the numbered list
// of choices), each part's SMS segments, and the payload of its choices, which
// travel with the last part.
struct PreparedReply {
  std::vector<std::string> parts;
  std::vector<int> segments;
  std::string payload;
};
PreparedReply work_out_reply(const std::string& text, const std::vector<Choice>& choices,
                             std::size_t max_text_characters);
// The same, remembered by the calling thread for the last few hundred texts:
// flows send the same questions to many people (a poll to every participant),
// and working a reply out was a twentieth of the store writer's work. Valid
// until the thread's next call.
const PreparedReply& prepare_reply(const std::string& text, const std::vector<Choice>& choices,
                                   std::size_t max_text_characters);
// What a claimed row sends: its message's text and the payload's choices (or,
// for a row queued before the outbox stopped copying it, the payload's text).
void decode_payload(const storage::OutboxRecord& row, std::string& text, std::vector<Choice>& choices);

} // namespace stoop
