#include "core/sms_segments.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/text.hpp"

namespace stoop {
namespace {

TEST(Segments, Gsm7SingleAndConcatenated) {
  EXPECT_EQ(count_segments("").segments, 0);
  EXPECT_EQ(count_segments(std::string(160, 'a')).segments, 1);
  EXPECT_EQ(count_segments(std::string(161, 'a')).segments, 2);
  EXPECT_EQ(count_segments(std::string(306, 'a')).segments, 2);
  EXPECT_EQ(count_segments(std::string(307, 'a')).segments, 3);
  EXPECT_EQ(count_segments("Hola, ¿cómo está?").encoding, SmsEncoding::ucs2); // ó is not GSM-7
  EXPECT_EQ(count_segments("Señor, ¿qué tal? ñ é à ü").encoding, SmsEncoding::gsm7);
}

TEST(Segments, EscapesCountTwiceAndAreNeverSplit) {
  auto info = count_segments(std::string(80, '{'));
  EXPECT_EQ(info.units, 160);
  EXPECT_EQ(info.segments, 1);
  // 152 plain septets then an escape pair: the pair moves whole to segment two.
  std::string text = std::string(152, 'a') + "€" + std::string(10, 'a');
  EXPECT_EQ(count_segments(text).units, 164);
  EXPECT_EQ(count_segments(text).segments, 2);
}

TEST(Segments, Ucs2AndSurrogatePairs) {
  EXPECT_EQ(count_segments("中文").encoding, SmsEncoding::ucs2);
  std::string seventy;
  for (int i = 0; i < 70; ++i) seventy += "中";
  EXPECT_EQ(count_segments(seventy).segments, 1);
  EXPECT_EQ(count_segments(seventy + "中").segments, 2);
  // 66 units then an emoji (2 units): it cannot be split, so it opens segment two.
  std::string text;
  for (int i = 0; i < 66; ++i) text += "中";
  text += "😀";
  text += "中中中";
  auto info = count_segments(text);
  EXPECT_EQ(info.units, 71);
  EXPECT_EQ(info.segments, 2);
}

// The rule written out the slow way: decode, weigh every character, pack
// greedily without splitting one.
SegmentInfo reference_segments(const std::vector<std::pair<std::string, int>>& pieces) {
  bool gsm = true;
  for (const auto& piece : pieces) gsm &= piece.second != 0;
  SegmentInfo info;
  info.encoding = gsm ? SmsEncoding::gsm7 : SmsEncoding::ucs2;
  std::vector<int> weights;
  for (const auto& [text, septets] : pieces) {
    std::size_t i = 0;
    char32_t cp = next_code_point(text, i);
    weights.push_back(gsm ? septets : (cp > 0xFFFF ? 2 : 1));
  }
  int single = gsm ? 160 : 70;
  int capacity = gsm ? 153 : 67;
  for (int w : weights) info.units += w;
  if (weights.empty()) return info;
  info.segments = 1;
  if (info.units <= single) return info;
  int used = 0;
  for (int w : weights) {
    if (used + w > capacity) {
      ++info.segments;
      used = 0;
    }
    used += w;
  }
  return info;
}

TEST(Segments, AgreeWithGreedyPackingOnMixedTexts) {
  // Each character with its GSM-7 septets (0: not in GSM-7).
  const std::vector<std::pair<std::string, int>> alphabet{
      {"a", 1}, {" ", 1}, {"é", 1}, {"ñ", 1}, {"¿", 1}, {"Δ", 1}, {"€", 2}, {"{", 2},
      {"\\", 2}, {"ó", 0}, {"中", 0}, {"😀", 0}, {"`", 0}};
  std::mt19937 random(8);
  for (int round = 0; round < 3000; ++round) {
    // One kind of text at a time, as replies are: GSM-7 without and with
    // escapes; not GSM-7, without and with characters of two units.
    static const std::vector<std::vector<std::size_t>> kinds{
        {0, 1, 2, 3, 4, 5}, {0, 1, 2, 6, 7, 8}, {0, 1, 2, 9, 10, 12}, {0, 1, 6, 9, 10, 11}};
    const auto& kind = kinds[round % kinds.size()];
    std::uniform_int_distribution<std::size_t> pick(0, kind.size() - 1);
    std::uniform_int_distribution<int> length(0, 400);
    std::vector<std::pair<std::string, int>> pieces;
    std::string text;
    for (int n = length(random); n > 0; --n) {
      pieces.push_back(alphabet[kind[pick(random)]]);
      text += pieces.back().first;
    }
    auto expected = reference_segments(pieces);
    auto got = count_segments(text);
    ASSERT_EQ(got.encoding, expected.encoding) << text;
    ASSERT_EQ(got.units, expected.units) << text;
    ASSERT_EQ(got.segments, expected.segments) << text;
  }
}

TEST(SplitLongText, CutsAtWordBoundaries) {
  std::string word = "community ";
  std::string text;
  while (text.size() < 4000) text += word;
  auto parts = split_long_text(text, 1600);
  ASSERT_EQ(parts.size(), 3u);
  for (const auto& part : parts) {
    EXPECT_LE(part.size(), 1600u);
    EXPECT_EQ(part.back(), 'y'); // never cut inside "community"
  }
}

TEST(SplitLongText, ShortTextIsOnePart) {
  auto parts = split_long_text("hello", 1600);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0], "hello");
}

TEST(SplitLongText, ShortTextsAreTrimmedAndCheckedLikeLongOnes) {
  EXPECT_EQ(split_long_text("  hello \n", 1600), std::vector<std::string>{"hello"});
  EXPECT_TRUE(split_long_text(" \n\t ", 1600).empty());
  // A stray byte becomes U+FFFD, as on the long path.
  EXPECT_EQ(split_long_text("a\xff", 1600), std::vector<std::string>{"a\xEF\xBF\xBD"});
}

TEST(SplitLongText, CountsCharactersNotBytes) {
  std::string ten;
  for (int i = 0; i < 10; ++i) ten += "中";
  EXPECT_EQ(split_long_text(ten, 10), std::vector<std::string>{ten});
  auto parts = split_long_text(ten + "中", 10);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0], ten);
  EXPECT_EQ(parts[1], "中");
}

} // namespace
} // namespace stoop
