// The connection's glance at a sender's conversation row: taken with the
// sender, it answers the inbound path's next questions about the row (taken
// over? the flow's session? the inbox's recency?) and routing's about the
// sender (an open crisis case? an accepted request? a user at the number?),
// and is forgotten by any change to the row or to the tables routing asks,
// by the end of the transaction and by a rollback.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>

#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/dashboard_repositories.hpp"
#include "storage/sqlite/repositories.hpp"
#include "storage/sqlite/routing_repositories.hpp"
#include "storage/store.hpp"

namespace stoop::storage {
namespace {

class ConversationGlanceTest : public ::testing::Test {
 protected:
  ConversationGlanceTest() : db_(SqliteOptions{":memory:"}), contacts_(db_), messages_(db_), sessions_(db_),
                             conversations_(db_), crisis_(db_), work_(db_) {
    db_.migrate();
    db_.database().exec("INSERT INTO users (id, email, name, role, password_hash, created_at) "
             "VALUES (7, 'staff@example.org', 'Staff', 'staff', 'x', 1)");
    ana_ = add_sender("ana", "+16175550101");
    ben_ = add_sender("ben", "+16175550102");
  }

  // A contact with an SMS number and a conversation whose inbox time is 1,000.
  std::int64_t add_sender(const std::string& uuid, const std::string& number) {
    ContactRecord c;
    c.uuid = uuid;
    auto id = contacts_.create(c).id;
    contacts_.add_identity(id, "sms", number, number.substr(1), 1);
    receive(id, uuid + "-first", 1'000);
    return id;
  }
  void receive(std::int64_t contact_id, const std::string& provider_id, std::int64_t at) {
    MessageRecord m;
    m.contact_id = contact_id;
    m.channel_id = "sms";
    m.provider_message_id = provider_id;
    m.status = "received";
    m.created_at = at;
    m.updated_at = at;
    ASSERT_TRUE(messages_.insert_inbound(m));
  }
  // Through the connection, as the store reads: a touch held back is written first.
  std::int64_t column(const char* sql, std::int64_t contact_id) {
    auto q = db_.query(sql);
    q.bind(contact_id);
    EXPECT_TRUE(q.step());
    return q.int64(0);
  }
  std::int64_t recent_at(std::int64_t contact_id) {
    return column("SELECT recent_at FROM conversations WHERE contact_id = ?", contact_id);
  }
  std::int64_t last_inbound_at(std::int64_t contact_id) {
    return column("SELECT last_inbound_at FROM conversations WHERE contact_id = ?", contact_id);
  }
  void run(const char* sql) { db_.query(sql).run(); }

  Connection db_;
  SqliteContacts contacts_;
  SqliteMessages messages_;
  SqliteSessions sessions_;
  SqliteConversations conversations_;
  SqliteCrisisCases crisis_;
  SqliteRequestWork work_;
  std::int64_t ana_ = 0;
  std::int64_t ben_ = 0;
};

TEST_F(ConversationGlanceTest, ASenderBringsTheirConversationRowAlong) {
  sessions_.save(ana_, R"({"flow":"poll"})", 1'000);
  sessions_.set_wake(ana_, 5'000);
  db_.database().exec("UPDATE conversations SET taken_over_by = 7 WHERE contact_id = " + std::to_string(ana_));
  db_.database().exec("BEGIN IMMEDIATE");
  ASSERT_TRUE(contacts_.find_sender("sms", "+16175550101"));
  const auto* glance = db_.conversation_glance(ana_);
  ASSERT_NE(glance, nullptr);
  EXPECT_TRUE(glance->exists);
  EXPECT_EQ(glance->taken_over_by, 7);
  EXPECT_EQ(glance->session, R"({"flow":"poll"})");
  EXPECT_EQ(glance->session_wake_at, 5'000);
  EXPECT_EQ(glance->recent_at, 1'000);
  EXPECT_EQ(db_.conversation_glance(ben_), nullptr); // one row: the sender's
  EXPECT_EQ(conversations_.taken_over_by(ana_), 7);
  auto session = sessions_.load(ana_);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->state_json, R"({"flow":"poll"})");
  EXPECT_EQ(session->wake_at, 5'000);
  db_.database().exec("COMMIT");
  EXPECT_EQ(db_.conversation_glance(ana_), nullptr); // nothing outside a transaction
}

// However a transaction ends, the next one starts without its glance: another
// connection may have changed the row in between.
TEST_F(ConversationGlanceTest, TheNextTransactionStartsWithoutIt) {
  for (const char* end : {"COMMIT", "ROLLBACK"}) {
    db_.database().exec("BEGIN IMMEDIATE");
    ASSERT_TRUE(contacts_.find_sender("sms", "+16175550101"));
    ASSERT_NE(db_.conversation_glance(ana_), nullptr);
    db_.database().exec(end);
    db_.database().exec("BEGIN IMMEDIATE");
    EXPECT_EQ(db_.conversation_glance(ana_), nullptr) << "after " << end;
    db_.database().exec("COMMIT");
  }
}

TEST_F(ConversationGlanceTest, OutsideATransactionNothingIsKept) {
  ASSERT_TRUE(contacts_.find_sender("sms", "+16175550101"));
  EXPECT_EQ(db_.conversation_glance(ana_), nullptr);
}

TEST_F(ConversationGlanceTest, AnyChangeToTheRowForgetsIt) {
  db_.database().exec("BEGIN IMMEDIATE");
  ASSERT_TRUE(contacts_.find_sender("sms", "+16175550101"));
  db_.database().exec("UPDATE conversations SET urgent = 1 WHERE contact_id = " + std::to_string(ben_)); // another row
  ASSERT_NE(db_.conversation_glance(ana_), nullptr);
  db_.database().exec("UPDATE conversations SET taken_over_by = 7 WHERE contact_id = " + std::to_string(ana_));
  EXPECT_EQ(db_.conversation_glance(ana_), nullptr);
  EXPECT_EQ(conversations_.taken_over_by(ana_), 7); // read again

  ASSERT_TRUE(contacts_.find_sender("sms", "+16175550101"));
  sessions_.save(ana_, R"({"flow":"next"})", 2'000);
  EXPECT_EQ(db_.conversation_glance(ana_), nullptr);
  EXPECT_EQ(sessions_.load(ana_)->state_json, R"({"flow":"next"})");

  ASSERT_TRUE(contacts_.find_sender("sms", "+16175550101"));
  sessions_.erase(ana_);
  EXPECT_FALSE(sessions_.load(ana_));

  ASSERT_TRUE(contacts_.find_sender("sms", "+16175550101"));
  db_.database().exec("DELETE FROM conversations WHERE contact_id = " + std::to_string(ana_));
  EXPECT_EQ(db_.conversation_glance(ana_), nullptr);
  EXPECT_FALSE(conversations_.taken_over_by(ana_));
  db_.database().exec("COMMIT");
}

// A person's message keeps the glance (it changes none of its fields) and
// moves the inbox's recency only when it is a minute behind, as without it.
TEST_F(ConversationGlanceTest, AMessageKeepsItAndMovesTheRecencyOnlyWhenBehind) {
  run("BEGIN IMMEDIATE");
  ASSERT_TRUE(contacts_.find_sender("sms", "+16175550101"));
  receive(ana_, "SM2", 60'999);
  ASSERT_NE(db_.conversation_glance(ana_), nullptr);
  EXPECT_EQ(db_.conversation_glance(ana_)->recent_at, 1'000);
  EXPECT_EQ(recent_at(ana_), 1'000);
  run("COMMIT");

  run("BEGIN IMMEDIATE");
  ASSERT_TRUE(contacts_.find_sender("sms", "+16175550101"));
  receive(ana_, "SM3", 61'000);
  ASSERT_NE(db_.conversation_glance(ana_), nullptr);
  EXPECT_EQ(db_.conversation_glance(ana_)->recent_at, 61'000);
  EXPECT_EQ(recent_at(ana_), 61'000);
  ASSERT_NE(db_.conversation_glance(ana_), nullptr); // kept over the touch's own UPDATE
  receive(ana_, "SM4", 121'000); // the same transaction: the glance knows it moved
  EXPECT_EQ(recent_at(ana_), 121'000);
  run("COMMIT");
  EXPECT_EQ(db_.database().execAndGet("SELECT last_message_at FROM conversations WHERE contact_id = " +
                                      std::to_string(ana_)).getInt64(),
            121'000);
}

// A message's touch of its conversation waits for the flow's session and is
// written with it: one UPDATE of the row, not two.
TEST_F(ConversationGlanceTest, AMessagesTouchIsWrittenWithTheSession) {
  run("BEGIN IMMEDIATE");
  ASSERT_TRUE(contacts_.find_sender("sms", "+16175550101"));
  receive(ana_, "SM2", 61'000);
  auto changes = sqlite3_total_changes(db_.database().getHandle());
  sessions_.save(ana_, R"({"flow":"poll"})", 61'000);
  EXPECT_EQ(sqlite3_total_changes(db_.database().getHandle()) - changes, 1);
  run("COMMIT");
  EXPECT_EQ(last_inbound_at(ana_), 61'000);
  EXPECT_EQ(recent_at(ana_), 61'000);
  EXPECT_EQ(column("SELECT last_message_at FROM conversations WHERE contact_id = ?", ana_), 61'000);
  EXPECT_EQ(sessions_.load(ana_)->state_json, R"({"flow":"poll"})");

  // Without a session to write, the COMMIT writes it.
  db_.database().exec("UPDATE conversations SET status = 'resolved' WHERE contact_id = " + std::to_string(ben_));
  run("BEGIN IMMEDIATE");
  ASSERT_TRUE(contacts_.find_sender("sms", "+16175550102"));
  receive(ben_, "SM3", 62'000);
  run("COMMIT");
  EXPECT_EQ(last_inbound_at(ben_), 62'000);
  EXPECT_EQ(db_.database().execAndGet("SELECT status FROM conversations WHERE contact_id = " + std::to_string(ben_))
                .getString(),
            "open");
}

// Anything that could see the row, or end the work the touch belongs to,
// finds it written; statements of other tables leave it waiting.
TEST_F(ConversationGlanceTest, AHeldBackTouchIsWrittenBeforeAnythingCouldMissIt) {
  run("BEGIN IMMEDIATE");
  ASSERT_TRUE(contacts_.find_sender("sms", "+16175550101"));
  receive(ana_, "SM2", 61'000);
  auto changes = sqlite3_total_changes(db_.database().getHandle());
  run("UPDATE identities SET last_inbound_at = 61000 WHERE address = '+16175550101'");
  EXPECT_EQ(sqlite3_total_changes(db_.database().getHandle()) - changes, 1); // the identity alone
  EXPECT_EQ(last_inbound_at(ana_), 61'000);                                 // a read of the row
  run("COMMIT");

  // Opened after the message, a savepoint rolled back keeps the touch.
  run("BEGIN IMMEDIATE");
  ASSERT_TRUE(contacts_.find_sender("sms", "+16175550101"));
  receive(ana_, "SM3", 62'000);
  run("SAVEPOINT later");
  db_.forget_transaction(); // as the store rolls back to a savepoint (SqliteStore)
  run("ROLLBACK TO later");
  run("RELEASE later");
  run("COMMIT");
  EXPECT_EQ(last_inbound_at(ana_), 62'000);
}

// Rolled back with the message it belongs to, as the store rolls back: the
// touch goes too, and a COMMIT that bypasses the connection is refused.
TEST_F(ConversationGlanceTest, AHeldBackTouchGoesWithItsRollback) {
  run("BEGIN IMMEDIATE");
  run("SAVEPOINT job");
  ASSERT_TRUE(contacts_.find_sender("sms", "+16175550101"));
  receive(ana_, "SM2", 61'000);
  db_.forget_transaction();
  run("ROLLBACK TO job");
  run("RELEASE job");
  run("COMMIT");
  EXPECT_EQ(last_inbound_at(ana_), 1'000);

  run("BEGIN IMMEDIATE");
  ASSERT_TRUE(contacts_.find_sender("sms", "+16175550101"));
  receive(ana_, "SM3", 63'000);
  EXPECT_THROW(db_.database().exec("COMMIT"), SQLite::Exception);
  EXPECT_TRUE(db_.database().getHandle() && sqlite3_get_autocommit(db_.database().getHandle()));
  EXPECT_EQ(last_inbound_at(ana_), 1'000);
  EXPECT_EQ(db_.database().execAndGet("SELECT COUNT(*) FROM messages WHERE provider_message_id = 'SM3'").getInt(), 0);
}

TEST_F(ConversationGlanceTest, RoutingsQuestionsComeWithTheSender) {
  auto exec = [this](const std::string& sql) { db_.database().exec(sql); };
  auto ana = std::to_string(ana_);
  exec("INSERT INTO crisis_cases (id, contact_id, language, category, phrase, flagged_at) VALUES (3, " + ana +
       ", 'en', 'self_harm', 'x', 1)");
  exec("INSERT INTO crisis_cases (id, contact_id, language, category, phrase, flagged_at, cleared_at) VALUES (4, " +
       ana + ", 'en', 'self_harm', 'x', 2, 3)"); // cleared: not the open one
  exec("INSERT INTO requests (id, contact_id, status, created_at, updated_at) VALUES (5, " + ana + ", 'accepted', 1, 1)");
  exec("INSERT INTO requests (id, contact_id, status, created_at, updated_at) VALUES (6, " + ana + ", 'resolved', 1, 1)");
  exec("INSERT INTO users (id, email, name, role, password_hash, created_at, reach_channel, reach_address) "
       "VALUES (8, 'student@example.org', 'Student', 'student', 'x', 1, 'sms', '+16175550101')");

  exec("BEGIN IMMEDIATE");
  ASSERT_TRUE(contacts_.find_sender("sms", "+16175550101"));
  const auto* glance = db_.conversation_glance(ana_);
  ASSERT_NE(glance, nullptr);
  EXPECT_EQ(glance->open_crisis_case, 3);
  EXPECT_EQ(glance->accepted_request, 5);
  EXPECT_EQ(glance->user_at_address, 8);
  ASSERT_TRUE(crisis_.open_for(ana_));
  EXPECT_EQ(crisis_.open_for(ana_)->id, 3);
  EXPECT_EQ(work_.relayed_for_contact(ana_), 5);
  EXPECT_EQ(work_.user_at("sms", "+16175550101"), 8);
  EXPECT_EQ(work_.user_at("sms", "+16175550102"), std::nullopt); // another identity: asked, not glanced
  EXPECT_EQ(db_.sender_glance("sms", "+16175550102"), nullptr);

  // Ben has none; each is found once a change to its table forgets the glance.
  auto ben = std::to_string(ben_);
  ASSERT_TRUE(contacts_.find_sender("sms", "+16175550102"));
  EXPECT_FALSE(crisis_.open_for(ben_));
  EXPECT_FALSE(work_.relayed_for_contact(ben_));
  EXPECT_FALSE(work_.user_at("sms", "+16175550102"));
  exec("INSERT INTO crisis_cases (id, contact_id, language, category, phrase, flagged_at) VALUES (9, " + ben +
       ", 'en', 'self_harm', 'x', 1)");
  EXPECT_EQ(db_.conversation_glance(ben_), nullptr);
  ASSERT_TRUE(crisis_.open_for(ben_));
  EXPECT_EQ(crisis_.open_for(ben_)->id, 9);

  ASSERT_TRUE(contacts_.find_sender("sms", "+16175550102"));
  exec("UPDATE requests SET contact_id = " + ben + " WHERE id = 5");
  EXPECT_EQ(work_.relayed_for_contact(ben_), 5);

  ASSERT_TRUE(contacts_.find_sender("sms", "+16175550102"));
  exec("UPDATE users SET reach_address = '+16175550102' WHERE id = 8");
  EXPECT_EQ(work_.user_at("sms", "+16175550102"), 8);
  exec("COMMIT");
}

// Through the store: what a rolled-back savepoint undid is not remembered.
TEST(ConversationGlanceStore, ARolledBackSessionIsNotRemembered) {
  auto store = open_sqlite_store({":memory:"});
  store->begin();
  ContactRecord c;
  c.uuid = "ana";
  auto id = store->contacts().create(c).id;
  store->contacts().add_identity(id, "sms", "+16175550101", "16175550101", 1);
  store->sessions().save(id, R"({"flow":"kept"})", 1);
  store->savepoint();
  store->sessions().save(id, R"({"flow":"undone"})", 2);
  ASSERT_TRUE(store->contacts().find_sender("sms", "+16175550101"));
  EXPECT_EQ(store->sessions().load(id)->state_json, R"({"flow":"undone"})");
  store->rollback_to_savepoint();
  store->release_savepoint();
  EXPECT_EQ(store->sessions().load(id)->state_json, R"({"flow":"kept"})");
  store->commit();
}

} // namespace
} // namespace stoop::storage
