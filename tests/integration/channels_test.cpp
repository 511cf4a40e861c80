// Telegram and WhatsApp conversations through the welcome flow against fake
// providers on loopback; one person across channels (same number on SMS and
// WhatsApp, LINK codes); WhatsApp's 24-hour window; set-webhook.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "tests/support/fake_provider.hpp"
#include "tests/support/process.hpp"
#include "tests/support/test_server.hpp"

namespace stoop::testing {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;

constexpr const char* tg_secret = "tg-secret-0123456789";
constexpr const char* wa_secret = "wa-app-secret-0123456789";
constexpr const char* wa_phone_id = "106540352242922";

ClientResponse telegram_ok(const FakeProvider::Request& request) {
  ClientResponse r;
  r.status = 200;
  r.headers.emplace_back("content-type", "application/json");
  if (request.target.find("/setWebhook") != std::string::npos) {
    r.body = R"({"ok":true,"result":true,"description":"Webhook was set"})";
  } else {
    r.body = R"({"ok":true,"result":{"message_id":7,"chat":{"id":4242,"type":"private"},"date":1}})";
  }
  return r;
}

ClientResponse whatsapp_ok(const FakeProvider::Request&) {
  static std::atomic<int> n{0};
  ClientResponse r;
  r.status = 200;
  r.headers.emplace_back("content-type", "application/json");
  r.body = R"({"messaging_product":"whatsapp","contacts":[{"input":"16175550123","wa_id":"16175550123"}],)"
           R"("messages":[{"id":"wamid.out)" + std::to_string(++n) + R"("}]})";
  return r;
}

json config_with(const std::string& dir, FakeProvider& telegram, FakeProvider& whatsapp, FakeProvider& twilio) {
  auto config = base_config(dir, twilio.base_url());
  config["channels"].push_back({{"id", "tg"}, {"type", "telegram"}, {"bot_token", "123456:test-bot-token"},
                                {"secret_token", tg_secret}, {"api_base", telegram.base_url()}});
  config["channels"].push_back({{"id", "wa"}, {"type", "whatsapp"}, {"phone_number_id", wa_phone_id},
                                {"access_token", "wa-access-token-0123"}, {"app_secret", wa_secret},
                                {"verify_token", "wa-verify-0123"}, {"api_base", whatsapp.base_url()}});
  return config;
}

class ChannelsTest : public ::testing::Test {
 protected:
  ChannelsTest() { telegram_.set_handler(telegram_ok); whatsapp_.set_handler(whatsapp_ok); }
  void SetUp() override {
    server_ = std::make_unique<TestServer>(config_with(dir_.path(), telegram_, whatsapp_, twilio_));
    server_->start();
  }

  int telegram_update(const json& update) {
    return http(server_->port(), "POST", "/hooks/tg", update.dump(),
                {{"content-type", "application/json"}, {"x-telegram-bot-api-secret-token", tg_secret}})
        .status;
  }
  int telegram_text(const std::string& text) {
    return telegram_update({{"update_id", ++update_id_},
                            {"message", {{"message_id", update_id_}, {"date", 1767225600},
                                         {"from", {{"id", 4242}, {"is_bot", false}, {"first_name", "Ana"}}},
                                         {"chat", {{"id", 4242}, {"type", "private"}, {"first_name", "Ana"}}},
                                         {"text", text}}}});
  }
  int whatsapp_text(const std::string& from, const std::string& text) {
    json body = {{"object", "whatsapp_business_account"},
                 {"entry", {{{"id", "102290129340398"},
                             {"changes", {{{"field", "messages"},
                                           {"value", {{"messaging_product", "whatsapp"},
                                                      {"metadata", {{"display_phone_number", "15550783881"},
                                                                    {"phone_number_id", wa_phone_id}}},
                                                      {"contacts", {{{"profile", {{"name", "Maria"}}}, {"wa_id", from}}}},
                                                      {"messages", {{{"from", from},
                                                                     {"id", "wamid.in" + std::to_string(++update_id_)},
                                                                     {"timestamp", "1767225600"},
                                                                     {"type", "text"},
                                                                     {"text", {{"body", text}}}}}}}}}}}}}}};
    std::string raw = body.dump();
    return http(server_->port(), "POST", "/hooks/wa", raw,
                {{"content-type", "application/json"},
                 {"x-hub-signature-256", "sha256=" + hex_encode(hmac_sha256(wa_secret, raw))}})
        .status;
  }
  static json last_json(FakeProvider& fake) {
    auto requests = fake.requests();
    return requests.empty() ? json() : json::parse(requests.back().body, nullptr, false);
  }

