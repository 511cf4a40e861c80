// Engine unit tests, one node type or answer kind at a time, on small flows
// written inline.
#include <gtest/gtest.h>

#include "conversation.hpp"

namespace stoop::flows::testing {
namespace {

// A flow "t" in English and Spanish with the given nodes (a JSON array).
std::shared_ptr<const FlowSet> flow_with(const std::string& nodes, const std::string& extra = "") {
  return load_one_or_fail(R"({"id": "t", "languages": ["en", "es"], "triggers": {"en": ["GO"]},)" + extra +
                          R"( "nodes": )" + nodes + "}");
}

TEST(SendNode, SendsInTheContactsLanguageWithFallbackAndPlaceholders) {
  auto flows = flow_with(R"([
    {"id": "a", "type": "send", "text": {"en": "Hello {{fields.name}}, {{contact.language}}", "es": "Hola {{fields.name}}"}},
    {"id": "b", "type": "send", "text": {"en": "Only English"}},
    {"id": "c", "type": "send", "text": "Same everywhere"},
    {"id": "d", "type": "send", "text": "{{fields.missing}}  "}
  ])");
  Conversation spanish(flows, ContactView{"es", {{"name", "Ana"}}, {}, false});
  spanish.start("t");
  EXPECT_EQ(spanish.replies(), (std::vector<std::string>{"Hola Ana", "Only English", "Same everywhere"}));
  Conversation unknown(flows, ContactView{"fr", {{"name", "Jo"}}, {}, false});
  unknown.start("t");
  EXPECT_EQ(unknown.replies().front(), "Hello Jo, fr");
  EXPECT_EQ(unknown.waiting_at(), "");
}

const char* choice_nodes = R"([
  {"id": "q", "type": "ask", "answer": "choice", "text": {"en": "Pick", "es": "Elija"}, "result": "pick",
   "choices": [
     {"id": "roxbury", "label": "Roxbury / Nubian Square", "synonyms": ["nubian", "dudley"]},
     {"id": "mission_hill", "label": "Mission Hill"},
     {"id": "jamaica_plain", "label": "Jamaica Plain", "synonyms": {"en": ["jp"], "es": ["jamaica"]}},
     {"id": "other", "label": {"en": "Other", "es": "Otro"}, "synonyms": ["y"], "next": "other_branch"}
   ]},
  {"id": "after", "type": "send", "text": "after", "next": "done"},
  {"id": "other_branch", "type": "send", "text": "other branch"},
  {"id": "done", "type": "end"}
])";

std::string answer_choice(const std::string& text, const std::string& payload = "") {
  Conversation conversation(flow_with(choice_nodes), ContactView{"es", {}, {}, false});
  conversation.start("t");
  conversation.say(text, payload);
  if (conversation.waiting_at() == "t/q") return "invalid";
  for (const auto& action : conversation.last().actions) {
    if (const auto* saved = std::get_if<SaveResult>(&action)) return saved->value;
  }
  return "none";
}

TEST(ChoiceAnswer, MatchesByNumberLabelOrSynonymIgnoringCaseAndAccents) {
  EXPECT_EQ(answer_choice("2"), "mission_hill");
  EXPECT_EQ(answer_choice(" #3. "), "jamaica_plain");
  EXPECT_EQ(answer_choice("４"), "other");   // a full-width digit
  EXPECT_EQ(answer_choice("５"), "invalid"); // there are four choices
  EXPECT_EQ(answer_choice("MISSION HILL"), "mission_hill");
  EXPECT_EQ(answer_choice("otro"), "other");
  EXPECT_EQ(answer_choice("OTRO!"), "other");
  EXPECT_EQ(answer_choice("Other"), "other"); // a label in another language than the contact's
  EXPECT_EQ(answer_choice("Nubian"), "roxbury");
  EXPECT_EQ(answer_choice("I live near Dudley"), "roxbury");
  EXPECT_EQ(answer_choice("JP"), "jamaica_plain");
  EXPECT_EQ(answer_choice("mission_hill"), "mission_hill"); // the id itself
}

TEST(ChoiceAnswer, RefusesAmbiguousOutOfRangeAndEmptyAnswers) {
  EXPECT_EQ(answer_choice("0"), "invalid");
  EXPECT_EQ(answer_choice("5"), "invalid");
  EXPECT_EQ(answer_choice(""), "invalid");
  EXPECT_EQ(answer_choice("Dudley or JP"), "invalid"); // two equally strong matches
  EXPECT_EQ(answer_choice("I say y"), "invalid");                 // one-letter synonyms only match on their own
  EXPECT_EQ(answer_choice("y"), "other");
  EXPECT_EQ(answer_choice("Roxbury / Nubian Square near Mission Hill"), "roxbury"); // the longer match wins
}

