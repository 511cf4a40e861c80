// /api/actions, /api/broadcasts, /api/quotes and /api/reports/representativeness:
// staff record what the office did about the community's priorities, send it
// back as "you said, we did", approve quotes for the public page, and see
// whose voice is missing from the answers.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "bot/api/areas.hpp"
#include "bot/api/input.hpp"
#include "bot/api/reports.hpp"
#include "bot/community.hpp"
#include "bot/live_hub.hpp"
#include "bot/store_thread.hpp"
#include "bot/transparency.hpp"

namespace stoop::api {
namespace {

using json = nlohmann::json;

constexpr std::array<std::string_view, 4> stages{"heard", "discussed", "acting", "done"};

int stage_rank(std::string_view stage) {
  for (std::size_t i = 0; i < stages.size(); ++i) {
    if (stages[i] == stage) return static_cast<int>(i);
  }
  return -1;
}

// {"en": "...", "es": "..."}: languages the office works in, each text checked
// against the rule, the default language present. Error message or "".
std::string check_localized(const json& value, const Config& config, const char* key, const TextRule& rule) {
  if (!value.is_object() || value.empty()) return std::string("\"") + key + "\" must be an object of texts by language";
  for (const auto& [language, text] : value.items()) {
    if (std::find(config.languages.begin(), config.languages.end(), language) == config.languages.end()) {
      return std::string("\"") + key + "\": \"" + language + "\" is not one of the configured languages";
    }
    if (!text.is_string()) return std::string("\"") + key + "/" + language + "\" must be a string";
    auto problem = check_text(text.get<std::string>(), rule);
    if (!problem.empty()) return std::string("\"") + key + "/" + language + "\" " + problem;
  }
  if (!value.contains(config.default_language)) {
    return std::string("\"") + key + "\" needs a text in \"" + config.default_language + "\"";
  }
  return {};
}

json progress_json(const storage::BroadcastRecord& b, const storage::BroadcastProgress& p) {
  return {{"id", b.id},
          {"step_id", b.step_id},
          {"state", b.state},
          {"created_at", b.created_at},
          {"finished_at", b.finished_at ? json(*b.finished_at) : json(nullptr)},
          {"progress",
           {{"total", p.total},
            {"pending", p.pending},
            {"queued", p.queued},
            {"skipped_opted_out", p.opted_out},
            {"skipped_unreachable", p.unreachable},
            {"sent", p.sent},
            {"delivered", p.delivered},
            {"failed", p.failed}}}};
}

json action_with_broadcasts(storage::Store& s, const storage::ActionRecord& action) {
  auto steps = s.transparency().steps(action.id);
  auto body = action_json(action, steps);
  for (auto& step : body["steps"]) {
    auto broadcast = s.transparency().broadcast_for_step(step["id"].get<std::int64_t>());
    step["broadcast"] = broadcast ? progress_json(*broadcast, s.transparency().progress(broadcast->id)) : json(nullptr);
  }
  return body;
}

// One dimension of the representativeness report.
json dimension_report(const std::string& dimension, const std::vector<storage::CountRow>& rows, bool by_category,
                      const Config& config) {
  std::map<std::string, std::int64_t> counts;
  std::int64_t total = 0;
  for (const auto& row : rows) {
    const auto& group = by_category ? row.category : row.group;
    counts[group] += row.count;
    total += row.count;
  }
  const auto& t = config.transparency;
  auto baselines_it = t.baselines.find(dimension);
  const std::map<std::string, double> no_baselines;
  const auto& baselines = baselines_it == t.baselines.end() ? no_baselines : baselines_it->second;
  for (const auto& [group, share] : baselines) counts.try_emplace(group, 0);
  auto groups = json::array();
  for (const auto& [group, count] : counts) {
    double share = total > 0 ? static_cast<double>(count) / static_cast<double>(total) : 0.0;
    json entry{
        {"group", group},
        {"respondents", shown_count(count)},
        // A suppressed count's share would give the count away.
        {"share", count > 0 && count < suppression_threshold ? json(nullptr) : json(std::round(share * 1000) / 1000)},
        {"baseline", nullptr},
        {"under_represented", false}};
    if (auto b = baselines.find(group); b != baselines.end()) {
      entry["baseline"] = b->second;
      entry["under_represented"] = b->second > 0 && share < t.flag_below * b->second;
    }
    groups.push_back(std::move(entry));
  }
  return {{"dimension", dimension}, {"respondents", total}, {"has_baselines", !baselines.empty()}, {"groups", groups}};
}

} // namespace

void TransparencyApi::add_routes(Router& r) {
  auto manage = Permission::manage_transparency;
  r.add("GET", "/api/actions", Permission::read_reports, [this](ApiCall& c) { return list_actions(c); });
  r.add("POST", "/api/actions", manage, [this](ApiCall& c) { return create_action(c); });
  r.add("POST", "/api/actions/{id}/steps", manage, [this](ApiCall& c) { return add_step(c); });
  r.add("POST", "/api/actions/{id}/steps/{id}/broadcast", manage, [this](ApiCall& c) { return broadcast_step(c); });
  r.add("GET", "/api/broadcasts/{id}", Permission::read_reports, [this](ApiCall& c) { return broadcast_detail(c); });
  r.add("GET", "/api/quotes", Permission::read_reports, [this](ApiCall& c) { return list_quotes(c); });
  r.add("POST", "/api/quotes", manage, [this](ApiCall& c) { return add_quote(c); });
  r.add("DELETE", "/api/quotes/{id}", manage, [this](ApiCall& c) { return remove_quote(c); });
  r.add("GET", "/api/reports/representativeness", Permission::read_reports,
        [this](ApiCall& c) { return representativeness(c); });
}

awaitable<HttpResponse> TransparencyApi::list_actions(ApiCall&) {
  auto collect = [](storage::Store& s) {
    auto list = json::array();
    for (const auto& action : s.transparency().actions()) list.push_back(action_with_broadcasts(s, action));
    return list;
  };
  auto actions = co_await services_.store.read(std::move(collect));
  co_return json_reply(200, {{"actions", actions}, {"labels", services_.transparency.labels()}});
}

awaitable<HttpResponse> TransparencyApi::create_action(ApiCall& call) {
  auto body = parse_json_body(call.request);
  if (!body) co_return error_reply(400, body.error());
  BodyReader reader(*body);
  auto category = reader.text("category", TextRule{1, 64, false}, true);
  auto neighbourhood = reader.text("neighbourhood", TextRule{0, 64, false});
  auto title = reader.object("title", 4096);
  reader.finish();
  if (!reader.ok()) co_return error_reply(400, reader.error());
  if (!title) co_return error_reply(400, "\"title\" is required");
  auto labels = services_.transparency.labels();
  if (!labels["categories"].contains(*category)) co_return error_reply(400, "\"category\" is not a choice of the poll");
  if (neighbourhood && !neighbourhood->empty() && !labels["neighbourhoods"].contains(*neighbourhood)) {
    co_return error_reply(400, "\"neighbourhood\" is not a choice of the poll");
  }
  auto title_json = json::parse(*title);
  auto problem = check_localized(title_json, services_.config, "title", TextRule{1, 200, false});
  if (!problem.empty()) co_return error_reply(400, problem);

  storage::ActionRecord action;
  action.poll = services_.config.transparency.poll;
  action.category = *category;
  action.neighbourhood = neighbourhood.value_or("");
  action.title_json = title_json.dump();
  action.created_by = call.user.id;
  action.created_at = call.now;
  action.updated_at = call.now;
  auto actor = call.actor();
  auto create = [action, actor](storage::Store& s) {
    auto created = s.transparency().create_action(action);
    storage::ActionStepRecord heard;
    heard.action_id = created.id;
    heard.stage = "heard";
    heard.note_json = created.title_json; // the first public step: what was heard
    heard.created_by = action.created_by;
    heard.created_at = action.created_at;
    s.transparency().add_step(heard);
    actor.record(s, "action.create", "action", std::to_string(created.id), {{"category", created.category}});
    return json_reply(201, {{"action", action_with_broadcasts(s, *s.transparency().action(created.id))}});
  };
  auto response = co_await services_.store.write(std::move(create));
  publish_change(services_.hub, "action", 0, "action.create");
  co_return response;
}

awaitable<HttpResponse> TransparencyApi::add_step(ApiCall& call) {
  auto body = parse_json_body(call.request);
  if (!body) co_return error_reply(400, body.error());
  BodyReader reader(*body);
  auto stage = reader.text("stage", TextRule{1, 20, false}, true);
  auto note = reader.object("note", 8192);
  reader.finish();
  if (!reader.ok()) co_return error_reply(400, reader.error());
  if (stage_rank(*stage) < 0) co_return error_reply(400, "\"stage\" must be heard, discussed, acting or done");
  if (!note) co_return error_reply(400, "\"note\" is required");
  auto note_json = json::parse(*note);
  auto problem = check_localized(note_json, services_.config, "note", TextRule{1, 320, true});
  if (!problem.empty()) co_return error_reply(400, problem);

  storage::ActionStepRecord step;
  step.action_id = call.id();
  step.stage = *stage;
  step.note_json = note_json.dump();
  step.created_by = call.user.id;
  step.created_at = call.now;
  auto actor = call.actor();
  auto add = [step, actor](storage::Store& s) {
    auto action = s.transparency().action(step.action_id);
    if (!action) return error_reply(404, "no such action");
    if (stage_rank(step.stage) < stage_rank(action->stage)) {
      return error_reply(409, "the action is already at \"" + action->stage + "\"; steps only move forward");
    }
    auto added = s.transparency().add_step(step);
    actor.record(s, "action.step", "action", std::to_string(step.action_id),
                 {{"step_id", added.id}, {"stage", step.stage}});
    return json_reply(
        201, {{"action", action_with_broadcasts(s, *s.transparency().action(step.action_id))}, {"step_id", added.id}});
  };
  auto response = co_await services_.store.write(std::move(add));
  if (response.status < 300) publish_change(services_.hub, "action", step.action_id, "action.step");
  co_return response;
}

awaitable<HttpResponse> TransparencyApi::broadcast_step(ApiCall& call) {
  auto body = parse_json_body(call.request);
  if (!body) co_return error_reply(400, body.error());
  BodyReader reader(*body);
  auto text = reader.object("text", 16384);
  reader.finish();
  if (!reader.ok()) co_return error_reply(400, reader.error());
  std::optional<json> text_json;
  if (text) {
    text_json = json::parse(*text);
    auto problem = check_localized(*text_json, services_.config, "text", TextRule{1, 640, true});
    if (!problem.empty()) co_return error_reply(400, problem);
  }
  auto action_id = call.id(0);
  auto step_id = call.id(1);
  auto actor = call.actor();
  auto now = call.now;
  auto user_id = call.user.id;
  auto start = [action_id, step_id, text_json, actor, now, user_id](storage::Store& s) {
    auto& rights = s.transparency();
    auto step = rights.step(step_id);
    auto action = rights.action(action_id);
    if (!step || !action || step->action_id != action_id) return error_reply(404, "no such step");
    if (rights.broadcast_for_step(step_id)) return error_reply(409, "this step has already been broadcast");
    storage::BroadcastRecord broadcast;
    broadcast.step_id = step_id;
    broadcast.poll = action->poll;
    broadcast.text_json = text_json ? text_json->dump() : step->note_json;
    broadcast.created_by = user_id;
    broadcast.created_at = now;
    broadcast = rights.create_broadcast(broadcast);
    // The scheduler queues it batch by batch; the timer survives a restart.
    s.timers().set(Transparency::broadcast_timer, std::to_string(broadcast.id), now, "{}");
    actor.record(s, "broadcast.start", "broadcast", std::to_string(broadcast.id),
                 {{"action_id", action_id}, {"step_id", step_id}});
    return json_reply(201, {{"broadcast", progress_json(broadcast, rights.progress(broadcast.id))}});
  };
  auto response = co_await services_.store.write(std::move(start));
  if (response.status < 300) publish_change(services_.hub, "action", action_id, "broadcast.start");
  co_return response;
}

awaitable<HttpResponse> TransparencyApi::broadcast_detail(ApiCall& call) {
  auto id = call.id();
  auto fetch = [id](storage::Store& s) {
    auto broadcast = s.transparency().broadcast(id);
    if (!broadcast) return error_reply(404, "no such broadcast");
    return json_reply(200, {{"broadcast", progress_json(*broadcast, s.transparency().progress(id))}});
  };
  co_return co_await services_.store.read(std::move(fetch));
}

awaitable<HttpResponse> TransparencyApi::list_quotes(ApiCall&) {
  auto fetch = [](storage::Store& s) { return s.transparency().quotes(); };
  auto quotes = co_await services_.store.read(std::move(fetch));
  auto list = json::array();
  for (const auto& q : quotes) {
    list.push_back({{"id", q.id},
                    {"category", q.category},
                    {"neighbourhood", q.neighbourhood},
                    {"language", q.language},
                    {"text", q.text},
                    {"approved_by", q.approved_by ? json(*q.approved_by) : json(nullptr)},
                    {"created_at", q.created_at}});
  }
  co_return json_reply(200, {{"quotes", list}});
}

awaitable<HttpResponse> TransparencyApi::add_quote(ApiCall& call) {
  auto body = parse_json_body(call.request);
  if (!body) co_return error_reply(400, body.error());
  BodyReader reader(*body);
  auto text = reader.text("text", TextRule{1, 280, false}, true);
  auto language = reader.text("language", TextRule{1, 8, false}, true);
  auto category = reader.text("category", TextRule{0, 64, false});
  auto neighbourhood = reader.text("neighbourhood", TextRule{0, 64, false});
  auto anonymised = reader.boolean("anonymised", true);
  reader.finish();
  if (!reader.ok()) co_return error_reply(400, reader.error());
  const auto& languages = services_.config.languages;
  if (std::find(languages.begin(), languages.end(), *language) == languages.end()) {
    co_return error_reply(400, "\"language\" is not one of the configured languages");
  }
  if (!*anonymised) co_return error_reply(400, "\"anonymised\" must be true: only anonymised quotes are published");
  auto labels = services_.transparency.labels();
  if (category && !category->empty() && !labels["categories"].contains(*category)) {
    co_return error_reply(400, "\"category\" is not a choice of the poll");
  }
  if (neighbourhood && !neighbourhood->empty() && !labels["neighbourhoods"].contains(*neighbourhood)) {
    co_return error_reply(400, "\"neighbourhood\" is not a choice of the poll");
  }
  storage::QuoteRecord quote;
  quote.text = *text;
  quote.language = *language;
  quote.category = category.value_or("");
  quote.neighbourhood = neighbourhood.value_or("");
  quote.approved_by = call.user.id;
  quote.created_at = call.now;
  auto actor = call.actor();
  auto add = [quote, actor](storage::Store& s) {
    auto added = s.transparency().add_quote(quote);
    actor.record(s, "quote.approve", "quote", std::to_string(added.id));
    return json_reply(201, {{"quote",
                             {{"id", added.id},
                              {"text", added.text},
                              {"language", added.language},
                              {"category", added.category},
                              {"neighbourhood", added.neighbourhood}}}});
  };
  co_return co_await services_.store.write(std::move(add));
}

awaitable<HttpResponse> TransparencyApi::remove_quote(ApiCall& call) {
  auto id = call.id();
  auto actor = call.actor();
  auto remove = [id, actor](storage::Store& s) {
    if (!s.transparency().remove_quote(id)) return error_reply(404, "no such quote");
    actor.record(s, "quote.remove", "quote", std::to_string(id));
    return empty_reply();
  };
  co_return co_await services_.store.write(std::move(remove));
}

awaitable<HttpResponse> TransparencyApi::representativeness(ApiCall&) {
  const auto& t = services_.config.transparency;
  using D = storage::ReportDimension;
  struct Rows {
    std::vector<storage::CountRow> neighbourhood, language, age_band;
  };
  auto collect = [result = t.result, age = t.age_band_result](storage::Store& s) {
    storage::ReportRange all;
    return Rows{s.reports().respondents(result, D::neighbourhood, all),
                s.reports().respondents(result, D::language, all), s.reports().result_counts(age, D::all, all)};
  };
  auto rows = co_await services_.store.read(std::move(collect));
  const auto& config = services_.config;
  co_return json_reply(200, {{"result", t.result},
                             {"flag_below", t.flag_below},
                             {"dimensions",
                              {dimension_report("neighbourhood", rows.neighbourhood, false, config),
                               dimension_report("language", rows.language, false, config),
                               dimension_report("age_band", rows.age_band, true, config)}}});
}

} // namespace stoop::api
