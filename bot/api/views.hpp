// Records as the dashboard API shows them. Times are milliseconds since the
// epoch (UTC). What a student may see is decided here too: their view of a
// request carries nothing that identifies or reaches the community member.
#pragma once

#include <nlohmann/json.hpp>

#include "storage/dashboard_records.hpp"
#include "storage/records.hpp"

namespace stoop::api {

// full: with the fields only an admin (or the user themself) sees: where the bot texts them.
nlohmann::json user_json(const storage::UserRecord& user, bool full, std::int64_t now);
nlohmann::json team_json(const storage::TeamRecord& team);
nlohmann::json conversation_json(const storage::ConversationRecord& conversation);
nlohmann::json conversation_summary_json(const storage::ConversationSummary& summary);
nlohmann::json message_json(const storage::MessageRecord& message);
nlohmann::json note_json(const storage::NoteRecord& note);
nlohmann::json audit_json(const storage::AuditRecord& entry);
nlohmann::json request_json(const storage::RequestRecord& request, bool for_student);
nlohmann::json opportunity_json(const storage::OpportunityRecord& opportunity);
nlohmann::json contact_summary_json(const storage::ContactSummary& contact);

// A stored JSON text, or `fallback` when it does not parse.
nlohmann::json stored_json(const std::string& text, nlohmann::json fallback);
// A JSON value for an optional id: the number or null.
nlohmann::json id_or_null(const std::optional<std::int64_t>& id);

} // namespace stoop::api