TEST(ChoiceAnswer, AButtonPayloadAnswersEvenIfTheTextSaysOtherwise) {
  EXPECT_EQ(answer_choice("whatever the button said", "q/mission_hill"), "mission_hill");
  EXPECT_EQ(answer_choice("2", "roxbury"), "roxbury");
  EXPECT_EQ(answer_choice("2", "another_question/yes"), "mission_hill"); // a stale button: the text decides
}

TEST(ChoiceAnswer, EachChoiceMayBranch) {
  Conversation conversation(flow_with(choice_nodes));
  conversation.start("t");
  EXPECT_EQ(conversation.replies(), std::vector<std::string>{"Pick"});
  ASSERT_EQ(std::get<SendMessage>(conversation.last().actions[1]).choices.size(), 4u);
  EXPECT_EQ(std::get<SendMessage>(conversation.last().actions[1]).choices[0].id, "q/roxbury");
  conversation.say("4");
  EXPECT_EQ(conversation.replies(), std::vector<std::string>{"other branch"});
  conversation.start("t");
  conversation.say("1");
  EXPECT_EQ(conversation.replies(), std::vector<std::string>{"after"});
}

const char* multiple_nodes = R"([
  {"id": "q", "type": "ask", "answer": "choice", "multiple": true, "text": "Pick some", "result": "some",
   "choices": [{"id": "food", "label": "Food"}, {"id": "housing", "label": "Housing", "synonyms": ["rent"]},
               {"id": "air", "label": "Environment and air"}, {"id": "youth", "label": "Youth"}]}
])";

std::string answer_multiple(const std::string& text) {
  Conversation conversation(flow_with(multiple_nodes));
  conversation.start("t");
  conversation.say(text);
  if (conversation.waiting_at() == "t/q") return "invalid";
  return conversation.session() ? "still running" : std::get<SaveResult>(conversation.last().actions[0]).value;
}

TEST(MultipleChoiceAnswer, TakesNumbersWordsOrBoth) {
  EXPECT_EQ(answer_multiple("1, 3"), "food,air");
  EXPECT_EQ(answer_multiple("4 2 2"), "housing,youth");
  EXPECT_EQ(answer_multiple("1;2;3;4"), "food,housing,air,youth");
  EXPECT_EQ(answer_multiple("food and the rent"), "food,housing");
  EXPECT_EQ(answer_multiple("3 and youth"), "air,youth");
  EXPECT_EQ(answer_multiple("2"), "housing");
  EXPECT_EQ(answer_multiple("1，4"), "food,youth"); // a Chinese comma
}

TEST(MultipleChoiceAnswer, RefusesNumbersOutOfRangeAndUnknownWords) {
  EXPECT_EQ(answer_multiple("1, 5"), "invalid");
  EXPECT_EQ(answer_multiple("135"), "invalid");
  EXPECT_EQ(answer_multiple("nothing"), "invalid");
}

TEST(MultipleChoiceAnswer, IsWrittenAsANumberedListWhereButtonsWouldAllowOnlyOne) {
  Conversation with_buttons(flow_with(multiple_nodes), ContactView{"en", {}, {}, true});
  with_buttons.start("t");
  const auto& send = std::get<SendMessage>(with_buttons.last().actions[1]);
  EXPECT_EQ(send.text, "Pick some\n1. Food\n2. Housing\n3. Environment and air\n4. Youth");
  EXPECT_TRUE(send.choices.empty());
  Conversation sms(flow_with(multiple_nodes), ContactView{"en", {}, {}, false});
  sms.start("t");
  EXPECT_EQ(std::get<SendMessage>(sms.last().actions[1]).choices.size(), 4u); // the adapter numbers them
}

std::string answer_yes_no(const std::string& text, const std::string& language = "en") {
  auto flows = flow_with(R"([{"id": "q", "type": "ask", "answer": "yes_no", "text": "OK?", "result": "ok"}])");
  Conversation conversation(flows, ContactView{language, {}, {}, false});
  conversation.start("t");
  conversation.say(text);
  if (conversation.session()) return "invalid";
  return std::get<SaveResult>(conversation.last().actions[0]).value;
}

TEST(YesNoAnswer, UnderstandsAllSixLanguages) {
  for (const char* yes : {"yes", "Y", "ok", "Sí", "si", "claro", "wi", "Wi dakò", "sin", "是", "好的", "có", "Vâng", "dong y"}) {
    EXPECT_EQ(answer_yes_no(yes), "yes") << yes;
  }
  for (const char* no : {"no", "N", "nope", "no gracias", "non", "pa dakò", "nãu", "nao", "不", "否", "không", "ko"}) {
    EXPECT_EQ(answer_yes_no(no), "no") << no;
  }
  EXPECT_EQ(answer_yes_no("yes please"), "yes");
  EXPECT_EQ(answer_yes_no("tôi không đồng ý"), "no"); // "đồng ý" (agree) inside the longer "không đồng ý"
  EXPECT_EQ(answer_yes_no("sí, pero no"), "invalid");
  EXPECT_EQ(answer_yes_no("maybe"), "invalid");
  EXPECT_EQ(answer_yes_no("1"), "yes");
  EXPECT_EQ(answer_yes_no("2"), "no");
}

