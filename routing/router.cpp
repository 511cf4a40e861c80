#include "routing/router.hpp"

#include <algorithm>
#include <tuple>

namespace stoop::routing {
namespace {

bool allows(const std::vector<std::string>& list, const std::string& value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

} // namespace

const RoutingRule* match_rule(const std::vector<RoutingRule>& rules, const RequestFacts& request) {
  for (const auto& rule : rules) {
    if (allows(rule.topics, request.topic) && allows(rule.languages, request.language) &&
        allows(rule.neighbourhoods, request.neighbourhood)) {
      return &rule;
    }
  }
  return nullptr;
}

bool is_suitable(const Person& person, const RequestFacts& request, std::optional<std::int64_t> team_id) {
  if (!person.reachable) return false;
  if (person.role != "student" && person.role != "staff") return false;
  if (team_id && person.team_id != team_id) return false;
  if (!request.language.empty() &&
      std::find(person.languages.begin(), person.languages.end(), request.language) == person.languages.end()) {
    return false;
  }
  // A request without a topic or neighbourhood is not kept from specialists.
  if (!request.topic.empty() && !allows(person.topics, request.topic)) return false;
  if (!request.neighbourhood.empty() && !allows(person.neighbourhoods, request.neighbourhood)) return false;
  return true;
}

bool is_free(const Person& person, std::int64_t now_ms, const TimeZone& default_zone) {
  return !person.away && person.open_load < person.capacity && person.availability.is_available(now_ms, default_zone);
}

RouteDecision decide(const RequestFacts& request, std::optional<std::int64_t> team_id,
                     const std::vector<Person>& people, const std::set<std::int64_t>& skipped, std::int64_t now_ms,
                     const TimeZone& default_zone) {
  const Person* best = nullptr;
  bool anyone_suitable = false;
  auto rank = [](const Person& p) { return std::make_tuple(p.open_load, p.last_offered_at, p.id); };
  for (const auto& person : people) {
    if (skipped.count(person.id) || !is_suitable(person, request, team_id)) continue;
    anyone_suitable = true;
    if (!is_free(person, now_ms, default_zone)) continue;
    if (best == nullptr || rank(person) < rank(*best)) best = &person;
  }
  if (best != nullptr) return {RouteAction::offer, best->id};
  return {anyone_suitable ? RouteAction::queue : RouteAction::escalate, 0};
}

} // namespace stoop::routing
