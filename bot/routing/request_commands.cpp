// What students and staff do to requests by text: ACCEPT, PASS, DONE, AWAY,
// BACK and MY, and what happens when a member leaves.
#include <nlohmann/json.hpp>

#include "bot/flow_responder.hpp"
#include "bot/routing/request_router.hpp"
#include "core/log.hpp"

namespace stoop {
namespace {

bool is_staff(const storage::UserRecord& user) { return user.role == "staff" || user.role == "admin"; }

std::string actor_of(const storage::UserRecord& user) { return "user:" + std::to_string(user.id); }

std::vector<std::int64_t> offered_ids(storage::Store& store, std::int64_t user_id) {
  std::vector<std::int64_t> ids;
  for (const auto& offer : store.request_work().pending_offers_to(user_id)) ids.push_back(offer.request_id);
  return ids;
}

} // namespace

std::optional<std::int64_t> RequestRouter::resolve_id(storage::Store&, std::optional<std::int64_t> id,
                                                      const std::vector<std::int64_t>& candidates) const {
  if (id) return id;
  // Without a number, the command means the one request it can mean.
  if (candidates.size() == 1) return candidates.front();
  return std::nullopt;
}

std::string RequestRouter::accept(storage::Store& store, const storage::UserRecord& user,
                                  std::optional<std::int64_t> id, std::int64_t now) {
  auto which = resolve_id(store, id, offered_ids(store, user.id));
  if (!which) return people_.text("which_number", {{"example", "ACCEPT 14"}});
  auto key = std::to_string(*which);
  auto request = store.requests().get(*which);
  if (!request) return people_.text("offer_not_yours", {{"id", key}});
  if (request->status == "accepted" && request->assignee_id == user.id) {
    return people_.text("offer_accepted", {{"id", key}});
  }
  if (request->status == "accepted" || request->status == "resolved" || request->status == "closed") {
    return people_.text("request_taken", {{"id", key}});
  }
  auto pending = store.request_work().pending_offer(*which);
  bool offered_to_them = pending && pending->user_id == user.id;
  // Staff may take any request nobody holds yet: escalations come to them for that.
  if (!offered_to_them && !is_staff(user)) return people_.text("offer_not_yours", {{"id", key}});
  if (pending) {
    store.request_work().close_offer(pending->id, offered_to_them ? "accepted" : "withdrawn", now);
    if (!offered_to_them) {
      record(store, *which, actor_of(user), "withdrawn", request->status, pending->user_id, now);
      if (auto other = people_.user(store, pending->user_id)) {
        people_.notify(store, *other, people_.text("offer_withdrawn", {{"id", key}}), OutboxKind::reply, now);
      }
    }
  }
  store.timers().cancel(offer_timer, key);
  store.timers().cancel(queue_timer, key);
  store.request_work().set_state(*which, "accepted", user.id, request->team_id, now);
  record(store, *which, actor_of(user), "accepted", "accepted", user.id, now);
  // The member hears at once: the conversation with the student begins now.
  tell_member(store, *request, is_staff(user) ? "request_accepted_staff" : "request_accepted_student",
              OutboxKind::relay);
  return people_.text("offer_accepted", {{"id", key}});
}

std::string RequestRouter::pass(storage::Store& store, const storage::UserRecord& user,
                                std::optional<std::int64_t> id, std::int64_t now) {
  auto which = resolve_id(store, id, offered_ids(store, user.id));
  if (!which) return people_.text("which_number", {{"example", "PASS 14"}});
  auto key = std::to_string(*which);
  auto pending = store.request_work().pending_offer(*which);
  auto request = store.requests().get(*which);
  if (!request || !pending || pending->user_id != user.id) return people_.text("offer_not_yours", {{"id", key}});
  store.request_work().close_offer(pending->id, "passed", now);
  store.timers().cancel(offer_timer, key);
  record(store, *which, actor_of(user), "passed", request->status, user.id, now);
  route(store, *request, now, actor_of(user));
  return people_.text("offer_passed", {{"id", key}});
}

std::string RequestRouter::done(storage::Store& store, const storage::UserRecord& user,
                                std::optional<std::int64_t> id, std::int64_t now) {
  auto which = resolve_id(store, id, store.request_work().held_by(user.id));
  if (!which) return people_.text("which_number", {{"example", "DONE 14"}});
  auto key = std::to_string(*which);
  auto request = store.requests().get(*which);
  bool holds = request && request->status == "accepted" && (request->assignee_id == user.id || is_staff(user));
  if (!holds) return people_.text("request_not_held", {{"id", key}});
  store.request_work().set_state(*which, "resolved", request->assignee_id, request->team_id, now);
  record(store, *which, actor_of(user), "resolved", "resolved", user.id, now);
  // Feedback, unless the member is in a crisis case: then no flow runs until staff clear it.
  if (request->contact_id && !store.crisis_cases().open_for(*request->contact_id)) {
    flows_.start_flow(store, *request->contact_id, "feedback", now, {{"request_id", key}});
  }
  drain_queue(store, now); // a place is free
  return people_.text("request_done", {{"id", key}});
}

std::string RequestRouter::away(storage::Store& store, storage::UserRecord user, std::int64_t now) {
  user.away = true;
  store.users().update_profile(user);
  withdraw_offers(store, user.id, now, actor_of(user));
  return people_.text("away_on");
}

std::string RequestRouter::back(storage::Store& store, storage::UserRecord user, std::int64_t now) {
  user.away = false;
  store.users().update_profile(user);
  drain_queue(store, now);
  return people_.text("away_off");
}

std::vector<std::string> RequestRouter::describe_for(storage::Store& store, const storage::UserRecord& user) {
  std::vector<std::string> lines;
  for (auto id : store.request_work().held_by(user.id)) {
    if (auto request = store.requests().get(id)) {
      lines.push_back(people_.text("my_request_accepted", {{"id", std::to_string(id)}, {"facts", facts(*request)}}));
    }
  }
  for (auto id : offered_ids(store, user.id)) {
    if (auto request = store.requests().get(id)) {
      lines.push_back(people_.text("my_request_offered", {{"id", std::to_string(id)}, {"facts", facts(*request)}}));
    }
  }
  return lines;
}

void RequestRouter::withdraw_offers(storage::Store& store, std::int64_t user_id, std::int64_t now,
                                    const std::string& actor) {
  for (const auto& offer : store.request_work().pending_offers_to(user_id)) {
    store.request_work().close_offer(offer.id, "withdrawn", now);
    store.timers().cancel(offer_timer, std::to_string(offer.request_id));
    auto request = store.requests().get(offer.request_id);
    if (!request) continue;
    record(store, offer.request_id, actor, "withdrawn", request->status, user_id, now);
    route(store, *request, now, actor);
  }
}

void RequestRouter::member_left(storage::Store& store, std::int64_t contact_id, std::int64_t now) {
  const std::string actor = "contact:" + std::to_string(contact_id);
  for (auto id : store.request_work().open_for_contact(contact_id)) {
    auto request = store.requests().get(id);
    if (!request) continue;
    auto key = std::to_string(id);
    if (request->status == "accepted" && request->assignee_id) {
      if (auto holder = people_.user(store, *request->assignee_id)) {
        people_.notify(store, *holder, people_.text("relay_member_left", {{"id", key}}), OutboxKind::relay, now);
      }
    }
    if (auto pending = store.request_work().pending_offer(id)) {
      store.request_work().close_offer(pending->id, "withdrawn", now);
      if (auto offered = people_.user(store, pending->user_id)) {
        people_.notify(store, *offered, people_.text("offer_withdrawn", {{"id", key}}), OutboxKind::reply, now);
      }
    }
    store.timers().cancel(offer_timer, key);
    store.timers().cancel(queue_timer, key);
    store.request_work().set_state(id, "closed", request->assignee_id, request->team_id, now);
    record(store, id, actor, "closed", "closed", request->assignee_id, now,
           nlohmann::json{{"reason", "the member opted out"}}.dump());
  }
  drain_queue(store, now);
}

} // namespace stoop
