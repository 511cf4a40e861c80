// The VFS that gathers a commit's log frames into one write (storage/sqlite/log_vfs.hpp):
// fewer write calls, and nothing else changes: another connection reads a commit
// as soon as it is made, large commits arrive whole, and the log survives a reopen.
#include "storage/sqlite/log_vfs.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "storage/sqlite/connection.hpp"
#include "tests/support/temp_dir.hpp"

namespace stoop::storage {
namespace {

SqliteOptions options_for(const std::string& path) {
  SqliteOptions options;
  options.path = path;
  // As the bot runs it: commits do not sync the log (the store thread does),
  // so SQLite makes no sync call through which the VFS would write out.
  options.sync_log_separately = true;
  options.auto_checkpoint_pages = 0; // the log keeps every frame: reads must come from it
  return options;
}

// `rows` rows of `size` bytes each, in one transaction.
void insert(Connection& db, int first, int rows, std::size_t size) {
  db.exec("BEGIN IMMEDIATE");
  for (int i = first; i < first + rows; ++i) {
    db.query("INSERT INTO t (id, body) VALUES (?, ?)")
        .bind(i, std::string(size, static_cast<char>('a' + i % 26)))
        .run();
  }
  db.exec("COMMIT");
}

// Run alone (ctest runs each test in its own process), a file connection is
// this process's first use of SQLite: the VFS it registers initialises the
// library, which must already be configured not to count its memory (a
// global mutex taken on every allocation, 8 % of the store writer's work).
TEST(SqliteLibrary, IsConfiguredBeforeTheLogVfsInitialisesIt) {
  testing::TempDir dir;
  Connection db(options_for(dir.file("db.sqlite")));
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  EXPECT_EQ(sqlite3_memory_used(), 0) << "SQLite counts its memory: configured too late";
}

class LogVfsTest : public ::testing::Test {
 protected:
  LogVfsTest() : writer_(options_for(dir_.file("db.sqlite"))) {
    writer_.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  }
  testing::TempDir dir_;
  Connection writer_;
};

TEST_F(LogVfsTest, ACommitOfManyPagesReachesTheLogInAFewWrites) {
  auto before = log_file_writes();
  insert(writer_, 1, 20, 3000); // about 20 pages of 4 KiB: 40 calls when each frame takes two
  auto calls = log_file_writes() - before;
  EXPECT_GE(calls, 1u);
  EXPECT_LE(calls, 2u) << "a commit of about 20 frames took " << calls << " write calls";
}

TEST_F(LogVfsTest, AnotherConnectionReadsACommitAsSoonAsItIsMade) {
  Connection reader(options_for(dir_.file("db.sqlite")));
  for (int round = 0; round < 20; ++round) {
    insert(writer_, round * 10, 10, 1500 + static_cast<std::size_t>(round) * 97);
    // The reader sees the commit only in the log, which the writer has not synced.
    auto q = reader.query(
        "SELECT COUNT(*), SUM(LENGTH(body)), "
        "MIN(rtrim(body, substr(body, 1, 1)) = '' AND unicode(body) = 97 + id % 26) FROM t");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.int64(0), (round + 1) * 10);
    std::int64_t bytes = 0;
    for (int r = 0; r <= round; ++r) bytes += 10 * (1500 + r * 97);
    EXPECT_EQ(q.int64(1), bytes);
    EXPECT_EQ(q.int64(2), 1) << "a row read back is not what was written";
  }
}

TEST_F(LogVfsTest, ACommitLargerThanOneWriteArrivesWhole) {
  // 3 MiB in one commit: more than SQLite's unix VFS writes in one call.
  insert(writer_, 1, 24, 128 * 1024);
  Connection reader(options_for(dir_.file("db.sqlite")));
  auto q = reader.query("SELECT COUNT(*), SUM(LENGTH(body)) FROM t");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(0), 24);
  EXPECT_EQ(q.int64(1), 24 * 128 * 1024);
  EXPECT_EQ(reader.query("PRAGMA quick_check").step(), true);
}

TEST_F(LogVfsTest, WhatIsInTheLogIsThereAfterAReopen) {
  insert(writer_, 1, 50, 2000);
  {
    // A second handle to the file that closes, the first staying open: the
    // log stays too, and a new connection recovers the commits from it.
    Connection other(options_for(dir_.file("db.sqlite")));
  }
  Connection reopened(options_for(dir_.file("db.sqlite")));
  auto q = reopened.query("SELECT COUNT(*), SUM(LENGTH(body)) FROM t");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(0), 50);
  EXPECT_EQ(q.int64(1), 50 * 2000);
  auto check = reopened.query("PRAGMA integrity_check");
  ASSERT_TRUE(check.step());
  EXPECT_EQ(check.text(0), "ok");
}

} // namespace
} // namespace stoop::storage
