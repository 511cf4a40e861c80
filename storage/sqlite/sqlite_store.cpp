#include <stdexcept>

#include "storage/sqlite/dashboard_repositories.hpp"
#include "storage/sqlite/repositories.hpp"
#include "storage/sqlite/routing_repositories.hpp"
#include "storage/sqlite/transparency.hpp"

namespace stoop::storage {
namespace {

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(const SqliteOptions& options)
      : connection_(options), contacts_(connection_), messages_(connection_), outbox_(connection_),
        sessions_(connection_), timers_(connection_), results_(connection_), consents_(connection_),
        requests_(connection_), request_work_(connection_), engagement_(connection_), crisis_cases_(connection_),
        users_(connection_), web_sessions_(connection_), conversations_(connection_), opportunities_(connection_),
        contact_admin_(connection_), reports_(connection_), audit_(connection_), transparency_(connection_) {
    if (!options.read_only) connection_.migrate();
    if (options.load_dedupe_keys && !options.read_only) messages_.load_dedupe_keys();
  }

  // Prepared once like every other statement: the writer runs a savepoint pair
  // per job, and parsing these texts each time showed in its profile.
  void begin() override {
    connection_.forget_transaction();
    connection_.query("BEGIN IMMEDIATE").run();
  }
  // COMMIT and ROLLBACK forget what the transaction knew of conversations
  // through SQLite's hooks (Connection); ROLLBACK TO has no hook. A touch
  // held back is dropped before a rollback, which would otherwise run it
  // first (Connection::query), and written before a COMMIT, RELEASE or
  // SAVEPOINT.
  void commit() override { connection_.query("COMMIT").run(); }
  void rollback() override {
    connection_.forget_transaction();
    connection_.query("ROLLBACK").run();
  }
  void savepoint() override { connection_.query("SAVEPOINT job").run(); }
  void release_savepoint() override { connection_.query("RELEASE job").run(); }
  void rollback_to_savepoint() override {
    connection_.forget_transaction();
    connection_.query("ROLLBACK TO job").run();
  }

  int wal_frames() override { return connection_.wal_frames(); }
  int checkpoint() override { return connection_.checkpoint(); }
  void sync_database() override { connection_.sync_database(); }
  std::function<void()> log_sync() override { return connection_.log_sync(); }
  int schema_version() override { return connection_.schema_version(); }
  ContactRepository& contacts() override { return contacts_; }
  MessageRepository& messages() override { return messages_; }
  OutboxRepository& outbox() override { return outbox_; }
  SessionRepository& sessions() override { return sessions_; }
  TimerRepository& timers() override { return timers_; }
  ResultRepository& results() override { return results_; }
  ConsentRepository& consents() override { return consents_; }
  RequestRepository& requests() override { return requests_; }
  RequestWorkRepository& request_work() override { return request_work_; }
  EngagementRepository& engagement() override { return engagement_; }
  CrisisCaseRepository& crisis_cases() override { return crisis_cases_; }
  UserRepository& users() override { return users_; }
  WebSessionRepository& web_sessions() override { return web_sessions_; }
  ConversationRepository& conversations() override { return conversations_; }
  OpportunityRepository& opportunities() override { return opportunities_; }
  ContactAdminRepository& contact_admin() override { return contact_admin_; }
  ReportRepository& reports() override { return reports_; }
  AuditRepository& audit() override { return audit_; }
  TransparencyRepository& transparency() override { return transparency_; }

 private:
  Connection connection_;
  SqliteContacts contacts_;
  SqliteMessages messages_;
  SqliteOutbox outbox_;
  SqliteSessions sessions_;
  SqliteTimers timers_;
  SqliteResults results_;
  SqliteConsents consents_;
  SqliteRequests requests_;
  SqliteRequestWork request_work_;
  SqliteEngagement engagement_;
  SqliteCrisisCases crisis_cases_;
  SqliteUsers users_;
  SqliteWebSessions web_sessions_;
  SqliteConversations conversations_;
  SqliteOpportunities opportunities_;
  SqliteContactAdmin contact_admin_;
  SqliteReports reports_;
  SqliteAudit audit_;
  SqliteTransparency transparency_;
};

} // namespace

std::unique_ptr<Store> open_sqlite_store(const SqliteOptions& options) {
  try {
    return std::make_unique<SqliteStore>(options);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot open the store " + options.path + ": " + e.what());
  }
}

} // namespace stoop::storage
