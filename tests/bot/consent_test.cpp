#include "bot/consent.hpp"

#include <gtest/gtest.h>

namespace stoop {
namespace {

TEST(Consent, OptOutWordsInAnyCaseWithSpaces) {
  for (auto word : {"STOP", "stop", " Stop ", "STOPALL", "unsubscribe", "CANCEL", "end", "Quit", "REVOKE", "optout",
                    "stop.", "STOP!"}) {
    EXPECT_EQ(classify_consent(word, false), ConsentWord::opt_out) << word;
  }
}

TEST(Consent, OnlyTheWholeMessageCounts) {
  EXPECT_EQ(classify_consent("please stop the noise", false), ConsentWord::none);
  EXPECT_EQ(classify_consent("stopping", false), ConsentWord::none);
  EXPECT_EQ(classify_consent("", false), ConsentWord::none);
}

TEST(Consent, YesIsAnOptInOnlyForSomeoneOptedOut) {
  EXPECT_EQ(classify_consent("YES", true), ConsentWord::opt_in);
  EXPECT_EQ(classify_consent("yes", false), ConsentWord::none);
  EXPECT_EQ(classify_consent("START", false), ConsentWord::opt_in);
  EXPECT_EQ(classify_consent("unstop", true), ConsentWord::opt_in);
}

TEST(Consent, HelpAndInfo) {
  EXPECT_EQ(classify_consent("help", true), ConsentWord::help);
  EXPECT_EQ(classify_consent("INFO", false), ConsentWord::help);
}

} // namespace
} // namespace stoop
