// Plain HTTP request and response values shared by the server and the adapters.
// Nothing here knows about Beast: the server converts at its edge, so adapters
// and the pipeline stay testable with nothing but strings.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stoop {

using Header = std::pair<std::string, std::string>;

struct HttpRequest {
  std::string method;          // "GET", "POST", ...
  std::string target;          // path and query exactly as received
  std::vector<Header> headers; // names lower-cased by whoever builds the request
  std::string body;            // raw bytes; signatures are computed over these
  std::string remote_address;  // peer IP, for rate limits

  // The value of the first header of that (lower-case) name, or "" if absent.
  std::string_view header(std::string_view lower_name) const;
  std::string_view path() const;   // target up to '?'
  std::string_view query() const;  // after '?', or ""
  // The body decoded as an HTML form (application/x-www-form-urlencoded), in
  // order, or null if it is not one. Decoded once per body: a provider's
  // signature check and its parser both read it.
  const std::vector<Header>* form() const;

 private:
  struct DecodedForm {
    std::string body; // what was decoded: a later change of the body decodes again
    std::optional<std::vector<Header>> fields;
  };
  mutable std::optional<DecodedForm> form_;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<Header> headers;

  static HttpResponse text(int status, std::string body);
  static HttpResponse json(int status, std::string body);
};

// An outgoing request to a provider, built by an adapter and sent by the dispatcher.
struct ClientRequest {
  std::string method = "POST";
  std::string url; // absolute: scheme://host[:port]/path?query
  std::vector<Header> headers;
  std::string body;
};

struct ClientResponse {
  int status = 0; // 0 when the request never got an answer (network error)
  std::vector<Header> headers;
  std::string body;
  std::string_view header(std::string_view lower_name) const;
};

} // namespace stoop
