// The inbound dedupe keys in memory (storage/sqlite/dedupe_filter.hpp) and
// by epoch in the table (migration 0017): a retry is found whichever epoch
// its message is in, after a restart, and when another connection stored
// the key; a new message almost never costs a look at the table.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "storage/sqlite/dedupe_filter.hpp"
#include "storage/sqlite/repositories.hpp"
#include "storage/store.hpp"
#include "tests/storage/inbound_message.hpp"
#include "tests/support/temp_dir.hpp"

namespace stoop::storage {
namespace {

// Uniform 64-bit keys, as SHA-256's first bytes are, but repeatable.
struct Keys {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
};

TEST(DedupeFilter, EveryKeyGivenIsFoundInItsEpochAndFewOthersAre) {
  DedupeFilter filter;
  Keys given{1};
  std::vector<std::uint64_t> epoch0, epoch2;
  for (int i = 0; i < 65'536; ++i) epoch0.push_back(given.next());
  for (int i = 0; i < 131'072; ++i) epoch2.push_back(given.next()); // an epoch whose every message was answered
  for (auto key : epoch0) filter.add(0, key);
  for (auto key : epoch2) filter.add(2, key);
  EXPECT_EQ(filter.epochs(), 2u);
  EXPECT_EQ(filter.bytes(), 2u * 256 * 1024);

  std::vector<std::int64_t> found;
  for (auto key : epoch0) {
    filter.candidates(key, found);
    ASSERT_TRUE(std::find(found.begin(), found.end(), 0) != found.end()) << key;
  }
  for (auto key : epoch2) {
    filter.candidates(key, found);
    ASSERT_TRUE(std::find(found.begin(), found.end(), 2) != found.end()) << key;
    ASSERT_TRUE(std::is_sorted(found.begin(), found.end()));
  }

  // Keys never given: epoch 1 has no filter, so is never named; the others
  // rarely (about 1 in 800 for the full epoch's 16 bits a key).
  Keys absent{2};
  int in0 = 0, in2 = 0;
  const int tries = 200'000;
  for (int i = 0; i < tries; ++i) {
    filter.candidates(absent.next(), found);
    for (auto e : found) {
      ASSERT_NE(e, 1);
      (e == 0 ? in0 : in2) += 1;
    }
  }
  EXPECT_LT(in0, tries / 10'000) << "epoch 0, 32 bits a key";
  EXPECT_LT(in2, tries / 500) << "epoch 2, 16 bits a key";
  EXPECT_GT(in2, 0) << "a filter that names no epoch for any absent key is suspicious at this size";

  // Epochs far apart, or before the first id, cost a filter each, no more.
  filter.add(std::int64_t{1} << 40, epoch0.front());
  filter.add(-1, epoch2.front());
  EXPECT_EQ(filter.epochs(), 4u);
  filter.candidates(epoch0.front(), found);
  EXPECT_EQ(found.back(), std::int64_t{1} << 40);
  filter.candidates(epoch2.front(), found);
  EXPECT_EQ(found.front(), -1);

  filter.clear();
  filter.candidates(epoch0.front(), found);
  EXPECT_TRUE(found.empty());
  EXPECT_EQ(filter.bytes(), 0u);
}

class DedupeKeys : public ::testing::Test {
 protected:
  void open() {
    SqliteOptions options{path_};
    options.load_dedupe_keys = true;
    store_ = open_sqlite_store(options);
  }
  std::int64_t add_contact() {
    ContactRecord c;
    c.uuid = "u" + std::to_string(++contacts_);
    store_->begin();
    auto id = store_->contacts().create(c).id;
    store_->commit();
    return id;
  }
  std::optional<std::int64_t> receive(const MessageRecord& m) {
    store_->begin();
    auto id = store_->messages().insert_inbound(m);
    store_->commit();
    return id;
  }
  // The next message's id is the first of `epoch`, as if that many had been stored.
  void skip_to_epoch(std::int64_t epoch, std::int64_t contact_id) {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO messages (id, contact_id, channel_id, direction, body, status, created_at, updated_at) "
            "VALUES (" + std::to_string((epoch << 18) - 1) + ", " + std::to_string(contact_id) +
            ", 'sms', 'out', 'filler', 'sent', 1, 1)");
  }
  std::int64_t db_int(const std::string& sql) {
    SQLite::Database db(path_, SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getInt64();
  }
  std::size_t loads() { return dynamic_cast<SqliteMessages&>(store_->messages()).dedupe_loads(); }

  testing::TempDir folder_;
  std::string path_ = folder_.file("stoop.db");
  std::unique_ptr<Store> store_;
  int contacts_ = 0;
};

// Messages in epochs 0, 1 and 3; after a restart the filter is read again
// from the table, and every retry is still a retry.
TEST_F(DedupeKeys, ARetryIsFoundInEveryEpochAfterARestart) {
  open();
  auto maria = add_contact();
  std::vector<std::int64_t> ids;
  ids.push_back(*receive(inbound_message(maria, "SM-e0")));
  skip_to_epoch(1, maria);
  ids.push_back(*receive(inbound_message(maria, "SM-e1")));
  skip_to_epoch(3, maria);
  ids.push_back(*receive(inbound_message(maria, "SM-e3")));
  ASSERT_EQ(ids[1] >> 18, 1);
  ASSERT_EQ(ids[2] >> 18, 3);
  EXPECT_EQ(db_int("SELECT COUNT(*) FROM inbound_keys WHERE epoch = message_id >> 18"), 3);

  store_.reset();
  open();
  EXPECT_EQ(loads(), 1u) << "read on opening";
  for (const char* retry : {"SM-e0", "SM-e1", "SM-e3"}) EXPECT_FALSE(receive(inbound_message(maria, retry))) << retry;
  EXPECT_TRUE(receive(inbound_message(maria, "SM-new")));
  EXPECT_FALSE(receive(inbound_message(maria, "SM-new")));
  EXPECT_EQ(db_int("SELECT COUNT(*) FROM messages WHERE direction = 'in'"), 4);
  EXPECT_EQ(loads(), 1u) << "its own commits never make it read the keys again";
}

// A key another connection stored while the store was open is seen: that
// commit changes data_version, and the keys are read again.
TEST_F(DedupeKeys, AKeyStoredByAnotherConnectionIsSeen) {
  open();
  auto maria = add_contact(); // another commit of the store's own
  ASSERT_TRUE(receive(inbound_message(maria, "SM-first")));
  EXPECT_EQ(loads(), 1u);
  {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO messages (contact_id, channel_id, direction, provider_message_id, body, status, "
            "created_at, updated_at) VALUES (" + std::to_string(maria) + ", 'sms', 'in', 'SM-elsewhere', 'a', "
            "'received', 1, 1)");
    SQLite::Statement key(db, "INSERT INTO inbound_keys (epoch, key, message_id) VALUES (?2 >> 18, ?1, ?2)");
    key.bind(1, inbound_dedupe_key("sms", "SM-elsewhere"));
    key.bind(2, db.getLastInsertRowid());
    key.exec();
  }
  EXPECT_FALSE(receive(inbound_message(maria, "SM-elsewhere")));
  EXPECT_EQ(loads(), 2u);
  EXPECT_TRUE(receive(inbound_message(maria, "SM-after")));
  EXPECT_EQ(loads(), 2u);

  // A checkpoint from another connection (the server's checkpointer) is no commit.
  auto checkpointer = open_sqlite_store({path_});
  checkpointer->checkpoint();
  EXPECT_TRUE(receive(inbound_message(maria, "SM-after-checkpoint")));
  EXPECT_EQ(loads(), 2u);
}

// Upgraded from migration 16, every key keeps its message and gets its epoch.
TEST_F(DedupeKeys, TheUpgradeGivesEveryKeyItsEpoch) {
  {
    open();
    auto maria = add_contact();
    receive(inbound_message(maria, "SM-a"));
    skip_to_epoch(2, maria);
    receive(inbound_message(maria, "SM-b"));
    store_.reset();
  }
  {
    // Back to migration 16's table, as a database that release left.
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    db.exec("CREATE TABLE old_keys (key INTEGER NOT NULL, message_id INTEGER NOT NULL, PRIMARY KEY (key, "
            "message_id)) WITHOUT ROWID; INSERT INTO old_keys SELECT key, message_id FROM inbound_keys; "
            "DROP TABLE inbound_keys; ALTER TABLE old_keys RENAME TO inbound_keys; "
            "DELETE FROM schema_migrations WHERE version = 17; PRAGMA user_version = 16");
  }
  open();
  EXPECT_EQ(db_int("SELECT COUNT(*) FROM inbound_keys"), 2);
  EXPECT_EQ(db_int("SELECT COUNT(*) FROM inbound_keys WHERE epoch = message_id >> 18"), 2);
  EXPECT_EQ(db_int("SELECT MAX(epoch) FROM inbound_keys"), 2);
  EXPECT_FALSE(receive(inbound_message(1, "SM-a")));
  EXPECT_FALSE(receive(inbound_message(1, "SM-b")));
}

} // namespace
} // namespace stoop::storage
