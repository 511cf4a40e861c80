#include <algorithm>

#include "storage/sqlite/repositories.hpp"

namespace stoop::storage {
namespace {

// The row with its message's text, which the outbox does not keep a copy of.
constexpr const char* outbox_select =
    "SELECT o.id, o.message_id, o.contact_id, o.channel_id, o.address, o.payload, o.kind, o.idempotency_key, o.state, "
    "o.attempts, o.next_attempt_at, o.last_error, o.created_at, COALESCE(m.body, '') "
    "FROM outbox o LEFT JOIN messages m ON m.id = o.message_id ";

OutboxRecord read_outbox(Query& q) {
  OutboxRecord r;
  r.id = q.int64(0);
  r.message_id = q.int64(1);
  r.contact_id = q.int64(2);
  r.channel_id = q.text(3);
  r.address = q.text(4);
  r.payload_json = q.text(5);
  r.kind = q.text(6);
  r.idempotency_key = q.text(7);
  r.state = q.text(8);
  r.attempts = q.integer(9);
  r.next_attempt_at = q.int64(10);
  r.last_error = q.text(11);
  r.created_at = q.int64(12);
  r.body = q.text(13);
  return r;
}

} // namespace

int cancel_waiting(Connection& db, std::int64_t contact_id, bool keep_consent) {
  // No index by contact is kept for pending replies (migration 0011): the
  // pending index carries the contact, so this scans its entries and reads
  // only the contact's rows. Held replies have an index by contact.
  int cancelled = db.query("UPDATE outbox INDEXED BY outbox_pending SET state = 'cancelled' "
                           "WHERE state = 'pending' AND contact_id = ?1 AND (?2 = 0 OR kind <> 'consent')")
                      .bind(contact_id, keep_consent)
                      .run();
  return cancelled + db.query("UPDATE outbox INDEXED BY outbox_held SET state = 'cancelled' "
                              "WHERE state = 'held' AND contact_id = ?1 AND (?2 = 0 OR kind <> 'consent')")
                         .bind(contact_id, keep_consent)
                         .run();
}

std::int64_t SqliteOutbox::enqueue(const OutboxRecord& r) {
  auto q = db_.query("INSERT INTO outbox (message_id, contact_id, channel_id, address, payload, kind, "
                     "idempotency_key, state, attempts, next_attempt_at, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)");
  q.bind_in_place(r.message_id, r.contact_id, r.channel_id, r.address, r.payload_json, r.kind, r.idempotency_key,
                  r.state, r.next_attempt_at, r.created_at);
  q.run();
  return db_.last_insert_id();
}

std::vector<OutboxRecord> SqliteOutbox::claim_due(std::string_view channel_id, std::int64_t now, std::size_t limit,
                                                  const std::unordered_set<std::int64_t>& skip_contacts) {
  std::unordered_set<std::int64_t> blocked = skip_contacts;
  {
    auto in_flight = db_.query("SELECT DISTINCT contact_id FROM outbox WHERE channel_id = ? AND state = 'sending'");
    in_flight.bind(channel_id);
    while (in_flight.step()) blocked.insert(in_flight.int64(0));
  }
  std::vector<OutboxRecord> claimed;
  std::int64_t after_id = 0;
  // Pages sized to the claim: the dispatcher mostly claims one or two rows as
  // sends finish, and reading 256 whole rows (payloads included) for each such
  // claim is work thrown away on the writer thread.
  const int page = static_cast<int>(std::clamp<std::size_t>(2 * limit + blocked.size(), 16, 256));
  constexpr int max_scanned = 8192; // bounds the work of one claim under a large, blocked backlog
  int scanned = 0;
  while (claimed.size() < limit && scanned < max_scanned) {
    static const std::string sql =
        std::string(outbox_select) + "WHERE o.channel_id = ? AND o.state = 'pending' AND o.id > ? ORDER BY o.id LIMIT ?";

    std::vector<OutboxRecord> rows;
    {
      auto q = db_.query(sql);
      q.bind(channel_id, after_id, page);
      while (q.step()) rows.push_back(read_outbox(q));
    }
    if (rows.empty()) break;
    for (auto& row : rows) {
      ++scanned;
      after_id = row.id;
      // A row held for later (quiet hours) and never tried yet does not hold
      // back what the contact gets meanwhile, such as a reply to what they
      // just sent. A row waiting to be retried does: order is kept.
      if (row.attempts == 0 && row.next_attempt_at > now) continue;
      // Whatever happens to this row, later rows of its contact must wait for it.
      bool first_of_contact = blocked.insert(row.contact_id).second;
      if (!first_of_contact || row.next_attempt_at > now) continue;
      claimed.push_back(std::move(row));
      if (claimed.size() == limit) break;
    }
    if (rows.size() < static_cast<std::size_t>(page)) break;
  }
  for (auto& row : claimed) {
    db_.query("UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?").bind(row.id).run();
    row.state = "sending";
    row.attempts += 1;
    auto q = db_.query("SELECT last_inbound_at FROM identities WHERE channel_id = ? AND address = ?");
    q.bind(row.channel_id, row.address);
    if (q.step()) row.last_inbound_at = q.optional_int64(0);
  }
  return claimed;
}

void SqliteOutbox::complete(std::int64_t id) {
  db_.query("UPDATE outbox SET state = 'done', last_error = '' WHERE id = ?").bind(id).run();
}

void SqliteOutbox::reschedule(std::int64_t id, std::int64_t next_attempt_at, std::string_view error) {
  db_.query("UPDATE outbox SET state = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ?")
      .bind(next_attempt_at, error, id)
      .run();
}

void SqliteOutbox::fail(std::int64_t id, std::string_view error) {
  db_.query("UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?").bind(error, id).run();
}

void SqliteOutbox::hold(std::int64_t id, std::string_view error) {
  db_.query("UPDATE outbox SET state = 'held', last_error = ? WHERE id = ?").bind(error, id).run();
}

int SqliteOutbox::cancel_pending(std::int64_t contact_id, bool keep_consent) {
  return cancel_waiting(db_, contact_id, keep_consent);
}

int SqliteOutbox::release_claimed() {
  return db_.query("UPDATE outbox SET state = 'pending' WHERE state = 'sending'").run();
}

std::int64_t SqliteOutbox::depth() {
  auto q = db_.query("SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')");
  q.step();
  return q.int64(0);
}

std::optional<std::int64_t> SqliteOutbox::next_due(std::string_view channel_id) {
  auto q = db_.query("SELECT MIN(next_attempt_at) FROM outbox WHERE channel_id = ? AND state = 'pending'");
  q.bind(channel_id);
  if (!q.step()) return std::nullopt;
  return q.optional_int64(0);
}

std::optional<OutboxRecord> SqliteOutbox::get(std::int64_t id) {
  static const std::string sql = std::string(outbox_select) + "WHERE o.id = ?";
  auto q = db_.query(sql);
  q.bind(id);
  if (!q.step()) return std::nullopt;
  return read_outbox(q);
}

} // namespace stoop::storage
