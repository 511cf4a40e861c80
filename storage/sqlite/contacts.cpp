#include "storage/sqlite/repositories.hpp"

namespace stoop::storage {
namespace {

// The contact's own columns; then its last inbound time, which is its
// conversation's (migration 0010), from the conversation `v`.
constexpr const char* contact_row_columns =
    "c.id, c.uuid, c.name, c.language, c.opted_out, c.opted_out_at, c.fields, c.groups_json, c.created_at, ";
const std::string contact_columns =
    std::string(contact_row_columns) + "(SELECT v.last_inbound_at FROM conversations v WHERE v.contact_id = c.id)";

// The contact's columns from `first` on, in contact_columns' order.
ContactRecord read_contact(Query& q, int first = 0) {
  ContactRecord c;
  c.id = q.int64(first);
  c.uuid = q.text(first + 1);
  c.name = q.text(first + 2);
  c.language = q.text(first + 3);
  c.opted_out = q.integer(first + 4) != 0;
  c.opted_out_at = q.optional_int64(first + 5);
  c.fields_json = q.text(first + 6);
  c.groups_json = q.text(first + 7);
  c.created_at = q.int64(first + 8);
  c.last_inbound_at = q.optional_int64(first + 9);
  return c;
}

IdentityRecord read_identity(Query& q) {
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

} // namespace

std::optional<IdentityRecord> SqliteContacts::find_identity(std::string_view channel_id, std::string_view address) {
  auto q = db_.query("SELECT id, contact_id, channel_id, address, created_at, last_inbound_at, phone_key FROM identities "
                     "WHERE channel_id = ? AND address = ?");
  q.bind(channel_id, address);
  if (!q.step()) return std::nullopt;
  return read_identity(q);
}

// With the conversation row read once for the whole inbound path: what it
// asks next of the same row (taken over? the session? the inbox's recency?)
// is answered by the connection's glance (Connection::ConversationGlance),
// and so is what routing asks of every sender (an open crisis case? a
// request whose holder they talk to? a staff member or student writing?),
// in the same statement, with the queries SqliteCrisisCases::open_for and
// SqliteRequestWork::relayed_for_contact and user_at would run.
std::optional<std::pair<IdentityRecord, ContactRecord>> SqliteContacts::find_sender(std::string_view channel_id,
                                                                                    std::string_view address) {
  static const std::string sql =
      std::string("SELECT i.id, i.contact_id, i.channel_id, i.address, i.created_at, i.last_inbound_at, i.phone_key, ") +
      contact_row_columns +
      "v.last_inbound_at, v.contact_id IS NOT NULL, v.taken_over_by, v.session, v.session_wake_at, v.recent_at, "
      "(SELECT k.id FROM crisis_cases k WHERE k.contact_id = c.id AND k.cleared_at IS NULL ORDER BY k.id DESC LIMIT 1), "
      "(SELECT r.id FROM requests r WHERE r.status = 'accepted' AND r.contact_id = c.id ORDER BY r.id DESC LIMIT 1), "
      "(SELECT u.id FROM users u WHERE u.reach_channel = i.channel_id AND u.reach_address = i.address "
      "ORDER BY u.disabled, u.id LIMIT 1) "
      "FROM identities i JOIN contacts c ON c.id = i.contact_id LEFT JOIN conversations v ON v.contact_id = c.id "
      "WHERE i.channel_id = ? AND i.address = ?";
  auto q = db_.query(sql);
  q.bind(channel_id, address);
  if (!q.step()) return std::nullopt;
  auto sender = std::pair{read_identity(q), read_contact(q, 7)};
  Connection::ConversationGlance glance;
  glance.contact_id = sender.second.id;
  glance.exists = q.integer(17) != 0;
  if (glance.exists) {
    glance.taken_over_by = q.optional_int64(18);
    glance.session = q.optional_text(19);
    glance.session_wake_at = q.optional_int64(20);
    glance.recent_at = q.int64(21);
  }
  glance.channel_id = sender.first.channel_id;
  glance.address = sender.first.address;
  glance.open_crisis_case = q.optional_int64(22);
  glance.accepted_request = q.optional_int64(23);
  glance.user_at_address = q.optional_int64(24);
  db_.glance_at_conversation(std::move(glance));
  return sender;
}

ContactRecord SqliteContacts::create(ContactRecord contact) {
  auto q = db_.query("INSERT INTO contacts (uuid, name, language, opted_out, opted_out_at, fields, groups_json, "
                     "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(contact.uuid, contact.name, contact.language, contact.opted_out, contact.opted_out_at, contact.fields_json,
         contact.groups_json, contact.created_at);
  q.run();
  contact.id = db_.last_insert_id();
  contact.last_inbound_at.reset(); // nothing from them yet: a new contact has no conversation
  return contact;
}

IdentityRecord SqliteContacts::add_identity(std::int64_t contact_id, std::string_view channel_id,
                                            std::string_view address, std::string_view phone_key, std::int64_t now) {
  auto q = db_.query("INSERT INTO identities (contact_id, channel_id, address, phone_key, created_at) "
                     "VALUES (?, ?, ?, ?, ?)");
  q.bind(contact_id, channel_id, address, phone_key, now);
  q.run();
  IdentityRecord identity;
  identity.id = db_.last_insert_id();
  identity.contact_id = contact_id;
  identity.channel_id = channel_id;
  identity.address = address;
  identity.phone_key = phone_key;
  identity.created_at = now;
  return identity;
}

std::optional<ContactRecord> SqliteContacts::get(std::int64_t id) {
  static const std::string sql = std::string("SELECT ") + contact_columns + " FROM contacts c WHERE c.id = ?";
  auto q = db_.query(sql);
  q.bind(id);
  if (!q.step()) return std::nullopt;
  return read_contact(q);
}

void SqliteContacts::update(const ContactRecord& c) {
  auto q = db_.query("UPDATE contacts SET name = ?, language = ?, opted_out = ?, opted_out_at = ?, fields = ?, "
                     "groups_json = ? WHERE id = ?");
  q.bind_in_place(c.name, c.language, c.opted_out, c.opted_out_at, c.fields_json, c.groups_json, c.id);
  q.run();
}

void SqliteContacts::touch_identity(std::int64_t identity_id, std::int64_t now) {
  db_.query("UPDATE identities SET last_inbound_at = ? WHERE id = ?").bind(now, identity_id).run();
}

std::vector<IdentityRecord> SqliteContacts::identities(std::int64_t contact_id) {
  auto q = db_.query("SELECT id, contact_id, channel_id, address, created_at, last_inbound_at, phone_key FROM identities "
                     "WHERE contact_id = ? ORDER BY COALESCE(last_inbound_at, created_at) DESC, id DESC");
  q.bind(contact_id);
  std::vector<IdentityRecord> out;
  while (q.step()) out.push_back(read_identity(q));
  return out;
}

std::int64_t SqliteContacts::count() {
  auto q = db_.query("SELECT COUNT(*) FROM contacts");
  q.step();
  return q.int64(0);
}

} // namespace stoop::storage
