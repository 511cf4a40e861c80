// The text helpers under answer matching and templates.
#include <gtest/gtest.h>

#include "conversation.hpp"
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
