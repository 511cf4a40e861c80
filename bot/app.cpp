#include "bot/app.hpp"

#include <boost/asio/signal_set.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "bot/api/dashboard_api.hpp"
#include "bot/blocking_worker.hpp"
#include "bot/catalogue.hpp"
#include "bot/channels.hpp"
#include "bot/dispatcher.hpp"
#include "bot/flow_responder.hpp"
#include "bot/http_client.hpp"
#include "bot/live_hub.hpp"
#include "bot/metrics.hpp"
#include "bot/outbox.hpp"
#include "bot/pipeline.hpp"
#include "bot/rate_limiter.hpp"
#include "bot/routing/request_router.hpp"
#include "bot/routing/routing.hpp"
#include "bot/scheduler.hpp"
#include "bot/store_thread.hpp"
#include "bot/transparency.hpp"
#include "core/log.hpp"
#include "flows/diagnostic.hpp"
#include "flows/loader.hpp"

namespace stoop {

App::App(Config config, std::shared_ptr<const Clock> clock)
    : config_(std::move(config)),
      clock_(clock ? std::move(clock) : std::make_shared<SystemClock>()),
      io_(config_.server.threads),
      metrics_(std::make_unique<Metrics>()),
      hub_(std::make_unique<LiveHub>()),
      rates_(std::make_unique<RateLimiter>()) {
  metrics_->describe("stoop_messages_inbound_total", "counter", "Inbound messages stored, by channel.");
  metrics_->describe("stoop_messages_duplicate_total", "counter", "Provider retries recognised and not processed.");
  metrics_->describe("stoop_messages_throttled_total", "counter",
                     "Messages stored but not processed: the sender was over the per-contact rate.");
  metrics_->describe("stoop_outbox_depth", "gauge", "Sends waiting or in flight.");
}

App::~App() {
  io_.stop();
  if (store_) store_->stop();
}

void App::start() {
  set_log_level(config_.log_level);
  for (const auto& secret : config_secrets(config_)) register_secret(secret);

  const auto& path = config_.storage.sqlite;
  if (path != ":memory:") {
    auto parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) throw std::runtime_error("cannot create " + parent.string() + ": " + ec.message());
  }
  storage::SqliteOptions options{path, config_.storage.synchronous};
  bool background = config_.storage.checkpoint == "background" && path != ":memory:";
  options.auto_checkpoint_pages = background ? 0 : config_.storage.checkpoint_pages;
  // The writer's commits are synced by the store thread, overlapping the
  // next group's work; nothing is answered before its sync (store_thread.hpp).
  options.sync_log_separately = true;
  options.cache_kib = config_.storage.writer_cache_kib;
  options.load_dedupe_keys = true; // before /readyz, not at the first webhook
  auto writer = storage::open_sqlite_store(options);
  options.sync_log_separately = false;
  options.load_dedupe_keys = false;
  options.cache_kib = config_.storage.cache_kib;
  std::unique_ptr<storage::Store> reader, checkpointer;
  if (background) checkpointer = storage::open_sqlite_store(options);
  if (path != ":memory:") {
    options.read_only = true;
    reader = storage::open_sqlite_store(options);
  }
  store_ = std::make_unique<StoreThread>(std::move(writer), std::move(reader), config_.storage.max_batch,
                                         metrics_.get(), std::move(checkpointer), config_.storage.checkpoint_pages);
  store_->complete_on(io_.get_executor());

  auto channels = ChannelSet::create(config_);
  if (!channels) throw std::runtime_error(channels.error());
  channels_ = std::make_unique<ChannelSet>(std::move(channels.value()));

  auto required = pipeline_catalogue_keys();
  required.insert(required.end(), Routing::catalogue_keys().begin(), Routing::catalogue_keys().end());
  for (const auto& key : transparency_catalogue_keys()) required.push_back(key);
  auto catalogue = Catalogue::load(config_.messages_file, config_.default_language, required);
  if (!catalogue) throw std::runtime_error(catalogue.error());
  catalogue_ = std::make_unique<Catalogue>(std::move(catalogue.value()));

