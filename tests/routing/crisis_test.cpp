#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "routing/crisis.hpp"

namespace stoop::routing {
namespace {

CrisisMatcher from(const char* text) {
  auto matcher = CrisisMatcher::from_json(nlohmann::json::parse(text));
  EXPECT_TRUE(matcher) << matcher.error();
  return matcher ? *matcher : CrisisMatcher{};
}

const CrisisMatcher& shipped() {
  static const CrisisMatcher matcher = [] {
    std::ifstream file(std::string(STOOP_SOURCE_DIR) + "/config/crisis.json");
    std::stringstream text;
    text << file.rdbuf();
    auto parsed = CrisisMatcher::from_json(nlohmann::json::parse(text.str()));
    EXPECT_TRUE(parsed) << parsed.error();
    return parsed ? *parsed : CrisisMatcher{};
  }();
  return matcher;
}

std::string category_of(std::string_view text) {
  auto match = shipped().match(text);
  return match ? match->language + "/" + match->category : "";
}

TEST(CrisisMatcher, WholeWordsNotPiecesOfWords) {
  auto m = from(R"({"phrases": {"en": {"suicide": ["kill myself"], "emergency": ["emergency"]}}})");
  EXPECT_TRUE(m.match("I want to kill myself"));
  EXPECT_TRUE(m.match("KILL   MYSELF."));
  EXPECT_FALSE(m.match("this killer deal is myself approved"));
  EXPECT_FALSE(m.match("skill myself"));
  EXPECT_FALSE(m.match("kill my selfie"));
  EXPECT_FALSE(m.match("emergencyroom"));
  EXPECT_TRUE(m.match("an EMERGENCY!!"));
}

TEST(CrisisMatcher, PrefixesAccentsAndExclusions) {
  auto m = from(R"({"phrases": {"en": {"suicide": ["suicid*"], "emergency": ["emergency"]},
                                "vi": {"suicide": [{"text": "tự tử", "accents": true}]}},
                    "exclusions": {"en": ["not an emergency"]}})");
  EXPECT_EQ(m.match("feeling suicidal")->phrase, "suicid*");
  EXPECT_TRUE(m.match("SUICIDE"));
  EXPECT_FALSE(m.match("sui"));
  EXPECT_FALSE(m.match("it's not an emergency"));
  EXPECT_TRUE(m.match("not an emergency? it is an emergency")); // the second one is not excluded
  EXPECT_TRUE(m.match("tôi muốn tự tử"));
  EXPECT_TRUE(m.match("TÔI MUỐN TỰ TỬ"));
  EXPECT_FALSE(m.match("từ từ thôi")); // "slowly": the same letters without accents
  EXPECT_FALSE(m.match("tu tu"));
}

TEST(CrisisMatcher, TheFirstPhraseInReadingOrderThenInTheListWins) {
  // Categories are read in name order: "suicide" before "violence".
  auto m = from(R"({"phrases": {"en": {"suicide": ["kill myself"], "violence": ["kill*", "hurt someone"]}}})");
  EXPECT_EQ(m.match("I will kill myself")->category, "suicide"); // "kill*" starts there too
  EXPECT_EQ(m.match("I will KILL him")->phrase, "kill*");
  EXPECT_EQ(m.match("they hurt someone, now I kill myself")->phrase, "hurt someone");
  EXPECT_EQ(m.match("killing myself")->phrase, "kill*");
}

TEST(CrisisMatcher, ChineseIdeographsMatchInsideSentences) {
  auto m = from(R"({"phrases": {"zh": {"suicide": ["自杀"]}}, "exclusions": {"zh": ["不是自杀"]}})");
  EXPECT_TRUE(m.match("我想自杀了"));
  EXPECT_FALSE(m.match("自己"));
  EXPECT_FALSE(m.match("这不是自杀"));
}

