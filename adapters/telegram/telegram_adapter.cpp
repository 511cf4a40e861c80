#include "adapters/telegram/telegram_adapter.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "adapters/choices.hpp"
#include "adapters/json_fields.hpp"
#include "adapters/settings.hpp"
#include "adapters/url.hpp"
#include "core/crypto.hpp"
#include "core/log.hpp"
#include "core/text.hpp"

namespace stoop::adapters {
namespace {

// More buttons than this do not fit a phone screen; longer lists are written out.
constexpr std::size_t max_buttons = 20;

// A chat id goes out as a number when it is one, as the Bot API documents it.
Json chat_id_value(const std::string& to) {
  long long number = 0;
  auto [end, error] = std::from_chars(to.data(), to.data() + to.size(), number);
  if (error == std::errc{} && end == to.data() + to.size() && !to.empty()) return number;
  return to;
}

bool fits_inline_keyboard(const std::vector<Choice>& choices) {
  return choices.size() <= max_buttons &&
         choices_fit_ids(choices, TelegramAdapter::max_callback_data_bytes);
}

Json inline_keyboard(const std::vector<Choice>& choices) {
  Json rows = Json::array();
  for (const auto& choice : choices) {
    // One button per row: labels in several languages are often too long to share one.
    rows.push_back(Json::array({Json{{"text", choice.label}, {"callback_data", choice.id}}}));
  }
  return Json{{"inline_keyboard", std::move(rows)}};
}

std::string described(long long code, const std::string& description) {
  return std::to_string(code) + (description.empty() ? "" : ": " + description);
}

} // namespace

bool is_valid_telegram_secret_token(std::string_view token) {
  if (token.empty() || token.size() > 256) return false;
  for (char c : token) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

TelegramAdapter::TelegramAdapter(std::string channel_id, TelegramSettings settings)
    : Adapter(std::move(channel_id)), settings_(std::move(settings)) {}

std::string TelegramAdapter::method_url(std::string_view method) const {
  return join_url(settings_.api_base, "/bot" + settings_.bot_token + "/" + std::string(method));
}

bool TelegramAdapter::verify(const HttpRequest& request) const {
  auto header = request.header("x-telegram-bot-api-secret-token");
  bool valid = !header.empty() && constant_time_equal(header, settings_.secret_token);
  if (!valid) log_debug("telegram", "X-Telegram-Bot-Api-Secret-Token missing or wrong");
  return valid;
}

ClientRequest TelegramAdapter::build_send(const OutboundMessage& message) const {
  Json body{{"chat_id", chat_id_value(message.to)}};
  if (message.choices.empty()) {
    body["text"] = message.text;
  } else if (fits_inline_keyboard(message.choices)) {
    body["text"] = message.text;
    body["reply_markup"] = inline_keyboard(message.choices);
  } else {
    body["text"] = with_numbered_choices(message.text, message.choices);
  }
  ClientRequest request;
  request.method = "POST";
  request.url = method_url("sendMessage");
  request.headers.emplace_back("content-type", "application/json");
  request.body = body.dump();
  return request;
}

SendResult TelegramAdapter::read_send_response(const ClientResponse& response) const {
  SendResult result;
  if (response.status == 0) {
    result.outcome = SendOutcome::retry;
    result.error = "network error";
    return result;
  }
  Json answer = parse_json(response.body);
  const Json* sent = object_member(answer, "result");
  if (response.status == 200 && sent != nullptr) {
    auto message_id = id_member(*sent, "message_id");
    const Json* chat = object_member(*sent, "chat");
    auto chat_id = chat ? id_member(*chat, "id") : std::nullopt;
    if (message_id) {
      result.outcome = SendOutcome::sent;
      // Message ids count per chat, so the chat makes them unique for the bot.
      result.provider_message_id = chat_id ? *chat_id + ":" + *message_id : *message_id;
      return result;
    }
  }
  long long code = integer_member(answer, "error_code").value_or(response.status);
  std::string description = text_member(answer, "description");
  result.error = described(code, description);
  if (code == 429 || response.status == 429) {
    result.outcome = SendOutcome::retry;
    const Json* parameters = object_member(answer, "parameters");
    long long seconds = parameters ? integer_member(*parameters, "retry_after").value_or(0) : 0;
    result.retry_after_ms = seconds > 0 ? seconds * 1000 : 0;
  } else if (code == 403 && description.find("blocked by the user") != std::string::npos) {
    result.outcome = SendOutcome::opted_out; // the person blocked the bot: that is a stop
  } else if (response.status >= 500 || response.status == 200) {
    result.outcome = SendOutcome::retry; // Telegram's side, or an answer we could not read
  } else {
    result.outcome = SendOutcome::failed;
  }
  return result;
}

ChannelLimits TelegramAdapter::limits() const {
  ChannelLimits limits;
  limits.overall = settings_.overall;
  limits.per_recipient = RateLimit{1.0, 1.0}; // Bot FAQ: avoid more than one message a second per chat
  limits.max_text_characters = max_text_characters;
  limits.max_buttons = max_buttons;
  return limits;
}

Expected<ClientRequest> TelegramAdapter::set_webhook_request() const {
  if (!starts_with_ignore_case(settings_.public_url, "https://")) {
    return make_error("Telegram delivers webhooks only to https URLs; server.public_url is not one");
  }
  Json body{{"url", settings_.public_url + "/hooks/" + channel_id()},
            {"secret_token", settings_.secret_token},
            {"allowed_updates", Json::array({"message", "edited_message", "callback_query"})}};
  ClientRequest request;
  request.method = "POST";
  request.url = method_url("setWebhook");
  request.headers.emplace_back("content-type", "application/json");
  request.body = body.dump();
  return request;
}

Expected<std::string> TelegramAdapter::read_set_webhook_response(const ClientResponse& response) {
  if (response.status == 0) return make_error("could not reach the Telegram Bot API");
  Json answer = parse_json(response.body);
  const Json* ok = member(answer, "ok");
  std::string description = text_member(answer, "description");
  if (response.status == 200 && ok != nullptr && ok->is_boolean() && ok->get<bool>()) return description;
  return make_error("setWebhook failed: " + described(integer_member(answer, "error_code").value_or(response.status),
                                                       description));
}

AdapterSpec telegram_spec() {
  AdapterSpec spec;
  spec.type = "telegram";
  spec.keys = {
      {"bot_token", KeyType::string, true, true},
      {"secret_token", KeyType::string, true, true},
      {"api_base", KeyType::string, false, false},
  };
  spec.create = [](const ChannelConfig& config) -> Expected<std::unique_ptr<Adapter>> {
    const auto& s = *config.settings;
    TelegramSettings settings;
    settings.bot_token = setting_text(s, "bot_token");
    settings.secret_token = setting_text(s, "secret_token");
    settings.api_base = setting_text(s, "api_base", settings.api_base);
    settings.public_url = trimmed_public_url(config.public_url);
    settings.overall = overall_rate(s, settings.overall);
    if (settings.bot_token.empty()) return make_error("\"bot_token\" is empty");
    if (!is_valid_telegram_secret_token(settings.secret_token)) {
      return make_error("\"secret_token\" must be 1 to 256 characters of A-Z, a-z, 0-9, _ and -");
    }
    return std::unique_ptr<Adapter>(std::make_unique<TelegramAdapter>(config.id, std::move(settings)));
  };
  return spec;
}

} // namespace stoop::adapters
