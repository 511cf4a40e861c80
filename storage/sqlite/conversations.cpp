#include "storage/sqlite/dashboard_repositories.hpp"

namespace stoop::storage {
namespace {

constexpr const char* conversation_columns =
    "c.contact_id, c.status, c.assignee_id, c.team_id, c.urgent, c.taken_over_by, c.taken_over_at, "
    "c.last_message_at, c.last_inbound_at, c.updated_at";

ConversationRecord read_conversation(Query& q) {
  ConversationRecord c;
  c.contact_id = q.int64(0);
  c.status = q.text(1);
  c.assignee_id = q.optional_int64(2);
  c.team_id = q.optional_int64(3);
  c.urgent = q.integer(4) != 0;
  c.taken_over_by = q.optional_int64(5);
  c.taken_over_at = q.optional_int64(6);
  c.last_message_at = q.int64(7);
  c.last_inbound_at = q.optional_int64(8);
  c.updated_at = q.int64(9);
  return c;
}

// One statement for every combination of filters: an empty filter value
// switches its condition off, so the statement is prepared once. The
// conditions, with a page's cursor (?9, ?10) on the exact last message time.
// A search looks through the contact's messages one epoch at a time
// (contact_rows).
std::string list_conditions() {
  return R"sql(
WHERE (?1 = '' OR c.status = ?1)
  AND (?2 = '' OR EXISTS (SELECT 1 FROM identities i WHERE i.contact_id = c.contact_id AND i.channel_id = ?2))
  AND (?3 IS NULL OR c.team_id = ?3)
  AND (?4 = 0 OR (?4 = 1 AND c.assignee_id IS NULL) OR (?4 = 2 AND c.assignee_id = ?5))
  AND (?6 = '' OR EXISTS (SELECT 1 FROM conversation_labels l WHERE l.contact_id = c.contact_id AND l.label = ?6))
  AND (?7 = 0 OR c.urgent = 1)
  AND (?8 = '' OR EXISTS (SELECT 1 FROM contacts ct WHERE ct.id = c.contact_id AND ct.name LIKE ?8 ESCAPE '\')
       OR EXISTS (SELECT 1 FROM )sql" +
         contact_rows("messages", "m", "c.contact_id") + R"sql(WHERE m.body LIKE ?8 ESCAPE '\'))
  AND (?9 IS NULL OR (c.recent_at <= ?9
       AND (c.last_message_at < ?9 OR (c.last_message_at = ?9 AND c.contact_id < ?10))))
)sql";
}

// The index is on `recent_at`, which trails `last_message_at` by less than a
// step (?12). The first ?11 matches by `recent_at` all have their last
// message at or after the lowest of their `recent_at`s, so every
// conversation of the page has a `recent_at` less than a step before that:
// those are read from the index and sorted by the exact time, and only the
// page's ?11 are then read whole. With fewer than ?11 matches, every match
// is on the page.
std::string make_list_sql() {
  const std::string matches = std::string("FROM conversations c ") + list_conditions();
  return epochs_cte("messages", "0") + R"sql(
SELECT c.contact_id, c.status, c.assignee_id, c.team_id, c.urgent, c.taken_over_by, c.taken_over_at,
       c.last_message_at, c.last_inbound_at, c.updated_at,
       ct.name, ct.language, ct.opted_out, COALESCE(u.name, ''),
       COALESCE(last.channel_id, ''), COALESCE(last.body, ''), COALESCE(last.direction, ''),
       (SELECT json_group_array(label) FROM (SELECT label FROM conversation_labels l
         WHERE l.contact_id = c.contact_id ORDER BY label))
FROM (SELECT c.contact_id )sql" +
         matches + R"sql(  AND c.recent_at >= (SELECT CASE WHEN COUNT(*) < ?11 THEN -9223372036854775807 - 1
                                     ELSE MIN(recent_at) - ?12 END
                         FROM (SELECT c.recent_at )sql" +
         matches + R"sql( ORDER BY c.recent_at DESC, c.contact_id DESC LIMIT ?11))
      ORDER BY c.last_message_at DESC, c.contact_id DESC LIMIT ?11) page
JOIN conversations c ON c.contact_id = page.contact_id
JOIN contacts ct ON ct.id = c.contact_id
LEFT JOIN users u ON u.id = c.assignee_id
LEFT JOIN messages last ON last.id = )sql" +
         newest_contact_message("c.contact_id") + R"sql(
ORDER BY c.last_message_at DESC, c.contact_id DESC
)sql";
}

} // namespace

std::optional<ConversationRecord> SqliteConversations::get(std::int64_t contact_id) {
  static const std::string sql =
      std::string("SELECT ") + conversation_columns + " FROM conversations c WHERE contact_id = ?";
  auto q = db_.query(sql);
  q.bind(contact_id);
  if (!q.step()) return std::nullopt;
  return read_conversation(q);
}

ConversationRecord SqliteConversations::get_or_create(std::int64_t contact_id, std::int64_t now) {
  db_.query(
         "INSERT INTO conversations (contact_id, last_message_at, updated_at, recent_at) VALUES (?1, ?2, ?2, ?2) "
         "ON CONFLICT (contact_id) DO NOTHING")
      .bind(contact_id, now)
      .run();
  return *get(contact_id);
}

void SqliteConversations::update(const ConversationRecord& c) {
  auto q = db_.query(
      "UPDATE conversations SET status = ?, assignee_id = ?, team_id = ?, urgent = ?, taken_over_by = ?, "
      "taken_over_at = ?, updated_at = ? WHERE contact_id = ?");
  q.bind(c.status, c.assignee_id, c.team_id, c.urgent, c.taken_over_by, c.taken_over_at, c.updated_at, c.contact_id);
  q.run();
}

