// Stored sessions: a round trip keeps everything, and anything that does not
// fit the loaded flows (garbage, an old format, a flow or node that was edited
// away) loads as no session instead of failing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "conversation.hpp"
#include "flows/session.hpp"

namespace stoop::flows::testing {
namespace {

Session sample_session() {
  Session session;
  session.stack = {{"welcome", "choose_language"}, {"language", "language"}};
  session.retries = 1;
  session.deadline_ms = start_ms + 1000;
  session.waiting_since_ms = start_ms;
  session.input = "Hola \"María\" 😀";
  session.results["language"] = ResultValue{"es", {"es"}, "español", "language"};
  return session;
}

TEST(SessionJson, RoundTrips) {
  auto session = sample_session();
  auto parsed = parse_session_json(session_to_json(session));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, session);
  Engine engine(default_flows());
  EXPECT_EQ(engine.load_session(session_to_json(session)), session);
}

TEST(SessionJson, WithoutADeadlineStaysWithoutOne) {
  auto session = sample_session();
  session.deadline_ms.reset();
  EXPECT_EQ(parse_session_json(session_to_json(session)), session);
}

TEST(SessionJson, CorruptedOrForeignTextIsNoSession) {
  Engine engine(default_flows());
  for (const char* text : {"", "null", "[]", "{", "{\"version\": 1}", "{\"version\": 2, \"stack\": []}",
                           "{\"version\":1,\"stack\":[],\"retries\":0,\"waiting_since_ms\":0,\"input\":\"\",\"results\":{}}",
                           "{\"version\":1,\"stack\":[{\"flow\":1}],\"retries\":0,\"waiting_since_ms\":0,\"input\":\"\",\"results\":{}}",
                           "{\"version\":1,\"stack\":[{\"flow\":\"language\",\"node\":\"language\"}],\"retries\":-1,"
                           "\"waiting_since_ms\":0,\"input\":\"\",\"results\":{}}",
                           "\xff\xfe garbage"}) {
    EXPECT_FALSE(engine.load_session(text).has_value()) << text;
  }
}

TEST(SessionJson, ASessionNamingAFlowOrNodeThatIsGoneIsNoSession) {
  Engine engine(default_flows());
  auto session = sample_session();
  session.stack.back().node = "renamed_node";
  EXPECT_FALSE(engine.load_session(session_to_json(session)).has_value());
  session = sample_session();
  session.stack.front().flow = "deleted_flow";
  EXPECT_FALSE(engine.load_session(session_to_json(session)).has_value());
  session = sample_session();
  session.stack.back().node = "confirmed"; // exists, but is not a question: nothing waits there
  EXPECT_FALSE(engine.load_session(session_to_json(session)).has_value());
}

// The text written directly is the canonical form nlohmann writes for the
// same value (sorted keys, no spaces): stored sessions look as they always did.
TEST(SessionJson, IsWrittenAsItsJsonDocumentWouldBe) {
  std::vector<Session> sessions;
  sessions.push_back(sample_session());
  Session bare;
  bare.stack = {{"f", "n"}};
  sessions.push_back(bare);
  Session awkward = sample_session();
  awkward.input = std::string("tab\t quote\" back\\ nul") + std::string(1, '\0') + "\x01 \x7f end";
  awkward.results["zeta"] = ResultValue{"", {}, "", "f"};
  awkward.results["Alpha"] = ResultValue{"a", {"x", "y", "z"}, "\u00e9\u4e2d", "g"};
  awkward.waiting_since_ms = -5;
  sessions.push_back(awkward);
  for (const auto& session : sessions) {
    auto text = session_to_json(session);
    EXPECT_EQ(text, nlohmann::json::parse(text).dump()) << text;
    EXPECT_EQ(parse_session_json(text), session) << text;
  }
}

// Stored text is read directly when it is exactly what the bot writes, and
// through a JSON document otherwise: both readers agree on every text, so
// damaged or hand-edited sessions are judged as they always were.
TEST(SessionJson, TheDirectReaderAgreesWithTheDocumentOnAnyText) {
  auto canonical = session_to_json(sample_session());
  std::vector<std::string> texts{canonical, nlohmann::json::parse(canonical).dump(2)};
  for (std::size_t i = 0; i < canonical.size(); ++i) {
    texts.push_back(canonical.substr(0, i) + canonical.substr(i + 1)); // one byte gone
    for (char c : {' ', '0', '9', '-', '"', '\\', '}', 'x'}) {
      auto changed = canonical;
      changed[i] = c;
      texts.push_back(changed);
    }
  }
  for (const char* text : {"{\"input\":\"\",\"results\":{},\"retries\":01,\"stack\":[{\"flow\":\"f\",\"node\":\"n\"}],"
                           "\"version\":1,\"waiting_since_ms\":0}",
                           "{\"input\":\"\",\"results\":{},\"retries\":0,\"stack\":[{\"flow\":\"f\",\"node\":\"n\"}],"
                           "\"version\":1,\"waiting_since_ms\":99999999999999999999}",
                           "{\"input\":\"\\u001f\\u0041\",\"results\":{\"b\":{\"categories\":[],\"flow\":\"\",\"raw\":\"\","
                           "\"value\":\"\"},\"a\":{\"categories\":[],\"flow\":\"\",\"raw\":\"\",\"value\":\"\"}},"
                           "\"retries\":0,\"stack\":[{\"flow\":\"f\",\"node\":\"n\"}],\"version\":1,\"waiting_since_ms\":0}",
                           "{\"input\":\"\\u00-1\",\"results\":{},\"retries\":0,\"stack\":[{\"flow\":\"f\",\"node\":\"n\"}],"
                           "\"version\":1,\"waiting_since_ms\":0}"}) {
    texts.emplace_back(text);
  }
  int accepted = 0;
  for (const auto& text : texts) {
    auto session = parse_session_json(text);
    EXPECT_EQ(session, parse_session_json_document(text)) << text;
    accepted += session.has_value();
  }
  EXPECT_GT(accepted, 2); // the canonical text, its pretty-printed form and some harmless changes
}

TEST(SessionJson, TextThatIsNotUtf8IsReplacedNotThrown) {
  auto session = sample_session();
  session.input = "caf\xe9";
  std::string text;
  ASSERT_NO_THROW(text = session_to_json(session));
  auto parsed = parse_session_json(text);
  ASSERT_TRUE(parsed.has_value()) << text;
  EXPECT_EQ(parsed->input, "caf\xEF\xBF\xBD");
}

TEST(SessionJson, TheEngineTreatsAStaleSessionAsNone) {
  Engine engine(default_flows());
  auto session = sample_session();
  session.stack.back().node = "renamed_node";
  auto step = engine.handle(session, ContactView{"en", {}, {}, false}, Event::message("PRIORITIES", start_ms));
  EXPECT_TRUE(step.handled);
  ASSERT_TRUE(step.session.has_value());
  EXPECT_EQ(step.session->stack.back().flow, "priorities");
  ASSERT_FALSE(step.problems.empty());
  EXPECT_NE(step.problems[0].find("no longer fits"), std::string::npos);
}

} // namespace
} // namespace stoop::flows::testing
