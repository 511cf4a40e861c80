// Thousands of arbitrary events through every default flow: random Unicode and
// broken UTF-8, numbers, keywords, labels, button payloads, timeouts (current
// and stale), restarts, STOP, language changes and jumps in time. The engine
// must never throw, must always leave a session that is valid and survives its
// stored form, and must give the same step for the same inputs.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "conversation.hpp"
#include "core/text.hpp"

namespace stoop::flows::testing {
namespace {

constexpr int events_per_flow = 1500;

class RandomInput {
 public:
  explicit RandomInput(unsigned seed, const FlowSet& flows) : random_(seed), flows_(flows) {
    for (const auto& flow : flows.flows) {
      for (const auto& trigger : flow.triggers) keywords_.push_back(trigger.keyword);
    }
  }

  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }
  bool chance(int percent) { return below(100) < percent; }

  std::string text(const Node* waiting) {
    switch (below(8)) {
      case 0: return unicode(below(chance(5) ? 5000 : 40));
      case 1: return raw_bytes(below(30));
      case 2: return number();
      case 3: return keyword();
      case 4: return waiting ? choice_words(*waiting) : unicode(5);
      case 5: return keyword() + " " + unicode(below(10));
      case 6: return pick({"", " ", "yes", "no", "sí", "不", "STOP", "1, 3, 5", "1，2", "skip", "NONE", "{{answer}}"});
      default: return mixed_case(choice_words_anywhere());
    }
  }

  std::string payload(const Node* waiting) {
    if (waiting && !waiting->choices.empty() && chance(70)) {
      const auto& choice = waiting->choices[static_cast<std::size_t>(below(static_cast<int>(waiting->choices.size())))];
      return chance(80) ? waiting->id + "/" + choice.id : choice.id;
    }
    return pick({"", "x/y", "neighbourhood/roxbury", "/", "menu/help", unicode(4)});
  }

  std::string language() { return pick({"en", "es", "ht", "kea", "zh", "vi", "", "fr", "xx-YY"}); }

 private:
  std::string pick(std::initializer_list<std::string> items) {
    auto it = items.begin();
    std::advance(it, below(static_cast<int>(items.size())));
    return *it;
  }

  char32_t code_point() {
    static constexpr std::pair<char32_t, char32_t> ranges[] = {
        {0x20, 0x7E},   {0x00, 0x1F},     {0xA0, 0x17F},   {0x300, 0x36F}, {0x1EA0, 0x1EF9},
        {0x4E00, 0x9FFF}, {0x3000, 0x303F}, {0xFF01, 0xFF5E}, {0x1F600, 0x1F64F}, {0x590, 0x6FF}};
    const auto& [low, high] = ranges[below(std::size(ranges))];
    return std::uniform_int_distribution<char32_t>(low, high)(random_);
  }

  std::string unicode(int length) {
    std::string out;
    for (int i = 0; i < length; ++i) append_utf8(out, code_point());
    return out;
  }

  std::string raw_bytes(int length) {
    std::string out;
    for (int i = 0; i < length; ++i) out += static_cast<char>(below(256));
    return out;
  }

  std::string number() {
    switch (below(4)) {
      case 0: return std::to_string(below(15));
      case 1: return std::to_string(below(12)) + ", " + std::to_string(below(12)) + " " + std::to_string(below(12));
      case 2: return "-" + std::to_string(below(100000)) + "." + std::to_string(below(100));
      default: return std::string(static_cast<std::size_t>(below(40) + 1), '9');
    }
  }

  std::string keyword() { return keywords_.empty() ? "x" : keywords_[static_cast<std::size_t>(below(static_cast<int>(keywords_.size())))]; }

  std::string choice_words(const Node& node) {
    if (node.choices.empty()) return unicode(below(20) + 1);
    const auto& choice = node.choices[static_cast<std::size_t>(below(static_cast<int>(node.choices.size())))];
    if (choice.label.universal) return *choice.label.universal;
    if (choice.label.translations.empty()) return choice.id;
    auto it = choice.label.translations.begin();
    std::advance(it, below(static_cast<int>(choice.label.translations.size())));
    return it->second.text;
  }

  std::string choice_words_anywhere() {
    const auto& flow = flows_.flows[static_cast<std::size_t>(below(static_cast<int>(flows_.flows.size())))];
    return choice_words(flow.nodes[static_cast<std::size_t>(below(static_cast<int>(flow.nodes.size())))]);
  }

  std::string mixed_case(std::string text) {
    for (char& c : text) {
      if (c >= 'a' && c <= 'z' && chance(50)) c = static_cast<char>(c - 'a' + 'A');
    }
    return text;
  }

