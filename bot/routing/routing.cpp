#include "bot/routing/routing.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bot/flow_responder.hpp"
#include "bot/message_reading.hpp"
#include "bot/routing/command_desk.hpp"
#include "bot/scheduler.hpp"
#include "core/log.hpp"

namespace stoop {
namespace {

routing::TimeZone office_zone(const RoutingConfig& config) {
  auto zone = routing::find_time_zone(config.time_zone);
  return zone ? *zone : routing::TimeZone{}; // the config was validated: never UTC by accident
}

} // namespace

Routing::Routing(const Config& config, const Outbox& outbox, const ChannelSet& channels, const Catalogue& catalogue,
                 FlowResponder& flows, const Clock& clock, std::function<void()> timers_changed,
                 routing::CrisisMatcher crisis_phrases)
    : config_(config), flows_(flows), clock_(clock),
      people_(std::make_unique<People>(outbox, channels, catalogue, office_zone(config.routing))),
      requests_(std::make_unique<RequestRouter>(config.routing, *people_, outbox, flows, timers_changed)),
      crisis_(std::make_unique<CrisisDesk>(std::move(crisis_phrases), *people_)),
      relay_(std::make_unique<Relay>(*people_, outbox)),
      engagement_(std::make_unique<Engagement>(config.routing, *people_, timers_changed)),
      commands_(std::make_unique<CommandDesk>(*people_, *requests_, *relay_, *engagement_, *crisis_)) {}

Routing::~Routing() = default;

Expected<routing::CrisisMatcher> Routing::load_crisis_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return make_error("cannot read the crisis phrases " + path);
  std::ostringstream text;
  text << file.rdbuf();
  auto json = nlohmann::json::parse(text.str(), nullptr, false, true);
  if (json.is_discarded()) return make_error(path + ": not valid JSON");
  auto matcher = routing::CrisisMatcher::from_json(json);
  if (!matcher) return make_error(path + ": " + matcher.error());
  if (matcher->size() == 0) return make_error(path + ": no crisis phrases; the crisis path needs them");
  return matcher;
}

const std::vector<std::string>& Routing::catalogue_keys() {
  static const std::vector<std::string> keys{
      "crisis_safety", "crisis_alert", "request_accepted_student", "request_accepted_staff", "relay_to_member",
      "offer", "offer_accepted", "escalation_alert", "routing_commands", "opportunity_prompt",
      "opportunity_reminder", "opportunity_reflection", "prompt_reply_hint"};
  return keys;
}

void Routing::respond(InboundContext& context) {
  if (commands_->handle(context)) return;
  auto crisis = crisis_->check(context);
  if (relay_->from_member(context, crisis == CrisisDesk::State::detected)) return;
  if (crisis != CrisisDesk::State::none) return; // no flow carries on over a crisis
  flows_.respond(context);
}

void Routing::read(const InboundMessage& message, MessageReading& reading) const {
  reading.crisis = crisis_->read(message.text);
  flows_.read(message, reading);
}

void Routing::on_opt_out(storage::Store& store, const storage::ContactRecord& contact) {
  auto now = clock_.now_ms();
  flows_.on_opt_out(store, contact);
  // A student or staff member who opted out cannot be offered anything: store
  // the opt-out now (the pipeline would only at the end) so routing sees it.
  for (const auto& identity : store.contacts().identities(contact.id)) {
    if (auto user = people_->user_at(store, identity.channel_id, identity.address)) {
      store.contacts().update(contact);
      requests_->withdraw_offers(store, user->id, now, "user:" + std::to_string(user->id));
    }
  }
  requests_->member_left(store, contact.id, now);
}

void Routing::request_opened(storage::Store& store, std::int64_t request_id) {
  requests_->open(store, request_id, clock_.now_ms());
}

void Routing::register_timers(Scheduler& scheduler) {
  auto bind = [](auto* target, auto method) {
    return [target, method](storage::Store& s, const storage::TimerRecord& t, std::int64_t now) {
      (target->*method)(s, t, now);
    };
  };
  scheduler.on(RequestRouter::offer_timer, bind(requests_.get(), &RequestRouter::on_offer_timeout));
  scheduler.on(RequestRouter::queue_timer, bind(requests_.get(), &RequestRouter::on_queue_timeout));
  scheduler.on(RequestRouter::sweep_timer, bind(requests_.get(), &RequestRouter::on_sweep));
  scheduler.on(Engagement::opportunity_timer, bind(engagement_.get(), &Engagement::on_opportunity));
  scheduler.on(Engagement::reminder_timer, bind(engagement_.get(), &Engagement::on_reminder));
  scheduler.on(Engagement::reflection_timer, bind(engagement_.get(), &Engagement::on_reflection));
  scheduler.on(Engagement::cohort_timer, bind(engagement_.get(), &Engagement::on_cohort));
}

void Routing::start(storage::Store& store, std::int64_t now) {
  sync_config_people(store, config_.routing, now);
  engagement_->schedule_cohorts(store, now);
  // People may have changed while the bot was down.
  requests_->drain_queue(store, now);
}

std::int64_t Routing::hold_until(const storage::ContactRecord& contact, OutboxKind kind, std::int64_t now) const {
  if (kind != OutboxKind::prompt && kind != OutboxKind::broadcast) return now;
  auto fields = nlohmann::json::parse(contact.fields_json, nullptr, false);
  std::optional<routing::TimeZone> zone;
  if (fields.is_object() && fields.contains("time_zone") && fields["time_zone"].is_string()) {
    zone = routing::find_time_zone(fields["time_zone"].get<std::string>());
  }
  return config_.routing.quiet_hours.next_allowed(now, zone ? *zone : people_->office_zone());
}

} // namespace stoop
