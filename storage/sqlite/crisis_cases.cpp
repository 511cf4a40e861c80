#include "storage/sqlite/routing_repositories.hpp"

namespace stoop::storage {
namespace {

constexpr const char* columns =
    "id, contact_id, message_id, language, category, phrase, flagged_at, cleared_at, COALESCE(cleared_by, '')";

CrisisCaseRecord read_case(Query& q) {
  return CrisisCaseRecord{q.int64(0), q.int64(1), q.optional_int64(2), q.text(3), q.text(4),
                          q.text(5),  q.int64(6), q.optional_int64(7), q.text(8)};
}

} // namespace

std::int64_t SqliteCrisisCases::open(const CrisisCaseRecord& c) {
  db_.query("INSERT INTO crisis_cases (contact_id, message_id, language, category, phrase, flagged_at) "
            "VALUES (?, ?, ?, ?, ?, ?)")
      .bind(c.contact_id, c.message_id, c.language, c.category, c.phrase, c.flagged_at)
      .run();
  return db_.last_insert_id();
}

std::optional<CrisisCaseRecord> SqliteCrisisCases::get(std::int64_t id) {
  auto q = db_.query(std::string("SELECT ") + columns + " FROM crisis_cases WHERE id = ?");
  q.bind(id);
  if (!q.step()) return std::nullopt;
  return read_case(q);
}

std::optional<CrisisCaseRecord> SqliteCrisisCases::open_for(std::int64_t contact_id) {
  if (const auto* glance = db_.conversation_glance(contact_id); glance && !glance->open_crisis_case) return std::nullopt;
  auto q = db_.query(std::string("SELECT ") + columns +
                     " FROM crisis_cases WHERE contact_id = ? AND cleared_at IS NULL ORDER BY id DESC LIMIT 1");
  q.bind(contact_id);
  if (!q.step()) return std::nullopt;
  return read_case(q);
}

std::vector<CrisisCaseRecord> SqliteCrisisCases::open_cases() {
  auto q = db_.query(std::string("SELECT ") + columns + " FROM crisis_cases WHERE cleared_at IS NULL ORDER BY id");
  std::vector<CrisisCaseRecord> out;
  while (q.step()) out.push_back(read_case(q));
  return out;
}

bool SqliteCrisisCases::clear(std::int64_t id, std::string_view by, std::int64_t now) {
  return db_.query("UPDATE crisis_cases SET cleared_at = ?, cleared_by = ? WHERE id = ? AND cleared_at IS NULL")
             .bind(now, by, id)
             .run() > 0;
}

} // namespace stoop::storage
