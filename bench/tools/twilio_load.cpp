#include "bench/tools/twilio_load.hpp"

#include <cstdio>

#include "adapters/twilio/twilio_adapter.hpp"
#include "core/text.hpp"

namespace stoop::bench {

std::string phone_number(std::uint64_t index) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "+1857%07llu", static_cast<unsigned long long>(index % 10'000'000));
  return buffer;
}

const std::vector<std::string>& sample_texts() {
  static const std::vector<std::string> texts{
      "Hola", "1", "2", "Roxbury", "yes", "I need a Spanish-speaking clinic near Jackson Square",
      "3", "thank you", "Mission Hill", "no"};
  return texts;
}

std::string signed_webhook(const WebhookSpec& spec, std::uint64_t sequence) {
  std::uint64_t sender = sequence % spec.numbers;
  std::uint64_t round = sequence / spec.numbers;
  const auto& texts = sample_texts();
  std::string sid = spec.sid_prefix + std::to_string(sequence);
  std::string from = phone_number(sender);
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
