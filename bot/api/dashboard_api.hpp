// The dashboard's JSON API under /api/ and its live WebSocket at /api/live.
// Every call but sign-in needs a live session cookie (401 without one); calls
// that change state need the session's CSRF token (403) and a JSON body
// (415); each signed-in user and each address has a rate (429); each route
// needs a permission its caller's role has (403). docs/api.md lists it all.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "bot/api/areas.hpp"
#include "bot/api/router.hpp"

namespace stoop {
class RateLimiter;
class WebSocketPeer;
} // namespace stoop

namespace stoop::api {

class DashboardApi {
 public:
  DashboardApi(ApiServices services, RateLimiter& rates);
  ~DashboardApi();

  awaitable<HttpResponse> handle(HttpRequest request);
  // Whether a WebSocket upgrade to /api/live comes from a signed-in page of ours.
  awaitable<bool> accepts_live(const HttpRequest& request);
  awaitable<void> serve_live(HttpRequest request, std::shared_ptr<WebSocketPeer> peer);

 private:
  struct Caller {
    storage::UserRecord user;
    storage::WebSessionRecord session;
    auth::Role role = auth::Role::student;
  };
  struct LivePeer {
    std::string token_hash;
    std::int64_t user_id = 0;
    std::weak_ptr<WebSocketPeer> peer;
  };

  void add_session_routes();
  awaitable<std::optional<Caller>> authenticate(const HttpRequest& request);
  awaitable<HttpResponse> dispatch(const HttpRequest& request, Caller caller);
  awaitable<HttpResponse> sign_in(const HttpRequest& request);
  awaitable<HttpResponse> refuse_sign_in(std::int64_t user_id, std::string remote_address);
  // Spends the time a real check would, so answers do not reveal which emails exist.
  awaitable<void> pretend_to_check(std::string password);
  awaitable<HttpResponse> current_session(ApiCall& call);
  awaitable<HttpResponse> sign_out(ApiCall& call);
  awaitable<HttpResponse> change_password(ApiCall& call);
  awaitable<HttpResponse> live_without_upgrade(ApiCall& call);
  nlohmann::json session_body(const storage::UserRecord& user, const std::string& csrf_token) const;
  // Closes live connections that match (a signed-out session, a disabled user).
  void close_live(const std::string& token_hash, std::int64_t user_id);

  ApiServices services_;
  RateLimiter& rates_;
  Router router_;
  ConversationApi conversations_;
  ContactApi contacts_;
  WorkApi work_;
  CrisisApi crisis_;
  PeopleApi people_;
  InsightApi insight_;
  std::string dummy_hash_; // only touched on the worker thread
  std::mutex live_mutex_;
  std::vector<LivePeer> live_;
};

} // namespace stoop::api
