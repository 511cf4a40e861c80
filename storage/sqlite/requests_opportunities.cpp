#include "storage/sqlite/dashboard_repositories.hpp"

namespace stoop::storage {
namespace {

constexpr const char* request_select =
    "SELECT r.id, r.contact_id, r.kind, r.topic, r.urgency, r.details, r.best_time, r.language, r.neighbourhood, "
    "r.status, r.assignee_id, COALESCE(u.name, ''), r.team_id, r.created_at, r.updated_at "
    "FROM requests r LEFT JOIN users u ON u.id = r.assignee_id ";

RequestRecord read_request(Query& q) {
  RequestRecord r;
  r.id = q.int64(0);
  r.contact_id = q.optional_int64(1);
  r.kind = q.text(2);
  r.topic = q.text(3);
  r.urgency = q.text(4);
  r.details = q.text(5);
  r.best_time = q.text(6);
  r.language = q.text(7);
  r.neighbourhood = q.text(8);
  r.status = q.text(9);
  r.assignee_id = q.optional_int64(10);
  r.assignee_name = q.text(11);
  r.team_id = q.optional_int64(12);
  r.created_at = q.int64(13);
  r.updated_at = q.int64(14);
  return r;
}

constexpr const char* opportunity_select =
    "SELECT id, title, description, location, starts_at, ends_at, slots, languages, skills, team_id, status, "
    "created_by, created_at, updated_at FROM opportunities ";

OpportunityRecord read_opportunity(Query& q) {
  OpportunityRecord o;
  o.id = q.int64(0);
  o.title = q.text(1);
  o.description = q.text(2);
  o.location = q.text(3);
  o.starts_at = q.int64(4);
  o.ends_at = q.optional_int64(5);
  o.slots = q.integer(6);
  o.languages_json = q.text(7);
  o.skills_json = q.text(8);
  o.team_id = q.optional_int64(9);
  o.status = q.text(10);
  o.created_by = q.optional_int64(11);
  o.created_at = q.int64(12);
  o.updated_at = q.int64(13);
  return o;
}

} // namespace

std::vector<RequestRecord> SqliteRequests::list(const RequestFilter& f) {
  static const std::string sql = std::string(request_select) +
                                 "WHERE (?1 = '' OR r.status = ?1) AND (?2 IS NULL OR r.assignee_id = ?2) "
                                 "AND (?3 IS NULL OR r.team_id = ?3) AND (?4 IS NULL OR r.contact_id = ?4) "
                                 "AND (?5 IS NULL OR r.id < ?5) ORDER BY r.id DESC LIMIT ?6";
  auto q = db_.query(sql);
  q.bind(f.status, f.assignee_id, f.team_id, f.contact_id, f.before_id, f.limit);
  std::vector<RequestRecord> out;
  while (q.step()) out.push_back(read_request(q));
  return out;
}

std::optional<RequestRecord> SqliteRequests::get(std::int64_t id) {
  static const std::string sql = std::string(request_select) + "WHERE r.id = ?";
  auto q = db_.query(sql);
  q.bind(id);
  if (!q.step()) return std::nullopt;
  return read_request(q);
}

OpportunityRecord SqliteOpportunities::create(OpportunityRecord o) {
  auto q = db_.query(
      "INSERT INTO opportunities (title, description, location, starts_at, ends_at, slots, languages, skills, team_id, "
      "status, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(o.title, o.description, o.location, o.starts_at, o.ends_at, o.slots, o.languages_json, o.skills_json,
         o.team_id, o.status, o.created_by, o.created_at, o.updated_at);
  q.run();
  o.id = db_.last_insert_id();
  return o;
}

std::optional<OpportunityRecord> SqliteOpportunities::get(std::int64_t id) {
  static const std::string sql = std::string(opportunity_select) + "WHERE id = ?";
  auto q = db_.query(sql);
  q.bind(id);
  if (!q.step()) return std::nullopt;
  return read_opportunity(q);
}

void SqliteOpportunities::update(const OpportunityRecord& o) {
  auto q = db_.query(
      "UPDATE opportunities SET title = ?, description = ?, location = ?, starts_at = ?, ends_at = ?, "
      "slots = ?, languages = ?, skills = ?, team_id = ?, status = ?, updated_at = ? WHERE id = ?");
  q.bind(o.title, o.description, o.location, o.starts_at, o.ends_at, o.slots, o.languages_json, o.skills_json,
         o.team_id, o.status, o.updated_at, o.id);
  q.run();
}

std::vector<OpportunityRecord> SqliteOpportunities::list(const OpportunityFilter& f) {
  static const std::string sql = std::string(opportunity_select) +
                                 "WHERE (?1 = '' OR status = ?1) AND (?2 = 0 OR team_id IS NULL OR team_id = ?3) "
                                 "AND (?2 = 0 OR status != 'cancelled') ORDER BY starts_at DESC, id DESC LIMIT ?4";
  auto q = db_.query(sql);
  q.bind(f.status, f.for_student ? 1 : 0, f.visible_to_team, f.limit);
  std::vector<OpportunityRecord> out;
  while (q.step()) out.push_back(read_opportunity(q));
  return out;
}

std::int64_t SqliteAudit::record(const AuditRecord& e) {
  db_.query(
         "INSERT INTO audit_log (at, actor_user_id, actor, action, target_type, target_id, details, remote_address) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(e.at, e.actor_user_id, e.actor, e.action, e.target_type, e.target_id, e.details_json, e.remote_address)
      .run();
  return db_.last_insert_id();
}

std::vector<AuditRecord> SqliteAudit::list(const AuditFilter& f) {
  auto q = db_.query(
      "SELECT a.id, a.at, a.actor_user_id, a.actor, COALESCE(u.name, ''), a.action, a.target_type, a.target_id, "
      "a.details, a.remote_address FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id "
      "WHERE (?1 IS NULL OR a.actor_user_id = ?1) AND (?2 = '' OR substr(a.action, 1, length(?2)) = ?2) "
      "AND (?3 = '' OR a.target_type = ?3) AND (?4 = '' OR a.target_id = ?4) AND (?5 IS NULL OR a.id < ?5) "
      "ORDER BY a.id DESC LIMIT ?6");
  q.bind(f.actor_user_id, f.action_prefix, f.target_type, f.target_id, f.before_id, f.limit);
  std::vector<AuditRecord> out;
  while (q.step()) {
    AuditRecord a;
    a.id = q.int64(0);
    a.at = q.int64(1);
    a.actor_user_id = q.optional_int64(2);
    a.actor = q.text(3);
    a.actor_name = q.text(4);
    a.action = q.text(5);
    a.target_type = q.text(6);
    a.target_id = q.text(7);
    a.details_json = q.text(8);
    a.remote_address = q.text(9);
    out.push_back(std::move(a));
  }
  return out;
}

} // namespace stoop::storage
