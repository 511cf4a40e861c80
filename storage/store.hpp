// The store, behind interfaces so that a PostgreSQL backend can follow the
// SQLite one. All calls on one Store happen on one thread (the bot's store
// thread); the bot brackets them in transactions, so a repository call never
// commits on its own.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/messages.hpp"
#include "storage/dashboard_store.hpp"
#include "storage/records.hpp"
#include "storage/routing_store.hpp"
#include "storage/transparency_store.hpp"

namespace stoop::storage {

class ContactRepository {
 public:
  virtual ~ContactRepository() = default;
  virtual std::optional<IdentityRecord> find_identity(std::string_view channel_id, std::string_view address) = 0;
  // The identity and its contact in one read: what the inbound path needs of a
  // sender it already knows.
  virtual std::optional<std::pair<IdentityRecord, ContactRecord>> find_sender(std::string_view channel_id,
                                                                              std::string_view address) = 0;
  virtual ContactRecord create(ContactRecord contact) = 0; // fills id
  virtual IdentityRecord add_identity(std::int64_t contact_id, std::string_view channel_id, std::string_view address,
                                      std::string_view phone_key, std::int64_t now) = 0;
  // An identity on another phone channel with the same number, if any.
  virtual std::optional<IdentityRecord> find_by_phone_key(std::string_view phone_key) = 0;
  // Moves everything of `absorb` (identities, messages, answers, requests...) to
  // `keep` and deletes `absorb`. Consent: the stricter wins (opted out if either
  // is; a purpose granted only if neither refused it).
  virtual void merge(std::int64_t keep, std::int64_t absorb) = 0;
  virtual void add_link_code(std::string_view code, std::int64_t contact_id, std::int64_t expires_at) = 0;
  // The contact a valid code belongs to; the code is used up.
  virtual std::optional<std::int64_t> take_link_code(std::string_view code, std::int64_t now) = 0;
  virtual std::optional<ContactRecord> get(std::int64_t id) = 0;
  virtual void update(const ContactRecord& contact) = 0;
  // The identity's last_inbound_at (the contact's is its conversation's, which
  // storing the message keeps current).
  virtual void touch_identity(std::int64_t identity_id, std::int64_t now) = 0;
  virtual std::vector<IdentityRecord> identities(std::int64_t contact_id) = 0;
  virtual std::int64_t count() = 0;
};

class MessageRepository {
 public:
  virtual ~MessageRepository() = default;
  // nullopt when a message with that channel and provider id is already stored.
  virtual std::optional<std::int64_t> insert_inbound(const MessageRecord& message) = 0;
  virtual std::int64_t insert_outbound(const MessageRecord& message) = 0;
  // A provider's delivery report. Never moves a message back to a lower status.
  // Returns the message's id when a message was updated.
  virtual std::optional<std::int64_t> apply_status(std::string_view channel_id, std::string_view provider_message_id,
                                                   MessageStatus status, std::string_view error, std::int64_t now) = 0;
  virtual void mark_sent(std::int64_t message_id, std::string_view provider_message_id, MessageStatus status,
                         std::string_view error, std::int64_t now) = 0;
  virtual std::optional<MessageRecord> get(std::int64_t id) = 0;
  // Oldest first, ids greater than after_id.
  virtual std::vector<MessageRecord> for_contact(std::int64_t contact_id, std::int64_t after_id, int limit) = 0;
  // The newest `limit` with ids greater than after_id, oldest first: a transcript's last page.
  virtual std::vector<MessageRecord> latest_for_contact(std::int64_t contact_id, std::int64_t after_id, int limit) = 0;
  virtual std::vector<MessageRecord> for_contact_on_channel(std::int64_t contact_id, std::string_view channel_id,
                                                            std::int64_t after_id, int limit) = 0;
};

class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;
  virtual std::int64_t enqueue(const OutboxRecord& row) = 0;
  // Marks up to `limit` due rows of a channel "sending" and returns them, the
  // oldest first and never two for one contact, and none for a contact that
  // has a row in flight, in backoff, or listed in skip_contacts: so one
  // contact's messages go out in order. A row held for later (not_before,
  // quiet hours) that was never tried does not block the contact's later rows.
  virtual std::vector<OutboxRecord> claim_due(std::string_view channel_id, std::int64_t now, std::size_t limit,
                                              const std::unordered_set<std::int64_t>& skip_contacts) = 0;
  virtual void complete(std::int64_t id) = 0;
  virtual void reschedule(std::int64_t id, std::int64_t next_attempt_at, std::string_view error) = 0;
  virtual void fail(std::int64_t id, std::string_view error) = 0;
  virtual void hold(std::int64_t id, std::string_view error) = 0;
  // Cancels a contact's pending rows (all, or all but consent confirmations); returns how many.
  virtual int cancel_pending(std::int64_t contact_id, bool keep_consent) = 0;
  // After a restart: rows that were in flight when the process died go back to pending.
  virtual int release_claimed() = 0;
  virtual std::int64_t depth() = 0; // pending + sending
  virtual std::optional<std::int64_t> next_due(std::string_view channel_id) = 0;
  virtual std::optional<OutboxRecord> get(std::int64_t id) = 0;
};

struct StoredSession {
  std::string state_json;
  std::optional<std::int64_t> wake_at;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual std::optional<StoredSession> load(std::int64_t contact_id) = 0;
  // The state; the wake time stays as it is (none for a new session).
  virtual void save(std::int64_t contact_id, std::string_view state_json, std::int64_t now) = 0;
  // When the scheduler wakes the session (see take_due), if ever. In the
  // session's own row, but a statement of its own: saving the state alone
  // leaves the wake time's index entry untouched.
  virtual void set_wake(std::int64_t contact_id, std::optional<std::int64_t> wake_at) = 0;
  virtual void erase(std::int64_t contact_id) = 0;
  // The contacts whose session's wake time has come (at most `limit`,
  // earliest first). Each is taken: its wake time is cleared, so it wakes once
  // unless it is saved with another.
  virtual std::vector<std::int64_t> take_due(std::int64_t now, std::size_t limit) = 0;
  virtual std::optional<std::int64_t> next_wake() = 0;
};

