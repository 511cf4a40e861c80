// Engine unit tests for switches, actions, sub-flows and the guards: the loop
// limit, nesting, and flows that start or end at odd moments.
#include <gtest/gtest.h>

#include "conversation.hpp"

namespace stoop::flows::testing {
namespace {

std::shared_ptr<const FlowSet> flow_with(const std::string& nodes, const std::string& extra = "") {
  return load_one_or_fail(R"({"id": "t", "languages": ["en", "es"],)" + extra + R"( "nodes": )" + nodes + "}");
}

// A switch on `on` with one case, sending "yes" on a match and "no" otherwise.
std::string switch_result(const std::string& on, const std::string& test_case, const ContactView& contact,
                          const std::map<std::string, std::string>& inputs = {}) {
  auto flows = flow_with(R"([
    {"id": "s", "type": "switch", "on": ")" + on + R"(", "cases": [)" + test_case + R"(], "default": "no"},
    {"id": "yes", "type": "send", "text": "yes", "next": "end"},
    {"id": "no", "type": "send", "text": "no"},
    {"id": "end", "type": "end"}
  ])");
  Conversation conversation(flows, contact);
  conversation.start("t", inputs);
  return conversation.replies().empty() ? "none" : conversation.replies()[0];
}

std::string on_value(const std::string& value, const std::string& test_case) {
  return switch_result("results.v", test_case, ContactView{}, {{"v", value}});
}

TEST(SwitchCases, AnyWord) {
  std::string test = R"({"test": "any_word", "value": {"en": "food hungry", "es": "comida hambre"}, "next": "yes"})";
  EXPECT_EQ(on_value("Tengo HAMBRE", test), "yes");
  EXPECT_EQ(on_value("we're hungry!", test), "yes");
  EXPECT_EQ(on_value("foods", test), "no");
}

TEST(SwitchCases, AllWords) {
  std::string test = R"({"test": "all_words", "value": "rent late", "next": "yes"})";
  EXPECT_EQ(on_value("The RENT is late again", test), "yes");
  EXPECT_EQ(on_value("the rent", test), "no");
}

TEST(SwitchCases, Phrase) {
  std::string test = R"({"test": "phrase", "value": {"en": "mental health", "zh": "心理健康"}, "next": "yes"})";
  EXPECT_EQ(on_value("Mental-health services", test), "yes");
  EXPECT_EQ(on_value("health, mental", test), "no");
  EXPECT_EQ(on_value("我们需要心理健康服务", test), "yes");
}

TEST(SwitchCases, BeginsWith) {
  std::string test = R"({"test": "begins_with", "value": "hola", "next": "yes"})";
  EXPECT_EQ(on_value("¡Hola, buenos días!", test), "yes");
  EXPECT_EQ(on_value("Ya hola", test), "no");
}

TEST(SwitchCases, Regex) {
  std::string test = R"({"test": "regex", "value": "^0?2\\d{3}$", "next": "yes"})";
  EXPECT_EQ(on_value("02119", test), "yes");
  EXPECT_EQ(on_value("2130", test), "yes");
  EXPECT_EQ(on_value("90210", test), "no");
}

TEST(SwitchCases, NumberBetween) {
  std::string test = R"({"test": "number_between", "min": 18, "max": 64.5, "next": "yes"})";
  EXPECT_EQ(on_value("I am 18", test), "yes");
  EXPECT_EQ(on_value("64,5", test), "yes");
  EXPECT_EQ(on_value("65", test), "no");
  EXPECT_EQ(on_value("-20", test), "no");
  EXPECT_EQ(on_value("eighteen", test), "no");
}

TEST(SwitchCases, HasText) {
  std::string test = R"({"test": "has_text", "next": "yes"})";
  EXPECT_EQ(on_value("x", test), "yes");
  EXPECT_EQ(on_value(" \n", test), "no");
  EXPECT_EQ(switch_result("fields.zip", test, ContactView{}), "no");
}

TEST(SwitchCases, InGroupAndDefault) {
  std::string test = R"({"test": "in_group", "group": "students", "next": "yes"})";
  EXPECT_EQ(switch_result("contact.groups", test, ContactView{"en", {}, {"students"}, false}), "yes");
  EXPECT_EQ(switch_result("contact.groups", test, ContactView{"en", {}, {"staff"}, false}), "no");
}

TEST(SwitchCases, OnFieldsLanguageAndCategories) {
  std::string roxbury = R"({"test": "any_word", "value": "roxbury", "next": "yes"})";
  EXPECT_EQ(switch_result("fields.neighbourhood", roxbury, ContactView{"en", {{"neighbourhood", "roxbury"}}, {}, false}), "yes");
  std::string spanish = R"({"test": "any_word", "value": "es", "next": "yes"})";
  EXPECT_EQ(switch_result("contact.language", spanish, ContactView{"es", {}, {}, false}), "yes");
  EXPECT_EQ(switch_result("contact.language", spanish, ContactView{"en", {}, {}, false}), "no");
}

TEST(SwitchCases, TheFirstMatchingCaseWins) {
  auto flows = flow_with(R"([
    {"id": "s", "type": "switch", "on": "fields.x",
     "cases": [{"test": "has_text", "next": "first"}, {"test": "any_word", "value": "b", "next": "second"}]},
    {"id": "fallthrough", "type": "send", "text": "default", "next": "end"},
    {"id": "first", "type": "send", "text": "first", "next": "end"},
    {"id": "second", "type": "send", "text": "second"},
    {"id": "end", "type": "end"}
  ])");
  Conversation with(flows, ContactView{"en", {{"x", "b"}}, {}, false});
  with.start("t");
  EXPECT_EQ(with.replies(), std::vector<std::string>{"first"});
  Conversation without(flows);
  without.start("t");
  EXPECT_EQ(without.replies(), std::vector<std::string>{"default"}); // no "default" key: the next node in the file
}

