// Who gets a request. Rules from the config pick a team from the request's
// topic, neighbourhood and language; within the team, the request goes to an
// available person (not away, inside their availability hours, under their
// capacity) who speaks the request's language, by least open load, then
// longest idle. People who already passed or let an offer time out are skipped.
//
// The decision has three outcomes, because "nobody can take it now" and
// "nobody will ever take it" call for different things:
//   offer    – someone can take it now;
//   queue    – suitable people exist but none is free (capacity, away, off
//              hours): wait until someone frees up;
//   escalate – nobody suitable is left: on-call staff take over.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "routing/schedule.hpp"

namespace stoop::routing {

struct Person {
  std::int64_t id = 0;
  std::string role; // "student", "staff" or "admin"; admins are not offered requests
  std::vector<std::string> languages;
  std::vector<std::string> topics;         // empty: any topic
  std::vector<std::string> neighbourhoods; // empty: any neighbourhood
  std::optional<std::int64_t> team_id;
  int capacity = 3;
  int open_load = 0;               // requests offered to or accepted by them now
  std::int64_t last_offered_at = 0; // 0: never offered anything
  bool away = false;
  bool reachable = true; // enabled, has an address on a configured channel, not opted out
  bool on_call = false;
  Availability availability;
};

struct RequestFacts {
  std::string topic;
  std::string language; // "": any
  std::string neighbourhood;
};

// Empty lists match anything; a rule matches when each non-empty list holds
// the request's value.
struct RoutingRule {
  std::vector<std::string> topics;
  std::vector<std::string> languages;
  std::vector<std::string> neighbourhoods;
  std::string team;
};

// The first matching rule, or nullptr (then the whole roster is the pool).
const RoutingRule* match_rule(const std::vector<RoutingRule>& rules, const RequestFacts& request);

enum class RouteAction { offer, queue, escalate };

struct RouteDecision {
  RouteAction action = RouteAction::escalate;
  std::int64_t person_id = 0; // with offer
};

// Could this person ever take this request (team, language, topic, area, role)?
bool is_suitable(const Person& person, const RequestFacts& request, std::optional<std::int64_t> team_id);
// ...and right now?
bool is_free(const Person& person, std::int64_t now_ms, const TimeZone& default_zone);

RouteDecision decide(const RequestFacts& request, std::optional<std::int64_t> team_id,
                     const std::vector<Person>& people, const std::set<std::int64_t>& skipped, std::int64_t now_ms,
                     const TimeZone& default_zone);

} // namespace stoop::routing
