// The text helpers under answer matching and templates.
#include <gtest/gtest.h>

#include <random>

#include "conversation.hpp"
#include "flows/answers.hpp"
#include "flows/loader.hpp"
#include "flows/matching.hpp"
#include "flows/templates.hpp"

namespace stoop::flows::detail {
namespace {

TEST(Prepare, FoldsAndSplitsDigitsFromLetters) {
  EXPECT_EQ(prepare("¡Sí, 2b!").tokens, (std::vector<std::string>{"si", "2", "b"}));
  EXPECT_EQ(prepare("1和3").tokens, (std::vector<std::string>{"1", "和", "3"}));
  EXPECT_EQ(prepare("  ").joined, "");
}

TEST(Phrases, MatchWholeWordsOrChineseSubstrings) {
  EXPECT_TRUE(contains_phrase(prepare("I live in Mission Hill."), prepare("mission hill")));
  EXPECT_FALSE(contains_phrase(prepare("Missions hill"), prepare("mission hill")));
  EXPECT_TRUE(contains_phrase(prepare("我们需要住房"), prepare("住房")));
  EXPECT_TRUE(equals_phrase(prepare("MISSION-HILL"), prepare("mission hill")));
  EXPECT_FALSE(equals_phrase(prepare(""), prepare("")));
}

// Answers are matched against the phrases that start with one of their
// words (Node::phrases_by_first_word); trying every phrase must give the same
// for every question of the shipped flows, in every language, whatever else
// the answer holds.
TEST(Phrases, TheIndexFindsWhatTryingEveryPhraseFinds) {
  auto loaded = load_flow_directory(std::string(STOOP_SOURCE_DIR) + "/config/flows");
  ASSERT_TRUE(loaded.ok());
  const std::set<std::string, std::less<>> no_groups;
  std::mt19937 random(5);
  int nodes = 0;
  int compared = 0;
  for (const auto& flow : loaded.flows->flows) {
    for (const auto& node : flow.nodes) {
      if (node.choices.empty()) continue;
      ASSERT_TRUE(node.phrases_indexed) << flow.id << "/" << node.id;
      ++nodes;
      Node every = node;
      every.phrases_by_first_word.clear();
      every.cjk_phrases.clear();
      every.phrases_indexed = false;
      std::vector<std::string> words{"please", "i", "want", "no", "2", "我想", "和"};
      std::vector<std::string> answers{"", "1", "2 3", "yes please", "我想要住房和食物"};
      for (const auto& choice : node.choices) {
        for (const auto& phrase : choice.phrases) {
          answers.push_back(phrase.joined);
          answers.push_back("I think " + phrase.joined + " mostly");
          answers.push_back("我想" + phrase.joined + "吧"); // CJK: no spaces around it
          for (const auto& token : phrase.tokens) words.push_back(token);
        }
      }
      std::uniform_int_distribution<std::size_t> pick(0, words.size() - 1);
      for (int n = 0; n < 200; ++n) {
        std::string answer;
        for (int w = 1 + n % 4; w > 0; --w) answer += words[pick(random)] + (n % 3 == 0 ? "" : " ");
        answers.push_back(answer);
      }
      for (const auto& raw : answers) {
        auto prepared = prepare(raw);
        auto indexed = evaluate_answer(node, {raw, prepared}, "", no_groups);
        auto tried = evaluate_answer(every, {raw, prepared}, "", no_groups);
        ASSERT_EQ(indexed.valid, tried.valid) << flow.id << "/" << node.id << ": " << raw;
        ASSERT_EQ(indexed.value, tried.value) << flow.id << "/" << node.id << ": " << raw;
        ASSERT_EQ(indexed.categories, tried.categories) << flow.id << "/" << node.id << ": " << raw;
        ASSERT_EQ(indexed.next, tried.next) << flow.id << "/" << node.id << ": " << raw;
        compared += indexed.valid;
      }
    }
  }
  EXPECT_GE(nodes, 10);
  EXPECT_GE(compared, 1000); // most answers name a choice: the comparison is not of two empty results
}

TEST(Numbers, FirstNumberSmallNumberAndFormatting) {
  EXPECT_EQ(first_number("about 4,5 or 6"), 4.5);
  EXPECT_EQ(first_number("-3"), -3);
  EXPECT_EQ(first_number("１２"), 12);
  EXPECT_FALSE(first_number("none").has_value());
  EXPECT_FALSE(first_number("12345678901234567890").has_value());
  EXPECT_EQ(small_number("7"), 7);
  EXPECT_FALSE(small_number("1000").has_value());
  EXPECT_FALSE(small_number("7a").has_value());
  EXPECT_EQ(format_number(4.0), "4");
  EXPECT_EQ(format_number(4.5), "4.5");
  EXPECT_EQ(format_number(-0.25), "-0.25");
}

TEST(Utf8, ShortenNeverSplitsACharacterAndSanitizeRepairs) {
  EXPECT_EQ(shorten_utf8("añb", 2), "a");
  EXPECT_EQ(shorten_utf8("中文", 4), "中");
  EXPECT_EQ(shorten_utf8("abc", 10), "abc");
  EXPECT_EQ(sanitize_utf8("ok\xff"), "ok\xEF\xBF\xBD");
  EXPECT_EQ(sanitize_utf8("fine"), "fine");
}

TEST(Patterns, CompileOrExplain) {
  std::string error;
  EXPECT_NE(compile_pattern("^a+$", error), nullptr);
  EXPECT_EQ(compile_pattern("(unclosed", error), nullptr);
  EXPECT_FALSE(error.empty());
}

TEST(Templates, ValidateAndRender) {
  EXPECT_FALSE(template_error("Hi {{ fields.name }}, {{results.x.category}} {{answer}}").has_value());
  EXPECT_TRUE(template_error("{{results}}").has_value());
  EXPECT_TRUE(template_error("{{result.x}}").has_value());
  EXPECT_TRUE(template_error("{{results.x.value.more}}").has_value());
  EXPECT_TRUE(template_error("{{fields.name").has_value());
  EXPECT_TRUE(template_error("{{contact.phone}}").has_value());
  Session session;
  session.input = "hello";
  session.results["x"] = ResultValue{"a,b", {"a", "b"}, "A and B", "f"};
  ContactView contact{"es", {{"name", "Ana"}}, {"g1", "g2"}, false};
  TemplateScope scope{session, contact};
  EXPECT_EQ(render("{{fields.name}}/{{ results.x.text }}/{{results.x.category}}/{{answer}}/{{contact.language}}/"
                   "{{contact.groups}}/{{fields.none}}/{{unclosed",
                   scope),
            "Ana/A and B/a,b/hello/es/g1,g2//{{unclosed");
}

} // namespace
} // namespace stoop::flows::detail
