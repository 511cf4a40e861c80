#include "storage/sqlite/dashboard_repositories.hpp"

namespace stoop::storage {
namespace {

constexpr const char* user_select =
    "SELECT id, email, name, role, password_hash, languages, topics, neighbourhoods, team_id, capacity, "
    "availability, on_call, away, reach_channel, reach_address, failed_signins, locked_until, created_at, "
    "disabled FROM users ";

UserRecord read_user(Query& q) {
  UserRecord u;
  u.id = q.int64(0);
  u.email = q.text(1);
  u.name = q.text(2);
  u.role = q.text(3);
  u.password_hash = q.text(4);
  u.languages_json = q.text(5);
  u.topics_json = q.text(6);
  u.neighbourhoods_json = q.text(7);
  u.team_id = q.optional_int64(8);
  u.capacity = q.integer(9);
  u.availability_json = q.text(10);
  u.on_call = q.integer(11) != 0;
  u.away = q.integer(12) != 0;
  u.reach_channel = q.text(13);
  u.reach_address = q.text(14);
  u.failed_signins = q.integer(15);
  u.locked_until = q.optional_int64(16);
  u.created_at = q.int64(17);
  u.disabled = q.integer(18) != 0;
  return u;
}

TeamRecord read_team(Query& q) { return TeamRecord{q.int64(0), q.text(1), q.text(2), q.int64(3)}; }

} // namespace

UserRecord SqliteUsers::create(UserRecord u) {
  auto q = db_.query(
      "INSERT INTO users (email, name, role, password_hash, languages, topics, neighbourhoods, team_id, capacity, "
      "availability, on_call, away, reach_channel, reach_address, created_at, disabled) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(u.email, u.name, u.role, u.password_hash, u.languages_json, u.topics_json, u.neighbourhoods_json, u.team_id,
         u.capacity, u.availability_json, u.on_call, u.away, u.reach_channel, u.reach_address, u.created_at,
         u.disabled);
  q.run();
  u.id = db_.last_insert_id();
  return u;
}

std::optional<UserRecord> SqliteUsers::get(std::int64_t id) {
  static const std::string sql = std::string(user_select) + "WHERE id = ?";
  auto q = db_.query(sql);
  q.bind(id);
  if (!q.step()) return std::nullopt;
  return read_user(q);
}

std::optional<UserRecord> SqliteUsers::find_by_email(std::string_view email) {
  static const std::string sql = std::string(user_select) + "WHERE email = ?"; // the column is COLLATE NOCASE
  auto q = db_.query(sql);
  q.bind(email);
  if (!q.step()) return std::nullopt;
  return read_user(q);
}

std::vector<UserRecord> SqliteUsers::list() {
  static const std::string sql = std::string(user_select) + "ORDER BY disabled, name COLLATE NOCASE, id";
  auto q = db_.query(sql);
  std::vector<UserRecord> out;
  while (q.step()) out.push_back(read_user(q));
  return out;
}

void SqliteUsers::update_profile(const UserRecord& u) {
  auto q = db_.query(
      "UPDATE users SET email = ?, name = ?, role = ?, languages = ?, topics = ?, neighbourhoods = ?, team_id = ?, "
      "capacity = ?, availability = ?, on_call = ?, away = ?, reach_channel = ?, reach_address = ?, disabled = ? "
      "WHERE id = ?");
  q.bind(u.email, u.name, u.role, u.languages_json, u.topics_json, u.neighbourhoods_json, u.team_id, u.capacity,
         u.availability_json, u.on_call, u.away, u.reach_channel, u.reach_address, u.disabled, u.id);
  q.run();
}

void SqliteUsers::set_password_hash(std::int64_t user_id, std::string_view hash) {
  db_.query("UPDATE users SET password_hash = ?, failed_signins = 0, locked_until = NULL WHERE id = ?")
      .bind(hash, user_id)
      .run();
}

int SqliteUsers::record_failed_signin(std::int64_t user_id, int max_failures, std::int64_t now, std::int64_t lock_ms) {
  db_.query("UPDATE users SET failed_signins = failed_signins + 1 WHERE id = ?").bind(user_id).run();
  auto q = db_.query("SELECT failed_signins FROM users WHERE id = ?");
  q.bind(user_id);
  int failures = q.step() ? q.integer(0) : 0;
  if (failures >= max_failures) {
    // Locked: the counter starts again, so after the lock-out one more run of failures locks again.
    db_.query("UPDATE users SET locked_until = ?, failed_signins = 0 WHERE id = ?").bind(now + lock_ms, user_id).run();
  }
  return failures;
}

void SqliteUsers::clear_failed_signins(std::int64_t user_id) {
  db_.query("UPDATE users SET failed_signins = 0, locked_until = NULL WHERE id = ?").bind(user_id).run();
}

TeamRecord SqliteUsers::create_team(TeamRecord team) {
  db_.query("INSERT INTO teams (name, description, created_at) VALUES (?, ?, ?)")
      .bind(team.name, team.description, team.created_at)
      .run();
  team.id = db_.last_insert_id();
  return team;
}

std::optional<TeamRecord> SqliteUsers::team(std::int64_t id) {
  auto q = db_.query("SELECT id, name, description, created_at FROM teams WHERE id = ?");
  q.bind(id);
  if (!q.step()) return std::nullopt;
  return read_team(q);
}

std::optional<TeamRecord> SqliteUsers::find_team(std::string_view name) {
  auto q = db_.query("SELECT id, name, description, created_at FROM teams WHERE name = ?");
  q.bind(name);
  if (!q.step()) return std::nullopt;
  return read_team(q);
}

std::vector<TeamRecord> SqliteUsers::teams() {
  auto q = db_.query("SELECT id, name, description, created_at FROM teams ORDER BY name COLLATE NOCASE");
  std::vector<TeamRecord> out;
  while (q.step()) out.push_back(read_team(q));
  return out;
}

void SqliteUsers::update_team(const TeamRecord& team) {
  db_.query("UPDATE teams SET name = ?, description = ? WHERE id = ?").bind(team.name, team.description, team.id).run();
}

void SqliteWebSessions::create(const WebSessionRecord& s) {
  db_.query(
         "INSERT INTO web_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) "
         "VALUES (?, ?, ?, ?, ?, ?)")
      .bind(s.token_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at)
      .run();
}

std::optional<WebSessionRecord> SqliteWebSessions::find(std::string_view token_hash) {
  auto q = db_.query(
      "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at FROM web_sessions "
      "WHERE token_hash = ?");
  q.bind(token_hash);
  if (!q.step()) return std::nullopt;
  return WebSessionRecord{q.text(0), q.int64(1), q.text(2), q.int64(3), q.int64(4), q.int64(5)};
}

void SqliteWebSessions::touch(std::string_view token_hash, std::int64_t last_seen_at, std::int64_t expires_at) {
  db_.query("UPDATE web_sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?")
      .bind(last_seen_at, expires_at, token_hash)
      .run();
}

void SqliteWebSessions::erase(std::string_view token_hash) {
  db_.query("DELETE FROM web_sessions WHERE token_hash = ?").bind(token_hash).run();
}

int SqliteWebSessions::erase_for_user(std::int64_t user_id) {
  return db_.query("DELETE FROM web_sessions WHERE user_id = ?").bind(user_id).run();
}

int SqliteWebSessions::erase_expired(std::int64_t now) {
  return db_.query("DELETE FROM web_sessions WHERE expires_at <= ?").bind(now).run();
}

} // namespace stoop::storage
