// /api/crisis: the open crisis cases, and clearing one (docs/routing.md, "The
// crisis path"). Clearing lets the bot's flows answer that member again.
#include "bot/api/areas.hpp"
#include "bot/live_hub.hpp"
#include "bot/routing/crisis_desk.hpp"
#include "bot/store_thread.hpp"

namespace stoop::api {

void CrisisApi::add_routes(Router& r) {
  r.add("GET", "/api/crisis", Permission::read_conversations, [this](ApiCall& c) { return list(c); });
  r.add("POST", "/api/crisis/{id}/clear", Permission::change_conversations, [this](ApiCall& c) { return clear(c); });
}

awaitable<HttpResponse> CrisisApi::list(ApiCall&) {
  auto fetch = [](storage::Store& s) { return s.crisis_cases().open_cases(); };
  auto cases = co_await services_.store.read(std::move(fetch));
  auto rows = nlohmann::json::array();
  for (const auto& c : cases) {
    // The matched phrase is what the person wrote: staff open the conversation to read it.
    rows.push_back({{"id", c.id}, {"contact_id", c.contact_id}, {"category", c.category}, {"language", c.language},
                    {"flagged_at", iso_time(c.flagged_at)}});
  }
  co_return json_reply(200, {{"cases", rows}});
}

awaitable<HttpResponse> CrisisApi::clear(ApiCall& call) {
  struct Outcome {
    HttpResponse response;
    std::int64_t contact_id = 0;
  };
  auto id = call.id();
  auto actor = call.actor();
  auto job = [id, actor](storage::Store& s) {
    auto crisis = s.crisis_cases().get(id);
    if (!crisis) return Outcome{error_reply(404, "no such crisis case")};
    if (!clear_crisis_case(s, id, actor.label, actor.user_id, actor.now)) {
      return Outcome{error_reply(409, "this crisis case was already cleared")};
    }
    return Outcome{json_reply(200, {{"case", {{"id", id}, {"contact_id", crisis->contact_id}, {"cleared", true}}}}),
                   crisis->contact_id};
  };
  auto outcome = co_await services_.store.write(std::move(job));
  if (outcome.contact_id != 0) publish_change(services_.hub, "conversation", outcome.contact_id, "crisis.clear");
  co_return outcome.response;
}

} // namespace stoop::api
