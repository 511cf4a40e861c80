#include "bot/community.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "bot/api/reports.hpp"
#include "bot/transparency.hpp"

namespace stoop {
namespace {

using json = nlohmann::json;

json parsed_object(const std::string& text) {
  auto value = json::parse(text, nullptr, false);
  return value.is_object() ? value : json::object();
}

// Groups of counts: {"group": {"respondents": shown, "counts": [{"category", "count": shown}...]}}, most chosen first.
std::vector<json> grouped(const std::vector<storage::CountRow>& counts,
                          const std::vector<storage::CountRow>& respondents, const json& known_categories,
                          const char* group_key, const std::function<bool(const std::string&)>& keep_group) {
  std::map<std::string, std::vector<storage::CountRow>> by_group;
  for (const auto& row : counts) {
    if (!keep_group(row.group) || !known_categories.contains(row.category)) continue;
    by_group[row.group].push_back(row);
  }
  std::vector<json> out;
  for (const auto& people : respondents) {
    if (!keep_group(people.group)) continue;
    auto rows = by_group[people.group];
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      // Counts too small to show are not ranked among themselves either.
      auto shown_a = a.count < api::suppression_threshold ? 0 : a.count;
      auto shown_b = b.count < api::suppression_threshold ? 0 : b.count;
      return shown_a != shown_b ? shown_a > shown_b : a.category < b.category;
    });
    auto list = json::array();
    for (const auto& row : rows) list.push_back({{"category", row.category}, {"count", api::shown_count(row.count)}});
    json entry{{"respondents", api::shown_count(people.count)}, {"counts", list}};
    if (group_key != nullptr) entry[group_key] = people.group;
    out.push_back(std::move(entry));
  }
  return out;
}

} // namespace

json action_json(const storage::ActionRecord& action, const std::vector<storage::ActionStepRecord>& steps) {
  auto list = json::array();
  for (const auto& step : steps) {
    list.push_back(
        {{"id", step.id}, {"stage", step.stage}, {"note", parsed_object(step.note_json)}, {"at", step.created_at}});
  }
  return {{"id", action.id},
          {"poll", action.poll},
          {"category", action.category},
          {"neighbourhood", action.neighbourhood},
          {"title", parsed_object(action.title_json)},
          {"stage", action.stage},
          {"created_at", action.created_at},
          {"updated_at", action.updated_at},
          {"steps", list}};
}

json community_data(storage::Store& store, const Transparency& transparency, const Config& config) {
  using D = storage::ReportDimension;
  auto& rights = store.transparency();
  const auto& result = config.transparency.result;
  auto labels = transparency.labels();
  const auto& categories = labels["categories"];
  const auto& neighbourhoods = labels["neighbourhoods"];
  auto any = [](const std::string&) { return true; };
  auto known_neighbourhood = [&neighbourhoods](const std::string& g) { return neighbourhoods.contains(g); };

  auto overall = grouped(rights.public_counts(result, D::all), rights.public_respondents(result, D::all), categories,
                         nullptr, any);
  json body{{"languages", config.languages},
            {"default_language", config.default_language},
            {"labels", labels},
            {"stages", {"heard", "discussed", "acting", "done"}},
            {"overall",
             overall.empty() ? json{{"respondents", api::shown_count(0)}, {"counts", json::array()}} : overall.front()},
            {"by_neighbourhood", grouped(rights.public_counts(result, D::neighbourhood),
                                         rights.public_respondents(result, D::neighbourhood), categories,
                                         "neighbourhood", known_neighbourhood)},
            {"over_time", grouped(rights.public_counts(result, D::month), rights.public_respondents(result, D::month),
                                  categories, "period", any)}};
  auto actions = json::array();
  for (const auto& action : rights.actions()) actions.push_back(action_json(action, rights.steps(action.id)));
  body["actions"] = actions;
  auto quotes = json::array();
  for (const auto& quote : rights.quotes()) {
    quotes.push_back({{"id", quote.id},
                      {"category", quote.category},
                      {"neighbourhood", quote.neighbourhood},
                      {"language", quote.language},
                      {"text", quote.text}});
  }
  body["quotes"] = quotes;
  return body;
}

} // namespace stoop