TEST(Actions, ChangeTheContactForTheRestOfTheStep) {
  auto flows = flow_with(R"([
    {"id": "a", "type": "actions", "actions": [
      {"type": "set_field", "field": "zip", "value": "02119"},
      {"type": "set_language", "language": "es"},
      {"type": "add_to_group", "group": "volunteers"},
      {"type": "remove_from_group", "group": "new"}
    ]},
    {"id": "s", "type": "switch", "on": "contact.groups", "cases": [{"test": "in_group", "group": "volunteers", "next": "in"}]},
    {"id": "out", "type": "send", "text": "out", "next": "end"},
    {"id": "in", "type": "send", "text": {"en": "in {{fields.zip}}", "es": "dentro {{fields.zip}}"}},
    {"id": "end", "type": "end"}
  ])");
  Conversation conversation(flows, ContactView{"en", {}, {"new"}, false});
  conversation.start("t");
  EXPECT_EQ(conversation.replies(), std::vector<std::string>{"dentro 02119"});
  EXPECT_EQ(conversation.described_actions(),
            (std::vector<std::string>{"flow_started t", "set_field zip=02119", "set_language es", "add_to_group volunteers",
                                      "remove_from_group new", "flow_ended t completed"}));
  EXPECT_EQ(std::get<SendMessage>(conversation.last().actions[5]).language, "es");
}

TEST(Actions, AnUnknownLanguageIsIgnoredAndReported) {
  auto flows = flow_with(R"([{"id": "a", "type": "actions", "actions": [{"type": "set_language", "language": "{{fields.lang}}"}]}])");
  Conversation conversation(flows, ContactView{"en", {{"lang", "klingon"}}, {}, false});
  conversation.start("t");
  EXPECT_EQ(conversation.described_actions(), (std::vector<std::string>{"flow_started t", "flow_ended t completed"}));
  ASSERT_EQ(conversation.last().problems.size(), 1u);
  EXPECT_NE(conversation.last().problems[0].find("klingon"), std::string::npos);
}

TEST(Actions, RecordConsentOpenRequestAndSaveResult) {
  auto flows = flow_with(R"([
    {"id": "q", "type": "ask", "answer": "yes_no", "text": "Consent?", "result": "agree"},
    {"id": "a", "type": "actions", "actions": [
      {"type": "record_consent", "purpose": "reports", "granted": "{{results.agree}}"},
      {"type": "record_consent", "purpose": "service", "granted": true},
      {"type": "save_result", "name": "source", "value": "sms", "category": "a, b"},
      {"type": "open_request", "kind": "help", "topic": "{{results.source.category}}", "urgency": "today",
       "details": "{{results.agree.text}}", "best_time": "morning", "language": "{{contact.language}}",
       "neighbourhood": "{{fields.n}}", "extra": {"source": "{{results.source}}"}}
    ]}
  ])");
  Conversation conversation(flows, ContactView{"es", {{"n", "roxbury"}}, {}, false});
  conversation.start("t");
  conversation.say("Sí, claro");
  const auto& actions = conversation.last().actions;
  ASSERT_EQ(actions.size(), 6u);
  EXPECT_TRUE(std::get<RecordConsent>(actions[1]).granted);
  EXPECT_EQ(std::get<RecordConsent>(actions[1]).purpose, "reports");
  EXPECT_EQ(std::get<SaveResult>(actions[3]).categories, (std::vector<std::string>{"a", "b"}));
  const auto& request = std::get<OpenRequest>(actions[4]);
  EXPECT_EQ(request.flow, "t");
  EXPECT_EQ(request.topic, "a,b");
  EXPECT_EQ(request.details, "Sí, claro");
  EXPECT_EQ(request.language, "es");
  EXPECT_EQ(request.neighbourhood, "roxbury");
  EXPECT_EQ(request.extra.at("source"), "sms");
  conversation.start("t");
  conversation.say("no");
  EXPECT_FALSE(std::get<RecordConsent>(conversation.last().actions[1]).granted);
}

