// response_bytes against Beast's own serializer, the oracle it replaced on the
// server's hot path: the same bytes for the statuses Stoop answers with, in
// both HTTP versions, kept alive or not, with and without a content type,
// extra headers and a body.
#include <gtest/gtest.h>

#include <sstream>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "bot/http_server.hpp"

namespace stoop {
namespace {

namespace http = boost::beast::http;

std::string beast_bytes(const HttpResponse& in, unsigned version, bool keep_alive) {
  http::response<http::string_body> out{static_cast<http::status>(in.status), version};
  out.set(http::field::server, "stoop");
  if (!in.content_type.empty()) out.set(http::field::content_type, in.content_type);
  for (const auto& [name, value] : in.headers) out.insert(name, value);
  out.body() = in.body;
  out.keep_alive(keep_alive);
  out.prepare_payload();
  std::ostringstream bytes;
  bytes << out;
  return bytes.str();
}

TEST(ResponseBytes, AreWhatBeastWritesForTheSameResponse) {
  std::vector<HttpResponse> responses;
  responses.push_back(HttpResponse::text(200, "ok"));
  HttpResponse twiml;
  twiml.content_type = "text/xml";
  twiml.body = "<Response/>";
  responses.push_back(twiml);
  responses.push_back(HttpResponse::json(201, R"({"id":7})"));
  HttpResponse empty; // as the API's 204: no type, a header, no body
  empty.status = 204;
  empty.content_type.clear();
  empty.headers.emplace_back("cache-control", "no-store");
  responses.push_back(empty);
  for (int status : {301, 400, 401, 403, 404, 405, 413, 429, 431, 500, 503}) {
    auto r = HttpResponse::text(status, "why: " + std::to_string(status));
    r.headers.emplace_back("retry-after", "5");
    r.headers.emplace_back("X-Frame-Options", "DENY");
    responses.push_back(r);
  }
  HttpResponse page;
  page.content_type = "text/html; charset=utf-8";
  page.body = std::string(5000, 'p');
  page.headers.emplace_back("content-security-policy", "default-src 'self'");
  responses.push_back(page);

  int compared = 0;
  for (const auto& response : responses) {
    for (unsigned version : {10u, 11u}) {
      for (bool keep_alive : {false, true}) {
        EXPECT_EQ(response_bytes(response, version, keep_alive), beast_bytes(response, version, keep_alive))
            << response.status << " HTTP/" << version << (keep_alive ? " keep-alive" : " close");
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 64);
}

TEST(ResponseBytes, StartWithTheStatusLineAndEndWithTheBody) {
  auto bytes = response_bytes(HttpResponse::text(404, "unknown channel"), 11, true);
  EXPECT_EQ(bytes.rfind("HTTP/1.1 404 Not Found\r\nServer: stoop\r\n", 0), 0u) << bytes;
  EXPECT_NE(bytes.find("\r\nContent-Length: 16\r\n\r\nunknown channel\n"), std::string::npos) << bytes;
  EXPECT_EQ(bytes.find("Connection"), std::string::npos) << bytes;
}

} // namespace
} // namespace stoop
