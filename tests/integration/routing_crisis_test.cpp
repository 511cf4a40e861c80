// Design scenario 3 end to end: crisis language at first contact, in the
// middle of a flow (Spanish) and inside a relay gets the 911 / 988 safety
// message at once, flags the conversation urgent, alerts on-call staff and
// stops the flows until staff clear the case.
#include <gtest/gtest.h>

#include "tests/integration/routing_world.hpp"

namespace stoop::testing {
namespace {

TEST(RoutingCrisis, FirstContactInEnglishUntilStaffClearIt) {
  RoutingWorld world;
  world.start();
  auto replies = world.sms("+16175550140", "I want to kill myself");
  ASSERT_EQ(replies.size(), 1u) << joined(replies); // the safety message, and no welcome flow
  EXPECT_NE(replies[0].find("call 911"), std::string::npos) << replies[0];
  EXPECT_NE(replies[0].find("988"), std::string::npos);
  EXPECT_NE(replies[0].find("We cannot give medical advice"), std::string::npos);

  auto alert = world.sms_to(sam);
  ASSERT_EQ(alert.size(), 1u) << joined(alert);
  EXPECT_NE(alert[0].find("URGENT: crisis language (suicide)"), std::string::npos) << alert[0];
  EXPECT_NE(alert[0].find("Reply CLEAR 1"), std::string::npos) << alert[0];
  EXPECT_EQ(world.db_int("SELECT COUNT(*) FROM conversations WHERE urgent = 1"), 1);
  EXPECT_EQ(world.db_int("SELECT COUNT(*) FROM crisis_cases WHERE cleared_at IS NULL AND category = 'suicide'"), 1);

  // Paused: stored for staff, not answered by a flow.
  EXPECT_TRUE(world.sms("+16175550140", "hello?").empty());
  EXPECT_EQ(world.db_int("SELECT COUNT(*) FROM sessions"), 0);
  // Another crisis phrase: the safety message again, no second case or alert.
  EXPECT_TRUE(any_contains(world.sms("+16175550140", "I took too many pills"), "988"));
  EXPECT_TRUE(world.sms_to(sam).empty());
  EXPECT_EQ(world.db_int("SELECT COUNT(*) FROM crisis_cases"), 1);

  EXPECT_TRUE(any_contains(world.sms(sam, "CLEAR 1"), "Case 1 cleared"));
  EXPECT_EQ(world.db_int("SELECT COUNT(*) FROM conversations WHERE urgent = 1"), 0);
  EXPECT_TRUE(any_contains(world.sms(sam, "CLEAR 1"), "no open crisis case 1"));
  // The flows answer again.
  EXPECT_FALSE(world.sms("+16175550140", "hello").empty());
}

TEST(RoutingCrisis, InTheMiddleOfASpanishFlow) {
  RoutingWorld world;
  world.start();
  world.sms(maria, "Hola");
  world.sms(maria, "2"); // Español: the consent question waits for an answer
  ASSERT_EQ(world.db_int("SELECT COUNT(*) FROM sessions WHERE wake_at IS NOT NULL"), 1); // its wait times out
  auto replies = world.sms(maria, "no puedo más, quiero morir");
  ASSERT_EQ(replies.size(), 1u) << joined(replies);
  EXPECT_NE(replies[0].find("llame al 911"), std::string::npos) << replies[0];
  EXPECT_NE(replies[0].find("988"), std::string::npos);
  EXPECT_EQ(world.db_int("SELECT COUNT(*) FROM sessions"), 0); // the flow ended, and its wait with it
  EXPECT_TRUE(any_contains(world.sms_to(sam), "URGENT"));
  // The flow's question does not come back later either.
  world.advance(4 * 24 * hour_ms);
  EXPECT_TRUE(world.sms_to(maria).empty());
}

TEST(RoutingCrisis, InsideARelayTheStudentIsToldAndTheRelayGoesOn) {
  RoutingWorld world;
  world.start();
  world.member_opens_request(maria);
  world.telegram(ana, "ACCEPT 1");
  world.sms_to(maria);
  auto replies = world.sms(maria, "es una emergencia, mi hijo no puede respirar");
  EXPECT_TRUE(any_contains(replies, "llame al 911")) << joined(replies);
  auto to_ana = world.telegram_to(ana);
  ASSERT_EQ(to_ana.size(), 2u) << joined(to_ana);
  EXPECT_EQ(to_ana[0], "#1: es una emergencia, mi hijo no puede respirar");
  EXPECT_NE(to_ana[1].find("may mean a crisis"), std::string::npos);
  EXPECT_TRUE(any_contains(world.sms_to(sam), "crisis language (emergency)"));
  // DONE does not start the feedback flow while the case is open.
  world.telegram(ana, "DONE 1");
  EXPECT_TRUE(world.sms_to(maria).empty());
}

TEST(RoutingCrisis, EverydayWordsAreNotACrisis) {
  RoutingWorld world;
  world.start();
  world.sms(maria, "this killer deal on groceries");
  world.sms(maria, "no es una emergencia");
  EXPECT_TRUE(world.sms_to(sam).empty());
  EXPECT_EQ(world.db_int("SELECT COUNT(*) FROM crisis_cases"), 0);
}

} // namespace
} // namespace stoop::testing
