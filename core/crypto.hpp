// Thin wrappers over OpenSSL for what the adapters and auth need: HMACs for
// webhook signatures, constant-time comparison, random tokens, password hashing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stoop {

std::string hmac_sha1(std::string_view key, std::string_view data);   // raw 20 bytes
std::string hmac_sha256(std::string_view key, std::string_view data); // raw 32 bytes
std::string sha256(std::string_view data);                             // raw 32 bytes

std::string base64_encode(std::string_view raw);
bool base64_decode(std::string_view text, std::string& raw);
std::string hex_encode(std::string_view raw);

// Compares without an early exit, so timing does not reveal how much matched.
bool constant_time_equal(std::string_view a, std::string_view b);

// Cryptographically random bytes, hex encoded (2 characters per byte).
std::string random_hex(std::size_t bytes);
// A uniformly random 64-bit number from the CSPRNG (for jitter and codes).
std::uint64_t random_u64();

// PBKDF2-HMAC-SHA256 password hashing, stored as "pbkdf2-sha256$ITER$SALT_B64$HASH_B64".
std::string hash_password(std::string_view password, int iterations = 600000);
bool verify_password(std::string_view password, std::string_view stored);

} // namespace stoop
