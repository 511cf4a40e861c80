// The SQLite store on its own: dedupe, status ranking, the outbox's ordering
// and claiming, timers, migrations, merging contacts.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/store.hpp"
#include "tests/storage/inbound_message.hpp"
#include "tests/support/temp_dir.hpp"

namespace stoop::storage {
namespace {

// What EXPLAIN QUERY PLAN says of `sql`, a line for each step.
std::string query_plan(SQLite::Database& db, const std::string& sql) {
  SQLite::Statement plan(db, "EXPLAIN QUERY PLAN " + sql);
  std::string details;
  while (plan.executeStep()) details += plan.getColumn(3).getString() + "\n";
  return details;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_sqlite_store({":memory:"});
    store_->begin();
  }
  void TearDown() override { store_->commit(); }

  ContactRecord contact(const std::string& uuid) {
    ContactRecord c;
    c.uuid = uuid;
    c.created_at = 1;
    return store_->contacts().create(c);
  }
  MessageRecord outbound(std::int64_t contact_id, std::int64_t created_at = 0, const std::string& channel = "sms") {
    MessageRecord m;
    m.contact_id = contact_id;
    m.channel_id = channel;
    m.direction = Direction::out;
    m.status = "queued";
    m.created_at = created_at;
    return m;
  }
  // Stores an inbound message at `at`, with the conversation it touches; false if it was a duplicate.
  bool receive_at(std::int64_t contact_id, const std::string& provider_id, std::int64_t at) {
    auto m = inbound_message(contact_id, provider_id);
    m.created_at = at;
    return store_->messages().insert_inbound(m).has_value();
  }
  std::int64_t queue(std::int64_t contact_id, std::int64_t due = 0, const std::string& channel = "sms",
                     const std::string& kind = "reply") {
    auto message_id = store_->messages().insert_outbound(outbound(contact_id, 0, channel));
    OutboxRecord row;
    row.message_id = message_id;
    row.contact_id = contact_id;
    row.channel_id = channel;
    row.address = "+1";
    row.payload_json = "{}";
    row.kind = kind;
    row.idempotency_key = "k" + std::to_string(message_id);
    row.next_attempt_at = due;
    return store_->outbox().enqueue(row);
  }

