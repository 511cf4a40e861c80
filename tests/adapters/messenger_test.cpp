#include <nlohmann/json.hpp>

#include "tests/adapters/adapter_fixture.hpp"
#include "tests/adapters/table_harness.hpp"

namespace stoop::adapters::table {
namespace {

STOOP_ADAPTER_TABLES(Messenger, "messenger")

TEST(MessengerLimits, HighVolumeThresholdAndQuickReplies) {
  nlohmann::json settings{{"id", "fb"}, {"type", "messenger"}, {"page_access_token", "token-value"},
                          {"app_secret", "secret-value"}, {"verify_token", "verify-value"}, {"burst", 5}};
  auto adapter = make_adapter(settings);
  ASSERT_NE(adapter, nullptr);
  ChannelLimits limits = adapter->limits();
  EXPECT_DOUBLE_EQ(limits.overall.per_second, 40.0);
  EXPECT_DOUBLE_EQ(limits.overall.burst, 5.0);
  EXPECT_EQ(limits.max_text_characters, 2000u);
  EXPECT_EQ(limits.max_buttons, 13u);
}

} // namespace
} // namespace stoop::adapters::table
