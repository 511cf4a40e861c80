#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "routing/router.hpp"

namespace stoop::routing {
namespace {

const TimeZone boston = *find_time_zone("America/New_York");
constexpr std::int64_t monday_noon = 1'768'237'200'000; // 2026-01-12 12:00 in Boston

Person student(std::int64_t id, std::vector<std::string> languages, std::optional<std::int64_t> team = 1) {
  Person p;
  p.id = id;
  p.role = "student";
  p.languages = std::move(languages);
  p.team_id = team;
  return p;
}

RequestFacts spanish_clinic() { return {"find_care", "es", "roxbury"}; }

TEST(Rules, FirstMatchingRuleWinsAndEmptyListsMatchAnything) {
  std::vector<RoutingRule> rules{
      {{"mental_health"}, {}, {}, "Wellbeing"},
      {{}, {"es"}, {"roxbury", "mission_hill"}, "Roxbury Spanish"},
      {{}, {}, {}, "Everyone"},
  };
  EXPECT_EQ(match_rule(rules, {"mental_health", "es", "roxbury"})->team, "Wellbeing");
  EXPECT_EQ(match_rule(rules, spanish_clinic())->team, "Roxbury Spanish");
  EXPECT_EQ(match_rule(rules, {"food", "es", "jamaica_plain"})->team, "Everyone");
  rules.pop_back();
  EXPECT_EQ(match_rule(rules, {"food", "es", "jamaica_plain"}), nullptr);
  EXPECT_EQ(match_rule({}, spanish_clinic()), nullptr);
}

TEST(Decide, OffersToTheLeastLoadedSpeakerOfTheLanguage) {
  auto ana = student(1, {"es", "en"});
  ana.open_load = 1;
  auto ben = student(2, {"en"}); // does not speak Spanish
  auto carla = student(3, {"es"});
  carla.open_load = 0;
  auto decision = decide(spanish_clinic(), 1, {ana, ben, carla}, {}, monday_noon, boston);
  EXPECT_EQ(decision.action, RouteAction::offer);
  EXPECT_EQ(decision.person_id, 3);
}

TEST(Decide, LongestIdleBreaksATieThenTheId) {
  auto ana = student(1, {"es"});
  ana.last_offered_at = monday_noon - 60'000;
  auto carla = student(3, {"es"});
  carla.last_offered_at = monday_noon - 3'600'000; // idle longer
  EXPECT_EQ(decide(spanish_clinic(), 1, {ana, carla}, {}, monday_noon, boston).person_id, 3);
  auto dora = student(4, {"es"}); // never offered anything: idle the longest
  EXPECT_EQ(decide(spanish_clinic(), 1, {ana, carla, dora}, {}, monday_noon, boston).person_id, 4);
  auto eva = student(2, {"es"});
  EXPECT_EQ(decide(spanish_clinic(), 1, {dora, eva}, {}, monday_noon, boston).person_id, 2);
}

TEST(Decide, StaysInsideTheTeam) {
  auto ana = student(1, {"es"}, 2);
  auto carla = student(3, {"es"}, 1);
  EXPECT_EQ(decide(spanish_clinic(), 1, {ana, carla}, {}, monday_noon, boston).person_id, 3);
  EXPECT_EQ(decide(spanish_clinic(), std::nullopt, {ana, carla}, {}, monday_noon, boston).person_id, 1);
  EXPECT_EQ(decide(spanish_clinic(), 7, {ana, carla}, {}, monday_noon, boston).action, RouteAction::escalate);
}

TEST(Decide, SkipsThoseWhoPassedOrTimedOutThenEscalates) {
  auto ana = student(1, {"es"});
  auto carla = student(3, {"es"});
  EXPECT_EQ(decide(spanish_clinic(), 1, {ana, carla}, {1}, monday_noon, boston).person_id, 3);
  EXPECT_EQ(decide(spanish_clinic(), 1, {ana, carla}, {1, 3}, monday_noon, boston).action, RouteAction::escalate);
}

TEST(Decide, QueuesWhenSuitablePeopleAreBusyAwayOrOffHours) {
  auto full = student(1, {"es"});
  full.capacity = 2;
  full.open_load = 2;
  auto away = student(2, {"es"});
  away.away = true;
  auto off_hours = student(3, {"es"});
  off_hours.availability = *parse_availability(nlohmann::json::parse(R"({"hours": {"sat": "10:00-12:00"}})"), "");
  auto decision = decide(spanish_clinic(), 1, {full, away, off_hours}, {}, monday_noon, boston);
  EXPECT_EQ(decision.action, RouteAction::queue);
  // The same people on Saturday at 11:00: the off-hours one is free.
  auto saturday = monday_noon + 5 * 24 * 3'600'000LL - 3'600'000;
  EXPECT_EQ(decide(spanish_clinic(), 1, {full, away, off_hours}, {}, saturday, boston).person_id, 3);
}

TEST(Decide, TopicsNeighbourhoodsRolesAndReachability) {
  auto housing_only = student(1, {"es"});
  housing_only.topics = {"housing"};
  auto jp_only = student(2, {"es"});
  jp_only.neighbourhoods = {"jamaica_plain"};
  auto admin = student(3, {"es"});
  admin.role = "admin";
  auto unreachable = student(4, {"es"});
  unreachable.reachable = false;
  EXPECT_EQ(decide(spanish_clinic(), 1, {housing_only, jp_only, admin, unreachable}, {}, monday_noon, boston).action,
            RouteAction::escalate);
  auto staff = student(5, {"es"});
  staff.role = "staff";
  EXPECT_EQ(decide(spanish_clinic(), 1, {housing_only, staff}, {}, monday_noon, boston).person_id, 5);
  // A request without a topic is not kept from a specialist.
  EXPECT_EQ(decide({"", "es", ""}, 1, {housing_only}, {}, monday_noon, boston).person_id, 1);
  // Nor one without a language from anyone.
  EXPECT_EQ(decide({"housing", "", ""}, 1, {housing_only}, {}, monday_noon, boston).person_id, 1);
}

} // namespace
} // namespace stoop::routing