  std::unique_ptr<Store> store_;
};

// The conversation a message touches, as the dashboard lists it.
TEST_F(StoreTest, ARepliesMillisecondMovesItsConversationOnlyForward) {
  auto c = contact("conv");
  ASSERT_TRUE(receive_at(c.id, "SMconv", 100));
  auto reply = outbound(c.id, 100); // the same millisecond: nothing to move
  store_->messages().insert_outbound(reply);
  auto conversation = store_->conversations().get(c.id);
  ASSERT_TRUE(conversation);
  EXPECT_EQ(conversation->last_message_at, 100);
  ASSERT_TRUE(conversation->last_inbound_at);
  EXPECT_EQ(*conversation->last_inbound_at, 100);
  reply.created_at = 150; // later: the conversation follows
  store_->messages().insert_outbound(reply);
  EXPECT_EQ(store_->conversations().get(c.id)->last_message_at, 150);
}

TEST_F(StoreTest, AReplyAfterARolledBackMessageStillMakesItsConversation) {
  auto c = contact("rolled");
  store_->savepoint();
  ASSERT_TRUE(receive_at(c.id, "SMrolled", 100));
  store_->rollback_to_savepoint(); // the message and its conversation are undone
  store_->release_savepoint();
  ASSERT_FALSE(store_->conversations().get(c.id));
  store_->messages().insert_outbound(outbound(c.id, 100));
  auto conversation = store_->conversations().get(c.id);
  ASSERT_TRUE(conversation);
  EXPECT_EQ(conversation->last_message_at, 100);
}

TEST_F(StoreTest, AContactWithTheIdOfAnErasedOneGetsItsOwnConversation) {
  // SQLite gives the highest rowid again once it is deleted: the new contact
  // has the erased one's id, in the same transaction and millisecond.
  auto erased = contact("erased");
  ASSERT_TRUE(receive_at(erased.id, "SMerased", 100));
  ASSERT_TRUE(store_->contact_admin().erase(erased.id));
  auto next = contact("next");
  ASSERT_EQ(next.id, erased.id);
  store_->messages().insert_outbound(outbound(next.id, 100));
  auto conversation = store_->conversations().get(next.id);
  ASSERT_TRUE(conversation);
  EXPECT_EQ(conversation->last_message_at, 100);
  EXPECT_FALSE(conversation->last_inbound_at);
}

TEST_F(StoreTest, AContactWithTheIdOfAMergedOneGetsItsOwnConversation) {
  // The same for a merge: the absorbed contact's conversation goes, and its
  // id can come back for the next contact in the same transaction.
  auto kept = contact("kept");
  auto absorbed = contact("absorbed");
  ASSERT_TRUE(receive_at(absorbed.id, "SMabsorbed", 100));
  store_->contacts().merge(kept.id, absorbed.id);
  auto next = contact("after-merge");
  ASSERT_EQ(next.id, absorbed.id);
  store_->messages().insert_outbound(outbound(next.id, 100));
  auto conversation = store_->conversations().get(next.id);
  ASSERT_TRUE(conversation);
  EXPECT_EQ(conversation->last_message_at, 100);
  EXPECT_EQ(store_->conversations().get(kept.id)->last_message_at, 100); // the merged one moved to the kept contact
}

// The inbound path reads a known sender's identity and contact together.
TEST_F(StoreTest, ASenderIsFoundWithItsContact) {
  auto a = contact("a");
  a.name = "Ana";
  a.language = "es";
  a.opted_out = true;
  a.opted_out_at = 7;
  a.fields_json = R"({"neighbourhood":"roxbury"})";
  a.groups_json = R"(["poll"])";
  a.last_inbound_at = 5; // not the contact's to store: its conversation's time is read
  store_->contacts().update(a);
  ASSERT_TRUE(receive_at(a.id, "SM9", 9));
  auto b = contact("b"); // another contact, so the join cannot pick the first row by chance
  ASSERT_TRUE(receive_at(b.id, "SM10", 10));
  auto identity = store_->contacts().add_identity(a.id, "sms", "+16175550101", "16175550101", 3);
  store_->contacts().add_identity(a.id + 1, "sms", "+16175550102", "16175550102", 4);

  auto sender = store_->contacts().find_sender("sms", "+16175550101");
  ASSERT_TRUE(sender);
  EXPECT_EQ(sender->first.id, identity.id);
  EXPECT_EQ(sender->first.contact_id, a.id);
  EXPECT_EQ(sender->first.channel_id, "sms");
  EXPECT_EQ(sender->first.address, "+16175550101");
  EXPECT_EQ(sender->first.phone_key, "16175550101");
  EXPECT_EQ(sender->first.created_at, 3);
  auto expected = *store_->contacts().get(a.id);
  EXPECT_EQ(sender->second.id, expected.id);
  EXPECT_EQ(sender->second.uuid, "a");
  EXPECT_EQ(sender->second.name, "Ana");
  EXPECT_EQ(sender->second.language, "es");
  EXPECT_TRUE(sender->second.opted_out);
  EXPECT_EQ(sender->second.opted_out_at, 7);
  EXPECT_EQ(sender->second.fields_json, expected.fields_json);
  EXPECT_EQ(sender->second.groups_json, R"(["poll"])");
  EXPECT_EQ(sender->second.created_at, 1);
  EXPECT_EQ(sender->second.last_inbound_at, 9);
  EXPECT_EQ(expected.last_inbound_at, 9);
  ContactRecord c;
  c.uuid = "c";
  c.last_inbound_at = 4;
  EXPECT_FALSE(store_->contacts().create(c).last_inbound_at);

  EXPECT_FALSE(store_->contacts().find_sender("sms", "+16175550199"));
  EXPECT_FALSE(store_->contacts().find_sender("web", "+16175550101"));
}

TEST_F(StoreTest, InboundDedupeIsPerChannelAndProviderId) {
  auto c = contact("a");
  EXPECT_TRUE(store_->messages().insert_inbound(inbound_message(c.id, "SM1")));
  EXPECT_FALSE(store_->messages().insert_inbound(inbound_message(c.id, "SM1")));
  auto other = inbound_message(c.id, "SM1");
  other.channel_id = "wa";
  EXPECT_TRUE(store_->messages().insert_inbound(other));
}

TEST_F(StoreTest, StatusNeverGoesBackwards) {
  auto c = contact("a");
  MessageRecord m;
  m.contact_id = c.id;
  m.channel_id = "sms";
  m.direction = Direction::out;
  m.status = "queued";
  auto id = store_->messages().insert_outbound(m);
  store_->messages().mark_sent(id, "SMx", MessageStatus::sent, "", 1);
  EXPECT_TRUE(store_->messages().apply_status("sms", "SMx", MessageStatus::delivered, "", 2));
  EXPECT_FALSE(store_->messages().apply_status("sms", "SMx", MessageStatus::sent, "", 3));
  EXPECT_EQ(store_->messages().get(id)->status, "delivered");
  EXPECT_TRUE(store_->messages().apply_status("sms", "SMx", MessageStatus::read, "", 4));
  // A delivery report that overtook the API's answer is kept.
  auto id2 = store_->messages().insert_outbound(m);
  store_->messages().mark_sent(id2, "", MessageStatus::sending, "", 1);
  store_->messages().mark_sent(id2, "SMy", MessageStatus::sent, "", 2);
  EXPECT_TRUE(store_->messages().apply_status("sms", "SMy", MessageStatus::delivered, "", 3));
  store_->messages().mark_sent(id2, "SMy", MessageStatus::sent, "", 4);
  EXPECT_EQ(store_->messages().get(id2)->status, "delivered");
}

TEST_F(StoreTest, ClaimKeepsOneContactInOrder) {
  auto a = contact("a");
  auto b = contact("b");
  auto a1 = queue(a.id);
  auto a2 = queue(a.id);
  auto b1 = queue(b.id);
  auto first = store_->outbox().claim_due("sms", 10, 10, {});
  ASSERT_EQ(first.size(), 2u); // one per contact
  EXPECT_EQ(first[0].id, a1);
  EXPECT_EQ(first[1].id, b1);
  EXPECT_TRUE(store_->outbox().claim_due("sms", 10, 10, {}).empty()); // a2 waits for a1
  store_->outbox().complete(a1);
  auto next = store_->outbox().claim_due("sms", 10, 10, {});
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].id, a2);
  EXPECT_EQ(next[0].attempts, 1);
}

TEST_F(StoreTest, ARowInBackoffHoldsBackItsContactOnly) {
  auto a = contact("a");
  auto b = contact("b");
  auto a1 = queue(a.id, 0);
  ASSERT_EQ(store_->outbox().claim_due("sms", 0, 10, {}).size(), 1u);
  store_->outbox().reschedule(a1, 1000, "503"); // tried once, retried later
  queue(a.id, 0);
  auto b1 = queue(b.id, 0);
  auto claimed = store_->outbox().claim_due("sms", 10, 10, {});
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].id, b1);
  claimed = store_->outbox().claim_due("sms", 1000, 10, {});
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].id, a1);
}

