#include "bot/routing/request_router.hpp"

#include <nlohmann/json.hpp>

#include "core/log.hpp"
#include "routing/relay_text.hpp"

namespace stoop {
namespace {

using json = nlohmann::json;

std::string readable(std::string id) {
  for (auto& c : id) {
    if (c == '_') c = ' ';
  }
  return id;
}

bool is_settled(const std::string& status) {
  return status == "accepted" || status == "resolved" || status == "closed";
}

} // namespace

RequestRouter::RequestRouter(const RoutingConfig& config, const People& people, const Outbox& outbox,
                             FlowResponder& flows, std::function<void()> timers_changed)
    : config_(config), people_(people), outbox_(outbox), flows_(flows), timers_changed_(std::move(timers_changed)) {}

std::string RequestRouter::facts(const storage::RequestRecord& request) {
  std::string out;
  for (const auto& part : {readable(request.topic), request.language, readable(request.neighbourhood)}) {
    if (part.empty()) continue;
    if (!out.empty()) out += ", ";
    out += part;
  }
  return out.empty() ? "no details" : out;
}

void RequestRouter::record(storage::Store& store, std::int64_t request_id, const std::string& actor,
                           const std::string& action, const std::string& status, std::optional<std::int64_t> user_id,
                           std::int64_t now, const std::string& details_json) {
  storage::RequestEventRecord event;
  event.request_id = request_id;
  event.at = now;
  event.actor = actor;
  event.action = action;
  event.status = status;
  event.user_id = user_id;
  event.details_json = details_json;
  store.request_work().add_event(event);
  if (changed_) changed_(request_id, action);
  // What people do to a request is in the audit log too, beside what staff do in the dashboard.
  if (actor.rfind("user:", 0) == 0) {
    storage::AuditRecord entry;
    entry.at = now;
    entry.actor_user_id = std::stoll(actor.substr(5));
    entry.actor = actor;
    entry.action = "request." + action;
    entry.target_type = "request";
    entry.target_id = std::to_string(request_id);
    store.audit().record(entry);
  }
}

std::string RequestRouter::masked_details(storage::Store& store, const storage::RequestRecord& request) const {
  std::vector<std::string> addresses;
  if (request.contact_id) {
    for (const auto& identity : store.contacts().identities(*request.contact_id)) addresses.push_back(identity.address);
  }
  return routing::mask_addresses(request.details, addresses);
}

void RequestRouter::tell_member(storage::Store& store, const storage::RequestRecord& request, const std::string& key,
                                OutboxKind kind) const {
  if (!request.contact_id) return;
  auto contact = store.contacts().get(*request.contact_id);
  if (!contact) return;
  Outgoing outgoing;
  outgoing.text = routing::fill_template(people_.catalogue().text(key, contact->language),
                                         {{"id", std::to_string(request.id)}});
  outgoing.kind = kind;
  outbox_.enqueue_to_contact(store, *contact, outgoing);
}

void RequestRouter::open(storage::Store& store, std::int64_t request_id, std::int64_t now, const std::string& actor) {
  auto request = store.requests().get(request_id);
  if (!request) return;
  record(store, request_id, actor, "created", request->status, std::nullopt, now);
  route(store, *request, now, actor);
}

void RequestRouter::route(storage::Store& store, const storage::RequestRecord& request, std::int64_t now,
                          const std::string& actor) {
  if (is_settled(request.status) || request.status == "escalated") return;
  routing::RequestFacts facts{request.topic, request.language, request.neighbourhood};
  std::optional<std::int64_t> team_id;
  if (const auto* rule = routing::match_rule(config_.rules, facts)) {
    auto team = store.users().find_team(rule->team);
    if (!team) {
      log_error("routing", "request ", request.id, ": the rule's team \"", rule->team, "\" does not exist");
      return escalate(store, request, std::nullopt, "escalation_reason_nobody", now, actor);
    }
    team_id = team->id;
  }
  auto declined = store.request_work().declined_by(request.id);
  auto decision = routing::decide(facts, team_id, people_.roster(store), declined, now, people_.office_zone());
  switch (decision.action) {
    case routing::RouteAction::offer:
      if (auto user = people_.user(store, decision.person_id)) return offer(store, request, *user, team_id, now, actor);
      return;
    case routing::RouteAction::queue:
      return queue(store, request, team_id, now, actor);
    case routing::RouteAction::escalate:
      return escalate(store, request, team_id, declined.empty() ? "escalation_reason_nobody" : "escalation_reason_declined",
                      now, actor);
  }
}

void RequestRouter::offer(storage::Store& store, const storage::RequestRecord& request,
                          const storage::UserRecord& user, std::optional<std::int64_t> team_id, std::int64_t now,
                          const std::string& actor) {
  // The offer waits out the person's quiet hours; their time to answer starts when it reaches them.
  auto contact = people_.contact_of(store, user, now);
  std::int64_t delivered_at = contact ? outbox_.send_time(*contact, OutboxKind::prompt, now) : now;
  std::int64_t expires_at = delivered_at + config_.offer_timeout_ms;
  auto offer_id = store.request_work().add_offer(request.id, user.id, now, expires_at);
  store.request_work().set_state(request.id, "offered", std::nullopt, team_id, now);
  record(store, request.id, actor, "offered", "offered", user.id, now, json{{"expires_at", expires_at}}.dump());
  store.timers().cancel(queue_timer, std::to_string(request.id));
  store.timers().set(offer_timer, std::to_string(request.id), expires_at,
                     json{{"offer_id", offer_id}, {"user_id", user.id}}.dump());
  if (timers_changed_) timers_changed_();
  auto id = std::to_string(request.id);
  people_.notify(store, user,
                 people_.text("offer", {{"id", id}, {"facts", facts(request)}, {"details", masked_details(store, request)},
                                        {"minutes", std::to_string(config_.offer_timeout_ms / 60'000)}}),
                 OutboxKind::prompt, now);
}

void RequestRouter::queue(storage::Store& store, const storage::RequestRecord& request,
                          std::optional<std::int64_t> team_id, std::int64_t now, const std::string& actor) {
  if (request.status != "queued") {
    store.request_work().set_state(request.id, "queued", std::nullopt, team_id, now);
    record(store, request.id, actor, "queued", "queued", std::nullopt, now);
    store.timers().set(queue_timer, std::to_string(request.id), now + config_.queue_timeout_ms, "{}");
  }
  if (!store.timers().find(sweep_timer, "queue")) {
    store.timers().set(sweep_timer, "queue", now + config_.queue_retry_ms, "{}");
  }
  if (timers_changed_) timers_changed_();
}

void RequestRouter::escalate(storage::Store& store, const storage::RequestRecord& request,
                             std::optional<std::int64_t> team_id, const std::string& reason_key, std::int64_t now,
                             const std::string& actor) {
  store.request_work().set_state(request.id, "escalated", std::nullopt, team_id, now);
  record(store, request.id, actor, "escalated", "escalated", std::nullopt, now, json{{"reason", reason_key}}.dump());
  store.timers().cancel(queue_timer, std::to_string(request.id));
  store.timers().cancel(offer_timer, std::to_string(request.id));
  auto id = std::to_string(request.id);
  auto alert = people_.text("escalation_alert", {{"id", id}, {"facts", facts(request)}, {"reason", people_.text(reason_key)},
                                                 {"details", masked_details(store, request)}});
  int alerted = 0;
  for (const auto& staff : people_.on_call(store)) alerted += people_.notify(store, staff, alert, OutboxKind::alert, now);
  if (alerted == 0) log_warn("routing", "request ", request.id, " escalated, but no staff member can be reached");
}

void RequestRouter::on_offer_timeout(storage::Store& store, const storage::TimerRecord& timer, std::int64_t now) {
  auto payload = json::parse(timer.payload_json, nullptr, false);
  std::int64_t offer_id = payload.is_object() ? payload.value("offer_id", std::int64_t{0}) : 0;
  auto request = store.requests().get(std::stoll(timer.key));
  auto pending = request ? store.request_work().pending_offer(request->id) : std::nullopt;
  if (!pending || pending->id != offer_id) return; // answered meanwhile
  store.request_work().close_offer(pending->id, "timed_out", now);
  record(store, request->id, "system", "timed_out", request->status, pending->user_id, now);
  if (auto user = people_.user(store, pending->user_id)) {
    people_.notify(store, *user, people_.text("offer_timed_out", {{"id", timer.key}}), OutboxKind::prompt, now);
  }
  route(store, *request, now, "system");
}

void RequestRouter::on_queue_timeout(storage::Store& store, const storage::TimerRecord& timer, std::int64_t now) {
  auto request = store.requests().get(std::stoll(timer.key));
  if (!request || request->status != "queued") return;
  escalate(store, *request, request->team_id, "escalation_reason_waited", now, "system");
}

void RequestRouter::on_sweep(storage::Store& store, const storage::TimerRecord&, std::int64_t now) {
  drain_queue(store, now);
  if (!store.request_work().with_status("queued").empty()) {
    store.timers().set(sweep_timer, "queue", now + config_.queue_retry_ms, "{}");
    if (timers_changed_) timers_changed_();
  }
}

void RequestRouter::drain_queue(storage::Store& store, std::int64_t now) {
  for (auto id : store.request_work().with_status("queued")) {
    if (auto request = store.requests().get(id)) route(store, *request, now, "system");
  }
}

} // namespace stoop