  HttpClient::Options client_options;
  client_options.timeout = std::chrono::milliseconds(config_.outbox.request_timeout_ms);
  // Keep a connection for every send that may be in flight, or the pool closes
  // the surplus and the next sends pay for new connections (and TLS handshakes).
  client_options.max_idle_per_host = std::max<std::size_t>(32, static_cast<std::size_t>(config_.outbox.concurrency));
  http_client_ = std::make_unique<HttpClient>(io_, client_options);
  dispatcher_ =
      std::make_unique<Dispatcher>(io_, *store_, *channels_, *http_client_, *hub_, *metrics_, *clock_, config_.outbox);
  outbox_ = std::make_unique<Outbox>(*channels_, *clock_,
                                     [this](const std::string& channel) { dispatcher_->notify(channel); });
  auto loaded = flows::load_flow_directory(config_.flows_dir);
  std::string first_error;
  for (const auto& d : loaded.diagnostics) {
    bool error = d.severity == flows::Severity::error;
    log(error ? LogLevel::error : LogLevel::warn, "flows", flows::format_diagnostic(d));
    if (error && first_error.empty()) first_error = flows::format_diagnostic(d);
  }
  if (!loaded.ok()) {
    throw std::runtime_error("invalid flows, not starting: " +
                             (first_error.empty() ? config_.flows_dir + " could not be loaded" : first_error));
  }
  auto engine = std::make_shared<const flows::Engine>(loaded.flows);
  scheduler_ = std::make_unique<Scheduler>(io_, *store_, *clock_);
  // Rows queued and timers set inside a group wake the dispatcher and the
  // scheduler once, after the group, rather than once each.
  store_->after_each_group([this] {
    outbox_->flush_wakeups();
    if (timers_changed_.exchange(false)) scheduler_->notify();
  });
  responder_ = std::make_unique<FlowResponder>(engine, *channels_, *outbox_, *catalogue_);
  scheduler_->on_session_wake([this](storage::Store& s, std::int64_t contact_id, std::int64_t now) {
    responder_->on_wake(s, contact_id, now);
  });
  start_routing();
  transparency_ = std::make_unique<Transparency>(config_, *catalogue_, *outbox_, engine);
  transparency_->set_before_erase(
      [this](storage::Store& s, const storage::ContactRecord& contact) { routing_->on_opt_out(s, contact); });
  scheduler_->on(Transparency::broadcast_timer, [this](storage::Store& s, const storage::TimerRecord& t,
                                                       std::int64_t now) { transparency_->run_broadcast(s, t, now); });
  scheduler_->on(Transparency::retention_timer, [this](storage::Store& s, const storage::TimerRecord&,
                                                       std::int64_t now) { transparency_->run_retention(s, now); });
  pipeline_ = std::make_unique<Pipeline>(*channels_, *outbox_, *catalogue_, *clock_, config_.rate_limits, *routing_);
  pipeline_->set_transparency(*transparency_);
  worker_ = std::make_unique<BlockingWorker>();
  api_ = std::make_unique<api::DashboardApi>(
      api::ApiServices{config_, *store_, *hub_, *worker_, *outbox_, *clock_,
                       [this](storage::Store& s, std::int64_t request_id) { routing_->request_opened(s, request_id); },
                       *transparency_},
      *rates_);

  server_ = std::make_unique<HttpServer>(io_, config_.server, *this, *metrics_);
  server_->start();
  asio::co_spawn(
      io_,
      [this]() -> awaitable<void> {
        co_await dispatcher_->start();
        auto arm = [this](storage::Store& s) { transparency_->arm(s, clock_->now_ms()); };
        co_await store_->write(std::move(arm));
        scheduler_->start();
        ready_ = true;
      },
      logged("start-up"));
  log_info("server", "listening on ", config_.server.listen_host, ":", port());
}

void App::start_routing() {
  auto crisis_phrases = Routing::load_crisis_file(config_.routing.crisis_file);
  if (!crisis_phrases) throw std::runtime_error(crisis_phrases.error());
  routing_ = std::make_unique<Routing>(
      config_, *outbox_, *channels_, *catalogue_, *responder_, *clock_, [this] { timers_changed_ = true; },
      std::move(crisis_phrases.value()));
  outbox_->set_hold_policy([this](const storage::ContactRecord& contact, OutboxKind kind, std::int64_t now) {
    return routing_->hold_until(contact, kind, now);
  });
  responder_->set_request_hook(
      [this](storage::Store& s, std::int64_t request_id) { routing_->request_opened(s, request_id); });
  // A hint for open dashboards, sent from inside the transaction: the board
  // refetches a moment later (debounced), by when the change is committed.
  routing_->requests().set_change_listener([this](std::int64_t request_id, const std::string& action) {
    nlohmann::json event{{"type", "request"}, {"id", request_id}, {"change", "request." + action}};
    hub_->publish("dashboard", event.dump());
  });
  routing_->register_timers(*scheduler_);
  auto sync = [this](storage::Store& s) { routing_->start(s, clock_->now_ms()); };
  store_->write_now(std::move(sync));
}

std::uint16_t App::port() const { return server_ ? server_->port() : 0; }

void App::run(bool handle_signals) {
  std::unique_ptr<asio::signal_set> signals;
  if (handle_signals) {
    signals = std::make_unique<asio::signal_set>(io_, SIGINT, SIGTERM);
    signals->async_wait([this](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      log_info("server", "signal ", signal, ": shutting down");
      request_shutdown();
    });
  }
  std::vector<std::thread> threads;
  for (int i = 1; i < config_.server.threads; ++i) {
    threads.emplace_back([this] {
      name_this_thread("stoop-io");
      io_.run();
    });
  }
  io_.run();
  for (auto& thread : threads) thread.join();
  if (store_) store_->stop();
  log_info("server", "stopped");
}

void App::request_shutdown() {
  if (stopping_.exchange(true)) return;
  asio::co_spawn(io_, shutdown(), logged("shutdown"));
}

awaitable<void> App::shutdown() {
  auto grace = std::chrono::milliseconds(config_.server.shutdown_grace_ms);
  ready_ = false;
  server_->begin_shutdown();
  co_await server_->drain(grace);
  co_await dispatcher_->stop(grace);
  scheduler_->stop();
  store_->stop(); // runs whatever is still queued, then commits and closes
  io_.stop();
}

} // namespace stoop
