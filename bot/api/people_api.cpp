// /api/users and /api/teams: admins manage accounts and teams (the same
// people routing offers requests to); staff read the lists for assigning.
#include "bot/api/areas.hpp"
#include "bot/api/input.hpp"
#include "bot/api/views.hpp"
#include "bot/blocking_worker.hpp"
#include "bot/live_hub.hpp"
#include "bot/store_thread.hpp"
#include "core/crypto.hpp"

namespace stoop::api {
namespace {

struct UserInput {
  std::optional<std::string> email;
  std::optional<std::string> name;
  std::optional<std::string> role;
  std::optional<std::string> password;
  Patch<std::int64_t> team_id;
  std::optional<std::vector<std::string>> languages;
  std::optional<std::vector<std::string>> topics;
  std::optional<std::vector<std::string>> neighbourhoods;
  std::optional<std::int64_t> capacity;
  std::optional<std::string> availability;
  std::optional<bool> on_call;
  std::optional<bool> away;
  std::optional<std::string> reach_channel;
  std::optional<std::string> reach_address;
  std::optional<bool> disabled;
};

Expected<UserInput> read_user(const HttpRequest& request, const Config& config, bool creating) {
  auto body = parse_json_body(request);
  if (!body) return make_error(body.error());
  BodyReader reader(*body);
  UserInput in;
  in.email = reader.text("email", TextRule{3, 254, false}, creating);
  in.name = reader.text("name", TextRule{1, 120, false}, creating);
  in.role = reader.text("role", TextRule{1, 16, false}, creating);
  in.password = reader.secret("password", 1024);
  in.team_id = reader.nullable_id("team_id");
  in.languages = reader.text_list("languages", TextRule{1, 16, false}, 10);
  in.topics = reader.text_list("topics", TextRule{1, 60, false}, 30);
  in.neighbourhoods = reader.text_list("neighbourhoods", TextRule{1, 60, false}, 30);
  in.capacity = reader.integer("capacity", 0, 100);
  in.availability = reader.object("availability");
  in.on_call = reader.boolean("on_call");
  in.away = reader.boolean("away");
  in.reach_channel = reader.text("reach_channel", TextRule{0, 32, false});
  in.reach_address = reader.text("reach_address", TextRule{0, 64, false});
  if (!creating) in.disabled = reader.boolean("disabled");
  reader.finish();
  if (!reader.ok()) return make_error(reader.error());
  if (in.email) {
    if (auto problem = auth::check_email(*in.email); !problem.empty()) return make_error("\"email\" " + problem);
  }
  if (in.role && !auth::parse_role(*in.role)) return make_error("\"role\" must be admin, staff or student");
  if (in.password) {
    if (auto problem = auth::check_password(*in.password, config.auth); !problem.empty()) {
      return make_error("\"password\" " + problem);
    }
  }
  if (in.reach_channel && !in.reach_channel->empty() && !config.channel(*in.reach_channel)) {
    return make_error("\"reach_channel\" names no configured channel");
  }
  return in;
}

// Copies what was sent; returns the names of the fields that changed, for the audit row.
std::vector<std::string> apply_input(const UserInput& in, storage::UserRecord& u) {
  std::vector<std::string> changed;
  auto set = [&changed](const char* name, auto& field, const auto& value) {
    if (field != value) changed.emplace_back(name);
    field = value;
  };
  if (in.email) set("email", u.email, *in.email);
  if (in.name) set("name", u.name, *in.name);
  if (in.role) set("role", u.role, *in.role);
  if (in.team_id.present) set("team_id", u.team_id, in.team_id.value);
  if (in.languages) set("languages", u.languages_json, nlohmann::json(*in.languages).dump());
  if (in.topics) set("topics", u.topics_json, nlohmann::json(*in.topics).dump());
  if (in.neighbourhoods) set("neighbourhoods", u.neighbourhoods_json, nlohmann::json(*in.neighbourhoods).dump());
  if (in.capacity) set("capacity", u.capacity, static_cast<int>(*in.capacity));
  if (in.availability) set("availability", u.availability_json, *in.availability);
  if (in.on_call) set("on_call", u.on_call, *in.on_call);
  if (in.away) set("away", u.away, *in.away);
  if (in.reach_channel) set("reach_channel", u.reach_channel, *in.reach_channel);
  if (in.reach_address) set("reach_address", u.reach_address, *in.reach_address);
  if (in.disabled) set("disabled", u.disabled, *in.disabled);
  return changed;
}

bool is_active_admin(const storage::UserRecord& u) { return u.role == "admin" && !u.disabled; }

int active_admins(storage::Store& s) {
  int count = 0;
  for (const auto& u : s.users().list()) count += is_active_admin(u);
  return count;
}

struct TeamInput {
  std::optional<std::string> name;
  std::optional<std::string> description;
};

Expected<TeamInput> read_team(const HttpRequest& request, bool creating) {
  auto body = parse_json_body(request);
  if (!body) return make_error(body.error());
  BodyReader reader(*body);
  TeamInput in;
  in.name = reader.text("name", TextRule{1, 80, false}, creating);
  in.description = reader.text("description", TextRule{0, 500, true});
  reader.finish();
  if (!reader.ok()) return make_error(reader.error());
  return in;
}

} // namespace

void PeopleApi::add_routes(Router& r) {
  r.add("GET", "/api/users", Permission::read_people, [this](ApiCall& c) { return list_users(c); });
  r.add("GET", "/api/users/{id}", Permission::signed_in, [this](ApiCall& c) { return user_detail(c); });
  r.add("POST", "/api/users", Permission::manage_people, [this](ApiCall& c) { return create_user(c); });
  r.add("PATCH", "/api/users/{id}", Permission::manage_people, [this](ApiCall& c) { return update_user(c); });
  r.add("GET", "/api/teams", Permission::read_people, [this](ApiCall& c) { return list_teams(c); });
  r.add("POST", "/api/teams", Permission::manage_people, [this](ApiCall& c) { return create_team(c); });
  r.add("PATCH", "/api/teams/{id}", Permission::manage_people, [this](ApiCall& c) { return update_team(c); });
}

awaitable<HttpResponse> PeopleApi::list_users(ApiCall& call) {
  auto fetch = [](storage::Store& s) { return s.users().list(); };
  auto users = co_await services_.store.read(std::move(fetch));
  bool full = call.role == auth::Role::admin;
  auto rows = nlohmann::json::array();
  for (const auto& u : users) rows.push_back(user_json(u, full, call.now));
  co_return json_reply(200, {{"users", rows}});
}

awaitable<HttpResponse> PeopleApi::user_detail(ApiCall& call) {
  auto id = call.id();
  bool self = id == call.user.id;
  if (!self && !allows(call.role, Permission::read_people)) co_return error_reply(403, "your role may not do this");
  auto fetch = [id](storage::Store& s) { return s.users().get(id); };
  auto user = co_await services_.store.read(std::move(fetch));
  if (!user) co_return error_reply(404, "no such user");
  co_return json_reply(200, {{"user", user_json(*user, self || call.role == auth::Role::admin, call.now)}});
}

awaitable<std::string> PeopleApi::hash_new_password(const std::optional<std::string>& password) {
  if (!password) co_return std::string();
  auto make_hash = [password = *password, iterations = services_.config.auth.pbkdf2_iterations] {
    return hash_password(password, iterations);
  };
  co_return co_await services_.worker.run(std::move(make_hash));
}

awaitable<HttpResponse> PeopleApi::create_user(ApiCall& call) {
  auto input = read_user(call.request, services_.config, true);
  if (!input) co_return error_reply(400, input.error());
  auto hash = co_await hash_new_password(input->password);
  auto actor = call.actor();
  auto create = [in = *input, hash, actor](storage::Store& s) {
    if (s.users().find_by_email(*in.email)) return error_reply(409, "a user with that email exists");
    if (in.team_id.value && !s.users().team(*in.team_id.value)) return error_reply(400, "\"team_id\" names no team");
    storage::UserRecord user;
    apply_input(in, user);
    user.password_hash = hash;
    user.created_at = actor.now;
    user = s.users().create(user);
    actor.record(s, "user.create", "user", std::to_string(user.id), {{"role", user.role}});
    return json_reply(201, {{"user", user_json(user, true, actor.now)}});
  };
  co_return co_await services_.store.write(std::move(create));
}

awaitable<HttpResponse> PeopleApi::update_user(ApiCall& call) {
  auto input = read_user(call.request, services_.config, false);
  if (!input) co_return error_reply(400, input.error());
  auto hash = co_await hash_new_password(input->password);
  auto id = call.id();
  auto actor = call.actor();
  auto update = [id, in = *input, hash, actor](storage::Store& s) {
    auto user = s.users().get(id);
    if (!user) return error_reply(404, "no such user");
    if (in.email && *in.email != user->email) {
      if (auto other = s.users().find_by_email(*in.email); other && other->id != id) {
        return error_reply(409, "a user with that email exists");
      }
    }
    if (in.team_id.value && !s.users().team(*in.team_id.value)) return error_reply(400, "\"team_id\" names no team");
    bool was_admin = is_active_admin(*user);
    auto changed = apply_input(in, *user);
    if (was_admin && !is_active_admin(*user) && active_admins(s) <= 1) {
      return error_reply(409, "this is the last active admin; make someone else admin first");
    }
    s.users().update_profile(*user);
    if (!hash.empty()) {
      s.users().set_password_hash(id, hash); // also lifts a lock-out
      changed.emplace_back("password");
    }
    if (user->disabled || !hash.empty()) s.web_sessions().erase_for_user(id);
    actor.record(s, "user.update", "user", std::to_string(id), {{"changed", changed}});
    return json_reply(200, {{"user", user_json(*user, true, actor.now)}, {"signed_out", user->disabled}});
  };
  auto response = co_await services_.store.write(std::move(update));
  bool blocked = response.status < 300 && (input->disabled.value_or(false) || input->password);
  if (blocked && on_user_blocked_) on_user_blocked_(id);
  co_return response;
}

awaitable<HttpResponse> PeopleApi::list_teams(ApiCall&) {
  auto fetch = [](storage::Store& s) { return s.users().teams(); };
  auto teams = co_await services_.store.read(std::move(fetch));
  auto rows = nlohmann::json::array();
  for (const auto& t : teams) rows.push_back(team_json(t));
  co_return json_reply(200, {{"teams", rows}});
}

awaitable<HttpResponse> PeopleApi::create_team(ApiCall& call) {
  auto input = read_team(call.request, true);
  if (!input) co_return error_reply(400, input.error());
  auto actor = call.actor();
  auto create = [in = *input, actor](storage::Store& s) {
    if (s.users().find_team(*in.name)) return error_reply(409, "a team with that name exists");
    storage::TeamRecord team;
    team.name = *in.name;
    team.description = in.description.value_or("");
    team.created_at = actor.now;
    team = s.users().create_team(team);
    actor.record(s, "team.create", "team", std::to_string(team.id));
    return json_reply(201, {{"team", team_json(team)}});
  };
  co_return co_await services_.store.write(std::move(create));
}

awaitable<HttpResponse> PeopleApi::update_team(ApiCall& call) {
  auto input = read_team(call.request, false);
  if (!input) co_return error_reply(400, input.error());
  auto id = call.id();
  auto actor = call.actor();
  auto update = [id, in = *input, actor](storage::Store& s) {
    auto team = s.users().team(id);
    if (!team) return error_reply(404, "no such team");
    if (in.name && *in.name != team->name) {
      if (auto other = s.users().find_team(*in.name); other && other->id != id) {
        return error_reply(409, "a team with that name exists");
      }
      team->name = *in.name;
    }
    if (in.description) team->description = *in.description;
    s.users().update_team(*team);
    actor.record(s, "team.update", "team", std::to_string(id));
    return json_reply(200, {{"team", team_json(*team)}});
  };
  co_return co_await services_.store.write(std::move(update));
}

} // namespace stoop::api
