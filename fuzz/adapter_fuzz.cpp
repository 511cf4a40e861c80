// libFuzzer target for one adapter's verify + parse (the adapter type comes
// from FUZZ_ADAPTER at compile time; CMake builds one binary per adapter).
// The first input byte picks the variant: which content type, whether the body
// is signed correctly (so parsing runs after a passing verify, as in the
// server), webhook or status callback. The rest is the body.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "adapters/adapter.hpp"
#include "adapters/twilio/twilio_adapter.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"

namespace {

using stoop::HttpRequest;

const char* settings_json(std::string_view type) {
  if (type == "twilio") return R"({"account_sid":"AC0123","auth_token":"fuzz-token","number":"+16175550100"})";
  if (type == "telegram") return R"({"bot_token":"123:abc","secret_token":"fuzz-secret"})";
  if (type == "whatsapp") {
    return R"({"phone_number_id":"1065","access_token":"t","app_secret":"fuzz-secret","verify_token":"v"})";
  }
  if (type == "messenger") return R"({"page_access_token":"t","app_secret":"fuzz-secret","verify_token":"v"})";
  return "{}";
}

struct Target {
  nlohmann::json settings;
  std::unique_ptr<stoop::adapters::Adapter> adapter;
  Target() {
    settings = nlohmann::json::parse(settings_json(FUZZ_ADAPTER));
    const auto* spec = stoop::adapters::find_adapter_spec(FUZZ_ADAPTER);
    stoop::adapters::ChannelConfig config{"fuzz", "https://bot.example.org", &settings};
    auto made = spec->create(config);
    if (!made) __builtin_trap();
    adapter = std::move(made.value());
  }
};

void sign(HttpRequest& request, std::string_view type) {
  if (type == "twilio") {
    std::vector<std::pair<std::string, std::string>> fields;
    if (!stoop::form_decode(request.body, fields)) return;
    request.headers.emplace_back("x-twilio-signature", stoop::adapters::TwilioAdapter::compute_signature(
                                                           "fuzz-token", "https://bot.example.org" + request.target,
                                                           fields));
  } else if (type == "telegram") {
    request.headers.emplace_back("x-telegram-bot-api-secret-token", "fuzz-secret");
  } else if (type == "whatsapp" || type == "messenger") {
    request.headers.emplace_back("x-hub-signature-256",
                                 "sha256=" + stoop::hex_encode(stoop::hmac_sha256("fuzz-secret", request.body)));
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Target target;
  if (size == 0) return 0;
  std::uint8_t variant = data[0];
  HttpRequest request;
  request.method = "POST";
  request.target = (variant & 4) ? "/hooks/fuzz/status" : "/hooks/fuzz";
  request.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (variant & 3) {
    case 0: request.headers.emplace_back("content-type", "application/x-www-form-urlencoded"); break;
    case 1: request.headers.emplace_back("content-type", "application/json"); break;
    case 2: request.headers.emplace_back("content-type", "text/plain"); break;
    default: break;
  }
  if (variant & 8) {
    sign(request, FUZZ_ADAPTER);
  } else {
    request.headers.emplace_back("x-twilio-signature", request.body.substr(0, 28));
    request.headers.emplace_back("x-hub-signature-256", "sha256=" + request.body.substr(0, 64));
  }
  bool verified = target.adapter->verify(request);
  if (!verified && !(variant & 16)) return 0;
  auto events = (variant & 4) ? target.adapter->parse_status(request) : target.adapter->parse(request);
  if (events) {
    for (const auto& message : events->messages) {
      if (message.channel_id != "fuzz") __builtin_trap();
    }
    target.adapter->webhook_reply(request);
  }
  return 0;
}