TEST(YesNoAnswer, HasLabelsInEachLanguageAndMayBranch) {
  auto flows = flow_with(R"([
    {"id": "q", "type": "ask", "answer": "yes_no", "text": {"en": "OK?", "es": "¿Vale?"},
     "choices": [{"id": "no", "next": "sad", "synonyms": ["never"]}]},
    {"id": "glad", "type": "send", "text": "glad", "next": "end"},
    {"id": "sad", "type": "send", "text": "sad"},
    {"id": "end", "type": "end"}
  ])");
  Conversation conversation(flows, ContactView{"es", {}, {}, true});
  conversation.start("t");
  const auto& choices = std::get<SendMessage>(conversation.last().actions[1]).choices;
  ASSERT_EQ(choices.size(), 2u);
  EXPECT_EQ(choices[0].label, "Sí");
  EXPECT_EQ(choices[1].label, "No");
  conversation.say("never");
  EXPECT_EQ(conversation.replies(), std::vector<std::string>{"sad"});
}

TEST(NumberAnswer, ChecksTheRangeAndExplainsIt) {
  auto flows = flow_with(R"([
    {"id": "q", "type": "ask", "answer": "number", "min": 1, "max": 5, "text": "Rate 1-5", "result": "rate",
     "cases": [{"test": "number_between", "min": 1, "max": 2, "category": "low"},
               {"test": "number_between", "min": 3, "max": 5, "category": "high"}]}
  ])");
  Conversation conversation(flows, ContactView{"es", {}, {}, false});
  conversation.start("t");
  conversation.say("diez");
  EXPECT_EQ(conversation.replies(),
            std::vector<std::string>{"Perdón, por favor responda con un número del 1 al 5.\n\nRate 1-5"});
  conversation.say("7");
  EXPECT_EQ(conversation.waiting_at(), "t/q");
  conversation.say("about 4,5 I'd say");
  ASSERT_EQ(conversation.waiting_at(), "");
  const auto& saved = std::get<SaveResult>(conversation.last().actions[0]);
  EXPECT_EQ(saved.value, "4.5");
  EXPECT_EQ(saved.categories, std::vector<std::string>{"high"});
  EXPECT_EQ(saved.raw, "about 4,5 I'd say");
}

TEST(TextAnswer, TakesAnyTextAndCategorisesItByCase) {
  auto flows = flow_with(R"([
    {"id": "q", "type": "ask", "answer": "text", "text": "Tell us", "result": "story",
     "cases": [{"test": "any_word", "value": {"en": "rent eviction", "es": "renta desalojo"}, "category": "housing", "next": "h"}]},
    {"id": "other", "type": "send", "text": "thanks", "next": "end"},
    {"id": "h", "type": "send", "text": "housing noted"},
    {"id": "end", "type": "end"}
  ])");
  Conversation conversation(flows);
  conversation.start("t");
  conversation.say("   ");
  EXPECT_EQ(conversation.replies(), std::vector<std::string>{"Sorry, I didn't get that. Please reply with a few words.\n\nTell us"});
  conversation.say("Nos subieron la renta otra vez");
  EXPECT_EQ(conversation.replies(), std::vector<std::string>{"housing noted"});
  EXPECT_EQ(std::get<SaveResult>(conversation.last().actions[0]).categories, std::vector<std::string>{"housing"});
  conversation.start("t");
  conversation.say("The bus is always late");
  EXPECT_EQ(conversation.replies(), std::vector<std::string>{"thanks"});
  EXPECT_EQ(std::get<SaveResult>(conversation.last().actions[0]).categories, std::vector<std::string>{"other"});
}

TEST(Retries, RunOutIntoTheirOwnBranch) {
  auto flows = flow_with(R"([
    {"id": "q", "type": "ask", "answer": "yes_no", "text": "OK?", "retries": 1, "after_retries": "giveup",
     "invalid": {"en": "Please say yes or no.", "es": "Diga sí o no."}},
    {"id": "fine", "type": "send", "text": "fine", "next": "end"},
    {"id": "giveup", "type": "send", "text": "we tried"},
    {"id": "end", "type": "end"}
  ])");
  Conversation conversation(flows);
  conversation.start("t");
  conversation.say("hmm");
  EXPECT_EQ(conversation.replies(), std::vector<std::string>{"Please say yes or no.\n\nOK?"});
  conversation.say("hmm");
  EXPECT_EQ(conversation.replies(), std::vector<std::string>{"we tried"});
  EXPECT_EQ(conversation.waiting_at(), "");
}

