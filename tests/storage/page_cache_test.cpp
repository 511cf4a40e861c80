// The page cache of storage/sqlite/page_cache.hpp: SQLite's own, which no
// longer walks itself at every commit after a page split, and still drops
// the pages a rolled-back transaction added.
#include "storage/sqlite/page_cache.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

#include "storage/sqlite/connection.hpp"
#include "tests/support/temp_dir.hpp"

namespace stoop::storage {
namespace {

class PageCacheTest : public ::testing::Test {
 protected:
  PageCacheTest() : db_(options()) {
    // Random keys land all over the index, as providers' message ids do:
    // its pages split and SQLite renumbers the new ones.
    db_.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL, body TEXT NOT NULL)");
    db_.exec("CREATE UNIQUE INDEX t_k ON t(k)");
  }

  SqliteOptions options() {
    SqliteOptions options;
    options.path = dir_.file("db.sqlite");
    options.cache_kib = 32768;
    return options;
  }

  // `rows` rows with random keys, in one transaction ended by `end`.
  void insert(int rows, const char* end = "COMMIT") {
    db_.exec("BEGIN IMMEDIATE");
    for (int i = 0; i < rows; ++i) {
      db_.query("INSERT INTO t (k, body) VALUES (?, ?)").bind(key(), std::string(200, 'x')).run();
    }
    db_.exec(end);
  }

  std::string key() {
    std::uniform_int_distribution<std::uint64_t> any;
    return std::to_string(any(random_)) + std::to_string(any(random_));
  }

  std::int64_t number(const char* sql) { return db_.database().execAndGet(sql).getInt64(); }
  std::string text(const char* sql) { return db_.database().execAndGet(sql).getString(); }
  std::int64_t count() { return number("SELECT COUNT(*) FROM t"); }

  testing::TempDir dir_;
  Connection db_;
  std::mt19937_64 random_{7};
};

TEST_F(PageCacheTest, CommitsAfterPageSplitsLeaveTheCacheAlone) {
  insert(500); // a few hundred pages to split
  auto before = page_cache_drops();
  for (int group = 0; group < 40; ++group) insert(25);
  auto after = page_cache_drops();
  EXPECT_GT(after.renumbered, before.renumbered) << "no page was renumbered: the test shows nothing";
  EXPECT_GE(after.skipped - before.skipped, 40u);
  EXPECT_EQ(after.passed, before.passed);
  EXPECT_EQ(count(), 1500);
  EXPECT_EQ(text("PRAGMA integrity_check"), "ok");
}

TEST_F(PageCacheTest, PagesOfARolledBackTransactionAreDropped) {
  insert(500);
  auto pages = number("PRAGMA page_count");
  auto before = page_cache_drops();
  insert(2000, "ROLLBACK"); // hundreds of new pages past the committed end
  EXPECT_GT(page_cache_drops().passed, before.passed);
  EXPECT_EQ(number("PRAGMA page_count"), pages);

  // The same page numbers are used again, and read as written now.
  insert(1000);
  EXPECT_EQ(count(), 1500);
  EXPECT_EQ(number("SELECT COUNT(*) FROM t WHERE body = printf('%.*c', 200, 'x')"), 1500);
  EXPECT_EQ(text("PRAGMA integrity_check"), "ok");
}

TEST_F(PageCacheTest, ASavepointRolledBackInsideACommitLeavesNothingBehind) {
  insert(500);
  db_.exec("BEGIN IMMEDIATE");
  db_.query("INSERT INTO t (k, body) VALUES ('kept', 'yes')").run();
  db_.exec("SAVEPOINT job");
  for (int i = 0; i < 2000; ++i) db_.query("INSERT INTO t (k, body) VALUES (?, 'undone')").bind(key()).run();
  db_.exec("ROLLBACK TO job");
  db_.exec("RELEASE job");
  db_.exec("COMMIT");
  insert(1000);
  EXPECT_EQ(count(), 1501);
  EXPECT_EQ(number("SELECT COUNT(*) FROM t WHERE body = 'undone'"), 0);
  EXPECT_EQ(text("PRAGMA integrity_check"), "ok");
}

} // namespace
} // namespace stoop::storage
