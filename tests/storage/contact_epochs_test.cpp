// A contact's messages and answers are indexed by epoch, then by contact
// (migration 0016): every way of reading, counting, moving or erasing them
// finds the rows of every epoch, and does it through those indexes.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <memory>
#include <string>
#include <vector>

#include "storage/sqlite/repositories.hpp"
#include "storage/store.hpp"
#include "tests/support/temp_dir.hpp"

namespace stoop::storage {
namespace {

constexpr std::int64_t epoch_ids = std::int64_t{1} << 18;

class ContactEpochs : public ::testing::Test {
 protected:
  std::int64_t contact(const std::string& name) {
    ContactRecord c;
    c.uuid = "uuid-" + name;
    c.name = name;
    c.created_at = 1;
    store_->begin();
    auto id = store_->contacts().create(c).id;
    store_->contacts().add_identity(id, "sms", "+1617555" + std::to_string(1000 + id), "", 1);
    store_->commit();
    return id;
  }
  std::int64_t message(std::int64_t contact_id, Direction direction, const std::string& body,
                       const std::string& channel = "sms") {
    MessageRecord m;
    m.contact_id = contact_id;
    m.channel_id = channel;
    m.direction = direction;
    m.provider_message_id = "p" + std::to_string(++next_);
    m.body = body;
    m.status = direction == Direction::in ? "received" : "sent";
    m.created_at = m.updated_at = 100 * next_;
    store_->begin();
    auto id =
        direction == Direction::in ? *store_->messages().insert_inbound(m) : store_->messages().insert_outbound(m);
    store_->commit();
    return id;
  }
  std::int64_t result(std::int64_t contact_id, const std::string& value) {
    ResultRecord r;
    r.contact_id = contact_id;
    r.flow = "priorities";
    r.name = "top";
    r.value = r.raw = value;
    store_->begin();
    auto id = store_->results().add(r);
    store_->commit();
    return id;
  }
  // The next message and the next answer have ids in `epoch`: a row of
  // nobody's at its start, as if that many had been stored before.
  void skip_to_epoch(std::int64_t epoch) {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO messages (id, contact_id, channel_id, direction, body, status, created_at, updated_at) "
            "VALUES (" + std::to_string(epoch * epoch_ids) + ", " + std::to_string(nobody_) +
            ", 'sms', 'out', 'filler', 'sent', 1, 1)");
    db.exec("INSERT INTO results (id, contact_id, flow, name, category, value, raw, created_at) VALUES (" +
            std::to_string(epoch * epoch_ids) + ", " + std::to_string(nobody_) + ", 'f', 'n', '', '', '', 1)");
  }
  std::int64_t db_int(const std::string& sql) {
    SQLite::Database db(path_, SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getInt64();
  }
  std::vector<std::int64_t> ids(const std::vector<MessageRecord>& messages) {
    std::vector<std::int64_t> out;
    for (const auto& m : messages) out.push_back(m.id);
    return out;
  }

  testing::TempDir folder_;
  std::string path_ = folder_.file("stoop.db");
  std::unique_ptr<Store> store_ = open_sqlite_store({path_});
  int next_ = 0;
  std::int64_t nobody_ = contact("Nobody");
};

// Maria writes in epochs 0, 1 and 3 (none of hers in 2); each reader sees all of hers, in order.
TEST_F(ContactEpochs, EveryReadFindsTheMessagesOfEveryEpoch) {
  auto maria = contact("Maria");
  auto jo = contact("Jo");
  auto first = message(maria, Direction::in, "where is the clinic");
  skip_to_epoch(1);
  auto second = message(maria, Direction::out, "on Tremont Street");
  auto web = message(maria, Direction::in, "thanks", "web");
  message(jo, Direction::in, "hello");
  skip_to_epoch(2);
  message(jo, Direction::in, "anyone there?");
  skip_to_epoch(3);
  auto last = message(maria, Direction::in, "see you Tuesday");
  ASSERT_EQ(first >> 18, 0);
  ASSERT_EQ(second >> 18, 1);
  ASSERT_EQ(last >> 18, 3);

  store_->begin();
  auto& messages = store_->messages();
  EXPECT_EQ(ids(messages.for_contact(maria, 0, 10)), (std::vector<std::int64_t>{first, second, web, last}));
  EXPECT_EQ(ids(messages.for_contact(maria, first, 2)), (std::vector<std::int64_t>{second, web}));
  EXPECT_EQ(ids(messages.for_contact(maria, web, 10)), (std::vector<std::int64_t>{last}));
  EXPECT_EQ(ids(messages.latest_for_contact(maria, 0, 2)), (std::vector<std::int64_t>{web, last}));
  EXPECT_EQ(ids(messages.latest_for_contact(maria, second, 10)), (std::vector<std::int64_t>{web, last}));
  EXPECT_EQ(ids(messages.for_contact_on_channel(maria, "sms", 0, 10)),
            (std::vector<std::int64_t>{first, second, last}));
  EXPECT_EQ(ids(messages.for_contact_on_channel(maria, "web", 0, 10)), (std::vector<std::int64_t>{web}));
  EXPECT_EQ(store_->contact_admin().message_count(maria), 4);
  EXPECT_EQ(store_->contact_admin().message_count(jo), 2);

  ContactFilter contacts;
  contacts.search = "Maria";
  auto listed = store_->contact_admin().list(contacts);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].message_count, 4);

