// Signature checks and payload parsing: the per-webhook work before the store.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "adapters/telegram/telegram_adapter.hpp"
#include "adapters/twilio/twilio_adapter.hpp"
#include "core/text.hpp"

namespace stoop {
namespace {

constexpr const char* token = "bench-auth-token-0123456789";
constexpr const char* public_url = "https://bot.example.org";

// A Twilio inbound SMS as Twilio posts it: about twenty fields.
HttpRequest twilio_request() {
  std::vector<std::pair<std::string, std::string>> fields{
      {"ToCountry", "US"}, {"ToState", "MA"}, {"SmsMessageSid", "SM0123456789abcdef0123456789abcdef"},
      {"NumMedia", "0"}, {"ToCity", "BOSTON"}, {"FromZip", "02119"}, {"SmsSid", "SM0123456789abcdef0123456789abcdef"},
      {"FromState", "MA"}, {"SmsStatus", "received"}, {"FromCity", "BOSTON"},
      {"Body", "I need a Spanish-speaking clinic near Jackson Square"}, {"FromCountry", "US"},
      {"To", "+16175550100"}, {"ToZip", "02115"}, {"NumSegments", "1"},
      {"MessageSid", "SM0123456789abcdef0123456789abcdef"}, {"AccountSid", "ACbench0123456789"},
      {"From", "+18570001234"}, {"ApiVersion", "2010-04-01"}};
  HttpRequest request;
  request.method = "POST";
  request.target = "/hooks/sms";
  request.body = form_encode(fields);
  request.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  request.headers.emplace_back("x-twilio-signature",
                               adapters::TwilioAdapter::compute_signature(token, std::string(public_url) + "/hooks/sms",
                                                                          fields));
  return request;
}

adapters::TwilioAdapter twilio_adapter() {
  adapters::TwilioSettings settings;
  settings.account_sid = "ACbench0123456789";
  settings.auth_token = token;
  settings.number = "+16175550100";
  settings.public_url = public_url;
  return adapters::TwilioAdapter("sms", settings);
}

void TwilioVerify(benchmark::State& state) {
  auto adapter = twilio_adapter();
  auto request = twilio_request();
  for (auto _ : state) benchmark::DoNotOptimize(adapter.verify(request));
}
BENCHMARK(TwilioVerify);

void TwilioParse(benchmark::State& state) {
  auto adapter = twilio_adapter();
  auto request = twilio_request();
  for (auto _ : state) benchmark::DoNotOptimize(adapter.parse(request));
}
BENCHMARK(TwilioParse);

void FormDecode(benchmark::State& state) {
  auto body = twilio_request().body;
  std::vector<std::pair<std::string, std::string>> fields;
  for (auto _ : state) {
    fields.clear();
    benchmark::DoNotOptimize(form_decode(body, fields));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}
BENCHMARK(FormDecode);

void TelegramVerifyAndParse(benchmark::State& state) {
  std::ifstream file(STOOP_SOURCE_DIR "/tests/adapters/telegram/testdata/text_message.json");
  std::ostringstream body;
  body << file.rdbuf();
  adapters::TelegramSettings settings;
  settings.bot_token = "123456:bench";
  settings.secret_token = "bench-secret";
  settings.public_url = public_url;
  adapters::TelegramAdapter adapter("tg", settings);
  HttpRequest request;
  request.method = "POST";
  request.target = "/hooks/tg";
  request.body = body.str();
  request.headers.emplace_back("content-type", "application/json");
  request.headers.emplace_back("x-telegram-bot-api-secret-token", "bench-secret");
  for (auto _ : state) {
    benchmark::DoNotOptimize(adapter.verify(request));
    benchmark::DoNotOptimize(adapter.parse(request));
  }
}
BENCHMARK(TelegramVerifyAndParse);

} // namespace
} // namespace stoop