  TempDir dir_;
  FakeProvider telegram_, whatsapp_, twilio_;
  std::unique_ptr<TestServer> server_;
  int update_id_ = 1000;
};

TEST_F(ChannelsTest, TelegramConversationWithInlineButtons) {
  ASSERT_EQ(telegram_text("Hola"), 200);
  ASSERT_TRUE(telegram_.wait_for_requests(1, 5s));
  auto sent = last_json(telegram_);
  EXPECT_EQ(sent["chat_id"].dump(), "4242") << sent.dump();
  ASSERT_TRUE(sent.contains("reply_markup")) << sent.dump();
  auto buttons = sent["reply_markup"]["inline_keyboard"];
  ASSERT_GE(buttons.size(), 1u);
  // Tap "Español": a callback query carrying the button's data.
  std::string spanish;
  for (const auto& row : buttons) {
    for (const auto& button : row) {
      if (button["text"] == "Español") spanish = button["callback_data"];
    }
  }
  ASSERT_FALSE(spanish.empty()) << buttons.dump();
  auto reply = http(server_->port(), "POST", "/hooks/tg",
                    json{{"update_id", ++update_id_},
                         {"callback_query", {{"id", "cbq-1"},
                                             {"from", {{"id", 4242}, {"is_bot", false}, {"first_name", "Ana"}}},
                                             {"chat_instance", "ci"},
                                             {"data", spanish},
                                             {"message", {{"message_id", 7}, {"date", 1767225600},
                                                          {"chat", {{"id", 4242}, {"type", "private"}}},
                                                          {"text", "..."}}}}}}
                        .dump(),
                    {{"content-type", "application/json"}, {"x-telegram-bot-api-secret-token", tg_secret}});
  ASSERT_EQ(reply.status, 200);
  EXPECT_NE(reply.body.find("answerCallbackQuery"), std::string::npos); // the button stops spinning
  ASSERT_TRUE(telegram_.wait_for_requests(3, 5s));
  std::this_thread::sleep_for(200ms);
  bool spanish_notice = false;
  for (const auto& r : telegram_.requests()) {
    spanish_notice |= r.body.find("Somos la Oficina") != std::string::npos;
  }
  EXPECT_TRUE(spanish_notice);
  EXPECT_EQ(server_->db_int("SELECT COUNT(*) FROM contacts WHERE language = 'es'"), 1);
}

TEST_F(ChannelsTest, TelegramWrongSecretIs403AndUnknownUpdateIs200) {
  auto reply = http(server_->port(), "POST", "/hooks/tg", json{{"update_id", 1}}.dump(),
                    {{"content-type", "application/json"}, {"x-telegram-bot-api-secret-token", "nope"}});
  EXPECT_EQ(reply.status, 403);
  EXPECT_EQ(telegram_update({{"update_id", 5}, {"poll", {{"id", "p"}}}}), 200);
  EXPECT_EQ(http(server_->port(), "POST", "/hooks/tg", "{oops",
                 {{"content-type", "application/json"}, {"x-telegram-bot-api-secret-token", tg_secret}})
                .status,
            400);
  EXPECT_EQ(server_->db_int("SELECT COUNT(*) FROM messages"), 0);
}

TEST_F(ChannelsTest, WhatsappConversationThroughTheWelcomeFlow) {
  ASSERT_EQ(whatsapp_text("16175550123", "Hola"), 200);
  ASSERT_TRUE(whatsapp_.wait_for_requests(1, 5s));
  auto sent = last_json(whatsapp_);
  EXPECT_EQ(sent["to"], "16175550123");
  EXPECT_EQ(sent["type"], "interactive"); // six languages: a list
  EXPECT_EQ(whatsapp_.requests().back().target, std::string("/") + wa_phone_id + "/messages");
  ASSERT_EQ(whatsapp_text("16175550123", "1"), 200);
  ASSERT_TRUE(whatsapp_.wait_for_requests(4, 5s));
  sent = last_json(whatsapp_);
  EXPECT_EQ(sent["interactive"]["type"], "button"); // YES / NO as reply buttons
  EXPECT_EQ(server_->db_int("SELECT COUNT(*) FROM contacts WHERE name = 'Maria'"), 1);
}

TEST_F(ChannelsTest, WhatsappHandshake) {
  auto ok = http(server_->port(), "GET", "/hooks/wa?hub.mode=subscribe&hub.verify_token=wa-verify-0123&hub.challenge=42");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "42");
  EXPECT_EQ(http(server_->port(), "GET", "/hooks/wa?hub.mode=subscribe&hub.verify_token=x&hub.challenge=42").status,
            403);
}

TEST_F(ChannelsTest, SameNumberOnSmsAndWhatsappIsOneContact) {
  ASSERT_EQ(server_->sms("+16175550123", "Hola", "SMx1").status, 200);
  ASSERT_EQ(whatsapp_text("16175550123", "Hola otra vez"), 200);
  EXPECT_EQ(server_->db_int("SELECT COUNT(*) FROM contacts"), 1);
  EXPECT_EQ(server_->db_int("SELECT COUNT(*) FROM identities"), 2);
  EXPECT_EQ(server_->db_int("SELECT COUNT(DISTINCT contact_id) FROM messages"), 1);
}

