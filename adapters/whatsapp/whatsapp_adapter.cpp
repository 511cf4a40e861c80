#include "adapters/whatsapp/whatsapp_adapter.hpp"

#include <nlohmann/json.hpp>

#include "adapters/json_fields.hpp"
#include "adapters/meta/meta_graph.hpp"
#include "adapters/settings.hpp"

namespace stoop::adapters {
namespace {

// Meta's codes that say "not now": throughput (130429), spam and pair rate limits
// (131048, 131056), the account's call budget (80007, 4), a throughput upgrade in
// progress (131057), and its own temporary failures (1, 2, 131000, 131016).
bool is_passing(long long code) {
  switch (code) {
    case 1:
    case 2:
    case 4:
    case 80007:
    case 130429:
    case 131000:
    case 131016:
    case 131048:
    case 131056:
    case 131057:
      return true;
    default:
      return false;
  }
}

constexpr long long outside_window_code = 131047; // "Re-engagement message"

Expected<WhatsAppTemplate> read_template(const std::string& use, const Json& entry) {
  std::string where = "templates/" + use;
  if (!entry.is_object()) return make_error(where + " must be an object");
  for (const auto& [key, value] : entry.items()) {
    if (key != "name" && key != "language" && key != "text_parameter") {
      return make_error(where + "/" + key + " is not a template setting");
    }
  }
  WhatsAppTemplate chosen;
  chosen.name = text_member(entry, "name");
  chosen.language = text_member(entry, "language");
  if (chosen.name.empty()) return make_error(where + "/name must be a non-empty string");
  if (chosen.language.empty()) return make_error(where + "/language must be a non-empty string");
  if (const Json* flag = member(entry, "text_parameter")) {
    if (!flag->is_boolean()) return make_error(where + "/text_parameter must be true or false");
    chosen.text_parameter = flag->get<bool>();
  }
  return chosen;
}

} // namespace

Expected<std::map<std::string, WhatsAppTemplate>> read_whatsapp_templates(const nlohmann::json& templates) {
  std::map<std::string, WhatsAppTemplate> out;
  if (!templates.is_object()) return make_error("templates must be an object of uses");
  for (const auto& [use, entry] : templates.items()) {
    auto chosen = read_template(use, entry);
    if (!chosen) return make_error(chosen.error());
    out.emplace(use, std::move(*chosen));
  }
  return out;
}

WhatsAppAdapter::WhatsAppAdapter(std::string channel_id, WhatsAppSettings settings)
    : Adapter(std::move(channel_id)), settings_(std::move(settings)) {}

bool WhatsAppAdapter::verify(const HttpRequest& request) const {
  return meta::verify_hub_signature(request, settings_.app_secret);
}

HttpResponse WhatsAppAdapter::handshake(const HttpRequest& request) const {
  return meta::answer_verification(request, settings_.verify_token);
}

SendResult WhatsAppAdapter::read_send_response(const ClientResponse& response) const {
  SendResult result;
  if (response.status == 0) {
    result.outcome = SendOutcome::retry;
    result.error = "network error";
    return result;
  }
  if (response.status >= 200 && response.status < 300) {
    Json answer = parse_json(response.body);
    const Json* messages = array_member(answer, "messages");
    std::string id = (messages && !messages->empty()) ? text_member(messages->front(), "id") : std::string();
    result.outcome = id.empty() ? SendOutcome::retry : SendOutcome::sent;
    result.provider_message_id = id;
    if (id.empty()) result.error = "WhatsApp answered " + std::to_string(response.status) + " without a message id";
    return result;
  }
  meta::GraphError error = meta::read_graph_error(response);
  result.error = meta::describe(error, response.status);
  if (error.code == outside_window_code) {
    result.outcome = SendOutcome::held; // wait for the person to write again
  } else if (is_passing(error.code) || response.status == 429 || response.status >= 500) {
    result.outcome = SendOutcome::retry;
  } else {
    result.outcome = SendOutcome::failed; // 131026 undeliverable, bad parameters, token problems...
  }
  return result;
}

ChannelLimits WhatsAppAdapter::limits() const {
  ChannelLimits limits;
  limits.overall = settings_.overall;
  // Meta's pair rate limit: one message every 6 seconds to the same person, with
  // bursts of up to 45 that are paid back before the next.
  limits.per_recipient = RateLimit{1.0 / 6.0, 45.0};
  limits.max_text_characters = max_text_characters;
  limits.max_buttons = max_list_rows;
  return limits;
}

AdapterSpec whatsapp_spec() {
  AdapterSpec spec;
  spec.type = "whatsapp";
  spec.keys = {
      {"phone_number_id", KeyType::string, true, false},
      {"access_token", KeyType::string, true, true},
      {"app_secret", KeyType::string, true, true},
      {"verify_token", KeyType::string, true, true},
      {"api_base", KeyType::string, false, false},
      {"templates", KeyType::object, false, false},
      {"list_button_label", KeyType::string, false, false},
  };
  spec.create = [](const ChannelConfig& config) -> Expected<std::unique_ptr<Adapter>> {
    const auto& s = *config.settings;
    WhatsAppSettings settings;
    settings.phone_number_id = setting_text(s, "phone_number_id");
    settings.access_token = setting_text(s, "access_token");
    settings.app_secret = setting_text(s, "app_secret");
    settings.verify_token = setting_text(s, "verify_token");
    settings.api_base = setting_text(s, "api_base", settings.api_base);
    settings.list_button_label = setting_text(s, "list_button_label", settings.list_button_label);
    settings.overall = overall_rate(s, settings.overall);
    for (const char* key : {"phone_number_id", "access_token", "app_secret", "verify_token"}) {
      if (setting_text(s, key).empty()) return make_error("\"" + std::string(key) + "\" is empty");
    }
    if (settings.list_button_label.empty()) return make_error("\"list_button_label\" is empty");
    if (const Json* templates = member(s, "templates")) {
      auto read = read_whatsapp_templates(*templates);
      if (!read) return make_error(read.error());
      settings.templates = std::move(*read);
    }
    return std::unique_ptr<Adapter>(std::make_unique<WhatsAppAdapter>(config.id, std::move(settings)));
  };
  return spec;
}

} // namespace stoop::adapters
