#include <nlohmann/json.hpp>

#include "adapters/telegram/telegram_adapter.hpp"
#include "tests/adapters/adapter_fixture.hpp"
#include "tests/adapters/table_harness.hpp"

namespace stoop::adapters::table {
namespace {

STOOP_ADAPTER_TABLES(Telegram, "telegram")

nlohmann::json telegram_channel() {
  return {{"id", "tg"},
          {"type", "telegram"},
          {"bot_token", "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"},
          {"secret_token", "tg-webhook-secret-for-tests"}};
}

TEST(TelegramSetWebhook, PointsTelegramAtTheChannelHookWithTheSecret) {
  auto adapter = make_adapter(telegram_channel());
  ASSERT_NE(adapter, nullptr);
  auto request = dynamic_cast<const TelegramAdapter&>(*adapter).set_webhook_request();
  ASSERT_TRUE(request.ok()) << request.error();
  EXPECT_EQ(request->method, "POST");
  EXPECT_EQ(request->url, "https://api.telegram.org/bot123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11/setWebhook");
  nlohmann::json expected{{"url", "https://stoop.example.org/hooks/tg"},
                          {"secret_token", "tg-webhook-secret-for-tests"},
                          {"allowed_updates", {"message", "edited_message", "callback_query"}}};
  EXPECT_EQ(nlohmann::json::parse(request->body), expected);
}

TEST(TelegramSetWebhook, RefusesAPlainHttpPublicUrl) {
  auto adapter = make_adapter(telegram_channel(), "http://127.0.0.1:8080");
  ASSERT_NE(adapter, nullptr);
  auto request = dynamic_cast<const TelegramAdapter&>(*adapter).set_webhook_request();
  ASSERT_FALSE(request.ok());
  EXPECT_NE(request.error().find("https"), std::string::npos);
}

TEST(TelegramSetWebhook, ReadsTelegramsAnswer) {
  ClientResponse ok{200, {}, R"({"ok":true,"result":true,"description":"Webhook was set"})"};
  auto read = TelegramAdapter::read_set_webhook_response(ok);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, "Webhook was set");
  ClientResponse bad{400, {}, R"({"ok":false,"error_code":400,)"
                              R"("description":"Bad Request: bad webhook: HTTPS url must be provided for webhook"})"};
  auto refused = TelegramAdapter::read_set_webhook_response(bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().find("HTTPS url must be provided"), std::string::npos);
}

TEST(TelegramLimits, FollowTheBotFaqAndConfigOverridesTheOverallRate) {
  auto settings = telegram_channel();
  auto adapter = make_adapter(settings);
  ASSERT_NE(adapter, nullptr);
  ChannelLimits limits = adapter->limits();
  EXPECT_DOUBLE_EQ(limits.overall.per_second, 30.0);
  ASSERT_TRUE(limits.per_recipient.has_value());
  EXPECT_DOUBLE_EQ(limits.per_recipient->per_second, 1.0);
  EXPECT_EQ(limits.max_text_characters, 4096u);
  settings["rate_per_second"] = 5.5;
  adapter = make_adapter(settings);
  ASSERT_NE(adapter, nullptr);
  EXPECT_DOUBLE_EQ(adapter->limits().overall.per_second, 5.5);
}

} // namespace
} // namespace stoop::adapters::table
