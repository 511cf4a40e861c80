// The SQLite implementations of the repositories. Private to storage/.
#pragma once

#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/dedupe_filter.hpp"
#include "storage/store.hpp"

namespace stoop::storage {

// Cancels a contact's replies that wait to be sent (pending or held), the
// consent confirmations too unless keep_consent; returns how many.
int cancel_waiting(Connection& db, std::int64_t contact_id, bool keep_consent);

// A conversation's `recent_at`, which the inbox's index is on, trails its
// `last_message_at` by less than this (migration 0013): never later, and
// moved only when a message finds it this far behind.
constexpr std::int64_t conversation_recency_step_ms = 60'000;

// A contact's messages and answers are indexed by epoch, then by contact
// (migration 0016: `id >> 18`, a run of 262,144 ids), so that new entries go
// into a small part of each index. The queries find a contact's rows one
// epoch at a time. epochs_cte(table, first_id) is `WITH RECURSIVE epochs(n)
// AS (...)`: the epochs of `table`'s ids from that of the SQL expression
// `first_id` up to the newest. contact_rows(table, alias, contact) joins
// those epochs with the rows of `table` (as `alias`) whose contact is the
// SQL expression `contact`.
//
// The shift is written `>> 18` in every SQL text (SQLite uses an index on an
// expression only where a query has the same text); epoch_shift is the same
// number for C++ (the inbound dedupe keys' epochs, migration 0017).
constexpr int epoch_shift = 18;
std::string epochs_cte(std::string_view table, std::string_view first_id);
std::string contact_rows(std::string_view table, std::string_view alias, std::string_view contact);
// The id of the newest message of `contact` (an SQL expression), with epochs_cte's
// epochs from the first: the newest of each epoch's newest, one search each.
std::string newest_contact_message(std::string_view contact);

class SqliteContacts final : public ContactRepository {
 public:
  explicit SqliteContacts(Connection& connection) : db_(connection) {}
  std::optional<IdentityRecord> find_identity(std::string_view channel_id, std::string_view address) override;
  std::optional<std::pair<IdentityRecord, ContactRecord>> find_sender(std::string_view channel_id,
                                                                      std::string_view address) override;
  ContactRecord create(ContactRecord contact) override;
  IdentityRecord add_identity(std::int64_t contact_id, std::string_view channel_id, std::string_view address,
                              std::string_view phone_key, std::int64_t now) override;
  std::optional<IdentityRecord> find_by_phone_key(std::string_view phone_key) override;
  void merge(std::int64_t keep, std::int64_t absorb) override;
  void add_link_code(std::string_view code, std::int64_t contact_id, std::int64_t expires_at) override;
  std::optional<std::int64_t> take_link_code(std::string_view code, std::int64_t now) override;
  std::optional<ContactRecord> get(std::int64_t id) override;
  void update(const ContactRecord& contact) override;
  void touch_identity(std::int64_t identity_id, std::int64_t now) override;
  std::vector<IdentityRecord> identities(std::int64_t contact_id) override;
  std::int64_t count() override;

 private:
  Connection& db_;
};

class SqliteMessages final : public MessageRepository {
 public:
  explicit SqliteMessages(Connection& connection) : db_(connection) {}
  std::optional<std::int64_t> insert_inbound(const MessageRecord& message) override;
  std::int64_t insert_outbound(const MessageRecord& message) override;
  std::optional<std::int64_t> apply_status(std::string_view channel_id, std::string_view provider_message_id,
                                           MessageStatus status, std::string_view error, std::int64_t now) override;
  void mark_sent(std::int64_t message_id, std::string_view provider_message_id, MessageStatus status,
                 std::string_view error, std::int64_t now) override;
  std::optional<MessageRecord> get(std::int64_t id) override;
  std::vector<MessageRecord> for_contact(std::int64_t contact_id, std::int64_t after_id, int limit) override;
  std::vector<MessageRecord> latest_for_contact(std::int64_t contact_id, std::int64_t after_id, int limit) override;
  std::vector<MessageRecord> for_contact_on_channel(std::int64_t contact_id, std::string_view channel_id,
                                                    std::int64_t after_id, int limit) override;