TEST(Retries, ZeroMeansTheFirstInvalidAnswerEndsTheQuestion) {
  auto flows = flow_with(R"([{"id": "q", "type": "ask", "answer": "number", "text": "How many?", "retries": 0}])");
  Conversation conversation(flows);
  conversation.start("t");
  conversation.say("lots");
  EXPECT_EQ(conversation.replies().size(), 1u);
  EXPECT_EQ(conversation.described_actions().back(), "flow_ended t retries_exhausted");
}

TEST(WaitNode, SendsNothingAndTakesAnyMessageOrTheTimeout) {
  auto flows = flow_with(R"([
    {"id": "w", "type": "wait", "result": "reply", "timeout": {"after": "1h", "next": "reminder"}},
    {"id": "got", "type": "send", "text": "got {{results.reply}}", "next": "end"},
    {"id": "reminder", "type": "send", "text": "still there?"},
    {"id": "end", "type": "end"}
  ])");
  Conversation conversation(flows);
  conversation.start("t");
  EXPECT_TRUE(conversation.replies().empty());
  EXPECT_EQ(conversation.described_actions().back(), "schedule_timeout " + std::to_string(start_ms + 3'600'000));
  conversation.say("");
  EXPECT_EQ(conversation.replies(), std::vector<std::string>{"got "});
  conversation.start("t");
  conversation.time_out();
  EXPECT_EQ(conversation.replies(), std::vector<std::string>{"still there?"});
}

TEST(Timeout, AnAnswerCancelsItAndALateTimerIsIgnored) {
  auto flows = flow_with(R"([
    {"id": "q", "type": "ask", "answer": "text", "text": "Name?", "timeout": {"after": "2d", "next": "late"}},
    {"id": "thanks", "type": "send", "text": "thanks", "next": "end"},
    {"id": "late", "type": "send", "text": "too late"},
    {"id": "end", "type": "end"}
  ])");
  Conversation conversation(flows);
  conversation.start("t");
  auto deadline = *conversation.session()->deadline_ms;
  EXPECT_EQ(deadline, start_ms + 2 * 86'400'000LL);
  conversation.say("Ana");
  EXPECT_EQ(conversation.described_actions().front(), "cancel_timeout " + std::to_string(deadline));
  auto step = conversation.engine().handle(conversation.session(), conversation.contact(), Event::timeout(deadline, deadline));
  EXPECT_FALSE(step.handled);
  EXPECT_TRUE(step.actions.empty());
}

TEST(Timeout, WithoutABranchEndsTheFlowQuietly) {
  auto flows = flow_with(R"([{"id": "q", "type": "ask", "answer": "text", "text": "Name?", "timeout": {"after": 60}}])");
  Conversation conversation(flows);
  conversation.start("t");
  conversation.time_out();
  EXPECT_TRUE(conversation.replies().empty());
  EXPECT_EQ(conversation.described_actions(), std::vector<std::string>{"flow_ended t timed_out"});
}

TEST(ReadMessage, CleansFoldsAndLooksUpTheKeywordsOnce) {
  Engine engine(flow_with(R"([{"id": "a", "type": "send", "text": "hi"}])"));
  auto leading = engine.read_message("  Go now, please ");
  EXPECT_EQ(leading.prepared.joined, "go now please");
  EXPECT_EQ(leading.keyword_leading, std::optional<std::size_t>(0));
  EXPECT_EQ(leading.keyword_alone, std::nullopt); // mid-flow it is an answer, not the keyword
  auto alone = engine.read_message("GÓ!");
  EXPECT_EQ(alone.keyword_leading, std::optional<std::size_t>(0));
  EXPECT_EQ(alone.keyword_alone, std::optional<std::size_t>(0));
  auto neither = engine.read_message("let's go");
  EXPECT_EQ(neither.keyword_leading, std::nullopt);
  EXPECT_EQ(neither.keyword_alone, std::nullopt);

  auto broken = engine.read_message("caf\xC3 ok");
  EXPECT_EQ(broken.text, "caf\xEF\xBF\xBD ok"); // U+FFFD where the bytes were not UTF-8
  auto long_text = engine.read_message(std::string(5000, 'a') + " GO");
  EXPECT_EQ(long_text.text.size(), EngineOptions{}.max_text_bytes);
  EXPECT_EQ(long_text.prepared.tokens.size(), 1u);
}

} // namespace
} // namespace stoop::flows::testing
