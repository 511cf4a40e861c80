#include "storage/sqlite/routing_repositories.hpp"

namespace stoop::storage {

std::int64_t SqliteRequestWork::add_event(const RequestEventRecord& e) {
  db_.query("INSERT INTO request_events (request_id, at, actor, action, status, user_id, details) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(e.request_id, e.at, e.actor, e.action, e.status, e.user_id, e.details_json)
      .run();
  return db_.last_insert_id();
}

std::vector<RequestEventRecord> SqliteRequestWork::events(std::int64_t request_id) {
  auto q = db_.query("SELECT id, request_id, at, actor, action, status, user_id, details FROM request_events "
                     "WHERE request_id = ? ORDER BY id");
  q.bind(request_id);
  std::vector<RequestEventRecord> out;
  while (q.step()) {
    out.push_back(RequestEventRecord{q.int64(0), q.int64(1), q.int64(2), q.text(3), q.text(4), q.text(5),
                                     q.optional_int64(6), q.text(7)});
  }
  return out;
}

void SqliteRequestWork::set_state(std::int64_t request_id, std::string_view status,
                                  std::optional<std::int64_t> assignee_id, std::optional<std::int64_t> team_id,
                                  std::int64_t now) {
  db_.query("UPDATE requests SET status = ?, assignee_id = ?, team_id = ?, updated_at = ? WHERE id = ?")
      .bind(status, assignee_id, team_id, now, request_id)
      .run();
}

std::int64_t SqliteRequestWork::add_offer(std::int64_t request_id, std::int64_t user_id, std::int64_t now,
                                          std::int64_t expires_at) {
  db_.query("INSERT INTO request_offers (request_id, user_id, offered_at, expires_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (request_id, user_id) DO UPDATE SET offered_at = excluded.offered_at, "
            "expires_at = excluded.expires_at, outcome = 'pending', answered_at = NULL")
      .bind(request_id, user_id, now, expires_at)
      .run();
  auto q = db_.query("SELECT id FROM request_offers WHERE request_id = ? AND user_id = ?");
  q.bind(request_id, user_id);
  return q.step() ? q.int64(0) : 0;
}

std::vector<OfferRecord> SqliteRequestWork::read_offers(Query& q) {
  std::vector<OfferRecord> out;
  while (q.step()) {
    out.push_back(OfferRecord{q.int64(0), q.int64(1), q.int64(2), q.int64(3), q.int64(4), q.text(5),
                              q.optional_int64(6)});
  }
  return out;
}

std::optional<OfferRecord> SqliteRequestWork::pending_offer(std::int64_t request_id) {
  auto q = db_.query("SELECT id, request_id, user_id, offered_at, expires_at, outcome, answered_at "
                     "FROM request_offers WHERE request_id = ? AND outcome = 'pending' ORDER BY id DESC LIMIT 1");
  q.bind(request_id);
  auto offers = read_offers(q);
  if (offers.empty()) return std::nullopt;
  return offers.front();
}

std::vector<OfferRecord> SqliteRequestWork::pending_offers_to(std::int64_t user_id) {
  auto q = db_.query("SELECT id, request_id, user_id, offered_at, expires_at, outcome, answered_at "
                     "FROM request_offers WHERE user_id = ? AND outcome = 'pending' ORDER BY id");
  q.bind(user_id);
  return read_offers(q);
}

void SqliteRequestWork::close_offer(std::int64_t offer_id, std::string_view outcome, std::int64_t now) {
  db_.query("UPDATE request_offers SET outcome = ?, answered_at = ? WHERE id = ?").bind(outcome, now, offer_id).run();
}

std::set<std::int64_t> SqliteRequestWork::declined_by(std::int64_t request_id) {
  auto q = db_.query("SELECT user_id FROM request_offers WHERE request_id = ? AND outcome IN ('passed', 'timed_out')");
  q.bind(request_id);
  std::set<std::int64_t> out;
  while (q.step()) out.insert(q.int64(0));
  return out;
}

std::map<std::int64_t, int> SqliteRequestWork::open_load() {
  auto q = db_.query("SELECT user_id, COUNT(*) FROM ("
                     "  SELECT assignee_id AS user_id FROM requests WHERE status = 'accepted' AND assignee_id IS NOT NULL"
                     "  UNION ALL"
                     "  SELECT user_id FROM request_offers WHERE outcome = 'pending'"
                     ") GROUP BY user_id");
  std::map<std::int64_t, int> out;
  while (q.step()) out[q.int64(0)] = q.integer(1);
  return out;
}

std::map<std::int64_t, std::int64_t> SqliteRequestWork::last_offered() {
  auto q = db_.query("SELECT user_id, MAX(offered_at) FROM request_offers GROUP BY user_id");
  std::map<std::int64_t, std::int64_t> out;
  while (q.step()) out[q.int64(0)] = q.int64(1);
  return out;
}

std::vector<std::int64_t> SqliteRequestWork::with_status(std::string_view status) {
  auto q = db_.query("SELECT id FROM requests WHERE status = ? ORDER BY created_at, id");
  q.bind(status);
  return q.ids();
}

std::vector<std::int64_t> SqliteRequestWork::held_by(std::int64_t user_id) {
  auto q = db_.query("SELECT id FROM requests WHERE status = 'accepted' AND assignee_id = ? ORDER BY id");
  q.bind(user_id);
  return q.ids();
}

std::vector<std::int64_t> SqliteRequestWork::open_for_contact(std::int64_t contact_id) {
  auto q = db_.query("SELECT id FROM requests WHERE contact_id = ? AND status NOT IN ('resolved', 'closed') ORDER BY id");
  q.bind(contact_id);
  return q.ids();
}

std::optional<std::int64_t> SqliteRequestWork::relayed_for_contact(std::int64_t contact_id) {
  if (const auto* glance = db_.conversation_glance(contact_id)) return glance->accepted_request;
  auto q = db_.query("SELECT id FROM requests WHERE status = 'accepted' AND contact_id = ? ORDER BY id DESC LIMIT 1");
  q.bind(contact_id);
  if (!q.step()) return std::nullopt;
  return q.int64(0);
}

std::optional<std::int64_t> SqliteRequestWork::user_at(std::string_view channel_id, std::string_view address) {
  if (const auto* glance = db_.sender_glance(channel_id, address)) return glance->user_at_address;
  auto q = db_.query("SELECT id FROM users WHERE reach_channel = ? AND reach_address = ? ORDER BY disabled, id LIMIT 1");
  q.bind(channel_id, address);
  if (!q.step()) return std::nullopt;
  return q.int64(0);
}

} // namespace stoop::storage