  // The inbox shows each one's newest message, and a search finds words in any epoch.
  ConversationFilter inbox;
  auto page = store_->conversations().list(inbox);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].conversation.contact_id, maria);
  EXPECT_EQ(page[0].last_message_preview, "see you Tuesday");
  EXPECT_EQ(page[1].last_message_preview, "anyone there?");
  inbox.search = "clinic";
  page = store_->conversations().list(inbox);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].conversation.contact_id, maria);
  inbox.search = "hello";
  page = store_->conversations().list(inbox);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].conversation.contact_id, jo);
  store_->commit();
}

TEST_F(ContactEpochs, AnswersMergesAndErasuresReachEveryEpoch) {
  auto maria = contact("Maria");
  auto jo = contact("Jo");
  auto housing = result(maria, "housing");
  message(maria, Direction::in, "hola");
  message(jo, Direction::in, "hi");
  skip_to_epoch(2);
  auto jobs = result(maria, "jobs");
  auto jo_answer = result(jo, "food");
  message(jo, Direction::in, "me again");
  skip_to_epoch(5);
  auto safety = result(maria, "safety");
  message(maria, Direction::in, "adios");

  store_->begin();
  std::vector<std::int64_t> answers;
  for (const auto& r : store_->results().for_contact(maria)) answers.push_back(r.id);
  EXPECT_EQ(answers, (std::vector<std::int64_t>{housing, jobs, safety}));

  // Jo turns out to be Maria: all of Jo's rows are hers now.
  store_->contacts().merge(maria, jo);
  answers.clear();
  for (const auto& r : store_->results().for_contact(maria)) answers.push_back(r.id);
  EXPECT_EQ(answers, (std::vector<std::int64_t>{housing, jobs, jo_answer, safety}));
  EXPECT_EQ(store_->messages().for_contact(maria, 0, 10).size(), 4u);
  EXPECT_TRUE(store_->results().for_contact(jo).empty());
  EXPECT_TRUE(store_->messages().for_contact(jo, 0, 10).empty());
  store_->commit();
  EXPECT_EQ(db_int("SELECT COUNT(*) FROM messages WHERE contact_id = " + std::to_string(maria)), 4);

  // Erased: every message and dedupe key of hers goes; her answers stay, unlinked.
  store_->begin();
  EXPECT_TRUE(store_->contact_admin().erase(maria));
  store_->commit();
  EXPECT_EQ(db_int("SELECT COUNT(*) FROM messages WHERE contact_id = " + std::to_string(maria)), 0);
  EXPECT_EQ(db_int("SELECT COUNT(*) FROM messages"), 2) << "the fillers only";
  EXPECT_EQ(db_int("SELECT COUNT(*) FROM inbound_keys"), 0);
  EXPECT_EQ(db_int("SELECT COUNT(*) FROM results WHERE contact_id = " + std::to_string(maria)), 0);
  EXPECT_EQ(db_int("SELECT COUNT(*) FROM results WHERE contact_id IS NULL AND raw = ''"), 4);
}

// What each kind of statement asks SQLite: one search of the epoch-first
// index per epoch, never a scan of the table.
TEST_F(ContactEpochs, ContactRowsAreFoundThroughTheEpochIndexes) {
  SQLite::Database db(path_, SQLite::OPEN_READONLY);
  auto plan = [&](const std::string& sql) {
    SQLite::Statement q(db, "EXPLAIN QUERY PLAN " + sql);
    std::string details;
    while (q.executeStep()) details += q.getColumn(3).getString() + "\n";
    return details;
  };
  for (const char* table : {"messages", "results"}) {
    auto details = plan(epochs_cte(table, "?2") + "SELECT COUNT(*) FROM " + contact_rows(table, "r", "?1"));
    EXPECT_NE(details.find(std::string("SEARCH r USING COVERING INDEX ") + (table == std::string("messages")
                                                                                  ? "messages_contact"
                                                                                  : "results_contact") +
                           " (<expr>=? AND contact_id=?)"),
              std::string::npos)
        << details;
    EXPECT_EQ(details.find("SCAN r"), std::string::npos) << details;
  }
  auto newest = plan(epochs_cte("messages", "0") + "SELECT " + newest_contact_message("?1"));
  EXPECT_NE(newest.find("USING COVERING INDEX messages_contact (<expr>=? AND contact_id=?)"), std::string::npos)
      << newest;
}

} // namespace
} // namespace stoop::storage