std::vector<ConversationSummary> SqliteConversations::list(const ConversationFilter& f) {
  static const std::string list_sql = make_list_sql();
  auto q = db_.query(list_sql);
  int assignee_mode = f.assignee == AssigneeFilter::any ? 0 : f.assignee == AssigneeFilter::nobody ? 1 : 2;
  q.bind(f.status, f.channel_id, f.team_id, assignee_mode, f.assignee_id, f.label, f.urgent_only ? 1 : 0,
         like_pattern(f.search), f.before_at, f.before_contact_id, f.limit, conversation_recency_step_ms);
  std::vector<ConversationSummary> out;
  while (q.step()) {
    ConversationSummary s;
    s.conversation = read_conversation(q);
    s.contact_name = q.text(10);
    s.contact_language = q.text(11);
    s.opted_out = q.integer(12) != 0;
    s.assignee_name = q.text(13);
    s.last_channel_id = q.text(14);
    s.last_message_preview = q.text(15);
    s.last_direction = q.text(16);
    s.labels = parse_string_array(q.text(17));
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<std::int64_t> SqliteConversations::taken_over_by(std::int64_t contact_id) {
  if (const auto* glance = db_.conversation_glance(contact_id)) return glance->taken_over_by;
  auto q = db_.query("SELECT taken_over_by FROM conversations WHERE contact_id = ?");
  q.bind(contact_id);
  if (!q.step()) return std::nullopt;
  return q.optional_int64(0);
}

std::vector<std::string> SqliteConversations::labels(std::int64_t contact_id) {
  auto q = db_.query("SELECT label FROM conversation_labels WHERE contact_id = ? ORDER BY label");
  q.bind(contact_id);
  std::vector<std::string> out;
  while (q.step()) out.push_back(q.text(0));
  return out;
}

void SqliteConversations::set_labels(std::int64_t contact_id, const std::vector<std::string>& labels) {
  db_.query("DELETE FROM conversation_labels WHERE contact_id = ?").bind(contact_id).run();
  for (const auto& label : labels) {
    db_.query("INSERT OR IGNORE INTO conversation_labels (contact_id, label) VALUES (?, ?)")
        .bind(contact_id, label)
        .run();
  }
}

std::vector<std::string> SqliteConversations::all_labels() {
  auto q = db_.query("SELECT DISTINCT label FROM conversation_labels ORDER BY label");
  std::vector<std::string> out;
  while (q.step()) out.push_back(q.text(0));
  return out;
}

NoteRecord SqliteConversations::add_note(NoteRecord note) {
  db_.query("INSERT INTO notes (contact_id, author_id, body, created_at) VALUES (?, ?, ?, ?)")
      .bind(note.contact_id, note.author_id, note.body, note.created_at)
      .run();
  note.id = db_.last_insert_id();
  return note;
}

std::vector<NoteRecord> SqliteConversations::notes(std::int64_t contact_id) {
  auto q = db_.query(
      "SELECT n.id, n.contact_id, n.author_id, COALESCE(u.name, ''), n.body, n.created_at FROM notes n "
      "LEFT JOIN users u ON u.id = n.author_id WHERE n.contact_id = ? ORDER BY n.id");
  q.bind(contact_id);
  std::vector<NoteRecord> out;
  while (q.step()) {
    out.push_back(NoteRecord{q.int64(0), q.int64(1), q.optional_int64(2), q.text(3), q.text(4), q.int64(5)});
  }
  return out;
}

void merge_conversation_rows(Connection& db, std::int64_t keep, std::int64_t absorb) {
  db.forget_conversations();
  db.query("UPDATE notes SET contact_id = ? WHERE contact_id = ?").bind(keep, absorb).run();
  db.query("UPDATE OR IGNORE conversation_labels SET contact_id = ? WHERE contact_id = ?").bind(keep, absorb).run();
  db.query("DELETE FROM conversation_labels WHERE contact_id = ?").bind(absorb).run();
  // One conversation: open if either was, the kept one's people unless it had
  // none, the latest times, and the kept one's flow session unless it had none.
  db.query(R"sql(
INSERT INTO conversations (contact_id, status, assignee_id, team_id, urgent, taken_over_by, taken_over_at,
                           last_message_at, last_inbound_at, updated_at, recent_at, session, session_wake_at)
SELECT ?1, status, assignee_id, team_id, urgent, taken_over_by, taken_over_at, last_message_at, last_inbound_at,
       updated_at, recent_at, session, session_wake_at FROM conversations WHERE contact_id = ?2
ON CONFLICT (contact_id) DO UPDATE SET
  status = CASE WHEN status = 'open' OR excluded.status = 'open' THEN 'open' ELSE 'resolved' END,
  assignee_id = COALESCE(assignee_id, excluded.assignee_id),
  team_id = COALESCE(team_id, excluded.team_id),
  urgent = MAX(urgent, excluded.urgent),
  taken_over_at = CASE WHEN taken_over_by IS NULL THEN excluded.taken_over_at ELSE taken_over_at END,
  taken_over_by = COALESCE(taken_over_by, excluded.taken_over_by),
  last_message_at = MAX(last_message_at, excluded.last_message_at),
  last_inbound_at = MAX(COALESCE(last_inbound_at, excluded.last_inbound_at), COALESCE(excluded.last_inbound_at, last_inbound_at)),
  updated_at = MAX(updated_at, excluded.updated_at),
  recent_at = MAX(recent_at, excluded.recent_at),
  session_wake_at = CASE WHEN session IS NULL THEN excluded.session_wake_at ELSE session_wake_at END,
  session = COALESCE(session, excluded.session)
)sql")
      .bind(keep, absorb)
      .run();
  db.query("DELETE FROM conversations WHERE contact_id = ?").bind(absorb).run();
}

} // namespace stoop::storage
