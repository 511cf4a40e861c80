#include "adapters/twilio/twilio_adapter.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "adapters/url.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"

namespace stoop::adapters {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

const std::string* field(const Fields& fields, std::string_view name) {
  for (const auto& [key, value] : fields) {
    if (key == name) return &value;
  }
  return nullptr;
}

std::string field_or(const Fields& fields, std::string_view name, std::string_view fallback = {}) {
  const std::string* value = field(fields, name);
  return value ? *value : std::string(fallback);
}

bool is_form(const HttpRequest& request) {
  auto type = request.header("content-type");
  return type.empty() || starts_with_ignore_case(type, "application/x-www-form-urlencoded");
}

std::optional<MessageStatus> map_status(std::string_view twilio_status) {
  if (twilio_status == "accepted" || twilio_status == "scheduled" || twilio_status == "queued") {
    return MessageStatus::queued;
  }
  if (twilio_status == "sending") return MessageStatus::sending;
  if (twilio_status == "sent") return MessageStatus::sent;
  if (twilio_status == "delivered") return MessageStatus::delivered;
  if (twilio_status == "read") return MessageStatus::read;
  if (twilio_status == "undelivered") return MessageStatus::undelivered;
  if (twilio_status == "failed" || twilio_status == "canceled") return MessageStatus::failed;
  return std::nullopt; // "receiving", "received": inbound states, nothing to update
}

std::int64_t retry_after_ms(const ClientResponse& response) {
  auto header = response.header("retry-after");
  int seconds = 0;
  auto [ptr, ec] = std::from_chars(header.data(), header.data() + header.size(), seconds);
  return (ec == std::errc{} && seconds > 0) ? std::int64_t{seconds} * 1000 : 0;
}

} // namespace

TwilioAdapter::TwilioAdapter(std::string channel_id, TwilioSettings settings)
    : Adapter(std::move(channel_id)), settings_(std::move(settings)) {}

std::string TwilioAdapter::compute_signature(std::string_view auth_token, std::string_view url, const Fields& fields) {
  // Sorted through pointers: moving twenty-odd pairs of strings showed in the profile.
  std::vector<const std::pair<std::string, std::string>*> sorted;
  sorted.reserve(fields.size());
  std::size_t size = url.size();
  for (const auto& field : fields) {
    sorted.push_back(&field);
    size += field.first.size() + field.second.size();
  }
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return *a < *b; });
  std::string data;
  data.reserve(size);
  data += url;
  for (const auto* field : sorted) {
    data += field->first;
    data += field->second;
  }
  return base64_encode(hmac_sha1(auth_token, data));
}

bool TwilioAdapter::verify(const HttpRequest& request) const {
  auto signature = request.header("x-twilio-signature");
  if (signature.empty()) return false;
  static const Fields none;
  const Fields* fields = &none;
  if (is_form(request)) fields = request.form();
  if (fields == nullptr) return false;
  std::string url = settings_.public_url + request.target;
  // The URL as configured first, then (only when that does not match) with
  // or without its default port. The comparison takes constant time; when it
  // returns says only which form of the (public) URL the provider signed.
  if (constant_time_equal(compute_signature(settings_.auth_token, url, *fields), signature)) return true;
  auto other = url_other_port_form(url);
  return other && constant_time_equal(compute_signature(settings_.auth_token, *other, *fields), signature);
}

Expected<WebhookEvents> TwilioAdapter::parse(const HttpRequest& request) const {
  if (!is_form(request)) return make_error("expected a form-encoded body");
  const Fields* form = request.form();
  if (form == nullptr) return make_error("malformed form body");
  const Fields& fields = *form;
  std::string sid = field_or(fields, "MessageSid", field_or(fields, "SmsMessageSid", field_or(fields, "SmsSid")));
  const std::string* from = field(fields, "From");
  if (sid.empty()) return make_error("missing MessageSid");
  if (from == nullptr || from->empty()) return make_error("missing From");

  InboundMessage message;
  message.channel_id = channel_id();
  message.provider_message_id = sid;
  message.from = *from;
  message.to = field_or(fields, "To");
  message.text = field_or(fields, "Body");
  message.display_name = field_or(fields, "ProfileName");
  int media = 0;
  std::string count = field_or(fields, "NumMedia", "0");
  auto [ptr, ec] = std::from_chars(count.data(), count.data() + count.size(), media);
  if (ec != std::errc{} || ptr != count.data() + count.size() || media < 0 || media > 10) {
    return make_error("NumMedia is not a number from 0 to 10");
  }
  for (int i = 0; i < media; ++i) {
    Attachment attachment;
    attachment.url = field_or(fields, "MediaUrl" + std::to_string(i));
    attachment.content_type = field_or(fields, "MediaContentType" + std::to_string(i));
    if (attachment.url.empty()) return make_error("missing MediaUrl" + std::to_string(i));
    message.attachments.push_back(std::move(attachment));
  }
  if (!is_valid_utf8(message.text)) return make_error("Body is not valid UTF-8");

  WebhookEvents events;
  events.messages.push_back(std::move(message));
  return events;
}

