// Answers ordinary messages with the flow engine: loads the contact's session,
// asks the engine for a step, applies the step's actions (messages, fields,
// language, groups, results, consents, requests, timeouts) and stores the new
// session, all inside the pipeline's transaction.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "bot/pipeline.hpp"
#include "flows/engine.hpp"

namespace stoop {

class FlowResponder final : public Responder {
 public:
  FlowResponder(std::shared_ptr<const flows::Engine> engine, const ChannelSet& channels, const Outbox& outbox,
                const Catalogue& catalogue);

  void respond(InboundContext& context) override;
  void read(const InboundMessage& message, MessageReading& reading) const override;
  void on_opt_out(storage::Store& store, const storage::ContactRecord& contact) override;

  // The scheduler's handler for a session whose wait's deadline has come
  // (its wake time: the deadline saved with the session).
  void on_wake(storage::Store& store, std::int64_t contact_id, std::int64_t now);
  // Starts a flow for a contact from outside a conversation (feedback when a
  // request is done...). Messages go to the address they used last.
  void start_flow(storage::Store& store, std::int64_t contact_id, std::string_view flow, std::int64_t now,
                  const std::map<std::string, std::string>& inputs = {});

  // Called with each request a flow opens (routing plugs in here).
  void set_request_hook(std::function<void(storage::Store&, std::int64_t request_id)> hook) {
    on_request_opened_ = std::move(hook);
  }
  const flows::Engine& engine() const { return *engine_; }

 private:
  using Sender = std::function<void(const Outgoing&)>;
  flows::ContactView view_of(const storage::ContactRecord& contact, const std::string& channel_id) const;
  // A contact's session as stored: the flow's state, and when the scheduler wakes it.
  struct Loaded {
    std::optional<flows::Session> session;
    std::optional<std::int64_t> wake_at;
  };
  Loaded load_session(storage::Store& store, std::int64_t contact_id) const;
  // stored_wake: the wake time the session's row has (Loaded::wake_at).
  void apply(storage::Store& store, storage::ContactRecord& contact, const flows::Step& step, const Sender& send,
             std::int64_t now, OutboxKind kind, std::optional<std::int64_t> stored_wake);

  std::shared_ptr<const flows::Engine> engine_;
  const ChannelSet& channels_;
  const Outbox& outbox_;
  const Catalogue& catalogue_;
  std::function<void(storage::Store&, std::int64_t)> on_request_opened_;
};

} // namespace stoop
