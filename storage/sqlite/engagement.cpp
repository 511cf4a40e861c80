#include "storage/sqlite/routing_repositories.hpp"

namespace stoop::storage {
namespace {

constexpr const char* prompt_columns =
    "id, user_id, kind, ref, occurrence, question, sent_at, COALESCE(answer, ''), answered_at";

PromptRecord read_prompt(Query& q) {
  PromptRecord p;
  p.id = q.int64(0);
  p.user_id = q.int64(1);
  p.kind = q.text(2);
  p.ref = q.text(3);
  p.occurrence = q.int64(4);
  p.question = q.text(5);
  p.sent_at = q.int64(6);
  p.answered_at = q.optional_int64(8);
  if (p.answered_at) p.answer = q.text(7);
  return p;
}

std::vector<SignupRecord> read_signups(Query& q) {
  std::vector<SignupRecord> out;
  while (q.step()) out.push_back(SignupRecord{q.int64(0), q.int64(1), q.text(2), q.int64(3), q.int64(4)});
  return out;
}

} // namespace

std::vector<SignupRecord> SqliteEngagement::signups(std::int64_t opportunity_id) {
  auto q = db_.query("SELECT opportunity_id, user_id, status, changed_at, created_at FROM opportunity_signups "
                     "WHERE opportunity_id = ? ORDER BY changed_at, user_id");
  q.bind(opportunity_id);
  return read_signups(q);
}

std::vector<SignupRecord> SqliteEngagement::signups_of(std::int64_t user_id) {
  auto q = db_.query("SELECT opportunity_id, user_id, status, changed_at, created_at FROM opportunity_signups "
                     "WHERE user_id = ? ORDER BY opportunity_id");
  q.bind(user_id);
  return read_signups(q);
}

void SqliteEngagement::set_signup(std::int64_t opportunity_id, std::int64_t user_id, std::string_view status,
                                  std::int64_t now) {
  db_.query("INSERT INTO opportunity_signups (opportunity_id, user_id, status, changed_at, created_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (opportunity_id, user_id) DO UPDATE SET "
            "status = excluded.status, changed_at = excluded.changed_at")
      .bind(opportunity_id, user_id, status, now, now)
      .run();
}

std::vector<std::string> SqliteEngagement::skills_of(std::int64_t user_id) {
  // json_each reads the JSON array; a malformed one reads as no skills.
  auto q = db_.query("SELECT value FROM users, json_each(CASE WHEN json_valid(users.skills) THEN users.skills "
                     "ELSE '[]' END) WHERE users.id = ? AND json_each.type = 'text'");
  q.bind(user_id);
  std::vector<std::string> out;
  while (q.step()) out.push_back(q.text(0));
  return out;
}

void SqliteEngagement::set_skills(std::int64_t user_id, std::string_view skills_json) {
  db_.query("UPDATE users SET skills = ? WHERE id = ?").bind(skills_json, user_id).run();
}

bool SqliteEngagement::add_prompt(PromptRecord& p) {
  auto changed = db_.query("INSERT INTO prompts (user_id, kind, ref, occurrence, question, sent_at) "
                           "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, kind, ref, occurrence) DO NOTHING")
                     .bind(p.user_id, p.kind, p.ref, p.occurrence, p.question, p.sent_at)
                     .run();
  if (changed == 0) return false;
  p.id = db_.last_insert_id();
  return true;
}

std::optional<PromptRecord> SqliteEngagement::latest_unanswered_prompt(std::int64_t user_id) {
  auto q = db_.query(std::string("SELECT ") + prompt_columns +
                     " FROM prompts WHERE user_id = ? AND answered_at IS NULL ORDER BY id DESC LIMIT 1");
  q.bind(user_id);
  if (!q.step()) return std::nullopt;
  return read_prompt(q);
}

void SqliteEngagement::answer_prompt(std::int64_t prompt_id, std::string_view answer, std::int64_t now) {
  db_.query("UPDATE prompts SET answer = ?, answered_at = ? WHERE id = ?").bind(answer, now, prompt_id).run();
}

std::vector<PromptRecord> SqliteEngagement::prompts(std::string_view kind, std::string_view ref) {
  auto q = db_.query(std::string("SELECT ") + prompt_columns + " FROM prompts WHERE kind = ? AND ref = ? ORDER BY id");
  q.bind(kind, ref);
  std::vector<PromptRecord> out;
  while (q.step()) out.push_back(read_prompt(q));
  return out;
}

} // namespace stoop::storage