Expected<WebhookEvents> TwilioAdapter::parse_status(const HttpRequest& request) const {
  if (!is_form(request)) return make_error("expected a form-encoded body");
  const Fields* form = request.form();
  if (form == nullptr) return make_error("malformed form body");
  const Fields& fields = *form;
  std::string sid = field_or(fields, "MessageSid", field_or(fields, "SmsSid"));
  std::string status = field_or(fields, "MessageStatus", field_or(fields, "SmsStatus"));
  if (sid.empty()) return make_error("missing MessageSid");
  if (status.empty()) return make_error("missing MessageStatus");
  WebhookEvents events;
  if (auto mapped = map_status(status)) {
    events.statuses.push_back(StatusUpdate{channel_id(), sid, *mapped, field_or(fields, "ErrorCode")});
  }
  return events;
}

HttpResponse TwilioAdapter::acknowledge() const {
  HttpResponse response;
  response.content_type = "text/xml";
  response.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
  return response;
}

ClientRequest TwilioAdapter::build_send(const OutboundMessage& message) const {
  ClientRequest request;
  request.method = "POST";
  request.url = join_url(settings_.api_base, "/2010-04-01/Accounts/" + percent_encode(settings_.account_sid) +
                                                 "/Messages.json");
  request.headers.emplace_back("authorization",
                               "Basic " + base64_encode(settings_.account_sid + ":" + settings_.auth_token));
  request.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  request.headers.emplace_back("accept", "application/json");
  if (!message.idempotency_key.empty()) request.headers.emplace_back("idempotency-key", message.idempotency_key);

  Fields form{{"To", message.to}};
  if (!settings_.messaging_service_sid.empty()) {
    form.emplace_back("MessagingServiceSid", settings_.messaging_service_sid);
  } else {
    form.emplace_back("From", settings_.number);
  }
  std::string body = message.text;
  if (!message.choices.empty()) {
    // SMS has no buttons: the choices become a numbered list the person answers by number.
    for (size_t i = 0; i < message.choices.size(); ++i) {
      body += "\n" + std::to_string(i + 1) + ". " + message.choices[i].label;
    }
  }
  form.emplace_back("Body", body);
  form.emplace_back("StatusCallback", settings_.public_url + "/hooks/" + channel_id() + "/status");
  request.body = form_encode(form);
  return request;
}

SendResult TwilioAdapter::read_send_response(const ClientResponse& response) const {
  SendResult result;
  if (response.status == 0) {
    result.outcome = SendOutcome::retry;
    result.error = "network error";
    return result;
  }
  auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (response.status == 200 || response.status == 201) {
    if (json.is_object() && json.contains("sid") && json["sid"].is_string()) {
      result.outcome = SendOutcome::sent;
      result.provider_message_id = json["sid"].get<std::string>();
    } else {
      result.outcome = SendOutcome::retry;
      result.error = "Twilio answered " + std::to_string(response.status) + " without a message sid";
    }
    return result;
  }
  int code = 0;
  std::string text;
  if (json.is_object()) {
    if (json.contains("code") && json["code"].is_number_integer()) code = json["code"].get<int>();
    if (json.contains("message") && json["message"].is_string()) text = json["message"].get<std::string>();
  }
  result.error = std::to_string(code != 0 ? code : response.status) + (text.empty() ? "" : ": " + text);
  result.retry_after_ms = retry_after_ms(response);
  if (code == 21610) {
    result.outcome = SendOutcome::opted_out; // the recipient replied STOP to the carrier
  } else if (response.status == 429 || response.status >= 500 || code == 20429) {
    result.outcome = SendOutcome::retry;
  } else {
    result.outcome = SendOutcome::failed;
  }
  return result;
}

ChannelLimits TwilioAdapter::limits() const {
  ChannelLimits limits;
  limits.overall = RateLimit{settings_.rate_per_second, settings_.burst};
  limits.max_text_characters = 1600;
  limits.max_buttons = 0;
  return limits;
}

AdapterSpec twilio_spec() {
  AdapterSpec spec;
  spec.type = "twilio";
  spec.keys = {
      {"account_sid", KeyType::string, true, false},
      {"auth_token", KeyType::string, true, true},
      {"number", KeyType::string, false, false},
      {"messaging_service_sid", KeyType::string, false, false},
      {"api_base", KeyType::string, false, false},
  };
  spec.create = [](const ChannelConfig& config) -> Expected<std::unique_ptr<Adapter>> {
    const auto& s = *config.settings;
    TwilioSettings settings;
    settings.account_sid = s.at("account_sid").get<std::string>();
    settings.auth_token = s.at("auth_token").get<std::string>();
    settings.number = s.value("number", "");
    settings.messaging_service_sid = s.value("messaging_service_sid", "");
    settings.api_base = s.value("api_base", settings.api_base);
    settings.public_url = config.public_url;
    if (settings.number.empty() && settings.messaging_service_sid.empty()) {
      return make_error("needs \"number\" or \"messaging_service_sid\"");
    }
    if (s.contains("rate_per_second")) settings.rate_per_second = s["rate_per_second"].get<double>();
    if (s.contains("burst")) settings.burst = s["burst"].get<double>();
    return std::unique_ptr<Adapter>(std::make_unique<TwilioAdapter>(config.id, std::move(settings)));
  };
  return spec;
}

} // namespace stoop::adapters