TEST_F(StoreTest, ARowHeldForLaterDoesNotHoldBackItsContact) {
  auto a = contact("a");
  auto held = queue(a.id, 1000); // quiet hours: never tried, due in the morning
  auto reply = queue(a.id, 0);   // a reply to what the person just sent
  auto claimed = store_->outbox().claim_due("sms", 10, 10, {});
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].id, reply);
  store_->outbox().complete(reply);
  claimed = store_->outbox().claim_due("sms", 1000, 10, {});
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].id, held);
}

TEST_F(StoreTest, SkippedContactsAndOtherChannelsAreLeftAlone) {
  auto a = contact("a");
  auto b = contact("b");
  queue(a.id);
  queue(b.id, 0, "wa");
  EXPECT_TRUE(store_->outbox().claim_due("sms", 10, 10, {a.id}).empty());
  EXPECT_EQ(store_->outbox().claim_due("wa", 10, 10, {}).size(), 1u);
}

TEST_F(StoreTest, ClaimedRowsGoBackToPendingAfterARestart) {
  auto a = contact("a");
  queue(a.id);
  ASSERT_EQ(store_->outbox().claim_due("sms", 10, 10, {}).size(), 1u);
  EXPECT_EQ(store_->outbox().release_claimed(), 1);
  EXPECT_EQ(store_->outbox().claim_due("sms", 10, 10, {}).size(), 1u);
}

// STOP cancels what waits to be sent to the person, on every channel, pending
// or held; a consent confirmation only when asked; nobody else's, and nothing
// already sent or on its way.
TEST_F(StoreTest, CancelPendingTakesOnlyTheContactsWaitingReplies) {
  auto a = contact("a");
  auto b = contact("b");
  auto sending = queue(a.id);
  ASSERT_EQ(store_->outbox().claim_due("sms", 10, 1, {}).size(), 1u); // now on its way
  auto done = queue(a.id);
  store_->outbox().complete(done);
  queue(a.id);
  queue(a.id, 0, "wa");
  store_->outbox().hold(queue(a.id, 0, "wa"), "window closed");
  auto consent = queue(a.id, 0, "sms", "consent");
  queue(b.id);
  store_->outbox().hold(queue(b.id, 0, "wa"), "window closed");

  EXPECT_EQ(store_->outbox().cancel_pending(a.id, /*keep_consent=*/true), 3);
  auto state_of = [&](std::int64_t id) { return store_->outbox().get(id)->state; };
  EXPECT_EQ(state_of(consent), "pending");
  EXPECT_EQ(state_of(sending), "sending");
  EXPECT_EQ(state_of(done), "done");
  EXPECT_EQ(store_->outbox().cancel_pending(a.id, /*keep_consent=*/false), 1);
  EXPECT_EQ(state_of(consent), "cancelled");
  EXPECT_EQ(store_->outbox().cancel_pending(b.id, false), 2);
  EXPECT_EQ(store_->outbox().cancel_pending(a.id, false), 0);
}

// A session's wake time lives in its row: saving the state leaves it as it
// is, taking the due ones clears theirs (so each wakes once unless given
// another), and erasing the session takes it along.
TEST_F(StoreTest, SessionsWakeOnceAtTheirWakeTime) {
  auto a = contact("a");
  auto b = contact("b");
  auto c = contact("c");
  for (auto id : {a.id, b.id, c.id}) store_->sessions().save(id, "{}", 1);
  EXPECT_FALSE(store_->sessions().next_wake()); // a new session has none
  store_->sessions().set_wake(a.id, 100);
  store_->sessions().set_wake(b.id, 200);
  store_->sessions().save(a.id, "{\"next\":1}", 2); // the state alone
  EXPECT_EQ(store_->sessions().load(a.id)->wake_at, 100);
  EXPECT_EQ(store_->sessions().load(a.id)->state_json, "{\"next\":1}");
  EXPECT_EQ(store_->sessions().next_wake(), 100);
  EXPECT_TRUE(store_->sessions().take_due(99, 10).empty());
  EXPECT_EQ(store_->sessions().take_due(150, 10), std::vector<std::int64_t>{a.id});
  EXPECT_TRUE(store_->sessions().take_due(150, 10).empty());
  EXPECT_FALSE(store_->sessions().load(a.id)->wake_at); // the session stays; its wake time went
  EXPECT_EQ(store_->sessions().next_wake(), 200);
  store_->sessions().set_wake(a.id, 300);
  store_->sessions().erase(b.id);
  EXPECT_EQ(store_->sessions().next_wake(), 300);
  EXPECT_EQ(store_->sessions().take_due(1000, 10), std::vector<std::int64_t>{a.id});
  EXPECT_FALSE(store_->sessions().next_wake());
}

// A session is part of its contact's conversation row: saving and ending it
// leaves the conversation as it was, and a session can start one.
TEST_F(StoreTest, ASessionLivesInItsConversationRow) {
  auto a = contact("a");
  auto m = inbound_message(a.id, "SM1");
  m.created_at = 100;
  store_->messages().insert_inbound(m);
  store_->sessions().save(a.id, "{\"next\":1}", 150);
  store_->sessions().set_wake(a.id, 900);
  auto conversation = store_->conversations().get(a.id);
  EXPECT_EQ(conversation->last_message_at, 100);
  EXPECT_EQ(conversation->last_inbound_at, 100);
  store_->sessions().erase(a.id);
  EXPECT_FALSE(store_->sessions().load(a.id));
  EXPECT_FALSE(store_->sessions().next_wake());
  EXPECT_EQ(store_->conversations().get(a.id)->last_message_at, 100); // the conversation stays

  auto b = contact("b"); // a flow started before any message: its conversation starts with it
  store_->sessions().save(b.id, "{}", 300);
  EXPECT_EQ(store_->conversations().get(b.id)->last_message_at, 300);
  EXPECT_EQ(store_->sessions().load(b.id)->state_json, "{}");
}

