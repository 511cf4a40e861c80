#include "core/crypto.hpp"

#include <gtest/gtest.h>

namespace stoop {
namespace {

TEST(Crypto, HmacSha256KnownVector) {
  // RFC 4231 test case 2.
  EXPECT_EQ(hex_encode(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Crypto, Sha256KnownVectorsWithOneContextReused) {
  // FIPS 180-2's "abc", the empty input, then "abc" again through the same context.
  EXPECT_EQ(hex_encode(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex_encode(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex_encode(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, HmacSha1KnownVector) {
  // RFC 2202 test case 2.
  EXPECT_EQ(hex_encode(hmac_sha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

// Each thread keeps the last key's state and reuses it when the same key
// comes again: every call must still answer for the key it was given.
TEST(Crypto, HmacKeepsToTheKeyOfEachCall) {
  const std::string jefe_data = "what do ya want for nothing?";
  const std::string jefe_sha1 = "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79";
  const std::string hi_key(20, '\x0b');
  const std::string hi_sha1 = "b617318655057264e28bc0b6fb378c8ef146be00"; // RFC 2202 test case 1
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(hex_encode(hmac_sha1("Jefe", jefe_data)), jefe_sha1);
    EXPECT_EQ(hex_encode(hmac_sha1("Jefe", jefe_data)), jefe_sha1); // the same key again
    EXPECT_EQ(hex_encode(hmac_sha1(hi_key, "Hi There")), hi_sha1);
    EXPECT_EQ(hex_encode(hmac_sha1("Jef", jefe_data)), "49a53859db8abf8153201dc42cefce8dc4925067"); // a prefix of the last key
    EXPECT_EQ(hex_encode(hmac_sha1("", "")), "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d");
    EXPECT_EQ(hex_encode(hmac_sha1("", "")), "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d");
  }
  // The other digest keeps its own state.
  EXPECT_EQ(hex_encode(hmac_sha256(hi_key, "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"); // RFC 4231 test case 1
  EXPECT_EQ(hex_encode(hmac_sha1(hi_key, "Hi There")), hi_sha1);
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
