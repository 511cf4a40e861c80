// Design scenario 6 end to end, and the scheduled work behind it: an
// opportunity prompts the students it suits, YES confirms while places last
// and waitlists after, NO promotes the waitlist, a reminder the day before and
// a reflection after; quiet hours hold prompts but not replies; a weekly
// cohort prompt and a pending offer fire after a restart, once.
#include <gtest/gtest.h>

#include <fstream>

#include "bot/app.hpp"
#include "bot/store_thread.hpp"
#include "tests/integration/routing_world.hpp"
#include "tests/support/process.hpp"

namespace stoop::testing {
namespace {

constexpr std::int64_t carla = 555000333;
constexpr std::int64_t saturday_ten_boston = 1'768'662'000'000; // 2026-01-17 10:00 EST

void add_carla(nlohmann::json& config) {
  config["people"].push_back({{"email", "carla@example.org"}, {"name", "Carla Pires"}, {"role", "student"},
                              {"languages", {"es", "kea"}}, {"team", "Roxbury"},
                              {"reach", {{"channel", "tg"}, {"address", std::to_string(carla)}}}});
}

// As the dashboard or `stoop opportunities add` would: a row, and the database arms its prompt.
std::int64_t post_opportunity(RoutingWorld& world, int slots) {
  auto now = world.clock().now_ms();
  auto create = [slots, now](storage::Store& s) {
    storage::OpportunityRecord o;
    o.title = "Health fair";
    o.description = "Blood pressure checks with the community health centre.";
    o.location = "Nubian Square";
    o.starts_at = saturday_ten_boston;
    o.ends_at = saturday_ten_boston + 4 * hour_ms;
    o.slots = slots;
    o.languages_json = R"(["es"])";
    o.created_at = now;
    o.updated_at = now;
    return s.opportunities().create(o).id;
  };
  auto id = world.server().app().store().write_now(std::move(create));
  world.settle();
  return id;
}

TEST(RoutingEngagement, SignUpsWaitlistReminderAndReflection) {
  RoutingWorld world(add_carla);
  world.start();
  ASSERT_EQ(post_opportunity(world, 2), 1);
  for (auto student : {ana, bruno, carla}) {
    auto prompt = world.telegram_to(student);
    ASSERT_EQ(prompt.size(), 1u) << student << joined(prompt);
    EXPECT_NE(prompt[0].find("Opportunity 1: Health fair, Sat 17 Jan, 10:00, Nubian Square."), std::string::npos)
        << prompt[0];
    EXPECT_NE(prompt[0].find("2 places. Reply YES 1 to sign up or NO 1."), std::string::npos) << prompt[0];
  }
  EXPECT_TRUE(world.sms_to(sam).empty()); // staff are not prompted

  EXPECT_TRUE(any_contains(world.telegram(ana, "YES 1"), "You are confirmed for Health fair"));
  EXPECT_TRUE(any_contains(world.telegram(bruno, "yes"), "You are confirmed")); // the one it can mean
  EXPECT_TRUE(any_contains(world.telegram(carla, "YES 1"), "number 1 on the waitlist"));
  EXPECT_TRUE(any_contains(world.telegram(carla, "MY"), "Health fair, Sat 17 Jan, 10:00: waitlisted"));

  EXPECT_TRUE(any_contains(world.telegram(ana, "NO 1"), "no longer signed up"));
  EXPECT_TRUE(any_contains(world.telegram_to(carla), "A place opened up: you are confirmed for Health fair"));
  EXPECT_EQ(world.db_int("SELECT COUNT(*) FROM opportunity_signups WHERE status = 'confirmed'"), 2);

  // Friday 10:00: the reminder, to those confirmed only.
  world.advance(saturday_ten_boston - 24 * hour_ms - world.clock().now_ms() - minute_ms);
  EXPECT_TRUE(world.telegram_to(bruno).empty());
  world.advance(2 * minute_ms);
  EXPECT_TRUE(any_contains(world.telegram_to(bruno), "Reminder: Health fair is Sat 17 Jan, 10:00"));
  EXPECT_TRUE(any_contains(world.telegram_to(carla), "Reminder"));
  EXPECT_TRUE(world.telegram_to(ana).empty());

  // Two hours after it ends: the reflection question; the answer is stored.
  world.advance(saturday_ten_boston + 6 * hour_ms - world.clock().now_ms() + minute_ms);
  EXPECT_TRUE(any_contains(world.telegram_to(bruno), "How did Health fair go?"));
  EXPECT_TRUE(any_contains(world.telegram(bruno, "Aprendí a escuchar primero"), "your answer is saved"));
  EXPECT_TRUE(any_contains(world.telegram(carla, "ANSWER Más tiempo con las familias"), "your answer is saved"));
  EXPECT_EQ(world.db_int("SELECT COUNT(*) FROM prompts WHERE kind = 'reflection' AND answer IS NOT NULL"), 2);
  world.advance(7 * 24 * hour_ms);
  EXPECT_TRUE(world.telegram_to(bruno).empty()); // nothing fires twice
}

TEST(RoutingEngagement, QuietHoursHoldPromptsButNotReplies) {
  RoutingWorld world;
  world.clock().set(monday_noon_boston + 10 * hour_ms); // 22:00 in Boston
  world.start();
  post_opportunity(world, 4);
  EXPECT_TRUE(world.telegram_to(ana).empty());
  // A reply to what she just sent goes at once, past the prompt waiting for the morning.
  EXPECT_TRUE(any_contains(world.telegram(ana, "MY"), "Health fair"));
  world.advance(9 * hour_ms + 59 * minute_ms);
  EXPECT_TRUE(world.telegram_to(ana).empty());
  world.advance(2 * minute_ms); // 08:01
  EXPECT_TRUE(any_contains(world.telegram_to(ana), "Opportunity 1: Health fair"));
}

TEST(RoutingEngagement, ScheduledWorkFiresAfterARestartAndOnlyOnce) {
  RoutingWorld world([](nlohmann::json& config) {
    config["prompts"] = nlohmann::json::array(
        {{{"id", "weekly_reflection"}, {"cohort", {{"team", "Roxbury"}}}, {"day", "fri"}, {"time", "16:00"},
          {"text", {{"en", "What did you learn this week?"}, {"es", "¿Qué aprendió esta semana?"}}}}});
  });
  world.start();
  world.member_opens_request(maria);
  ASSERT_EQ(world.telegram_to(ana).size(), 1u); // offered, with 15 minutes to answer

  world.stop();
  world.clock().advance(5 * 24 * hour_ms); // Saturday noon: the offer expired, Friday's prompt is due
  world.start();
  world.settle();
  auto to_ana = world.telegram_to(ana);
  EXPECT_TRUE(any_contains(to_ana, "no answer in time")) << joined(to_ana);
  EXPECT_TRUE(any_contains(to_ana, "¿Qué aprendió esta semana? (Reply ANSWER")) << joined(to_ana);
  auto to_bruno = world.telegram_to(bruno);
  EXPECT_TRUE(any_contains(to_bruno, "Request #1 (")) << joined(to_bruno);
  EXPECT_TRUE(any_contains(to_bruno, "¿Qué aprendió esta semana?")) << joined(to_bruno);

  world.restart();
  world.settle();
  EXPECT_TRUE(world.telegram_to(ana).empty());
  EXPECT_EQ(world.db_int("SELECT COUNT(*) FROM prompts WHERE kind = 'cohort'"), 2);
  // The next Friday: the next occurrence.
  world.advance(6 * 24 * hour_ms + 5 * hour_ms);
  EXPECT_TRUE(any_contains(world.telegram_to(ana), "¿Qué aprendió esta semana?"));
  EXPECT_EQ(world.db_int("SELECT COUNT(*) FROM prompts WHERE kind = 'cohort'"), 4);
}

TEST(RoutingEngagement, OpportunitiesFromTheCommandLine) {
  RoutingWorld world;
  world.start();
  auto config_file = world.server().db_path() + ".json";
  std::ofstream(config_file) << world.config().dump();
  auto added = run_stoop({"opportunities", "add", "--config", config_file, "--title", "Vaccine clinic", "--starts",
                          "2026-01-24T09:00", "--slots", "3", "--languages", "es", "--location", "Mission Hill"});
  EXPECT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("opportunity 1"), std::string::npos) << added.out;
  world.settle();
  EXPECT_TRUE(any_contains(world.telegram_to(ana), "Opportunity 1: Vaccine clinic, Sat 24 Jan, 09:00, Mission Hill"));

  auto bad = run_stoop({"opportunities", "add", "--config", config_file, "--title", "X", "--starts", "tomorrow",
                        "--slots", "3"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--starts"), std::string::npos) << bad.err;
}

} // namespace
} // namespace stoop::testing
