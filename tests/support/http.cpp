#include "tests/support/http.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "adapters/twilio/twilio_adapter.hpp"
#include "bot/asio.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"

namespace stoop::testing {
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

std::string Reply::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (equals_ignore_case(name, lower_name)) return value;
  }
  return {};
}

Reply http(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body,
           const std::vector<Header>& headers) {
  Reply reply;
  try {
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    bhttp::request<bhttp::string_body> request{bhttp::string_to_verb(method), target, 11};
    request.set(bhttp::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = body;
    request.prepare_payload();
    bhttp::write(stream, request);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    bhttp::read(stream, buffer, parser);
    auto& response = parser.get();
    reply.status = static_cast<int>(response.result_int());
    for (const auto& field : response) {
      reply.headers.emplace_back(to_lower_ascii(std::string(field.name_string())), std::string(field.value()));
    }
    reply.body = response.body();
  } catch (const std::exception&) {
    reply.status = 0;
  }
  return reply;
}

std::string raw_exchange(std::uint16_t port, const std::string& bytes, int timeout_ms) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(std::chrono::milliseconds(timeout_ms));
  std::string received;
  try {
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    asio::write(stream.socket(), asio::buffer(bytes));
    char chunk[4096];
    boost::system::error_code ec;
    while (true) {
      stream.expires_after(std::chrono::milliseconds(timeout_ms));
      std::size_t n = stream.socket().read_some(asio::buffer(chunk), ec);
      if (ec) break;
      received.append(chunk, n);
    }
  } catch (const std::exception&) {
  }
  return received;
}

SignedForm twilio_form(const std::string& public_url, const std::string& target, const std::string& auth_token,
                       const std::vector<std::pair<std::string, std::string>>& fields) {
  SignedForm form;
  form.body = form_encode(fields);
  form.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  form.headers.emplace_back("x-twilio-signature",
                            adapters::TwilioAdapter::compute_signature(auth_token, public_url + target, fields));
  return form;
}

} // namespace stoop::testing
