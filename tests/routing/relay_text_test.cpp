#include <gtest/gtest.h>

#include "routing/relay_text.hpp"

namespace stoop::routing {
namespace {

TEST(FillTemplate, ReplacesKnownNamesOnly) {
  EXPECT_EQ(fill_template("Request #{id} ({topic}): {details}", {{"id", "14"}, {"topic", "food"}, {"details", "x"}}),
            "Request #14 (food): x");
  EXPECT_EQ(fill_template("{unknown} and {id", {{"id", "1"}}), "{unknown} and {id");
  EXPECT_EQ(fill_template("", {}), "");
}

TEST(MaskAddresses, PhoneNumbersHoweverWritten) {
  std::vector<std::string> addresses{"+16175550123"};
  for (const char* written : {"+16175550123", "6175550123", "617-555-0123", "(617) 555-0123", "617.555.0123",
                              "+1 617 555 0123", "1-617-555-0123"}) {
    auto masked = mask_addresses(std::string("call me at ") + written + " please", addresses);
    EXPECT_EQ(masked, "call me at [hidden] please") << written;
  }
}

TEST(MaskAddresses, LeavesOtherNumbersAlone) {
  std::vector<std::string> addresses{"+16175550123"};
  EXPECT_EQ(mask_addresses("my other number is 617-555-0199, room 12", addresses),
            "my other number is 617-555-0199, room 12");
  EXPECT_EQ(mask_addresses("ref 96175550123456", addresses), "ref 96175550123456");
}

TEST(MaskAddresses, HandlesAndChatIds) {
  EXPECT_EQ(mask_addresses("my telegram is 5550001234", {"5550001234"}), "my telegram is [hidden]");
  EXPECT_EQ(mask_addresses("I am @AnaSouza here", {"@anasouza"}), "I am [hidden] here");
  EXPECT_EQ(mask_addresses("room 42", {"42"}), "room 42"); // too short to mean anything
  EXPECT_EQ(mask_addresses("x", {""}), "x");
}

TEST(RelayText, FormatsAndNames) {
  EXPECT_EQ(format_relay_to_student(14, "Gracias"), "#14: Gracias");
  EXPECT_EQ(first_name("  Ana Souza "), "Ana");
  EXPECT_EQ(first_name("Ana"), "Ana");
  EXPECT_EQ(first_name(""), "");
}

} // namespace
} // namespace stoop::routing
