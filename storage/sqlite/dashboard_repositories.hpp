// The SQLite implementations of the dashboard's repositories. Private to storage/.
#pragma once

#include "storage/dashboard_store.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/repositories.hpp"

namespace stoop::storage {

// The SQL that groups poll answers (the results table, or `alias` for it) by
// a report dimension. Week groups are named by their Monday.
std::string results_group_expression(ReportDimension by, std::string_view alias);

class SqliteUsers final : public UserRepository {
 public:
  explicit SqliteUsers(Connection& connection) : db_(connection) {}
  UserRecord create(UserRecord user) override;
  std::optional<UserRecord> get(std::int64_t id) override;
  std::optional<UserRecord> find_by_email(std::string_view email) override;
  std::vector<UserRecord> list() override;
  void update_profile(const UserRecord& user) override;
  void set_password_hash(std::int64_t user_id, std::string_view hash) override;
  int record_failed_signin(std::int64_t user_id, int max_failures, std::int64_t now, std::int64_t lock_ms) override;
  void clear_failed_signins(std::int64_t user_id) override;
  TeamRecord create_team(TeamRecord team) override;
  std::optional<TeamRecord> team(std::int64_t id) override;
  std::optional<TeamRecord> find_team(std::string_view name) override;
  std::vector<TeamRecord> teams() override;
  void update_team(const TeamRecord& team) override;

 private:
  Connection& db_;
};

class SqliteWebSessions final : public WebSessionRepository {
 public:
  explicit SqliteWebSessions(Connection& connection) : db_(connection) {}
  void create(const WebSessionRecord& session) override;
  std::optional<WebSessionRecord> find(std::string_view token_hash) override;
  void touch(std::string_view token_hash, std::int64_t last_seen_at, std::int64_t expires_at) override;
  void erase(std::string_view token_hash) override;
  int erase_for_user(std::int64_t user_id) override;
  int erase_expired(std::int64_t now) override;

 private:
  Connection& db_;
};

class SqliteConversations final : public ConversationRepository {
 public:
  explicit SqliteConversations(Connection& connection) : db_(connection) {}
  std::optional<ConversationRecord> get(std::int64_t contact_id) override;
  ConversationRecord get_or_create(std::int64_t contact_id, std::int64_t now) override;
  void update(const ConversationRecord& conversation) override;
  std::vector<ConversationSummary> list(const ConversationFilter& filter) override;
  std::optional<std::int64_t> taken_over_by(std::int64_t contact_id) override;
  std::vector<std::string> labels(std::int64_t contact_id) override;
  void set_labels(std::int64_t contact_id, const std::vector<std::string>& labels) override;
  std::vector<std::string> all_labels() override;
  NoteRecord add_note(NoteRecord note) override;
  std::vector<NoteRecord> notes(std::int64_t contact_id) override;

 private:
  Connection& db_;
};

class SqliteOpportunities final : public OpportunityRepository {
 public:
  explicit SqliteOpportunities(Connection& connection) : db_(connection) {}
  OpportunityRecord create(OpportunityRecord opportunity) override;
  std::optional<OpportunityRecord> get(std::int64_t id) override;
  void update(const OpportunityRecord& opportunity) override;
  std::vector<OpportunityRecord> list(const OpportunityFilter& filter) override;

 private:
  Connection& db_;
};

class SqliteContactAdmin final : public ContactAdminRepository {
 public:
  explicit SqliteContactAdmin(Connection& connection) : db_(connection) {}
  std::vector<ContactSummary> list(const ContactFilter& filter) override;
  std::vector<ConsentRecord> consents(std::int64_t contact_id) override;
  std::int64_t message_count(std::int64_t contact_id) override;
  bool erase(std::int64_t contact_id) override;

 private:
  Connection& db_;
};

class SqliteReports final : public ReportRepository {
 public:
  explicit SqliteReports(Connection& connection) : db_(connection) {}
  std::vector<CountRow> result_counts(std::string_view name, ReportDimension by, const ReportRange& range) override;
  std::vector<CountRow> respondents(std::string_view name, ReportDimension by, const ReportRange& range) override;
  std::vector<DailyCount> messages_per_day(const ReportRange& range) override;
  std::vector<FailedSend> recent_failures(const ReportRange& range, int limit) override;
  std::vector<MessageEvent> message_events(const ReportRange& range) override;

 private:
  Connection& db_;
};

class SqliteAudit final : public AuditRepository {
 public:
  explicit SqliteAudit(Connection& connection) : db_(connection) {}
  std::int64_t record(const AuditRecord& entry) override;
  std::vector<AuditRecord> list(const AuditFilter& filter) override;

 private:
  Connection& db_;
};

// Contact merge (SqliteContacts::merge): the absorbed contact's conversation
// state, labels and notes join the kept contact's before the absorbed one goes.
void merge_conversation_rows(Connection& db, std::int64_t keep, std::int64_t absorb);

// A JSON array of strings as SQLite's json_group_array writes it; [] for NULL or anything else.
std::vector<std::string> parse_string_array(const std::string& json);
// "50%_off" → "%50\%\_off%", for LIKE ? ESCAPE '\'; "" stays "" (the filter is off).
std::string like_pattern(const std::string& text);

} // namespace stoop::storage
