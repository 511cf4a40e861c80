#include "bot/http_client.hpp"

#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "core/log.hpp"
#include "core/text.hpp"

namespace stoop {
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace ssl = boost::asio::ssl;

struct HttpClient::TlsContext {
  ssl::context context{ssl::context::tls_client};
  TlsContext() {
    context.set_default_verify_paths();
    context.set_verify_mode(ssl::verify_peer);
  }
};

struct HttpClient::Connection {
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;
  beast::tcp_stream& lowest() { return plain ? *plain : beast::get_lowest_layer(*tls); }
};

bool is_loopback_host(std::string_view host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host == "[::1]" ||
         starts_with_ignore_case(host, "127.");
}

Expected<ParsedUrl> parse_url(std::string_view url) {
  ParsedUrl out;
  std::string_view rest;
  if (starts_with_ignore_case(url, "https://")) {
    rest = url.substr(8);
  } else if (starts_with_ignore_case(url, "http://")) {
    out.tls = false;
    rest = url.substr(7);
  } else {
    return make_error("not an http:// or https:// URL");
  }
  auto slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (!out.target.empty() && out.target[0] == '?') out.target = "/" + out.target;
  if (authority.empty() || authority.find('@') != std::string_view::npos) return make_error("bad host in URL");
  auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    out.host = std::string(authority.substr(0, colon));
    out.port = std::string(authority.substr(colon + 1));
    if (out.port.empty()) return make_error("bad port in URL");
    for (char c : out.port) {
      if (c < '0' || c > '9') return make_error("bad port in URL");
    }
  } else {
    out.host = std::string(authority);
    out.port = out.tls ? "443" : "80";
  }
  if (out.host.size() > 2 && out.host.front() == '[') out.host = out.host.substr(1, out.host.size() - 2);
  return out;
}

HttpClient::HttpClient(asio::io_context& io, Options options)
    : io_(io), options_(options), tls_(std::make_unique<TlsContext>()) {}

HttpClient::~HttpClient() = default;

std::unique_ptr<HttpClient::Connection> HttpClient::take_idle(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = idle_.find(key);
  if (it == idle_.end() || it->second.empty()) return nullptr;
  auto connection = std::move(it->second.back());
  it->second.pop_back();
  return connection;
}

void HttpClient::give_back(const std::string& key, std::unique_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  auto& list = idle_[key];
  if (list.size() < options_.max_idle_per_host) list.push_back(std::move(connection));
}

awaitable<Expected<std::unique_ptr<HttpClient::Connection>>> HttpClient::connect(const ParsedUrl& url) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  boost::system::error_code ec;
  auto endpoints = co_await resolver.async_resolve(url.host, url.port, asio::redirect_error(use_awaitable, ec));
  if (ec) co_return make_error("cannot resolve " + url.host + ": " + ec.message());
  auto connection = std::make_unique<Connection>();
  if (url.tls) {
    connection->tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(executor, tls_->context);
  } else {
    connection->plain = std::make_unique<beast::tcp_stream>(executor);
  }
  auto& tcp_layer = connection->lowest();
  tcp_layer.expires_after(options_.timeout);
  co_await tcp_layer.async_connect(endpoints, asio::redirect_error(use_awaitable, ec));
  if (ec) co_return make_error("cannot connect to " + url.host + ":" + url.port + ": " + ec.message());
  tcp_layer.socket().set_option(tcp::no_delay(true), ec);
  if (url.tls) {
    // SNI, and verification that the certificate names this host.
    if (SSL_ctrl(connection->tls->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(url.host.c_str())) != 1) {
      co_return make_error("cannot set the TLS server name");
    }
    connection->tls->set_verify_callback(ssl::host_name_verification(url.host));
    co_await connection->tls->async_handshake(ssl::stream_base::client, asio::redirect_error(use_awaitable, ec));
    if (ec) co_return make_error("TLS handshake with " + url.host + " failed: " + ec.message());
  }
  connections_opened_.fetch_add(1);
  co_return std::move(connection);
}

namespace {

template <class Stream>
awaitable<boost::system::error_code> exchange(Stream& stream, beast::flat_buffer& buffer,
                                              http::request<http::string_body>& request,
                                              http::response_parser<http::string_body>& parser) {
  boost::system::error_code ec;
  co_await http::async_write(stream, request, asio::redirect_error(use_awaitable, ec));
  if (ec) co_return ec;
  co_await http::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
  co_return ec;
}

ClientResponse network_failure(const std::string& reason) {
  ClientResponse response;
  response.status = 0;
  response.body = reason;
  return response;
}

} // namespace

awaitable<ClientResponse> HttpClient::send(ClientRequest request) {
  auto url = parse_url(request.url);
  if (!url) co_return network_failure(url.error());
  if (!url->tls && !is_loopback_host(url->host)) {
    co_return network_failure("plain http is only allowed to loopback addresses");
  }
  std::string key = (url->tls ? "https://" : "http://") + url->host + ":" + url->port;

  http::request<http::string_body> beast_request;
  beast_request.method(http::string_to_verb(request.method));
  beast_request.target(url->target);
  beast_request.version(11);
  beast_request.set(http::field::host, url->host);
  beast_request.set(http::field::user_agent, "stoop");
  for (const auto& [name, value] : request.headers) beast_request.set(name, value);
  beast_request.body() = request.body;
  beast_request.keep_alive(true);
  beast_request.prepare_payload();

  // A pooled connection may have been closed by the server while idle; such a
  // failure gets one more try on a fresh connection.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto connection = take_idle(key);
    bool reused = connection != nullptr;
    if (!connection) {
      auto fresh = co_await connect(*url);
      if (!fresh) co_return network_failure(fresh.error());
      connection = std::move(fresh.value());
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(options_.max_response_body);
    connection->lowest().expires_after(options_.timeout);
    boost::system::error_code ec;
    if (connection->tls) {
      ec = co_await exchange(*connection->tls, connection->buffer, beast_request, parser);
    } else {
      ec = co_await exchange(*connection->plain, connection->buffer, beast_request, parser);
    }
    if (ec) {
      if (reused && ec != beast::error::timeout) continue;
      co_return network_failure(request.method + " " + url->host + ": " + ec.message());
    }
    auto& message = parser.get();
    ClientResponse response;
    response.status = static_cast<int>(message.result_int());
    for (const auto& field : message) {
      response.headers.emplace_back(to_lower_ascii(std::string(field.name_string())), std::string(field.value()));
    }
    response.body = std::move(message.body());
    if (message.keep_alive()) give_back(key, std::move(connection));
    co_return response;
  }
  co_return network_failure("connection lost");
}

} // namespace stoop