TEST_F(ChannelsTest, LinkCodeJoinsAChannelToTheContact) {
  ASSERT_EQ(server_->sms("+16175550123", "Hola", "SMl1").status, 200);
  ASSERT_EQ(server_->sms("+16175550123", "2", "SMl2").status, 200); // Spanish
  ASSERT_EQ(server_->sms("+16175550123", "LINK", "SMl3").status, 200);
  std::string code;
  for (int i = 0; i < 50 && code.empty(); ++i) {
    for (const auto& r : twilio_.requests()) {
      auto body = r.form_field("Body");
      auto at = body.find("LINK ");
      if (at != std::string::npos && body.find("30 minutos") != std::string::npos) code = body.substr(at + 5, 6);
    }
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_EQ(code.size(), 6u);
  ASSERT_EQ(telegram_text("LINK " + code), 200);
  ASSERT_TRUE(telegram_.wait_for_requests(1, 5s));
  EXPECT_NE(last_json(telegram_)["text"].get<std::string>().find("unido"), std::string::npos); // in her language
  EXPECT_EQ(server_->db_int("SELECT COUNT(*) FROM contacts"), 1);
  EXPECT_EQ(server_->db_int("SELECT COUNT(*) FROM identities"), 2);
  // A used code does not work twice.
  ASSERT_EQ(telegram_text("LINK " + code), 200);
  ASSERT_TRUE(telegram_.wait_for_requests(2, 5s));
  EXPECT_NE(last_json(telegram_)["text"].get<std::string>().find("no es válido"), std::string::npos);
}

TEST_F(ChannelsTest, OutsideTheWhatsappWindowAMessageIsHeldNotLost) {
  ASSERT_EQ(whatsapp_text("16175550123", "Hi"), 200);
  ASSERT_EQ(whatsapp_text("16175550123", "1"), 200); // English: now the consent question waits 3 days
  ASSERT_TRUE(whatsapp_.wait_for_requests(4, 5s));
  std::this_thread::sleep_for(200ms);
  auto before = whatsapp_.request_count();
  server_->clock().advance(3 * 24 * 3'600'000LL + 60'000); // the timeout's prompt falls outside the window
  for (int i = 0; i < 50 && server_->db_int("SELECT COUNT(*) FROM outbox WHERE state = 'held'") == 0; ++i) {
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(server_->db_int("SELECT COUNT(*) FROM outbox WHERE state = 'held'"), 1);
  EXPECT_EQ(whatsapp_.request_count(), before); // nothing sent that Meta would refuse
}

TEST(Channels, OutsideTheWindowTheConfiguredTemplateIsSent) {
  TempDir dir;
  FakeProvider telegram, whatsapp, twilio;
  whatsapp.set_handler(whatsapp_ok);
  auto config = config_with(dir.path(), telegram, whatsapp, twilio);
  config["channels"][3]["templates"] = {{"default", {{"name", "stoop_follow_up"}, {"language", "en_US"},
                                                   {"text_parameter", true}}}};
  TestServer server(config);
  server.start();
  auto say = [&](const std::string& id, const std::string& text) {
    std::string raw = json{{"object", "whatsapp_business_account"},
                           {"entry", {{{"id", "1"}, {"changes", {{{"field", "messages"}, {"value", {
                               {"messaging_product", "whatsapp"},
                               {"metadata", {{"display_phone_number", "1555"}, {"phone_number_id", wa_phone_id}}},
                               {"messages", {{{"from", "16175550123"}, {"id", id}, {"timestamp", "1"},
                                              {"type", "text"}, {"text", {{"body", text}}}}}}}}}}}}}}}
                          .dump();
    return http(server.port(), "POST", "/hooks/wa", raw,
                {{"x-hub-signature-256", "sha256=" + hex_encode(hmac_sha256(wa_secret, raw))}})
        .status;
  };
  ASSERT_EQ(say("wamid.t1", "Hi"), 200);
  ASSERT_EQ(say("wamid.t2", "1"), 200); // English; the consent question waits up to 3 days
  ASSERT_TRUE(whatsapp.wait_for_requests(4, 5s));
  server.clock().advance(3 * 24 * 3'600'000LL + 60'000); // its timeout prompt falls outside the window
  bool template_sent = false;
  for (int i = 0; i < 60 && !template_sent; ++i) {
    for (const auto& r : whatsapp.requests()) template_sent |= r.body.find("\"template\"") != std::string::npos;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(template_sent);
}

TEST(Channels, TelegramSetWebhookCommand) {
  TempDir dir;
  FakeProvider telegram, whatsapp, twilio;
  telegram.set_handler(telegram_ok);
  auto config = config_with(dir.path(), telegram, whatsapp, twilio);
  std::ofstream(dir.file("config.json")) << config.dump();
  auto result = run_stoop({"channels", "telegram", "set-webhook", "--config", dir.file("config.json")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Webhook was set"), std::string::npos);
  ASSERT_EQ(telegram.request_count(), 1u);
  auto request = telegram.requests()[0];
  EXPECT_EQ(request.target, "/bot123456:test-bot-token/setWebhook");
  auto body = json::parse(request.body);
  EXPECT_EQ(body["url"], std::string(public_url) + "/hooks/tg");
  EXPECT_EQ(body["secret_token"], tg_secret);
  // The token never reaches the output.
  EXPECT_EQ(result.out.find("test-bot-token"), std::string::npos);
  EXPECT_EQ(result.err.find("test-bot-token"), std::string::npos);
}

} // namespace
} // namespace stoop::testing
