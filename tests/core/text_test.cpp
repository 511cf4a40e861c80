#include "core/text.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/http_types.hpp"

namespace stoop {
namespace {

TEST(FoldForMatching, IgnoresCaseAndAccents) {
  EXPECT_EQ(fold_for_matching("SÍ"), "si");
  EXPECT_EQ(fold_for_matching("Kreyòl Ayisyen"), "kreyol ayisyen");
  EXPECT_EQ(fold_for_matching("Tiếng Việt"), "tieng viet");
  EXPECT_EQ(fold_for_matching("ĐƯỢC"), "duoc");
  EXPECT_EQ(fold_for_matching("ｓｉ"), "si");
  EXPECT_EQ(fold_for_matching("中文"), "中文");
  // A decomposed accent (e + combining acute) folds like the precomposed one.
  EXPECT_EQ(fold_for_matching("e\xCC\x81"), "e");
}

TEST(WordsForMatching, SplitsOnPunctuationAndSpace) {
  auto words = words_for_matching("¡Hola, Señora!  ¿Cómo está?");
  ASSERT_EQ(words.size(), 4u);
  EXPECT_EQ(words[0], "hola");
  EXPECT_EQ(words[1], "senora");
  EXPECT_EQ(words[3], "esta");
}

TEST(Utf8, RejectsInvalidSequences) {
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("中文 😀"));
  EXPECT_FALSE(is_valid_utf8("\xC3"));          // truncated
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // a UTF-16 surrogate
  EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
}

TEST(FormDecode, DecodesPlusAndPercent) {
  std::vector<std::pair<std::string, std::string>> fields;
  ASSERT_TRUE(form_decode("Body=Hola+Mar%C3%ADa&From=%2B16175550123&Empty=", fields));
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0].second, "Hola María");
  EXPECT_EQ(fields[1].second, "+16175550123");
  EXPECT_EQ(fields[2].second, "");
}

TEST(FormDecode, SkipsEmptyPairsAndKeepsBareNames) {
  std::vector<std::pair<std::string, std::string>> fields;
  ASSERT_TRUE(form_decode("&a=1&&flag&b=x%3Dy+z&", fields));
  std::vector<std::pair<std::string, std::string>> expected{{"a", "1"}, {"flag", ""}, {"b", "x=y z"}};
  EXPECT_EQ(fields, expected);
  ASSERT_TRUE(form_decode("", fields));
  EXPECT_TRUE(fields.empty());
}

TEST(FormDecode, RefusesBrokenEscapes) {
  std::vector<std::pair<std::string, std::string>> fields;
  EXPECT_FALSE(form_decode("Body=%", fields));
  EXPECT_FALSE(form_decode("Body=%4", fields));
  EXPECT_FALSE(form_decode("Body=%zz", fields));
}

TEST(RequestForm, IsDecodedOnceAndAgainWhenTheBodyChanges) {
  HttpRequest request;
  request.body = "Body=Hola&From=%2B16175550123";
  const auto* first = request.form();
  ASSERT_NE(first, nullptr);
  std::vector<Header> expected{{"Body", "Hola"}, {"From", "+16175550123"}};
  EXPECT_EQ(*first, expected);
  EXPECT_EQ(request.form(), first); // the same decoded fields, not a second decoding
  request.body = "Body=Adios";
  ASSERT_NE(request.form(), nullptr);
  EXPECT_EQ(*request.form(), (std::vector<Header>{{"Body", "Adios"}}));
  request.body = "Body=%zz";
  EXPECT_EQ(request.form(), nullptr);
  HttpRequest copy = request;
  copy.body = "a=1";
  ASSERT_NE(copy.form(), nullptr);
  EXPECT_EQ(request.form(), nullptr); // a copy decodes its own body
}

TEST(FormEncode, RoundTrips) {
  std::vector<std::pair<std::string, std::string>> in{{"To", "+1 617"}, {"Body", "a&b=c é"}};
  std::vector<std::pair<std::string, std::string>> out;
  ASSERT_TRUE(form_decode(form_encode(in), out));
  EXPECT_EQ(out, in);
}

TEST(Trim, RemovesSurroundingSpace) {
  EXPECT_EQ(trim("  stop \r\n"), "stop");
  EXPECT_EQ(trim("   "), "");
}

TEST(AppendJsonString, WritesWhatAJsonParserReadsBack) {
  for (std::string text : {std::string("plain"), std::string("say \"yes\" or \\no\\"), std::string("line\nnext\ttab\r\b\f"),
                           std::string("bell\x07 nul", 10), std::string("Sí · 中文 · Tiếng Việt · 🙂"), std::string()}) {
    std::string out = "[";
    append_json_string(out, text);
    out += "]";
    auto parsed = nlohmann::json::parse(out);
    EXPECT_EQ(parsed[0].get<std::string>(), text) << out;
    EXPECT_EQ(out, "[" + nlohmann::json(text).dump() + "]"); // the same bytes as the library writes
  }
}

// The plain runs are scanned eight bytes at a time: a byte to escape must be
// found wherever it falls in or after a block of eight.
TEST(AppendJsonString, FindsTheByteToEscapeAtEveryPosition) {
  for (char special : {'"', '\\', '\n', '\x01', '\x1f', '\x7f', ' ', '~'}) {
    for (std::size_t length = 1; length <= 20; ++length) {
      for (std::size_t at = 0; at < length; ++at) {
        std::string text(length, 'a');
        text[at] = special;
        std::string out;
        append_json_string(out, text);
        EXPECT_EQ(out, nlohmann::json(text).dump()) << "byte " << int(special) << " at " << at << " of " << length;
      }
    }
  }
}

TEST(Utf8, AFaultyByteIsFoundAtEveryPosition) {
  for (std::size_t length = 1; length <= 20; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      std::string text(length, 'a');
      text[at] = '\xE9'; // a lone lead byte
      EXPECT_FALSE(is_valid_utf8(text)) << "at " << at << " of " << length;
      text.replace(at, 1, "é"); // the same letter, encoded
      EXPECT_TRUE(is_valid_utf8(text)) << "at " << at << " of " << length;
    }
  }
}

TEST(AppendJsonString, RefusesInvalidUtf8AndLeavesTheOutputAlone) {
  std::string out = "{";
  EXPECT_THROW(append_json_string(out, "caf\xE9"), std::invalid_argument);
  EXPECT_EQ(out, "{");
}

} // namespace
} // namespace stoop
