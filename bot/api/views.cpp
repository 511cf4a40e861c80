#include "bot/api/views.hpp"

#include "core/text.hpp"

namespace stoop::api {

nlohmann::json stored_json(const std::string& text, nlohmann::json fallback) {
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded() || parsed.type() != fallback.type()) return fallback;
  return parsed;
}

nlohmann::json id_or_null(const std::optional<std::int64_t>& id) {
  return id ? nlohmann::json(*id) : nlohmann::json(nullptr);
}

namespace {

nlohmann::json optional_time(const std::optional<std::int64_t>& ms) { return id_or_null(ms); }

// The first characters of a text, cut on a character boundary.
std::string preview(const std::string& text, std::size_t max_characters) {
  auto characters = decode_utf8(text);
  if (characters.size() <= max_characters) return text;
  std::string out;
  for (std::size_t i = 0; i < max_characters; ++i) append_utf8(out, characters[i]);
  return out + "…";
}

} // namespace

nlohmann::json user_json(const storage::UserRecord& u, bool full, std::int64_t now) {
  nlohmann::json out{
      {"id", u.id},
      {"email", u.email},
      {"name", u.name},
      {"role", u.role},
      {"team_id", id_or_null(u.team_id)},
      {"languages", stored_json(u.languages_json, nlohmann::json::array())},
      {"topics", stored_json(u.topics_json, nlohmann::json::array())},
      {"neighbourhoods", stored_json(u.neighbourhoods_json, nlohmann::json::array())},
      {"capacity", u.capacity},
      {"on_call", u.on_call},
      {"away", u.away},
      {"disabled", u.disabled},
      {"created_at", u.created_at},
  };
  if (full) {
    out["availability"] = stored_json(u.availability_json, nlohmann::json::object());
    out["reach_channel"] = u.reach_channel;
    out["reach_address"] = u.reach_address;
    out["locked"] = u.locked_until && *u.locked_until > now;
    out["can_sign_in"] = !u.password_hash.empty();
  }
  return out;
}

nlohmann::json team_json(const storage::TeamRecord& t) {
  return {{"id", t.id}, {"name", t.name}, {"description", t.description}, {"created_at", t.created_at}};
}

nlohmann::json conversation_json(const storage::ConversationRecord& c) {
  return {{"contact_id", c.contact_id},
          {"status", c.status},
          {"assignee_id", id_or_null(c.assignee_id)},
          {"team_id", id_or_null(c.team_id)},
          {"urgent", c.urgent},
          {"taken_over_by", id_or_null(c.taken_over_by)},
          {"taken_over_at", optional_time(c.taken_over_at)},
          {"bot_paused", c.taken_over_by.has_value()},
          {"last_message_at", c.last_message_at},
          {"last_inbound_at", optional_time(c.last_inbound_at)},
          {"updated_at", c.updated_at}};
}

nlohmann::json conversation_summary_json(const storage::ConversationSummary& s) {
  auto out = conversation_json(s.conversation);
  out["contact"] = {{"id", s.conversation.contact_id},
                    {"name", s.contact_name},
                    {"language", s.contact_language},
                    {"opted_out", s.opted_out}};
  out["assignee_name"] = s.assignee_name;
  out["labels"] = s.labels;
  out["last_message"] = {{"channel", s.last_channel_id},
                         {"direction", s.last_direction},
                         {"preview", preview(s.last_message_preview, 140)}};
  return out;
}

nlohmann::json message_json(const storage::MessageRecord& m) {
  nlohmann::json out{{"id", m.id},
                     {"direction", m.direction == storage::Direction::in ? "in" : "out"},
                     {"channel", m.channel_id},
                     {"text", m.body},
                     {"status", m.status},
                     {"error", m.error},
                     {"author", m.author},
                     {"at", m.created_at}};
  out["attachments"] =
      m.attachments_json.empty() ? nlohmann::json::array() : stored_json(m.attachments_json, nlohmann::json::array());
  return out;
}

nlohmann::json note_json(const storage::NoteRecord& n) {
  return {{"id", n.id},
          {"author_id", id_or_null(n.author_id)},
          {"author_name", n.author_name},
          {"text", n.body},
          {"at", n.created_at}};
}

nlohmann::json audit_json(const storage::AuditRecord& a) {
  return {{"id", a.id},
          {"at", a.at},
          {"actor", a.actor},
          {"actor_user_id", id_or_null(a.actor_user_id)},
          {"actor_name", a.actor_name},
          {"action", a.action},
          {"target_type", a.target_type},
          {"target_id", a.target_id},
          {"details", stored_json(a.details_json, nlohmann::json::object())},
          {"remote_address", a.remote_address}};
}

nlohmann::json request_json(const storage::RequestRecord& r, bool for_student) {
  nlohmann::json out{{"id", r.id},
                     {"kind", r.kind},
                     {"topic", r.topic},
                     {"urgency", r.urgency},
                     {"details", r.details},
                     {"best_time", r.best_time},
                     {"language", r.language},
                     {"neighbourhood", r.neighbourhood},
                     {"status", r.status},
                     {"assignee_id", id_or_null(r.assignee_id)},
                     {"assignee_name", r.assignee_name},
                     {"team_id", id_or_null(r.team_id)},
                     {"created_at", r.created_at},
                     {"updated_at", r.updated_at}};
  // Students reach the member only through the bot's relay, never by id or address.
  if (!for_student) out["contact_id"] = id_or_null(r.contact_id);
  return out;
}

nlohmann::json opportunity_json(const storage::OpportunityRecord& o) {
  return {{"id", o.id},
          {"title", o.title},
          {"description", o.description},
          {"location", o.location},
          {"starts_at", o.starts_at},
          {"ends_at", optional_time(o.ends_at)},
          {"slots", o.slots},
          {"languages", stored_json(o.languages_json, nlohmann::json::array())},
          {"skills", stored_json(o.skills_json, nlohmann::json::array())},
          {"team_id", id_or_null(o.team_id)},
          {"status", o.status},
          {"created_by", id_or_null(o.created_by)},
          {"created_at", o.created_at},
          {"updated_at", o.updated_at}};
}

nlohmann::json contact_summary_json(const storage::ContactSummary& c) {
  return {{"id", c.id},
          {"uuid", c.uuid},
          {"name", c.name},
          {"language", c.language},
          {"opted_out", c.opted_out},
          {"created_at", c.created_at},
          {"last_inbound_at", optional_time(c.last_inbound_at)},
          {"channels", c.channels},
          {"message_count", c.message_count}};
}

} // namespace stoop::api
