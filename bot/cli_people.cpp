#include "bot/cli_people.hpp"

#include <nlohmann/json.hpp>
#include <ostream>

#include "bot/cli_flags.hpp"
#include "bot/routing_config.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "routing/schedule.hpp"
#include "storage/store.hpp"

namespace stoop {
namespace {

std::string list_json(const std::string& text) {
  std::vector<std::string> items;
  for (auto piece : split_any(text, ",")) {
    auto item = trim(piece);
    if (!item.empty()) items.emplace_back(item);
  }
  return nlohmann::json(items).dump();
}

// Applies the flags to the user; an error message or "".
std::string apply(const Flags& flags, const Config& config, storage::Store& store, storage::UserRecord& user,
                  std::string& skills_json) {
  if (flags.has("languages")) {
    user.languages_json = list_json(flags.get("languages"));
    for (const auto& language : nlohmann::json::parse(user.languages_json)) {
      bool known = false;
      for (const auto& l : config.languages) known |= l == language.get<std::string>();
      if (!known) return "--languages: \"" + language.get<std::string>() + "\" is not one of the configured languages";
    }
  }
  if (flags.has("topics")) user.topics_json = list_json(flags.get("topics"));
  if (flags.has("neighbourhoods")) user.neighbourhoods_json = list_json(flags.get("neighbourhoods"));
  if (flags.has("skills")) skills_json = list_json(flags.get("skills"));
  if (flags.has("team")) {
    if (flags.get("team").empty()) {
      user.team_id.reset();
    } else {
      auto team = store.users().find_team(flags.get("team"));
      if (!team) return "--team: no team \"" + flags.get("team") + "\"";
      user.team_id = team->id;
    }
  }
  if (flags.has("capacity")) {
    auto text = flags.get("capacity");
    bool digits = !text.empty() && text.size() <= 3;
    for (char c : text) digits &= c >= '0' && c <= '9';
    if (!digits || std::stoi(text) > 100) return "--capacity must be a number from 0 to 100";
    user.capacity = std::stoi(text);
  }
  if (flags.has("on-call")) {
    auto value = to_lower_ascii(flags.get("on-call"));
    if (value != "yes" && value != "no") return "--on-call must be yes or no";
    user.on_call = value == "yes";
  }
  if (flags.has("availability")) {
    auto json = nlohmann::json::parse(flags.get("availability"), nullptr, false);
    auto parsed = json.is_discarded() ? Expected<routing::Availability>(make_error("not JSON"))
                                      : routing::parse_availability(json, "");
    if (!parsed) return "--availability: " + parsed.error() + " (see docs/routing.md)";
    user.availability_json = json.dump();
  }
  if (flags.has("reach-channel") || flags.has("reach-address")) {
    auto channel = config.channel(flags.get("reach-channel"));
    if (!channel) return "--reach-channel: no channel \"" + flags.get("reach-channel") + "\" in the config";
    if (auto problem = check_reach(channel->type, flags.get("reach-address")); !problem.empty()) {
      return "--reach-address " + problem;
    }
    user.reach_channel = channel->id;
    user.reach_address = flags.get("reach-address");
  }
  return "";
}

} // namespace

int run_users_set(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string error;
  auto flags = parse_flags(args, 3,
                           {"config", "email", "languages", "topics", "neighbourhoods", "skills", "team", "capacity",
                            "on-call", "availability", "reach-channel", "reach-address"},
                           error);
  if (!flags) {
    err << "stoop users set: " << error << "\n";
    return 2;
  }
  if (!flags->has("email")) {
    err << "stoop users set: --email is required\n";
    return 2;
  }
  auto config = load_or_complain(*flags, err);
  if (!config) return 2;
  try {
    auto store = storage::open_sqlite_store({config->storage.sqlite, config->storage.synchronous});
    store->begin();
    auto user = store->users().find_by_email(flags->get("email"));
    if (!user) {
      store->rollback();
      err << "stoop users set: no user with email " << flags->get("email") << " (stoop users add first)\n";
      return 1;
    }
    std::string skills_json;
    if (auto problem = apply(*flags, *config, *store, *user, skills_json); !problem.empty()) {
      store->rollback();
      err << "stoop users set: " << problem << "\n";
      return 2;
    }
    store->users().update_profile(*user);
    if (!skills_json.empty()) store->engagement().set_skills(user->id, skills_json);
    storage::AuditRecord entry;
    entry.at = SystemClock().now_ms();
    entry.actor = "cli";
    entry.action = "user.update";
    entry.target_type = "user";
    entry.target_id = std::to_string(user->id);
    store->audit().record(entry);
    store->commit();
    out << "updated " << user->email << " (user " << user->id << ")\n";
    return 0;
  } catch (const std::exception& e) {
    err << "stoop users set: " << e.what() << "\n";
    return 1;
  }
}

} // namespace stoop
