#include "bot/token_buckets.hpp"

#include <gtest/gtest.h>

#include <string>

namespace stoop {
namespace {

TEST(TokenBuckets, AllowsTheRateAndRefillsWithTime) {
  TokenBuckets<std::string> buckets(100);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(buckets.take("a", 0, 3)) << i;
  EXPECT_FALSE(buckets.take("a", 0, 3));
  EXPECT_TRUE(buckets.take("b", 0, 3)); // another key has its own bucket
  EXPECT_FALSE(buckets.take("a", 19'000, 3)); // 0.95 of a token back
  EXPECT_TRUE(buckets.take("a", 20'500, 3));
  EXPECT_FALSE(buckets.take("a", 20'500, 3));
  // Never more than a minute's worth, however long the wait.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(buckets.take("a", 3'600'000, 3)) << i;
  EXPECT_FALSE(buckets.take("a", 3'600'000, 3));
}

TEST(TokenBuckets, ALimitUnderOneStillAllowsOneAtATime) {
  TokenBuckets<int> buckets(100);
  EXPECT_TRUE(buckets.take(1, 0, 0.5));
  EXPECT_FALSE(buckets.take(1, 60'000, 0.5));
  EXPECT_TRUE(buckets.take(1, 120'000, 0.5));
}

TEST(TokenBuckets, IdleKeysAreForgottenAtTheNextSweep) {
  TokenBuckets<int> buckets(4);
  for (int key = 0; key < 4; ++key) buckets.take(key, 0, 60);
  EXPECT_EQ(buckets.sweeps(), 0u);
  buckets.take(9, 200'000, 60); // the table is full: the sweep forgets the four idle ones
  EXPECT_EQ(buckets.sweeps(), 1u);
  EXPECT_EQ(buckets.size(), 1u);
}

// Many keys at once, none idle: a sweep frees nothing, and the next waits
// until the table has doubled, so keys cost amortised constant time.
TEST(TokenBuckets, SweepsAreSpreadOutWhenNothingIsIdle) {
  TokenBuckets<int> buckets(4);
  for (int key = 0; key < 1'000; ++key) EXPECT_TRUE(buckets.take(key, 1'000 + key, 60));
  EXPECT_EQ(buckets.size(), 1'000u);
  // Sweeps at 4, 8, 16, ... 512 keys: eight, not one per key past the fourth.
  EXPECT_EQ(buckets.sweeps(), 8u);
  for (int key = 0; key < 1'000; ++key) buckets.take(key, 2'000, 60); // known keys: no sweep
  EXPECT_EQ(buckets.sweeps(), 8u);
}

} // namespace
} // namespace stoop
