#include "storage/sqlite/dashboard_repositories.hpp"

namespace stoop::storage {
namespace {

std::optional<std::int64_t> as_int(std::optional<bool> value) {
  if (!value) return std::nullopt;
  return *value ? 1 : 0;
}

} // namespace

std::vector<ContactSummary> SqliteContactAdmin::list(const ContactFilter& f) {
  static const std::string sql = epochs_cte("messages", "0") + R"sql(
SELECT ct.id, ct.uuid, ct.name, ct.language, ct.opted_out, ct.created_at,
       (SELECT v.last_inbound_at FROM conversations v WHERE v.contact_id = ct.id),
       (SELECT json_group_array(channel_id) FROM (SELECT DISTINCT channel_id FROM identities i
         WHERE i.contact_id = ct.id ORDER BY channel_id)),
       (SELECT COUNT(*) FROM )sql" + contact_rows("messages", "m", "ct.id") + R"sql()
FROM contacts ct
WHERE (?1 = '' OR ct.name LIKE ?1 ESCAPE '\' OR ct.uuid = ?2
       OR EXISTS (SELECT 1 FROM identities i WHERE i.contact_id = ct.id AND i.address LIKE ?1 ESCAPE '\'))
  AND (?3 IS NULL OR ct.opted_out = ?3)
  AND (?4 IS NULL OR ct.id < ?4)
ORDER BY ct.id DESC LIMIT ?5)sql";
  auto q = db_.query(sql);
  q.bind(like_pattern(f.search), f.search, as_int(f.opted_out), f.before_id, f.limit);
  std::vector<ContactSummary> out;
  while (q.step()) {
    ContactSummary c;
    c.id = q.int64(0);
    c.uuid = q.text(1);
    c.name = q.text(2);
    c.language = q.text(3);
    c.opted_out = q.integer(4) != 0;
    c.created_at = q.int64(5);
    c.last_inbound_at = q.optional_int64(6);
    c.channels = parse_string_array(q.text(7));
    c.message_count = q.int64(8);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<ConsentRecord> SqliteContactAdmin::consents(std::int64_t contact_id) {
  auto q = db_.query("SELECT purpose, granted, updated_at FROM consents WHERE contact_id = ? ORDER BY purpose");
  q.bind(contact_id);
  std::vector<ConsentRecord> out;
  while (q.step()) out.push_back(ConsentRecord{q.text(0), q.integer(1) != 0, q.int64(2)});
  return out;
}

std::int64_t SqliteContactAdmin::message_count(std::int64_t contact_id) {
  static const std::string sql = epochs_cte("messages", "0") + "SELECT COUNT(*) FROM " +
                                 contact_rows("messages", "m", "?1");
  auto q = db_.query(sql);
  q.bind(contact_id);
  q.step();
  return q.int64(0);
}

bool SqliteContactAdmin::erase(std::int64_t contact_id) {
  auto exists = db_.query("SELECT 1 FROM contacts WHERE id = ?");
  exists.bind(contact_id);
  if (!exists.step()) return false;
  db_.forget_conversations(); // its conversation goes below
  // The dedupe keys of their messages, found by computing them again.
  static const std::string keys_sql = epochs_cte("messages", "0") +
                                      "DELETE FROM inbound_keys WHERE (epoch, key, message_id) IN (SELECT m.id >> 18, "
                                      "stoop_dedupe_key(m.channel_id, m.provider_message_id), m.id FROM " +
                                      contact_rows("messages", "m", "?1") +
                                      "WHERE m.direction = 'in' AND m.provider_message_id IS NOT NULL)";
  db_.query(keys_sql).bind(contact_id).run();
  // Children first: the foreign keys are enforced.
  for (const char* sql :
       {"DELETE FROM outbox WHERE contact_id = ?", "DELETE FROM conversation_labels WHERE contact_id = ?",
        "DELETE FROM notes WHERE contact_id = ?",
        "DELETE FROM conversations WHERE contact_id = ?"}) { // and the flow's session with it
    db_.query(sql).bind(contact_id).run();
  }
  static const std::string messages_sql = epochs_cte("messages", "0") +
                                          "DELETE FROM messages WHERE id IN (SELECT m.id FROM " +
                                          contact_rows("messages", "m", "?1") + ")";
  db_.query(messages_sql).bind(contact_id).run();
  for (const char* sql :
       {"DELETE FROM identities WHERE contact_id = ?", "DELETE FROM consents WHERE contact_id = ?",
        "DELETE FROM link_codes WHERE contact_id = ?", "DELETE FROM erase_requests WHERE contact_id = ?",
        "DELETE FROM broadcast_recipients WHERE contact_id = ?"}) {
    db_.query(sql).bind(contact_id).run();
  }
  // Answers stay for the counts: the category someone chose is kept, what
  // they typed is not, and nothing links the row to them any more.
  static const std::string results_sql =
      epochs_cte("results", "0") +
      "UPDATE results SET contact_id = NULL, raw = '', value = CASE WHEN category = '' THEN '' ELSE value END "
      "WHERE id IN (SELECT r.id FROM " +
      contact_rows("results", "r", "?1") + ")";
  db_.query(results_sql).bind(contact_id).run();
  db_.query("UPDATE requests SET contact_id = NULL, details = '', best_time = '' WHERE contact_id = ?")
      .bind(contact_id)
      .run();
  db_.query("DELETE FROM contacts WHERE id = ?").bind(contact_id).run();
  return true;
}

} // namespace stoop::storage
