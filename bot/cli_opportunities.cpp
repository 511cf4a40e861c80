#include "bot/cli_opportunities.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>

#include "bot/cli_flags.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "routing/time_zone.hpp"
#include "storage/store.hpp"

namespace stoop {
namespace {

std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> out;
  for (auto piece : split_any(text, ",")) {
    auto item = trim(piece);
    if (!item.empty()) out.emplace_back(item);
  }
  return out;
}

struct Input {
  storage::OpportunityRecord opportunity;
  std::string team;
};

// Checks the flags; an error message or "".
std::string read_input(const Flags& flags, const Config& config, Input& in) {
  auto zone = routing::find_time_zone(config.routing.time_zone).value_or(routing::TimeZone{});
  auto& o = in.opportunity;
  o.title = std::string(trim(flags.get("title")));
  if (o.title.empty() || o.title.size() > 200) return "--title must be 1 to 200 characters";
  auto starts = routing::parse_local_date_time(flags.get("starts"), zone);
  if (!starts) return "--starts must be a local time like 2026-03-14T10:00 (" + config.routing.time_zone + ")";
  o.starts_at = *starts;
  if (flags.has("ends")) {
    auto ends = routing::parse_local_date_time(flags.get("ends"), zone);
    if (!ends || *ends <= *starts) return "--ends must be a local time after --starts";
    o.ends_at = *ends;
  }
  const auto slots = flags.get("slots");
  bool digits = !slots.empty() && slots.size() <= 4;
  for (char c : slots) digits &= c >= '0' && c <= '9';
  if (!digits || std::stoi(slots) < 1) return "--slots must be a number of places, 1 or more";
  o.slots = std::stoi(slots);
  o.location = flags.get("location");
  o.description = flags.get("description");
  auto languages = comma_list(flags.get("languages"));
  for (const auto& language : languages) {
    bool known = false;
    for (const auto& l : config.languages) known |= l == language;
    if (!known) return "--languages: \"" + language + "\" is not one of the configured languages";
  }
  o.languages_json = nlohmann::json(languages).dump();
  o.skills_json = nlohmann::json(comma_list(flags.get("skills"))).dump();
  in.team = flags.get("team");
  return "";
}

int add(const Flags& flags, const Config& config, std::ostream& out, std::ostream& err) {
  for (const char* name : {"title", "starts", "slots"}) {
    if (!flags.has(name)) {
      err << "stoop opportunities add: --" << name << " is required\n";
      return 2;
    }
  }
  Input in;
  if (auto problem = read_input(flags, config, in); !problem.empty()) {
    err << "stoop opportunities add: " << problem << "\n";
    return 2;
  }
  auto store = storage::open_sqlite_store({config.storage.sqlite, config.storage.synchronous});
  store->begin();
  if (!in.team.empty()) {
    auto team = store->users().find_team(in.team);
    if (!team) {
      store->rollback();
      err << "stoop opportunities add: no team \"" << in.team << "\"\n";
      return 1;
    }
    in.opportunity.team_id = team->id;
  }
  auto now = SystemClock().now_ms();
  in.opportunity.created_at = now;
  in.opportunity.updated_at = now;
  // The database arms the prompt: a running bot texts the students it suits.
  auto created = store->opportunities().create(in.opportunity);
  storage::AuditRecord entry;
  entry.at = now;
  entry.actor = "cli";
  entry.action = "opportunity.create";
  entry.target_type = "opportunity";
  entry.target_id = std::to_string(created.id);
  store->audit().record(entry);
  store->commit();
  auto zone = routing::find_time_zone(config.routing.time_zone).value_or(routing::TimeZone{});
  out << "added opportunity " << created.id << ": " << created.title << ", "
      << routing::format_day_time(created.starts_at, zone) << ", " << created.slots << " places\n";
  return 0;
}

int list(const Config& config, std::ostream& out) {
  auto store = storage::open_sqlite_store({config.storage.sqlite, config.storage.synchronous, true});
  auto zone = routing::find_time_zone(config.routing.time_zone).value_or(routing::TimeZone{});
  storage::OpportunityFilter filter;
  for (const auto& o : store->opportunities().list(filter)) {
    int confirmed = 0;
    int waiting = 0;
    for (const auto& s : store->engagement().signups(o.id)) {
      confirmed += s.status == "confirmed";
      waiting += s.status == "waitlisted";
    }
    out << o.id << "\t" << routing::format_day_time(o.starts_at, zone) << "\t" << o.status << "\t" << confirmed << "/"
        << o.slots << " confirmed, " << waiting << " waiting\t" << o.title << "\n";
  }
  return 0;
}

} // namespace

int run_opportunities_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.size() < 3 || (args[2] != "add" && args[2] != "list")) {
    err << "stoop opportunities: expected \"add\" or \"list\" (try stoop --help)\n";
    return 2;
  }
  std::string error;
  auto flags = parse_flags(args, 3,
                           {"config", "title", "starts", "ends", "slots", "location", "description", "languages",
                            "skills", "team"},
                           error);
  if (!flags) {
    err << "stoop opportunities " << args[2] << ": " << error << "\n";
    return 2;
  }
  if (!flags->positional.empty()) {
    err << "stoop opportunities " << args[2] << ": unexpected argument " << flags->positional[0] << "\n";
    return 2;
  }
  auto config = load_or_complain(*flags, err);
  if (!config) return 2;
  try {
    return args[2] == "add" ? add(*flags, *config, out, err) : list(*config, out);
  } catch (const std::exception& e) {
    err << "stoop opportunities " << args[2] << ": " << e.what() << "\n";
    return 1;
  }
}

} // namespace stoop
