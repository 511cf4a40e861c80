#include "adapters/messenger/messenger_adapter.hpp"

#include <nlohmann/json.hpp>

#include "adapters/choices.hpp"
#include "adapters/json_fields.hpp"
#include "adapters/meta/meta_graph.hpp"
#include "adapters/settings.hpp"
#include "adapters/url.hpp"

namespace stoop::adapters {
namespace {

constexpr std::size_t max_quick_reply_title = 20;
constexpr std::size_t max_quick_reply_payload = 1000;

// Send API codes that say "not now": temporary failures (1, 2, 1200) and rate
// limits (4, 17, 32, 613).
bool is_passing(long long code) {
  return code == 1 || code == 2 || code == 4 || code == 17 || code == 32 || code == 613 || code == 1200;
}

constexpr long long permission_code = 10;
constexpr long long outside_window_subcode = 2018278;
constexpr long long person_unavailable_code = 551;

Json quick_reply(const std::string& title, const std::string& payload) {
  return Json{{"content_type", "text"}, {"title", title}, {"payload", payload}};
}

// Quick replies carry the labels when they fit in 20 characters; otherwise the
// text lists the choices and the quick replies carry their numbers.
Json message_with_choices(const OutboundMessage& message) {
  const auto& choices = message.choices;
  bool usable = choices.size() <= MessengerAdapter::max_quick_replies &&
                choices_fit_ids(choices, max_quick_reply_payload);
  if (!usable) return Json{{"text", with_numbered_choices(message.text, choices)}};
  bool labels_are_titles = labels_fit(choices, max_quick_reply_title);
  Json replies = Json::array();
  for (std::size_t i = 0; i < choices.size(); ++i) {
    replies.push_back(quick_reply(labels_are_titles ? choices[i].label : std::to_string(i + 1), choices[i].id));
  }
  std::string text = labels_are_titles ? message.text : with_numbered_choices(message.text, choices);
  return Json{{"text", text}, {"quick_replies", replies}};
}

} // namespace

MessengerAdapter::MessengerAdapter(std::string channel_id, MessengerSettings settings)
    : Adapter(std::move(channel_id)), settings_(std::move(settings)) {}

bool MessengerAdapter::verify(const HttpRequest& request) const {
  return meta::verify_hub_signature(request, settings_.app_secret);
}

HttpResponse MessengerAdapter::handshake(const HttpRequest& request) const {
  return meta::answer_verification(request, settings_.verify_token);
}

std::optional<SendResult> MessengerAdapter::send_refusal(const OutboundMessage& message) const {
  if (meta::inside_window(message)) return std::nullopt;
  SendResult held;
  held.outcome = SendOutcome::held;
  held.error = "outside Messenger's 24-hour window: held until the person writes again";
  return held;
}

ClientRequest MessengerAdapter::build_send(const OutboundMessage& message) const {
  Json content = message.choices.empty() ? Json{{"text", message.text}} : message_with_choices(message);
  Json body{{"recipient", Json{{"id", message.to}}}, {"messaging_type", "RESPONSE"}, {"message", content}};
  return meta::graph_post(join_url(settings_.api_base, "/me/messages"), settings_.page_access_token, body.dump());
}

SendResult MessengerAdapter::read_send_response(const ClientResponse& response) const {
  SendResult result;
  if (response.status == 0) {
    result.outcome = SendOutcome::retry;
    result.error = "network error";
    return result;
  }
  if (response.status >= 200 && response.status < 300) {
    std::string id = text_member(parse_json(response.body), "message_id");
    result.outcome = id.empty() ? SendOutcome::retry : SendOutcome::sent;
    result.provider_message_id = id;
    if (id.empty()) result.error = "Messenger answered " + std::to_string(response.status) + " without a message_id";
    return result;
  }
  meta::GraphError error = meta::read_graph_error(response);
  result.error = meta::describe(error, response.status);
  if (error.code == permission_code && error.subcode == outside_window_subcode) {
    result.outcome = SendOutcome::held;
  } else if (error.code == person_unavailable_code) {
    // The person blocked the Page or left Messenger; policy says respect it as an opt-out.
    result.outcome = SendOutcome::opted_out;
  } else if (is_passing(error.code) || response.status == 429 || response.status >= 500) {
    result.outcome = SendOutcome::retry;
  } else {
    result.outcome = SendOutcome::failed;
  }
  return result;
}

ChannelLimits MessengerAdapter::limits() const {
  ChannelLimits limits;
  limits.overall = settings_.overall;
  limits.max_text_characters = max_text_characters;
  limits.max_buttons = max_quick_replies;
  return limits;
}

AdapterSpec messenger_spec() {
  AdapterSpec spec;
  spec.type = "messenger";
  spec.keys = {
      {"page_access_token", KeyType::string, true, true},
      {"app_secret", KeyType::string, true, true},
      {"verify_token", KeyType::string, true, true},
      {"api_base", KeyType::string, false, false},
  };
  spec.create = [](const ChannelConfig& config) -> Expected<std::unique_ptr<Adapter>> {
    const auto& s = *config.settings;
    MessengerSettings settings;
    settings.page_access_token = setting_text(s, "page_access_token");
    settings.app_secret = setting_text(s, "app_secret");
    settings.verify_token = setting_text(s, "verify_token");
    settings.api_base = setting_text(s, "api_base", settings.api_base);
    settings.overall = overall_rate(s, settings.overall);
    for (const char* key : {"page_access_token", "app_secret", "verify_token"}) {
      if (setting_text(s, key).empty()) return make_error("\"" + std::string(key) + "\" is empty");
    }
    return std::unique_ptr<Adapter>(std::make_unique<MessengerAdapter>(config.id, std::move(settings)));
  };
  return spec;
}

} // namespace stoop::adapters