class TimerRepository {
 public:
  virtual ~TimerRepository() = default;
  // Arms (or re-arms) the timer kind+key.
  virtual void set(std::string_view kind, std::string_view key, std::int64_t due_at, std::string_view payload_json) = 0;
  virtual void cancel(std::string_view kind, std::string_view key) = 0;
  virtual std::optional<TimerRecord> find(std::string_view kind, std::string_view key) = 0;
  // Removes and returns up to `limit` timers due at `now`; firing happens in the
  // same transaction, so a timer fires exactly once.
  virtual std::vector<TimerRecord> take_due(std::int64_t now, std::size_t limit) = 0;
  virtual std::optional<std::int64_t> next_due() = 0;
};

class ResultRepository {
 public:
  virtual ~ResultRepository() = default;
  virtual std::int64_t add(const ResultRecord& result) = 0;
  virtual std::vector<ResultRecord> for_contact(std::int64_t contact_id) = 0;
};

class ConsentRepository {
 public:
  virtual ~ConsentRepository() = default;
  virtual void set(std::int64_t contact_id, std::string_view purpose, bool granted, std::int64_t now) = 0;
  // nullopt: the person was never asked about that purpose.
  virtual std::optional<bool> get(std::int64_t contact_id, std::string_view purpose) = 0;
};

class RequestRepository {
 public:
  virtual ~RequestRepository() = default;
  virtual std::int64_t create(const RequestRecord& request) = 0;
  virtual std::optional<RequestRecord> get(std::int64_t id) = 0;
  // Newest first (the dashboard's request board).
  virtual std::vector<RequestRecord> list(const RequestFilter& filter) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual void begin() = 0; // takes the write lock at once
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual void savepoint() = 0; // nested inside the open transaction
  virtual void release_savepoint() = 0;
  virtual void rollback_to_savepoint() = 0;

  // Write-ahead log upkeep (SQLite's WAL; other backends may ignore it).
  // Frames in the log after this connection's last commit.
  virtual int wal_frames() { return 0; }
  // A PASSIVE checkpoint: copies to the database what no reader still needs,
  // never waits for anyone. Returns the log's size in frames when it started;
  // frames committed while it copied are left for the next one.
  virtual int checkpoint() { return 0; }
  // Makes what checkpoints copied into the database file durable. SQLite
  // syncs the file itself only after a checkpoint that found nothing new
  // committed meanwhile; under steady load that is the writer's, so without
  // this the writer flushed every page the background copy wrote.
  virtual void sync_database() {}
  // Set when this connection's commits do not wait for the disk
  // (SqliteOptions::sync_log_separately): calling it makes every transaction
  // committed so far durable. It may be called from any thread, while the
  // connection runs the next transaction. Empty when each commit syncs itself.
  virtual std::function<void()> log_sync() { return {}; }

  virtual int schema_version() = 0;
  virtual ContactRepository& contacts() = 0;
  virtual MessageRepository& messages() = 0;
  virtual OutboxRepository& outbox() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual TimerRepository& timers() = 0;
  virtual ResultRepository& results() = 0;
  virtual ConsentRepository& consents() = 0;
  virtual RequestRepository& requests() = 0;
  // Routing's (storage/routing_store.hpp).
  virtual RequestWorkRepository& request_work() = 0;
  virtual EngagementRepository& engagement() = 0;
  virtual CrisisCaseRepository& crisis_cases() = 0;
  // The dashboard's (storage/dashboard_store.hpp).
  virtual UserRepository& users() = 0;
  virtual WebSessionRepository& web_sessions() = 0;
  virtual ConversationRepository& conversations() = 0;
  virtual OpportunityRepository& opportunities() = 0;
  virtual ContactAdminRepository& contact_admin() = 0;
  virtual ReportRepository& reports() = 0;
  virtual AuditRepository& audit() = 0;
  // Results back to the community and data rights (storage/transparency_store.hpp).
  virtual TransparencyRepository& transparency() = 0;
};

struct SqliteOptions {
  std::string path;                 // a file, or ":memory:" in unit tests
  std::string synchronous = "full"; // "full" (default: every commit on disk) or "normal"
  bool read_only = false;
  int busy_timeout_ms = 5000;
  // Pages in the WAL at which a commit checkpoints on its own thread (SQLite's
  // wal_autocheckpoint). 0 turns that off: the bot's store thread checkpoints
  // from a separate connection instead, off the commit path.
  int auto_checkpoint_pages = 1000;
  int cache_kib = 2048; // page cache per connection
  // With synchronous "full", commit without waiting for the disk and leave
  // the log's sync to Store::log_sync(), so a caller that answers only after
  // that sync can run its next transaction while the last one is written.
  // Nothing may be acknowledged before the sync; the store thread sees to it.
  bool sync_log_separately = false;
  // Read every inbound dedupe key into memory on opening (the writer's store),
  // rather than at the first inbound message (storage/sqlite/dedupe_filter.hpp).
  bool load_dedupe_keys = false;
};

// Opens (creating if needed) and migrates to the newest schema; throws
// std::runtime_error with a one-line reason when it cannot.
std::unique_ptr<Store> open_sqlite_store(const SqliteOptions& options);

} // namespace stoop::storage
