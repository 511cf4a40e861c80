// Rows of the dashboard's tables (migration 0003) as plain values, and the
// filters the dashboard lists them by.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stoop::storage {

struct TeamRecord {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  std::int64_t created_at = 0;
};

struct UserRecord {
  std::int64_t id = 0;
  std::string email;
  std::string name;
  std::string role; // "admin", "staff" or "student"
  std::string password_hash;
  std::string languages_json = "[]";
  std::string topics_json = "[]";
  std::string neighbourhoods_json = "[]";
  std::optional<std::int64_t> team_id;
  int capacity = 3;
  std::string availability_json = "{}";
  bool on_call = false;
  bool away = false;
  std::string reach_channel;
  std::string reach_address;
  int failed_signins = 0;
  std::optional<std::int64_t> locked_until;
  std::int64_t created_at = 0;
  bool disabled = false;
};

// A signed-in browser. token_hash is the hex SHA-256 of the cookie's token.
struct WebSessionRecord {
  std::string token_hash;
  std::int64_t user_id = 0;
  std::string csrf_token;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t expires_at = 0;
};

struct ConversationRecord {
  std::int64_t contact_id = 0;
  std::string status = "open"; // "open" or "resolved"
  std::optional<std::int64_t> assignee_id;
  std::optional<std::int64_t> team_id;
  bool urgent = false;
  std::optional<std::int64_t> taken_over_by; // set: the bot does not answer this contact
  std::optional<std::int64_t> taken_over_at;
  std::int64_t last_message_at = 0;
  std::optional<std::int64_t> last_inbound_at;
  std::int64_t updated_at = 0;
};

// One row of the inbox.
struct ConversationSummary {
  ConversationRecord conversation;
  std::string contact_name;
  std::string contact_language;
  bool opted_out = false;
  std::string assignee_name;
  std::string last_channel_id;
  std::string last_message_preview;
  std::string last_direction; // "in" or "out"
  std::vector<std::string> labels;
};

enum class AssigneeFilter { any, nobody, user };

struct ConversationFilter {
  std::string status; // "" any, "open", "resolved"
  std::string channel_id;
  std::optional<std::int64_t> team_id;
  AssigneeFilter assignee = AssigneeFilter::any;
  std::int64_t assignee_id = 0; // with AssigneeFilter::user
  std::string label;
  bool urgent_only = false;
  std::string search; // matched in names and message texts
  // Keyset pagination: rows older than (before_at, before_contact_id).
  std::optional<std::int64_t> before_at;
  std::int64_t before_contact_id = 0;
  int limit = 50;
};

struct NoteRecord {
  std::int64_t id = 0;
  std::int64_t contact_id = 0;
  std::optional<std::int64_t> author_id;
  std::string author_name; // filled when listed
  std::string body;
  std::int64_t created_at = 0;
};

struct AuditRecord {
  std::int64_t id = 0;
  std::int64_t at = 0;
  std::optional<std::int64_t> actor_user_id;
  std::string actor;      // "user:7", "cli", "system"
  std::string actor_name; // filled when listed
  std::string action;
  std::string target_type;
  std::string target_id;
  std::string details_json = "{}";
  std::string remote_address;
};

struct AuditFilter {
  std::optional<std::int64_t> actor_user_id;
  std::string action_prefix; // "conversation." matches every conversation action
  std::string target_type;
  std::string target_id;
  std::optional<std::int64_t> before_id;
  int limit = 100;
};

struct RequestFilter {
  std::string status;
  std::optional<std::int64_t> assignee_id;
  std::optional<std::int64_t> team_id;
  std::optional<std::int64_t> contact_id;
  std::optional<std::int64_t> before_id;
  int limit = 100;
};

struct OpportunityRecord {
  std::int64_t id = 0;
  std::string title;
  std::string description;
  std::string location;
  std::int64_t starts_at = 0;
  std::optional<std::int64_t> ends_at;
  int slots = 1;
  std::string languages_json = "[]";
  std::string skills_json = "[]";
  std::optional<std::int64_t> team_id;
  std::string status = "open"; // "open", "closed", "cancelled"
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct OpportunityFilter {
  std::string status;
  // Set for a student: only opportunities open to every team or to this one.
  std::optional<std::int64_t> visible_to_team;
  bool for_student = false;
  int limit = 200;
};

struct ContactSummary {
  std::int64_t id = 0;
  std::string uuid;
  std::string name;
  std::string language;
  bool opted_out = false;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> last_inbound_at;
  std::vector<std::string> channels;
  std::int64_t message_count = 0;
};

struct ContactFilter {
  std::string search; // name, address or uuid
  std::optional<bool> opted_out;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};

struct ConsentRecord {
  std::string purpose;
  bool granted = false;
  std::int64_t updated_at = 0;
};

// What the report queries return: one count per group and category.
struct CountRow {
  std::string group; // a neighbourhood, a language or a period ("2026-01")
  std::string category;
  std::int64_t count = 0;
};

enum class ReportDimension { all, neighbourhood, language, month, week };

struct ReportRange {
  std::int64_t from = 0;       // inclusive, ms
  std::int64_t to = INT64_MAX; // exclusive, ms
};

struct DailyCount {
  std::string day; // "2026-01-31" (UTC)
  std::string channel_id;
  std::string direction; // "in" or "out"
  std::int64_t count = 0;
  std::int64_t failed = 0;
};

struct FailedSend {
  std::int64_t message_id = 0;
  std::int64_t contact_id = 0;
  std::string channel_id;
  std::string error;
  std::int64_t at = 0;
};

// The bare facts of a message, for response-time figures.
struct MessageEvent {
  std::int64_t contact_id = 0;
  bool inbound = false;
  bool by_staff = false;
  std::int64_t at = 0;
};

} // namespace stoop::storage