std::shared_ptr<const FlowSet> parent_and_child(bool returns) {
  std::string parent = returns ? R"({"id": "parent", "languages": ["en"], "nodes": [
    {"id": "go", "type": "start_flow", "flow": "child", "return": true, "next": "back"},
    {"id": "back", "type": "send", "text": "back in parent {{results.c}}"}]})"
                               : R"({"id": "parent", "languages": ["en"], "nodes": [
    {"id": "go", "type": "start_flow", "flow": "child"}]})";
  std::string child = R"({"id": "child", "languages": ["en"], "nodes": [
    {"id": "q", "type": "ask", "answer": "text", "text": "child question", "result": "c"}]})";
  return load_or_fail({{"parent.json", parent}, {"child.json", child}});
}

TEST(StartFlow, WithReturnCarriesOnInTheParentAndSharesResults) {
  Conversation conversation(parent_and_child(true));
  conversation.start("parent");
  EXPECT_EQ(conversation.waiting_at(), "child/q");
  EXPECT_EQ(conversation.session()->stack.size(), 2u);
  conversation.say("hi");
  EXPECT_EQ(conversation.replies(), std::vector<std::string>{"back in parent hi"});
  EXPECT_EQ(conversation.described_actions().back(), "flow_ended parent completed");
}

TEST(StartFlow, WithoutReturnReplacesTheParent) {
  Conversation conversation(parent_and_child(false));
  conversation.start("parent");
  EXPECT_EQ(conversation.described_actions(),
            (std::vector<std::string>{"flow_started parent", "flow_ended parent completed", "flow_started child"}));
  EXPECT_EQ(conversation.session()->stack.size(), 1u);
  conversation.say("hi");
  EXPECT_TRUE(conversation.replies().empty());
  EXPECT_EQ(conversation.waiting_at(), "");
}

TEST(StartFlow, NestingIsLimited) {
  // A flow that starts itself with "return" is refused by the checker only
  // when it loops without waiting; here each level waits first.
  auto flows = flow_with(R"([
    {"id": "q", "type": "ask", "answer": "text", "text": "level"},
    {"id": "again", "type": "start_flow", "flow": "t", "return": true, "next": "done"},
    {"id": "done", "type": "send", "text": "unwound"}
  ])");
  Conversation conversation(flows);
  conversation.start("t");
  int answers = 0;
  while (conversation.session() && answers < 20) {
    EXPECT_LE(conversation.session()->stack.size(), 5u);
    conversation.say("x");
    ++answers;
  }
  // At the fifth level the sub-flow is skipped and every level unwinds.
  EXPECT_EQ(answers, 5);
  EXPECT_EQ(conversation.replies(), std::vector<std::string>(5, "unwound"));
  ASSERT_EQ(conversation.last().problems.size(), 1u);
  EXPECT_NE(conversation.last().problems[0].find("nested too deep"), std::string::npos);
}

TEST(LoopGuard, AFlowThatNeverWaitsIsCutShort) {
  // The checker refuses this flow; the engine must still survive it if it runs.
  auto loaded = load_flow_sources({{"loop.json", R"({"id": "t", "languages": ["en"], "nodes": [
    {"id": "a", "type": "send", "text": "again", "next": "b"},
    {"id": "b", "type": "send", "text": "and again", "next": "a"}]})"}});
  EXPECT_FALSE(loaded.ok());
  Conversation conversation(loaded.flows);
  conversation.start("t");
  EXPECT_EQ(conversation.replies().size(), 100u); // EngineOptions::max_steps
  EXPECT_EQ(conversation.described_actions().back(), "flow_ended t error");
  EXPECT_FALSE(conversation.session().has_value());
  EXPECT_EQ(conversation.last().problems.size(), 1u);
}

} // namespace
} // namespace stoop::flows::testing
