// The HTTP server: one coroutine per connection on its own strand, a fresh
// parser per request with header and body limits, a deadline for every read
// and write (enforced by one sweep over the connections), keep-alive,
// requests on a connection answered strictly in order (so a pipelining
// client cannot make the server queue answers), a cap
// on open connections, and a graceful shutdown that stops accepting, lets
// in-flight requests finish and answers 503 to webhooks that arrive meanwhile.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

#include "bot/asio.hpp"
#include "bot/config.hpp"
#include "core/http_types.hpp"

namespace stoop {

class Metrics;
class WebSocketPeer;

// What the server calls; it knows nothing of routes.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // The body limit for this request, decided from its method and target.
  virtual std::size_t body_limit(const HttpRequest& head) const = 0;
  virtual awaitable<HttpResponse> handle(HttpRequest request) = 0;
  // Whether this WebSocket upgrade request is wanted; if so, serve_websocket
  // takes over the connection.
  // (Awaitable: deciding may need the store, e.g. to check a session.)
  virtual awaitable<bool> accepts_websocket(const HttpRequest& request) = 0;
  virtual awaitable<void> serve_websocket(HttpRequest request, std::shared_ptr<WebSocketPeer> peer) = 0;
  // A label for metrics: the route pattern, never the raw target.
  virtual std::string route_label(const HttpRequest& request) const = 0;
};

// The response as it goes on the wire, byte for byte what Beast's serializer
// writes for the same response (status line with Beast's reason phrase,
// Server, Content-Type, the handler's headers in order, Connection as
// keep-alive and the version need it, Content-Length). Written directly: the
// serializer and its header container cost more than the rest of an answer.
std::string response_bytes(const HttpResponse& response, unsigned version, bool keep_alive);

class HttpServer {
 public:
  HttpServer(asio::io_context& io, const ServerConfig& config, RequestHandler& handler, Metrics& metrics);
  ~HttpServer();

  void start(); // binds and listens; throws std::runtime_error with the reason
  std::uint16_t port() const { return port_; }

  // Stops accepting; from now on requests are answered 503 and connections close.
  void begin_shutdown();
  bool shutting_down() const { return shutting_down_.load(); }
  // Waits until no request is being handled, or the grace period is over.
  awaitable<void> drain(std::chrono::milliseconds grace);
  int open_connections() const { return connections_->load(); }

 private:
  struct Deadline;
  struct Deadlines;
  awaitable<void> accept_loop();
  awaitable<void> serve(tcp::socket socket);
  static awaitable<void> sweep(std::shared_ptr<Deadlines> deadlines, std::chrono::milliseconds period);

  asio::io_context& io_;
  const ServerConfig& config_;
  RequestHandler& handler_;
  Metrics& metrics_;
  tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::atomic<bool> shutting_down_{false};
  // Shared with each connection's coroutine: a frame still pending when the
  // io_context is destroyed (after the server) releases its count here.
  std::shared_ptr<std::atomic<int>> connections_ = std::make_shared<std::atomic<int>>(0);
  std::shared_ptr<Deadlines> deadlines_; // shared with the connections and the sweep, for the same reason
  std::atomic<int> in_flight_{0};
};

} // namespace stoop