  // Reads every stored dedupe key into dedupe_, unless it has them all:
  // the first time, and again whenever another connection has committed
  // since (it may have stored keys). insert_inbound calls it first; the
  // writer's store at opening too (SqliteOptions::load_dedupe_keys).
  void load_dedupe_keys();
  std::size_t dedupe_loads() const { return dedupe_loads_; } // for tests

 private:
  Connection& db_;
  DedupeFilter dedupe_;
  std::uint64_t dedupe_loads_ = 0;
  std::optional<std::int64_t> dedupe_version_; // data_version when the keys were read; none before
  std::optional<std::uint64_t> dedupe_checked_; // transactions_ended() at the last look at data_version
  std::vector<std::int64_t> dedupe_epochs_;    // reused by each look-up
};

class SqliteOutbox final : public OutboxRepository {
 public:
  explicit SqliteOutbox(Connection& connection) : db_(connection) {}
  std::int64_t enqueue(const OutboxRecord& row) override;
  std::vector<OutboxRecord> claim_due(std::string_view channel_id, std::int64_t now, std::size_t limit,
                                      const std::unordered_set<std::int64_t>& skip_contacts) override;
  void complete(std::int64_t id) override;
  void reschedule(std::int64_t id, std::int64_t next_attempt_at, std::string_view error) override;
  void fail(std::int64_t id, std::string_view error) override;
  void hold(std::int64_t id, std::string_view error) override;
  int cancel_pending(std::int64_t contact_id, bool keep_consent) override;
  int release_claimed() override;
  std::int64_t depth() override;
  std::optional<std::int64_t> next_due(std::string_view channel_id) override;
  std::optional<OutboxRecord> get(std::int64_t id) override;

 private:
  Connection& db_;
};

class SqliteSessions final : public SessionRepository {
 public:
  explicit SqliteSessions(Connection& connection) : db_(connection) {}
  std::optional<StoredSession> load(std::int64_t contact_id) override;
  void save(std::int64_t contact_id, std::string_view state_json, std::int64_t now) override;
  void set_wake(std::int64_t contact_id, std::optional<std::int64_t> wake_at) override;
  void erase(std::int64_t contact_id) override;
  std::vector<std::int64_t> take_due(std::int64_t now, std::size_t limit) override;
  std::optional<std::int64_t> next_wake() override;

 private:
  Connection& db_;
};

class SqliteTimers final : public TimerRepository {
 public:
  explicit SqliteTimers(Connection& connection) : db_(connection) {}
  void set(std::string_view kind, std::string_view key, std::int64_t due_at, std::string_view payload_json) override;
  void cancel(std::string_view kind, std::string_view key) override;
  std::optional<TimerRecord> find(std::string_view kind, std::string_view key) override;
  std::vector<TimerRecord> take_due(std::int64_t now, std::size_t limit) override;
  std::optional<std::int64_t> next_due() override;

 private:
  Connection& db_;
};

class SqliteResults final : public ResultRepository {
 public:
  explicit SqliteResults(Connection& connection) : db_(connection) {}
  std::int64_t add(const ResultRecord& result) override;
  std::vector<ResultRecord> for_contact(std::int64_t contact_id) override;

 private:
  Connection& db_;
};

class SqliteConsents final : public ConsentRepository {
 public:
  explicit SqliteConsents(Connection& connection) : db_(connection) {}
  void set(std::int64_t contact_id, std::string_view purpose, bool granted, std::int64_t now) override;
  std::optional<bool> get(std::int64_t contact_id, std::string_view purpose) override;

 private:
  Connection& db_;
};

class SqliteRequests final : public RequestRepository {
 public:
  explicit SqliteRequests(Connection& connection) : db_(connection) {}
  std::int64_t create(const RequestRecord& request) override;
  std::optional<RequestRecord> get(std::int64_t id) override;        // requests_opportunities.cpp
  std::vector<RequestRecord> list(const RequestFilter& filter) override; // requests_opportunities.cpp

 private:
  Connection& db_;
};

} // namespace stoop::storage
