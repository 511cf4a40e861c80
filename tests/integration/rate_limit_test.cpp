// Rate limits: a person flooding the webhook is stored in full but processed
// only up to the per-contact rate; an API client over its rate gets 429.
// (Web chat's 429 is in bad_input_test.cpp.)
#include <gtest/gtest.h>

#include "bot/metrics.hpp"
#include "tests/support/fake_provider.hpp"
#include "tests/support/test_server.hpp"

namespace stoop::testing {
namespace {

TEST(RateLimits, AFloodingSenderIsStoredButThrottled) {
  TempDir dir;
  FakeProvider twilio;
  auto config = base_config(dir.path(), twilio.base_url());
  config["rate_limits"] = {{"inbound_per_contact_per_minute", 5}};
  TestServer server(config);
  server.start();
  for (int i = 0; i < 12; ++i) {
    EXPECT_EQ(server.sms("+16175550001", "message " + std::to_string(i), "SMflood" + std::to_string(i)).status, 200);
  }
  // Someone else is not held back by the flooder.
  EXPECT_EQ(server.sms("+16175550002", "Hola", "SMother").status, 200);
  EXPECT_EQ(server.db_int("SELECT COUNT(*) FROM messages WHERE direction = 'in'"), 13); // nothing lost
  EXPECT_EQ(server.app().metrics().counter_value("stoop_messages_throttled_total", {{"channel", "sms"}}), 7u);
  // The injected clock moves on a minute: the bucket has refilled.
  server.clock().advance(60'000);
  EXPECT_EQ(server.sms("+16175550001", "later", "SMlater").status, 200);
  EXPECT_EQ(server.app().metrics().counter_value("stoop_messages_throttled_total", {{"channel", "sms"}}), 7u);
}

TEST(RateLimits, ApiClientsOverTheirRateGet429) {
  TempDir dir;
  auto config = base_config(dir.path());
  config["rate_limits"] = {{"api_per_minute", 10}};
  TestServer server(config);
  server.start();
  int unauthorized = 0, limited = 0;
  for (int i = 0; i < 14; ++i) {
    auto reply = http(server.port(), "GET", "/api/contacts");
    unauthorized += reply.status == 401;
    if (reply.status == 429) {
      ++limited;
      EXPECT_EQ(reply.header("retry-after"), "10");
    }
  }
  EXPECT_EQ(unauthorized, 10);
  EXPECT_EQ(limited, 4);
  EXPECT_EQ(http(server.port(), "GET", "/healthz").status, 200); // the rest of the server is not limited
}

} // namespace
} // namespace stoop::testing
