// Design scenario 2 end to end: a member on SMS opens a request, students on
// Telegram are offered it (PASS, ACCEPT), messages relay both ways without an
// address crossing, DONE asks the member for feedback; an unanswered offer
// escalates to on-call staff; a request waits in the queue while everyone is
// at capacity; a member's STOP ends the relay.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/integration/routing_world.hpp"
#include "tests/support/process.hpp"

namespace stoop::testing {
namespace {

TEST(RoutingRequests, OfferPassAcceptRelayBothWaysDoneAndFeedback) {
  RoutingWorld world;
  world.start();
  auto id = world.member_opens_request(maria);
  ASSERT_EQ(id, 1);
  auto key = std::to_string(id);

  // Both students speak Spanish and are idle: the lower id, Ana, is offered it first.
  auto offer = world.telegram_to(ana);
  ASSERT_EQ(offer.size(), 1u) << joined(offer);
  EXPECT_NE(offer[0].find("Request #1 (find care, es, roxbury): "), std::string::npos) << offer[0];
  EXPECT_NE(offer[0].find("Reply ACCEPT 1 or PASS 1"), std::string::npos) << offer[0];
  EXPECT_TRUE(world.telegram_to(bruno).empty());

  EXPECT_TRUE(any_contains(world.telegram(ana, "pass 1"), "goes to someone else"));
  auto second = world.telegram_to(bruno);
  ASSERT_EQ(second.size(), 1u) << joined(second);
  EXPECT_NE(second[0].find("ACCEPT 1"), std::string::npos);

  EXPECT_TRUE(any_contains(world.telegram(bruno, "ACCEPT 1"), "Request #1 is yours"));
  auto told = world.sms_to(maria);
  ASSERT_EQ(told.size(), 1u) << joined(told);
  EXPECT_NE(told[0].find("un estudiante voluntario le ayudará con su solicitud #1"), std::string::npos) << told[0];
  EXPECT_NE(told[0].find("No verá su número"), std::string::npos);

  // The member writes: it reaches Bruno, and no flow answers her.
  EXPECT_TRUE(world.sms(maria, "Gracias. ¿Hay una clínica cerca de Dudley?").empty());
  EXPECT_EQ(joined(world.telegram_to(bruno)), "[#1: Gracias. ¿Hay una clínica cerca de Dudley?] ");
  // Bruno answers with the number, then without it (his only request).
  EXPECT_TRUE(world.telegram(bruno, "#1 Hola Maria, soy Bruno").empty());
  EXPECT_EQ(joined(world.sms_to(maria)), "[Bruno (#1): Hola Maria, soy Bruno] ");
  EXPECT_TRUE(world.telegram(bruno, "Sí, en Washington St. ¿Le sirve el martes?").empty());
  EXPECT_EQ(joined(world.sms_to(maria)), "[Bruno (#1): Sí, en Washington St. ¿Le sirve el martes?] ");
  // Her number, typed into a message, does not cross.
  world.sms(maria, "Sí. Llámeme al (617) 555-0123");
  EXPECT_EQ(joined(world.telegram_to(bruno)), "[#1: Sí. Llámeme al [hidden]] ");

  // Staff see the whole exchange in her conversation.
  EXPECT_EQ(world.db_int("SELECT COUNT(*) FROM messages m JOIN identities i ON i.contact_id = m.contact_id "
                         "WHERE i.address = '+16175550123' AND m.author LIKE 'relay:%'"),
            2);

  EXPECT_TRUE(any_contains(world.telegram(bruno, "done 1"), "Request #1 is closed"));
  auto feedback = world.sms_to(maria);
  ASSERT_FALSE(feedback.empty());
  EXPECT_NE(feedback[0].find("Su solicitud ya está cerrada"), std::string::npos) << feedback[0];
  world.sms(maria, "5");
  world.sms(maria, "Muy amable");
  EXPECT_EQ(world.db_int("SELECT COUNT(*) FROM results WHERE flow = 'feedback' AND name = 'rating' AND value = '5'"),
            1);
  EXPECT_EQ(world.db_int("SELECT COUNT(*) FROM requests WHERE id = 1 AND status = 'resolved'"), 1);
  // After DONE her messages go to the flows again, not to Bruno.
  world.sms(maria, "Hola");
  EXPECT_TRUE(world.telegram_to(bruno).empty());

  // Every change, with who and when.
  EXPECT_EQ(world.db_int("SELECT COUNT(*) FROM request_events WHERE request_id = 1"), 6);
  EXPECT_EQ(world.db_int("SELECT COUNT(*) FROM request_events WHERE request_id = 1 AND action = 'passed' "
                         "AND actor LIKE 'user:%'"),
            1);

  // Nothing that reached a student carries the member's number; nothing that
  // reached the member carries a student's chat id.
  for (const auto& text : world.every_text_sent_to_telegram()) {
    EXPECT_EQ(text.find("6175550123"), std::string::npos) << text;
    EXPECT_EQ(text.find("555-0123"), std::string::npos) << text;
  }
  for (const auto& text : world.every_text_sent_by_sms()) {
    EXPECT_EQ(text.find(std::to_string(ana)), std::string::npos) << text;
    EXPECT_EQ(text.find(std::to_string(bruno)), std::string::npos) << text;
  }
}

TEST(RoutingRequests, NoAnswerInTimeEscalatesToOnCallStaff) {
  RoutingWorld world([](nlohmann::json& config) { config["people"].erase(1); }); // only Ana
  world.start();
  world.member_opens_request(maria);
  ASSERT_EQ(world.telegram_to(ana).size(), 1u);

  world.advance(14 * minute_ms);
  EXPECT_TRUE(world.sms_to(sam).empty());
  world.advance(2 * minute_ms);
  EXPECT_TRUE(any_contains(world.telegram_to(ana), "no answer in time"));
  auto alert = world.sms_to(sam);
  ASSERT_EQ(alert.size(), 1u) << joined(alert);
  EXPECT_NE(alert[0].find("Request #1 (find care, es, roxbury) needs a person"), std::string::npos) << alert[0];
  EXPECT_NE(alert[0].find("Reply ACCEPT 1"), std::string::npos);
  EXPECT_EQ(world.db_int("SELECT COUNT(*) FROM requests WHERE status = 'escalated'"), 1);

  // Too late for Ana; on-call staff take it.
  EXPECT_TRUE(any_contains(world.telegram(ana, "ACCEPT 1"), "not waiting for you"));
  EXPECT_TRUE(any_contains(world.sms(sam, "ACCEPT 1"), "Request #1 is yours"));
  EXPECT_TRUE(any_contains(world.sms_to(maria), "alguien de nuestro personal"));
  world.advance(60 * minute_ms);
  EXPECT_TRUE(world.sms_to(sam).empty()); // no timer left behind
}

TEST(RoutingRequests, EveryoneAtCapacityQueuesUntilSomeoneIsDone) {
  RoutingWorld world([](nlohmann::json& config) {
    config["people"].erase(1);
    config["people"][0]["capacity"] = 1;
  });
  world.start();
  world.member_opens_request(maria);
  world.telegram(ana, "ACCEPT 1");
  // A second member asks while Ana is full: the request waits.
  world.member_opens_request("+16175550124");
  EXPECT_EQ(world.db_int("SELECT status = 'queued' FROM requests WHERE id = 2"), 1);
  EXPECT_TRUE(world.telegram_to(ana).empty());
  EXPECT_TRUE(world.sms_to(sam).empty()); // queued, not escalated

  EXPECT_TRUE(any_contains(world.telegram(ana, "MY"), "#1 (find care, es, roxbury): yours"));
  auto after_done = world.telegram(ana, "DONE 1");
  EXPECT_TRUE(any_contains(after_done, "Request #1 is closed")) << joined(after_done);
  EXPECT_TRUE(any_contains(after_done, "Request #2 (find care, es, roxbury)")) << joined(after_done);
  EXPECT_EQ(world.db_int("SELECT status = 'offered' FROM requests WHERE id = 2"), 1);
}

TEST(RoutingRequests, AwayMovesOffersOnAndBackTakesTheQueue) {
  RoutingWorld world([](nlohmann::json& config) { config["people"].erase(1); });
  world.start();
  world.member_opens_request(maria);
  ASSERT_EQ(world.telegram_to(ana).size(), 1u);
  EXPECT_TRUE(any_contains(world.telegram(ana, "away"), "marked away"));
  EXPECT_EQ(world.db_int("SELECT status = 'queued' FROM requests WHERE id = 1"), 1);
  auto back = world.telegram(ana, "BACK");
  EXPECT_TRUE(any_contains(back, "Welcome back")) << joined(back);
  EXPECT_TRUE(any_contains(back, "Request #1 (")) << joined(back);
}

TEST(RoutingRequests, StopFromTheMemberEndsTheRelay) {
  RoutingWorld world;
  world.start();
  world.member_opens_request(maria);
  world.telegram(ana, "ACCEPT 1");
  world.sms_to(maria);
  auto stop = world.sms(maria, "STOP");
  ASSERT_EQ(stop.size(), 1u);
  EXPECT_TRUE(any_contains(world.telegram_to(ana), "The member of request #1 has left"));
  EXPECT_EQ(world.db_int("SELECT status = 'closed' FROM requests WHERE id = 1"), 1);
  EXPECT_TRUE(any_contains(world.telegram(ana, "#1 are you there?"), "not open any more"));
  EXPECT_TRUE(world.sms_to(maria).empty());
}

TEST(RoutingRequests, AMemberWhoErasesTheirDataEndsTheRelay) {
  RoutingWorld world;
  world.start();
  world.member_opens_request(maria);
  world.telegram(ana, "ACCEPT 1");
  world.sms_to(maria);
  world.sms(maria, "DELETE");
  EXPECT_TRUE(world.telegram_to(ana).empty()) << "DELETE is not relayed";
  world.sms(maria, "DELETE");
  EXPECT_TRUE(any_contains(world.telegram_to(ana), "The member of request #1 has left"));
  EXPECT_EQ(world.db_int("SELECT status = 'closed' FROM requests WHERE id = 1"), 1);
  EXPECT_EQ(world.db_int("SELECT COUNT(*) FROM identities WHERE address = '+16175550123'"), 0);
  EXPECT_TRUE(any_contains(world.telegram(ana, "#1 are you there?"), "not open any more"));
}

TEST(RoutingRequests, StudentsAndStaffNeverEnterTheCommunityFlows) {
  RoutingWorld world;
  world.start();
  auto hello = world.telegram(ana, "Hola");
  ASSERT_EQ(hello.size(), 1u);
  EXPECT_NE(hello[0].find("Commands: ACCEPT n or PASS n"), std::string::npos) << hello[0];
  EXPECT_TRUE(any_contains(world.sms(sam, "MY"), "You hold no requests"));
  EXPECT_EQ(world.db_int("SELECT COUNT(*) FROM sessions"), 0);
  // Nobody may take what was not offered to them, or close what they do not hold.
  EXPECT_TRUE(any_contains(world.telegram(ana, "ACCEPT 99"), "not waiting for you"));
  EXPECT_TRUE(any_contains(world.telegram(ana, "DONE 99"), "You do not hold request #99"));
  EXPECT_TRUE(any_contains(world.telegram(ana, "CLEAR 1"), "Only staff"));
}

TEST(RoutingRequests, WhatRoutingKnowsOfAPersonFromTheCommandLine) {
  RoutingWorld world;
  world.start();
  auto config_file = world.server().db_path() + ".json";
  std::ofstream(config_file) << world.config().dump();
  // Ana helps in English only from now on, and is not on call.
  auto set = run_stoop({"users", "set", "--config", config_file, "--email", "ana@example.org", "--languages", "en",
                        "--capacity", "2", "--on-call", "no"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  world.member_opens_request(maria);
  EXPECT_TRUE(world.telegram_to(ana).empty());
  EXPECT_TRUE(any_contains(world.telegram_to(bruno), "Request #1 ("));

  auto bad = run_stoop({"users", "set", "--config", config_file, "--email", "ana@example.org", "--reach-channel", "sms",
                        "--reach-address", "617"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--reach-address expected a phone number in E.164 form"), std::string::npos) << bad.err;
  EXPECT_EQ(run_stoop({"users", "set", "--config", config_file, "--email", "nobody@example.org"}).exit_code, 1);
}

} // namespace
} // namespace stoop::testing
