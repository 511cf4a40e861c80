// The routing, teams, people and prompts sections of the config: defaults,
// every key read, and each refusal naming the JSON pointer of the bad value.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <nlohmann/json.hpp>

#include "bot/config.hpp"

namespace stoop {
namespace {

using json = nlohmann::json;

json valid() {
  return json::parse(R"({
    "server": {"listen": "127.0.0.1:8080", "public_url": "https://bot.example.org"},
    "storage": {"sqlite": "data/stoop.db"},
    "channels": [
      {"id": "sms", "type": "twilio", "account_sid": "AC1", "auth_token": "secret-token", "number": "+16175550100"},
      {"id": "tg", "type": "telegram", "bot_token": "123:abc", "secret_token": "tg-secret"},
      {"id": "web", "type": "webchat"}
    ],
    "routing": {
      "time_zone": "America/New_York", "offer_timeout": "10m", "queue_timeout": "2h", "queue_retry": "5m",
      "quiet_hours": {"start": "20:30", "end": "09:00"},
      "rules": [{"topic": ["mental_health"], "team": "Wellbeing"},
                {"language": "es", "neighbourhood": ["roxbury", "mission_hill"], "team": "Roxbury"}],
      "crisis_file": "config/crisis.json", "reminder_before": "1d", "reflection_after": "90m"
    },
    "teams": [{"name": "Roxbury", "description": "Nubian Square"}, {"name": "Wellbeing"}],
    "people": [
      {"email": "ana@example.org", "name": "Ana Souza", "role": "student", "team": "Roxbury",
       "languages": ["es", "en"], "topics": "find_care", "skills": ["blood pressure"], "capacity": 2,
       "availability": {"time_zone": "America/New_York", "hours": {"mon": "09:00-17:00"}},
       "reach": {"channel": "tg", "address": "555000111"}},
      {"email": "sam@example.org", "name": "Sam", "role": "staff", "on_call": true,
       "reach": {"channel": "sms", "address": "+16175550199"}}
    ],
    "prompts": [
      {"id": "weekly_reflection", "cohort": {"team": "Roxbury"}, "every": "week", "day": "fri", "time": "16:00",
       "text": {"en": "What did you learn this week?", "es": "¿Qué aprendió esta semana?"}},
      {"id": "daily", "every": "day", "time": "09:30", "text": "Good morning"}
    ]})");
}

Expected<Config> parse(const json& doc) {
  return parse_config(doc.dump(), "test.json", [](const char*) -> const char* { return nullptr; });
}

TEST(RoutingConfig, DefaultsWithoutTheSections) {
  auto doc = valid();
  for (const char* key : {"routing", "teams", "people", "prompts"}) doc.erase(key);
  auto config = parse(doc);
  ASSERT_TRUE(config) << config.error();
  const auto& r = config->routing;
  EXPECT_EQ(r.time_zone, "America/New_York");
  EXPECT_EQ(r.offer_timeout_ms, 15 * 60'000);
  EXPECT_EQ(r.quiet_hours.start_minute, 21 * 60);
  EXPECT_EQ(r.quiet_hours.end_minute, 8 * 60);
  EXPECT_EQ(r.crisis_file, "config/crisis.json");
  EXPECT_TRUE(r.people.empty());
}

TEST(RoutingConfig, ReadsEveryKey) {
  auto config = parse(valid());
  ASSERT_TRUE(config) << config.error();
  const auto& r = config->routing;
  EXPECT_EQ(r.offer_timeout_ms, 10 * 60'000);
  EXPECT_EQ(r.queue_timeout_ms, 2 * 3'600'000);
  EXPECT_EQ(r.queue_retry_ms, 5 * 60'000);
  EXPECT_EQ(r.quiet_hours.start_minute, 20 * 60 + 30);
  EXPECT_EQ(r.reminder_before_ms, 24 * 3'600'000);
  EXPECT_EQ(r.reflection_after_ms, 90 * 60'000);
  ASSERT_EQ(r.rules.size(), 2u);
  EXPECT_EQ(r.rules[1].neighbourhoods, (std::vector<std::string>{"roxbury", "mission_hill"}));
  EXPECT_EQ(r.rules[1].languages, (std::vector<std::string>{"es"}));
  ASSERT_EQ(r.people.size(), 2u);
  const auto& ana = r.people[0];
  EXPECT_EQ(ana.topics, (std::vector<std::string>{"find_care"}));
  EXPECT_EQ(ana.capacity, 2);
  EXPECT_EQ(ana.reach_channel, "tg");
  EXPECT_NE(ana.availability_json.find("09:00-17:00"), std::string::npos);
  EXPECT_TRUE(r.people[1].on_call);
  EXPECT_EQ(r.people[1].languages, (std::vector<std::string>{"en"})); // the default
  ASSERT_EQ(r.prompts.size(), 2u);
  EXPECT_EQ(r.prompts[0].when.weekday, 5);
  EXPECT_EQ(r.prompts[0].role, "student");
  EXPECT_EQ(r.prompts[1].when.weekday, std::nullopt);
  EXPECT_EQ(r.prompts[1].text.at("en"), "Good morning");
}

TEST(RoutingConfig, TheRoutingExampleFileLoads) {
  std::ifstream file(std::string(STOOP_SOURCE_DIR) + "/config/stoop.routing.example.json");
  std::stringstream text;
  text << file.rdbuf();
  std::map<std::string, std::string> env{
      {"TWILIO_ACCOUNT_SID", "AC0123"},       {"TWILIO_AUTH_TOKEN", "secret-token"}, {"TWILIO_NUMBER", "+16175550100"},
      {"TELEGRAM_BOT_TOKEN", "123:abc"},      {"TELEGRAM_SECRET", "tg-secret"},      {"ANA_TELEGRAM_CHAT_ID", "555000111"},
      {"DUC_PHONE", "+16175550188"},          {"ONCALL_PHONE", "+16175550199"}};
  auto config = parse_config(text.str(), "example", [&env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->routing.people.size(), 3u);
  EXPECT_EQ(config->routing.rules.size(), 3u);
}

TEST(RoutingConfig, QuietHoursCanBeTurnedOff) {
  auto doc = valid();
  doc["routing"]["quiet_hours"] = false;
  auto config = parse(doc);
  ASSERT_TRUE(config) << config.error();
  EXPECT_FALSE(config->routing.quiet_hours.is_quiet(23 * 60));
}

struct Case {
  std::string pointer; // where to put the value
  json value;
  std::string error;
};

class RoutingConfigRefusal : public ::testing::TestWithParam<Case> {};

TEST_P(RoutingConfigRefusal, NamesThePointer) {
  auto doc = valid();
  doc[json::json_pointer(GetParam().pointer)] = GetParam().value;
  auto config = parse(doc);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error(), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RoutingConfigRefusal,
    ::testing::Values(
        Case{"/routing/time_zone", "Mars/Base", "/routing/time_zone: unknown time zone \"Mars/Base\" (see docs/routing.md for the list)"},
        Case{"/routing/offer_timeout", "15", "/routing/offer_timeout: expected a duration such as \"90s\", \"15m\", \"4h\" or \"1d\""},
        Case{"/routing/offer_timeout", "10s", "/routing/offer_timeout: expected a duration such as \"90s\", \"15m\", \"4h\" or \"1d\""},
        Case{"/routing/quiet_hours/start", "9pm", "/routing/quiet_hours/start: expected a time \"HH:MM\""},
        Case{"/routing/quiet_hours/until", "08:00", "/routing/quiet_hours/until: unknown key"},
        Case{"/routing/rules/0/team", "Nobody", "/routing/rules/0/team: \"Nobody\" is not declared in \"teams\""},
        Case{"/routing/rules/1/language", "fr", "/routing/rules/1/language: \"fr\" is not in \"languages\""},
        Case{"/routing/rules/0/topic", 5, "/routing/rules/0/topic: expected a string or an array of strings"},
        Case{"/routing/color", "blue", "/routing/color: unknown key"},
        Case{"/teams/1/name", "Roxbury", "/teams/1/name: \"Roxbury\" is declared twice"},
        Case{"/people/0/role", "boss", "/people/0/role: must be one of \"admin\", \"staff\", \"student\""},
        Case{"/people/0/email", "ana", "/people/0/email: expected an email address"},
        Case{"/people/1/email", "ana@example.org", "/people/1/email: \"ana@example.org\" is declared twice"},
        Case{"/people/0/team", "Nowhere", "/people/0/team: \"Nowhere\" is not declared in \"teams\""},
        Case{"/people/0/capacity", -1, "/people/0/capacity: must be between 0 and 100"},
        Case{"/people/0/reach/channel", "fax", "/people/0/reach/channel: no channel \"fax\" is configured"},
        Case{"/people/0/reach/channel", "web", "/people/0/reach/address: a web chat visitor cannot be reached later; use an SMS or Telegram channel"},
        Case{"/people/1/reach/address", "617-555-0199", "/people/1/reach/address: expected a phone number in E.164 form, e.g. \"+16175550100\""},
        Case{"/people/0/reach/address", "@ana", "/people/0/reach/address: expected a Telegram chat id (digits), as the bot sees it"},
        Case{"/people/0/availability/hours/mon", "9-5", "/people/0/availability/hours/mon: expected \"HH:MM-HH:MM\", e.g. \"09:00-17:00\""},
        Case{"/people/0/languages", json::array({"fr"}), "/people/0/languages: \"fr\" is not in \"languages\""},
        Case{"/prompts/0/day", "someday", "/prompts/0/day: a weekly prompt needs a day: mon, tue, wed, thu, fri, sat or sun"},
        Case{"/prompts/1/day", "mon", "/prompts/1/day: a daily prompt has no day"},
        Case{"/prompts/1/id", "weekly_reflection", "/prompts/1/id: \"weekly_reflection\" is used by another prompt"},
        Case{"/prompts/0/id", "Weekly Reflection", "/prompts/0/id: must be 1 to 64 characters of a-z, 0-9, '_' or '-'"},
        Case{"/prompts/0/text", json::object({{"es", "hola"}}), "/prompts/0/text: needs a text in the default language \"en\""},
        Case{"/prompts/0/cohort/team", "Nobody", "/prompts/0/cohort/team: \"Nobody\" is not declared in \"teams\""},
        Case{"/prompts/0/every", "month", "/prompts/0/every: must be one of \"week\", \"day\""},
        Case{"/people", json::object(), "/people: expected an array of people"}));

} // namespace
} // namespace stoop
