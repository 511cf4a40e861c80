// Config validation: every refusal names the JSON pointer of the bad value.
#include "bot/config.hpp"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

namespace stoop {
namespace {

using json = nlohmann::json;

json valid() {
  return json::parse(R"({
    "server": {"listen": "127.0.0.1:8080", "public_url": "https://bot.example.org/"},
    "storage": {"sqlite": "data/stoop.db"},
    "channels": [
      {"id": "sms", "type": "twilio", "account_sid": "AC1", "auth_token": "${TWILIO_AUTH_TOKEN}", "number": "+16175550100"},
      {"id": "web", "type": "webchat"}
    ]})");
}

Expected<Config> parse(const json& doc, std::map<std::string, std::string> env = {{"TWILIO_AUTH_TOKEN", "secret-token"}}) {
  return parse_config(doc.dump(), "test.json", [env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

TEST(Config, ValidDocumentWithEnvironmentSecrets) {
  auto config = parse(valid());
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->server.listen_port, 8080);
  EXPECT_EQ(config->server.public_url, "https://bot.example.org"); // trailing slash dropped
  EXPECT_EQ(config->channels.size(), 2u);
  auto secrets = config_secrets(*config);
  ASSERT_EQ(secrets.size(), 1u);
  EXPECT_EQ(secrets[0], "secret-token");
}

TEST(Config, TheWriterHasALargerPageCacheThanTheOtherConnections) {
  auto config = parse(valid());
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->storage.cache_kib, 2048);
  EXPECT_EQ(config->storage.writer_cache_kib, 32768);

  auto doc = valid();
  doc["storage"]["cache_kib"] = 1024;
  doc["storage"]["writer_cache_kib"] = 65536;
  config = parse(doc);
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->storage.cache_kib, 1024);
  EXPECT_EQ(config->storage.writer_cache_kib, 65536);
}

TEST(Config, TheExampleFileLoads) {
  auto config = load_config_file(std::string(STOOP_SOURCE_DIR) + "/config/stoop.example.json");
  ASSERT_TRUE(config) << config.error();
}

struct Case {
  std::string patch; // a JSON merge patch applied to the valid document
  std::string error;
};

class ConfigRefusal : public ::testing::TestWithParam<Case> {};

TEST_P(ConfigRefusal, NamesThePointer) {
  auto doc = valid();
  doc.merge_patch(json::parse(GetParam().patch));
  auto config = parse(doc);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error(), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    All, ConfigRefusal,
    ::testing::Values(
        Case{R"({"extra": 1})", "/extra: unknown key"},
        Case{R"({"server": {"listn": "x"}})", "/server/listn: unknown key"},
        Case{R"({"server": {"threads": "two"}})", "/server/threads: expected an integer"},
        Case{R"({"server": {"threads": 0}})", "/server/threads: must be between 1 and 64"},
        Case{R"({"server": {"listen": "8080"}})", "/server/listen: expected HOST:PORT, e.g. \"127.0.0.1:8080\""},
        Case{R"({"server": {"public_url": "bot.example.org"}})",
             "/server/public_url: expected an absolute http:// or https:// URL"},
        Case{R"({"storage": {"synchronous": "off"}})", "/storage/synchronous: must be one of \"full\", \"normal\""},
        Case{R"({"storage": null})", "/: missing required key \"storage\""},
        Case{R"({"storage": {"writer_cache_kib": 32}})", "/storage/writer_cache_kib: must be between 64 and 4000000"},
        Case{R"({"default_language": "fr"})", "/default_language: \"fr\" is not in \"languages\""},
        Case{R"({"log_level": "loud"})", "/log_level: must be one of \"debug\", \"info\", \"warn\", \"error\""},
        Case{R"({"outbox": {"max_attempts": 0}})", "/outbox/max_attempts: must be between 1 and 100"}));

TEST(Config, ChannelProblems) {
  auto doc = valid();
  doc["channels"][1]["type"] = "pigeon";
  auto config = parse(doc);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().rfind("/channels/1/type: unknown channel type \"pigeon\"", 0), 0u) << config.error();

  doc = valid();
  doc["channels"][1]["id"] = "sms";
  EXPECT_EQ(parse(doc).error(), "/channels/1/id: \"sms\" is used by another channel");

  doc = valid();
  doc["channels"][0].erase("account_sid");
  EXPECT_EQ(parse(doc).error(), "/channels/0: missing required key \"account_sid\"");

  doc = valid();
  doc["channels"][0]["colour"] = "blue";
  EXPECT_EQ(parse(doc).error(), "/channels/0/colour: unknown key");

  doc = valid();
  doc["channels"][0].erase("number");
  EXPECT_EQ(parse(doc).error(), "/channels/0: needs \"number\" or \"messaging_service_sid\"");
}

TEST(Config, MissingEnvironmentVariable) {
  auto config = parse(valid(), {});
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error(), "/channels/0/auth_token: environment variable TWILIO_AUTH_TOKEN is not set");
}

TEST(Config, NotJsonAtAll) {
  auto config = parse_config("{", "x", [](const char*) { return nullptr; });
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error(), "/: not valid JSON");
}

} // namespace
} // namespace stoop
