// The pure parts of transparency and data rights: the RESULTS / MYDATA /
// DELETE words in every language, quiet hours in Boston's time (daylight
// saving included) and the configuration keys with their refusals.
#include <gtest/gtest.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "bot/config.hpp"
#include "bot/data_rights.hpp"
#include "bot/quiet_hours.hpp"

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

// Milliseconds of a UTC date and time, for readable cases.
std::int64_t utc(int year, int month, int day, int hour, int minute = 0) {
  std::tm t{};
  t.tm_year = year - 1900;
  t.tm_mon = month - 1;
  t.tm_mday = day;
  t.tm_hour = hour;
  t.tm_min = minute;
  return static_cast<std::int64_t>(timegm(&t)) * 1000;
}

QuietHoursConfig boston_nights() {
  QuietHoursConfig quiet;
  quiet.enabled = true;
  quiet.start_minute = 21 * 60;
  quiet.end_minute = 8 * 60;
  quiet.utc_offset_minutes = -300;
  quiet.us_daylight_saving = true;
  return quiet;
}

TEST(QuietHours, BostonLocalTimeFollowsDaylightSaving) {
  auto quiet = boston_nights();
  EXPECT_EQ(local_minute_of_day(quiet, utc(2026, 1, 15, 14)), 9 * 60);         // EST
  EXPECT_EQ(local_minute_of_day(quiet, utc(2026, 7, 15, 14)), 10 * 60);        // EDT
  EXPECT_EQ(local_minute_of_day(quiet, utc(2026, 3, 8, 6, 59)), 1 * 60 + 59);  // just before the change
  EXPECT_EQ(local_minute_of_day(quiet, utc(2026, 3, 8, 7, 0)), 3 * 60);        // 2am becomes 3am
  EXPECT_EQ(local_minute_of_day(quiet, utc(2026, 11, 1, 5, 59)), 1 * 60 + 59); // EDT
  EXPECT_EQ(local_minute_of_day(quiet, utc(2026, 11, 1, 6, 0)), 1 * 60);       // back to EST
  quiet.us_daylight_saving = false;
  EXPECT_EQ(local_minute_of_day(quiet, utc(2026, 7, 15, 14)), 9 * 60);
}

TEST(QuietHours, InsideTheNightWaitsForTheMorning) {
  auto quiet = boston_nights();
  // 22:30 EDT: quiet until 08:00 EDT, 9.5 hours later.
  EXPECT_EQ(quiet_hours_end(quiet, utc(2026, 7, 1, 2, 30)), utc(2026, 7, 1, 12, 0));
  // 03:15 EST, after midnight: until 08:00 EST.
  EXPECT_EQ(quiet_hours_end(quiet, utc(2026, 1, 10, 8, 15)), utc(2026, 1, 10, 13, 0));
  // 08:00 exactly and 20:59 are outside.
  EXPECT_FALSE(quiet_hours_end(quiet, utc(2026, 1, 10, 13, 0)));
  EXPECT_FALSE(quiet_hours_end(quiet, utc(2026, 1, 11, 1, 59)));
  EXPECT_TRUE(quiet_hours_end(quiet, utc(2026, 1, 11, 2, 0)));
  quiet.enabled = false;
  EXPECT_FALSE(quiet_hours_end(quiet, utc(2026, 7, 1, 2, 30)));
}

TEST(QuietHours, ADaytimeWindow) {
  auto quiet = boston_nights();
  quiet.start_minute = 12 * 60; // a lunchtime pause, 12:00-13:00
  quiet.end_minute = 13 * 60;
  quiet.us_daylight_saving = false;
  EXPECT_EQ(quiet_hours_end(quiet, utc(2026, 1, 10, 17, 30)), utc(2026, 1, 10, 18, 0));
  EXPECT_FALSE(quiet_hours_end(quiet, utc(2026, 1, 10, 18, 0)));
}

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
  EXPECT_FALSE(defaults->transparency.quiet_hours.enabled);
  EXPECT_EQ(defaults->retention.message_days, 365);
  EXPECT_EQ(defaults->transparency.delete_confirm_minutes, 15);

  auto config = parse(config_with({{"transparency",
                                    {{"delete_confirm_minutes", 5},
                                     {"quiet_hours", {{"start", "20:30"}, {"end", "09:00"}}},
                                     {"baselines", {{"neighbourhood", {{"roxbury", 0.5}, {"mission_hill", 0.5}}}}}}},
                                   {"retention", {{"message_days", 90}, {"check_minutes", 30}}}}));
  ASSERT_TRUE(config) << config.error();
  EXPECT_TRUE(config->transparency.quiet_hours.enabled);
  EXPECT_EQ(config->transparency.quiet_hours.start_minute, 20 * 60 + 30);
  EXPECT_EQ(config->transparency.quiet_hours.utc_offset_minutes, -300);
  EXPECT_EQ(config->transparency.baselines.at("neighbourhood").at("roxbury"), 0.5);
  EXPECT_EQ(config->retention.message_days, 90);
}

TEST(TransparencyConfig, BadValuesAreRefusedWithTheirPointer) {
  const std::vector<std::pair<json, std::string>> cases{
      {{{"transparency", {{"quiet_hours", {{"start", "25:00"}, {"end", "08:00"}}}}}},
       "/transparency/quiet_hours/start: expected a time"},
      {{{"transparency", {{"quiet_hours", {{"start", "21:00"}}}}}},
       "/transparency/quiet_hours: missing required key \"end\""},
      {{{"transparency", {{"quiet_hours", {{"start", "21:00"}, {"end", "21:00"}}}}}}, "/transparency/quiet_hours/end"},
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
