#include <nlohmann/json.hpp>

#include "adapters/meta/meta_graph.hpp"
#include "tests/adapters/adapter_fixture.hpp"
#include "tests/adapters/table_harness.hpp"

namespace stoop::adapters::table {
namespace {

STOOP_ADAPTER_TABLES(WhatsApp, "whatsapp")

TEST(WhatsAppLimits, ThroughputAndPairRateLimit) {
  nlohmann::json settings{{"id", "wa"}, {"type", "whatsapp"}, {"phone_number_id", "106540352242922"},
                          {"access_token", "token-value"}, {"app_secret", "secret-value"},
                          {"verify_token", "verify-value"}};
  auto adapter = make_adapter(settings);
  ASSERT_NE(adapter, nullptr);
  ChannelLimits limits = adapter->limits();
  EXPECT_DOUBLE_EQ(limits.overall.per_second, 80.0);
  ASSERT_TRUE(limits.per_recipient.has_value());
  EXPECT_DOUBLE_EQ(limits.per_recipient->per_second, 1.0 / 6.0);
  EXPECT_DOUBLE_EQ(limits.per_recipient->burst, 45.0);
  EXPECT_EQ(limits.max_buttons, 10u);
}

TEST(MetaWindow, TwentyFourHoursFromThePersonsLastMessage) {
  OutboundMessage message;
  message.now_ms = 100LL * 60 * 60 * 1000;
  EXPECT_FALSE(meta::inside_window(message)) << "never wrote: outside";
  message.last_inbound_ms = message.now_ms - meta::customer_service_window_ms + 1;
  EXPECT_TRUE(meta::inside_window(message));
  message.last_inbound_ms = message.now_ms - meta::customer_service_window_ms;
  EXPECT_FALSE(meta::inside_window(message)) << "exactly 24 hours: closed";
}

} // namespace
} // namespace stoop::adapters::table
