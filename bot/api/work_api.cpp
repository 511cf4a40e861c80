// /api/requests and /api/opportunities. Routing (issue 4) fills requests and
// adds sign-ups; here staff see the queue and who holds what, students see
// only their own requests and the opportunities open to them.
#include <algorithm>
#include <limits>

#include "bot/api/areas.hpp"
#include "bot/api/filters.hpp"
#include "bot/api/input.hpp"
#include "bot/api/views.hpp"
#include "bot/live_hub.hpp"
#include "bot/store_thread.hpp"

namespace stoop::api {
namespace {

constexpr std::int64_t far_future_ms = 4'102'444'800'000; // 2100-01-01

struct OpportunityInput {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> location;
  std::optional<std::int64_t> starts_at;
  Patch<std::int64_t> ends_at;
  std::optional<std::int64_t> slots;
  std::optional<std::vector<std::string>> languages;
  std::optional<std::vector<std::string>> skills;
  Patch<std::int64_t> team_id;
  std::optional<std::string> status;
};

// Reads an opportunity's fields; `creating` makes title, starts_at and slots required.
Expected<OpportunityInput> read_opportunity(const HttpRequest& request, bool creating) {
  auto body = parse_json_body(request);
  if (!body) return make_error(body.error());
  BodyReader reader(*body);
  OpportunityInput in;
  in.title = reader.text("title", TextRule{1, 120, false}, creating);
  in.description = reader.text("description", TextRule{0, 2000, true});
  in.location = reader.text("location", TextRule{0, 200, false});
  in.starts_at = reader.integer("starts_at", 0, far_future_ms, creating);
  in.ends_at = reader.nullable_id("ends_at");
  in.slots = reader.integer("slots", 1, 10'000, creating);
  in.languages = reader.text_list("languages", TextRule{1, 16, false}, 10);
  in.skills = reader.text_list("skills", TextRule{1, 60, false}, 20);
  in.team_id = reader.nullable_id("team_id");
  if (!creating) {
    in.status = reader.text("status", TextRule{1, 16, false});
    if (in.status && *in.status != "open" && *in.status != "closed" && *in.status != "cancelled") {
      return make_error("\"status\" must be open, closed or cancelled");
    }
  }
  reader.finish();
  if (!reader.ok()) return make_error(reader.error());
  return in;
}

void apply_input(const OpportunityInput& in, storage::OpportunityRecord& o) {
  if (in.title) o.title = *in.title;
  if (in.description) o.description = *in.description;
  if (in.location) o.location = *in.location;
  if (in.starts_at) o.starts_at = *in.starts_at;
  if (in.ends_at.present) o.ends_at = in.ends_at.value;
  if (in.slots) o.slots = static_cast<int>(*in.slots);
  if (in.languages) o.languages_json = nlohmann::json(*in.languages).dump();
  if (in.skills) o.skills_json = nlohmann::json(*in.skills).dump();
  if (in.team_id.present) o.team_id = in.team_id.value;
  if (in.status) o.status = *in.status;
}

std::optional<HttpResponse> check_opportunity(storage::Store& s, const storage::OpportunityRecord& o) {
  if (o.ends_at && *o.ends_at < o.starts_at) return error_reply(400, "\"ends_at\" is before \"starts_at\"");
  if (o.team_id && !s.users().team(*o.team_id)) return error_reply(400, "\"team_id\" names no team");
  return std::nullopt;
}

// A request staff open for a member (a call, a walk-in): the same fields the
// intake flow collects.
Expected<storage::RequestRecord> read_request(const HttpRequest& request) {
  auto body = parse_json_body(request);
  if (!body) return make_error(body.error());
  BodyReader reader(*body);
  storage::RequestRecord r;
  auto contact_id = reader.integer("contact_id", 1, std::numeric_limits<std::int64_t>::max(), true);
  auto topic = reader.text("topic", TextRule{1, 64, false}, true);
  auto language = reader.text("language", TextRule{1, 16, false});
  auto neighbourhood = reader.text("neighbourhood", TextRule{0, 64, false});
  auto details = reader.text("details", TextRule{0, 2000, true});
  auto urgency = reader.text("urgency", TextRule{0, 32, false});
  auto best_time = reader.text("best_time", TextRule{0, 200, false});
  reader.finish();
  if (!reader.ok()) return make_error(reader.error());
  r.contact_id = contact_id;
  r.topic = *topic;
  r.language = language.value_or("");
  r.neighbourhood = neighbourhood.value_or("");
  r.details = details.value_or("");
  r.urgency = urgency.value_or("");
  r.best_time = best_time.value_or("");
  return r;
}

} // namespace

void WorkApi::add_routes(Router& r) {
  // Signed in is enough: the handlers narrow what a student sees.
  r.add("GET", "/api/requests", Permission::signed_in, [this](ApiCall& c) { return list_requests(c); });
  r.add("GET", "/api/requests/{id}", Permission::signed_in, [this](ApiCall& c) { return request_detail(c); });
  r.add("POST", "/api/requests", Permission::change_conversations, [this](ApiCall& c) { return create_request(c); });
  r.add("GET", "/api/opportunities", Permission::signed_in, [this](ApiCall& c) { return list_opportunities(c); });
  r.add("GET", "/api/opportunities/{id}", Permission::signed_in, [this](ApiCall& c) { return opportunity_detail(c); });
  r.add("POST", "/api/opportunities", Permission::manage_opportunities,
        [this](ApiCall& c) { return create_opportunity(c); });
  r.add("PATCH", "/api/opportunities/{id}", Permission::manage_opportunities,
        [this](ApiCall& c) { return update_opportunity(c); });
}

awaitable<HttpResponse> WorkApi::list_requests(ApiCall& call) {
  auto filter = request_filter(call.query(), call.user.id);
  if (!filter) co_return error_reply(400, filter.error());
  bool student = call.role == auth::Role::student;
  if (student) filter->assignee_id = call.user.id; // whatever was asked, a student lists their own
  auto fetch = [f = *filter, student](storage::Store& s) {
    auto found = s.requests().list(f);
    if (!student) return found;
    // Theirs too: the requests offered to them that wait for their ACCEPT or PASS.
    for (const auto& offer : s.request_work().pending_offers_to(*f.assignee_id)) {
      auto request = s.requests().get(offer.request_id);
      if (request && (f.status.empty() || request->status == f.status)) found.push_back(std::move(*request));
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.id > b.id; });
    return found;
  };
  auto requests = co_await services_.store.read(std::move(fetch));
  auto rows = nlohmann::json::array();
  for (const auto& r : requests) rows.push_back(request_json(r, student));
  co_return json_reply(200, {{"requests", rows}});
}

awaitable<HttpResponse> WorkApi::request_detail(ApiCall& call) {
  auto id = call.id();
  auto actor = call.actor();
  auto role = call.role;
  auto view = [id, actor, role](storage::Store& s) {
    auto request = s.requests().get(id);
    if (!request) return error_reply(404, "no such request");
    auto offer = s.request_work().pending_offer(id);
    bool offered_to_them = offer && offer->user_id == *actor.user_id;
    if (!offered_to_them && !may_view_request(role, *actor.user_id, *request)) {
      actor.record(s, "request.view_refused", "request", std::to_string(id));
      return error_reply(403, "this request is not yours");
    }
    actor.record(s, "request.view", "request", std::to_string(id));
    auto body = request_json(*request, role == auth::Role::student);
    if (role != auth::Role::student && request->contact_id) {
      if (auto contact = s.contacts().get(*request->contact_id)) body["contact_name"] = contact->name;
    }
    if (role != auth::Role::student) {
      // Routing's record of every change, who and when (docs/routing.md).
      auto history = nlohmann::json::array();
      for (const auto& e : s.request_work().events(id)) {
        history.push_back({{"at", e.at}, {"actor", e.actor}, {"action", e.action}, {"status", e.status},
                           {"user_id", id_or_null(e.user_id)}});
      }
      body["history"] = history;
    }
    return json_reply(200, {{"request", body}});
  };
  co_return co_await services_.store.write(std::move(view));
}

awaitable<HttpResponse> WorkApi::create_request(ApiCall& call) {
  auto input = read_request(call.request);
  if (!input) co_return error_reply(400, input.error());
  auto request = *input;
  const auto& languages = services_.config.languages;
  if (!request.language.empty() && std::find(languages.begin(), languages.end(), request.language) == languages.end()) {
    co_return error_reply(400, "\"language\" is not one of the configured languages");
  }
  struct Outcome {
    HttpResponse response;
    std::int64_t created = 0;
  };
  auto actor = call.actor();
  auto job = [request, actor, open = services_.open_request](storage::Store& s) mutable {
    auto contact = s.contacts().get(*request.contact_id);
    if (!contact) return Outcome{error_reply(400, "\"contact_id\" names no contact")};
    if (contact->opted_out) return Outcome{error_reply(409, "this person opted out; nobody may text them")};
    if (request.language.empty()) request.language = contact->language;
    request.created_at = request.updated_at = actor.now;
    request.id = s.requests().create(request);
    actor.record(s, "request.create", "request", std::to_string(request.id));
    if (open) open(s, request.id); // routing offers, queues or escalates it
    return Outcome{json_reply(201, {{"request", request_json(*s.requests().get(request.id), false)}}), request.id};
  };
  auto outcome = co_await services_.store.write(std::move(job));
  if (outcome.created != 0) publish_change(services_.hub, "request", outcome.created, "request.create");
  co_return outcome.response;
}

awaitable<HttpResponse> WorkApi::list_opportunities(ApiCall& call) {
  storage::OpportunityFilter filter;
  auto status = query_word(call.query(), "status", {"open", "closed", "cancelled"});
  if (!status) co_return error_reply(400, status.error());
  filter.status = *status;
  if (call.role == auth::Role::student) {
    filter.for_student = true;
    filter.visible_to_team = call.user.team_id;
  }
  auto fetch = [filter](storage::Store& s) { return s.opportunities().list(filter); };
  auto items = co_await services_.store.read(std::move(fetch));
  auto rows = nlohmann::json::array();
  for (const auto& o : items) rows.push_back(opportunity_json(o));
  co_return json_reply(200, {{"opportunities", rows}});
}

awaitable<HttpResponse> WorkApi::opportunity_detail(ApiCall& call) {
  auto id = call.id();
  auto fetch = [id](storage::Store& s) { return s.opportunities().get(id); };
  auto item = co_await services_.store.read(std::move(fetch));
  if (!item) co_return error_reply(404, "no such opportunity");
  if (!may_view_opportunity(call.role, call.user, *item))
    co_return error_reply(403, "this opportunity is not open to you");
  co_return json_reply(200, {{"opportunity", opportunity_json(*item)}});
}

awaitable<HttpResponse> WorkApi::create_opportunity(ApiCall& call) {
  auto input = read_opportunity(call.request, true);
  if (!input) co_return error_reply(400, input.error());
  auto actor = call.actor();
  auto create = [in = *input, actor](storage::Store& s) {
    storage::OpportunityRecord o;
    apply_input(in, o);
    o.created_by = actor.user_id;
    o.created_at = actor.now;
    o.updated_at = actor.now;
    if (auto refusal = check_opportunity(s, o)) return *refusal;
    o = s.opportunities().create(o);
    actor.record(s, "opportunity.create", "opportunity", std::to_string(o.id));
    return json_reply(201, {{"opportunity", opportunity_json(o)}});
  };
  auto response = co_await services_.store.write(std::move(create));
  if (response.status < 300) publish_change(services_.hub, "opportunity", 0, "opportunity.create");
  co_return response;
}

awaitable<HttpResponse> WorkApi::update_opportunity(ApiCall& call) {
  auto input = read_opportunity(call.request, false);
  if (!input) co_return error_reply(400, input.error());
  auto id = call.id();
  auto actor = call.actor();
  auto update = [id, in = *input, actor](storage::Store& s) {
    auto o = s.opportunities().get(id);
    if (!o) return error_reply(404, "no such opportunity");
    apply_input(in, *o);
    o->updated_at = actor.now;
    if (auto refusal = check_opportunity(s, *o)) return *refusal;
    s.opportunities().update(*o);
    actor.record(s, "opportunity.update", "opportunity", std::to_string(id),
                 {{"status", o->status}, {"slots", o->slots}});
    return json_reply(200, {{"opportunity", opportunity_json(*o)}});
  };
  auto response = co_await services_.store.write(std::move(update));
  if (response.status < 300) publish_change(services_.hub, "opportunity", id, "opportunity.update");
  co_return response;
}

} // namespace stoop::api