// Merging contacts keeps the kept contact's session and its wake time; the
// absorbed one's session moves over only when the kept contact has none.
TEST_F(StoreTest, MergeKeepsOneSession) {
  auto keep = contact("keep");
  auto absorb = contact("absorb");
  auto other = contact("other");
  store_->sessions().save(absorb.id, "{\"flow\":\"absorbed\"}", 1);
  store_->sessions().set_wake(absorb.id, 500);
  store_->contacts().merge(keep.id, absorb.id); // the kept contact had no conversation at all
  EXPECT_EQ(store_->sessions().load(keep.id)->state_json, "{\"flow\":\"absorbed\"}");
  EXPECT_EQ(store_->sessions().load(keep.id)->wake_at, 500);

  store_->sessions().set_wake(keep.id, std::nullopt); // its session is not waiting now
  store_->sessions().save(other.id, "{\"flow\":\"other\"}", 1);
  store_->sessions().set_wake(other.id, 100);
  store_->contacts().merge(keep.id, other.id);
  EXPECT_EQ(store_->sessions().load(keep.id)->state_json, "{\"flow\":\"absorbed\"}");
  EXPECT_FALSE(store_->sessions().load(keep.id)->wake_at);
  EXPECT_FALSE(store_->sessions().next_wake()); // the other's wait went with its session
}

TEST_F(StoreTest, TimersFireOnceAndRearmReplaces) {
  store_->timers().set("flow_timeout", "7", 100, "{}");
  store_->timers().set("flow_timeout", "7", 200, "{}"); // re-armed: one timer, the later deadline
  EXPECT_TRUE(store_->timers().take_due(150, 10).empty());
  EXPECT_EQ(store_->timers().next_due(), 200);
  EXPECT_EQ(store_->timers().take_due(250, 10).size(), 1u);
  EXPECT_TRUE(store_->timers().take_due(250, 10).empty());
  EXPECT_FALSE(store_->timers().next_due());
}

TEST_F(StoreTest, MergeKeepsHistoryAndTheStricterConsent) {
  auto keep = contact("keep");
  auto absorb = contact("absorb");
  absorb.opted_out = true;
  absorb.language = "es";
  absorb.fields_json = R"({"neighbourhood":"roxbury","x":"1"})";
  keep.fields_json = R"({"x":"2"})";
  store_->contacts().update(absorb);
  store_->contacts().update(keep);
  store_->contacts().add_identity(absorb.id, "tg", "4242", "", 1);
  store_->messages().insert_inbound(inbound_message(absorb.id, "SM9"));
  store_->consents().set(keep.id, "reports", true, 1);
  store_->consents().set(absorb.id, "reports", false, 1);
  store_->consents().set(absorb.id, "service", true, 1);
  queue(keep.id);

  store_->contacts().merge(keep.id, absorb.id);
  auto merged = store_->contacts().get(keep.id);
  ASSERT_TRUE(merged);
  EXPECT_FALSE(store_->contacts().get(absorb.id));
  EXPECT_TRUE(merged->opted_out);
  EXPECT_EQ(merged->language, "es");
  EXPECT_EQ(merged->fields_json, R"({"neighbourhood":"roxbury","x":"2"})");
  EXPECT_EQ(store_->contacts().identities(keep.id).size(), 1u);
  EXPECT_EQ(store_->messages().for_contact(keep.id, 0, 10).size(), 2u);
  EXPECT_EQ(store_->consents().get(keep.id, "reports"), false);
  EXPECT_EQ(store_->consents().get(keep.id, "service"), true);
  EXPECT_EQ(store_->outbox().depth(), 0); // opted out: the queued reply is cancelled
}

TEST_F(StoreTest, LinkCodesAreUsedOnceAndExpire) {
  auto a = contact("a");
  store_->contacts().add_link_code("123456", a.id, 1000);
  store_->contacts().add_link_code("654321", a.id, 1000);
  EXPECT_EQ(store_->contacts().take_link_code("123456", 500), a.id);
  EXPECT_FALSE(store_->contacts().take_link_code("123456", 500));
  EXPECT_FALSE(store_->contacts().take_link_code("654321", 2000));
}

TEST(Migrations, ApplyOnceAndRecordEachVersion) {
  testing::TempDir folder;
  auto path = folder.file("stoop.db");
  { auto store = open_sqlite_store({path}); }
  { auto store = open_sqlite_store({path}); } // again: nothing to do, no error
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM schema_migrations WHERE version = 1").getInt(), 1);
  EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
  // A database written by a newer stoop is refused with a clear reason.
  db.exec("INSERT INTO schema_migrations (version, name) VALUES (9999, 'future')");
  try {
    open_sqlite_store({path});
    FAIL() << "a newer schema was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("newer stoop"), std::string::npos);
  }
}

// The outbound index holds only replies the provider has named; a status
// callback's lookup must still use it, or each callback would read every message.
TEST(Migrations, AStatusLookupUsesTheOutboundIndex) {
  testing::TempDir folder;
  auto path = folder.file("stoop.db");
  { auto store = open_sqlite_store({path}); }
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  auto details = query_plan(db, "SELECT id, status FROM messages WHERE channel_id = ? "
                                "AND provider_message_id = ? AND direction = 'out'");
  EXPECT_NE(details.find("USING INDEX messages_outbound_provider"), std::string::npos) << details;
}

// A store on a file, so that a test can read the file on its own connection.
class Dedupe : public ::testing::Test {
 protected:
  std::int64_t add_contact(const std::string& uuid) {
    ContactRecord c;
    c.uuid = uuid;
    return store_->contacts().create(c).id;
  }

