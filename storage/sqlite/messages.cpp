#include "storage/sqlite/repositories.hpp"

#include <chrono>

#include "core/log.hpp"

namespace stoop::storage {
namespace {

constexpr const char* message_select =
    "SELECT id, contact_id, channel_id, direction, COALESCE(provider_message_id, ''), body, attachments, status, "
    "error, segments, author, created_at, updated_at FROM messages ";

MessageRecord read_message(Query& q) {
  MessageRecord m;
  m.id = q.int64(0);
  m.contact_id = q.int64(1);
  m.channel_id = q.text(2);
  m.direction = q.text(3) == "in" ? Direction::in : Direction::out;
  m.provider_message_id = q.text(4);
  m.body = q.text(5);
  m.attachments_json = q.text(6);
  m.status = q.text(7);
  m.error = q.text(8);
  m.segments = q.integer(9);
  m.author = q.text(10);
  m.created_at = q.int64(11);
  m.updated_at = q.int64(12);
  return m;
}

std::optional<std::string> null_if_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// Every message keeps its conversation current in the same transaction, from
// whichever path writes it (pipeline, staff, relay); a message from the person
// reopens a resolved conversation, as staff expect from a help desk. One
// single-row statement per message, on purpose: see migration 0007. A reply
// that this transaction's own mark shows to be no later than what the
// conversation already has skips it (Connection::conversation_mark).
//
// The inbox's `recent_at` is moved only when it is a step behind (migration
// 0013), by a statement of its own: an UPDATE that names a column rewrites its
// index entries even when the value stays. (A RETURNING clause to learn
// whether it is behind cost more than the second statement, measured: SQLite
// gathers the returned rows in a temporary table first.) After find_sender,
// the connection's glance at the row knows `recent_at`, so a person's message
// names it only when it is behind, and its update waits to be written with
// the flow's session (Connection::defer_inbound_touch).
void touch_conversation(Connection& db, std::int64_t contact_id, Direction direction, std::int64_t at) {
  const auto& mark = db.conversation_mark();
  if (direction == Direction::out && mark && mark->contact_id == contact_id && mark->at >= at) return;
  bool moved = true;
  if (direction == Direction::in) {
    // After find_sender the glance says the row exists and whether `recent_at`
    // is behind; the update then waits for the flow's session, to be written
    // with it (Connection::defer_inbound_touch).
    if (const auto* glance = db.conversation_glance(contact_id); glance && glance->exists) {
      db.defer_inbound_touch({contact_id, at, glance->recent_at <= at - conversation_recency_step_ms});
      moved = false; // done there
    } else {
      // An UPDATE, and an INSERT only for a contact's first message: cheaper
      // than an upsert, which looks the row up twice when it exists.
      auto update = db.query(Connection::inbound_touch_sql(/*recent=*/false, /*with_session=*/false));
      update.bind(contact_id, at);
      if (update.run() == 0) {
        db.query("INSERT INTO conversations (contact_id, last_message_at, last_inbound_at, updated_at, recent_at) "
                 "VALUES (?1, ?2, ?2, ?2, ?2)")
            .bind(contact_id, at)
            .run();
        moved = false; // new, and recent already
      }
    }
  } else {
    // A reply in the same millisecond as the message it answers changes nothing.
    auto upsert = db.query("INSERT INTO conversations (contact_id, last_message_at, last_inbound_at, updated_at, "
                           "recent_at) VALUES (?1, ?2, NULL, ?2, ?2) ON CONFLICT (contact_id) DO UPDATE SET "
                           "last_message_at = excluded.last_message_at WHERE last_message_at < excluded.last_message_at");
    upsert.bind(contact_id, at);
    moved = upsert.run() > 0;
  }
  if (moved) {
    db.query("UPDATE conversations SET recent_at = ?2 WHERE contact_id = ?1 AND recent_at <= ?3")
        .bind(contact_id, at, at - conversation_recency_step_ms)
        .run();
  }
  // Either way the conversation's last message is now at least `at`.
  if (!mark || mark->contact_id != contact_id || mark->at < at) db.mark_conversation(contact_id, at);
}

} // namespace

// `id >> 18` is written exactly as migration 0016's indexes have it: SQLite
// uses an index on an expression only where a query has the same one.
std::string epochs_cte(std::string_view table, std::string_view first_id) {
  const std::string first = "(MAX(" + std::string(first_id) + ", 0) >> 18)";
  const std::string newest = "((SELECT COALESCE(MAX(id), 0) FROM " + std::string(table) + ") >> 18)";
  return "WITH RECURSIVE epochs(n) AS (SELECT " + first + " UNION ALL SELECT n + 1 FROM epochs WHERE n < " + newest +
         ") ";
}

std::string contact_rows(std::string_view table, std::string_view alias, std::string_view contact) {
  // CROSS JOIN: the epochs are the outer loop, each one search of the index.
  const std::string a(alias);
  return "epochs e CROSS JOIN " + std::string(table) + " " + a + " ON (" + a + ".id >> 18) = e.n AND " + a +
         ".contact_id = " + std::string(contact) + " ";
}

std::string newest_contact_message(std::string_view contact) {
  return "(SELECT MAX((SELECT MAX(m.id) FROM messages m WHERE (m.id >> 18) = e.n AND m.contact_id = " +
         std::string(contact) + ")) FROM epochs e)";
}

std::optional<std::int64_t> SqliteMessages::insert_inbound(const MessageRecord& m) {
  // A provider's retry changes nothing. The dedupe keys are 64-bit numbers in
  // a table of their own, by epoch (migrations 0015 and 0017), and in memory
  // (dedupe_): only an epoch whose filter may hold the key is looked at, and
  // there the exact pair is compared.
  const std::int64_t key = m.dedupe_key ? *m.dedupe_key : inbound_dedupe_key(m.channel_id, m.provider_message_id);
  load_dedupe_keys();
  dedupe_.candidates(static_cast<std::uint64_t>(key), dedupe_epochs_);
  for (auto epoch : dedupe_epochs_) {
    auto seen = db_.query("SELECT 1 FROM inbound_keys k JOIN messages m ON m.id = k.message_id WHERE k.epoch = ? "
                          "AND k.key = ? AND m.channel_id = ? AND m.provider_message_id = ? AND m.direction = 'in'");
    seen.bind_in_place(epoch, key, m.channel_id, m.provider_message_id);
    if (seen.step()) return std::nullopt;
  }
  auto q = db_.query(
      "INSERT INTO messages (contact_id, channel_id, direction, provider_message_id, body, attachments, status, "
      "error, segments, author, created_at, updated_at) VALUES (?, ?, 'in', ?, ?, ?, ?, '', ?, ?, ?, ?)");
  q.bind_in_place(m.contact_id, m.channel_id, m.provider_message_id, m.body, m.attachments_json, m.status, m.segments,
                  m.author, m.created_at, m.updated_at);
  q.run();
  auto id = db_.last_insert_id();
  const std::int64_t epoch = id >> epoch_shift;
  db_.query("INSERT INTO inbound_keys (epoch, key, message_id) VALUES (?, ?, ?)").bind(epoch, key, id).run();
  dedupe_.add(epoch, static_cast<std::uint64_t>(key)); // kept if this rolls back: one look more, nothing worse
  touch_conversation(db_, m.contact_id, Direction::in, m.created_at);
  return id;
}

void SqliteMessages::load_dedupe_keys() {
  // Inside a write transaction no other connection can commit: one look at
  // data_version a transaction is enough. Outside one, a look every time.
  if (dedupe_checked_ && *dedupe_checked_ == db_.transactions_ended()) return;
  const auto version = db_.data_version();
  dedupe_checked_.reset();
  if (db_.in_explicit_transaction()) dedupe_checked_ = db_.transactions_ended();
  if (dedupe_version_ == version) return;
  const auto started = std::chrono::steady_clock::now();
  dedupe_.clear();
  std::size_t count = 0;
  auto keys = db_.query("SELECT epoch, key FROM inbound_keys");
  for (; keys.step(); ++count) dedupe_.add(keys.int64(0), static_cast<std::uint64_t>(keys.int64(1)));
  dedupe_version_ = version;
  ++dedupe_loads_;
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  log_info("storage", "read ", count, " dedupe keys (", dedupe_.epochs(), " epochs, ", dedupe_.bytes() >> 10,
           " KB) in ", ms, " ms");
}

std::int64_t SqliteMessages::insert_outbound(const MessageRecord& m) {
  auto q = db_.query(
      "INSERT INTO messages (contact_id, channel_id, direction, provider_message_id, body, attachments, status, "
      "error, segments, author, created_at, updated_at) VALUES (?, ?, 'out', ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  auto provider_id = null_if_empty(m.provider_message_id);
  if (provider_id) {
    q.bind_in_place(m.contact_id, m.channel_id, *provider_id, m.body, m.attachments_json, m.status, m.error,
                    m.segments, m.author, m.created_at, m.updated_at);
  } else {
    q.bind_in_place(m.contact_id, m.channel_id, std::nullopt, m.body, m.attachments_json, m.status, m.error,
                    m.segments, m.author, m.created_at, m.updated_at);
  }
  q.run();
  auto id = db_.last_insert_id();
  touch_conversation(db_, m.contact_id, Direction::out, m.created_at);
  return id;
}

std::optional<std::int64_t> SqliteMessages::apply_status(std::string_view channel_id,
                                                         std::string_view provider_message_id, MessageStatus status,
                                                         std::string_view error, std::int64_t now) {
  auto find = db_.query("SELECT id, status FROM messages WHERE channel_id = ? AND provider_message_id = ? "
                        "AND direction = 'out'");
  find.bind(channel_id, provider_message_id);
  if (!find.step()) return std::nullopt;
  std::int64_t id = find.int64(0);
  auto current = parse_message_status(find.text(1));
  if (current && status_rank(*current) >= status_rank(status)) return std::nullopt;
  auto update = db_.query("UPDATE messages SET status = ?, error = CASE WHEN ? = '' THEN error ELSE ? END, "
                          "updated_at = ? WHERE id = ?");
  update.bind(to_string(status), error, error, now, id);
  update.run();
  return id;
}

void SqliteMessages::mark_sent(std::int64_t message_id, std::string_view provider_message_id, MessageStatus status,
                               std::string_view error, std::int64_t now) {
  // A delivery report may overtake the API answer; keep whichever status ranks higher.
  auto find = db_.query("SELECT status FROM messages WHERE id = ?");
  find.bind(message_id);
  std::string current = find.step() ? find.text(0) : "";
  auto parsed = parse_message_status(current);
  bool keep_status = parsed && status_rank(*parsed) > status_rank(status);
  auto q = db_.query("UPDATE messages SET provider_message_id = COALESCE(NULLIF(?, ''), provider_message_id), "
                     "status = ?, error = ?, updated_at = ? WHERE id = ?");
  q.bind(provider_message_id, keep_status ? current : std::string(to_string(status)), error, now, message_id);
  q.run();
}

std::optional<MessageRecord> SqliteMessages::get(std::int64_t id) {
  static const std::string sql = std::string(message_select) + "WHERE id = ?";
  auto q = db_.query(sql);
  q.bind(id);
  if (!q.step()) return std::nullopt;
  return read_message(q);
}

// A contact's messages: their ids from the index, one epoch at a time (only
// the ids are sorted), then the rows.
std::vector<MessageRecord> SqliteMessages::for_contact(std::int64_t contact_id, std::int64_t after_id, int limit) {
  static const std::string sql = epochs_cte("messages", "?2") + message_select + "WHERE id IN (SELECT m.id FROM " +
                                 contact_rows("messages", "m", "?1") +
                                 "WHERE m.id > ?2 ORDER BY m.id LIMIT ?3) ORDER BY id";
  auto q = db_.query(sql);
  q.bind(contact_id, after_id, limit);
  std::vector<MessageRecord> out;
  while (q.step()) out.push_back(read_message(q));
  return out;
}

std::vector<MessageRecord> SqliteMessages::latest_for_contact(std::int64_t contact_id, std::int64_t after_id,
                                                              int limit) {
  static const std::string sql = epochs_cte("messages", "?2") + message_select + "WHERE id IN (SELECT m.id FROM " +
                                 contact_rows("messages", "m", "?1") +
                                 "WHERE m.id > ?2 ORDER BY m.id DESC LIMIT ?3) ORDER BY id";
  auto q = db_.query(sql);
  q.bind(contact_id, after_id, limit);
  std::vector<MessageRecord> out;
  while (q.step()) out.push_back(read_message(q));
  return out;
}

std::vector<MessageRecord> SqliteMessages::for_contact_on_channel(std::int64_t contact_id, std::string_view channel_id,
                                                                  std::int64_t after_id, int limit) {
  static const std::string sql = epochs_cte("messages", "?3") + message_select + "WHERE id IN (SELECT m.id FROM " +
                                 contact_rows("messages", "m", "?1") +
                                 "WHERE m.channel_id = ?2 AND m.id > ?3 ORDER BY m.id LIMIT ?4) ORDER BY id";
  auto q = db_.query(sql);
  q.bind(contact_id, channel_id, after_id, limit);
  std::vector<MessageRecord> out;
  while (q.step()) out.push_back(read_message(q));
  return out;
}

} // namespace stoop::storage
