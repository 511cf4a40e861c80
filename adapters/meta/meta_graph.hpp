// What WhatsApp Cloud API and Messenger share, both being Meta Graph API
// products: the GET verification handshake, the X-Hub-Signature-256 check, the
// 24-hour customer-service window, the send request and the error envelope.
//
// Invariants: the signature is an HMAC-SHA256 over the raw body bytes exactly as
// received (never re-serialised JSON, which would change escapes such as \u00e9)
// and is compared in constant time; the verify token is compared in constant time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/http_types.hpp"
#include "core/messages.hpp"

namespace stoop::adapters::meta {

// Both platforms allow free-form replies for 24 hours after the person's last message.
inline constexpr std::int64_t customer_service_window_ms = 24LL * 60 * 60 * 1000;

// "sha256=" + lower-case hex HMAC-SHA256(app_secret, body): the header value Meta sends.
std::string hub_signature(std::string_view app_secret, std::string_view body);

// True when X-Hub-Signature-256 matches the raw body (hex digits in either case).
bool verify_hub_signature(const HttpRequest& request, std::string_view app_secret);

// GET /hooks/{id}?hub.mode=subscribe&hub.verify_token=T&hub.challenge=C: 200 with C
// as text/plain when T matches, 403 when it does not, 400 for an unusable challenge.
HttpResponse answer_verification(const HttpRequest& request, std::string_view verify_token);

// True when the person wrote within the window before message.now_ms.
bool inside_window(const OutboundMessage& message, std::int64_t window_ms = customer_service_window_ms);

// POST url with a JSON body and the access token as a Bearer header (kept out of
// the URL, where Meta's own examples put it, because URLs end up in logs).
ClientRequest graph_post(std::string url, std::string_view access_token, std::string json_body);

// The {"error": {...}} envelope of a failed Graph API call.
struct GraphError {
  long long code = 0;
  long long subcode = 0;
  std::string message; // message, then error_data.details when Meta gave them
};

// The error of an answer, or a GraphError with code 0 when the body has none.
GraphError read_graph_error(const ClientResponse& response);

// "CODE: message" (or the HTTP status when Meta gave no code), for staff and metrics.
std::string describe(const GraphError& error, int http_status);

} // namespace stoop::adapters::meta
