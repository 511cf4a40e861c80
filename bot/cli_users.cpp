#include "bot/cli_users.hpp"

#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bot/auth.hpp"
#include "bot/cli_flags.hpp"
#include "bot/cli_people.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "storage/store.hpp"

namespace stoop {
namespace {

std::unique_ptr<storage::Store> open_store(const Config& config) {
  const auto& path = config.storage.sqlite;
  if (path != ":memory:") {
    auto parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  return storage::open_sqlite_store(storage::SqliteOptions{path, config.storage.synchronous});
}

// One line from stdin, without its line ending.
std::string read_password(std::istream& in) {
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return line;
}

void audit(storage::Store& store, std::string_view action, std::int64_t user_id, const nlohmann::json& details) {
  storage::AuditRecord entry;
  entry.at = SystemClock().now_ms();
  entry.actor = "cli";
  entry.action = action;
  entry.target_type = "user";
  entry.target_id = std::to_string(user_id);
  entry.details_json = details.dump();
  store.audit().record(entry);
}

int add_user(const Flags& flags, const Config& config, std::istream& in, std::ostream& out, std::ostream& err) {
  for (const char* name : {"email", "name", "role"}) {
    if (!flags.has(name)) {
      err << "stoop users add: --" << name << " is required\n";
      return 2;
    }
  }
  auto email = flags.get("email");
  if (auto problem = auth::check_email(email); !problem.empty()) {
    err << "stoop users add: --email " << problem << "\n";
    return 2;
  }
  if (!auth::parse_role(flags.get("role"))) {
    err << "stoop users add: --role must be admin, staff or student\n";
    return 2;
  }
  auto name = flags.get("name");
  if (name.empty() || name.size() > 120) {
    err << "stoop users add: --name must be 1 to 120 characters\n";
    return 2;
  }
  auto password = read_password(in);
  if (auto problem = auth::check_password(password, config.auth); !problem.empty()) {
    err << "stoop users add: the password (read from stdin) " << problem << "\n";
    return 1;
  }
  auto store = open_store(config);
  store->begin();
  if (store->users().find_by_email(email)) {
    store->rollback();
    err << "stoop users add: a user with email " << email << " exists\n";
    return 1;
  }
  storage::UserRecord user;
  user.email = email;
  user.name = name;
  user.role = flags.get("role");
  user.password_hash = hash_password(password, config.auth.pbkdf2_iterations);
  user.created_at = SystemClock().now_ms();
  user = store->users().create(user);
  audit(*store, "user.create", user.id, {{"role", user.role}});
  store->commit();
  out << "created " << user.role << " " << user.email << " (user " << user.id << ")\n";
  return 0;
}

int set_password(const Flags& flags, const Config& config, std::istream& in, std::ostream& out, std::ostream& err) {
  if (!flags.has("email")) {
    err << "stoop users password: --email is required\n";
    return 2;
  }
  auto password = read_password(in);
  if (auto problem = auth::check_password(password, config.auth); !problem.empty()) {
    err << "stoop users password: the password (read from stdin) " << problem << "\n";
    return 1;
  }
  auto store = open_store(config);
  store->begin();
  auto user = store->users().find_by_email(flags.get("email"));
  if (!user) {
    store->rollback();
    err << "stoop users password: no user with email " << flags.get("email") << "\n";
    return 1;
  }
  store->users().set_password_hash(user->id, hash_password(password, config.auth.pbkdf2_iterations));
  store->web_sessions().erase_for_user(user->id);
  audit(*store, "user.password_changed", user->id, nlohmann::json::object());
  store->commit();
  out << "set a new password for " << user->email << "; their sessions were signed out\n";
  return 0;
}

int list_users(const Config& config, std::ostream& out) {
  auto store = open_store(config);
  auto users = store->users().list();
  auto teams = store->users().teams();
  auto now = SystemClock().now_ms();
  out << std::left << std::setw(6) << "ID" << std::setw(9) << "ROLE" << std::setw(32) << "EMAIL" << std::setw(24)
      << "NAME" << std::setw(16) << "TEAM"
      << "STATE\n";
  for (const auto& u : users) {
    std::string team;
    for (const auto& t : teams) {
      if (u.team_id && t.id == *u.team_id) team = t.name;
    }
    std::string state = u.disabled                                  ? "disabled"
                        : (u.locked_until && *u.locked_until > now) ? "locked"
                        : u.password_hash.empty()                   ? "text only"
                                                                    : "active";
    out << std::left << std::setw(6) << u.id << std::setw(9) << u.role << std::setw(32) << u.email << std::setw(24)
        << u.name << std::setw(16) << team << state << "\n";
  }
  if (users.empty()) out << "(no users yet: stoop users add --config FILE --email E --name N --role admin)\n";
  return 0;
}

} // namespace

int run_users_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
  if (args.size() < 3) {
    err << "stoop users: expected add, list, password or set (try stoop --help)\n";
    return 2;
  }
  const auto& action = args[2];
  if (action == "set") return run_users_set(args, out, err);
  std::vector<std::string> known{"config"};
  if (action == "add")
    known = {"config", "email", "name", "role"};
  else if (action == "password")
    known = {"config", "email"};
  else if (action != "list") {
    err << "stoop users: unknown action \"" << action << "\" (expected add, list, password or set)\n";
    return 2;
  }
  std::string error;
  auto flags = parse_flags(args, 3, known, error);
  if (!flags) {
    err << "stoop users " << action << ": " << error << "\n";
    return 2;
  }
  if (!flags->positional.empty()) {
    err << "stoop users " << action << ": unexpected argument " << flags->positional[0] << "\n";
    return 2;
  }
  auto config = load_or_complain(*flags, err);
  if (!config) return 2;
  try {
    if (action == "add") return add_user(*flags, *config, in, out, err);
    if (action == "password") return set_password(*flags, *config, in, out, err);
    return list_users(*config, out);
  } catch (const std::exception& e) {
    err << "stoop users " << action << ": " << e.what() << "\n";
    return 1;
  }
}

} // namespace stoop