  testing::TempDir folder_;
  std::string path_ = folder_.file("stoop.db");
  std::unique_ptr<Store> store_ = open_sqlite_store({path_});
};

// Inbound messages are found again by a 64-bit key (migration 15), which two
// provider ids may share: the insert compares the exact pair, so the second
// is stored too, and each one's retry is still a duplicate. The lookup reads
// the keys' table by epoch and key (migration 17) and the message by its id.
TEST_F(Dedupe, TwoProviderIdsWithOneKeyAreTwoMessages) {
  store_->begin();
  auto contact_id = add_contact("u1");
  store_->commit();
  {
    // A message whose id is another than SMreal's, stored under SMreal's key.
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    SQLite::Statement row(db, "INSERT INTO messages (contact_id, channel_id, direction, provider_message_id, body, "
                              "status, created_at, updated_at) VALUES (?, 'sms', 'in', 'SMtwin', 'a', 'received', 1, "
                              "1)");
    row.bind(1, contact_id);
    row.exec();
    SQLite::Statement key(db, "INSERT INTO inbound_keys (epoch, key, message_id) VALUES (?2 >> 18, ?1, ?2)");
    key.bind(1, inbound_dedupe_key("sms", "SMreal"));
    key.bind(2, db.getLastInsertRowid());
    key.exec();
    auto details = query_plan(db, "SELECT 1 FROM inbound_keys k JOIN messages m ON m.id = k.message_id WHERE "
                                  "k.epoch = ? AND k.key = ? AND m.channel_id = ? AND m.provider_message_id = ? "
                                  "AND m.direction = 'in'");
    EXPECT_NE(details.find("SEARCH k USING PRIMARY KEY (epoch=? AND key=?)"), std::string::npos) << details;
    EXPECT_NE(details.find("SEARCH m USING INTEGER PRIMARY KEY (rowid=?)"), std::string::npos) << details;
  }
  auto m = inbound_message(contact_id, "SMreal");
  store_->begin();
  EXPECT_TRUE(store_->messages().insert_inbound(m));
  EXPECT_FALSE(store_->messages().insert_inbound(m));
  store_->commit();
  EXPECT_NE(inbound_dedupe_key("sms", "SMreal"), inbound_dedupe_key("sms", "SMtwin"));
  EXPECT_NE(inbound_dedupe_key("sms", "SMreal"), inbound_dedupe_key("wa", "SMreal"));
  EXPECT_NE(inbound_dedupe_key("sm", "sSMreal"), inbound_dedupe_key("sms", "SMreal")); // the zero byte between
}

// A key worked out before the writer (Pipeline::read) is the one stored and
// looked up; without one, the store works it out.
TEST_F(Dedupe, AKeyGivenWithTheMessageIsTheOneUsed) {
  store_->begin();
  auto contact_id = add_contact("u1");
  auto given = inbound_message(contact_id, "SMgiven");
  given.dedupe_key = 12345;
  auto given_id = store_->messages().insert_inbound(given);
  ASSERT_TRUE(given_id);
  EXPECT_FALSE(store_->messages().insert_inbound(given)); // found by the given key
  auto worked_out_id = store_->messages().insert_inbound(inbound_message(contact_id, "SMother"));
  ASSERT_TRUE(worked_out_id);
  store_->commit();
  SQLite::Database db(path_, SQLite::OPEN_READONLY);
  auto key_of = [&](std::int64_t id) {
    return db.execAndGet("SELECT key FROM inbound_keys WHERE message_id = " + std::to_string(id)).getInt64();
  };
  EXPECT_EQ(key_of(*given_id), 12345);
  EXPECT_EQ(key_of(*worked_out_id), inbound_dedupe_key("sms", "SMother"));
}

// Erasing someone erases their messages' keys too, and nobody else's.
TEST_F(Dedupe, ErasingAContactErasesTheirKeys) {
  store_->begin();
  std::vector<std::int64_t> ids{add_contact("gone"), add_contact("stays")};
  for (const char* provider_id : {"SM1", "SM2", "SM3"}) {
    for (auto id : ids) {
      ASSERT_TRUE(store_->messages().insert_inbound(inbound_message(id, std::string(provider_id) + "-" + std::to_string(id))));
    }
  }
  ASSERT_TRUE(store_->contact_admin().erase(ids[0]));
  store_->commit();
  SQLite::Database db(path_, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM inbound_keys").getInt(), 3);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM inbound_keys k JOIN messages m ON m.id = k.message_id "
                          "WHERE m.contact_id = " + std::to_string(ids[1]))
                .getInt(),
            3);
}

// A database as a release that stopped at `last_version` left it.
void apply_migrations_up_to(SQLite::Database& db, int last_version) {
  db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
          "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)");
  for (const auto& m : migrations()) {
    if (m.version > last_version) continue;
    db.exec(std::string(m.sql));
    db.exec("INSERT INTO schema_migrations (version, name) VALUES (" + std::to_string(m.version) + ", 'm')");
  }
}

// A database file in `folder` as a release that stopped at `last_version`
// left it, holding `rows` (SQL statements); its path.
std::string database_at(testing::TempDir& folder, int last_version, std::initializer_list<std::string> rows) {
  auto path = folder.file("stoop.db");
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  apply_migrations_up_to(db, last_version);
  for (const auto& row : rows) db.exec(row);
  return path;
}

