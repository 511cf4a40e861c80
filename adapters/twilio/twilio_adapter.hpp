// Twilio Programmable Messaging (SMS/MMS).
//
// Inbound: form-encoded webhooks signed with X-Twilio-Signature, an HMAC-SHA1
// (key: the auth token) over the public URL of the request followed by every POST
// parameter, name then value, sorted by name. Outbound: the Messages REST resource
// with Basic auth. Invariant: the signature is checked on the raw body before any
// field is read, against public_url from config, never the Host header.
#pragma once

#include "adapters/adapter.hpp"

namespace stoop::adapters {

struct TwilioSettings {
  std::string account_sid;
  std::string auth_token;
  std::string number;                // the sending number, E.164
  std::string messaging_service_sid; // used instead of number when set
  std::string api_base = "https://api.twilio.com";
  std::string public_url;
  double rate_per_second = 1.0;      // a US long code sends about one segment a second
  double burst = 1.0;
};

class TwilioAdapter final : public Adapter {
 public:
  TwilioAdapter(std::string channel_id, TwilioSettings settings);

  std::string_view type() const override { return "twilio"; }
  bool verify(const HttpRequest& request) const override;
  Expected<WebhookEvents> parse(const HttpRequest& request) const override;
  Expected<WebhookEvents> parse_status(const HttpRequest& request) const override;
  HttpResponse acknowledge() const override;
  ClientRequest build_send(const OutboundMessage& message) const override;
  SendResult read_send_response(const ClientResponse& response) const override;
  ChannelLimits limits() const override;

  // The signature Twilio would send for this URL and these form fields.
  static std::string compute_signature(std::string_view auth_token, std::string_view url,
                                       const std::vector<std::pair<std::string, std::string>>& fields);

 private:
  TwilioSettings settings_;
};

AdapterSpec twilio_spec();

} // namespace stoop::adapters
