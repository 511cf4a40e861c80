// The people and teams of the config, written to the store at start-up.
#include <nlohmann/json.hpp>

#include "bot/routing/routing.hpp"
#include "core/log.hpp"

namespace stoop {
namespace {

std::string json_list(const std::vector<std::string>& items) { return nlohmann::json(items).dump(); }

std::optional<std::int64_t> sync_team(storage::Store& store, const std::string& name, std::int64_t now) {
  if (name.empty()) return std::nullopt;
  if (auto team = store.users().find_team(name)) return team->id;
  storage::TeamRecord team;
  team.name = name;
  team.created_at = now;
  return store.users().create_team(team).id;
}

} // namespace

void sync_config_people(storage::Store& store, const RoutingConfig& config, std::int64_t now) {
  for (const auto& entry : config.teams) {
    auto team = store.users().find_team(entry.name);
    if (!team) {
      storage::TeamRecord created;
      created.name = entry.name;
      created.description = entry.description;
      created.created_at = now;
      store.users().create_team(created);
    } else if (team->description != entry.description) {
      team->description = entry.description;
      store.users().update_team(*team);
    }
  }
  for (const auto& entry : config.people) {
    auto existing = store.users().find_by_email(entry.email);
    storage::UserRecord user = existing ? *existing : storage::UserRecord{};
    user.email = entry.email;
    user.name = entry.name;
    user.role = entry.role;
    user.languages_json = json_list(entry.languages);
    user.topics_json = json_list(entry.topics);
    user.neighbourhoods_json = json_list(entry.neighbourhoods);
    user.team_id = sync_team(store, entry.team, now);
    user.capacity = entry.capacity;
    user.availability_json = entry.availability_json;
    user.on_call = entry.on_call;
    user.reach_channel = entry.reach_channel;
    user.reach_address = entry.reach_address;
    if (existing) {
      store.users().update_profile(user);
    } else {
      user.created_at = now;
      user = store.users().create(user);
      log_info("routing", "added ", entry.role, " ", user.id, " from the config");
    }
    store.engagement().set_skills(user.id, json_list(entry.skills));
  }
}

} // namespace stoop
