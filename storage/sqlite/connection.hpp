// One SQLite connection with its prepared statements. Each SQL text is
// prepared once and reused; Query resets it on the way out.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "storage/store.hpp"

namespace stoop::storage {

class Query {
 public:
  explicit Query(SQLite::Statement& statement) : statement_(statement) {}
  ~Query() {
    statement_.tryReset();
    try {
      statement_.clearBindings();
    } catch (...) { // cannot fail on a valid statement; never throw from a destructor
    }
  }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  template <class... Values>
  Query& bind(const Values&... values) {
    int index = 1;
    (bind_one(index++, values), ...);
    return *this;
  }
  // Like bind, but SQLite reads each std::string where it is instead of
  // copying it, so every string passed must stay alive and unchanged until
  // this Query is gone; a temporary string does not compile. For the
  // statements every message runs: copying their strings into SQLite and
  // freeing the copies was about a twentieth of the writer's work.
  template <class... Values>
    requires((!std::is_same_v<std::remove_cvref_t<Values>, std::string> || std::is_lvalue_reference_v<Values>) && ...)
  Query& bind_in_place(Values&&... values) {
    int index = 1;
    (bind_in_place_one(index++, values), ...);
    return *this;
  }
  bool step() { return statement_.executeStep(); }
  int run() { return statement_.exec(); } // for statements that return no rows; rows changed

  std::int64_t int64(int column) { return statement_.getColumn(column).getInt64(); }
  int integer(int column) { return statement_.getColumn(column).getInt(); }
  std::string text(int column) { return statement_.getColumn(column).getString(); }
  // Every remaining row's first column, as ids.
  std::vector<std::int64_t> ids() {
    std::vector<std::int64_t> out;
    while (step()) out.push_back(int64(0));
    return out;
  }
  std::optional<std::int64_t> optional_int64(int column) {
    auto c = statement_.getColumn(column);
    if (c.isNull()) return std::nullopt;
    return c.getInt64();
  }
  std::optional<std::string> optional_text(int column) {
    auto c = statement_.getColumn(column);
    if (c.isNull()) return std::nullopt;
    return c.getString();
  }

 private:
  void bind_one(int index, std::int64_t value) { statement_.bind(index, value); }
  void bind_one(int index, int value) { statement_.bind(index, value); }
  void bind_one(int index, std::size_t value) { statement_.bind(index, static_cast<std::int64_t>(value)); }
  void bind_one(int index, bool value) { statement_.bind(index, value ? 1 : 0); }
  void bind_one(int index, const std::string& value) { statement_.bind(index, value); } // copied: temporaries are fine
  void bind_one(int index, std::string_view value) { statement_.bind(index, std::string(value)); }
  void bind_one(int index, const char* value) { statement_.bind(index, value); }
  void bind_one(int index, const std::optional<std::int64_t>& value) {
    if (value) statement_.bind(index, *value); else statement_.bind(index);
  }
  void bind_one(int index, std::nullopt_t) { statement_.bind(index); }
  void bind_in_place_one(int index, const std::string& value) { statement_.bindNoCopy(index, value); }
  template <class Value>
  void bind_in_place_one(int index, const Value& value) {
    bind_one(index, value);
  }

  SQLite::Statement& statement_;
};

class Connection {
 public:
  explicit Connection(const SqliteOptions& options);

  SQLite::Database& database() { return database_; }
  // A reset, reusable statement for this SQL text (prepared on first use).
  Query query(std::string_view sql);
  void exec(const char* sql) { database_.exec(sql); }
  std::int64_t last_insert_id() { return database_.getLastInsertRowid(); }
  int changes() { return database_.getChanges(); }
  int wal_frames() const { return wal_frames_; }
  int checkpoint();     // PASSIVE; the log's size in frames when it started
  void sync_database(); // see Store::sync_database
  // See Store::log_sync: empty unless commits leave the log's sync to the caller.
  std::function<void()> log_sync() const { return log_sync_; }
  // Write transactions this connection has ended (committed or rolled back):
  // a caller that remembers it knows whether it is still in the same one.
  std::uint64_t transactions_ended() const { return transactions_ended_; }
  // PRAGMA data_version: changes when another connection has committed.
  std::int64_t data_version();
  // Between BEGIN and its COMMIT or ROLLBACK (not autocommit).
  bool in_explicit_transaction();

  // What this transaction knows of conversation rows without reading them
  // again: the mark and the glance below. Both are kept only inside an
  // explicit transaction, which no other connection can write into, and
  // forgotten at every BEGIN and ROLLBACK TO (the store's calls), at the
  // COMMIT or ROLLBACK of every write transaction (SQLite's hooks, however it
  // ends), and by every statement that deletes a conversation or moves one
  // to another contact: call forget_conversations() there.
  void forget_conversations() {
    conversation_mark_.reset();
    conversation_glance_.reset();
  }
  // The same, and a held-back inbound touch (below) dropped: for the start
  // and the rollback of a transaction or savepoint, whose work it was.
  void forget_transaction() {
    forget_conversations();
    inbound_touch_.reset();
  }

