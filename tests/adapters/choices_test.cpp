#include "adapters/choices.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace stoop::adapters {
namespace {

TEST(Choices, CharacterCountCountsCodePoints) {
  EXPECT_EQ(character_count(""), 0u);
  EXPECT_EQ(character_count("Roxbury"), 7u);
  EXPECT_EQ(character_count("¿Qué?"), 5u);
  EXPECT_EQ(character_count("中文😀"), 3u);
  // A stray byte is one character, as it is when decoded (U+FFFD).
  EXPECT_EQ(character_count("a\xff"
                            "b"),
            3u);
}

TEST(Choices, NumberedListIsOneLinePerChoice) {
  EXPECT_EQ(with_numbered_choices("Which?", {{"a", "Food"}, {"b", "Housing"}}), "Which?\n1. Food\n2. Housing");
  EXPECT_EQ(with_numbered_choices("", {{"a", "Food"}}), "1. Food");
}

TEST(Choices, NumberedListLengthIsKnownWithoutWritingIt) {
  EXPECT_EQ(numbered_choices_characters({}), 0u);
  std::vector<Choice> choices;
  for (std::string label : {"Food", "Vivienda y ayuda", "住房", "😀 ok", "x\xff", "Morning", "Evening", "Any time",
                            "No rush", "Ten", "Eleven"}) {
    choices.push_back({"id", label});
    // Up to 11 choices, so that the numbers reach two digits.
    EXPECT_EQ(numbered_choices_characters(choices), character_count(with_numbered_choices("", choices)))
        << choices.size() << " choices";
  }
}

} // namespace
} // namespace stoop::adapters
