#include "bot/identity_links.hpp"

#include <gtest/gtest.h>

namespace stoop {
namespace {

TEST(PhoneKey, SameNumberOnSmsAndWhatsapp) {
  EXPECT_EQ(phone_key_for("twilio", "+1 (617) 555-0123"), "16175550123");
  EXPECT_EQ(phone_key_for("whatsapp", "16175550123"), "16175550123");
  EXPECT_EQ(phone_key_for("telegram", "16175550123"), "");
  EXPECT_EQ(phone_key_for("twilio", "12345"), ""); // a short code is not a person's number
}

TEST(LinkCommand, AsksForOrUsesACode) {
  auto ask = parse_link_command(" link ");
  ASSERT_TRUE(ask);
  EXPECT_EQ(ask->code, "");
  auto use = parse_link_command("LINK 482-193");
  ASSERT_TRUE(use);
  EXPECT_EQ(use->code, "482193");
  EXPECT_FALSE(parse_link_command("linked in"));
  EXPECT_FALSE(parse_link_command("link me up"));
  EXPECT_FALSE(parse_link_command("LINK 123"));
  EXPECT_FALSE(parse_link_command("hello"));
}

TEST(LinkCommand, CodesAreSixDigits) {
  for (int i = 0; i < 100; ++i) {
    auto code = new_link_code();
    ASSERT_EQ(code.size(), 6u);
    ASSERT_TRUE(parse_link_command("LINK " + code));
  }
}

} // namespace
} // namespace stoop
