#include "core/crypto.hpp"

#include <gtest/gtest.h>

namespace stoop {
namespace {

TEST(Crypto, HmacSha256KnownVector) {
  // RFC 4231 test case 2.
  EXPECT_EQ(hex_encode(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Crypto, HmacSha1KnownVector) {
  // RFC 2202 test case 2.
  EXPECT_EQ(hex_encode(hmac_sha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

TEST(Crypto, Base64RoundTrip) {
  for (std::string raw : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    std::string back;
    ASSERT_TRUE(base64_decode(base64_encode(raw), back));
    EXPECT_EQ(back, raw);
  }
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  std::string out;
  EXPECT_FALSE(base64_decode("Zm9v!", out));
}

TEST(Crypto, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

TEST(Crypto, PasswordHashVerifies) {
  auto stored = hash_password("correct horse", 1000);
  EXPECT_TRUE(verify_password("correct horse", stored));
  EXPECT_FALSE(verify_password("wrong horse", stored));
  EXPECT_FALSE(verify_password("correct horse", "garbage"));
  EXPECT_NE(hash_password("correct horse", 1000), stored); // salted
}

TEST(Crypto, RandomHexHasRequestedLength) {
  EXPECT_EQ(random_hex(16).size(), 32u);
  EXPECT_NE(random_hex(16), random_hex(16));
}

} // namespace
} // namespace stoop