// Migration 9 rebuilds the outbox without the unique index on its keys: a
// database that had queued replies keeps every row as it was, and the claim
// still reads the pending index.
TEST(Migrations, TheOutboxRebuildKeepsQueuedReplies) {
  testing::TempDir folder;
  auto path = folder.file("stoop.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    apply_migrations_up_to(db, 8);
    db.exec("INSERT INTO contacts (id, uuid, created_at) VALUES (7, 'u7', 1)");
    db.exec("INSERT INTO messages (id, contact_id, channel_id, direction, body, status, created_at, updated_at) "
            "VALUES (40, 7, 'sms', 'out', 'hello', 'queued', 5, 5)");
    db.exec("INSERT INTO outbox (id, message_id, contact_id, channel_id, address, payload, kind, idempotency_key, "
            "state, attempts, next_attempt_at, last_error, created_at) VALUES (12, 40, 7, 'sms', '+16175550101', "
            "'{\"text\":\"hello\"}', 'reply', 'stoop-key-12', 'pending', 2, 900, 'timeout', 5)");
    // Before: the key is unique.
    EXPECT_THROW(db.exec("INSERT INTO outbox (message_id, contact_id, channel_id, address, payload, kind, "
                         "idempotency_key, next_attempt_at, created_at) VALUES (40, 7, 'sms', 'a', '{}', 'reply', "
                         "'stoop-key-12', 1, 1)"),
                 SQLite::Exception);
  }
  auto store = open_sqlite_store({path});
  auto claimed = store->outbox().claim_due("sms", 1000, 10, {});
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].id, 12);
  EXPECT_EQ(claimed[0].message_id, 40);
  EXPECT_EQ(claimed[0].contact_id, 7);
  EXPECT_EQ(claimed[0].address, "+16175550101");
  EXPECT_EQ(claimed[0].payload_json, "{\"text\":\"hello\"}");
  EXPECT_EQ(claimed[0].body, "hello"); // the message's text, read with the row
  EXPECT_EQ(claimed[0].kind, "reply");
  EXPECT_EQ(claimed[0].idempotency_key, "stoop-key-12");
  EXPECT_EQ(claimed[0].attempts, 3);
  EXPECT_EQ(claimed[0].last_error, "timeout");
  EXPECT_EQ(claimed[0].created_at, 5);
  store.reset();

  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM schema_migrations WHERE version = 9").getInt(), 1);
  // After: no index on the key, the foreign keys kept, and the claim's index in place.
  EXPECT_NO_THROW(db.exec("INSERT INTO outbox (message_id, contact_id, channel_id, address, payload, kind, "
                          "idempotency_key, next_attempt_at, created_at) VALUES (40, 7, 'sms', 'a', '{}', 'reply', "
                          "'stoop-key-12', 1, 1)"));
  db.exec("PRAGMA foreign_keys = ON");
  EXPECT_THROW(db.exec("INSERT INTO outbox (message_id, contact_id, channel_id, address, payload, kind, "
                       "idempotency_key, next_attempt_at, created_at) VALUES (41, 7, 'sms', 'a', '{}', 'reply', "
                       "'k', 1, 1)"),
               SQLite::Exception);
  auto details = query_plan(db, "SELECT id FROM outbox WHERE channel_id = 'sms' "
                                "AND state = 'pending' AND id > 0 ORDER BY id LIMIT 16");
  EXPECT_NE(details.find("USING INDEX outbox_pending"), std::string::npos) << details;
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM sqlite_schema WHERE tbl_name = 'outbox' AND type = 'index' "
                          "AND name IN ('outbox_pending', 'outbox_sending', 'outbox_held')")
                .getInt(),
            3);
}

// Migration 10 moves the contact's last inbound time to its conversation: a
// contact whose conversation lacked it, or had an older one, shows the same
// time afterwards, and the contact's own column is gone.
TEST(Migrations, TheContactsLastInboundTimeMovesToItsConversation) {
  testing::TempDir folder;
  auto path =
      database_at(folder, 9,
                  {"INSERT INTO contacts (id, uuid, created_at, last_inbound_at) VALUES (1, 'no-conversation', 1, 50), "
                   "(2, 'older', 1, 40), (3, 'newer', 1, 20), (4, 'never', 1, NULL)",
                   "INSERT INTO conversations (contact_id, last_message_at, last_inbound_at, updated_at, status) "
                   "VALUES (2, 45, 10, 45, 'resolved'), (3, 60, 30, 60, 'open')"});
  auto store = open_sqlite_store({path});
  store->begin();
  EXPECT_EQ(store->contacts().get(1)->last_inbound_at, 50);
  EXPECT_EQ(store->contacts().get(2)->last_inbound_at, 40);
  EXPECT_EQ(store->contacts().get(3)->last_inbound_at, 30);
  EXPECT_FALSE(store->contacts().get(4)->last_inbound_at);
  EXPECT_EQ(store->conversations().get(1)->last_message_at, 50);
  EXPECT_EQ(store->conversations().get(2)->last_message_at, 45);
  EXPECT_EQ(store->conversations().get(2)->status, "resolved"); // only the times move
  EXPECT_FALSE(store->conversations().get(4));
  store->commit();
  store.reset();

  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM pragma_table_info('contacts') WHERE name = 'last_inbound_at'").getInt(),
            0);
}

