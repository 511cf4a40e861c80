#include "bot/routing_config.hpp"

#include <algorithm>
#include <set>

#include "bot/config_reader.hpp"
#include "routing/duration.hpp"
#include "routing/time_zone.hpp"

namespace stoop {
namespace {

using json = nlohmann::json;

void duration(ObjectReader& r, const char* key, std::int64_t& out, std::int64_t min_ms) {
  std::string text;
  r.string(key, text);
  if (text.empty()) return;
  auto ms = routing::parse_duration_ms(text);
  if (!ms || *ms < min_ms) return r.fail(key, "expected a duration such as \"90s\", \"15m\", \"4h\" or \"1d\"");
  out = *ms;
}

void read_quiet_hours(ObjectReader& parent, RoutingConfig& routing, std::string& error) {
  const json* value = parent.get("quiet_hours", false);
  if (value == nullptr) return;
  if (value->is_boolean()) {
    if (!value->get<bool>()) routing.quiet_hours = {0, 0};
    return;
  }
  ObjectReader r(*value, parent.pointer() + "/quiet_hours", error);
  std::string start = "21:00";
  std::string end = "08:00";
  r.string("start", start);
  r.string("end", end);
  r.finish();
  if (!error.empty()) return;
  auto start_minute = routing::parse_clock_minutes(start);
  auto end_minute = routing::parse_clock_minutes(end);
  if (!start_minute) return r.fail("start", "expected a time \"HH:MM\"");
  if (!end_minute) return r.fail("end", "expected a time \"HH:MM\"");
  routing.quiet_hours = {*start_minute, *end_minute};
}

bool known(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::set<std::string> team_names(const RoutingConfig& routing) {
  std::set<std::string> names;
  for (const auto& team : routing.teams) names.insert(team.name);
  return names;
}

void read_rules(ObjectReader& parent, RoutingConfig& routing, const std::vector<std::string>& languages,
                std::string& error) {
  const json* value = parent.get("rules", false);
  if (value == nullptr) return;
  if (!value->is_array()) return parent.fail("rules", "expected an array of rules");
  auto teams = team_names(routing);
  for (std::size_t i = 0; i < value->size() && error.empty(); ++i) {
    ObjectReader r((*value)[i], parent.pointer() + "/rules/" + std::to_string(i), error);
    routing::RoutingRule rule;
    r.string_list("topic", rule.topics);
    r.string_list("language", rule.languages);
    r.string_list("neighbourhood", rule.neighbourhoods);
    r.string("team", rule.team, true);
    r.finish();
    if (!error.empty()) return;
    for (const auto& language : rule.languages) {
      if (!known(languages, language)) return r.fail("language", "\"" + language + "\" is not in \"languages\"");
    }
    if (!teams.count(rule.team)) return r.fail("team", "\"" + rule.team + "\" is not declared in \"teams\"");
    routing.rules.push_back(std::move(rule));
  }
}

void read_routing(const json& root, RoutingConfig& routing, const std::vector<std::string>& languages,
                  std::string& error) {
  if (!root.contains("routing")) return;
  ObjectReader r(root["routing"], "/routing", error);
  r.string("time_zone", routing.time_zone);
  if (error.empty() && !routing::find_time_zone(routing.time_zone)) {
    r.fail("time_zone", "unknown time zone \"" + routing.time_zone + "\" (see docs/routing.md for the list)");
  }
  duration(r, "offer_timeout", routing.offer_timeout_ms, 60'000);
  duration(r, "queue_timeout", routing.queue_timeout_ms, 60'000);
  duration(r, "queue_retry", routing.queue_retry_ms, 60'000);
  duration(r, "reminder_before", routing.reminder_before_ms, 60'000);
  duration(r, "reflection_after", routing.reflection_after_ms, 0);
  read_quiet_hours(r, routing, error);
  read_rules(r, routing, languages, error);
  r.string("crisis_file", routing.crisis_file);
  r.finish();
}

void read_teams(const json& root, RoutingConfig& routing, std::string& error) {
  if (!root.contains("teams")) return;
  const json& value = root["teams"];
  if (!value.is_array()) {
    error = "/teams: expected an array of teams";
    return;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < value.size() && error.empty(); ++i) {
    ObjectReader r(value[i], "/teams/" + std::to_string(i), error);
    TeamEntry team;
    r.string("name", team.name, true);
    r.string("description", team.description);
    r.finish();
    if (!error.empty()) return;
    if (team.name.empty() || team.name.size() > 100) return r.fail("name", "must be 1 to 100 characters");
    if (!seen.insert(team.name).second) return r.fail("name", "\"" + team.name + "\" is declared twice");
    routing.teams.push_back(std::move(team));
  }
}

void read_reach(ObjectReader& parent, PersonEntry& person, const std::map<std::string, std::string>& channel_types,
                std::string& error) {
  const json* value = parent.get("reach", false);
  if (value == nullptr) return;
  ObjectReader r(*value, parent.pointer() + "/reach", error);
  r.string("channel", person.reach_channel, true);
  r.string("address", person.reach_address, true);
  r.finish();
  if (!error.empty()) return;
  auto type = channel_types.find(person.reach_channel);
  if (type == channel_types.end()) return r.fail("channel", "no channel \"" + person.reach_channel + "\" is configured");
  if (auto problem = check_reach(type->second, person.reach_address); !problem.empty()) r.fail("address", problem);
}

void read_person(const json& value, const std::string& pointer, RoutingConfig& routing,
                 const std::map<std::string, std::string>& channel_types, const std::vector<std::string>& languages,
                 std::string& error) {
  ObjectReader r(value, pointer, error);
  PersonEntry person;
  r.string("email", person.email, true);
  r.string("name", person.name, true);
  r.string("role", person.role);
  r.string_list("languages", person.languages);
  r.string_list("topics", person.topics);
  r.string_list("neighbourhoods", person.neighbourhoods);
  r.string_list("skills", person.skills);
  r.string("team", person.team);
  r.integer("capacity", person.capacity, 0, 100);
  r.boolean("on_call", person.on_call);
  if (const json* availability = r.get("availability", false)) {
    auto parsed = routing::parse_availability(*availability, pointer + "/availability");
    if (!parsed && error.empty()) error = parsed.error();
    person.availability_json = availability->dump();
  }
  read_reach(r, person, channel_types, error);
  r.finish();
  if (!error.empty()) return;
  if (person.email.find('@') == std::string::npos || person.email.size() > 254) {
    return r.fail("email", "expected an email address");
  }
  if (person.name.empty()) return r.fail("name", "must not be empty");
  if (!is_valid_role(person.role)) return r.fail("role", "must be one of \"admin\", \"staff\", \"student\"");
  for (const auto& language : person.languages) {
    if (!known(languages, language)) return r.fail("languages", "\"" + language + "\" is not in \"languages\"");
  }
  if (!person.team.empty() && !team_names(routing).count(person.team)) {
    return r.fail("team", "\"" + person.team + "\" is not declared in \"teams\"");
  }
  for (const auto& other : routing.people) {
    if (other.email == person.email) return r.fail("email", "\"" + person.email + "\" is declared twice");
  }
  routing.people.push_back(std::move(person));
}

void read_people(const json& root, RoutingConfig& routing, const std::map<std::string, std::string>& channel_types,
                 const std::vector<std::string>& languages, std::string& error) {
  if (!root.contains("people")) return;
  const json& value = root["people"];
  if (!value.is_array()) {
    error = "/people: expected an array of people";
    return;
  }
  for (std::size_t i = 0; i < value.size() && error.empty(); ++i) {
    read_person(value[i], "/people/" + std::to_string(i), routing, channel_types, languages, error);
  }
}

void read_prompt_text(ObjectReader& r, CohortPromptEntry& prompt, const std::vector<std::string>& languages,
                      const std::string& default_language) {
  const json* text = r.get("text", true);
  if (text == nullptr) return;
  if (text->is_string()) {
    prompt.text[default_language] = text->get<std::string>();
  } else if (text->is_object()) {
    for (auto it = text->begin(); it != text->end(); ++it) {
      if (!it->is_string()) return r.fail("text", "expected language → text");
      if (!known(languages, it.key())) return r.fail("text", "\"" + it.key() + "\" is not in \"languages\"");
      prompt.text[it.key()] = it->get<std::string>();
    }
  } else {
    return r.fail("text", "expected a string or an object of language → text");
  }
  if (!prompt.text.count(default_language) || prompt.text[default_language].empty()) {
    r.fail("text", "needs a text in the default language \"" + default_language + "\"");
  }
}

void read_prompt(const json& value, const std::string& pointer, RoutingConfig& routing,
                 const std::vector<std::string>& languages, const std::string& default_language,
                 std::string& error) {
  ObjectReader r(value, pointer, error);
  CohortPromptEntry prompt;
  prompt.default_language = default_language;
  r.string("id", prompt.id, true);
  std::string every = "week";
  r.one_of("every", every, {"week", "day"});
  std::string day;
  r.string("day", day);
  std::string time = "16:00";
  r.string("time", time);
  if (const json* cohort = r.get("cohort", false)) {
    ObjectReader c(*cohort, pointer + "/cohort", error);
    c.string("team", prompt.team);
    c.string("role", prompt.role);
    c.finish();
    if (error.empty() && !prompt.team.empty() && !team_names(routing).count(prompt.team)) {
      c.fail("team", "\"" + prompt.team + "\" is not declared in \"teams\"");
    }
    if (error.empty() && !is_valid_role(prompt.role)) c.fail("role", "must be one of \"admin\", \"staff\", \"student\"");
  }
  read_prompt_text(r, prompt, languages, default_language);
  r.finish();
  if (!error.empty()) return;
  bool id_ok = !prompt.id.empty() && prompt.id.size() <= 64;
  for (char c : prompt.id) id_ok &= (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  if (!id_ok) return r.fail("id", "must be 1 to 64 characters of a-z, 0-9, '_' or '-'");
  for (const auto& other : routing.prompts) {
    if (other.id == prompt.id) return r.fail("id", "\"" + prompt.id + "\" is used by another prompt");
  }
  auto minute = routing::parse_clock_minutes(time);
  if (!minute) return r.fail("time", "expected a time \"HH:MM\"");
  prompt.when.minute_of_day = *minute;
  if (every == "week") {
    auto weekday = routing::parse_weekday(day);
    if (!weekday) return r.fail("day", "a weekly prompt needs a day: mon, tue, wed, thu, fri, sat or sun");
    prompt.when.weekday = *weekday;
  } else if (!day.empty()) {
    return r.fail("day", "a daily prompt has no day");
  }
  routing.prompts.push_back(std::move(prompt));
}

void read_prompts(const json& root, RoutingConfig& routing, const std::vector<std::string>& languages,
                  const std::string& default_language, std::string& error) {
  if (!root.contains("prompts")) return;
  const json& value = root["prompts"];
  if (!value.is_array()) {
    error = "/prompts: expected an array of prompts";
    return;
  }
  for (std::size_t i = 0; i < value.size() && error.empty(); ++i) {
    read_prompt(value[i], "/prompts/" + std::to_string(i), routing, languages, default_language, error);
  }
}

} // namespace

bool is_valid_role(const std::string& role) { return role == "admin" || role == "staff" || role == "student"; }

std::string check_reach(const std::string& channel_type, const std::string& address) {
  if (address.empty()) return "must not be empty";
  if (address.size() > 64) return "is too long";
  if (channel_type == "webchat") return "a web chat visitor cannot be reached later; use an SMS or Telegram channel";
  if (channel_type == "twilio" || channel_type == "whatsapp") {
    bool ok = address.size() >= 9 && address.size() <= 16 && address[0] == '+';
    for (std::size_t i = 1; i < address.size(); ++i) ok &= address[i] >= '0' && address[i] <= '9';
    if (!ok) return "expected a phone number in E.164 form, e.g. \"+16175550100\"";
  }
  if (channel_type == "telegram") {
    bool ok = true;
    for (std::size_t i = 0; i < address.size(); ++i) ok &= (address[i] >= '0' && address[i] <= '9') || (i == 0 && address[i] == '-');
    if (!ok) return "expected a Telegram chat id (digits), as the bot sees it";
  }
  return "";
}

void read_routing_sections(const json& root, RoutingConfig& routing,
                           const std::map<std::string, std::string>& channel_types,
                           const std::vector<std::string>& languages, const std::string& default_language,
                           std::string& error) {
  // Teams first: the other sections refer to them by name.
  read_teams(root, routing, error);
  if (error.empty()) read_routing(root, routing, languages, error);
  if (error.empty()) read_people(root, routing, channel_types, languages, error);
  if (error.empty()) read_prompts(root, routing, languages, default_language, error);
}

} // namespace stoop
