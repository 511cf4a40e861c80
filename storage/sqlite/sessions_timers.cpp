#include "storage/sqlite/repositories.hpp"

namespace stoop::storage {

// A session is two columns of its contact's conversation row (migration
// 0014): a message someone sends in a flow rewrites that row anyway.

std::optional<StoredSession> SqliteSessions::load(std::int64_t contact_id) {
  if (const auto* glance = db_.conversation_glance(contact_id)) {
    if (!glance->session) return std::nullopt;
    return StoredSession{*glance->session, glance->session_wake_at};
  }
  auto q = db_.query("SELECT session, session_wake_at FROM conversations WHERE contact_id = ? AND session IS NOT NULL");
  q.bind(contact_id);
  if (!q.step()) return std::nullopt;
  return StoredSession{q.text(0), q.optional_int64(1)};
}

void SqliteSessions::save(std::int64_t contact_id, std::string_view state_json, std::int64_t now) {
  // With the inbound message's touch of the row when it was held back for this
  // (Connection::defer_inbound_touch): one UPDATE instead of two.
  if (auto touch = db_.take_inbound_touch(contact_id)) {
    auto update = db_.query(Connection::inbound_touch_sql(touch->recent, /*with_session=*/true));
    update.bind(contact_id, touch->at, state_json);
    // A touch is held back only for a row the transaction has seen, and any
    // statement that could have removed it since would have run the touch.
    if (update.run() == 0) throw std::logic_error("the conversation held back for its touch is gone");
    return;
  }
  auto update = db_.query("UPDATE conversations SET session = ?2 WHERE contact_id = ?1");
  update.bind(contact_id, state_json);
  if (update.run() > 0) return;
  // No message yet either way: the conversation starts with the session.
  db_.query("INSERT INTO conversations (contact_id, last_message_at, updated_at, recent_at, session) "
            "VALUES (?1, ?3, ?3, ?3, ?2)")
      .bind(contact_id, state_json, now)
      .run();
}

void SqliteSessions::set_wake(std::int64_t contact_id, std::optional<std::int64_t> wake_at) {
  db_.query("UPDATE conversations SET session_wake_at = ? WHERE contact_id = ?").bind(wake_at, contact_id).run();
}

std::vector<std::int64_t> SqliteSessions::take_due(std::int64_t now, std::size_t limit) {
  std::vector<std::int64_t> due;
  {
    auto q = db_.query("SELECT contact_id FROM conversations WHERE session_wake_at <= ? "
                       "ORDER BY session_wake_at, contact_id LIMIT ?");
    q.bind(now, limit);
    while (q.step()) due.push_back(q.int64(0));
  }
  for (auto contact_id : due) set_wake(contact_id, std::nullopt);
  return due;
}

std::optional<std::int64_t> SqliteSessions::next_wake() {
  // The condition lets the partial index answer: without it, a scan of every conversation.
  auto q = db_.query("SELECT MIN(session_wake_at) FROM conversations WHERE session_wake_at IS NOT NULL");
  if (!q.step()) return std::nullopt;
  return q.optional_int64(0);
}

void SqliteSessions::erase(std::int64_t contact_id) {
  db_.query("UPDATE conversations SET session = NULL, session_wake_at = NULL WHERE contact_id = ?")
      .bind(contact_id)
      .run();
}

void SqliteTimers::set(std::string_view kind, std::string_view key, std::int64_t due_at,
                       std::string_view payload_json) {
  db_.query("INSERT INTO timers (kind, key, due_at, payload) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (kind, key) DO UPDATE SET due_at = excluded.due_at, payload = excluded.payload")
      .bind(kind, key, due_at, payload_json)
      .run();
}

void SqliteTimers::cancel(std::string_view kind, std::string_view key) {
  db_.query("DELETE FROM timers WHERE kind = ? AND key = ?").bind(kind, key).run();
}

std::optional<TimerRecord> SqliteTimers::find(std::string_view kind, std::string_view key) {
  auto q = db_.query("SELECT id, kind, key, due_at, payload FROM timers WHERE kind = ? AND key = ?");
  q.bind(kind, key);
  if (!q.step()) return std::nullopt;
  return TimerRecord{q.int64(0), q.text(1), q.text(2), q.int64(3), q.text(4)};
}

std::vector<TimerRecord> SqliteTimers::take_due(std::int64_t now, std::size_t limit) {
  std::vector<TimerRecord> due;
  {
    auto q = db_.query("SELECT id, kind, key, due_at, payload FROM timers WHERE due_at <= ? ORDER BY due_at, id "
                       "LIMIT ?");
    q.bind(now, limit);
    while (q.step()) {
      due.push_back(TimerRecord{q.int64(0), q.text(1), q.text(2), q.int64(3), q.text(4)});
    }
  }
  for (const auto& timer : due) db_.query("DELETE FROM timers WHERE id = ?").bind(timer.id).run();
  return due;
}

std::optional<std::int64_t> SqliteTimers::next_due() {
  auto q = db_.query("SELECT MIN(due_at) FROM timers");
  if (!q.step()) return std::nullopt;
  return q.optional_int64(0);
}

} // namespace stoop::storage
