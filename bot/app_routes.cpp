// Routing: which handler answers which method and path.
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "adapters/url.hpp"
#include "adapters/webchat/webchat_adapter.hpp"
#include "bot/api/dashboard_api.hpp"
#include "bot/app.hpp"
#include "bot/channels.hpp"
#include "bot/community.hpp"
#include "bot/live_hub.hpp"
#include "bot/message_reading.hpp"
#include "bot/metrics.hpp"
#include "bot/pipeline.hpp"
#include "bot/rate_limiter.hpp"
#include "bot/store_thread.hpp"
#include "bot/transparency.hpp"
#include "bot/websocket.hpp"
#include "core/log.hpp"
#include "core/text.hpp"

namespace stoop {
namespace {

// "/hooks/sms/status" → {"hooks", "sms", "status"}
std::vector<std::string_view> segments(std::string_view path) { return split_any(path, "/"); }

bool is_webchat(const adapters::Adapter* adapter) { return adapter && adapter->type() == "webchat"; }

bool is_dashboard_live(const std::vector<std::string_view>& parts) {
  return parts.size() == 2 && parts[0] == "api" && parts[1] == "live";
}

// Pages that partner sites may show in a frame (the web chat); every other
// page refuses to be framed, so no site can overlay the dashboard.
bool may_be_framed(std::string_view relative) {
  return relative == "/chat.html" || relative == "/embed.html" || relative.rfind("/chat/", 0) == 0;
}

// The dashboard's live event for a stored message. Written by hand: it is
// built for every webhook, and a JSON document cost as much as parsing the form.
std::string message_event(std::int64_t contact_id, std::int64_t message_id) {
  std::string event = R"({"type":"message","contact_id":)";
  event += std::to_string(contact_id);
  event += R"(,"message_id":)";
  event += std::to_string(message_id);
  event += '}';
  return event;
}

} // namespace

std::size_t App::body_limit(const HttpRequest& head) const {
  auto parts = segments(head.path());
  if (!parts.empty() && parts[0] == "hooks") return config_.server.webhook_body_limit;
  return config_.server.api_body_limit;
}

std::string App::route_label(const HttpRequest& request) const {
  auto parts = segments(request.path());
  if (parts.empty()) return "/";
  if (parts[0] == "hooks") return parts.size() >= 3 ? "/hooks/{id}/status" : "/hooks/{id}";
  if (parts[0] == "healthz" || parts[0] == "readyz" || parts[0] == "metrics") return "/" + std::string(parts[0]);
  if (parts[0] == "chat") return parts.size() > 1 ? "/chat/api" : "/chat";
  if (parts[0] == "api") return is_dashboard_live(parts) ? "/api/live" : "/api";
  if (parts[0] == "community") return parts.size() > 1 ? "/community/data" : "/community";
  return "static";
}

awaitable<HttpResponse> App::handle(HttpRequest request) {
  auto parts = segments(request.path());
  const std::string& method = request.method;
  if (parts.size() >= 2 && parts[0] == "hooks") {
    if (parts.size() == 2 && method == "POST") co_return co_await webhook(request, parts[1], false);
    if (parts.size() == 3 && parts[2] == "status" && method == "POST") co_return co_await webhook(request, parts[1], true);
    if (parts.size() == 2 && method == "GET") co_return co_await handshake(request, parts[1]);
    if (channels_->find(parts[1]) == nullptr) co_return HttpResponse::text(404, "unknown channel");
    co_return HttpResponse::text(405, "method not allowed");
  }
  if (method == "GET" && parts.size() == 1) {
    if (parts[0] == "healthz") co_return HttpResponse::text(200, "ok");
    if (parts[0] == "readyz") {
      co_return ready_.load() ? HttpResponse::text(200, "ready") : HttpResponse::text(503, "not ready");
    }
    if (parts[0] == "metrics") co_return co_await metrics_page();
  }
  if (parts.size() == 4 && parts[0] == "chat" && parts[1] == "api" && parts[3] == "messages" && method == "GET") {
    co_return co_await webchat_history(request, parts[2]);
  }
  if (parts.size() == 2 && parts[0] == "community" && parts[1] == "data") {
    if (method == "GET" || method == "HEAD") co_return co_await community_page_data(request);
    co_return HttpResponse::text(405, "method not allowed");
  }
  if (!parts.empty() && parts[0] == "api") co_return co_await api_->handle(std::move(request));
  if (method == "GET" || method == "HEAD") co_return static_file(request.path());
  co_return HttpResponse::text(404, "not found");
}

awaitable<HttpResponse> App::webhook(const HttpRequest& request, std::string_view channel_id, bool status) {
  const auto* adapter = channels_->find(channel_id);
  if (adapter == nullptr) co_return HttpResponse::text(404, "unknown channel");
  if (!adapter->verify(request)) co_return HttpResponse::text(403, "bad or missing signature");
  auto events = status ? adapter->parse_status(request) : adapter->parse(request);
  if (!events) co_return HttpResponse::text(400, events.error());
  if (is_webchat(adapter)) {
    // Web chat clients are browsers and terminals, not providers: over the rate they get 429.
    double per_minute = config_.rate_limits.webchat_per_minute;
    for (const auto& m : events->messages) {
      if (!rates_->allow("webchat:" + m.from, per_minute) ||
          !rates_->allow("webchat-ip:" + request.remote_address, per_minute * 4)) {
        HttpResponse limited = HttpResponse::text(429, "too many messages; wait a moment");
        limited.headers.emplace_back("retry-after", "10");
        co_return limited;
      }
    }
  }
  // The words are read here, so that the store's writer, which every message
  // waits for, only looks the readings up.
  std::vector<MessageReading> readings;
  readings.reserve(events->messages.size());
  for (const auto& message : events->messages) readings.push_back(pipeline_->read(message));
  std::vector<InboundResult> results;
  try {
    auto ingest = [this, &events, &readings](storage::Store& s) {
      std::vector<InboundResult> out;
      for (std::size_t i = 0; i < events->messages.size(); ++i) {
        out.push_back(pipeline_->ingest(s, events->messages[i], readings[i]));
      }
      for (const auto& update : events->statuses) pipeline_->apply_status(s, update);
      return out;
    };
    // Repeatable: a replay only consumes the sender's throttle token again.
    results = co_await store_->write_repeatable(std::move(ingest));
  } catch (const std::exception& e) {
    log_error("webhook", "could not store a webhook of ", channel_id, ": ", e.what());
    co_return HttpResponse::text(500, "could not store the message; please retry");
  }
  for (const auto& result : results) {
    if (result.throttled) metrics_->increment("stoop_messages_throttled_total", {{"channel", std::string(channel_id)}});
    if (result.duplicate) {
      metrics_->increment("stoop_messages_duplicate_total", {{"channel", std::string(channel_id)}});
      continue;
    }
    metrics_->increment("stoop_messages_inbound_total", {{"channel", std::string(channel_id)}});
    hub_->publish("dashboard", message_event(result.contact_id, result.message_id));
  }
  co_return adapter->webhook_reply(request);
}

awaitable<HttpResponse> App::handshake(const HttpRequest& request, std::string_view channel_id) {
  const auto* adapter = channels_->find(channel_id);
  if (adapter == nullptr) co_return HttpResponse::text(404, "unknown channel");
  co_return adapter->handshake(request);
}

awaitable<HttpResponse> App::metrics_page() {
  auto depth = co_await store_->read([](storage::Store& s) { return s.outbox().depth(); });
  metrics_->set_gauge("stoop_outbox_depth", {}, static_cast<double>(depth));
  HttpResponse response = HttpResponse::text(200, metrics_->render());
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  co_return response;
}

awaitable<HttpResponse> App::webchat_history(const HttpRequest& request, std::string_view channel_id) {
  const auto* adapter = channels_->find(channel_id);
  if (!is_webchat(adapter)) co_return HttpResponse::text(404, "unknown web chat channel");
  auto visitor = adapters::query_parameter(request.query(), "visitor");
  if (!adapters::is_valid_visitor_token(visitor)) co_return HttpResponse::text(400, "bad visitor token");
  std::int64_t after = 0;
  auto after_text = adapters::query_parameter(request.query(), "after");
  if (!after_text.empty()) {
    auto [ptr, ec] = std::from_chars(after_text.data(), after_text.data() + after_text.size(), after);
    if (ec != std::errc{} || ptr != after_text.data() + after_text.size() || after < 0) {
      co_return HttpResponse::text(400, "\"after\" must be a message id");
    }
  }
  if (!rates_->allow("webchat-read:" + visitor, config_.rate_limits.webchat_per_minute * 10)) {
    co_return HttpResponse::text(429, "too many requests");
  }
  std::string channel(channel_id);
  auto history = [channel, visitor, after](storage::Store& s) {
    std::vector<storage::MessageRecord> out;
    if (auto identity = s.contacts().find_identity(channel, visitor)) {
      out = s.messages().for_contact_on_channel(identity->contact_id, channel, after, 200);
    }
    return out;
  };
  auto messages = co_await store_->read(std::move(history));
  auto list = nlohmann::json::array();
  for (const auto& m : messages) {
    // Outbound texts not yet handed over stay hidden, so a client never shows a reply twice.
    if (m.direction == storage::Direction::out && m.status == "queued") continue;
    list.push_back({{"id", m.id}, {"direction", m.direction == storage::Direction::in ? "in" : "out"},
                    {"text", m.body}, {"at", m.created_at}});
  }
  co_return HttpResponse::json(200, nlohmann::json{{"messages", list}}.dump());
}

awaitable<HttpResponse> App::community_page_data(const HttpRequest& request) {
  // Public and unauthenticated: limited per address like the web chat.
  if (!rates_->allow("community:" + request.remote_address, config_.rate_limits.webchat_per_minute * 4)) {
    HttpResponse limited = HttpResponse::text(429, "too many requests");
    limited.headers.emplace_back("retry-after", "10");
    co_return limited;
  }
  auto collect = [this](storage::Store& s) { return community_data(s, *transparency_, config_).dump(); };
  auto body = co_await store_->read(std::move(collect));
  HttpResponse response = HttpResponse::json(200, std::move(body));
  response.headers.emplace_back("cache-control", "public, max-age=60");
  response.headers.emplace_back("x-content-type-options", "nosniff");
  co_return response;
}

awaitable<bool> App::accepts_websocket(const HttpRequest& request) {
  auto parts = segments(request.path());
  if (is_dashboard_live(parts)) co_return co_await api_->accepts_live(request);
  if (!(parts.size() == 4 && parts[0] == "chat" && parts[1] == "api" && parts[3] == "ws")) co_return false;
  co_return is_webchat(channels_->find(parts[2])) &&
      adapters::is_valid_visitor_token(adapters::query_parameter(request.query(), "visitor"));
}

awaitable<void> App::serve_websocket(HttpRequest request, std::shared_ptr<WebSocketPeer> peer) {
  auto parts = segments(request.path());
  if (is_dashboard_live(parts)) {
    co_await api_->serve_live(std::move(request), std::move(peer));
    co_return;
  }
  auto topic = "webchat:" + std::string(parts[2]) + ":" + adapters::query_parameter(request.query(), "visitor");
  auto subscription = hub_->subscribe(topic, peer);
  // The client sends nothing we need; reading keeps the connection alive and notices its end.
  while (co_await peer->receive()) {
  }
  hub_->unsubscribe(subscription);
}

HttpResponse App::static_file(std::string_view path) const {
  std::string relative(path == "/" ? "/index.html" : path);
  if (relative == "/chat") relative = "/chat.html";
  if (relative == "/community") relative = "/community.html";
  for (auto piece : split_any(relative, "/")) {
    if (piece == ".." || piece.front() == '.') return HttpResponse::text(404, "not found");
  }
  std::ifstream file(config_.server.dashboard_dir + relative, std::ios::binary);
  if (!file) return HttpResponse::text(404, "not found");
  std::ostringstream body;
  body << file.rdbuf();
  HttpResponse response;
  response.body = body.str();
  auto ends_with = [&](std::string_view suffix) {
    return relative.size() >= suffix.size() && relative.compare(relative.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with(".html")) response.content_type = "text/html; charset=utf-8";
  else if (ends_with(".js")) response.content_type = "text/javascript; charset=utf-8";
  else if (ends_with(".css")) response.content_type = "text/css; charset=utf-8";
  else if (ends_with(".svg")) response.content_type = "image/svg+xml";
  else if (ends_with(".png")) response.content_type = "image/png";
  else if (ends_with(".json")) response.content_type = "application/json";
  else response.content_type = "application/octet-stream";
  response.headers.emplace_back("x-content-type-options", "nosniff");
  std::string policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";
  policy += may_be_framed(relative) ? "; frame-ancestors *" : "; frame-ancestors 'none'";
  response.headers.emplace_back("content-security-policy", policy);
  if (!may_be_framed(relative)) response.headers.emplace_back("x-frame-options", "DENY");
  response.headers.emplace_back("referrer-policy", "no-referrer");
  return response;
}

} // namespace stoop
