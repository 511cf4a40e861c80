// The running Stoop process: owns the store thread, the channels, the
// pipeline, the dispatcher and the HTTP server, routes requests, and shuts
// down in order (stop accepting → finish requests → finish sends → flush the
// store). Tests build one on port 0 with an injected clock.
#pragma once

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "bot/asio.hpp"
#include "bot/config.hpp"
#include "bot/http_server.hpp"
#include "core/clock.hpp"

namespace stoop {

namespace api {
class DashboardApi;
}
class BlockingWorker;
class Catalogue;
class ChannelSet;
class Dispatcher;
class HttpClient;
class LiveHub;
class Metrics;
class Outbox;
class Pipeline;
class FlowResponder;
class Scheduler;
class Transparency;
class StoreThread;
class RateLimiter;
class Routing;

class App final : public RequestHandler {
 public:
  explicit App(Config config, std::shared_ptr<const Clock> clock = nullptr);
  ~App() override;

  // Opens and migrates the store, loads texts and channels, binds the port.
  // Throws std::runtime_error with a one-line reason.
  void start();
  // Serves on config.server.threads threads until shutdown; returns after a clean stop.
  void run(bool handle_signals);
  // Begins the graceful shutdown (callable from any thread).
  void request_shutdown();

  std::uint16_t port() const;
  int open_connections() const { return server_ ? server_->open_connections() : 0; }
  bool ready() const { return ready_.load(); }
  const Config& config() const { return config_; }
  StoreThread& store() { return *store_; }
  Metrics& metrics() { return *metrics_; }
  LiveHub& hub() { return *hub_; }
  const Clock& clock() const { return *clock_; }
  FlowResponder& flows() { return *responder_; }
  Routing& routing() { return *routing_; }

  // RequestHandler
  std::size_t body_limit(const HttpRequest& head) const override;
  awaitable<HttpResponse> handle(HttpRequest request) override;
  awaitable<bool> accepts_websocket(const HttpRequest& request) override;
  awaitable<void> serve_websocket(HttpRequest request, std::shared_ptr<WebSocketPeer> peer) override;
  std::string route_label(const HttpRequest& request) const override;

 private:
  awaitable<HttpResponse> webhook(const HttpRequest& request, std::string_view channel_id, bool status);
  awaitable<HttpResponse> handshake(const HttpRequest& request, std::string_view channel_id);
  awaitable<HttpResponse> metrics_page();
  awaitable<HttpResponse> webchat_history(const HttpRequest& request, std::string_view channel_id);
  awaitable<HttpResponse> community_page_data(const HttpRequest& request);
  HttpResponse static_file(std::string_view path) const;
  awaitable<void> shutdown();
  // Routing between the pipeline and the flows (bot/routing/routing.hpp).
  void start_routing();

  Config config_;
  std::shared_ptr<const Clock> clock_;
  asio::io_context io_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<StoreThread> store_;
  std::unique_ptr<ChannelSet> channels_;
  std::unique_ptr<Catalogue> catalogue_;
  std::unique_ptr<LiveHub> hub_;
  std::unique_ptr<HttpClient> http_client_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<Outbox> outbox_;
  std::unique_ptr<FlowResponder> responder_;
  std::unique_ptr<Scheduler> scheduler_;
  std::atomic<bool> timers_changed_{false}; // set inside store jobs, read after each group
  std::unique_ptr<Routing> routing_;
  std::unique_ptr<Transparency> transparency_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<RateLimiter> rates_;
  std::unique_ptr<BlockingWorker> worker_; // password hashing, flow files: never on an I/O thread
  std::unique_ptr<api::DashboardApi> api_;
  std::atomic<bool> ready_{false};
  std::atomic<bool> stopping_{false};
};

} // namespace stoop
