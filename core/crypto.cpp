#include "core/crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <charconv>
#include <memory>
#include <stdexcept>
#include <vector>

#include "core/text.hpp"

namespace stoop {
namespace {

using MacContext = std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)>;

// OpenSSL 3's one-shot HMAC() fetches the algorithm and digest on every call,
// which cost more than the hashing of a Twilio signature. Each thread keeps
// one context per digest, set up once. Deriving the padded key
// cost a third of a signature's HMAC, and webhooks of one channel all use the
// same key: the context keeps the last key's state and starts again from it
// when the next call brings the same key.
struct KeyedMac {
  MacContext context{nullptr, EVP_MAC_CTX_free};
  std::string key;
  bool keyed = false;
};

KeyedMac new_mac(const char* digest) {
  static EVP_MAC* algorithm = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  KeyedMac mac;
  mac.context.reset(algorithm ? EVP_MAC_CTX_new(algorithm) : nullptr);
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest), 0),
                         OSSL_PARAM_construct_end()};
  if (!mac.context || EVP_MAC_CTX_set_params(mac.context.get(), params) != 1) {
    throw std::runtime_error("HMAC unavailable");
  }
  return mac;
}

std::string hmac(KeyedMac& mac, std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  std::size_t length = 0;
  int started = 0;
  if (mac.keyed && mac.key == key) {
    started = EVP_MAC_init(mac.context.get(), nullptr, 0, nullptr); // the same key: no new padding
  } else {
    mac.keyed = false;
    // An empty key is still a key: OpenSSL wants a non-null pointer for it.
    static const unsigned char empty = 0;
    const auto* key_bytes = key.empty() ? &empty : reinterpret_cast<const unsigned char*>(key.data());
    started = EVP_MAC_init(mac.context.get(), key_bytes, key.size(), nullptr);
    if (started == 1) {
      mac.key.assign(key);
      mac.keyed = true;
    }
  }
  if (started != 1 ||
      EVP_MAC_update(mac.context.get(), reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1 ||
      EVP_MAC_final(mac.context.get(), out, &length, sizeof out) != 1) {
    mac.keyed = false;
    throw std::runtime_error("HMAC failed");
  }
  return std::string(reinterpret_cast<const char*>(out), length);
}

} // namespace

std::string hmac_sha1(std::string_view key, std::string_view data) {
  thread_local KeyedMac mac = new_mac("SHA1");
  return hmac(mac, key, data);
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  thread_local KeyedMac mac = new_mac("SHA256");
  return hmac(mac, key, data);
}

std::string sha256(std::string_view data) {
  // As with the HMACs: EVP_Digest fetches the digest and makes a context at
  // every call, most of its cost for a short input (every inbound message's
  // dedupe key is one). Each thread keeps one context.
  static EVP_MD* digest = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context{EVP_MD_CTX_new(), EVP_MD_CTX_free};
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!digest || !context || EVP_DigestInit_ex2(context.get(), digest, nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), out, &length) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return std::string(reinterpret_cast<const char*>(out), length);
}

std::string base64_encode(std::string_view raw) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((raw.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < raw.size(); i += 3) {
    uint32_t n = (static_cast<unsigned char>(raw[i]) << 16) | (static_cast<unsigned char>(raw[i + 1]) << 8) |
                 static_cast<unsigned char>(raw[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += alphabet[n & 63];
  }
  if (i + 1 == raw.size()) {
    uint32_t n = static_cast<unsigned char>(raw[i]) << 16;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == raw.size()) {
    uint32_t n = (static_cast<unsigned char>(raw[i]) << 16) | (static_cast<unsigned char>(raw[i + 1]) << 8);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

bool base64_decode(std::string_view text, std::string& raw) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  raw.clear();
  uint32_t buffer = 0;
  int bits = 0;
  size_t padding = 0;
  for (char c : text) {
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding > 0) return false; // data after padding
    int v = value(c);
    if (v < 0) return false;
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      raw += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return padding <= 2;
}

std::string hex_encode(std::string_view raw) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(raw.size() * 2);
  for (char c : raw) {
    auto u = static_cast<unsigned char>(c);
    out += digits[u >> 4];
    out += digits[u & 0x0F];
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) throw std::runtime_error("RAND_bytes failed");
  return hex_encode(std::string_view(reinterpret_cast<const char*>(buffer.data()), buffer.size()));
}

std::uint64_t random_u64() {
  std::uint64_t value = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&value), sizeof value) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return value;
}

namespace {
std::string pbkdf2(std::string_view password, std::string_view salt, int iterations) {
  unsigned char out[32];
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                        iterations, EVP_sha256(), sizeof out, out) != 1) {
    throw std::runtime_error("PBKDF2 failed");
  }
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}
} // namespace

std::string hash_password(std::string_view password, int iterations) {
  std::string salt(16, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), static_cast<int>(salt.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + base64_encode(salt) + "$" +
         base64_encode(pbkdf2(password, salt, iterations));
}

bool verify_password(std::string_view password, std::string_view stored) {
  auto parts = split_any(stored, "$");
  if (parts.size() != 4 || parts[0] != "pbkdf2-sha256") return false;
  int iterations = 0;
  auto [ptr, ec] = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), iterations);
  if (ec != std::errc{} || ptr != parts[1].data() + parts[1].size() || iterations < 1 || iterations > 10'000'000) {
    return false;
  }
  std::string salt;
  std::string expected;
  if (!base64_decode(parts[2], salt) || !base64_decode(parts[3], expected)) return false;
  return constant_time_equal(pbkdf2(password, salt, iterations), expected);
}

} // namespace stoop
