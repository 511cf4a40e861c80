// The dashboard's repositories: people and sign-in, conversation state,
// requests and opportunities, contacts as staff see them, reports and the
// audit log. Reached through Store like the others; nothing here commits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/dashboard_records.hpp"

namespace stoop::storage {

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  virtual UserRecord create(UserRecord user) = 0; // fills id; the email must be free (check first)
  virtual std::optional<UserRecord> get(std::int64_t id) = 0;
  virtual std::optional<UserRecord> find_by_email(std::string_view email) = 0;
  virtual std::vector<UserRecord> list() = 0;
  // Everything but the password and the sign-in counters.
  virtual void update_profile(const UserRecord& user) = 0;
  virtual void set_password_hash(std::int64_t user_id, std::string_view hash) = 0;
  // Counts a failed sign-in; from max_failures on, locks until now + lock_ms.
  // Returns the new count.
  virtual int record_failed_signin(std::int64_t user_id, int max_failures, std::int64_t now, std::int64_t lock_ms) = 0;
  virtual void clear_failed_signins(std::int64_t user_id) = 0;

  virtual TeamRecord create_team(TeamRecord team) = 0;
  virtual std::optional<TeamRecord> team(std::int64_t id) = 0;
  virtual std::optional<TeamRecord> find_team(std::string_view name) = 0;
  virtual std::vector<TeamRecord> teams() = 0;
  virtual void update_team(const TeamRecord& team) = 0;
};

class WebSessionRepository {
 public:
  virtual ~WebSessionRepository() = default;
  virtual void create(const WebSessionRecord& session) = 0;
  virtual std::optional<WebSessionRecord> find(std::string_view token_hash) = 0;
  virtual void touch(std::string_view token_hash, std::int64_t last_seen_at, std::int64_t expires_at) = 0;
  virtual void erase(std::string_view token_hash) = 0;
  virtual int erase_for_user(std::int64_t user_id) = 0;
  virtual int erase_expired(std::int64_t now) = 0;
};

class ConversationRepository {
 public:
  virtual ~ConversationRepository() = default;
  virtual std::optional<ConversationRecord> get(std::int64_t contact_id) = 0;
  // Creates the row of a contact who has no message yet.
  virtual ConversationRecord get_or_create(std::int64_t contact_id, std::int64_t now) = 0;
  virtual void update(const ConversationRecord& conversation) = 0;
  virtual std::vector<ConversationSummary> list(const ConversationFilter& filter) = 0;
  // The user who has taken this contact's conversation over, if anyone: then the bot stays silent.
  virtual std::optional<std::int64_t> taken_over_by(std::int64_t contact_id) = 0;

  virtual std::vector<std::string> labels(std::int64_t contact_id) = 0;
  virtual void set_labels(std::int64_t contact_id, const std::vector<std::string>& labels) = 0;
  virtual std::vector<std::string> all_labels() = 0;

  virtual NoteRecord add_note(NoteRecord note) = 0; // fills id
  virtual std::vector<NoteRecord> notes(std::int64_t contact_id) = 0;
};

class OpportunityRepository {
 public:
  virtual ~OpportunityRepository() = default;
  virtual OpportunityRecord create(OpportunityRecord opportunity) = 0; // fills id
  virtual std::optional<OpportunityRecord> get(std::int64_t id) = 0;
  virtual void update(const OpportunityRecord& opportunity) = 0;
  virtual std::vector<OpportunityRecord> list(const OpportunityFilter& filter) = 0;
};

// Contacts as staff look them up, and erasure of a person's data.
class ContactAdminRepository {
 public:
  virtual ~ContactAdminRepository() = default;
  virtual std::vector<ContactSummary> list(const ContactFilter& filter) = 0;
  virtual std::vector<ConsentRecord> consents(std::int64_t contact_id) = 0;
  virtual std::int64_t message_count(std::int64_t contact_id) = 0;
  // Deletes the person's messages, addresses, fields, sessions, notes and
  // conversation, and detaches their poll answers (kept, without what they
  // typed, only for anonymous counts). False when there is no such contact.
  virtual bool erase(std::int64_t contact_id) = 0;
};

class ReportRepository {
 public:
  virtual ~ReportRepository() = default;
  // Answers to result `name` that people agreed to see used in reports, by
  // dimension and category; each person counted once per group and category.
  virtual std::vector<CountRow> result_counts(std::string_view name, ReportDimension by, const ReportRange& range) = 0;
  // How many people answered `name`, per group (the category is left empty).
  virtual std::vector<CountRow> respondents(std::string_view name, ReportDimension by, const ReportRange& range) = 0;
  virtual std::vector<DailyCount> messages_per_day(const ReportRange& range) = 0;
  virtual std::vector<FailedSend> recent_failures(const ReportRange& range, int limit) = 0;
  // Ordered by contact, then time.
  virtual std::vector<MessageEvent> message_events(const ReportRange& range) = 0;
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  virtual std::int64_t record(const AuditRecord& entry) = 0;
  virtual std::vector<AuditRecord> list(const AuditFilter& filter) = 0;
};

} // namespace stoop::storage