// Migration 11 drops the index of waiting replies by contact: what waits is
// kept, the pending index carries the contact, held replies keep one by
// contact, and STOP still finds a person's replies through them.
TEST(Migrations, WaitingRepliesAreFoundWithoutTheirIndexByContact) {
  testing::TempDir folder;
  auto path = database_at(
      folder, 10,
      {"INSERT INTO contacts (id, uuid, created_at) VALUES (7, 'u7', 1), (8, 'u8', 1)",
       "INSERT INTO messages (id, contact_id, channel_id, direction, body, status, created_at, updated_at) "
       "VALUES (40, 7, 'sms', 'out', 'a', 'queued', 5, 5), (41, 7, 'wa', 'out', 'b', 'queued', 5, 5), "
       "(42, 8, 'sms', 'out', 'c', 'queued', 5, 5)",
       "INSERT INTO outbox (id, message_id, contact_id, channel_id, address, payload, kind, idempotency_key, "
       "state, next_attempt_at, created_at) VALUES (1, 40, 7, 'sms', '+1', '{}', 'reply', 'k1', 'pending', 5, 5), "
       "(2, 41, 7, 'wa', '+1', '{}', 'reply', 'k2', 'held', 5, 5), "
       "(3, 42, 8, 'sms', '+2', '{}', 'reply', 'k3', 'pending', 5, 5)"});
  auto store = open_sqlite_store({path});
  store->begin();
  EXPECT_EQ(store->outbox().cancel_pending(7, true), 2);
  EXPECT_EQ(store->outbox().get(3)->state, "pending");
  EXPECT_EQ(store->outbox().claim_due("sms", 10, 10, {}).size(), 1u); // the claim reads the new pending index
  store->commit();
  store.reset();

  SQLite::Database db(path, SQLite::OPEN_READONLY);
  auto indexes = [&](const char* names) {
    return db
        .execAndGet(std::string("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND name IN (") + names + ")")
        .getInt();
  };
  EXPECT_EQ(indexes("'outbox_contact'"), 0);
  EXPECT_EQ(indexes("'outbox_pending', 'outbox_held'"), 2);
  EXPECT_EQ(
      db.execAndGet("SELECT COUNT(*) FROM pragma_index_info('outbox_pending') WHERE name = 'contact_id'").getInt(), 1);
}

// Migration 12 moves each flow timer into its session's row: a session whose
// timer was armed wakes at its wait's deadline, one without stays without,
// and the flow timers go; other timers stay.
TEST(Migrations, FlowTimersBecomeTheirSessionsWakeTimes) {
  testing::TempDir folder;
  auto path =
      database_at(folder, 11,
                  {"INSERT INTO contacts (id, uuid, created_at) VALUES (7, 'u7', 1), (8, 'u8', 1), (9, 'u9', 1), "
                   "(10, 'u10', 1)",
                   "INSERT INTO sessions (contact_id, state, updated_at) VALUES "
                   "(7, '{\"deadline_ms\":5000,\"version\":1}', 1), (8, '{\"deadline_ms\":6000,\"version\":1}', 1), "
                   "(9, '{\"version\":1}', 1), (10, 'not json', 1)",
                   "INSERT INTO timers (kind, key, due_at, payload) VALUES ('flow_timeout', '7', 5000, '{}'), "
                   "('flow_timeout', '10', 5000, '{}'), ('request_offer', '3', 700, '{}')"});
  auto store = open_sqlite_store({path});
  store->begin();
  EXPECT_EQ(store->sessions().next_wake(), 5000);
  // 8 had no timer: as before; 10's state is no JSON (no deadline to read), and the upgrade goes on.
  EXPECT_EQ(store->sessions().take_due(100'000, 10), std::vector<std::int64_t>{7});
  EXPECT_EQ(store->timers().next_due(), 700);
  EXPECT_FALSE(store->timers().find("flow_timeout", "7"));
  store->commit();
  store.reset();

  SQLite::Database db(path, SQLite::OPEN_READONLY);
  // The index of wake times, on the conversations since migration 14.
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND name = 'conversations_wake'")
                .getInt(),
            1);
}

// Migration 14 moves each session into its contact's conversation row: the
// state and wake time move, the conversation's own columns stay, a session
// without a conversation gets one, and `sessions` is a view of them.
TEST(Migrations, SessionsMoveIntoTheirConversations) {
  testing::TempDir folder;
  auto path = database_at(
      folder, 13,
      {"INSERT INTO contacts (id, uuid, created_at) VALUES (1, 'u1', 1), (2, 'u2', 1), (3, 'u3', 1)",
       "INSERT INTO conversations (contact_id, status, last_message_at, last_inbound_at, updated_at, recent_at) "
       "VALUES (1, 'resolved', 400, 300, 450, 400), (3, 'open', 900, 900, 900, 900)",
       "INSERT INTO sessions (contact_id, state, updated_at, wake_at) VALUES "
       "(1, '{\"flow\":\"poll\"}', 420, 5000), (2, '{\"flow\":\"intake\"}', 700, NULL)"});
  auto store = open_sqlite_store({path});
  store->begin();
  EXPECT_EQ(store->sessions().load(1)->state_json, "{\"flow\":\"poll\"}");
  EXPECT_EQ(store->sessions().load(1)->wake_at, 5000);
  EXPECT_EQ(store->sessions().load(2)->state_json, "{\"flow\":\"intake\"}");
  EXPECT_FALSE(store->sessions().load(3));
  auto kept = store->conversations().get(1);
  EXPECT_EQ(kept->status, "resolved");
  EXPECT_EQ(kept->last_message_at, 400);
  EXPECT_EQ(kept->updated_at, 450);
  EXPECT_EQ(store->conversations().get(2)->last_message_at, 700); // made for the session
  EXPECT_EQ(store->sessions().take_due(10'000, 10), std::vector<std::int64_t>{1});
  store->commit();
  store.reset();

  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT group_concat(contact_id) FROM (SELECT contact_id FROM sessions ORDER BY 1)")
                .getString(),
            "1,2");
  EXPECT_EQ(db.execAndGet("SELECT type FROM sqlite_schema WHERE name = 'sessions'").getString(), "view");
}

// Migration 13 lists the inbox by `recent_at`, a copy of the last message
// time: every conversation starts with the copy equal to it, and the inbox's
// index is on the copy.
TEST(Migrations, TheInboxIsIndexedByACopyOfTheLastMessageTime) {
  testing::TempDir folder;
  auto path = database_at(folder, 12,
                          {"INSERT INTO contacts (id, uuid, created_at) VALUES (1, 'u1', 1), (2, 'u2', 1)",
                           "INSERT INTO conversations (contact_id, last_message_at, last_inbound_at, updated_at) "
                           "VALUES (1, 400, 300, 400), (2, 900, 900, 900)"});
  auto store = open_sqlite_store({path});
  store->begin();
  auto rows = store->conversations().list({});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].conversation.contact_id, 2);
  EXPECT_EQ(rows[1].conversation.last_message_at, 400);
  store->commit();
  store.reset();

  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT group_concat(recent_at) FROM (SELECT recent_at FROM conversations "
                          "ORDER BY contact_id)")
                .getString(),
            "400,900");
  EXPECT_EQ(db.execAndGet("SELECT group_concat(name) FROM pragma_index_info('conversations_recent')").getString(),
            "recent_at,contact_id");
}

