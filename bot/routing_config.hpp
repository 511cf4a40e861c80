// The configuration of routing, people and prompts (docs/configuration.md,
// "routing", "teams", "people", "prompts"):
//
//   "routing": {"time_zone": "America/New_York", "offer_timeout": "15m",
//               "queue_timeout": "4h", "queue_retry": "15m",
//               "quiet_hours": {"start": "21:00", "end": "08:00"},
//               "rules": [{"topic": "mental_health", "team": "Wellbeing"}, ...],
//               "crisis_file": "config/crisis.json",
//               "reminder_before": "24h", "reflection_after": "2h"},
//   "teams":   [{"name": "Roxbury", "description": "..."}],
//   "people":  [{"email": "...", "name": "...", "role": "student", "team": "Roxbury",
//               "languages": ["es", "en"], "reach": {"channel": "tg", "address": "123"}, ...}],
//   "prompts": [{"id": "weekly_reflection", "cohort": {"team": "Roxbury", "role": "student"},
//               "every": "week", "day": "fri", "time": "16:00", "text": {"en": "..."}}]
//
// People declared here are written to the users table at start-up (matched
// by email), alongside those added with `stoop users add` or the dashboard.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "routing/router.hpp"
#include "routing/schedule.hpp"

namespace stoop {

struct TeamEntry {
  std::string name;
  std::string description;
};

struct PersonEntry {
  std::string email;
  std::string name;
  std::string role = "student";
  std::vector<std::string> languages{"en"};
  std::vector<std::string> topics;
  std::vector<std::string> neighbourhoods;
  std::vector<std::string> skills;
  std::string team; // "" or a name from "teams"
  int capacity = 3;
  std::string availability_json = "{}";
  bool on_call = false;
  std::string reach_channel;
  std::string reach_address;
};

struct CohortPromptEntry {
  std::string id;
  std::string team; // "": every team
  std::string role = "student";
  routing::RecurringTime when;
  std::map<std::string, std::string> text; // language → question; always has default_language
  std::string default_language;
};

struct RoutingConfig {
  std::string time_zone = "America/New_York"; // the office's; people and members without one use it
  std::int64_t offer_timeout_ms = 15 * 60'000;
  std::int64_t queue_timeout_ms = 4 * 3'600'000;
  std::int64_t queue_retry_ms = 15 * 60'000;
  routing::QuietHours quiet_hours;            // start == end: none
  std::vector<routing::RoutingRule> rules;
  std::string crisis_file = "config/crisis.json";
  std::int64_t reminder_before_ms = 24 * 3'600'000;
  std::int64_t reflection_after_ms = 2 * 3'600'000;
  std::vector<TeamEntry> teams;
  std::vector<PersonEntry> people;
  std::vector<CohortPromptEntry> prompts;
};

// Reads the four sections into `routing`; the first problem goes to `error`
// as "POINTER: message". `channel_types` maps each configured channel id to its type.
void read_routing_sections(const nlohmann::json& root, RoutingConfig& routing,
                           const std::map<std::string, std::string>& channel_types,
                           const std::vector<std::string>& languages, const std::string& default_language,
                           std::string& error);

// The checks `stoop users add` shares with the config: an error message or "".
std::string check_reach(const std::string& channel_type, const std::string& address);
bool is_valid_role(const std::string& role);

} // namespace stoop