  std::mt19937 random_;
  const FlowSet& flows_;
  std::vector<std::string> keywords_;
};

void check_step(const Engine& engine, const Step& step, std::int64_t now_ms, const std::string& where) {
  ASSERT_LT(step.actions.size(), 300u) << where;
  for (const auto& action : step.actions) {
    if (const auto* send = std::get_if<SendMessage>(&action)) {
      ASSERT_FALSE(send->text.empty()) << where;
      ASSERT_TRUE(is_valid_utf8(send->text)) << where;
    }
    if (const auto* schedule = std::get_if<ScheduleTimeout>(&action)) {
      ASSERT_GT(schedule->deadline_ms, now_ms) << where;
    }
    if (const auto* saved = std::get_if<SaveResult>(&action)) {
      ASSERT_TRUE(is_valid_utf8(saved->raw)) << where;
      ASSERT_LE(saved->raw.size(), 2000u) << where;
    }
  }
  if (!step.session) return;
  const Session& session = *step.session;
  ASSERT_TRUE(engine.is_valid(session)) << where << session_to_json(session);
  auto reloaded = engine.load_session(session_to_json(session));
  ASSERT_TRUE(reloaded.has_value()) << where << session_to_json(session);
  ASSERT_EQ(*reloaded, session) << where;
  const Node* node = engine.flows().find(session.stack.back().flow)->find_node(session.stack.back().node);
  ASSERT_TRUE(node->waits()) << where;
  if (session.deadline_ms) {
    ASSERT_TRUE(node->timeout.has_value()) << where;
  }
}

class Randomized : public ::testing::TestWithParam<std::string> {};

TEST_P(Randomized, NeverFailsAndAlwaysLeavesAValidSession) {
  auto flows = default_flows();
  Engine engine(flows);
  RandomInput input(static_cast<unsigned>(std::hash<std::string>{}(GetParam()) % 100000), *flows);
  ContactView contact{"en", {}, {}, false};
  std::optional<Session> session;
  std::int64_t now = start_ms;
  auto start = engine.start(GetParam(), session, contact, now);
  session = start.session;
  std::set<std::string> visited; // where sessions waited: the events must reach deep into the flows
  for (int i = 0; i < events_per_flow; ++i) {
    now += input.chance(3) ? 8LL * 24 * 3600 * 1000 : input.below(100000); // now and then past a flow's expiry
    if (input.chance(5)) contact.language = input.language();
    if (input.chance(5)) contact.channel_has_buttons = !contact.channel_has_buttons;
    const Node* waiting = nullptr;
    if (session) waiting = flows->find(session->stack.back().flow)->find_node(session->stack.back().node);
    Event event;
    int kind = input.below(100);
    if (kind < 8) {
      std::int64_t deadline = session && session->deadline_ms && input.chance(70) ? *session->deadline_ms : now - 5;
      event = Event::timeout(deadline, std::max(now, deadline));
    } else if (kind < 11) {
      session.reset(); // STOP, handled by the pipeline
      continue;
    } else if (kind < 14) {
      if (session) session = engine.load_session(session_to_json(*session)); // a restart
      continue;
    } else if (kind < 17) {
      auto step = engine.start(flows->flows[static_cast<std::size_t>(input.below(static_cast<int>(flows->flows.size())))].id,
                               session, contact, now);
      check_step(engine, step, now, "start");
      session = step.session;
      continue;
    } else {
      event = Event::message(input.text(waiting), now, input.chance(20) ? input.payload(waiting) : "");
    }
    std::string where = GetParam() + " event " + std::to_string(i) + ": ";
    Step step;
    ASSERT_NO_THROW(step = engine.handle(session, contact, event)) << where;
    check_step(engine, step, now, where);
    if (input.chance(5)) { // the same inputs give the same step
      auto again = engine.handle(session, contact, event);
      ASSERT_EQ(again.session, step.session) << where;
      ASSERT_EQ(again.actions.size(), step.actions.size()) << where;
      for (std::size_t a = 0; a < step.actions.size(); ++a) {
        ASSERT_EQ(describe(again.actions[a]), describe(step.actions[a])) << where;
      }
    }
    for (const auto& action : step.actions) {
      if (const auto* language = std::get_if<SetLanguage>(&action)) contact.language = language->language;
      if (const auto* field = std::get_if<SetField>(&action)) contact.fields[field->field] = field->value;
      if (const auto* group = std::get_if<AddToGroup>(&action)) contact.groups.insert(group->group);
    }
    session = step.session;
    if (session) visited.insert(session->stack.back().flow + "/" + session->stack.back().node);
    if (::testing::Test::HasFatalFailure()) return;
  }
  std::string seen;
  for (const auto& place : visited) seen += " " + place;
  // The default flows have 21 questions; random input reaches nearly all of them.
  EXPECT_GE(visited.size(), 17u) << seen;
}

INSTANTIATE_TEST_SUITE_P(DefaultFlows, Randomized,
                         ::testing::Values("welcome", "language", "priorities", "request", "educators", "feedback",
                                           "catch_all"));

} // namespace
} // namespace stoop::flows::testing