// Migration 15 keys every inbound message of an older database, so a
// provider's retry of a message stored before the upgrade is still a
// duplicate; replies get no key, and the old dedupe index is gone.
TEST(Migrations, InboundMessagesGetTheirDedupeKeys) {
  testing::TempDir folder;
  auto path = database_at(
      folder, 14,
      {"INSERT INTO contacts (id, uuid, created_at) VALUES (1, 'u1', 1)",
       "INSERT INTO messages (id, contact_id, channel_id, direction, provider_message_id, body, status, created_at, "
       "updated_at) VALUES (1, 1, 'sms', 'in', 'SMold', 'hi', 'received', 1, 1), "
       "(2, 1, 'sms', 'out', 'SMsent', 'ok', 'sent', 2, 2), (3, 1, 'tg', 'in', '42', 'yo', 'received', 3, 3)"});
  auto store = open_sqlite_store({path});
  auto retry = inbound_message(1, "SMold");
  store->begin();
  EXPECT_FALSE(store->messages().insert_inbound(retry));
  retry.provider_message_id = "SMnew";
  EXPECT_TRUE(store->messages().insert_inbound(retry));
  store->commit();
  store.reset();

  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement keys(db, "SELECT key, message_id FROM inbound_keys WHERE message_id <= 3 ORDER BY message_id");
  std::vector<std::pair<std::int64_t, std::int64_t>> found;
  while (keys.executeStep()) found.emplace_back(keys.getColumn(0).getInt64(), keys.getColumn(1).getInt64());
  std::vector<std::pair<std::int64_t, std::int64_t>> expected{{inbound_dedupe_key("sms", "SMold"), 1},
                                                              {inbound_dedupe_key("tg", "42"), 3}};
  EXPECT_EQ(found, expected);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'messages_inbound_dedupe'").getInt(), 0);
}

// A conversation's `recent_at` is moved by a message that finds it a step
// (a minute) behind, and not by the messages in between, whichever way they
// go: the inbox's index entry stays where it is for someone answering a flow.
TEST(ConversationRecency, MovesOnlyWhenAMinuteBehind) {
  testing::TempDir folder;
  auto path = folder.file("stoop.db");
  auto store = open_sqlite_store({path});
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  store->begin();
  ContactRecord c;
  c.uuid = "u1";
  auto id = store->contacts().create(c).id;
  store->commit();
  int sent = 0;
  auto recent_after = [&](Direction direction, std::int64_t at) {
    MessageRecord m;
    m.contact_id = id;
    m.channel_id = "sms";
    m.direction = direction;
    m.provider_message_id = "p" + std::to_string(++sent);
    m.status = direction == Direction::in ? "received" : "sent";
    m.created_at = at;
    m.updated_at = at;
    store->begin();
    if (direction == Direction::in) {
      store->messages().insert_inbound(m);
    } else {
      store->messages().insert_outbound(m);
    }
    store->commit();
    return db.execAndGet("SELECT recent_at FROM conversations").getInt64();
  };
  EXPECT_EQ(recent_after(Direction::in, 1'000), 1'000);   // the first message sets it
  EXPECT_EQ(recent_after(Direction::in, 60'999), 1'000);  // under a minute behind: left
  EXPECT_EQ(recent_after(Direction::out, 61'000), 61'000); // a minute behind: moved, by a reply too
  EXPECT_EQ(recent_after(Direction::out, 100'000), 61'000);
  EXPECT_EQ(recent_after(Direction::in, 121'000), 121'000);
  EXPECT_EQ(recent_after(Direction::in, 50'000), 121'000); // an older message (a late retry) moves nothing
  EXPECT_EQ(db.execAndGet("SELECT last_message_at FROM conversations").getInt64(), 121'000);
}

// A checkpoint reports the log's size when it started (the background
// checkpointer repeats its copy by how much that grew), and what it copied can
// be made durable without the writer.
TEST(Checkpoints, ReportTheLogTheyCopiedAndSyncTheDatabase) {
  testing::TempDir folder;
  SqliteOptions options{folder.file("stoop.db")};
  options.auto_checkpoint_pages = 0;
  auto store = open_sqlite_store(options);
  store->begin();
  for (int i = 0; i < 50; ++i) {
    ContactRecord c;
    c.uuid = "uuid-" + std::to_string(i);
    c.name = std::string(500, 'n');
    store->contacts().create(c);
  }
  store->commit();
  int frames = store->wal_frames();
  EXPECT_GT(frames, 5);
  EXPECT_EQ(store->checkpoint(), frames);
  EXPECT_NO_THROW(store->sync_database());
  EXPECT_EQ(store->contacts().count(), 50);
  auto memory = open_sqlite_store({":memory:"});
  EXPECT_NO_THROW(memory->sync_database()); // nothing on disk: nothing to do
}

} // namespace
} // namespace stoop::storage
