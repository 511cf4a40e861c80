#include "storage/sqlite/repositories.hpp"

namespace stoop::storage {

std::int64_t SqliteResults::add(const ResultRecord& r) {
  db_.query("INSERT INTO results (contact_id, flow, name, category, value, raw, neighbourhood, language, in_reports, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_in_place(r.contact_id, r.flow, r.name, r.category, r.value, r.raw, r.neighbourhood, r.language,
                     r.in_reports, r.created_at)
      .run();
  return db_.last_insert_id();
}

std::vector<ResultRecord> SqliteResults::for_contact(std::int64_t contact_id) {
  static const std::string sql = epochs_cte("results", "0") +
                                 "SELECT r.id, r.contact_id, r.flow, r.name, r.category, r.value, r.raw, "
                                 "r.neighbourhood, r.language, r.in_reports, r.created_at FROM " +
                                 contact_rows("results", "r", "?1") + "ORDER BY r.id";
  auto q = db_.query(sql);
  q.bind(contact_id);
  std::vector<ResultRecord> out;
  while (q.step()) {
    ResultRecord r;
    r.id = q.int64(0);
    r.contact_id = q.optional_int64(1);
    r.flow = q.text(2);
    r.name = q.text(3);
    r.category = q.text(4);
    r.value = q.text(5);
    r.raw = q.text(6);
    r.neighbourhood = q.text(7);
    r.language = q.text(8);
    r.in_reports = q.integer(9) != 0;
    r.created_at = q.int64(10);
    out.push_back(std::move(r));
  }
  return out;
}

void SqliteConsents::set(std::int64_t contact_id, std::string_view purpose, bool granted, std::int64_t now) {
  db_.query("INSERT INTO consents (contact_id, purpose, granted, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (contact_id, purpose) DO UPDATE SET granted = excluded.granted, updated_at = excluded.updated_at")
      .bind(contact_id, purpose, granted, now)
      .run();
}

std::optional<bool> SqliteConsents::get(std::int64_t contact_id, std::string_view purpose) {
  auto q = db_.query("SELECT granted FROM consents WHERE contact_id = ? AND purpose = ?");
  q.bind(contact_id, purpose);
  if (!q.step()) return std::nullopt;
  return q.integer(0) != 0;
}

std::int64_t SqliteRequests::create(const RequestRecord& r) {
  db_.query("INSERT INTO requests (contact_id, kind, topic, urgency, details, best_time, language, neighbourhood, "
            "status, assignee_id, team_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(r.contact_id, r.kind, r.topic, r.urgency, r.details, r.best_time, r.language, r.neighbourhood, r.status,
            r.assignee_id, r.team_id, r.created_at, r.updated_at)
      .run();
  return db_.last_insert_id();
}

} // namespace stoop::storage
