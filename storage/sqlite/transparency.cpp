#include "storage/sqlite/transparency.hpp"

namespace stoop::storage {
namespace {

// Agreed to reports when answering, and has not refused since. An erased
// person's answers (no contact any more) keep counting, told apart by time.
constexpr const char* public_answers =
    " FROM results r WHERE r.name = ? AND r.in_reports = 1 AND NOT EXISTS (SELECT 1 FROM consents c "
    "WHERE c.contact_id = r.contact_id AND c.purpose = 'reports' AND c.granted = 0) ";
constexpr const char* person_key = "COALESCE(CAST(r.contact_id AS TEXT), 'erased:' || r.created_at)";

ActionRecord read_action(Query& q) {
  ActionRecord a;
  a.id = q.int64(0);
  a.poll = q.text(1);
  a.category = q.text(2);
  a.neighbourhood = q.text(3);
  a.title_json = q.text(4);
  a.stage = q.text(5);
  a.created_by = q.optional_int64(6);
  a.created_at = q.int64(7);
  a.updated_at = q.int64(8);
  return a;
}
constexpr const char* action_columns =
    "SELECT id, poll, category, neighbourhood, title, stage, created_by, created_at, updated_at FROM actions ";

ActionStepRecord read_step(Query& q) {
  ActionStepRecord s;
  s.id = q.int64(0);
  s.action_id = q.int64(1);
  s.stage = q.text(2);
  s.note_json = q.text(3);
  s.created_by = q.optional_int64(4);
  s.created_at = q.int64(5);
  return s;
}
constexpr const char* step_columns = "SELECT id, action_id, stage, note, created_by, created_at FROM action_steps ";

BroadcastRecord read_broadcast(Query& q) {
  BroadcastRecord b;
  b.id = q.int64(0);
  b.step_id = q.int64(1);
  b.poll = q.text(2);
  b.text_json = q.text(3);
  b.state = q.text(4);
  b.created_by = q.optional_int64(5);
  b.created_at = q.int64(6);
  b.finished_at = q.optional_int64(7);
  return b;
}
constexpr const char* broadcast_columns =
    "SELECT id, step_id, poll, text, state, created_by, created_at, finished_at FROM broadcasts ";

} // namespace

std::vector<CountRow> SqliteTransparency::public_counts(std::string_view name, ReportDimension by) {
  std::string sql = std::string("SELECT ") + results_group_expression(by, "r") + ", r.category, COUNT(DISTINCT " +
                    person_key + ")" + public_answers + "GROUP BY 1, 2 ORDER BY 1, 2";
  auto q = db_.query(sql);
  q.bind(name);
  std::vector<CountRow> out;
  while (q.step()) out.push_back(CountRow{q.text(0), q.text(1), q.int64(2)});
  return out;
}

std::vector<CountRow> SqliteTransparency::public_respondents(std::string_view name, ReportDimension by) {
  std::string sql = std::string("SELECT ") + results_group_expression(by, "r") + ", '', COUNT(DISTINCT " + person_key +
                    ")" + public_answers + "GROUP BY 1 ORDER BY 1";
  auto q = db_.query(sql);
  q.bind(name);
  std::vector<CountRow> out;
  while (q.step()) out.push_back(CountRow{q.text(0), q.text(1), q.int64(2)});
  return out;
}

ActionRecord SqliteTransparency::create_action(ActionRecord a) {
  db_.query(
         "INSERT INTO actions (poll, category, neighbourhood, title, stage, created_by, created_at, updated_at) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(a.poll, a.category, a.neighbourhood, a.title_json, a.stage, a.created_by, a.created_at, a.updated_at)
      .run();
  a.id = db_.last_insert_id();
  return a;
}

std::optional<ActionRecord> SqliteTransparency::action(std::int64_t id) {
  auto q = db_.query(std::string(action_columns) + "WHERE id = ?");
  q.bind(id);
  if (!q.step()) return std::nullopt;
  return read_action(q);
}

std::vector<ActionRecord> SqliteTransparency::actions() {
  auto q = db_.query(std::string(action_columns) + "ORDER BY updated_at DESC, id DESC");
  std::vector<ActionRecord> out;
  while (q.step()) out.push_back(read_action(q));
  return out;
}

ActionStepRecord SqliteTransparency::add_step(ActionStepRecord s) {
  db_.query("INSERT INTO action_steps (action_id, stage, note, created_by, created_at) VALUES (?, ?, ?, ?, ?)")
      .bind(s.action_id, s.stage, s.note_json, s.created_by, s.created_at)
      .run();
  s.id = db_.last_insert_id();
  db_.query("UPDATE actions SET stage = ?, updated_at = ? WHERE id = ?").bind(s.stage, s.created_at, s.action_id).run();
  return s;
}

std::optional<ActionStepRecord> SqliteTransparency::step(std::int64_t id) {
  auto q = db_.query(std::string(step_columns) + "WHERE id = ?");
  q.bind(id);
  if (!q.step()) return std::nullopt;
  return read_step(q);
}

std::vector<ActionStepRecord> SqliteTransparency::steps(std::int64_t action_id) {
  auto q = db_.query(std::string(step_columns) + "WHERE action_id = ? ORDER BY id");
  q.bind(action_id);
  std::vector<ActionStepRecord> out;
  while (q.step()) out.push_back(read_step(q));
  return out;
}

BroadcastRecord SqliteTransparency::create_broadcast(BroadcastRecord b) {
  db_.query("INSERT INTO broadcasts (step_id, poll, text, state, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(b.step_id, b.poll, b.text_json, b.state, b.created_by, b.created_at)
      .run();
  b.id = db_.last_insert_id();
  db_.query(
         "INSERT INTO broadcast_recipients (broadcast_id, contact_id, updated_at) "
         "SELECT DISTINCT ?, contact_id, ? FROM results WHERE flow = ? AND contact_id IS NOT NULL")
      .bind(b.id, b.created_at, b.poll)
      .run();
  return b;
}

std::optional<BroadcastRecord> SqliteTransparency::broadcast(std::int64_t id) {
  auto q = db_.query(std::string(broadcast_columns) + "WHERE id = ?");
  q.bind(id);
  if (!q.step()) return std::nullopt;
  return read_broadcast(q);
}

std::optional<BroadcastRecord> SqliteTransparency::broadcast_for_step(std::int64_t step_id) {
  auto q = db_.query(std::string(broadcast_columns) + "WHERE step_id = ?");
  q.bind(step_id);
  if (!q.step()) return std::nullopt;
  return read_broadcast(q);
}

std::vector<std::int64_t> SqliteTransparency::running_broadcasts() {
  auto q = db_.query("SELECT id FROM broadcasts WHERE state = 'running' ORDER BY id");
  return q.ids();
}

std::vector<std::int64_t> SqliteTransparency::pending_recipients(std::int64_t broadcast_id, std::size_t limit) {
  auto q = db_.query(
      "SELECT contact_id FROM broadcast_recipients WHERE broadcast_id = ? AND state = 'pending' "
      "ORDER BY contact_id LIMIT ?");
  q.bind(broadcast_id, limit);
  return q.ids();
}

void SqliteTransparency::mark_recipient(std::int64_t broadcast_id, std::int64_t contact_id, std::string_view state,
                                        std::optional<std::int64_t> message_id, std::int64_t now) {
  db_.query(
         "UPDATE broadcast_recipients SET state = ?, message_id = ?, updated_at = ? "
         "WHERE broadcast_id = ? AND contact_id = ?")
      .bind(state, message_id, now, broadcast_id, contact_id)
      .run();
}

void SqliteTransparency::finish_broadcast(std::int64_t id, std::int64_t now) {
  db_.query("UPDATE broadcasts SET state = 'done', finished_at = ? WHERE id = ? AND state = 'running'")
      .bind(now, id)
      .run();
}

BroadcastProgress SqliteTransparency::progress(std::int64_t broadcast_id) {
  auto q = db_.query(
      "SELECT COUNT(*), COALESCE(SUM(b.state = 'pending'), 0), COALESCE(SUM(b.state = 'queued'), 0), "
      "COALESCE(SUM(b.state = 'opted_out'), 0), COALESCE(SUM(b.state = 'unreachable'), 0), "
      "COALESCE(SUM(m.status IN ('sent', 'delivered', 'read')), 0), COALESCE(SUM(m.status IN ('delivered', 'read')), "
      "0), "
      "COALESCE(SUM(m.status IN ('failed', 'undelivered')), 0) "
      "FROM broadcast_recipients b LEFT JOIN messages m ON m.id = b.message_id WHERE b.broadcast_id = ?");
  q.bind(broadcast_id);
  BroadcastProgress p;
  if (q.step()) {
    p.total = q.int64(0);
    p.pending = q.int64(1);
    p.queued = q.int64(2);
    p.opted_out = q.int64(3);
    p.unreachable = q.int64(4);
    p.sent = q.int64(5);
    p.delivered = q.int64(6);
    p.failed = q.int64(7);
  }
  return p;
}

QuoteRecord SqliteTransparency::add_quote(QuoteRecord quote) {
  db_.query(
         "INSERT INTO public_quotes (category, neighbourhood, language, text, approved_by, created_at) "
         "VALUES (?, ?, ?, ?, ?, ?)")
      .bind(quote.category, quote.neighbourhood, quote.language, quote.text, quote.approved_by, quote.created_at)
      .run();
  quote.id = db_.last_insert_id();
  return quote;
}

bool SqliteTransparency::remove_quote(std::int64_t id) {
  return db_.query("DELETE FROM public_quotes WHERE id = ?").bind(id).run() > 0;
}

std::vector<QuoteRecord> SqliteTransparency::quotes() {
  auto q = db_.query(
      "SELECT id, category, neighbourhood, language, text, approved_by, created_at "
      "FROM public_quotes ORDER BY id DESC");
  std::vector<QuoteRecord> out;
  while (q.step()) {
    out.push_back(QuoteRecord{q.int64(0), q.text(1), q.text(2), q.text(3), q.text(4), q.optional_int64(5), q.int64(6)});
  }
  return out;
}

void SqliteTransparency::set_erase_request(std::int64_t contact_id, std::int64_t expires_at) {
  db_.query("INSERT OR REPLACE INTO erase_requests (contact_id, expires_at) VALUES (?, ?)")
      .bind(contact_id, expires_at)
      .run();
}

bool SqliteTransparency::take_erase_request(std::int64_t contact_id, std::int64_t now) {
  std::optional<std::int64_t> expires_at;
  {
    auto q = db_.query("SELECT expires_at FROM erase_requests WHERE contact_id = ?");
    q.bind(contact_id);
    if (q.step()) expires_at = q.int64(0);
  }
  if (!expires_at) return false;
  db_.query("DELETE FROM erase_requests WHERE contact_id = ?").bind(contact_id).run();
  return *expires_at >= now;
}

std::int64_t SqliteTransparency::erase_old_message_bodies(std::int64_t cutoff) {
  // A message still waiting to be sent keeps its text until it has gone.
  auto emptied = db_.query(
                        "UPDATE messages SET body = '', attachments = '' WHERE created_at < ? "
                        "AND (body <> '' OR attachments <> '') AND id NOT IN (SELECT message_id FROM outbox "
                        "WHERE state IN ('pending', 'sending', 'held'))")
                     .bind(cutoff)
                     .run();
  db_.query(
         "UPDATE outbox SET payload = '{}' WHERE created_at < ? AND state IN ('done', 'failed', 'cancelled') "
         "AND payload <> '{}'")
      .bind(cutoff)
      .run();
  db_.query(
         "UPDATE results SET raw = '', value = CASE WHEN category = '' THEN '' ELSE value END "
         "WHERE created_at < ? AND (raw <> '' OR (category = '' AND value <> ''))")
      .bind(cutoff)
      .run();
  db_.query("UPDATE notes SET body = '' WHERE created_at < ? AND body <> ''").bind(cutoff).run();
  db_.query("DELETE FROM erase_requests WHERE expires_at < ?").bind(cutoff).run();
  return emptied;
}

} // namespace stoop::storage
