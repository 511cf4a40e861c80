// The pure parts of transparency and data rights: the RESULTS / MYDATA /
// DELETE words in every language and the configuration keys with their
// refusals.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/config.hpp"
#include "bot/data_rights.hpp"

namespace stoop {
namespace {

using json = nlohmann::json;

TEST(RightsWords, ResultsInEveryLanguage) {
  for (const char* word : {"RESULTS", "results", " Results. ", "RESULTADOS", "resultados!", "REZILTA", "RIZULTADU",
                           "结果", "結果", "KẾT QUẢ", "kết quả", "ket qua"}) {
    EXPECT_EQ(classify_rights_word(word), RightsWord::results) << word;
  }
}

TEST(RightsWords, MyDataAndDelete) {
  EXPECT_EQ(classify_rights_word("MYDATA"), RightsWord::my_data);
  EXPECT_EQ(classify_rights_word("my data"), RightsWord::my_data);
  EXPECT_EQ(classify_rights_word("Delete."), RightsWord::erase);
}

TEST(RightsWords, OrdinaryMessagesAreNone) {
  for (const char* text : {"", "results please", "what are the results?", "delete my account now", "data", "結",
                           "I want to see RESULTS"}) {
    EXPECT_EQ(classify_rights_word(text), RightsWord::none) << text;
  }
}

constexpr std::int64_t hour_ms = 3'600'000;

json config_with(const json& extra) {
  json doc = {{"server", {{"listen", "127.0.0.1:8080"}, {"public_url", "https://bot.example.org"}}},
              {"storage", {{"sqlite", "data/stoop.db"}}},
              {"channels", json::array({{{"id", "web"}, {"type", "webchat"}}})}};
  doc.merge_patch(extra);
  return doc;
}

Expected<Config> parse(const json& doc) {
  return parse_config(doc.dump(), "test.json", [](const char*) -> const char* { return nullptr; });
}

TEST(TransparencyConfig, DefaultsAndValidKeys) {
  auto defaults = parse(config_with(json::object()));
  ASSERT_TRUE(defaults) << defaults.error();
  EXPECT_EQ(defaults->retention.message_days, 365);
  EXPECT_EQ(defaults->transparency.delete_confirm_minutes, 15);

  auto config = parse(config_with(
      {{"transparency",
        {{"delete_confirm_minutes", 5}, {"baselines", {{"neighbourhood", {{"roxbury", 0.5}, {"mission_hill", 0.5}}}}}}},
       {"retention", {{"message_days", 90}, {"check_minutes", 30}}}}));
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->transparency.baselines.at("neighbourhood").at("roxbury"), 0.5);
  EXPECT_EQ(config->retention.message_days, 90);
}

TEST(TransparencyConfig, BadValuesAreRefusedWithTheirPointer) {
  const std::vector<std::pair<json, std::string>> cases{
      {{{"transparency", {{"quiet_hours", {{"start", "21:00"}, {"end", "08:00"}}}}}},
       "/transparency/quiet_hours: unknown key"}, // quiet hours are routing's, for every kind of prompt
      {{{"transparency", {{"baselines", {{"neighbourhood", {{"roxbury", 0.9}, {"jp", 0.9}}}}}}}},
       "/transparency/baselines/neighbourhood: the shares add up to more than 1"},
      {{{"transparency", {{"baselines", {{"income", {{"low", 0.5}}}}}}}},
       "/transparency/baselines/income: unknown dimension"},
      {{{"transparency", {{"baselines", {{"language", {{"en", "half"}}}}}}}}, "/transparency/baselines/language/en"},
      {{{"transparency", {{"delete_confirm_minutes", 0}}}}, "/transparency/delete_confirm_minutes: must be between"},
      {{{"transparency", {{"quiet", true}}}}, "/transparency/quiet: unknown key"},
      {{{"retention", {{"message_days", -1}}}}, "/retention/message_days: must be between"},
      {{{"retention", {{"days", 30}}}}, "/retention/days: unknown key"},
  };
  for (const auto& [extra, expected] : cases) {
    auto config = parse(config_with(extra));
    ASSERT_FALSE(config) << extra.dump();
    EXPECT_NE(config.error().find(expected), std::string::npos) << config.error();
  }
}

} // namespace
} // namespace stoop
