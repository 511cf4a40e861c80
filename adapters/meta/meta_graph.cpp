#include "adapters/meta/meta_graph.hpp"

#include "adapters/json_fields.hpp"
#include "adapters/url.hpp"
#include "core/crypto.hpp"
#include "core/log.hpp"
#include "core/text.hpp"

namespace stoop::adapters::meta {
namespace {

// Meta's challenge is a number; anything else (control characters, markup, a long
// string) is refused rather than reflected back to whoever asked.
bool is_usable_challenge(std::string_view challenge) {
  if (challenge.empty() || challenge.size() > 128) return false;
  for (char c : challenge) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
              c == '.';
    if (!ok) return false;
  }
  return true;
}

} // namespace

std::string hub_signature(std::string_view app_secret, std::string_view body) {
  return "sha256=" + hex_encode(hmac_sha256(app_secret, body));
}

bool verify_hub_signature(const HttpRequest& request, std::string_view app_secret) {
  auto header = request.header("x-hub-signature-256");
  if (header.empty()) {
    log_debug("meta", "webhook without X-Hub-Signature-256");
    return false;
  }
  bool valid = constant_time_equal(hub_signature(app_secret, request.body), to_lower_ascii(header));
  if (!valid) log_debug("meta", "X-Hub-Signature-256 does not match the body (check app_secret)");
  return valid;
}

HttpResponse answer_verification(const HttpRequest& request, std::string_view verify_token) {
  auto query = request.query();
  std::string mode = query_parameter(query, "hub.mode");
  std::string token = query_parameter(query, "hub.verify_token");
  std::string challenge = query_parameter(query, "hub.challenge");
  bool token_matches = !token.empty() && constant_time_equal(token, verify_token);
  if (mode != "subscribe" || !token_matches) {
    log_debug("meta", "verification handshake refused: wrong hub.mode or hub.verify_token");
    return HttpResponse::text(403, "verification refused");
  }
  if (!is_usable_challenge(challenge)) return HttpResponse::text(400, "hub.challenge missing or malformed");
  // Exactly the challenge, without the newline HttpResponse::text would add:
  // Meta compares the body with what it sent.
  HttpResponse response;
  response.status = 200;
  response.content_type = "text/plain";
  response.body = challenge;
  return response;
}

bool inside_window(const OutboundMessage& message, std::int64_t window_ms) {
  if (!message.last_inbound_ms) return false;
  std::int64_t age = message.now_ms - *message.last_inbound_ms;
  return age < window_ms;
}

ClientRequest graph_post(std::string url, std::string_view access_token, std::string json_body) {
  ClientRequest request;
  request.method = "POST";
  request.url = std::move(url);
  request.headers.emplace_back("authorization", "Bearer " + std::string(access_token));
  request.headers.emplace_back("content-type", "application/json");
  request.body = std::move(json_body);
  return request;
}

GraphError read_graph_error(const ClientResponse& response) {
  GraphError error;
  Json body = parse_json(response.body);
  const Json* envelope = object_member(body, "error");
  if (envelope == nullptr) return error;
  error.code = integer_member(*envelope, "code").value_or(0);
  error.subcode = integer_member(*envelope, "error_subcode").value_or(0);
  error.message = text_member(*envelope, "message");
  if (const Json* data = object_member(*envelope, "error_data")) {
    std::string details = text_member(*data, "details");
    if (!details.empty()) error.message += (error.message.empty() ? "" : " - ") + details;
  }
  return error;
}

std::string describe(const GraphError& error, int http_status) {
  std::string out = std::to_string(error.code != 0 ? error.code : http_status);
  if (error.subcode != 0) out += "/" + std::to_string(error.subcode);
  if (!error.message.empty()) out += ": " + error.message;
  return out;
}

} // namespace stoop::adapters::meta
