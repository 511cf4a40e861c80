// One person across channels: phone keys, link codes, and merging contacts.
#include <nlohmann/json.hpp>

#include "storage/sqlite/dashboard_repositories.hpp"
#include "storage/sqlite/repositories.hpp"

namespace stoop::storage {
namespace {

using json = nlohmann::json;

json parse_or(const std::string& text, json fallback) {
  auto value = json::parse(text, nullptr, false);
  return value.is_discarded() || value.type() != fallback.type() ? fallback : value;
}

} // namespace

std::optional<IdentityRecord> SqliteContacts::find_by_phone_key(std::string_view phone_key) {
  if (phone_key.empty()) return std::nullopt;
  // "phone_key <> ''" repeats the partial index's condition: without it SQLite
  // cannot use that index for a bound value and scans every identity (about a
  // millisecond per new contact at 10,000 contacts, the largest cost of a first
  // message in the inbound bench).
  auto q = db_.query("SELECT id, contact_id, channel_id, address, created_at, last_inbound_at, phone_key "
                     "FROM identities WHERE phone_key = ? AND phone_key <> '' ORDER BY id LIMIT 1");
  q.bind(phone_key);
  if (!q.step()) return std::nullopt;
  IdentityRecord i;
  i.id = q.int64(0);
  i.contact_id = q.int64(1);
  i.channel_id = q.text(2);
  i.address = q.text(3);
  i.created_at = q.int64(4);
  i.last_inbound_at = q.optional_int64(5);
  i.phone_key = q.text(6);
  return i;
}

void SqliteContacts::add_link_code(std::string_view code, std::int64_t contact_id, std::int64_t expires_at) {
  db_.query("INSERT OR REPLACE INTO link_codes (code, contact_id, expires_at) VALUES (?, ?, ?)")
      .bind(code, contact_id, expires_at)
      .run();
}

std::optional<std::int64_t> SqliteContacts::take_link_code(std::string_view code, std::int64_t now) {
  db_.query("DELETE FROM link_codes WHERE expires_at < ?").bind(now).run();
  std::optional<std::int64_t> contact;
  {
    auto q = db_.query("SELECT contact_id FROM link_codes WHERE code = ?");
    q.bind(code);
    if (q.step()) contact = q.int64(0);
  }
  if (contact) db_.query("DELETE FROM link_codes WHERE code = ?").bind(code).run();
  return contact;
}

void SqliteContacts::merge(std::int64_t keep, std::int64_t absorb) {
  if (keep == absorb) return;
  auto kept = get(keep);
  auto absorbed = get(absorb);
  if (!kept || !absorbed) throw std::runtime_error("merge: no such contact");

  // Rows that simply follow the person; messages and answers are found one epoch at a time.
  for (const char* table : {"messages", "results"}) {
    db_.query(epochs_cte(table, "0") + "UPDATE " + table + " SET contact_id = ?1 WHERE id IN (SELECT r.id FROM " +
              contact_rows(table, "r", "?2") + ")")
        .bind(keep, absorb)
        .run();
  }
  for (const char* sql : {"UPDATE identities SET contact_id = ? WHERE contact_id = ?",
                          "UPDATE outbox SET contact_id = ? WHERE contact_id = ?",
                          "UPDATE requests SET contact_id = ? WHERE contact_id = ?",
                          "UPDATE link_codes SET contact_id = ? WHERE contact_id = ?",
                          "UPDATE crisis_cases SET contact_id = ? WHERE contact_id = ?"}) {
    db_.query(sql).bind(keep, absorb).run();
  }
  // A broadcast reaches the merged person once; a DELETE under way is the absorbed contact's only.
  db_.query("UPDATE OR IGNORE broadcast_recipients SET contact_id = ? WHERE contact_id = ?").bind(keep, absorb).run();
  db_.query("DELETE FROM broadcast_recipients WHERE contact_id = ?").bind(absorb).run();
  db_.query("DELETE FROM erase_requests WHERE contact_id = ?").bind(absorb).run();

  // Consent per purpose: granted only if neither refused.
  db_.query("UPDATE consents SET granted = MIN(granted, (SELECT granted FROM consents c WHERE c.contact_id = ? "
            "AND c.purpose = consents.purpose)) WHERE contact_id = ? AND purpose IN "
            "(SELECT purpose FROM consents WHERE contact_id = ?)")
      .bind(absorb, keep, absorb)
      .run();
  db_.query("UPDATE OR IGNORE consents SET contact_id = ? WHERE contact_id = ?").bind(keep, absorb).run();
  db_.query("DELETE FROM consents WHERE contact_id = ?").bind(absorb).run();

  ContactRecord merged = *kept;
  merged.opted_out = kept->opted_out || absorbed->opted_out;
  if (merged.opted_out && !merged.opted_out_at) merged.opted_out_at = absorbed->opted_out_at;
  if (merged.language.empty()) merged.language = absorbed->language;
  if (merged.name.empty()) merged.name = absorbed->name;
  auto fields = parse_or(absorbed->fields_json, json::object());
  fields.update(parse_or(kept->fields_json, json::object())); // the kept contact's values win
  merged.fields_json = fields.dump();
  auto groups = parse_or(kept->groups_json, json::array());
  for (const auto& group : parse_or(absorbed->groups_json, json::array())) {
    if (std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);
  }
  merged.groups_json = groups.dump();
  update(merged);
  if (merged.opted_out) {
    cancel_waiting(db_, keep, /*keep_consent=*/true);
  }
  merge_conversation_rows(db_, keep, absorb);
  db_.query("DELETE FROM contacts WHERE id = ?").bind(absorb).run();
}

} // namespace stoop::storage
