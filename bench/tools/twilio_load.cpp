#include "bench/tools/twilio_load.hpp"

#include <cstdio>
#include <functional>

#include "adapters/twilio/twilio_adapter.hpp"
#include "core/text.hpp"

namespace stoop::bench {

std::string phone_number(std::uint64_t index) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "+1857%07llu", static_cast<unsigned long long>(index % 10'000'000));
  return buffer;
}

namespace {

std::uint64_t mix(std::uint64_t x) { // splitmix64's finaliser
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A keyed bijection on [0, n): a balanced Feistel network on the smallest
// even number of bits that holds n, walked again while the result is >= n.
std::uint64_t shuffle(std::uint64_t index, std::uint64_t n, std::uint64_t key) {
  int bits = 2;
  while ((std::uint64_t{1} << bits) < n) bits += 2;
  const int half = bits / 2;
  const std::uint64_t mask = (std::uint64_t{1} << half) - 1;
  do {
    std::uint64_t left = index >> half, right = index & mask;
    for (std::uint64_t round = 0; round < 4; ++round) {
      std::uint64_t next = left ^ (mix(right ^ (key << 8) ^ round) & mask);
      left = right;
      right = next;
    }
    index = (left << half) | right;
  } while (index >= n);
  return index;
}

std::string hex16(std::uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

} // namespace

std::uint64_t sender_of(const WebhookSpec& spec, std::uint64_t sequence) {
  if (spec.in_turn) return sequence % spec.numbers;
  return shuffle(sequence % spec.numbers, spec.numbers, sequence / spec.numbers);
}

const std::vector<std::string>& sample_texts() {
  static const std::vector<std::string> texts{
      "Hola", "1", "2", "Roxbury", "yes", "I need a Spanish-speaking clinic near Jackson Square",
      "3", "thank you", "Mission Hill", "no"};
  return texts;
}

std::string signed_webhook(const WebhookSpec& spec, std::uint64_t sequence) {
  std::uint64_t round = sequence / spec.numbers;
  const auto& texts = sample_texts();
  // Like Twilio's, random-looking (so the dedupe index is written all over,
  // as in production), and unique: the second half is the sequence number.
  std::string sid = spec.in_turn ? spec.sid_prefix + std::to_string(sequence)
                                 : spec.sid_prefix + hex16(mix(sequence ^ std::hash<std::string>{}(spec.sid_prefix))) +
                                       hex16(sequence);
  std::string from = phone_number(sender_of(spec, sequence));
  // The fields and their order as Twilio posts them for an inbound SMS.
  std::vector<std::pair<std::string, std::string>> fields{
      {"ToCountry", "US"},        {"ToState", "MA"},       {"SmsMessageSid", sid},
      {"NumMedia", "0"},          {"ToCity", "BOSTON"},    {"FromZip", "02119"},
      {"SmsSid", sid},            {"FromState", "MA"},     {"SmsStatus", "received"},
      {"FromCity", "BOSTON"},     {"Body", texts[round % texts.size()]},
      {"FromCountry", "US"},      {"To", "+16175550100"},  {"ToZip", "02115"},
      {"NumSegments", "1"},       {"MessageSid", sid},     {"AccountSid", spec.account_sid},
      {"From", from},             {"ApiVersion", "2010-04-01"}};
  std::string body = form_encode(fields);
  auto signature = adapters::TwilioAdapter::compute_signature(spec.auth_token, spec.public_url + spec.target, fields);
  std::string request = "POST " + spec.target + " HTTP/1.1\r\n";
  request += "Host: 127.0.0.1\r\n";
  request += "User-Agent: TwilioProxy/1.1\r\n";
  request += "Content-Type: application/x-www-form-urlencoded\r\n";
  request += "X-Twilio-Signature: " + signature + "\r\n";
  request += "I-Twilio-Idempotency-Token: " + sid + "\r\n";
  request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  request += body;
  return request;
}

} // namespace stoop::bench
