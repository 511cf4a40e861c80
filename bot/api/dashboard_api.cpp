#include "bot/api/dashboard_api.hpp"

#include "bot/api/input.hpp"
#include "bot/live_hub.hpp"
#include "bot/rate_limiter.hpp"
#include "bot/store_thread.hpp"
#include "bot/websocket.hpp"
#include "core/log.hpp"

namespace stoop::api {
namespace {

struct SessionLookup {
  std::optional<storage::WebSessionRecord> session;
  std::optional<storage::UserRecord> user;
};

// Sessions are touched at most once a minute: sliding expiry without a write per request.
constexpr std::int64_t touch_interval_ms = 60'000;

bool is_sign_in(const HttpRequest& request) { return request.method == "POST" && request.path() == "/api/session"; }

} // namespace

DashboardApi::DashboardApi(ApiServices services, RateLimiter& rates)
    : services_(services),
      rates_(rates),
      conversations_(services_),
      contacts_(services_),
      work_(services_),
      crisis_(services_),
      people_(services_, [this](std::int64_t user_id) { close_live({}, user_id); }),
      insight_(services_) {
  add_session_routes();
  conversations_.add_routes(router_);
  contacts_.add_routes(router_);
  work_.add_routes(router_);
  crisis_.add_routes(router_);
  people_.add_routes(router_);
  insight_.add_routes(router_);
}

DashboardApi::~DashboardApi() = default;

awaitable<HttpResponse> DashboardApi::handle(HttpRequest request) {
  if (is_sign_in(request)) co_return co_await sign_in(request);
  auto caller = co_await authenticate(request);
  if (!caller) {
    // Requests without a live session are limited per address, so guessing
    // cookies or scanning costs the scanner, not the store.
    if (!rates_.allow("api-anonymous:" + request.remote_address, services_.config.rate_limits.api_per_minute)) {
      HttpResponse limited = error_reply(429, "too many requests; wait a moment");
      limited.headers.emplace_back("retry-after", "10");
      co_return limited;
    }
    HttpResponse refused = error_reply(401, "sign in first");
    if (!auth::cookie_value(request.header("cookie"), auth::session_cookie_name).empty()) {
      refused.headers.emplace_back(
          "set-cookie", auth::cleared_session_cookie(auth::public_url_is_https(services_.config.server.public_url)));
    }
    co_return refused;
  }
  co_return co_await dispatch(request, std::move(*caller));
}

awaitable<std::optional<DashboardApi::Caller>> DashboardApi::authenticate(const HttpRequest& request) {
  auto token = auth::cookie_value(request.header("cookie"), auth::session_cookie_name);
  if (token.empty() || token.size() > 128) co_return std::nullopt;
  auto hash = auth::hash_token(token);
  auto lookup = [hash](storage::Store& s) {
    SessionLookup out;
    out.session = s.web_sessions().find(hash);
    if (out.session) out.user = s.users().get(out.session->user_id);
    return out;
  };
  auto found = co_await services_.store.read(std::move(lookup));
  auto now = services_.clock.now_ms();
  if (!found.session || !found.user || found.user->disabled || !auth::session_is_live(*found.session, now)) {
    co_return std::nullopt;
  }
  auto role = auth::parse_role(found.user->role);
  if (!role) co_return std::nullopt;
  if (now - found.session->last_seen_at >= touch_interval_ms) {
    auto expires = auth::session_expiry(services_.config.auth, found.session->created_at, now);
    auto touch = [hash, now, expires](storage::Store& s) { s.web_sessions().touch(hash, now, expires); };
    co_await services_.store.write(std::move(touch));
    found.session->last_seen_at = now;
    found.session->expires_at = expires;
  }
  co_return Caller{std::move(*found.user), std::move(*found.session), *role};
}

awaitable<HttpResponse> DashboardApi::dispatch(const HttpRequest& request, Caller caller) {
  if (!rates_.allow("api-user:" + std::to_string(caller.user.id), services_.config.rate_limits.api_per_minute)) {
    HttpResponse limited = error_reply(429, "too many requests; wait a moment");
    limited.headers.emplace_back("retry-after", "10");
    co_return limited;
  }
  if (auth::is_state_changing(request.method)) {
    if (!auth::csrf_matches(request, caller.session)) co_return error_reply(403, "missing or wrong X-CSRF-Token");
    if (!request.body.empty() && !has_json_content_type(request)) {
      co_return error_reply(415, "send the body as application/json");
    }
  }
  auto match = router_.match(request.method, request.path());
  if (match.route == nullptr) {
    co_return match.method_not_allowed ? error_reply(405, "method not allowed") : error_reply(404, "no such endpoint");
  }
  if (!allows(caller.role, match.route->permission)) co_return error_reply(403, "your role may not do this");
  ApiCall call{request,
               std::move(caller.user),
               caller.role,
               std::move(caller.session),
               std::move(match.ids),
               services_.clock.now_ms()};
  try {
    auto pending = match.route->handler(call);
    co_return co_await std::move(pending);
  } catch (const std::exception& e) {
    log_error("api", request.method, " ", request.path(), " failed: ", e.what());
    co_return error_reply(500, "something went wrong; nothing was changed");
  }
}

awaitable<HttpResponse> DashboardApi::live_without_upgrade(ApiCall& call) {
  if (!auth::origin_allowed(call.request, services_.config.server.public_url)) {
    co_return error_reply(403, "this page's origin may not open the live connection");
  }
  HttpResponse response = error_reply(426, "open /api/live as a WebSocket");
  response.headers.emplace_back("upgrade", "websocket");
  co_return response;
}

awaitable<bool> DashboardApi::accepts_live(const HttpRequest& request) {
  if (!auth::origin_allowed(request, services_.config.server.public_url)) co_return false;
  auto caller = co_await authenticate(request);
  co_return caller.has_value();
}

awaitable<void> DashboardApi::serve_live(HttpRequest request, std::shared_ptr<WebSocketPeer> peer) {
  auto caller = co_await authenticate(request);
  if (!caller) co_return;
  auto hash = caller->session.token_hash;
  std::vector<std::uint64_t> subscriptions;
  // Students get only what is addressed to them; conversation events name contacts.
  if (caller->role != auth::Role::student) subscriptions.push_back(services_.hub.subscribe("dashboard", peer));
  subscriptions.push_back(services_.hub.subscribe("user:" + std::to_string(caller->user.id), peer));
  {
    std::lock_guard lock(live_mutex_);
    std::erase_if(live_, [](const LivePeer& p) { return p.peer.expired(); });
    live_.push_back(LivePeer{hash, caller->user.id, peer});
  }
  peer->send(nlohmann::json{{"type", "hello"}, {"user_id", caller->user.id}}.dump());
  // The page pings now and then; each ping re-checks the session, so a
  // connection never outlives the session it was opened with.
  while (co_await peer->receive()) {
    if (!co_await authenticate(request)) {
      peer->send(R"({"type":"signed_out"})");
      break;
    }
  }
  for (auto id : subscriptions) services_.hub.unsubscribe(id);
}

void DashboardApi::close_live(const std::string& token_hash, std::int64_t user_id) {
  std::vector<std::shared_ptr<WebSocketPeer>> closing;
  {
    std::lock_guard lock(live_mutex_);
    for (auto& entry : live_) {
      bool match = token_hash.empty() ? entry.user_id == user_id : entry.token_hash == token_hash;
      if (!match) continue;
      if (auto peer = entry.peer.lock()) closing.push_back(std::move(peer));
    }
  }
  for (auto& peer : closing) peer->close(); // the page notices and finds itself signed out
}

} // namespace stoop::api