TEST(CrisisMatcher, RefusesBadListsWithThePointer) {
  auto check = [](const char* text, const char* expected) {
    auto m = CrisisMatcher::from_json(nlohmann::json::parse(text));
    ASSERT_FALSE(m) << text;
    EXPECT_EQ(m.error().rfind(expected, 0), 0u) << m.error();
  };
  check(R"([])", "/: expected an object");
  check(R"({"words": {}})", "/words: unknown key");
  check(R"({"phrases": {"en": ["x"]}})", "/phrases/en: expected an object");
  check(R"({"phrases": {"en": {"suicide": "x"}}})", "/phrases/en/suicide: expected an array");
  check(R"({"phrases": {"en": {"suicide": [""]}}})", "/phrases/en/suicide/0: a phrase needs a word");
  check(R"({"phrases": {"en": {"suicide": ["ki*"]}}})", "/phrases/en/suicide/0: a phrase needs");
  check(R"({"phrases": {"en": {"suicide": [{"text": "x", "accent": true}]}}})", "/phrases/en/suicide/0/accent");
  check(R"({"exclusions": {"en": "x"}})", "/exclusions/en: expected an array");
}

TEST(ShippedCrisisList, CoversSixLanguagesAndFiveKinds) {
  EXPECT_EQ(shipped().languages(), (std::vector<std::string>{"en", "es", "ht", "kea", "vi", "zh"}));
  EXPECT_GT(shipped().size(), 100u);
}

TEST(ShippedCrisisList, MatchesCrisisLanguageInEveryLanguage) {
  EXPECT_EQ(category_of("I want to kill myself"), "en/suicide");
  EXPECT_EQ(category_of("i dont know, I've been thinking about suicide"), "en/suicide");
  EXPECT_EQ(category_of("I took too many pills"), "en/overdose");
  EXPECT_EQ(category_of("my husband is going to kill me"), "en/violence");
  EXPECT_EQ(category_of("it's an emergency"), "en/emergency");
  EXPECT_EQ(category_of("I can't breathe"), "en/emergency");
  EXPECT_EQ(category_of("I can’t breathe"), "en/emergency"); // a typographic apostrophe
  EXPECT_EQ(category_of("Me quiero morir"), "es/suicide");
  EXPECT_EQ(category_of("creo que es una SOBREDOSIS"), "es/overdose");
  EXPECT_EQ(category_of("es una emergencia"), "es/emergency");
  EXPECT_EQ(category_of("mi esposo me esta golpeando"), "es/violence");
  EXPECT_EQ(category_of("Mwen vle mouri"), "ht/suicide");
  EXPECT_EQ(category_of("se yon ijans"), "ht/emergency");
  EXPECT_EQ(category_of("N kre mori"), "kea/suicide");
  EXPECT_EQ(category_of("EMERJENSIA"), "kea/emergency");
  EXPECT_EQ(category_of("我想自杀"), "zh/suicide");
  EXPECT_EQ(category_of("他家暴我"), "zh/violence");
  EXPECT_EQ(category_of("tôi muốn chết"), "vi/suicide");
  EXPECT_EQ(category_of("toi muon chet"), "vi/suicide");
  EXPECT_EQ(category_of("cần cấp cứu"), "vi/emergency");
}

TEST(ShippedCrisisList, LeavesEverydayMessagesAlone) {
  for (const char* text : {"Hola", "I need a Spanish-speaking clinic", "this is a killer deal", "skills workshop",
                           "it's not an emergency", "no es una emergencia", "se pa yon ijans",
                           "do you help with emergency rental assistance?", "I need help with my bills",
                           "Necesito una clínica", "我需要找医生", "từ từ thôi", "dying to see the results",
                           "my kids drive me crazy", "REQUEST", "1", "sí", "Que nos escuchen",
                           "the pills are too expensive", "overall good", "mata hari", "我想找诊所"}) {
    EXPECT_EQ(category_of(text), "") << text;
  }
}

} // namespace
} // namespace stoop::routing