  // An inbound message's update of its conversation row (last message and
  // inbound times, status open, the inbox's recency when a step behind), held
  // back while the transaction has the sender's glance, so that the flow's
  // session is written with it: one UPDATE of the row instead of two
  // (SqliteSessions::save takes it). Any statement that could see the row
  // runs it first: every statement naming conversations or sessions, and
  // every one that is not a plain INSERT, UPDATE, DELETE or SELECT (so
  // SAVEPOINT, RELEASE and COMMIT). forget_transaction() drops it, as does
  // a rollback however it comes. A COMMIT that does not come through query()
  // while one is held back is refused.
  struct InboundTouch {
    std::int64_t contact_id = 0;
    std::int64_t at = 0;
    bool recent = false; // recent_at moves to `at` too
  };
  // Holds the touch back (running one held before it); the glance at the row,
  // which the touch never makes stale, takes the new recent_at.
  void defer_inbound_touch(InboundTouch touch);
  // The touch held back for this contact, if any; the caller writes it.
  std::optional<InboundTouch> take_inbound_touch(std::int64_t contact_id);
  // The UPDATE that writes a touch: ?1 the contact, ?2 its time, and with
  // the session, ?3 the session's JSON. The same text wherever a touch is
  // written (held back or not, alone or with the session).
  static const std::string& inbound_touch_sql(bool recent, bool with_session);

  // The conversation this transaction last moved forward, and to when: a
  // reply in the same millisecond as the message it answers can then skip an
  // upsert that would change nothing (about a thirtieth of the work per
  // webhook).
  struct ConversationMark {
    std::int64_t contact_id = 0;
    std::int64_t at = 0;
  };
  const std::optional<ConversationMark>& conversation_mark() const { return conversation_mark_; }
  void mark_conversation(std::int64_t contact_id, std::int64_t at);

  // One contact's conversation row as this transaction last read it with the
  // sender (SqliteContacts::find_sender): the inbound path then asks whether
  // staff have taken it over, for the flow's session and whether the inbox's
  // recency is a step behind, and the glance answers each without a statement.
  // Any change SQLite makes to that row forgets it (an update hook), so it can
  // never answer with what the row no longer holds; a statement that changes
  // none of its fields may keep it (see run_inbound_touch).
  //
  // Read in the same statement, what routing asks of every sender next, from
  // tables of their own: any change to a row of crisis_cases, requests or
  // users forgets the glance too.
  struct ConversationGlance {
    std::int64_t contact_id = 0;
    bool exists = false; // no row: nobody has taken it over, and there is no session
    std::optional<std::int64_t> taken_over_by;
    std::optional<std::string> session;
    std::optional<std::int64_t> session_wake_at;
    std::int64_t recent_at = 0;

    std::string channel_id;                        // the sender's identity...
    std::string address;                           // ...on that channel
    std::optional<std::int64_t> open_crisis_case;  // the contact's latest crisis case not cleared
    std::optional<std::int64_t> accepted_request;  // the contact's latest request in 'accepted'
    std::optional<std::int64_t> user_at_address;   // the user reached at the identity (first not disabled)
  };
  // The glance at this contact's row, if this transaction has one.
  const ConversationGlance* conversation_glance(std::int64_t contact_id) const;
  // The same, found by the sender's identity.
  const ConversationGlance* sender_glance(std::string_view channel_id, std::string_view address) const;
  // The same, moved out: the connection has none until it is given back.
  std::optional<ConversationGlance> take_conversation_glance(std::int64_t contact_id);
  void glance_at_conversation(ConversationGlance glance);

  // Applies every migration newer than the stored version, each in its own transaction.
  void migrate();
  int schema_version();

 private:
  SQLite::Database database_;
  // Looked up by the SQL text as given, without copying it into a key.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
  };
  struct Prepared {
    std::unique_ptr<SQLite::Statement> statement;
    bool may_see_conversations = true; // runs a held-back touch first
  };
  std::unordered_map<std::string, Prepared, SqlHash, std::equal_to<>> statements_;
  // Found again by the address of the SQL text, which for a string literal
  // never changes, before hashing the whole text: hashing the texts of a
  // webhook's 17 or so statements was about 5,000 instructions. A slot whose
  // address now holds other text (a freed string's memory reused) fails the
  // comparison.
  struct Recent {
    const char* sql = nullptr;
    Prepared* prepared = nullptr;
  };
  std::array<Recent, 256> recent_{};
  std::uint64_t transactions_ended_ = 0;
  // Not through query(): a PRAGMA there would first write a held-back touch.
  std::unique_ptr<SQLite::Statement> data_version_;
  std::optional<ConversationMark> conversation_mark_;
  std::optional<ConversationGlance> conversation_glance_;
  std::optional<InboundTouch> inbound_touch_;
  void run_inbound_touch();
  int auto_checkpoint_pages_;
  int wal_frames_ = 0; // set by SQLite's WAL hook after each commit
  std::function<void()> log_sync_;
};

} // namespace stoop::storage
