// Routing in the running bot (docs/routing.md). Builds the pieces, stands
// between the pipeline and the flows as the Responder, registers the timers,
// applies quiet hours to what the outbox queues, and writes the people and
// teams declared in the config to the store at start-up.
//
// For each message from a subscribed contact (consent words were handled by
// the pipeline already), in this order:
//   1. from a student's or staff member's reach address → their commands;
//   2. crisis language → safety message, case, alert (flows stop);
//   3. a request of theirs is accepted → relayed to its holder;
//   4. otherwise, and unless a crisis case is open → the flows.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "bot/config.hpp"
#include "bot/pipeline.hpp"
#include "core/clock.hpp"
#include "core/expected.hpp"
#include "routing/crisis.hpp"

namespace stoop {

class CommandDesk;
class CrisisDesk;
class Engagement;
class FlowResponder;
class People;
class Relay;
class RequestRouter;
class Scheduler;

class Routing final : public Responder {
 public:
  Routing(const Config& config, const Outbox& outbox, const ChannelSet& channels, const Catalogue& catalogue,
          FlowResponder& flows, const Clock& clock, std::function<void()> timers_changed,
          routing::CrisisMatcher crisis_phrases);
  ~Routing() override;

  static Expected<routing::CrisisMatcher> load_crisis_file(const std::string& path);
  // The catalogue keys routing needs in the default language.
  static const std::vector<std::string>& catalogue_keys();

  void respond(InboundContext& context) override;
  void read(const InboundMessage& message, MessageReading& reading) const override;
  void on_opt_out(storage::Store& store, const storage::ContactRecord& contact) override;

  // A flow (or staff) opened a request: offer, queue or escalate it.
  void request_opened(storage::Store& store, std::int64_t request_id);

  void register_timers(Scheduler& scheduler);
  // Once, at start-up, in a transaction: the config's teams and people, cohort prompt timers.
  void start(storage::Store& store, std::int64_t now);
  // Quiet hours: prompts and broadcasts wait until the recipient's morning.
  std::int64_t hold_until(const storage::ContactRecord& contact, OutboxKind kind, std::int64_t now) const;

  RequestRouter& requests() { return *requests_; }
  CrisisDesk& crisis() { return *crisis_; }
  Engagement& engagement() { return *engagement_; }

 private:
  const Config& config_;
  FlowResponder& flows_;
  const Clock& clock_;
  std::unique_ptr<People> people_;
  std::unique_ptr<RequestRouter> requests_;
  std::unique_ptr<CrisisDesk> crisis_;
  std::unique_ptr<Relay> relay_;
  std::unique_ptr<Engagement> engagement_;
  std::unique_ptr<CommandDesk> commands_;
};

// Writes the teams and people of the config to the store (matched by name and
// email). A person's password, away flag and disabled flag are left as they are.
void sync_config_people(storage::Store& store, const RoutingConfig& config, std::int64_t now);

} // namespace stoop
