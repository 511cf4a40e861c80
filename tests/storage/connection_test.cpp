// One SQLite connection's statement cache and its two ways of binding.
#include "storage/sqlite/connection.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace stoop::storage {
namespace {

template <class... Values>
concept BindsInPlace = requires(Query& q, Values&&... values) { q.bind_in_place(std::forward<Values>(values)...); };

// Only strings that outlive the query may be bound in place.
static_assert(BindsInPlace<std::string&, std::int64_t>);
static_assert(BindsInPlace<const std::string&>);
static_assert(!BindsInPlace<std::string>);
static_assert(!BindsInPlace<std::int64_t, std::string&&>);

class ConnectionTest : public ::testing::Test {
 protected:
  ConnectionTest() : db_(SqliteOptions{":memory:"}) {}
  Connection db_;
};

TEST_F(ConnectionTest, AStatementIsFoundByItsTextNotByWhereTheTextLives) {
  // The same buffer holds two different statements in turn, as a string
  // reused for SQL built at run time would: each must run its own text.
  std::string sql = "SELECT 1";
  {
    auto q = db_.query(sql);
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.int64(0), 1);
  }
  const char* buffer = sql.data();
  sql[7] = '2';
  ASSERT_EQ(sql.data(), buffer);
  {
    auto q = db_.query(sql);
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.int64(0), 2);
  }
  // The same text at another address is the same statement, and still runs.
  std::string copy = "SELECT 2";
  auto q = db_.query(copy);
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(0), 2);
}

TEST_F(ConnectionTest, ManyStatementsEachRunTheirOwnText) {
  // More statements than the cache by address has slots: every lookup,
  // whether it finds its slot or a collision, runs the right SQL.
  std::vector<std::string> texts;
  for (int i = 0; i < 600; ++i) texts.push_back("SELECT " + std::to_string(i));
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 600; ++i) {
      auto q = db_.query(texts[static_cast<std::size_t>(i)]);
      ASSERT_TRUE(q.step());
      ASSERT_EQ(q.int64(0), i);
    }
  }
}

TEST_F(ConnectionTest, BindingInPlaceStoresTheStringsAsText) {
  db_.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, n INTEGER)");
  std::string a = "first";
  std::string b(5000, 'x'); // longer than any small-string buffer
  db_.query("INSERT INTO t (a, b, n) VALUES (?, ?, ?)").bind_in_place(a, b, std::int64_t{7}).run();
  std::string empty;
  db_.query("INSERT INTO t (a, b, n) VALUES (?, ?, ?)").bind_in_place(empty, a, std::nullopt).run();

  auto q = db_.query("SELECT a, b, n, typeof(a), typeof(n) FROM t ORDER BY id");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.text(0), "first");
  EXPECT_EQ(q.text(1), b);
  EXPECT_EQ(q.int64(2), 7);
  EXPECT_EQ(q.text(3), "text");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.text(0), "");
  EXPECT_EQ(q.text(3), "text");
  EXPECT_EQ(q.text(4), "null");
  EXPECT_FALSE(q.step());
}

TEST_F(ConnectionTest, AQueryLeavesNoBindingBehindForTheNextUse) {
  db_.exec("CREATE TABLE t (a TEXT)");
  {
    std::string value = "kept only while the query lives";
    db_.query("INSERT INTO t (a) VALUES (?)").bind_in_place(value).run();
  }
  // The statement is reused with nothing bound: its parameter is NULL again,
  // not a pointer to the string that is gone.
  db_.query("INSERT INTO t (a) VALUES (?)").run();
  auto q = db_.query("SELECT COUNT(*) FROM t WHERE a IS NULL");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(0), 1);
}

} // namespace
} // namespace stoop::storage
