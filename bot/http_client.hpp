// The outbound HTTP(S) client of the dispatcher and the command line: Beast
// over OpenSSL with certificate and host name verification, keep-alive
// connections pooled per host, a deadline on every request. Plain http:// is
// only allowed to loopback addresses (the fake providers of tests and benches).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bot/asio.hpp"
#include "core/expected.hpp"
#include "core/http_types.hpp"

namespace stoop {

struct ParsedUrl {
  bool tls = true;
  std::string host;
  std::string port;
  std::string target; // path and query, at least "/"
};

Expected<ParsedUrl> parse_url(std::string_view url);
bool is_loopback_host(std::string_view host);

class HttpClient {
 public:
  struct Options {
    std::chrono::milliseconds timeout{15'000};
    std::size_t max_idle_per_host = 32;
    std::size_t max_response_body = 1024 * 1024;
  };

  HttpClient(asio::io_context& io, Options options);
  ~HttpClient();

  // Never throws for network trouble: a request that got no answer comes back
  // with status 0 and the reason in the body.
  awaitable<ClientResponse> send(ClientRequest request);

  std::uint64_t connections_opened() const { return connections_opened_.load(); }

 private:
  struct Connection;
  awaitable<Expected<std::unique_ptr<Connection>>> connect(const ParsedUrl& url);
  std::unique_ptr<Connection> take_idle(const std::string& key);
  void give_back(const std::string& key, std::unique_ptr<Connection> connection);

  asio::io_context& io_;
  Options options_;
  struct TlsContext;
  std::unique_ptr<TlsContext> tls_;
  std::mutex mutex_;
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle_;
  std::atomic<std::uint64_t> connections_opened_{0};
};

} // namespace stoop
